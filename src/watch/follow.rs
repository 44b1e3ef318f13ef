//! The cluster reads of a watch, GET only: the workload's pods listed page by page (the list's
//! version is where the watch starts), one watch round from that version, and the pressure
//! conditions of the failing pods' nodes. A 410 Gone (the version expired) or a failed round
//! re-lists, and the state machine compares the fresh list with what the channel was told, so
//! nothing is posted twice.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::WatchEvent;
use tracing::warn;

use super::state::{PodEvent, PodView, Pods};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{ClusterError, ListQuery, ReadOnly};

/// At most this many nodes are read for pressure per round.
pub const MAX_NODES: usize = 10;

/// The pods a watch knows and the version they are current to.
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub pods: Pods,
    pub version: String,
}

/// Lists the pods of `selector` in `namespace`, every page.
pub async fn list(ro: &ReadOnly, namespace: &str, selector: &str) -> Result<Live, ClusterError> {
    let mut query = ListQuery::labels(selector);
    let mut views = Vec::new();
    let mut version = None;
    loop {
        let page = ro.list::<Pod>(Some(namespace), &query).await?;
        version = version.or(page.resource_version);
        views.extend(
            (page.items.into_iter()).filter_map(|p| {
                Some((p.metadata.name.clone()?, PodView::of(&ClusterPod::from(p))))
            }),
        );
        match page.continue_token {
            Some(token) => query.continue_token = Some(token),
            None => break,
        }
    }
    Ok(Live {
        pods: Pods::from_list(views),
        version: version.unwrap_or_default(),
    })
}

/// One watch round from `live`'s version; `None` when the pods must be listed again (410
/// Gone or any other error event, or the stream failed).
pub async fn watch_round(
    ro: &ReadOnly,
    namespace: &str,
    selector: &str,
    mut live: Live,
) -> Option<Live> {
    let events = match ro.watch::<Pod>(namespace, selector, &live.version).await {
        Ok(events) => events,
        Err(e) => {
            warn!(error = %e, namespace, selector, "watch round failed: listing again");
            return None;
        }
    };
    for event in events {
        let (pod, deleted) = match event {
            WatchEvent::Added(p) | WatchEvent::Modified(p) => (p, false),
            WatchEvent::Deleted(p) => (p, true),
            WatchEvent::Bookmark(b) => {
                live.version = b.metadata.resource_version;
                continue;
            }
            WatchEvent::Error(status) => {
                warn!(code = status.code, reason = %status.reason, "watch ended: listing again");
                return None;
            }
        };
        if let Some(v) = pod.metadata.resource_version.clone() {
            live.version = v;
        }
        let Some(name) = pod.metadata.name.clone() else {
            continue;
        };
        live.pods.apply(if deleted {
            PodEvent::Deleted(name)
        } else {
            PodEvent::Upsert(name, PodView::of(&ClusterPod::from(pod)))
        });
    }
    Some(live)
}

/// `NODE CONDITION` for each pressure condition that is true on the failing pods' nodes (at
/// most `MAX_NODES` read); a node that cannot be read is left out.
pub async fn node_pressure(ro: &ReadOnly, pods: &Pods) -> BTreeSet<String> {
    let mut pressure = BTreeSet::new();
    for name in pods.failing_nodes().into_iter().take(MAX_NODES) {
        let node = match ro.get_cluster::<Node>(name).await {
            Ok(Some(node)) => node,
            Ok(None) => continue,
            Err(e) => {
                warn!(error = %e, node = name, "cannot read a watched pod's node");
                continue;
            }
        };
        let conditions = node.status.and_then(|s| s.conditions).unwrap_or_default();
        for c in conditions {
            if c.type_.ends_with("Pressure") && c.status == "True" {
                pressure.insert(format!("{name} {}", c.type_));
            }
        }
    }
    pressure
}
