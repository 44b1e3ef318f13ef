//! Dependencies: reads the Services a workload names in its logs or env (found by
//! `cluster::dependencies`) with their EndpointSlices, in their own namespaces.

use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;

use super::reads::{Ctx, Skip};
use super::workload::endpoint_slices;
use crate::cluster::dependencies::{DependencyFinder, ServiceRef};
use crate::cluster::snapshot::Snapshot;

/// Dependencies (Services named in logs or env) looked up per `gather`, at most.
const MAX_DEPENDENCIES: usize = 3;

/// Services the workload depends on (named in the logs read, then in container env values),
/// with their EndpointSlices, in their own namespaces.
pub(super) async fn dependencies(
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
