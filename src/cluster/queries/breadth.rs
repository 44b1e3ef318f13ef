//! The breadth reads: DaemonSets, Jobs, CronJobs, Ingresses, HPAs, PDBs, admission webhooks,
//! IngressClasses and StorageClasses (and, for an overview, every controller, Service, claim
//! and volume of the namespace). All start at once: a workload's with the reads its pods lead
//! to, an overview's after its pod reads. They record objects that others name but that do not
//! exist, and for a workload keep only what touches it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use k8s_openapi::api::admissionregistration::v1::{
    MutatingWebhookConfiguration, RuleWithOperations, ValidatingWebhookConfiguration,
    WebhookClientConfig,
};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};

use k8s_openapi::NamespaceResourceScope;
use kube::Resource;
use serde::de::DeserializeOwned;

use super::LOG_TAIL_LINES;
use super::logs::read_log;
use super::notes::{What, Why};
use super::reads::{GatherCtx, Skip};
use crate::cluster::client::ListQuery;
use crate::cluster::selection;
use crate::cluster::snapshot::{ClusterPod, Kind, Missing, Snapshot, Target};
use crate::diagnose::network::selects;
use crate::i18n::Msg;

/// NetworkPolicies asked "do you select any pod?" per `gather`, at most (one request each).
const MAX_POLICY_CHECKS: usize = 20;
/// Webhook Services looked up per `gather`, at most (two requests each).
const MAX_WEBHOOK_SERVICES: usize = 4;
/// The label the API server sets on every Namespace to its name.
const NAME_LABEL: &str = "kubernetes.io/metadata.name";
/// Resources whose admission a webhook must cover to matter to a triage.
const ADMITTED: &[&str] = &[
    "*",
    "pods",
    "deployments",
    "replicasets",
    "statefulsets",
    "daemonsets",
    "jobs",
];

/// What the breadth reads returned; `None` where a read failed (noted) or was not needed.
#[derive(Default)]
pub(super) struct Lists {
    daemon_sets: Option<Vec<DaemonSet>>,
    jobs: Option<Vec<Job>>,
    cron_jobs: Option<Vec<CronJob>>,
    ingresses: Option<Vec<Ingress>>,
    hpas: Option<Vec<HorizontalPodAutoscaler>>,
    pdbs: Option<Vec<PodDisruptionBudget>>,
    services: Option<Vec<Service>>,
    deployments: Option<Vec<Deployment>>,
    stateful_sets: Option<Vec<StatefulSet>>,
    ingress_classes: Option<Vec<IngressClass>>,
    mutating: Option<Vec<MutatingWebhookConfiguration>>,
    validating: Option<Vec<ValidatingWebhookConfiguration>>,
    storage_classes: Option<Vec<StorageClass>>,
    endpoint_slices: Option<Vec<EndpointSlice>>,
    pvcs: Option<Vec<PersistentVolumeClaim>>,
    pvs: Option<Vec<PersistentVolume>>,
    /// An overview's NetworkPolicies (a workload's were read with its pods).
    network_policies: Option<Vec<NetworkPolicy>>,
    /// The labels of the namespace triaged (for the webhooks' namespaceSelectors); `None` for
    /// all namespaces or when it could not be read.
    namespace_labels: Option<BTreeMap<String, String>>,
}

