//! The `Snapshot`: everything one triage read from the cluster, plus what it could not read.
//!
//! The cluster layer fills it; the pure analyzers in `crate::diagnose` read it. Nothing in here
//! does I/O.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use k8s_openapi::api::admissionregistration::v1::{
    MutatingWebhookConfiguration, ValidatingWebhookConfiguration,
};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    Node, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec, PodStatus, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, OwnerReference, Time};

use crate::diagnose::text::{micro_time, time};
use crate::i18n::Text;

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

/// A pod as a triage keeps it: its metadata and status of its own, its labels and spec shared
/// with the pods that have the same ones. Made slim, a ReplicaSet's pods differ in name, status
/// and node only, so 3,000 pods of one Deployment on 20 nodes hold 20 specs and one label map,
/// not 3,000 of each (a spec with its containers is ~4 KB before its strings, a label map
/// ~0.5 KB).
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(
    test,
    derive(serde::Deserialize, serde::Serialize),
    serde(from = "Pod", into = "Pod")
)]
pub struct ClusterPod {
    pub metadata: PodMeta,
    pub spec: Option<Arc<PodSpec>>,
    pub status: Option<PodStatus>,
}

/// The metadata of a pod an analyzer reads (an `ObjectMeta` is 360 bytes before its strings).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodMeta {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Option<Arc<BTreeMap<String, String>>>,
    pub owner_references: Option<Vec<OwnerReference>>,
    pub creation_timestamp: Option<Time>,
    pub deletion_timestamp: Option<Time>,
}

impl From<ObjectMeta> for PodMeta {
    fn from(m: ObjectMeta) -> Self {
        PodMeta {
            name: m.name,
            namespace: m.namespace,
            labels: m.labels.map(Arc::new),
            owner_references: m.owner_references,
            creation_timestamp: m.creation_timestamp,
            deletion_timestamp: m.deletion_timestamp,
        }
    }
}

impl From<Pod> for ClusterPod {
    fn from(p: Pod) -> Self {
        ClusterPod {
            metadata: p.metadata.into(),
            spec: p.spec.map(Arc::new),
            status: p.status,
        }
    }
}

#[cfg(test)]
impl From<ClusterPod> for Pod {
    fn from(p: ClusterPod) -> Self {
        let m = p.metadata;
        Pod {
            metadata: ObjectMeta {
                name: m.name,
                namespace: m.namespace,
                labels: m.labels.map(Arc::unwrap_or_clone),
                owner_references: m.owner_references,
                creation_timestamp: m.creation_timestamp,
                deletion_timestamp: m.deletion_timestamp,
                ..ObjectMeta::default()
            },
            spec: p.spec.map(Arc::unwrap_or_clone),
            status: p.status,
        }
    }
}

/// A core/v1 event as a triage keeps it: the few fields the analyzers read, its times and count
/// worked out once. A kept `Event` is ~1 KB before its strings, this a fifth of that; a
/// namespace with thousands of failing pods keeps thousands of events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Deserialize), serde(from = "EventFields"))]
pub struct ClusterEvent {
    /// `Warning` or `Normal`.
    pub type_: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub involved_object: EventObject,
    /// How many times it happened: `series.count`, else `count`, else once.
    pub count: u64,
    /// `firstTimestamp`, else `eventTime`, else the event's creation.
    pub first_seen: Option<DateTime<Utc>>,
    /// `series.lastObservedTime`, else `lastTimestamp`, else first seen.
    pub last_seen: Option<DateTime<Utc>>,
}

/// The object an event is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct EventObject {
    pub kind: Option<String>,
    pub name: Option<String>,
    /// The object's namespace, else the event's own.
    pub namespace: Option<String>,
}

