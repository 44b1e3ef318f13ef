//! The reads behind `/triage`, `/logs` and autocomplete: `gather` fills a `Snapshot` within a
//! fixed request budget, turning every failure into a "not checked" line; `pod_log` and
//! `workload_names` answer one question each.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use chrono::Utc;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    Event, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::Resource;
use serde::de::DeserializeOwned;

use super::client::{ListQuery, LogQuery, MetricsKind, Page, ReadOnly};
use super::dependencies::{DependencyFinder, ServiceRef};
use super::error::ClusterError;
use super::names;
use super::selection::{self, LogPick};
use super::snapshot::{NotChecked, PodLog, Snapshot, Target, Usage};
use super::usage;

/// At most this many list/get requests per `gather`, whatever the pod count (pages included).
pub const REQUEST_BUDGET: usize = 12;
/// At most this many objects of one kind per `gather`: the rest of a bigger list is a "not
/// checked" line, so one huge list can neither starve the other reads of the request budget
/// nor hold more memory than a triage needs.
pub const MAX_ITEMS_PER_LIST: usize = 2000;
/// At most this many log requests per `gather`: one per failure group.
pub const MAX_LOG_CALLS: usize = 4;
/// Lines of each log `gather` reads.
pub const LOG_TAIL_LINES: u32 = 200;
/// Bytes of each log read, at most.
pub const LOG_LIMIT_BYTES: u32 = 64 * 1024;
/// Largest `tail` accepted by `pod_log`.
pub const MAX_TAIL_LINES: u32 = 5000;
/// Most names `workload_names` returns (Discord's autocomplete limit).
pub const MAX_SUGGESTIONS: usize = 25;
/// Dependencies (Services named in logs or env) looked up per `gather`, at most.
const MAX_DEPENDENCIES: usize = 3;
/// Where a workload is looked for when no namespace is given.
const DEFAULT_NAMESPACE: &str = "default";
/// The label EndpointSlices carry to name their Service.
const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// Reads what `target` needs into a `Snapshot`. `Err` only for invalid input, refused before any
/// request; anything the cluster does not answer becomes a `NotChecked` line. A workload is
/// looked for in `namespace` (default `"default"`); an overview covers `namespace` or, when
/// `None`, all namespaces.
pub async fn gather(
    ro: &ReadOnly,
    cluster_name: &str,
    target: &Target,
    namespace: Option<&str>,
) -> Result<Snapshot, ClusterError> {
    if let Some(ns) = namespace {
        names::validate_namespace(ns)?;
    }
    if let Target::Workload { name } = target {
        names::validate_workload_name(name)?;
    }
    let ctx = Ctx::new(ro);
    let mut snap = Snapshot {
        cluster: cluster_name.to_string(),
        target: Some(target.clone()),
        taken_at: Some(Utc::now()),
        ..Snapshot::default()
    };
    match target {
        Target::Workload { name } => {
            let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
            snap.namespace = Some(ns.to_string());
            gather_workload(&ctx, &mut snap, ns, name).await;
        }
        Target::Overview => {
            snap.namespace = namespace.map(str::to_string);
            gather_overview(&ctx, &mut snap, namespace).await;
        }
    }
    snap.not_checked = ctx.take_notes();
    Ok(snap)
}

/// Why a read did not happen.
enum Skip {
    Failed(ClusterError),
    Budget,
    /// An earlier request showed the cluster cannot be read at all.
    Halted(String),
}

impl Skip {
    fn why(&self) -> String {
        match self {
            Skip::Failed(e) => e.to_string(),
            Skip::Budget => format!(
                "skipped: this triage's budget of {REQUEST_BUDGET} API requests was used up \
                 (triage a narrower target, or read it with kubectl)"
            ),
            Skip::Halted(cause) => format!("skipped: {cause}"),
        }
    }
}

/// The request budget of one `gather`, and whether the cluster stopped answering.
struct Budget {
    left: AtomicUsize,
    halted: Mutex<Option<String>>,
}

impl Budget {
    fn halted(&self) -> Result<(), Skip> {
        match &*self.halted.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(cause) => Err(Skip::Halted(cause.clone())),
            None => Ok(()),
        }
    }

    /// Takes one request from the budget.
    fn take(&self) -> Result<(), Skip> {
        self.halted()?;
        self.left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .map(drop)
            .map_err(|_| Skip::Budget)
    }

    fn left(&self) -> usize {
        self.left.load(Ordering::SeqCst)
    }

    fn halt(&self, cause: &ClusterError) {
        let short = match cause {
            ClusterError::Timeout { .. } => "the API server did not answer in time",
            ClusterError::Unauthorized => "the API server rejected warroom's credentials",
            _ => "the API server is unreachable",
        };
        let mut halted = self.halted.lock().unwrap_or_else(PoisonError::into_inner);
        halted.get_or_insert_with(|| short.to_string());
    }
}

