//! Which workload a pod belongs to, and small read helpers over pods shared by the analyzers.

use std::collections::HashMap;

use k8s_openapi::api::core::v1::{Container, ContainerStatus, Pod};

use crate::cluster::Snapshot;

/// The controller a pod belongs to (Deployment through its ReplicaSet, StatefulSet, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkloadRef {
    pub namespace: String,
    /// "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" or "Pod" for bare pods.
    pub kind: String,
    pub name: String,
}

impl WorkloadRef {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// Resolves pods to their workloads; built once per analyzer run.
pub struct Workloads {
    /// (namespace, ReplicaSet name) -> Deployment name.
    rs_owner: HashMap<(String, String), String>,
}

impl Workloads {
    pub fn new(s: &Snapshot) -> Self {
        let mut rs_owner = HashMap::with_capacity(s.replica_sets.len());
        for rs in &s.replica_sets {
            let (Some(ns), Some(name)) = (&rs.metadata.namespace, &rs.metadata.name) else {
                continue;
            };
            let owner = rs
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.kind == "Deployment" && o.controller.unwrap_or(false));
            if let Some(owner) = owner {
                rs_owner.insert((ns.clone(), name.clone()), owner.name.clone());
            }
        }
        Workloads { rs_owner }
    }

    /// The workload of a pod. A ReplicaSet not in the snapshot is resolved by stripping its
    /// pod-template-hash suffix.
    pub fn of(&self, pod: &Pod) -> WorkloadRef {
        let namespace = namespace(pod).to_string();
        let owner = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.controller.unwrap_or(false));
        let Some(owner) = owner else {
            return WorkloadRef {
                namespace,
                kind: "Pod".into(),
                name: name(pod).to_string(),
            };
        };
        if owner.kind == "ReplicaSet" {
            if let Some(dep) = self.rs_owner.get(&(namespace.clone(), owner.name.clone())) {
                return WorkloadRef {
                    namespace,
                    kind: "Deployment".into(),
                    name: dep.clone(),
                };
            }
            let hash = label(pod, "pod-template-hash");
            if let Some(dep) = hash.and_then(|h| owner.name.strip_suffix(&format!("-{h}"))) {
                return WorkloadRef {
                    namespace,
                    kind: "Deployment".into(),
                    name: dep.to_string(),
                };
            }
        }
        WorkloadRef {
            namespace,
            kind: owner.kind.clone(),
            name: owner.name.clone(),
        }
    }
}

pub fn namespace(pod: &Pod) -> &str {
    pod.metadata.namespace.as_deref().unwrap_or("default")
}

pub fn name(pod: &Pod) -> &str {
    pod.metadata.name.as_deref().unwrap_or("")
}

pub fn label<'a>(pod: &'a Pod, key: &str) -> Option<&'a str> {
    pod.metadata.labels.as_ref()?.get(key).map(String::as_str)
}

pub fn node_name(pod: &Pod) -> Option<&str> {
    pod.spec.as_ref()?.node_name.as_deref()
}

/// A `-l key=value` selector that finds the pods of a workload with kubectl, from the pod's
/// `app.kubernetes.io/name` or `app` label.
pub fn selector_flag(pod: &Pod) -> Option<String> {
    ["app.kubernetes.io/name", "app"]
        .into_iter()
        .find_map(|k| label(pod, k).map(|v| format!("-l {k}={v}")))
}

/// `kubectl get pods` for a workload's pods.
pub fn get_pods_command(pod: &Pod) -> String {
    match selector_flag(pod) {
        Some(sel) => format!("kubectl get pods -n {} {sel} -o wide", namespace(pod)),
        None => format!("kubectl get pods -n {} -o wide", namespace(pod)),
    }
}

/// Statuses of init and app containers.
pub fn container_statuses(pod: &Pod) -> impl Iterator<Item = &ContainerStatus> {
    pod.status.iter().flat_map(|st| {
        st.init_container_statuses
            .iter()
            .flatten()
            .chain(st.container_statuses.iter().flatten())
    })
}

/// Specs of init and app containers.
pub fn containers(pod: &Pod) -> impl Iterator<Item = &Container> {
    pod.spec.iter().flat_map(|sp| {
        sp.init_containers
            .iter()
            .flatten()
            .chain(sp.containers.iter())
    })
}

/// The spec of one container by name.
pub fn container<'a>(pod: &'a Pod, name: &str) -> Option<&'a Container> {
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
pub fn is_ready(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|st| st.conditions.as_ref())
        .into_iter()
        .flatten()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// The total restarts of a pod's containers.
pub fn restarts(pod: &Pod) -> i64 {
    container_statuses(pod)
        .map(|cs| i64::from(cs.restart_count))
        .sum()
}

/// The status column of `kubectl get pods`: a waiting or terminated reason, else the phase.
pub fn status_column(pod: &Pod) -> &str {
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
pub fn pod_row(pod: &Pod) -> String {
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
