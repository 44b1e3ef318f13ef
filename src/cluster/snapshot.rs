//! The `Snapshot`: everything one triage read from the cluster, plus what it could not read.
//!
//! The cluster layer fills it; the pure analyzers in `crate::diagnose` read it. Nothing in here
//! does I/O.

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    Event, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::NetworkPolicy;

/// What a triage looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One workload, resolved to its pods by Service selector, `app` labels or controller name.
    Workload { name: String },
    /// Every failing pod of a namespace (or of all namespaces), plus node pressure.
    Overview,
}

/// Usage of one pod or node from metrics.k8s.io.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// `namespace/name` for pods, `name` for nodes.
    pub name: String,
    /// CPU in millicores.
    pub cpu_millis: u64,
    /// Memory in bytes.
    pub memory_bytes: u64,
}

/// A container log the cluster layer fetched for a representative pod of a failure group.
#[derive(Debug, Clone, PartialEq)]
pub struct PodLog {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// Log of the previous (crashed) container instance.
    pub previous: bool,
    /// The text, decoded lossily and capped in bytes; redacted by the cluster layer as it was read.
    pub text: String,
    /// The kubectl command that reproduces this read.
    pub command: String,
}

/// Something the triage could not check, and why ("forbidden", "metrics API not served", ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    pub what: String,
    pub why: String,
}

/// Everything read for one triage.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub cluster: String,
    /// The namespace searched; `None` means all namespaces (overview only).
    pub namespace: Option<String>,
    pub target: Option<Target>,
    pub taken_at: Option<DateTime<Utc>>,
    pub pods: Vec<Pod>,
    /// core/v1 events of the namespace(s) involved.
    pub events: Vec<Event>,
    /// The nodes the pods run on (all nodes for an overview).
    pub nodes: Vec<Node>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    pub pvs: Vec<PersistentVolume>,
    pub network_policies: Vec<NetworkPolicy>,
    /// Services that select the pods, and services the workload depends on (e.g. named in logs).
    pub services: Vec<Service>,
    pub endpoint_slices: Vec<EndpointSlice>,
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub stateful_sets: Vec<StatefulSet>,
    /// `None` when metrics.k8s.io is not served or not readable.
    pub pod_metrics: Option<Vec<Usage>>,
    pub node_metrics: Option<Vec<Usage>>,
    pub logs: Vec<PodLog>,
    pub not_checked: Vec<NotChecked>,
}

impl Target {
    /// The workload name, if this target is one workload.
    pub fn workload(&self) -> Option<&str> {
        match self {
            Target::Workload { name } => Some(name),
            Target::Overview => None,
        }
    }
}