/// Why a list was not read to its end.
enum Cut {
    /// The request budget ran out.
    Budget,
    /// `MAX_ITEMS_PER_LIST` was reached.
    Cap,
}

/// A list, and whether every page of it was read.
struct Listed<K> {
    items: Vec<K>,
    /// Why the list stopped before its end, if it did.
    cut: Option<Cut>,
}

/// Shared state of one `gather`: the handle, the budget and the "not checked" lines.
struct Ctx<'a> {
    ro: &'a ReadOnly,
    budget: Budget,
    notes: Mutex<Vec<NotChecked>>,
}

impl<'a> Ctx<'a> {
    fn new(ro: &'a ReadOnly) -> Self {
        Ctx {
            ro,
            budget: Budget {
                left: AtomicUsize::new(REQUEST_BUDGET),
                halted: Mutex::new(None),
            },
            notes: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, what: impl Into<String>, why: impl Into<String>) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(NotChecked {
                what: what.into(),
                why: why.into(),
            });
    }

    fn skipped(&self, what: &str, skip: Skip) {
        if let Skip::Failed(e) = &skip
            && e.is_cluster_wide()
        {
            self.budget.halt(e);
        }
        self.note(what, skip.why());
    }

    fn take_notes(&self) -> Vec<NotChecked> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Follows `continue` tokens, one budget request per page.
    async fn paginate<K, F, Fut>(&self, first: ListQuery, fetch: F) -> Result<Listed<K>, Skip>
    where
        F: Fn(ListQuery) -> Fut,
        Fut: Future<Output = Result<Page<K>, ClusterError>>,
    {
        let mut query = first;
        let mut items = Vec::new();
        loop {
            if let Err(skip) = self.budget.take() {
                return match query.continue_token {
                    None => Err(skip),
                    Some(_) => Ok(Listed {
                        items,
                        cut: Some(Cut::Budget),
                    }),
                };
            }
            let page = fetch(query.clone()).await.map_err(Skip::Failed)?;
            items.extend(page.items);
            match page.continue_token {
                Some(_) if items.len() >= MAX_ITEMS_PER_LIST => {
                    return Ok(Listed {
                        items,
                        cut: Some(Cut::Cap),
                    });
                }
                Some(token) => query.continue_token = Some(token),
                None => {
                    return Ok(Listed { items, cut: None });
                }
            }
        }
    }

    /// The items of a list, noting a failure or a list cut short.
    fn keep<K>(&self, what: &str, listed: Result<Listed<K>, Skip>) -> Option<Vec<K>> {
        match listed {
            Ok(l) => {
                let why = match l.cut {
                    None => None,
                    Some(Cut::Budget) => Some(Skip::Budget.why()),
                    Some(Cut::Cap) => Some(format!(
                        "a triage reads at most {MAX_ITEMS_PER_LIST} of each kind; narrow it \
                         with a namespace or a workload"
                    )),
                };
                if let Some(why) = why {
                    self.note(
                        format!("the rest of {what}"),
                        format!("{why} (read the first {})", l.items.len()),
                    );
                }
                Some(l.items)
            }
            Err(skip) => {
                self.skipped(what, skip);
                None
            }
        }
    }

    async fn list_in<K>(
        &self,
        what: String,
        namespace: Option<&str>,
        query: ListQuery,
    ) -> Option<Vec<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let listed = self
            .paginate(
                query,
                |q| async move { self.ro.list::<K>(namespace, &q).await },
            )
            .await;
        self.keep(&what, listed)
    }

    async fn list_cluster<K>(&self, what: &str) -> Option<Vec<K>>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let listed = self
            .paginate(ListQuery::default(), |q| async move {
                self.ro.list_cluster::<K>(&q).await
            })
            .await;
        self.keep(what, listed)
    }

    /// `Some(None)`: the object does not exist; `None`: it could not be read (noted).
    async fn get_in<K>(&self, what: &str, namespace: &str, name: &str) -> Option<Option<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let result = match self.budget.take() {
            Ok(()) => self
                .ro
                .get::<K>(namespace, name)
                .await
                .map_err(Skip::Failed),
            Err(skip) => Err(skip),
        };
        match result {
            Ok(obj) => Some(obj),
            Err(skip) => {
                self.skipped(what, skip);
                None
            }
        }
    }
}