/// What a triage reads of a core/v1 event, decoded straight from an answer: serde skips every
/// other field (the event's name, uid and resourceVersion, its source and reporting component,
/// the involved object's uid and fieldPath) without building it. A 10,000-pod namespace can
/// hold 50,000 events.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EventFields {
    #[serde(default)]
    metadata: EventMeta,
    #[serde(default)]
    involved_object: EventObject,
    #[serde(rename = "type")]
    type_: Option<String>,
    reason: Option<String>,
    message: Option<String>,
    count: Option<i32>,
    first_timestamp: Option<Time>,
    last_timestamp: Option<Time>,
    event_time: Option<MicroTime>,
    series: Option<EventSeries>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventMeta {
    namespace: Option<String>,
    creation_timestamp: Option<Time>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventSeries {
    count: Option<i32>,
    last_observed_time: Option<MicroTime>,
}

impl EventFields {
    /// Counted by core/v1 `count`, with first and last times: repeats of it can be merged.
    /// Events counted by `series` (events.k8s.io style) or without timestamps cannot.
    pub(crate) fn mergeable(&self) -> bool {
        self.series.is_none() && self.first_timestamp.is_some() && self.last_timestamp.is_some()
    }
}

impl From<EventFields> for ClusterEvent {
    fn from(e: EventFields) -> Self {
        let first_seen = (e.first_timestamp.as_ref().and_then(time))
            .or_else(|| e.event_time.as_ref().and_then(micro_time))
            .or_else(|| e.metadata.creation_timestamp.as_ref().and_then(time));
        let series = e.series.as_ref();
        let last_seen = (series.and_then(|s| s.last_observed_time.as_ref()))
            .and_then(micro_time)
            .or_else(|| e.last_timestamp.as_ref().and_then(time))
            .or(first_seen);
        let count = series.and_then(|s| s.count).or(e.count).unwrap_or(1);
        let o = e.involved_object;
        ClusterEvent {
            type_: e.type_,
            reason: e.reason,
            message: e.message,
            involved_object: EventObject {
                namespace: o.namespace.or(e.metadata.namespace),
                ..o
            },
            count: u64::try_from(count).unwrap_or(0).max(1),
            first_seen,
            last_seen,
        }
    }
}

/// Something the triage could not check, and why ("forbidden", "metrics API not served", ...):
/// catalog messages the cluster layer made, shown in the reader's locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    /// What was not read, in full: "pods of web (app=web)", "events in namespace shop".
    pub what: Text,
    /// Why, and what to do about it.
    pub why: Text,
    /// `what` in a few words, for the verdict's headline: "pods of web", "events".
    pub short_what: Text,
    /// `why` in a few words: "forbidden", "no answer within 10 s".
    pub short_why: Text,
    /// The object the line is about (`namespace/name`), when it names one.
    pub object: Option<String>,
    /// The kind of the objects a list that was not read (whole) would have returned.
    pub kind: Option<Kind>,
}

/// A kind of object the cluster layer lists, as a "not checked" line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pods,
    Events,
    WarningEvents,
    Nodes,
    Services,
    EndpointSlices,
    Deployments,
    ReplicaSets,
    StatefulSets,
    DaemonSets,
    Jobs,
    CronJobs,
    Ingresses,
    IngressClasses,
    HorizontalPodAutoscalers,
    PodDisruptionBudgets,
    NetworkPolicies,
    PersistentVolumeClaims,
    PersistentVolumes,
    StorageClasses,
    MutatingWebhookConfigurations,
    ValidatingWebhookConfigurations,
}

impl Kind {
    /// The catalog message naming the kind (with `$scope`: `namespace`, `all` or `none`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Pods => "nc-pods",
            Kind::Events => "nc-events",
            Kind::WarningEvents => "nc-warning-events",
            Kind::Nodes => "nc-nodes",
            Kind::Services => "nc-services",
            Kind::EndpointSlices => "nc-endpoint-slices",
            Kind::Deployments => "nc-deployments",
            Kind::ReplicaSets => "nc-replica-sets",
            Kind::StatefulSets => "nc-stateful-sets",
            Kind::DaemonSets => "nc-daemon-sets",
            Kind::Jobs => "nc-jobs",
            Kind::CronJobs => "nc-cron-jobs",
            Kind::Ingresses => "nc-ingresses",
            Kind::IngressClasses => "nc-ingress-classes",
            Kind::HorizontalPodAutoscalers => "nc-hpas",
            Kind::PodDisruptionBudgets => "nc-pdbs",
            Kind::NetworkPolicies => "nc-network-policies",
            Kind::PersistentVolumeClaims => "nc-pvcs",
            Kind::PersistentVolumes => "nc-pvs",
            Kind::StorageClasses => "nc-storage-classes",
            Kind::MutatingWebhookConfigurations => "nc-mutating-webhooks",
            Kind::ValidatingWebhookConfigurations => "nc-validating-webhooks",
        }
    }
}

/// An object a triage looked for by name (or in a complete list) and found not to exist, e.g.
/// an Ingress's backend Service. An object neither read nor missing could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Missing {
    /// "Service", "IngressClass", "Deployment", ...
    pub kind: String,
    /// `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    pub name: String,
}

/// What fails in the namespace outside the triaged workload: the closing line of a workload's
/// report ("Elsewhere in payments: 2 other workloads failing, 1 pod Pending").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elsewhere {
    pub namespace: String,
    /// Other workloads with at least one failing pod (Deployments by name, else the
    /// controller's or the bare pod's name), sorted.
    pub failing_workloads: Vec<String>,
    /// Failing pods of those workloads.
    pub failing_pods: usize,
    /// Pending pods outside the workload (counted among the failing ones too).
    pub pending_pods: usize,
}

