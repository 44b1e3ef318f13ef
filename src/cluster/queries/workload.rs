//! The workload gather: from the resolved pods to everything they touch (events, nodes, storage,
//! network policies, Services and their endpoints, controllers), then logs, dependencies and
//! usage, read concurrently where they do not depend on each other, and scoped to the workload.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Debug;
use std::sync::OnceLock;

use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Event, Node, PersistentVolume, PersistentVolumeClaim, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use serde::de::DeserializeOwned;

use super::breadth::{self, Lists};
use super::depends_on::dependencies;
use super::events::{ArrivedEvent, EventFold};
use super::logs::representative_logs;
use super::metrics::metrics;
use super::notes::What;
use super::overview::{failing_by_workload, workload_of_pod};
use super::reads::{GatherCtx, Skip};
use super::resolve::{found_in, resolve};
use crate::cluster::ClusterEvent;
use crate::cluster::client::ListQuery;
use crate::cluster::selection;
use crate::cluster::snapshot::{ClusterPod, Elsewhere, Kind, Snapshot};
use crate::i18n::Msg;

/// The label EndpointSlices carry to name their Service.
const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// The workload gather. Three chains of reads start at once: the namespace's events, its pods
/// (counted by workload for "Elsewhere"), and the workload's own reads in two rounds:
/// resolution (with the NetworkPolicies), then everything the pods lead to at once, with the
/// breadth lists; the dependencies follow the logs within the second round. Only what the
/// workload touches is kept: its pods, their owners, nodes, claims and volumes, the policies
/// and Services that select it, the Services it names, and the events about those; the rest of
/// the namespace is counted into `Snapshot::elsewhere`. Returns the breadth lists, or why they
/// were not read: resolution found the cluster unreadable.
pub(super) async fn gather_workload(
    ctx: &GatherCtx<'_>,
    snap: &mut Snapshot,
    ns: &str,
    name: &str,
) -> Result<Lists, Skip> {
    // The events are read from the start, before the pods they must be about are known: until
    // resolution names the pods, every event is kept; then the events about other pods go,
    // those kept so far at once and the rest as they arrive. Events about other kinds wait
    // until the owners and claims are known (there are few of them).
    let pod_names: OnceLock<HashSet<String>> = OnceLock::new();
    let mut events = EventFold::default();
    let mut narrowed = false;
    let events_read = ctx.fold_as::<Event, ArrivedEvent>(
        What::list(Kind::Events, Some(ns)),
        Some(ns),
        ListQuery::default(),
        |e| match pod_names.get() {
            None => events.add(e),
            Some(names) => {
                if !narrowed {
                    events.retain(|kept| !about_another_pod(kept, names));
                    narrowed = true;
                }
                if !about_another_pod(&e.event, names) {
                    events.add(e);
                }
            }
        },
    );
    let (_, namespace_failures, lists) = tokio::join!(
        events_read,
        failing_by_workload(ctx, ns),
        // On the heap: the three reads' states side by side overflow a debug build's stack.
        Box::pin(workload_reads(ctx, snap, ns, name, &pod_names)),
    );

    let involved = involved_objects(snap);
    events.retain(|e| {
        let o = &e.involved_object;
        let kind = o.kind.as_deref().unwrap_or_default();
        let name = o.name.as_deref().unwrap_or_default();
        involved.contains(&(kind, name))
    });
    snap.events = events.into_events();
    snap.elsewhere = namespace_failures.map(|all| elsewhere(all, &snap.pods, ns, name));
    lists
}

/// Whether an event is about a pod other than those named.
fn about_another_pod(e: &ClusterEvent, pods: &HashSet<String>) -> bool {
    let o = &e.involved_object;
    o.kind.as_deref() == Some("Pod") && o.name.as_deref().is_none_or(|n| !pods.contains(n))
}

