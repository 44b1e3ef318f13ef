//! Name → pods: which selector finds a workload's pods. The reads that do not depend on each
//! other (the namespace's Services, pods labelled `app=NAME`, the Deployment of that name)
//! start at once; another pod list is sent only when the selector that wins is not `app=NAME`,
//! and the StatefulSet of that name is read only when no label finds pods.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::reads::Ctx;
use crate::cluster::client::ListQuery;
use crate::cluster::selection;

/// How a workload name was resolved to pods.
#[derive(Default)]
pub(super) struct Resolution {
    /// The label selector that found the pods (or the controller's, if it has none).
    pub(super) selector: Option<String>,
    pub(super) pods: Vec<Pod>,
    /// The Deployment of that name, when it selects the pods (or no pods were found).
    pub(super) deployment: Option<Deployment>,
    /// The StatefulSet of that name, when it selects the pods (or no pods were found).
    pub(super) stateful_set: Option<StatefulSet>,
    /// Every Service of the namespace (to pick those that select the pods).
    pub(super) services: Vec<Service>,
}

/// Name → pods: the selector of the Service of that name, else `app=NAME`, else
/// `app.kubernetes.io/name=NAME`, else the selector of a Deployment or StatefulSet of that name.
pub(super) async fn resolve(ctx: &Ctx<'_>, ns: &str, name: &str) -> Resolution {
    let app = format!("app={name}");
    let deployment_what = format!("Deployment {name} in namespace {ns}");
    let stateful_set_what = format!("StatefulSet {name} in namespace {ns}");
    let (services, by_app, deployment) = tokio::join!(
        ctx.list_in::<Service>(
            format!("services in namespace {ns}"),
            Some(ns),
            ListQuery::from_cache()
        ),
        ctx.list_in::<Pod>(
            format!("pods of {name} ({app})"),
            Some(ns),
            ListQuery::labels(&app)
        ),
        ctx.get_in::<Deployment>(&deployment_what, ns, name),
    );
    let services = services.unwrap_or_default();
    let deployment = deployment.flatten();
    let service_selector = services
        .iter()
        .find(|s| s.metadata.name.as_deref() == Some(name))
        .and_then(|s| s.spec.as_ref()?.selector.as_ref())
        .and_then(selection::map_selector);
    let candidates = service_selector
        .into_iter()
        .chain([app.clone(), format!("app.kubernetes.io/name={name}")]);
    let mut by_app = Some(by_app);
    let mut tried: Vec<String> = Vec::new();
    let mut stateful_set: Option<StatefulSet> = None;
    let mut controller_selector = deployment
        .as_ref()
        .and_then(|d| selection::label_selector(&d.spec.selector));
    let mut candidates: Vec<String> = candidates.collect();
    let mut next = 0;
    let found = loop {
        if next == candidates.len() {
            // No label found pods: the controller of that name says which labels its pods have.
            if controller_selector.is_none() && stateful_set.is_none() {
                stateful_set = ctx
                    .get_in::<StatefulSet>(&stateful_set_what, ns, name)
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
                ctx.list_in::<Pod>(
                    format!("pods of {name} ({selector})"),
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
                    ..Resolution::default()
                };
            }
        }
    };
    let Some((selector, pods)) = found else {
        if controller_selector.is_none() {
            ctx.note(
                format!("pods of {name}"),
                format!(
                    "none found in namespace {ns}: no pods match {}, and there is no Deployment \
                     or StatefulSet {name} (check the name and the namespace)",
                    tried.join(" or ")
                ),
            );
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
            .any(|p| selection::matches(sel, p.metadata.labels.as_ref()))
    };
    Resolution {
        selector: Some(selector),
        deployment: deployment.filter(|d| selects_pods(&d.spec.selector)),
        stateful_set,
        pods,
        services,
    }
}
