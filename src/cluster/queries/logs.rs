//! Container logs: the previous-container logs of representative pods for `gather`, and one
//! log for `/logs`.

use k8s_openapi::api::core::v1::Pod;

use super::notes::{What, Why};
use super::reads::{GatherCtx, Skip};
use super::{LOG_LIMIT_BYTES, LOG_TAIL_LINES, MAX_LOG_CALLS, MAX_TAIL_LINES};
use crate::cluster::client::{LogQuery, ReadOnly};
use crate::cluster::error::ClusterError;
use crate::cluster::names;
use crate::cluster::selection::{self, LogPick};
use crate::cluster::snapshot::{ClusterPod, PodLog};
use crate::i18n::Msg;

/// Previous-container logs of one representative pod per failure group, at most
/// `MAX_LOG_CALLS` requests, concurrently.
pub(super) async fn representative_logs(ctx: &GatherCtx<'_>, pods: &[ClusterPod]) -> Vec<PodLog> {
    let picks = selection::representative_logs(pods, MAX_LOG_CALLS);
    let reads = picks.iter().map(|pick| read_pick(ctx, pick));
    futures::future::join_all(reads)
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn read_pick(ctx: &GatherCtx<'_>, pick: &LogPick) -> Option<PodLog> {
    let which = if pick.previous {
        "nc-previous-logs-of"
    } else {
        "nc-logs-of"
    };
    let what = What::msg(Msg::new(which).arg("name", pick.pod.as_str())).detail(
        Msg::new("nc-log-group")
            .arg("container", pick.container.as_str())
            .arg("count", pick.pods_in_group)
            .arg("group", pick.group.as_str()),
    );
    if let Err(skip) = ctx.halted() {
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
                &what,
                Why::new(
                    Msg::new("nc-why-kubelet")
                        .arg("code", u32::from(code))
                        .arg("message", message),
                    Msg::new("verdict-short-kubelet"),
                ),
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
pub(super) async fn read_log(
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
        return Err(ClusterError::TailOutOfRange {
            got: tail,
            max: MAX_TAIL_LINES,
        });
    }
    let not_found = || ClusterError::PodNotFound {
        namespace: namespace.to_string(),
        pod: pod.to_string(),
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
            ClusterError::NotServed { .. } => not_found(),
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
        _ => Err(ClusterError::ChooseContainer {
            pod: name.to_string(),
            containers: containers.join(", "),
        }),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