/// The workload's own reads, in two rounds (see `gather_workload`): everything but the events
/// and the namespace's other pods. `pod_names` is set as soon as resolution has found the pods.
async fn workload_reads(
    ctx: &GatherCtx<'_>,
    snap: &mut Snapshot,
    ns: &str,
    name: &str,
    pod_names: &OnceLock<HashSet<String>>,
) -> Result<Lists, Skip> {
    let (resolution, network_policies) = tokio::join!(
        resolve(ctx, ns, name),
        ctx.list_in::<NetworkPolicy>(
            What::list(Kind::NetworkPolicies, Some(ns)),
            Some(ns),
            ListQuery::from_cache()
        ),
    );
    let pods = resolution.pods;
    let selector = resolution.selector;
    snap.pods_unread = resolution.pods_unread;
    let names = pods.iter().filter_map(|p| p.metadata.name.clone());
    // Set only here: the events' fold reads it, nothing else writes it.
    let _ = pod_names.set(names.collect());
    if pods.is_empty() && selector.is_none() && !snap.pods_unread {
        snap.found_in = found_in(ctx, ns, name).await;
    }

    let workload_services = services_of(resolution.services, &pods, name);
    let service_names: Vec<String> = workload_services
        .iter()
        .filter_map(|s| s.metadata.name.clone())
        .collect();

    let logs_then_dependencies = async {
        let logs = representative_logs(ctx, &pods).await;
        let deps = dependencies(ctx, ns, name, &logs, &workload_services, &pods).await;
        (logs, deps)
    };
    // The breadth lists need nothing from the pods: they are read with the pods' own reads,
    // unless resolution found the cluster unreadable.
    let breadth_read = async {
        match ctx.halted() {
            Ok(()) => Ok(breadth::read(ctx, Some(ns), false).await),
            Err(skip) => Err(skip),
        }
    };
    let (nodes, storage, endpoint_slices, controllers, (logs, deps), usage, lists) = tokio::join!(
        pod_nodes(ctx, &pods),
        storage(ctx, ns, &pods),
        endpoint_slices(ctx, ns, &service_names),
        controllers(
            ctx,
            ns,
            selector.as_deref(),
            &pods,
            resolution.deployment,
            resolution.stateful_set
        ),
        logs_then_dependencies,
        metrics(ctx, ns, selector.as_deref(), &pods),
        breadth_read,
    );
    snap.nodes = nodes;
    (snap.pvcs, snap.pvs) = storage;
    snap.network_policies = policies_of(network_policies.unwrap_or_default(), &pods, name);
    snap.endpoint_slices = endpoint_slices;
    (snap.replica_sets, snap.deployments, snap.stateful_sets) = controllers;
    snap.services = workload_services;
    snap.logs = logs;
    let (dep_services, dep_slices) = deps;
    snap.services.extend(dep_services);
    snap.endpoint_slices.extend(dep_slices);
    (snap.pod_metrics, snap.node_metrics) = usage;
    snap.pods = pods;
    lists
}

/// The Service of the workload's name, and every Service selecting its pods.
fn services_of(services: Vec<Service>, pods: &[ClusterPod], name: &str) -> Vec<Service> {
    services
        .into_iter()
        .filter(|s| {
            s.metadata.name.as_deref() == Some(name)
                || s.spec
                    .as_ref()
                    .and_then(|spec| spec.selector.as_ref())
                    .is_some_and(|sel| {
                        pods.iter()
                            .any(|p| selection::selects(sel, p.metadata.labels.as_deref()))
                    })
        })
        .collect()
}

/// The NetworkPolicies that select any of the pods. No podSelector is the empty one: every pod
/// of the namespace. The policy of the workload's own name is kept even when it selects none
/// of its pods (breadth asks whether it selects any pod at all).
fn policies_of(
    policies: Vec<NetworkPolicy>,
    pods: &[ClusterPod],
    name: &str,
) -> Vec<NetworkPolicy> {
    policies
        .into_iter()
        .filter(|np| {
            let selector = np.spec.as_ref().and_then(|spec| spec.pod_selector.as_ref());
            np.metadata.name.as_deref() == Some(name)
                || pods.iter().any(|p| {
                    selector.is_none_or(|sel| selection::matches(sel, p.metadata.labels.as_deref()))
                })
        })
        .collect()
}

