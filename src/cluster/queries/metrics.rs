//! Usage from metrics.k8s.io: of a workload's pods and their nodes, or of every node.

use std::collections::BTreeSet;

use kube::api::DynamicObject;

use super::notes::{What, Why};
use super::reads::{GatherCtx, Skip};
use crate::cluster::client::{ListQuery, MetricsKind};
use crate::cluster::error::ClusterError;
use crate::cluster::snapshot::{ClusterPod, Usage};
use crate::cluster::usage;
use crate::i18n::Msg;

/// metrics.k8s.io usage of the pods and of their nodes; `None` (and a note) when not served.
pub(super) async fn metrics(
    ctx: &GatherCtx<'_>,
    ns: &str,
    selector: Option<&str>,
    pods: &[ClusterPod],
) -> (Option<Vec<Usage>>, Option<Vec<Usage>>) {
    let Some(selector) = selector.filter(|_| !pods.is_empty()) else {
        return (None, None);
    };
    // Node usage only when pod usage is served: where metrics-server is missing, one request
    // says so.
    let pod_usage = usage_list(
        ctx,
        &What::msg(Msg::new("nc-usage")),
        MetricsKind::Pods,
        Some(ns),
        ListQuery::labels(selector),
        usage::pod_usage,
    )
    .await;
    let Some(pod_usage) = pod_usage else {
        return (None, None);
    };
    let node_usage = node_metrics(ctx).await;
    let nodes: BTreeSet<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref()?.node_name.as_deref())
        .collect();
    let node_usage = node_usage.map(|all| {
        all.into_iter()
            .filter(|u| nodes.contains(u.name.as_str()))
            .collect()
    });
    (Some(pod_usage), node_usage)
}

pub(super) async fn node_metrics(ctx: &GatherCtx<'_>) -> Option<Vec<Usage>> {
    usage_list(
        ctx,
        &What::msg(Msg::new("nc-node-usage")),
        MetricsKind::Nodes,
        None,
        ListQuery::default(),
        usage::node_usage,
    )
    .await
}

/// Every page of a metrics list, folded into `Usage` rows.
async fn usage_list(
    ctx: &GatherCtx<'_>,
    what: &What,
    kind: MetricsKind,
    ns: Option<&str>,
    query: ListQuery,
    row: fn(&DynamicObject) -> Option<Usage>,
) -> Option<Vec<Usage>> {
    let mut rows = Vec::new();
    let paged = ctx
        .pages(
            query,
            |q| async move { ctx.ro.list_metrics(kind, ns, &q).await },
            |items: Vec<DynamicObject>| rows.extend(items.iter().filter_map(row)),
        )
        .await;
    match paged {
        Err(skip) => {
            metrics_skipped(ctx, what, skip);
            None
        }
        read => {
            ctx.finish(what, read);
            Some(rows)
        }
    }
}

fn metrics_skipped(ctx: &GatherCtx<'_>, what: &What, skip: Skip) {
    match skip {
        Skip::Failed(ClusterError::NotServed { .. }) => ctx.note(
            what,
            Why::new(
                Msg::new("nc-why-metrics-not-served"),
                Msg::new("verdict-short-metrics-not-served"),
            ),
        ),
        Skip::Failed(ClusterError::Api {
            code: 503, message, ..
        }) => ctx.note(
            what,
            Why::new(
                Msg::new("nc-why-metrics-unavailable").arg("message", message),
                Msg::new("verdict-short-metrics-unavailable"),
            ),
        ),
        other => ctx.skipped(what, other),
    }
}
