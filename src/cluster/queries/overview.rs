//! The overview gather: the namespace-wide (or cluster-wide) view of failing pods, Warning
//! events, nodes and node usage.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{Event, Node, Pod};

use super::metrics::node_metrics;
use super::reads::Ctx;
use crate::cluster::client::ListQuery;
use crate::cluster::selection;
use crate::cluster::snapshot::Snapshot;

/// Failing pods of a namespace (or of all), Warning events, nodes and node usage.
pub(super) async fn gather_overview(ctx: &Ctx<'_>, snap: &mut Snapshot, namespace: Option<&str>) {
    let scope = namespace.map_or_else(
        || "all namespaces".to_string(),
        |ns| format!("namespace {ns}"),
    );
    let (pods, events, nodes, node_usage) = tokio::join!(
        ctx.list_in::<Pod>(format!("pods in {scope}"), namespace, ListQuery::default()),
        ctx.list_in::<Event>(
            format!("warning events in {scope}"),
            namespace,
            ListQuery::fields("type=Warning")
        ),
        ctx.list_cluster::<Node>("nodes"),
        node_metrics(ctx),
    );
    // Nodes that run none of the scope's pods are the cluster's business, not this triage's.
    let used: Option<BTreeSet<String>> = pods.as_ref().map(|pods| {
        pods.iter()
            .filter_map(|p| p.spec.as_ref()?.node_name.clone())
            .collect()
    });
    snap.pods = pods
        .unwrap_or_default()
        .into_iter()
        .filter(selection::is_failing)
        .collect();
    snap.events = events.unwrap_or_default();
    (snap.nodes, snap.other_nodes) = nodes.unwrap_or_default().into_iter().partition(|n| {
        used.as_ref()
            .is_none_or(|used| n.metadata.name.as_ref().is_some_and(|x| used.contains(x)))
    });
    snap.node_metrics = node_usage;
}
