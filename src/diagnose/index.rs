//! Lookups over one snapshot that several analyzers need, built once per `diagnose()`:
//! a pod's workload, pods and logs by name, a Deployment's ReplicaSets, pods per node.

use std::collections::HashMap;

use k8s_openapi::api::apps::v1::ReplicaSet;
use kube::ResourceExt;

use super::meta;
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{PodLog, Snapshot};

/// `(namespace, name)` of an object.
type Key<'s> = (&'s str, &'s str);

/// The shared lookups. Built by `Index::new`; analyzers only read it.
pub struct Index<'s> {
    /// (namespace, ReplicaSet name) -> the Deployment that controls it.
    rs_owner: HashMap<Key<'s>, &'s str>,
    /// (namespace, Deployment name) -> its ReplicaSets, in snapshot order.
    replica_sets: HashMap<Key<'s>, Vec<&'s ReplicaSet>>,
    pods: HashMap<Key<'s>, &'s ClusterPod>,
    logs: HashMap<Key<'s>, Vec<&'s PodLog>>,
    /// Node name -> how many of the snapshot's pods run on it.
    pods_on: HashMap<&'s str, usize>,
}

/// The Deployment that controls a ReplicaSet, if any.
fn deployment_of(rs: &ReplicaSet) -> Option<&str> {
    rs.owner_references()
        .iter()
        .find(|o| o.kind == "Deployment" && o.controller == Some(true))
        .map(|o| o.name.as_str())
}

impl<'s> Index<'s> {
    pub fn new(s: &'s Snapshot) -> Self {
        let mut rs_owner = HashMap::with_capacity(s.replica_sets.len());
        let mut replica_sets: HashMap<Key, Vec<&ReplicaSet>> = HashMap::new();
        for rs in &s.replica_sets {
            let Some(dep) = deployment_of(rs) else {
                continue;
            };
            let ns = meta::ns(&rs.metadata);
            if let Some(name) = rs.metadata.name.as_deref() {
                rs_owner.insert((ns, name), dep);
            }
            replica_sets.entry((ns, dep)).or_default().push(rs);
        }
        let mut pods = HashMap::with_capacity(s.pods.len());
        let mut pods_on: HashMap<&str, usize> = HashMap::new();
        for p in &s.pods {
            pods.insert((wl::namespace(p), wl::name(p)), p);
            if let Some(n) = wl::node_name(p) {
                *pods_on.entry(n).or_default() += 1;
            }
        }
        let mut logs: HashMap<Key, Vec<&PodLog>> = HashMap::new();
        for l in &s.logs {
            logs.entry((l.namespace.as_str(), l.pod.as_str()))
                .or_default()
                .push(l);
        }
        Index {
            rs_owner,
            replica_sets,
            pods,
            logs,
            pods_on,
        }
    }

    /// The workload of a pod. A ReplicaSet not in the snapshot is resolved by stripping its
    /// pod-template-hash suffix.
    pub fn workload(&self, pod: &ClusterPod) -> WorkloadRef {
        let namespace = wl::namespace(pod);
        let Some(owner) =
            (pod.metadata.owner_references.iter().flatten()).find(|o| o.controller == Some(true))
        else {
            return WorkloadRef::new(namespace, "Pod", wl::name(pod));
        };
        if owner.kind == "ReplicaSet" {
            if let Some(dep) = self.rs_owner.get(&(namespace, owner.name.as_str())) {
                return WorkloadRef::new(namespace, "Deployment", dep);
            }
            let hash = wl::label(pod, "pod-template-hash");
            if let Some(dep) = hash.and_then(|h| owner.name.strip_suffix(&format!("-{h}"))) {
                return WorkloadRef::new(namespace, "Deployment", dep);
            }
        }
        WorkloadRef::new(namespace, &owner.kind, &owner.name)
    }

    /// The snapshot's pod of that namespace and name.
    pub fn pod<'a>(&'a self, namespace: &'a str, name: &'a str) -> Option<&'a ClusterPod> {
        self.pods.get(&(namespace, name)).copied()
    }

    /// The logs read from one pod (any container, current or previous).
    pub fn logs_of<'a>(&'a self, pod: &'a ClusterPod) -> impl Iterator<Item = &'a PodLog> + 'a {
        let logs = self.logs.get(&(wl::namespace(pod), wl::name(pod)));
        logs.into_iter().flatten().copied()
    }

    /// The ReplicaSets a Deployment controls, in snapshot order.
    pub fn replica_sets_of<'a>(
        &'a self,
        namespace: &'a str,
        deployment: &'a str,
    ) -> &'a [&'a ReplicaSet] {
        self.replica_sets
            .get(&(namespace, deployment))
            .map_or(&[], Vec::as_slice)
    }

    /// How many of the snapshot's pods run on a node.
    pub fn pods_on(&self, node: &str) -> usize {
        self.pods_on.get(node).copied().unwrap_or(0)
    }
}
