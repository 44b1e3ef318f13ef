//! The overview gather: the namespace-wide (or cluster-wide) view of failing pods, Warning
//! events, nodes and node usage; and the namespace's failing workloads a workload triage names
//! in its closing line.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{ContainerState, Event, Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
use serde::Deserialize;

use super::events::{ArrivedEvent, EventFold};
use super::metrics::node_metrics;
use super::notes::What;
use super::reads::{GatherCtx, SharedParts, SlimPod};
use crate::cluster::client::ListQuery;
use crate::cluster::selection::{self, ContainerHealth};
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
            if p.is_failing() {
                let counts = by_workload.entry(p.workload()).or_default();
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

/// What `failing_by_workload` reads of a pod: its name, controller and template hash, its phase
/// and its containers' states. Serde skips the rest (the spec, conditions, addresses, images,
/// last states, the other labels and annotations) without building it: a namespace's pods are
/// counted here, none is kept.
#[derive(Clone, Debug, Deserialize)]
struct PodHealth {
    #[serde(default)]
    metadata: HealthMeta,
    status: Option<HealthStatus>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HealthMeta {
    name: Option<String>,
    labels: Option<TemplateHash>,
    owner_references: Option<Vec<OwnerReference>>,
}

/// Of a pod's labels, the one `workload_of` reads.
#[derive(Clone, Debug, Default, Deserialize)]
struct TemplateHash {
    #[serde(rename = "pod-template-hash")]
    hash: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HealthStatus {
    phase: Option<String>,
    init_container_statuses: Option<Vec<SlimContainerStatus>>,
    container_statuses: Option<Vec<SlimContainerStatus>>,
}

/// Of a container's status, its state and readiness.
#[derive(Clone, Debug, Deserialize)]
struct SlimContainerStatus {
    #[serde(default)]
    ready: bool,
    state: Option<ContainerState>,
}

impl ContainerHealth for SlimContainerStatus {
    fn state(&self) -> Option<&ContainerState> {
        self.state.as_ref()
    }
    fn ready(&self) -> bool {
        self.ready
    }
}

impl PodHealth {
    /// `selection::is_failing` of the pod.
    fn is_failing(&self) -> bool {
        self.status.as_ref().is_none_or(|s| {
            selection::failing_by_state(
                s.phase.as_deref(),
                s.init_container_statuses.as_deref(),
                s.container_statuses.as_deref(),
            )
        })
    }

    fn workload(&self) -> String {
        let m = &self.metadata;
        let hash = m.labels.as_ref().and_then(|l| l.hash.as_deref());
        workload_of(m.name.as_deref(), m.owner_references.as_deref(), hash)
    }
}

/// `workload_of` a kept pod.
pub(super) fn workload_of_pod(meta: &PodMeta) -> String {
    let hash = meta
        .labels
        .as_ref()
        .and_then(|l| l.get("pod-template-hash"));
    workload_of(
        meta.name.as_deref(),
        meta.owner_references.as_deref(),
        hash.map(String::as_str),
    )
}

/// The workload a pod belongs to, by name: a ReplicaSet's Deployment (its name without the
/// pod-template-hash), else the controller, else the pod itself.
fn workload_of(
    name: Option<&str>,
    owners: Option<&[OwnerReference]>,
    template_hash: Option<&str>,
) -> String {
    let Some(owner) = owners
        .into_iter()
        .flatten()
        .find(|o| o.controller == Some(true))
    else {
        return name.unwrap_or_default().to_string();
    };
    match template_hash {
        Some(h) if owner.kind == "ReplicaSet" => owner
            .name
            .strip_suffix(&format!("-{h}"))
            .unwrap_or(&owner.name)
            .to_string(),
        _ => owner.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slim decoder counts what the whole pod says, for every pod of a real API server's
    /// list (the seed's, all crash-looping) and of a generated one (ready, crash-looping and
    /// pending pods).
    #[test]
    fn pods_count_as_their_whole_objects_say() {
        use crate::demo::scenario::{FailureMode, ScenarioBuilder};
        #[derive(Deserialize)]
        struct List<T> {
            items: Vec<T>,
        }
        let generated = ScenarioBuilder::new()
            .namespace("payments")
            .workload("web", 3, FailureMode::Healthy)
            .workload("worker", 2, FailureMode::Exit(1))
            .workload("batch", 2, FailureMode::ImagePullBackOff)
            .objects()
            .unwrap();
        let generated = serde_json::json!({ "items": generated.pods }).to_string();
        let mut verdicts = Vec::new();
        for body in [include_str!("../../demo/seed/pods.json"), &generated] {
            let full: List<Pod> = serde_json::from_str(body).unwrap();
            let slim: List<PodHealth> = serde_json::from_str(body).unwrap();
            assert_eq!(full.items.len(), slim.items.len());
            for (f, h) in full.items.into_iter().zip(&slim.items) {
                assert_eq!(h.is_failing(), selection::is_failing(f.status.as_ref()));
                let whole = workload_of_pod(&PodMeta::from(f.metadata));
                assert_eq!(h.workload(), whole);
                let pending = h.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending");
                verdicts.push((whole, h.is_failing(), pending));
            }
        }
        let count = |w: &str, failing: bool, pending: bool| {
            verdicts
                .iter()
                .filter(|v| **v == (w.to_string(), failing, pending))
                .count()
        };
        assert_eq!(count("payment-service", true, false), 15);
        assert_eq!(count("web", false, false), 3);
        assert_eq!(count("worker", true, false), 2);
        assert_eq!(count("batch", true, true), 2);
    }
}