/// The namespace's failing workloads other than this one (`failing_by_workload`'s counts).
fn elsewhere(
    failing: BTreeMap<String, (usize, usize)>,
    pods: &[ClusterPod],
    ns: &str,
    name: &str,
) -> Elsewhere {
    let ours: BTreeSet<String> = pods.iter().map(|p| workload_of_pod(&p.metadata)).collect();
    let others: Vec<(String, (usize, usize))> = failing
        .into_iter()
        .filter(|(w, _)| w != name && !ours.contains(w))
        .collect();
    Elsewhere {
        namespace: ns.to_string(),
        failing_pods: others.iter().map(|(_, (f, _))| f).sum(),
        pending_pods: others.iter().map(|(_, (_, p))| p).sum(),
        failing_workloads: others.into_iter().map(|(w, _)| w).collect(),
    }
}

/// The objects the workload's events may be about: its pods, owners, claims, volumes and
/// Services, as `(kind, name)`.
fn involved_objects<'a>(snap: &'a Snapshot) -> HashSet<(&'a str, &'a str)> {
    let mut involved = HashSet::new();
    let pods = &snap.pods;
    involved.extend(
        pods.iter()
            .filter_map(|p| p.metadata.name.as_deref().map(|name| ("Pod", name))),
    );
    let owners = pods
        .iter()
        .flat_map(|p| p.metadata.owner_references.iter().flatten())
        .chain(
            snap.replica_sets
                .iter()
                .flat_map(|rs| rs.metadata.owner_references.iter().flatten()),
        );
    for o in owners {
        involved.insert((o.kind.as_str(), o.name.as_str()));
    }
    let named =
        |kind: &'static str, meta: &'a ObjectMeta| meta.name.as_deref().map(|name| (kind, name));
    involved.extend(
        snap.replica_sets
            .iter()
            .filter_map(|o| named("ReplicaSet", &o.metadata)),
    );
    involved.extend(
        snap.deployments
            .iter()
            .filter_map(|o| named("Deployment", &o.metadata)),
    );
    involved.extend(
        snap.stateful_sets
            .iter()
            .filter_map(|o| named("StatefulSet", &o.metadata)),
    );
    involved.extend(
        snap.pvcs
            .iter()
            .filter_map(|o| named("PersistentVolumeClaim", &o.metadata)),
    );
    involved.extend(
        snap.pvs
            .iter()
            .filter_map(|o| named("PersistentVolume", &o.metadata)),
    );
    for s in &snap.services {
        involved.extend(named("Service", &s.metadata));
        involved.extend(named("Endpoints", &s.metadata));
    }
    involved
}

/// The nodes the pods run on (one list of nodes, filtered).
async fn pod_nodes(ctx: &GatherCtx<'_>, pods: &[ClusterPod]) -> Vec<Node> {
    let wanted: BTreeSet<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref()?.node_name.as_deref())
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let nodes: Vec<Node> = ctx
        .list_cluster(What::cluster(Kind::Nodes))
        .await
        .unwrap_or_default();
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
    ctx: &GatherCtx<'_>,
    ns: &str,
    pods: &[ClusterPod],
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
            What::list(Kind::PersistentVolumeClaims, Some(ns)),
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
        .list_cluster::<PersistentVolume>(What::cluster(Kind::PersistentVolumes))
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
    ctx: &GatherCtx<'_>,
    ns: &str,
    services: &[String],
) -> Vec<EndpointSlice> {
    if services.is_empty() {
        return Vec::new();
    }
    let selector = format!("{SERVICE_NAME_LABEL} in ({})", services.join(","));
    ctx.list_in(
        What::scoped(
            Msg::new("nc-endpoint-slices-of").arg("services", services.join(", ")),
            Some(ns),
        )
        .of_kind(Kind::EndpointSlices),
        Some(ns),
        ListQuery::labels(selector),
    )
    .await
    .unwrap_or_default()
}

/// The controllers of the pods: their ReplicaSets (all revisions, by selector) with the owning
/// Deployments, and their StatefulSets. Reuses what `resolve` already read.
async fn controllers(
    ctx: &GatherCtx<'_>,
    ns: &str,
    selector: Option<&str>,
    pods: &[ClusterPod],
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
                What::list(Kind::ReplicaSets, Some(ns)).detail(sel),
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
    ctx: &GatherCtx<'_>,
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
                .get_in::<K>(What::object(kind, ns, &name), ns, &name)
                .await
        {
            have.push(obj);
        }
    }
}
