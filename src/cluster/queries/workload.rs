//! The workload gather: from the resolved pods to everything they touch (events, nodes, storage,
//! network policies, Services and their endpoints, controllers), then logs, dependencies and
//! usage, read concurrently where they do not depend on each other.

use std::collections::BTreeSet;
use std::fmt::Debug;

use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    Event, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::NetworkPolicy;
use kube::Resource;
use serde::de::DeserializeOwned;

use super::depends_on::dependencies;
use super::logs::representative_logs;
use super::metrics::metrics;
use super::reads::Ctx;
use super::resolve::resolve;
use crate::cluster::client::ListQuery;
use crate::cluster::selection;
use crate::cluster::snapshot::Snapshot;

/// The label EndpointSlices carry to name their Service.
const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

pub(super) async fn gather_workload(ctx: &Ctx<'_>, snap: &mut Snapshot, ns: &str, name: &str) {
    let services: Vec<Service> = ctx
        .list_in(
            format!("services in namespace {ns}"),
            Some(ns),
            ListQuery::default(),
        )
        .await
        .unwrap_or_default();
    let resolution = resolve(ctx, ns, name, &services).await;
    let pods = resolution.pods;
    let selector = resolution.selector;

    // The Service of that name, and every Service selecting the workload's pods.
    let workload_services: Vec<Service> = services
        .into_iter()
        .filter(|s| {
            s.metadata.name.as_deref() == Some(name)
                || s.spec
                    .as_ref()
                    .and_then(|spec| spec.selector.as_ref())
                    .is_some_and(|sel| {
                        pods.iter()
                            .any(|p| selection::selects(sel, p.metadata.labels.as_ref()))
                    })
        })
        .collect();
    let service_names: Vec<String> = workload_services
        .iter()
        .filter_map(|s| s.metadata.name.clone())
        .collect();

    let (events, nodes, storage, network_policies, endpoint_slices, controllers, logs) = tokio::join!(
        ctx.list_in::<Event>(
            format!("events in namespace {ns}"),
            Some(ns),
            ListQuery::default()
        ),
        pod_nodes(ctx, &pods),
        storage(ctx, ns, &pods),
        ctx.list_in::<NetworkPolicy>(
            format!("network policies in namespace {ns}"),
            Some(ns),
            ListQuery::default()
        ),
        endpoint_slices(ctx, ns, &service_names),
        controllers(
            ctx,
            ns,
            selector.as_deref(),
            &pods,
            resolution.deployment,
            resolution.stateful_set
        ),
        representative_logs(ctx, &pods),
    );
    snap.events = events.unwrap_or_default();
    snap.nodes = nodes;
    (snap.pvcs, snap.pvs) = storage;
    snap.network_policies = network_policies.unwrap_or_default();
    snap.endpoint_slices = endpoint_slices;
    (snap.replica_sets, snap.deployments, snap.stateful_sets) = controllers;
    snap.services = workload_services;
    snap.logs = logs;

    let (dep_services, dep_slices) = dependencies(ctx, ns, name, snap, &pods).await;
    snap.services.extend(dep_services);
    snap.endpoint_slices.extend(dep_slices);

    (snap.pod_metrics, snap.node_metrics) = metrics(ctx, ns, selector.as_deref(), &pods).await;
    snap.pods = pods;
}

/// The nodes the pods run on (one list of nodes, filtered).
async fn pod_nodes(ctx: &Ctx<'_>, pods: &[Pod]) -> Vec<Node> {
    let wanted: BTreeSet<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref()?.node_name.as_deref())
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let nodes: Vec<Node> = ctx.list_cluster("nodes").await.unwrap_or_default();
    nodes
        .into_iter()
        .filter(|n| {
            n.metadata
                .name
                .as_deref()
                .is_some_and(|name| wanted.contains(name))
        })
        .collect()
}

