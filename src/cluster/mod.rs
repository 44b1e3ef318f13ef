//! Read-only Kubernetes access: builds clients and gathers a `Snapshot` with GET requests only.

pub mod access_review;
pub mod client;
pub mod coverage;
pub mod dependencies;
pub mod error;
pub mod metrics;
pub mod names;
pub mod queries;
pub mod redact;
pub mod retry;
pub mod selection;
pub mod snapshot;
pub mod trim;
pub mod usage;

pub use access_review::{
    AccessCheck, AccessReport, FlaggedRule, RulesReview, create_self_subject_reviews,
    create_self_subject_rules_review, may_on_pods,
};
pub use client::{
    ClusterSpec, Clusters, Identity, ListQuery, LogQuery, MetricsKind, Page, ReadOnly,
};
pub use coverage::{Coverage, Failure, Outcome, Read};
pub use error::{ClusterError, Place};
pub use metrics::ApiMetrics;
pub use queries::{
    ReadScope, Unrestricted, What, Why, gather, gather_scoped, pod_log, pod_names, pod_selector,
    workload_names,
};
pub use snapshot::{
    ClusterEvent, Elsewhere, EventObject, Kind, Missing, NotChecked, PodLog, Snapshot, Target,
    Usage,
};

/// One kind of object the cluster layer reads, as RBAC names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadResource {
    /// API group; `""` is the core group.
    pub group: &'static str,
    /// Plural resource name, with `/subresource` where one is read (`pods/log`).
    pub resource: &'static str,
}

const fn read(group: &'static str, resource: &'static str) -> ReadResource {
    ReadResource { group, resource }
}

/// Every resource the cluster layer reads (verbs get/list/watch only). `deploy/`'s ClusterRole is
/// tested against this list, and the recording fake API server checks every request against it.
pub const READS: &[ReadResource] = &[
    read("", "pods"),
    read("", "pods/log"),
    read("", "events"),
    read("events.k8s.io", "events"),
    read("", "nodes"),
    read("", "namespaces"),
    read("", "persistentvolumeclaims"),
    read("", "persistentvolumes"),
    read("", "services"),
    read("", "endpoints"),
    read("discovery.k8s.io", "endpointslices"),
    read("networking.k8s.io", "networkpolicies"),
    read("apps", "deployments"),
    read("apps", "replicasets"),
    read("apps", "statefulsets"),
    read("apps", "daemonsets"),
    read("batch", "jobs"),
    read("batch", "cronjobs"),
    read("networking.k8s.io", "ingresses"),
    read("networking.k8s.io", "ingressclasses"),
    read("autoscaling", "horizontalpodautoscalers"),
    read("policy", "poddisruptionbudgets"),
    read(
        "admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
    ),
    read(
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
    ),
    read("storage.k8s.io", "storageclasses"),
    read("metrics.k8s.io", "pods"),
    read("metrics.k8s.io", "nodes"),
];
