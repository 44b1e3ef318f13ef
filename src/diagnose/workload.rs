//! A pod's workload (resolved by `Index::workload`), and small read helpers over pods shared by
//! the analyzers.

use k8s_openapi::api::core::v1::{Container, ContainerStatus};

use crate::cluster::snapshot::ClusterPod;

/// The controller a pod belongs to (Deployment through its ReplicaSet, StatefulSet, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkloadRef {
    pub namespace: String,
    /// "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" or "Pod" for bare pods.
    pub kind: String,
    pub name: String,
}

impl WorkloadRef {
    pub fn new(namespace: &str, kind: &str, name: &str) -> Self {
        WorkloadRef {
            namespace: namespace.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
        }
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

pub fn namespace(pod: &ClusterPod) -> &str {
    pod.metadata.namespace.as_deref().unwrap_or("default")
}

pub fn name(pod: &ClusterPod) -> &str {
    pod.metadata.name.as_deref().unwrap_or_default()
}

pub fn label<'a>(pod: &'a ClusterPod, key: &str) -> Option<&'a str> {
    pod.metadata.labels.as_ref()?.get(key).map(String::as_str)
}

pub fn node_name(pod: &ClusterPod) -> Option<&str> {
    pod.spec.as_ref()?.node_name.as_deref()
}

/// A `-l key=value` selector that finds the pods of a workload with kubectl, from the pod's
/// `app.kubernetes.io/name` or `app` label.
pub fn selector_flag(pod: &ClusterPod) -> Option<String> {
    ["app.kubernetes.io/name", "app"]
        .into_iter()
        .find_map(|k| label(pod, k).map(|v| format!("-l {k}={v}")))
}

/// `kubectl get pods` for a workload's pods.
pub fn get_pods_command(pod: &ClusterPod) -> String {
    match selector_flag(pod) {
        Some(sel) => format!("kubectl get pods -n {} {sel} -o wide", namespace(pod)),
        None => format!("kubectl get pods -n {} -o wide", namespace(pod)),
    }
}

/// Statuses of init and app containers.
pub fn container_statuses(pod: &ClusterPod) -> impl Iterator<Item = &ContainerStatus> {
    pod.status.iter().flat_map(|st| {
        st.init_container_statuses
            .iter()
            .flatten()
            .chain(st.container_statuses.iter().flatten())
    })
}

/// Specs of init and app containers.
pub fn containers(pod: &ClusterPod) -> impl Iterator<Item = &Container> {
    pod.spec.iter().flat_map(|sp| {
        sp.init_containers
            .iter()
            .flatten()
            .chain(sp.containers.iter())
    })
}

/// The spec of one container by name.
pub fn container<'a>(pod: &'a ClusterPod, name: &str) -> Option<&'a Container> {
    containers(pod).find(|c| c.name == name)
}

/// The waiting reason of a container status, e.g. "CrashLoopBackOff".
pub fn waiting_reason(cs: &ContainerStatus) -> Option<&str> {
    cs.state.as_ref()?.waiting.as_ref()?.reason.as_deref()
}

/// The memory limit of a container as written ("2Gi").
pub fn memory_limit(c: &Container) -> Option<&str> {
    let limits = c.resources.as_ref()?.limits.as_ref()?;
    limits.get("memory").map(|q| q.0.as_str())
}

/// True when the pod's Ready condition is True.
pub fn is_ready(pod: &ClusterPod) -> bool {
    pod.status
        .as_ref()
        .and_then(|st| st.conditions.as_ref())
        .into_iter()
        .flatten()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// The total restarts of a pod's containers.
pub fn restarts(pod: &ClusterPod) -> i64 {
    container_statuses(pod)
        .map(|cs| i64::from(cs.restart_count))
        .sum()
}

/// The status column of `kubectl get pods`: a waiting or terminated reason, else the phase.
pub fn status_column(pod: &ClusterPod) -> &str {
    let reason = container_statuses(pod).find_map(|cs| {
        let state = cs.state.as_ref()?;
        state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_deref())
            .or_else(|| state.terminated.as_ref().and_then(|t| t.reason.as_deref()))
    });
    reason
        .or_else(|| pod.status.as_ref()?.phase.as_deref())
        .unwrap_or("Unknown")
}

/// Header of `pod_row` lines.
pub const POD_ROW_HEADER: &str = "NAME  READY  STATUS  RESTARTS  NODE";

/// One line like `kubectl get pods -o wide`: name, ready, status, restarts, node.
pub fn pod_row(pod: &ClusterPod) -> String {
    let (ready, total) = container_statuses(pod)
        .filter(|cs| {
            pod.spec
                .as_ref()
                .is_some_and(|sp| sp.containers.iter().any(|c| c.name == cs.name))
        })
        .fold((0, 0), |(r, t), cs| (r + usize::from(cs.ready), t + 1));
    format!(
        "{}  {ready}/{total}  {}  {}  {}",
        name(pod),
        status_column(pod),
        restarts(pod),
        node_name(pod).unwrap_or("<none>")
    )
}
