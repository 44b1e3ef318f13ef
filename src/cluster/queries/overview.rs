//! The overview gather: the namespace-wide (or cluster-wide) view of failing pods, Warning
//! events, nodes and node usage; and the namespace's failing workloads a workload triage names
//! in its closing line.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{Event, Node, Pod, PodStatus};
use serde::Deserialize;

use super::events::{ArrivedEvent, EventFold};
use super::metrics::node_metrics;
use super::notes::What;
use super::reads::{GatherCtx, SharedParts, SlimPod};
use crate::cluster::client::ListQuery;
use crate::cluster::selection;
use crate::cluster::snapshot::{Kind, PodMeta, Snapshot};

/// Failing pods of a namespace (or of all), Warning events, nodes and node usage.
pub(super) async fn gather_overview(
    ctx: &GatherCtx<'_>,
    snap: &mut Snapshot,
    namespace: Option<&str>,
) {
    let pods_what = What::list(Kind::Pods, namespace);
    let events_what = What::list(Kind::WarningEvents, namespace);
    let mut failing = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut events = EventFold::default();
    let mut shared = SharedParts::default();
    let (pods_read, _, nodes, node_usage) = tokio::join!(
        ctx.fold_as::<Pod, SlimPod>(pods_what, namespace, ListQuery::default(), |p| {
            let p = p.0;
            if let Some(node) = p.spec.as_ref().and_then(|s| s.node_name.as_ref()) {
                used.insert(node.clone());
            }
            if selection::is_failing(p.status.as_ref()) {
                failing.push(shared.share(p));
            }
        }),
        ctx.fold_as::<Event, ArrivedEvent>(
            events_what,
            namespace,
            ListQuery::fields("type=Warning"),
            |e| events.add(e)
        ),
        ctx.list_cluster::<Node>(What::cluster(Kind::Nodes)),
        node_metrics(ctx),
    );
    snap.pods = failing;
    snap.events = events.into_events();
    // Nodes that run none of the scope's pods are the cluster's business, not this triage's.
    (snap.nodes, snap.other_nodes) = nodes.unwrap_or_default().into_iter().partition(|n| {
        pods_read.is_none() || n.metadata.name.as_ref().is_some_and(|x| used.contains(x))
    });
    snap.node_metrics = node_usage;
}

/// Failing pods of a namespace, by workload: `workload → (failing, pending)`. Every page is
/// folded as it arrives; no pod is kept. `None` when the pods could not be read (noted).
pub(super) async fn failing_by_workload(
    ctx: &GatherCtx<'_>,
    ns: &str,
) -> Option<BTreeMap<String, (usize, usize)>> {
    let mut by_workload: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    ctx.fold_as::<Pod, PodHealth>(
        What::list(Kind::Pods, Some(ns)),
        Some(ns),
        ListQuery::default(),
        |p| {
            if selection::is_failing(p.status.as_ref()) {
                let counts = by_workload.entry(workload_of(&p.metadata)).or_default();
                counts.0 += 1;
                if p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending") {
                    counts.1 += 1;
                }
            }
        },
    )
    .await?;
    Some(by_workload)
}

/// What `failing_by_workload` reads of a pod: its metadata and status. Serde skips the rest
/// (the spec, managed fields, annotations) without building it: a namespace's pods are counted
/// here, none is kept.
#[derive(Clone, Debug, Deserialize)]
struct PodHealth {
    #[serde(default)]
    metadata: PodMeta,
    status: Option<PodStatus>,
}

/// The workload a pod belongs to, by name: a ReplicaSet's Deployment (its name without the
/// pod-template-hash), else the controller, else the pod itself.
pub(super) fn workload_of(meta: &PodMeta) -> String {
    let Some(owner) = meta
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
    else {
        return meta.name.clone().unwrap_or_default();
    };
    let hash = meta
        .labels
        .as_ref()
        .and_then(|l| l.get("pod-template-hash"));
    match hash {
        Some(h) if owner.kind == "ReplicaSet" => owner
            .name
            .strip_suffix(&format!("-{h}"))
            .unwrap_or(&owner.name)
            .to_string(),
        _ => owner.name.clone(),
    }
}