/// The PersistentVolumeClaims the pods mount, and the PersistentVolumes bound to them.
async fn storage(
    ctx: &Ctx<'_>,
    ns: &str,
    pods: &[Pod],
) -> (Vec<PersistentVolumeClaim>, Vec<PersistentVolume>) {
    let claims: BTreeSet<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref())
        .flat_map(|s| s.volumes.iter().flatten())
        .filter_map(|v| Some(v.persistent_volume_claim.as_ref()?.claim_name.as_str()))
        .collect();
    if claims.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let pvcs: Vec<PersistentVolumeClaim> = ctx
        .list_in::<PersistentVolumeClaim>(
            format!("persistent volume claims in namespace {ns}"),
            Some(ns),
            ListQuery::default(),
        )
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|c| {
            c.metadata
                .name
                .as_deref()
                .is_some_and(|n| claims.contains(n))
        })
        .collect();
    let volumes: BTreeSet<&str> = pvcs
        .iter()
        .filter_map(|c| c.spec.as_ref()?.volume_name.as_deref())
        .collect();
    if volumes.is_empty() {
        return (pvcs, Vec::new());
    }
    let pvs: Vec<PersistentVolume> = ctx
        .list_cluster::<PersistentVolume>("persistent volumes")
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|v| {
            v.metadata
                .name
                .as_deref()
                .is_some_and(|n| volumes.contains(n))
        })
        .collect();
    (pvcs, pvs)
}

/// The EndpointSlices of the named Services of one namespace.
pub(super) async fn endpoint_slices(
    ctx: &Ctx<'_>,
    ns: &str,
    services: &[String],
) -> Vec<EndpointSlice> {
    if services.is_empty() {
        return Vec::new();
    }
    let selector = format!("{SERVICE_NAME_LABEL} in ({})", services.join(","));
    ctx.list_in(
        format!(
            "endpoint slices of {} in namespace {ns}",
            services.join(", ")
        ),
        Some(ns),
        ListQuery::labels(selector),
    )
    .await
    .unwrap_or_default()
}

/// The controllers of the pods: their ReplicaSets (all revisions, by selector) with the owning
/// Deployments, and their StatefulSets. Reuses what `resolve` already read.
async fn controllers(
    ctx: &Ctx<'_>,
    ns: &str,
    selector: Option<&str>,
    pods: &[Pod],
    deployment: Option<Deployment>,
    stateful_set: Option<StatefulSet>,
) -> (Vec<ReplicaSet>, Vec<Deployment>, Vec<StatefulSet>) {
    let owners = |kind: &str| -> BTreeSet<String> {
        pods.iter()
            .flat_map(|p| p.metadata.owner_references.iter().flatten())
            .filter(|o| o.kind == kind && o.controller == Some(true))
            .map(|o| o.name.clone())
            .collect()
    };
    let owned_by_rs = !owners("ReplicaSet").is_empty() || deployment.is_some();
    let replica_sets: Vec<ReplicaSet> = match selector {
        Some(sel) if owned_by_rs => ctx
            .list_in(
                format!("replica sets in namespace {ns} ({sel})"),
                Some(ns),
                ListQuery::labels(sel),
            )
            .await
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut deployments: Vec<Deployment> = deployment.into_iter().collect();
    let deployment_names: BTreeSet<String> = replica_sets
        .iter()
        .flat_map(|rs| rs.metadata.owner_references.iter().flatten())
        .filter(|o| o.kind == "Deployment" && o.controller == Some(true))
        .map(|o| o.name.clone())
        .collect();
    add_missing(ctx, ns, "Deployment", &mut deployments, deployment_names).await;
    let mut stateful_sets: Vec<StatefulSet> = stateful_set.into_iter().collect();
    add_missing(
        ctx,
        ns,
        "StatefulSet",
        &mut stateful_sets,
        owners("StatefulSet"),
    )
    .await;
    (replica_sets, deployments, stateful_sets)
}

/// Reads, one by one, the controllers named in `names` that `have` does not hold yet.
async fn add_missing<K>(
    ctx: &Ctx<'_>,
    ns: &str,
    kind: &str,
    have: &mut Vec<K>,
    names: impl IntoIterator<Item = String>,
) where
    K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
    K: Clone + DeserializeOwned + Debug,
{
    for name in names {
        if have.iter().all(|k| k.meta().name.as_ref() != Some(&name))
            && let Some(Some(obj)) = ctx
                .get_in::<K>(&format!("{kind} {name} in namespace {ns}"), ns, &name)
                .await
        {
            have.push(obj);
        }
    }
}