/// Lists every breadth kind in `namespace` (all namespaces when `None`); an overview also
/// lists every NetworkPolicy, Deployment, StatefulSet, Service, EndpointSlice, claim and
/// volume. Every list starts at once: none depends on another.
pub(super) async fn read(ctx: &GatherCtx<'_>, namespace: Option<&str>, overview: bool) -> Lists {
    let w = |kind| What::list(kind, namespace);
    let q = ListQuery::default;
    let namespaced = async {
        tokio::join!(
            ctx.list_in(w(Kind::DaemonSets), namespace, q()),
            ctx.list_in(w(Kind::Jobs), namespace, q()),
            ctx.list_in(w(Kind::CronJobs), namespace, q()),
            ctx.list_in(w(Kind::Ingresses), namespace, q()),
            ctx.list_in(w(Kind::HorizontalPodAutoscalers), namespace, q()),
            ctx.list_in(w(Kind::PodDisruptionBudgets), namespace, q()),
        )
    };
    let cluster_wide = async {
        tokio::join!(
            ctx.list_cluster(What::cluster(Kind::IngressClasses)),
            ctx.list_cluster(What::cluster(Kind::MutatingWebhookConfigurations)),
            ctx.list_cluster(What::cluster(Kind::ValidatingWebhookConfigurations)),
            ctx.list_cluster(What::cluster(Kind::StorageClasses)),
        )
    };
    let overview_only = async {
        if !overview {
            return Default::default();
        }
        tokio::join!(
            ctx.list_in(w(Kind::NetworkPolicies), namespace, ListQuery::from_cache()),
            ctx.list_in(w(Kind::Services), namespace, q()),
            ctx.list_in(w(Kind::Deployments), namespace, q()),
            ctx.list_in(w(Kind::StatefulSets), namespace, q()),
            ctx.list_in(w(Kind::EndpointSlices), namespace, q()),
            ctx.list_in(w(Kind::PersistentVolumeClaims), namespace, q()),
            ctx.list_cluster(What::cluster(Kind::PersistentVolumes)),
        )
    };
    let (
        (daemon_sets, jobs, cron_jobs, ingresses, hpas, pdbs),
        (ingress_classes, mutating, validating, storage_classes),
        (network_policies, services, deployments, stateful_sets, endpoint_slices, pvcs, pvs),
    ) = tokio::join!(namespaced, cluster_wide, overview_only);
    Lists {
        daemon_sets,
        jobs,
        cron_jobs,
        ingresses,
        hpas,
        pdbs,
        services,
        deployments,
        stateful_sets,
        ingress_classes,
        mutating,
        validating,
        storage_classes,
        endpoint_slices,
        pvcs,
        pvs,
        network_policies,
        namespace_labels: None,
    }
}

/// The labels of namespace `ns` (with `kubernetes.io/metadata.name`, which the API server sets
/// on every namespace), read only when a webhook's namespaceSelector needs them; `None` when
/// not needed or when the Namespace could not be read (noted).
async fn labels_of(
    ctx: &GatherCtx<'_>,
    ns: &str,
    lists: &Lists,
) -> Option<BTreeMap<String, String>> {
    let selective = |s: Option<&LabelSelector>| s.is_some_and(|s| !is_empty(s));
    let needed = lists
        .mutating
        .iter()
        .flatten()
        .flat_map(|c| c.webhooks.iter().flatten())
        .any(|w| selective(w.namespace_selector.as_ref()))
        || lists
            .validating
            .iter()
            .flatten()
            .flat_map(|c| c.webhooks.iter().flatten())
            .any(|w| selective(w.namespace_selector.as_ref()));
    if !needed {
        return None;
    }
    let found: Option<Namespace> = ctx
        .get_cluster(
            What::msg(Msg::new("nc-namespace-labels").arg("namespace", ns)),
            ns,
        )
        .await?;
    let mut labels = found.and_then(|n| n.metadata.labels).unwrap_or_default();
    labels.insert(NAME_LABEL.to_string(), ns.to_string());
    Some(labels)
}

fn named(m: &ObjectMeta, ns: &str, name: &str) -> bool {
    m.namespace.as_deref() == Some(ns) && m.name.as_deref() == Some(name)
}

fn has_name<T: Resource>(list: &[T], ns: &str, name: &str) -> bool {
    list.iter().any(|x| named(x.meta(), ns, name))
}

fn ns_of(m: &ObjectMeta) -> &str {
    m.namespace.as_deref().unwrap_or("default")
}

fn owned_by(owners: Option<&[OwnerReference]>, kind: &str, name: &str) -> bool {
    (owners.into_iter().flatten()).any(|o| o.kind == kind && o.name == name)
}

fn backends(i: &Ingress) -> Vec<String> {
    crate::diagnose::ingress::routes(i)
        .into_iter()
        .map(|(_, _, svc, _)| svc)
        .collect()
}

fn admits_workloads(rules: Option<&Vec<RuleWithOperations>>) -> bool {
    rules.into_iter().flatten().any(|r| {
        r.resources
            .iter()
            .flatten()
            .any(|x| ADMITTED.contains(&x.split('/').next().unwrap_or("")))
    })
}