/// Everything read for one triage.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub cluster: String,
    /// The namespace searched; `None` means all namespaces (overview only).
    pub namespace: Option<String>,
    pub target: Option<Target>,
    pub taken_at: Option<DateTime<Utc>>,
    pub pods: Vec<ClusterPod>,
    /// Workload triage: a list of its pods failed, so `pods` being empty says nothing about
    /// whether it has any.
    pub pods_unread: bool,
    /// core/v1 events of the namespace(s) involved, repeats merged.
    pub events: Vec<ClusterEvent>,
    /// The nodes the pods run on (all nodes for an overview).
    pub nodes: Vec<Node>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    pub pvs: Vec<PersistentVolume>,
    pub network_policies: Vec<NetworkPolicy>,
    /// NetworkPolicies whose podSelector matches no pod of their namespace (asked with one
    /// `limit=1` pod list each): their rules apply to nothing. An overview's, or for a
    /// workload the policy of its own name.
    pub idle_network_policies: Vec<NetworkPolicy>,
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
    pub daemon_sets: Vec<DaemonSet>,
    pub jobs: Vec<Job>,
    pub cron_jobs: Vec<CronJob>,
    pub ingresses: Vec<Ingress>,
    pub ingress_classes: Vec<IngressClass>,
    pub hpas: Vec<HorizontalPodAutoscaler>,
    pub pdbs: Vec<PodDisruptionBudget>,
    /// Admission webhooks that call a Service and admit pods or their controllers.
    pub mutating_webhooks: Vec<MutatingWebhookConfiguration>,
    pub validating_webhooks: Vec<ValidatingWebhookConfiguration>,
    pub storage_classes: Vec<StorageClass>,
    /// Objects that other objects name but that do not exist.
    pub missing: Vec<Missing>,
    /// Nodes read that run none of the triaged pods: their trouble is one cluster-level line,
    /// never a cause of this triage.
    pub other_nodes: Vec<Node>,
    /// Workload triage that found nothing of its name: the other namespaces that hold a
    /// Deployment, StatefulSet or Service of that name (looked for only when the reader may
    /// read every namespace).
    pub found_in: Vec<String>,
    /// Workload triage only: what fails elsewhere in the namespace (`None` when the namespace
    /// could not be read). Never a finding: the report names it in one closing line.
    pub elsewhere: Option<Elsewhere>,
}

impl Snapshot {
    /// True when `kind` `name` (in `namespace`, `None` for cluster-scoped kinds) was looked
    /// for and does not exist.
    pub fn is_missing(&self, kind: &str, namespace: Option<&str>, name: &str) -> bool {
        self.missing
            .iter()
            .any(|m| m.kind == kind && m.namespace.as_deref() == namespace && m.name == name)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kept(event: serde_json::Value) -> ClusterEvent {
        serde_json::from_value(event).unwrap()
    }

    #[test]
    fn an_event_without_counts_or_times_of_its_own_borrows_them() {
        let e = kept(json!({
            "metadata": {"name": "web-1.x", "namespace": "shop",
                         "creationTimestamp": "2026-11-26T18:00:00Z"},
            "involvedObject": {"kind": "Pod", "name": "web-1"},
            "type": "Warning", "reason": "BackOff", "message": "Back-off"
        }));
        assert_eq!(e.involved_object.namespace.as_deref(), Some("shop"));
        assert_eq!(e.count, 1);
        let created = DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z").unwrap();
        assert_eq!(
            (e.first_seen, e.last_seen),
            (Some(created.into()), Some(created.into()))
        );
    }

    #[test]
    fn a_series_counts_and_ends_where_it_was_last_observed() {
        let e = kept(json!({
            "metadata": {"name": "web-1.y", "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "other"},
            "eventTime": "2026-11-26T18:00:00.000000Z",
            "series": {"count": 40, "lastObservedTime": "2026-11-26T18:30:00.000000Z"},
            "count": 2, "type": "Warning", "reason": "Unhealthy"
        }));
        assert_eq!(e.involved_object.namespace.as_deref(), Some("other"));
        assert_eq!(e.count, 40);
        let at = |t| Some(DateTime::parse_from_rfc3339(t).unwrap().to_utc());
        assert_eq!(e.first_seen, at("2026-11-26T18:00:00Z"));
        assert_eq!(e.last_seen, at("2026-11-26T18:30:00Z"));
    }
}
