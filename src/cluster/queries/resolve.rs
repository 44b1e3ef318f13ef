//! Name → pods: which selector finds a workload's pods. The reads that do not depend on each
//! other (the namespace's Services, pods labelled `app=NAME`, the Deployment of that name)
//! start at once; another pod list is sent only when the selector that wins is not `app=NAME`,
//! and the StatefulSet of that name is read only when no label finds pods; a DaemonSet, Job,
//! CronJob, Ingress or HPA of that name only when neither controller exists. Whichever kind
//! wins, the pods it finds get the same reads as a Deployment's. A name found nowhere is looked
//! for in the other namespaces (`found_in`).

use std::collections::BTreeSet;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::core::PartialObjectMeta;

use super::notes::{What, Why};
use super::reads::GatherCtx;
use crate::cluster::client::{ListQuery, Page};
use crate::cluster::error::ClusterError;
use crate::cluster::selection;
use crate::cluster::snapshot::{ClusterPod, Kind};
use crate::i18n::{Msg, Text};

/// How a workload name was resolved to pods.
#[derive(Default)]
pub(super) struct Resolution {
    /// The label selector that found the pods (or the controller's, if it has none).
    pub(super) selector: Option<String>,
    pub(super) pods: Vec<ClusterPod>,
    /// The Deployment of that name, when it selects the pods (or no pods were found).
    pub(super) deployment: Option<Deployment>,
    /// The StatefulSet of that name, when it selects the pods (or no pods were found).
    pub(super) stateful_set: Option<StatefulSet>,
    /// Every Service of the namespace (to pick those that select the pods).
    pub(super) services: Vec<Service>,
    /// A list of the workload's pods failed: `pods` is empty because they are unknown.
    pub(super) pods_unread: bool,
}

/// Name → pods: the selector of the Service of that name, else `app=NAME`, else
/// `app.kubernetes.io/name=NAME`, else the selector of a Deployment or StatefulSet of that name,
/// else the pods of a DaemonSet, Job, CronJob, Ingress or HPA of that name ([`other_kinds`]).
pub(super) async fn resolve(ctx: &GatherCtx<'_>, ns: &str, name: &str) -> Resolution {
    let app = format!("app={name}");
    let (services, by_app, deployment) = tokio::join!(
        ctx.list_in::<Service>(
            What::list(Kind::Services, Some(ns)),
            Some(ns),
            ListQuery::from_cache()
        ),
        ctx.list_pods(pods_of(name, &app), Some(ns), ListQuery::labels(&app)),
        ctx.get_in::<Deployment>(What::object("Deployment", ns, name), ns, name),
    );
    let services = services.unwrap_or_default();
    let deployment = deployment.flatten();
    let mut candidates = label_candidates(&services, name, &app);
    let mut by_app = Some(by_app);
    let mut tried: Vec<String> = Vec::new();
    let mut stateful_set: Option<StatefulSet> = None;
    let mut controller_selector = deployment
        .as_ref()
        .and_then(|d| selection::label_selector(&d.spec.selector));
    let mut next = 0;
    let found = loop {
        if next == candidates.len() {
            // No label found pods: the controller of that name says which labels its pods have.
            if controller_selector.is_none() && stateful_set.is_none() {
                stateful_set = ctx
                    .get_in::<StatefulSet>(What::object("StatefulSet", ns, name), ns, name)
                    .await
                    .flatten();
                controller_selector = stateful_set
                    .as_ref()
                    .and_then(|s| selection::label_selector(&s.spec.selector));
            }
            match &controller_selector {
                Some(sel) if !tried.contains(sel) => candidates.push(sel.clone()),
                _ => break None,
            }
        }
        let selector = candidates[next].clone();
        next += 1;
        if tried.contains(&selector) {
            continue;
        }
        tried.push(selector.clone());
        let pods = match by_app.take_if(|_| selector == app) {
            Some(pre_read) => pre_read,
            None => {
                ctx.list_pods(
                    pods_of(name, &selector),
                    Some(ns),
                    ListQuery::labels(&selector),
                )
                .await
            }
        };
        match pods {
            Some(pods) if !pods.is_empty() => break Some((selector, pods)),
            Some(_) => {}
            None => {
                return Resolution {
                    services,
                    pods_unread: true,
                    ..Resolution::default()
                };
            }
        }
    };
    let Some((selector, pods)) = found else {
        if controller_selector.is_none()
            && let Some(other) = other_kinds_or_note(ctx, ns, name, &services, &tried).await
        {
            return Resolution { services, ..other };
        }
        return Resolution {
            selector: controller_selector,
            deployment,
            stateful_set,
            services,
            ..Resolution::default()
        };
    };
    let selects_pods = |sel: &LabelSelector| {
        pods.iter()
            .any(|p| selection::matches(sel, p.metadata.labels.as_deref()))
    };
    Resolution {
        selector: Some(selector),
        deployment: deployment.filter(|d| selects_pods(&d.spec.selector)),
        stateful_set,
        pods,
        services,
        pods_unread: false,
    }
}