/// Puts what the lists found into the snapshot: for a workload only what touches it (a Job,
/// CronJob, DaemonSet, Ingress or HPA of the workload's name was resolved to its pods by
/// `resolve`, with the other kinds); then the objects others name that do not exist, and the
/// webhooks' Services. `asked`: read a ready pod's current log even when nothing is degraded.
pub(super) async fn apply(ctx: &GatherCtx<'_>, snap: &mut Snapshot, mut lists: Lists, asked: bool) {
    let workload = snap
        .target
        .as_ref()
        .and_then(Target::workload)
        .map(str::to_string);
    let ns = snap.namespace.clone();
    if let (Some(_), Some(ns)) = (&workload, &ns) {
        link_targets(ctx, snap, &mut lists, ns).await;
    }
    if let Some(ns) = &ns {
        lists.namespace_labels = labels_of(ctx, ns, &lists).await;
    }
    let all_services = lists.services.clone();
    let controllers = controller_names(&lists);
    let candidates = match (&workload, lists.network_policies.take()) {
        (Some(name), _) => snap
            .network_policies
            .iter()
            .filter(|p| p.metadata.name.as_deref() == Some(name.as_str()))
            .cloned()
            .collect(),
        (None, listed) => listed.unwrap_or_default(),
    };
    snap.idle_network_policies = idle_policies(ctx, candidates, &snap.pods).await;
    let unjudged = if let (Some(name), Some(ns)) = (&workload, &ns) {
        let unjudged = keep_touching(snap, lists, ns, name);
        current_log(ctx, snap, ns, asked).await;
        unjudged
    } else {
        keep_all(snap, lists)
    };
    for webhook in unjudged {
        ctx.note(
            &What::msg(Msg::new("nc-admission-webhook").arg("name", webhook)),
            Why::new(
                Msg::new("nc-why-namespace-labels-unread")
                    .arg("namespace", ns.as_deref().unwrap_or_default()),
                Msg::new("nc-short-namespace-labels-unread"),
            ),
        );
    }
    record_missing(snap, all_services.as_deref(), ns.as_deref());
    if let Some(controllers) = controllers {
        record_missing_targets(snap, &controllers);
    }
    tls_not_read(ctx, snap);
    webhook_services(ctx, snap).await;
}

/// The `policies` whose podSelector selects no pod of their namespace. A policy selecting one
/// of `known` pods, or with an empty selector (every pod), is not asked about; the others are
/// asked with one `limit=1` pod list each, concurrently, at most `MAX_POLICY_CHECKS`.
async fn idle_policies(
    ctx: &GatherCtx<'_>,
    policies: Vec<NetworkPolicy>,
    known: &[ClusterPod],
) -> Vec<NetworkPolicy> {
    let selects_known = |p: &NetworkPolicy, sel: &LabelSelector| {
        known.iter().any(|pod| {
            pod.metadata.namespace == p.metadata.namespace
                && selection::matches(sel, pod.metadata.labels.as_deref())
        })
    };
    let asked: Vec<(NetworkPolicy, String)> = policies
        .into_iter()
        .filter_map(|p| {
            let sel = p.spec.as_ref()?.pod_selector.as_ref()?;
            if is_empty(sel) || selects_known(&p, sel) {
                return None;
            }
            let query = selection::label_selector(sel)?;
            Some((p, query))
        })
        .collect();
    let whats: Vec<What> = asked
        .iter()
        .map(|(p, _)| {
            let (ns, name) = (ns_of(&p.metadata), p.metadata.name.as_deref().unwrap_or(""));
            What::msg(
                Msg::new("nc-policy-pods")
                    .arg("namespace", ns)
                    .arg("name", name),
            )
        })
        .collect();
    for what in whats.iter().skip(MAX_POLICY_CHECKS) {
        ctx.note(
            what,
            Why::new(
                Msg::new("nc-why-policy-limit").arg("max", MAX_POLICY_CHECKS),
                Msg::new("verdict-short-lookup-limit"),
            ),
        );
    }
    let answers = futures::future::join_all(
        asked
            .iter()
            .zip(&whats)
            .take(MAX_POLICY_CHECKS)
            .map(|((p, query), what)| ctx.any_in::<Pod>(what.clone(), ns_of(&p.metadata), query)),
    )
    .await;
    asked
        .into_iter()
        .zip(answers)
        .filter(|(_, any)| *any == Some(false))
        .map(|((p, _), _)| p)
        .collect()
}

