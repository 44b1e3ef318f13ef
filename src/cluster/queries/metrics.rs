//! Usage from metrics.k8s.io: of a workload's pods and their nodes, or of every node.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::Pod;

use super::reads::{Ctx, Skip};
use crate::cluster::client::{ListQuery, MetricsKind};
use crate::cluster::error::ClusterError;
use crate::cluster::snapshot::Usage;
use crate::cluster::usage;

/// metrics.k8s.io usage of the pods and of their nodes; `None` (and a note) when not served.
pub(super) async fn metrics(
    ctx: &Ctx<'_>,
    ns: &str,
    selector: Option<&str>,
    pods: &[Pod],
) -> (Option<Vec<Usage>>, Option<Vec<Usage>>) {
    let Some(selector) = selector.filter(|_| !pods.is_empty()) else {
        return (None, None);
    };
    let pod_query = ListQuery::labels(selector);
    let listed = ctx
        .paginate(pod_query, |q| async move {
            ctx.ro.list_metrics(MetricsKind::Pods, Some(ns), &q).await
        })
        .await;
    let pod_usage = match listed {
        Ok(l) => l
            .items
            .iter()
            .filter_map(usage::pod_usage)
            .collect::<Vec<_>>(),
        Err(skip) => {
            metrics_skipped(ctx, "pod and node usage", skip);
            return (None, None);
        }
    };
    let nodes: BTreeSet<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref()?.node_name.as_deref())
        .collect();
    let node_usage = node_metrics(ctx).await.map(|all| {
        all.into_iter()
            .filter(|u| nodes.contains(u.name.as_str()))
            .collect()
    });
    (Some(pod_usage), node_usage)
}

pub(super) async fn node_metrics(ctx: &Ctx<'_>) -> Option<Vec<Usage>> {
    let listed = ctx
        .paginate(ListQuery::default(), |q| async move {
            ctx.ro.list_metrics(MetricsKind::Nodes, None, &q).await
        })
        .await;
    match listed {
        Ok(l) => Some(l.items.iter().filter_map(usage::node_usage).collect()),
        Err(skip) => {
            metrics_skipped(ctx, "node usage", skip);
            None
        }
    }
}

fn metrics_skipped(ctx: &Ctx<'_>, what: &str, skip: Skip) {
    match skip {
        Skip::Failed(ClusterError::NotFound { .. }) => ctx.note(
            what,
            "metrics.k8s.io is not served (install metrics-server)",
        ),
        Skip::Failed(ClusterError::Api {
            code: 503, message, ..
        }) => ctx.note(
            what,
            format!(
                "metrics.k8s.io is registered but not available (503: {message}): check the \
                 metrics-server pods"
            ),
        ),
        other => ctx.skipped(what, other),
    }
}