/// How a workload name was resolved to pods.
#[derive(Default)]
struct Resolution {
    /// The label selector that found the pods (or the controller's, if it has none).
    selector: Option<String>,
    pods: Vec<Pod>,
    deployment: Option<Deployment>,
    stateful_set: Option<StatefulSet>,
}

async fn gather_workload(ctx: &Ctx<'_>, snap: &mut Snapshot, ns: &str, name: &str) {
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

/// Name → pods: the selector of the Service of that name, else `app=NAME`, else
/// `app.kubernetes.io/name=NAME`, else the selector of a Deployment or StatefulSet of that name.
async fn resolve(ctx: &Ctx<'_>, ns: &str, name: &str, services: &[Service]) -> Resolution {
    let service_selector = services
        .iter()
        .find(|s| s.metadata.name.as_deref() == Some(name))
        .and_then(|s| s.spec.as_ref()?.selector.as_ref())
        .and_then(selection::map_selector);
    let mut tried: Vec<String> = Vec::new();
    let candidates = service_selector.into_iter().chain([
        format!("app={name}"),
        format!("app.kubernetes.io/name={name}"),
    ]);
    for selector in candidates {
        match try_selector(ctx, ns, name, &selector, &mut tried).await {
            Some(pods) if !pods.is_empty() => {
                return Resolution {
                    selector: Some(selector),
                    pods,
                    ..Resolution::default()
                };
            }
            Some(_) => {}
            None => return Resolution::default(),
        }
    }

    let mut resolution = Resolution::default();
    let deployment = ctx
        .get_in::<Deployment>(&format!("Deployment {name} in namespace {ns}"), ns, name)
        .await
        .flatten();
    let deployment_selector = deployment
        .as_ref()
        .and_then(|d| selection::label_selector(&d.spec.selector));
    resolution.deployment = deployment;
    let mut controller_selector = deployment_selector;
    if controller_selector.is_none() {
        let stateful_set = ctx
            .get_in::<StatefulSet>(&format!("StatefulSet {name} in namespace {ns}"), ns, name)
            .await
            .flatten();
        controller_selector = stateful_set
            .as_ref()
            .and_then(|s| selection::label_selector(&s.spec.selector));
        resolution.stateful_set = stateful_set;
    }
    match controller_selector {
        Some(selector) => {
            if !tried.contains(&selector) {
                resolution.pods = try_selector(ctx, ns, name, &selector, &mut tried)
                    .await
                    .unwrap_or_default();
            }
            resolution.selector = Some(selector);
        }
        None => ctx.note(
            format!("pods of {name}"),
            format!(
                "none found in namespace {ns}: no Service {name} with a selector, no pods \
                 labelled app={name} or app.kubernetes.io/name={name}, no Deployment or \
                 StatefulSet {name} (check the name and the namespace)"
            ),
        ),
    }
    resolution
}

/// Lists the pods a selector picks; `None` when the list failed (noted).
async fn try_selector(
    ctx: &Ctx<'_>,
    ns: &str,
    name: &str,
    selector: &str,
    tried: &mut Vec<String>,
) -> Option<Vec<Pod>> {
    tried.push(selector.to_string());
    ctx.list_in::<Pod>(
        format!("pods of {name} ({selector})"),
        Some(ns),
        ListQuery::labels(selector),
    )
    .await
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
async fn endpoint_slices(ctx: &Ctx<'_>, ns: &str, services: &[String]) -> Vec<EndpointSlice> {
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

/// Previous-container logs of one representative pod per failure group, at most
/// `MAX_LOG_CALLS` requests, concurrently.
async fn representative_logs(ctx: &Ctx<'_>, pods: &[Pod]) -> Vec<PodLog> {
    let picks = selection::representative_logs(pods, MAX_LOG_CALLS);
    let reads = picks.iter().map(|pick| read_pick(ctx, pick));
    futures::future::join_all(reads)
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn read_pick(ctx: &Ctx<'_>, pick: &LogPick) -> Option<PodLog> {
    let which = if pick.previous {
        "previous logs"
    } else {
        "logs"
    };
    let what = format!(
        "{which} of {} (container {}; {} pod(s): {})",
        pick.pod, pick.container, pick.pods_in_group, pick.group
    );
    if let Err(skip) = ctx.budget.halted() {
        ctx.skipped(&what, skip);
        return None;
    }
    match read_log(
        ctx.ro,
        &pick.namespace,
        &pick.pod,
        &pick.container,
        pick.previous,
        LOG_TAIL_LINES,
    )
    .await
    {
        Ok(log) => Some(log),
        Err(ClusterError::Api { code, message, .. }) if code >= 500 => {
            ctx.note(
                what,
                format!("the kubelet did not answer ({code}: {message})"),
            );
            None
        }
        Err(e) => {
            ctx.skipped(&what, Skip::Failed(e));
            None
        }
    }
}

/// One log read, as a `PodLog` with the kubectl command that reproduces it.
async fn read_log(
    ro: &ReadOnly,
    ns: &str,
    pod: &str,
    container: &str,
    previous: bool,
    tail: u32,
) -> Result<PodLog, ClusterError> {
    let query = LogQuery {
        container: Some(container.to_string()),
        previous,
        tail_lines: tail,
        limit_bytes: LOG_LIMIT_BYTES,
    };
    let text = ro.logs(ns, pod, &query).await?;
    let flag = if previous { " --previous" } else { "" };
    Ok(PodLog {
        namespace: ns.to_string(),
        pod: pod.to_string(),
        container: container.to_string(),
        previous,
        text,
        command: ro.kubectl(&format!(
            "logs {pod} -n {ns} -c {container}{flag} --tail={tail} --limit-bytes={LOG_LIMIT_BYTES}"
        )),
    })
}

/// Services the workload depends on (named in the logs read, then in container env values),
/// with their EndpointSlices, in their own namespaces.
async fn dependencies(
    ctx: &Ctx<'_>,
    ns: &str,
    name: &str,
    snap: &Snapshot,
    pods: &[Pod],
) -> (Vec<Service>, Vec<EndpointSlice>) {
    let finder = DependencyFinder::new();
    let from_logs = snap.logs.iter().flat_map(|l| finder.in_log(&l.text));
    let env_values = pods
        .iter()
        .filter_map(|p| p.spec.as_ref())
        .flat_map(|s| s.containers.iter())
        .flat_map(|c| c.env.iter().flatten())
        .filter_map(|e| e.value.as_deref());
    let from_env = env_values.flat_map(|v| finder.in_env_value(v));
    let mut refs: Vec<ServiceRef> = Vec::new();
    for r in from_logs.chain(from_env) {
        let known = snap.services.iter().any(|s| {
            s.metadata.namespace.as_deref() == Some(&r.namespace)
                && s.metadata.name.as_deref() == Some(&r.name)
        });
        let own = r.namespace == ns && r.name == name;
        if !known && !own && !refs.contains(&r) {
            refs.push(r);
        }
    }
    let mut services = Vec::new();
    let mut slices = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let what = format!("dependency {}/{} (named by {name})", r.namespace, r.name);
        if i >= MAX_DEPENDENCIES {
            ctx.note(
                what,
                format!("skipped: only {MAX_DEPENDENCIES} dependencies are looked up per triage"),
            );
            continue;
        }
        if ctx.budget.left() < 2 {
            ctx.skipped(&what, Skip::Budget);
            continue;
        }
        let Some(found) = ctx.get_in::<Service>(&what, &r.namespace, &r.name).await else {
            continue;
        };
        let Some(service) = found else {
            ctx.note(
                what,
                format!(
                    "namespace {} has no Service {}: the host {}.{} cannot resolve (check the \
                     host name in the configuration, or whether the Service was deleted)",
                    r.namespace, r.name, r.name, r.namespace
                ),
            );
            continue;
        };
        slices.extend(endpoint_slices(ctx, &r.namespace, std::slice::from_ref(&r.name)).await);
        services.push(service);
    }
    (services, slices)
}

/// metrics.k8s.io usage of the pods and of their nodes; `None` (and a note) when not served.
async fn metrics(
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

async fn node_metrics(ctx: &Ctx<'_>) -> Option<Vec<Usage>> {
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

/// Failing pods of a namespace (or of all), Warning events, nodes and node usage.
async fn gather_overview(ctx: &Ctx<'_>, snap: &mut Snapshot, namespace: Option<&str>) {
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
    snap.pods = pods
        .unwrap_or_default()
        .into_iter()
        .filter(selection::is_failing)
        .collect();
    snap.events = events.unwrap_or_default();
    snap.nodes = nodes.unwrap_or_default();
    snap.node_metrics = node_usage;
}

/// A container log for `/logs`: `container` defaults to the pod's only (or
/// `kubectl.kubernetes.io/default-container`) container; a missing pod is `NotFound`.
pub async fn pod_log(
    ro: &ReadOnly,
    namespace: &str,
    pod: &str,
    container: Option<&str>,
    previous: bool,
    tail: u32,
) -> Result<PodLog, ClusterError> {
    names::validate_namespace(namespace)?;
    names::validate_object_name("pod name", pod)?;
    if let Some(c) = container {
        names::validate_container_name(c)?;
    }
    if !(1..=MAX_TAIL_LINES).contains(&tail) {
        return Err(ClusterError::InvalidInput {
            what: "tail",
            rule: format!("ask for 1 to {MAX_TAIL_LINES} lines (got {tail})"),
        });
    }
    let not_found = || ClusterError::NotFound {
        what: format!("pod {pod:?} in namespace {namespace:?}"),
        hint: "check the name (a pod's name changes when it is recreated) and the namespace; \
               /triage lists a workload's current pods"
            .into(),
    };
    let container = match container {
        Some(c) => c.to_string(),
        None => {
            let found: Option<Pod> = ro.get(namespace, pod).await?;
            default_container(&found.ok_or_else(not_found)?, pod)?
        }
    };
    read_log(ro, namespace, pod, &container, previous, tail)
        .await
        .map_err(|e| match e {
            ClusterError::NotFound { .. } => not_found(),
            other => other,
        })
}

/// The container `kubectl logs` would pick, or an error listing the choices.
fn default_container(pod: &Pod, name: &str) -> Result<String, ClusterError> {
    let annotated = pod
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubectl.kubernetes.io/default-container"));
    let containers: Vec<&str> = pod
        .spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .map(|c| c.name.as_str())
        .collect();
    match (annotated, containers.as_slice()) {
        (Some(c), _) => Ok(c.clone()),
        (None, [only]) => Ok(only.to_string()),
        _ => Err(ClusterError::InvalidInput {
            what: "container",
            rule: format!(
                "pod {name} has containers {}: choose one with the container option",
                containers.join(", ")
            ),
        }),
    }
}

/// Workload names for autocomplete in `namespace` (default `"default"`): Deployments,
/// StatefulSets and pods' `app` labels, those starting with `prefix` first, then those
/// containing it, at most `MAX_SUGGESTIONS`. A prefix no name could match gives an empty list
/// without a request.
pub async fn workload_names(
    ro: &ReadOnly,
    namespace: Option<&str>,
    prefix: &str,
) -> Result<Vec<String>, ClusterError> {
    let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
    names::validate_namespace(ns)?;
    let prefix = prefix.trim().to_ascii_lowercase();
    let plausible = prefix.len() <= 63
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !plausible {
        return Ok(Vec::new());
    }
    let one_page = ListQuery::default();
    let app_label = ListQuery::labels("app");
    let (deployments, stateful_sets, pods) = tokio::join!(
        ro.list::<Deployment>(Some(ns), &one_page),
        ro.list::<StatefulSet>(Some(ns), &one_page),
        ro.list_metadata::<Pod>(Some(ns), &app_label),
    );
    let mut first_error = None;
    let mut all: BTreeSet<String> = BTreeSet::new();
    let mut add = |names: Result<Vec<String>, ClusterError>| match names {
        Ok(names) => all.extend(names),
        Err(e) => {
            first_error.get_or_insert(e);
        }
    };
    add(deployments.map(|p| {
        p.items
            .into_iter()
            .filter_map(|d| d.metadata.name)
            .collect()
    }));
    add(stateful_sets.map(|p| {
        p.items
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .collect()
    }));
    add(pods.map(|p| {
        p.items
            .into_iter()
            .filter_map(|m| m.metadata.labels?.remove("app"))
            .collect()
    }));
    if let (Some(e), true) = (first_error, all.is_empty()) {
        return Err(e);
    }
    Ok(rank_suggestions(all, &prefix))
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

/// Pod names for autocomplete of `/logs pod` in `namespace` (default `"default"`), ranked like
/// `workload_names`; one metadata-only page.
pub async fn pod_names(
    ro: &ReadOnly,
    namespace: Option<&str>,
    prefix: &str,
) -> Result<Vec<String>, ClusterError> {
    let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
    names::validate_namespace(ns)?;
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.len() > 253 {
        return Ok(Vec::new());
    }
    let pods = ro
        .list_metadata::<Pod>(Some(ns), &ListQuery::default())
        .await?;
    let all: BTreeSet<String> = pods
        .items
        .into_iter()
        .filter_map(|m| m.metadata.name)
        .collect();
    Ok(rank_suggestions(all, &prefix))
}

/// Names starting with `prefix` (sorted), then names containing it, at most `MAX_SUGGESTIONS`.
fn rank_suggestions(names: BTreeSet<String>, prefix: &str) -> Vec<String> {
    let (starts, rest): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| n.starts_with(prefix));
    starts
        .into_iter()
        .chain(rest.into_iter().filter(|n| n.contains(prefix)))
        .take(MAX_SUGGESTIONS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::client::{ClusterSpec, Identity};
    use serde_json::json;

    #[test]
    fn suggestions_prefer_prefix_matches_and_are_capped() {
        let names: BTreeSet<String> = [
            "order-service",
            "payment-service",
            "payments-db",
            "api-payment",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            rank_suggestions(names, "pay"),
            ["payment-service", "payments-db", "api-payment"]
        );
        let many: BTreeSet<String> = (0..40).map(|i| format!("svc-{i:02}")).collect();
        assert_eq!(rank_suggestions(many, "").len(), MAX_SUGGESTIONS);
    }

    #[test]
    fn default_container_follows_kubectl() {
        let pod = |annotations: serde_json::Value, containers: &[&str]| -> Pod {
            serde_json::from_value(json!({
                "metadata": {"name": "p", "annotations": annotations},
                "spec": {"containers": containers.iter().map(|c| json!({"name": c})).collect::<Vec<_>>()}
            }))
            .unwrap()
        };
        assert_eq!(
            default_container(&pod(json!({}), &["app"]), "p").unwrap(),
            "app"
        );
        let annotated = pod(
            json!({"kubectl.kubernetes.io/default-container": "web"}),
            &["istio-proxy", "web"],
        );
        assert_eq!(default_container(&annotated, "p").unwrap(), "web");
        let err = default_container(&pod(json!({}), &["a", "b"]), "p").unwrap_err();
        assert!(err.to_string().contains("has containers a, b"), "{err}");
    }

    #[test]
    fn budget_counts_and_halts() {
        let budget = Budget {
            left: AtomicUsize::new(2),
            halted: Mutex::new(None),
        };
        assert!(budget.take().is_ok() && budget.take().is_ok());
        assert!(matches!(budget.take(), Err(Skip::Budget)));
        let budget = Budget {
            left: AtomicUsize::new(2),
            halted: Mutex::new(None),
        };
        budget.halt(&ClusterError::Unauthorized);
        let Err(skip) = budget.take() else {
            panic!("halted budget gave a request")
        };
        assert_eq!(
            skip.why(),
            "skipped: the API server rejected warroom's credentials"
        );
    }

    #[tokio::test]
    async fn invalid_input_is_refused_before_any_request() {
        // Port 9 (discard) is never an API server: a request would fail, not return InvalidName.
        let ro = ReadOnly::connect(
            &ClusterSpec::with_server("t", "http://127.0.0.1:9"),
            &Identity::default(),
        )
        .await
        .unwrap();
        let workload = |name: &str| Target::Workload { name: name.into() };
        for target in [workload("Payment_Service"), workload(&"a".repeat(300))] {
            let err = gather(&ro, "t", &target, Some("production"))
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    ClusterError::InvalidName {
                        what: "workload name",
                        ..
                    }
                ),
                "{err}"
            );
        }
        let err = gather(&ro, "t", &Target::Overview, Some("Prod"))
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::InvalidName {
                what: "namespace",
                ..
            }
        ));
        let err = pod_log(&ro, "production", "p", None, true, 0)
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::InvalidInput { what: "tail", .. }
        ));
        let err = pod_log(&ro, "production", "../secrets", None, true, 10)
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::InvalidName {
                what: "pod name",
                ..
            }
        ));
        assert_eq!(
            workload_names(&ro, Some("production"), "Pay Ment")
                .await
                .unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn gather_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let spec = ClusterSpec::with_server("t", "http://127.0.0.1:9");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let ro = rt
            .block_on(ReadOnly::connect(&spec, &Identity::default()))
            .unwrap();
        let target = Target::Overview;
        let fut = gather(&ro, "t", &target, None);
        assert_send(&fut);
    }
}
