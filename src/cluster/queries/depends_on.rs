//! Dependencies: reads the Services a workload names in its logs or env (found by
//! `cluster::dependencies`) with their EndpointSlices, in their own namespaces.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::discovery::v1::EndpointSlice;

use super::notes::{What, Why};
use super::reads::GatherCtx;
use super::workload::endpoint_slices;
use crate::cluster::dependencies::{self, ServiceRef};
use crate::cluster::snapshot::{ClusterPod, PodLog};
use crate::i18n::Msg;

/// Dependencies (Services named in logs or env) looked up per `gather`, at most.
const MAX_DEPENDENCIES: usize = 3;

/// Services the workload depends on (named in the logs read, then in container env values),
/// with their EndpointSlices, in their own namespaces when the policy's scope includes them; each dependency's two reads run at once,
/// and all dependencies concurrently.
pub(super) async fn dependencies(
    ctx: &GatherCtx<'_>,
    ns: &str,
    name: &str,
    logs: &[PodLog],
    known: &[Service],
    pods: &[ClusterPod],
) -> (Vec<Service>, Vec<EndpointSlice>) {
    let from_logs = logs.iter().flat_map(|l| dependencies::in_log(&l.text));
    let env_values = pods
        .iter()
        .filter_map(|p| p.spec.as_ref())
        .flat_map(|s| s.containers.iter())
        .flat_map(|c| c.env.iter().flatten())
        .filter_map(|e| e.value.as_deref());
    let from_env = env_values.flat_map(dependencies::in_env_value);
    let mut refs: Vec<ServiceRef> = Vec::new();
    for r in from_logs.chain(from_env) {
        let is_known = known.iter().any(|s| {
            s.metadata.namespace.as_deref() == Some(&r.namespace)
                && s.metadata.name.as_deref() == Some(&r.name)
        });
        let own = r.namespace == ns && r.name == name;
        if !is_known && !own && !refs.contains(&r) {
            refs.push(r);
        }
    }
    let mut reads = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let what = What::msg(
            Msg::new("nc-dependency")
                .arg("namespace", r.namespace.as_str())
                .arg("name", r.name.as_str()),
        )
        .detail(Msg::new("nc-named-by").arg("name", name))
        .about(&r.namespace, &r.name);
        if i >= MAX_DEPENDENCIES {
            ctx.note(
                &what,
                Why::new(
                    Msg::new("nc-why-dependency-limit").arg("max", MAX_DEPENDENCIES),
                    Msg::new("verdict-short-lookup-limit"),
                ),
            );
            continue;
        }
        if let Some(why) = ctx.scope.refuses(&r.namespace) {
            let service = What::msg(
                Msg::new("nc-service")
                    .arg("namespace", r.namespace.as_str())
                    .arg("name", r.name.as_str()),
            )
            .about(&r.namespace, &r.name);
            ctx.note(
                &service,
                Why::new(why, Msg::new("verdict-short-out-of-scope")),
            );
            continue;
        }
        reads.push(dependency(ctx, r, what));
    }
    let mut services = Vec::new();
    let mut slices = Vec::new();
    for (service, mine) in futures::future::join_all(reads).await.into_iter().flatten() {
        services.push(service);
        slices.extend(mine);
    }
    (services, slices)
}

/// One dependency: its Service and EndpointSlices, read at once; `None` when it does not exist
/// or could not be read (noted).
async fn dependency(
    ctx: &GatherCtx<'_>,
    r: &ServiceRef,
    what: What,
) -> Option<(Service, Vec<EndpointSlice>)> {
    let (found, slices) = tokio::join!(
        ctx.get_in::<Service>(what.clone(), &r.namespace, &r.name),
        endpoint_slices(ctx, &r.namespace, std::slice::from_ref(&r.name)),
    );
    let Some(service) = found? else {
        let service = |key| {
            Msg::new(key)
                .arg("namespace", r.namespace.as_str())
                .arg("name", r.name.as_str())
        };
        ctx.note(
            &what,
            Why::new(service("nc-why-no-service"), service("nc-short-no-service")),
        );
        return None;
    };
    Some((service, slices))
}