/// For a workload, lists the namespace's Services only when an Ingress or StatefulSet may name
/// one, and its Deployments and StatefulSets only when an HPA may scale one: the links are
/// checked against complete lists, which most triages do not need.
async fn link_targets(ctx: &GatherCtx<'_>, snap: &Snapshot, lists: &mut Lists, ns: &str) {
    let any = |l: &Option<Vec<_>>| l.as_ref().is_some_and(|l: &Vec<_>| !l.is_empty());
    let needs_services =
        !snap.stateful_sets.is_empty() || lists.ingresses.as_ref().is_some_and(|l| !l.is_empty());
    let needs_controllers = any(&lists.hpas);
    let (services, deployments, stateful_sets) = tokio::join!(
        list_if(ctx, needs_services, Kind::Services, ns),
        list_if(ctx, needs_controllers, Kind::Deployments, ns),
        list_if(ctx, needs_controllers, Kind::StatefulSets, ns),
    );
    (lists.services, lists.deployments, lists.stateful_sets) =
        (services, deployments, stateful_sets);
}

/// Lists every object of a kind in `ns` when `needed`; `None` when not needed or not read.
async fn list_if<K>(ctx: &GatherCtx<'_>, needed: bool, kind: Kind, ns: &str) -> Option<Vec<K>>
where
    K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
    K: Clone + DeserializeOwned + Debug,
{
    if !needed {
        return None;
    }
    ctx.list_in(What::list(kind, Some(ns)), Some(ns), ListQuery::default())
        .await
}

/// (kind, namespace, name) of every Deployment and StatefulSet listed; `None` unless both lists
/// were read.
fn controller_names(lists: &Lists) -> Option<BTreeSet<(&'static str, String, String)>> {
    let key = |kind, m: &ObjectMeta| {
        (
            kind,
            ns_of(m).to_string(),
            m.name.clone().unwrap_or_default(),
        )
    };
    Some(
        lists
            .deployments
            .as_ref()?
            .iter()
            .map(|d| key("Deployment", &d.metadata))
            .chain(
                lists
                    .stateful_sets
                    .as_ref()?
                    .iter()
                    .map(|s| key("StatefulSet", &s.metadata)),
            )
            .collect(),
    )
}

fn is_ready(p: &ClusterPod) -> bool {
    p.status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// When the workload is degraded (a pod unready, or a controller short of replicas) or the user
/// `asked` (`logs:current`), the current log of one ready pod: the failing pods' previous logs
/// say why they crash, this one says whether the pods that still serve answer with errors.
/// Bounded like the other logs, redacted as it is read.
async fn current_log(ctx: &GatherCtx<'_>, snap: &mut Snapshot, ns: &str, asked: bool) {
    let short = snap.deployments.iter().any(|d| {
        d.status
            .as_ref()
            .and_then(|s| s.available_replicas)
            .unwrap_or(0)
            < d.spec.replicas.unwrap_or(1)
    }) || snap.stateful_sets.iter().any(|s| {
        s.status
            .as_ref()
            .and_then(|st| st.ready_replicas)
            .unwrap_or(0)
            < s.spec.replicas.unwrap_or(1)
    });
    let degraded = short || snap.pods.iter().any(|p| !is_ready(p));
    if !(degraded || asked) {
        return;
    }
    let Some(pod) = snap.pods.iter().find(|p| is_ready(p)) else {
        if asked {
            let name = snap.target.as_ref().and_then(Target::workload);
            ctx.note(
                &What::msg(
                    Msg::new("nc-current-log-of-ready-pod").arg("name", name.unwrap_or_default()),
                ),
                Why::msg(Msg::new("nc-why-no-ready-pod")),
            );
        }
        return;
    };
    let (Some(name), Some(container)) = (
        pod.metadata.name.clone(),
        pod.spec
            .as_ref()
            .and_then(|s| s.containers.first())
            .map(|c| c.name.clone()),
    ) else {
        return;
    };
    if snap.logs.iter().any(|l| l.pod == name && !l.previous) {
        return;
    }
    let what = What::msg(Msg::new("nc-current-log-of").arg("name", name.as_str()))
        .detail(Msg::new("nc-ready-pod-container").arg("container", container.as_str()));
    if let Err(skip) = ctx.halted() {
        ctx.skipped(&what, skip);
        return;
    }
    match read_log(ctx.ro, ns, &name, &container, false, LOG_TAIL_LINES).await {
        Ok(log) => snap.logs.push(log),
        Err(e) => ctx.skipped(&what, Skip::Failed(e)),
    }
}

/// Keeps, for a workload, only the objects that own its pods, route or scale to it, budget its
/// disruptions or admit its objects.
fn keep_touching(snap: &mut Snapshot, lists: Lists, ns: &str, name: &str) -> Vec<String> {
    let pods = &snap.pods;
    let owns = |kind: &str, owner: &str| {
        pods.iter()
            .any(|p| owned_by(p.metadata.owner_references.as_deref(), kind, owner))
    };
    let own_name = |m: &ObjectMeta| named(m, ns, name);
    snap.daemon_sets = lists
        .daemon_sets
        .unwrap_or_default()
        .into_iter()
        .filter(|d| {
            own_name(&d.metadata) || owns("DaemonSet", d.metadata.name.as_deref().unwrap_or(""))
        })
        .collect();
    snap.jobs = lists
        .jobs
        .unwrap_or_default()
        .into_iter()
        .filter(|j| {
            own_name(&j.metadata)
                || owns("Job", j.metadata.name.as_deref().unwrap_or(""))
                || owned_by(j.metadata.owner_references.as_deref(), "CronJob", name)
        })
        .collect();
    let job_owners: BTreeSet<String> = snap
        .jobs
        .iter()
        .flat_map(|j| j.metadata.owner_references.iter().flatten())
        .filter(|o| o.kind == "CronJob")
        .map(|o| o.name.clone())
        .collect();
    snap.cron_jobs = lists
        .cron_jobs
        .unwrap_or_default()
        .into_iter()
        .filter(|c| {
            own_name(&c.metadata) || job_owners.contains(c.metadata.name.as_deref().unwrap_or(""))
        })
        .collect();
    let services: BTreeSet<String> = snap
        .services
        .iter()
        .filter_map(|s| s.metadata.name.clone())
        .chain([name.to_string()])
        .collect();
    snap.ingresses = lists
        .ingresses
        .unwrap_or_default()
        .into_iter()
        .filter(|i| own_name(&i.metadata) || backends(i).iter().any(|b| services.contains(b)))
        .collect();
    let controllers: BTreeSet<String> = snap
        .deployments
        .iter()
        .map(|d| &d.metadata)
        .chain(snap.stateful_sets.iter().map(|s| &s.metadata))
        .filter_map(|m| m.name.clone())
        .chain([name.to_string()])
        .collect();
    snap.hpas = lists
        .hpas
        .unwrap_or_default()
        .into_iter()
        .filter(|h| own_name(&h.metadata) || controllers.contains(&h.spec.scale_target_ref.name))
        .collect();
    let selects_pods = |sel: Option<&LabelSelector>| {
        sel.is_some_and(|sel| {
            pods.iter()
                .any(|p| p.metadata.labels.as_ref().is_some_and(|l| selects(sel, l)))
        })
    };
    snap.pdbs = lists
        .pdbs
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            own_name(&p.metadata) || selects_pods(p.spec.as_ref().and_then(|s| s.selector.as_ref()))
        })
        .collect();
    let webhooks = Webhooks {
        mutating: lists.mutating,
        validating: lists.validating,
        storage_classes: lists.storage_classes,
        namespace_labels: lists.namespace_labels,
    };
    keep_cluster_kinds(snap, lists.ingress_classes, webhooks)
}