/// `pods of web (app=web)`; in short, `pods of web`.
fn pods_of(name: &str, selector: &str) -> What {
    What::msg(Msg::new("nc-pods-of").arg("name", name)).detail(selector)
}

/// The label selectors tried first, in order: the Service of that name's, `app=NAME`,
/// `app.kubernetes.io/name=NAME`.
fn label_candidates(services: &[Service], name: &str, app: &str) -> Vec<String> {
    let service_selector = services
        .iter()
        .find(|s| s.metadata.name.as_deref() == Some(name))
        .and_then(|s| s.spec.as_ref()?.selector.as_ref())
        .and_then(selection::map_selector);
    service_selector
        .into_iter()
        .chain([app.to_string(), format!("app.kubernetes.io/name={name}")])
        .collect()
}

/// No label found pods and no Deployment or StatefulSet has the name: the pods of another kind
/// of that name (`other_kinds`), or `None` and a note saying what was tried.
async fn other_kinds_or_note(
    ctx: &GatherCtx<'_>,
    ns: &str,
    name: &str,
    services: &[Service],
    tried: &[String],
) -> Option<Resolution> {
    let other = other_kinds(ctx, ns, name, services).await;
    if other.is_none() {
        let selectors = tried
            .iter()
            .map(|t| Text::from(t.as_str()))
            .reduce(|head, last| Text::with(Msg::new("nc-or"), [("head", head), ("last", last)]))
            .unwrap_or_else(|| Text::Sentences(Vec::new()));
        ctx.note(
            &What::msg(Msg::new("nc-pods-of").arg("name", name)),
            Why::new(
                Text::with(
                    Msg::new("nc-why-no-pods")
                        .arg("namespace", ns)
                        .arg("name", name),
                    [("selectors", selectors)],
                ),
                Msg::new("nc-short-no-pods").arg("namespace", ns),
            ),
        );
    }
    other
}

