//! Name → pods: which selector finds a workload's pods, and the controller read on the way.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service};

use super::reads::Ctx;
use crate::cluster::client::ListQuery;
use crate::cluster::selection;

/// How a workload name was resolved to pods.
#[derive(Default)]
pub(super) struct Resolution {
    /// The label selector that found the pods (or the controller's, if it has none).
    pub(super) selector: Option<String>,
    pub(super) pods: Vec<Pod>,
    pub(super) deployment: Option<Deployment>,
    pub(super) stateful_set: Option<StatefulSet>,
}

/// Name → pods: the selector of the Service of that name, else `app=NAME`, else
/// `app.kubernetes.io/name=NAME`, else the selector of a Deployment or StatefulSet of that name.
pub(super) async fn resolve(
    ctx: &Ctx<'_>,
    ns: &str,
    name: &str,
    services: &[Service],
) -> Resolution {
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