/// The cluster-scoped kinds, for a workload and an overview alike: every IngressClass and
/// StorageClass, and the webhooks in front of the namespace ([`in_front`]). Returns the names
/// of the webhooks whose namespaceSelector could not be evaluated.
fn keep_cluster_kinds(
    snap: &mut Snapshot,
    ingress_classes: Option<Vec<IngressClass>>,
    webhooks: Webhooks,
) -> Vec<String> {
    snap.ingress_classes = ingress_classes.unwrap_or_default();
    snap.storage_classes = webhooks.storage_classes.unwrap_or_default();
    let scoped = snap.namespace.is_some();
    let labels = webhooks.namespace_labels.as_ref();
    let mut unknown = Vec::new();
    let mut judge = |name: &str,
                     client: &WebhookClientConfig,
                     rules: Option<&Vec<RuleWithOperations>>,
                     selector: Option<&LabelSelector>| {
        let verdict = in_front(client, rules, selector, scoped, labels);
        if verdict.is_none() {
            unknown.push(name.to_string());
        }
        verdict == Some(true)
    };
    snap.mutating_webhooks = keep_webhooks(
        webhooks.mutating,
        |c| &mut c.webhooks,
        |w| {
            judge(
                &w.name,
                &w.client_config,
                w.rules.as_ref(),
                w.namespace_selector.as_ref(),
            )
        },
    );
    snap.validating_webhooks = keep_webhooks(
        webhooks.validating,
        |c| &mut c.webhooks,
        |w| {
            judge(
                &w.name,
                &w.client_config,
                w.rules.as_ref(),
                w.namespace_selector.as_ref(),
            )
        },
    );
    unknown
}