/// The pods of the DaemonSet, Job, CronJob, Ingress (through the first of its backend Services
/// with a selector) or HPA (through its Deployment or StatefulSet) named `name`, in that order
/// of precedence; the five are looked up at once. `None` when none of them exists (or none
/// could be read: noted); a `Resolution` without pods when one exists but leads to none.
async fn other_kinds(
    ctx: &GatherCtx<'_>,
    ns: &str,
    name: &str,
    services: &[Service],
) -> Option<Resolution> {
    let what = |kind: &str| What::object(kind, ns, name);
    let (daemon_set, job, cron_job, ingress, hpa) = tokio::join!(
        ctx.get_in::<DaemonSet>(what("DaemonSet"), ns, name),
        ctx.get_in::<Job>(what("Job"), ns, name),
        ctx.get_in::<CronJob>(what("CronJob"), ns, name),
        ctx.get_in::<Ingress>(what("Ingress"), ns, name),
        ctx.get_in::<HorizontalPodAutoscaler>(what("HorizontalPodAutoscaler"), ns, name),
    );
    let mut found = Resolution::default();
    found.selector = if let Some(d) = daemon_set.flatten() {
        selection::label_selector(&d.spec.selector)
    } else if let Some(j) = job.flatten() {
        j.spec
            .and_then(|s| s.selector)
            .and_then(|s| selection::label_selector(&s))
            .or_else(|| Some(format!("job-name={name}")))
    } else if cron_job.flatten().is_some() {
        cron_job_selector(ctx, ns, name).await
    } else if let Some(i) = ingress.flatten() {
        crate::diagnose::ingress::routes(&i)
            .into_iter()
            .find_map(|(_, _, backend, _)| {
                services
                    .iter()
                    .find(|s| s.metadata.name.as_deref() == Some(backend.as_str()))
                    .and_then(|s| s.spec.as_ref()?.selector.as_ref())
                    .and_then(selection::map_selector)
            })
    } else if let Some(h) = hpa.flatten() {
        let target = &h.spec.scale_target_ref;
        let what = What::object(&target.kind, ns, &target.name);
        match target.kind.as_str() {
            "Deployment" => {
                found.deployment = ctx
                    .get_in::<Deployment>(what, ns, &target.name)
                    .await
                    .flatten();
                found
                    .deployment
                    .as_ref()
                    .and_then(|d| selection::label_selector(&d.spec.selector))
            }
            "StatefulSet" => {
                found.stateful_set = ctx
                    .get_in::<StatefulSet>(what, ns, &target.name)
                    .await
                    .flatten();
                found
                    .stateful_set
                    .as_ref()
                    .and_then(|s| selection::label_selector(&s.spec.selector))
            }
            _ => None,
        }
    } else {
        return None;
    };
    if let Some(selector) = &found.selector {
        match ctx
            .list_pods(
                pods_of(name, selector),
                Some(ns),
                ListQuery::labels(selector),
            )
            .await
        {
            Some(pods) => found.pods = pods,
            None => found.pods_unread = true,
        }
    }
    Some(found)
}

/// `job-name in (…)` over the Jobs CronJob `name` owns; `None` when it owns none right now.
async fn cron_job_selector(ctx: &GatherCtx<'_>, ns: &str, name: &str) -> Option<String> {
    let jobs: Vec<Job> = ctx
        .list_in(
            What::list(Kind::Jobs, Some(ns)),
            Some(ns),
            ListQuery::default(),
        )
        .await?;
    let owned: Vec<String> = jobs
        .into_iter()
        .filter(|j| {
            j.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.kind == "CronJob" && o.name == name)
        })
        .filter_map(|j| j.metadata.name)
        .collect();
    (!owned.is_empty()).then(|| format!("job-name in ({})", owned.join(",")))
}

/// The namespaces other than `ns` that hold a Deployment, StatefulSet or Service named `name`
/// (sorted): where a workload not found in `ns` may be. Three cluster-wide lists of metadata
/// selected by name, asked only when the reader may read every namespace; a list the
/// cluster refuses adds nothing (this is a hint, not a check).
pub(super) async fn found_in(ctx: &GatherCtx<'_>, ns: &str, name: &str) -> Vec<String> {
    if !ctx.scope.reads_everywhere() {
        return Vec::new();
    }
    let by_name = ListQuery::fields(format!("metadata.name={name}"));
    let (deployments, stateful_sets, services) = tokio::join!(
        ctx.ro.list_metadata::<Deployment>(None, &by_name),
        ctx.ro.list_metadata::<StatefulSet>(None, &by_name),
        ctx.ro.list_metadata::<Service>(None, &by_name),
    );
    let found: BTreeSet<String> = namespaces(deployments)
        .into_iter()
        .chain(namespaces(stateful_sets))
        .chain(namespaces(services))
        .filter(|other| other != ns)
        .collect();
    found.into_iter().collect()
}

/// The namespaces of a page's objects; none when the list failed.
fn namespaces<K>(page: Result<Page<PartialObjectMeta<K>>, ClusterError>) -> Vec<String> {
    page.map(|p| {
        p.items
            .into_iter()
            .filter_map(|o| o.metadata.namespace)
            .collect()
    })
    .unwrap_or_default()
}