/// The webhook configurations (mutating or validating) with at least one webhook `keep`
/// accepts, each holding only those.
fn keep_webhooks<C, W>(
    configs: Option<Vec<C>>,
    webhooks: impl Fn(&mut C) -> &mut Option<Vec<W>>,
    mut keep: impl FnMut(&W) -> bool,
) -> Vec<C> {
    configs
        .unwrap_or_default()
        .into_iter()
        .filter_map(|mut config| {
            let slot = webhooks(&mut config);
            let kept: Vec<W> = slot
                .take()
                .unwrap_or_default()
                .into_iter()
                .filter(|w| keep(w))
                .collect();
            if kept.is_empty() {
                return None;
            }
            *slot = Some(kept);
            Some(config)
        })
        .collect()
}

/// The lists `keep_cluster_kinds` filters by namespace.
struct Webhooks {
    mutating: Option<Vec<MutatingWebhookConfiguration>>,
    validating: Option<Vec<ValidatingWebhookConfiguration>>,
    storage_classes: Option<Vec<StorageClass>>,
    namespace_labels: Option<BTreeMap<String, String>>,
}

/// An empty selector selects every namespace.
fn is_empty(s: &LabelSelector) -> bool {
    s.match_labels.as_ref().is_none_or(BTreeMap::is_empty)
        && s.match_expressions.as_ref().is_none_or(Vec::is_empty)
}

/// Whether a webhook stands in front of the triaged namespace: it calls an in-cluster Service,
/// admits pods or their controllers, and its namespaceSelector matches the namespace's labels
/// (an overview of all namespaces keeps every such webhook). `None` when the selector is not
/// empty and the namespace's labels could not be read.
fn in_front(
    client: &WebhookClientConfig,
    rules: Option<&Vec<RuleWithOperations>>,
    selector: Option<&LabelSelector>,
    scoped: bool,
    labels: Option<&BTreeMap<String, String>>,
) -> Option<bool> {
    if !calls_a_service_for_workloads(client, rules) {
        return Some(false);
    }
    let Some(selector) = selector.filter(|s| !is_empty(s)) else {
        return Some(true);
    };
    if !scoped {
        return Some(true);
    }
    labels.map(|l| selection::matches(selector, Some(l)))
}

/// A webhook that calls an in-cluster Service and admits pods or their controllers.
fn calls_a_service_for_workloads(
    client: &WebhookClientConfig,
    rules: Option<&Vec<RuleWithOperations>>,
) -> bool {
    client.service.is_some() && admits_workloads(rules)
}

/// An overview keeps everything it listed; the controllers and Services join those read for
/// the pods.
fn keep_all(snap: &mut Snapshot, lists: Lists) -> Vec<String> {
    snap.daemon_sets = lists.daemon_sets.unwrap_or_default();
    snap.jobs = lists.jobs.unwrap_or_default();
    snap.cron_jobs = lists.cron_jobs.unwrap_or_default();
    snap.ingresses = lists.ingresses.unwrap_or_default();
    snap.hpas = lists.hpas.unwrap_or_default();
    snap.pdbs = lists.pdbs.unwrap_or_default();
    snap.deployments = lists.deployments.unwrap_or_default();
    snap.stateful_sets = lists.stateful_sets.unwrap_or_default();
    snap.services = lists.services.unwrap_or_default();
    snap.endpoint_slices = lists.endpoint_slices.unwrap_or_default();
    snap.pvcs = lists.pvcs.unwrap_or_default();
    let namespace = snap.namespace.clone();
    snap.pvs = lists
        .pvs
        .unwrap_or_default()
        .into_iter()
        .filter(|v| {
            namespace.as_deref().is_none_or(|ns| {
                v.spec
                    .as_ref()
                    .and_then(|s| s.claim_ref.as_ref())
                    .is_some_and(|r| r.namespace.as_deref() == Some(ns))
            })
        })
        .collect();
    let webhooks = Webhooks {
        mutating: lists.mutating,
        validating: lists.validating,
        storage_classes: lists.storage_classes,
        namespace_labels: lists.namespace_labels,
    };
    keep_cluster_kinds(snap, lists.ingress_classes, webhooks)
}

/// Records the Services, IngressClasses, StorageClasses and scale targets that the kept objects
/// name but that the complete lists do not hold. A kind whose list failed records nothing.
fn record_missing(snap: &mut Snapshot, services: Option<&[Service]>, ns: Option<&str>) {
    let mut missing: BTreeSet<Missing> = BTreeSet::new();
    let mut add = |kind: &str, namespace: Option<&str>, name: &str| {
        missing.insert(Missing {
            kind: kind.to_string(),
            namespace: namespace.map(str::to_string),
            name: name.to_string(),
        });
    };
    if let Some(services) = services {
        for i in &snap.ingresses {
            let ins = ns_of(&i.metadata);
            for b in backends(i) {
                if ns.is_none_or(|n| n == ins) && !has_name(services, ins, &b) {
                    add("Service", Some(ins), &b);
                }
            }
        }
        for s in &snap.stateful_sets {
            let sns = ns_of(&s.metadata);
            if let Some(svc) = s.spec.service_name.as_deref().filter(|n| !n.is_empty())
                && ns.is_none_or(|n| n == sns)
                && !has_name(services, sns, svc)
            {
                add("Service", Some(sns), svc);
            }
        }
    }
    let class_names: BTreeSet<&str> = snap
        .ingress_classes
        .iter()
        .filter_map(|c| c.metadata.name.as_deref())
        .collect();
    if !class_names.is_empty() {
        for i in &snap.ingresses {
            if let Some(c) = crate::diagnose::ingress::class(i)
                && !class_names.contains(c)
            {
                add("IngressClass", None, c);
            }
        }
    }
    let storage: BTreeSet<&str> = snap
        .storage_classes
        .iter()
        .filter_map(|c| c.metadata.name.as_deref())
        .collect();
    if !storage.is_empty() {
        let claimed = snap
            .pvcs
            .iter()
            .filter_map(|c| c.spec.as_ref()?.storage_class_name.as_deref())
            .chain(snap.stateful_sets.iter().flat_map(|s| {
                s.spec
                    .volume_claim_templates
                    .iter()
                    .flatten()
                    .filter_map(|t| t.spec.as_ref()?.storage_class_name.as_deref())
            }));
        for c in claimed {
            if !c.is_empty() && !storage.contains(c) {
                add("StorageClass", None, c);
            }
        }
    }
    snap.missing.extend(missing);
}

/// Records the scale targets of the kept HPAs that the complete controller lists do not hold.
fn record_missing_targets(
    snap: &mut Snapshot,
    controllers: &BTreeSet<(&'static str, String, String)>,
) {
    for h in &snap.hpas {
        let (ns, t) = (ns_of(&h.metadata), &h.spec.scale_target_ref);
        let known = matches!(t.kind.as_str(), "Deployment" | "StatefulSet");
        let key = (t.kind.as_str(), ns.to_string(), t.name.clone());
        let exists = controllers
            .iter()
            .any(|(k, n, x)| (*k, n, x) == (key.0, &key.1, &key.2));
        if known && !exists {
            snap.missing.push(Missing {
                kind: t.kind.clone(),
                namespace: Some(ns.to_string()),
                name: t.name.clone(),
            });
        }
    }
}

/// TLS Secrets are never read: each one of a kept Ingress is a "not checked" line.
fn tls_not_read(ctx: &GatherCtx<'_>, snap: &Snapshot) {
    for i in &snap.ingresses {
        let secrets = i
            .spec
            .iter()
            .flat_map(|s| s.tls.iter().flatten())
            .filter_map(|t| t.secret_name.as_deref());
        for secret in secrets {
            let ns = ns_of(&i.metadata);
            ctx.note(
                &What::msg(
                    Msg::new("nc-tls-secret")
                        .arg("namespace", ns)
                        .arg("secret", secret)
                        .arg("ingress", i.metadata.name.as_deref().unwrap_or("")),
                ),
                Why::new(
                    Msg::new("nc-why-secrets"),
                    Msg::new("verdict-short-secrets"),
                ),
            );
        }
    }
}

/// The Services the kept webhooks call, with their EndpointSlices; a Service that does not
/// exist is recorded as missing.
async fn webhook_services(ctx: &GatherCtx<'_>, snap: &mut Snapshot) {
    let refs: BTreeSet<(String, String)> = snap
        .mutating_webhooks
        .iter()
        .flat_map(|c| c.webhooks.iter().flatten().map(|w| &w.client_config))
        .chain(
            snap.validating_webhooks
                .iter()
                .flat_map(|c| c.webhooks.iter().flatten().map(|w| &w.client_config)),
        )
        .filter_map(|c| c.service.as_ref())
        .map(|s| (s.namespace.clone(), s.name.clone()))
        .filter(|(ns, name)| !has_name(&snap.services, ns, name))
        .collect();
    for (i, (ns, name)) in refs.into_iter().enumerate() {
        let what = What::msg(
            Msg::new("nc-webhook-service")
                .arg("namespace", ns.as_str())
                .arg("name", name.as_str()),
        )
        .about(&ns, &name);
        if i >= MAX_WEBHOOK_SERVICES {
            ctx.note(
                &what,
                Why::new(
                    Msg::new("nc-why-webhook-limit").arg("max", MAX_WEBHOOK_SERVICES),
                    Msg::new("verdict-short-lookup-limit"),
                ),
            );
            continue;
        }
        match ctx.get_in::<Service>(what, &ns, &name).await {
            Some(Some(service)) => {
                let slices: Option<Vec<EndpointSlice>> = ctx
                    .list_in(
                        What::msg(
                            Msg::new("nc-webhook-service-endpoint-slices")
                                .arg("namespace", ns.as_str())
                                .arg("name", name.as_str()),
                        )
                        .about(&ns, &name)
                        .of_kind(Kind::EndpointSlices),
                        Some(&ns),
                        ListQuery::labels(format!("kubernetes.io/service-name={name}")),
                    )
                    .await;
                snap.endpoint_slices.extend(slices.unwrap_or_default());
                snap.services.push(service);
            }
            Some(None) => snap.missing.push(Missing {
                kind: "Service".into(),
                namespace: Some(ns),
                name,
            }),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::admissionregistration::v1::ServiceReference;
    use serde_json::json;

    use super::*;

    #[test]
    fn a_webhook_is_in_front_of_the_namespaces_its_selector_matches() {
        let client = WebhookClientConfig {
            service: Some(ServiceReference {
                namespace: "policy".into(),
                name: "policy-webhook".into(),
                ..ServiceReference::default()
            }),
            ..WebhookClientConfig::default()
        };
        let rules: Vec<RuleWithOperations> = serde_json::from_value(json!([
            {"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
             "resources": ["pods"]}
        ]))
        .unwrap();
        let team: LabelSelector = serde_json::from_value(json!({
            "matchExpressions": [{"key": "team", "operator": "In", "values": ["shop"]}]
        }))
        .unwrap();
        let labels = |team: &str| BTreeMap::from([("team".to_string(), team.to_string())]);
        let front = |sel: Option<&LabelSelector>, scoped, l: Option<&BTreeMap<String, String>>| {
            in_front(&client, Some(&rules), sel, scoped, l)
        };
        assert_eq!(front(Some(&team), true, Some(&labels("shop"))), Some(true));
        assert_eq!(
            front(Some(&team), true, Some(&labels("billing"))),
            Some(false)
        );
        // Labels unknown: neither blamed nor cleared.
        assert_eq!(front(Some(&team), true, None), None);
        // An empty selector admits every namespace, labels or not; so does an overview of all.
        assert_eq!(
            front(Some(&LabelSelector::default()), true, None),
            Some(true)
        );
        assert_eq!(front(None, true, None), Some(true));
        assert_eq!(front(Some(&team), false, None), Some(true));
        // A webhook for ConfigMaps never matters to a triage.
        let configmaps: Vec<RuleWithOperations> = serde_json::from_value(json!([
            {"operations": ["CREATE"], "resources": ["configmaps"]}
        ]))
        .unwrap();
        assert_eq!(
            in_front(&client, Some(&configmaps), None, true, None),
            Some(false)
        );
    }
}
