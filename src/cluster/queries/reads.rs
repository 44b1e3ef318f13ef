//! The machinery every read of one `gather` shares: paging through lists and folding each page
//! as it arrives (up to a ceiling per kind), stopping when the cluster cannot be read at all,
//! and the "not checked" lines a failed or cut-short read leaves.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};

use k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStateTerminated, ContainerStatus, Pod, PodCondition,
    PodSpec, PodStatus, Volume, VolumeMount,
};
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::Resource;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::notes::{What, Why};
use super::{MAX_OBJECTS_PER_KIND, ReadScope};
use crate::cluster::client::{ListQuery, Page, ReadOnly};
use crate::cluster::error::ClusterError;
use crate::cluster::snapshot::{ClusterPod, NotChecked, PodMeta};
use crate::i18n::Msg;

/// The annotation `kubectl apply` leaves: a full copy of the object, never read by a triage.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Why a read did not happen.
pub(super) enum Skip {
    Failed(ClusterError),
    /// An earlier request showed the cluster cannot be read at all.
    Halted(Halted),
}

impl Skip {
    pub(super) fn why(&self) -> Why {
        match self {
            Skip::Failed(e) => Why::error(e),
            Skip::Halted(cause) => Why::new(
                Msg::new(cause.key()),
                Msg::new("verdict-short-stopped-answering"),
            ),
        }
    }
}

/// Why the cluster cannot be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Halted {
    Timeout,
    Unauthorized,
    Unreachable,
}

impl Halted {
    /// "skipped: the API server did not answer in time", ...
    fn key(self) -> &'static str {
        match self {
            Halted::Timeout => "nc-why-skipped-timeout",
            Halted::Unauthorized => "nc-why-skipped-unauthorized",
            Halted::Unreachable => "nc-why-skipped-unreachable",
        }
    }
}

/// Whether the cluster stopped answering during one `gather`.
#[derive(Default)]
struct Halt(Mutex<Option<Halted>>);

impl Halt {
    fn check(&self) -> Result<(), Skip> {
        match *self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(cause) => Err(Skip::Halted(cause)),
            None => Ok(()),
        }
    }

    /// Records why the cluster cannot be read; `Err` (with the first cause) when a read running
    /// at the same time already did.
    fn halt(&self, cause: &ClusterError) -> Result<(), Skip> {
        let cause = match cause {
            ClusterError::Timeout { .. } => Halted::Timeout,
            ClusterError::Unauthorized => Halted::Unauthorized,
            _ => Halted::Unreachable,
        };
        let mut halted = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match *halted {
            Some(first) => Err(Skip::Halted(first)),
            None => {
                *halted = Some(cause);
                Ok(())
            }
        }
    }
}

/// How a paged list ended short of its last page.
pub(super) enum Cut {
    /// `MAX_OBJECTS_PER_KIND` were counted.
    Ceiling,
    /// A later page failed.
    Failed(Skip),
}

/// What a paged list folded: how many objects, and why it stopped early, if it did.
pub(super) struct Paged {
    pub(super) count: usize,
    pub(super) cut: Option<Cut>,
}

/// Shared state of one `gather`: the handle, the policy's scope, whether the cluster answers,
/// the "not checked" lines.
pub(super) struct GatherCtx<'a> {
    pub(super) ro: &'a ReadOnly,
    /// The namespaces this gather may read besides the one asked.
    pub(super) scope: &'a dyn ReadScope,
    halt: Halt,
    notes: Mutex<Vec<NotChecked>>,
}

impl<'a> GatherCtx<'a> {
    pub(super) fn new(ro: &'a ReadOnly, scope: &'a dyn ReadScope) -> Self {
        GatherCtx {
            ro,
            scope,
            halt: Halt::default(),
            notes: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn note(&self, what: &What, why: Why) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(what.because(why));
    }

    /// Notes a read that did not happen. The first read to find the cluster unreadable says
    /// why; the reads after it (or running at the same time) say "skipped".
    pub(super) fn skipped(&self, what: &What, skip: Skip) {
        let skip = match skip {
            Skip::Failed(e) if e.is_cluster_wide() => match self.halt.halt(&e) {
                Ok(()) => Skip::Failed(e),
                Err(halted) => halted,
            },
            other => other,
        };
        self.note(what, skip.why());
    }

    /// `Err` when an earlier read found the cluster unreadable.
    pub(super) fn halted(&self) -> Result<(), Skip> {
        self.halt.check()
    }

    pub(super) fn take_notes(&self) -> Vec<NotChecked> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Follows `continue` tokens, handing each page to `fold` as it arrives, so that no more
    /// than one page is held at a time. Stops after `MAX_OBJECTS_PER_KIND` objects. `Err` only
    /// when the first page fails; a later failure is a `Cut`.
    pub(super) async fn pages<K, F, Fut>(
        &self,
        first: ListQuery,
        fetch: F,
        mut fold: impl FnMut(Vec<K>),
    ) -> Result<Paged, Skip>
    where
        F: Fn(ListQuery) -> Fut,
        Fut: Future<Output = Result<Page<K>, ClusterError>>,
    {
        let mut query = first;
        let mut count = 0;
        loop {
            let page = match self.halt.check() {
                Ok(()) => fetch(query.clone()).await.map_err(Skip::Failed),
                Err(skip) => Err(skip),
            };
            let page = match page {
                Ok(page) => page,
                Err(skip) if count == 0 && query.continue_token.is_none() => return Err(skip),
                Err(skip) => {
                    return Ok(Paged {
                        count,
                        cut: Some(Cut::Failed(skip)),
                    });
                }
            };
            count += page.items.len();
            fold(page.items);
            match page.continue_token {
                Some(_) if count >= MAX_OBJECTS_PER_KIND => {
                    return Ok(Paged {
                        count,
                        cut: Some(Cut::Ceiling),
                    });
                }
                Some(token) => query.continue_token = Some(token),
                None => return Ok(Paged { count, cut: None }),
            }
        }
    }

    /// Notes a paged list that failed or stopped early; `None` when nothing was read.
    pub(super) fn finish(&self, what: &What, paged: Result<Paged, Skip>) -> Option<usize> {
        match paged {
            Ok(Paged { count, cut: None }) => Some(count),
            Ok(Paged {
                count,
                cut: Some(cut),
            }) => {
                let why = match cut {
                    Cut::Ceiling => Why::new(
                        Msg::new("nc-why-ceiling").arg("max", MAX_OBJECTS_PER_KIND),
                        Msg::new("verdict-short-list-cut"),
                    ),
                    Cut::Failed(skip) => skip.why(),
                };
                self.note(&what.rest(), why.counted(count));
                Some(count)
            }
            Err(skip) => {
                self.skipped(what, skip);
                None
            }
        }
    }

    /// Folds every page of a namespaced list of kind `K` (`None`: all namespaces), each object
    /// decoded as `T`: a shape with only the fields the fold reads, or the record it keeps
    /// (`ReadOnly::list_as`). `None` when nothing could be read (noted).
    pub(super) async fn fold_as<K, T>(
        &self,
        what: What,
        namespace: Option<&str>,
        query: ListQuery,
        mut fold: impl FnMut(T),
    ) -> Option<usize>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        T: Clone + DeserializeOwned + Debug,
    {
        let paged = self
            .pages(
                query,
                |q| async move { self.ro.list_as::<K, T>(namespace, &q).await },
                |items: Vec<T>| items.into_iter().for_each(&mut fold),
            )
            .await;
        self.finish(&what, paged)
    }

    /// Every object of a namespaced list, without the fields a triage never reads.
    pub(super) async fn list_in<K>(
        &self,
        what: What,
        namespace: Option<&str>,
        query: ListQuery,
    ) -> Option<Vec<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        self.list_with::<K, K, K>(what, namespace, query, slim)
            .await
    }

    /// `list_in` with each object of kind `K` decoded as `T` and kept as `keep` makes it
    /// (`slim`; for pods, a `SlimPod` whose spec `SharedParts` shares). The list grows by the
    /// page, not by doubling: a namespace's pods are a KB or more each.
    pub(super) async fn list_with<K, T, U>(
        &self,
        what: What,
        namespace: Option<&str>,
        query: ListQuery,
        mut keep: impl FnMut(T) -> U,
    ) -> Option<Vec<U>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        T: Clone + DeserializeOwned + Debug,
    {
        let mut all = Vec::new();
        let paged = self
            .pages(
                query,
                |q| async move { self.ro.list_as::<K, T>(namespace, &q).await },
                |items: Vec<T>| {
                    all.reserve_exact(items.len());
                    all.extend(items.into_iter().map(&mut keep));
                },
            )
            .await;
        self.finish(&what, paged)?;
        Some(all)
    }

    /// The pods of a namespace a label selector picks, each as `slim_pod` keeps it.
    pub(super) async fn list_pods(
        &self,
        what: What,
        namespace: Option<&str>,
        query: ListQuery,
    ) -> Option<Vec<ClusterPod>> {
        let mut shared = SharedParts::default();
        self.list_with::<Pod, SlimPod, _>(what, namespace, query, |p| shared.share(p.0))
            .await
    }

    /// Every object of a cluster-scoped list, without the fields a triage never reads.
    pub(super) async fn list_cluster<K>(&self, what: What) -> Option<Vec<K>>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let mut all = Vec::new();
        let paged = self
            .pages(
                ListQuery::default(),
                |q| async move { self.ro.list_cluster::<K>(&q).await },
                |items: Vec<K>| all.extend(items.into_iter().map(slim)),
            )
            .await;
        self.finish(&what, paged)?;
        Some(all)
    }

    /// `Some(None)`: the object does not exist; `None`: it could not be read (noted).
    pub(super) async fn get_in<K>(
        &self,
        what: What,
        namespace: &str,
        name: &str,
    ) -> Option<Option<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        self.get_with(what, self.ro.get::<K>(namespace, name)).await
    }

    /// Whether any object of a namespaced kind matches `selector` in `namespace`: one page of
    /// metadata, `limit=1`. `None` when it could not be read (noted).
    pub(super) async fn any_in<K>(
        &self,
        what: What,
        namespace: &str,
        selector: &str,
    ) -> Option<bool>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let query = ListQuery {
            limit: 1,
            ..ListQuery::labels(selector)
        };
        let result = match self.halt.check() {
            Ok(()) => self
                .ro
                .list_metadata::<K>(Some(namespace), &query)
                .await
                .map_err(Skip::Failed),
            Err(skip) => Err(skip),
        };
        match result {
            Ok(page) => Some(!page.items.is_empty()),
            Err(skip) => {
                self.skipped(&what, skip);
                None
            }
        }
    }

    /// A cluster-scoped object: `Some(None)` when it does not exist; `None` when it could not be
    /// read (noted).
    pub(super) async fn get_cluster<K>(&self, what: What, name: &str) -> Option<Option<K>>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        self.get_with(what, self.ro.get_cluster::<K>(name)).await
    }

    /// Sends `get` unless the cluster was found unreadable; notes a failure.
    async fn get_with<K: Resource>(
        &self,
        what: What,
        get: impl Future<Output = Result<Option<K>, ClusterError>>,
    ) -> Option<Option<K>> {
        let result = match self.halt.check() {
            Ok(()) => get.await.map_err(Skip::Failed),
            Err(skip) => Err(skip),
        };
        match result {
            Ok(obj) => Some(obj.map(slim)),
            Err(skip) => {
                self.skipped(&what, skip);
                None
            }
        }
    }
}

/// `obj` without its managed fields and its last-applied copy: often half an object's size,
/// and never evidence.
pub(super) fn slim<K: Resource>(mut obj: K) -> K {
    let meta = obj.meta_mut();
    meta.managed_fields = None;
    if let Some(annotations) = &mut meta.annotations {
        annotations.remove(LAST_APPLIED);
    }
    obj
}

/// A pod without what no analyzer, report or picture reads: besides `slim`'s fields, its
/// identity strings (uid, generateName, resourceVersion), annotations (a service mesh's status
/// alone is ~1 KB per pod) and finalizers, addresses, QoS class, image and
/// container IDs, the kubelet's defaults (termination message, pull and DNS policy, scheduler,
/// service account, tolerations), the volumes other than PersistentVolumeClaims (the projected
/// service-account token every pod has is 3 KB in memory) and the conditions no analyzer
/// reads (`read_condition`). Its lists are cut to their length: serde grows a list of one
/// container status to room for four (3 KB). A triage keeps every pod of the workload, so each
/// KB here is MBs at thousands of pods.
fn slim_pod(pod: Pod) -> ClusterPod {
    let Pod {
        metadata,
        spec,
        status,
    } = slim(pod);
    let mut metadata = PodMeta::from(metadata);
    metadata.owner_references = tight(metadata.owner_references.take());
    ClusterPod {
        metadata,
        spec: spec.map(|s| Arc::new(slim_pod_spec(s))),
        status: status.map(slim_pod_status),
    }
}

/// A pod decoded and made slim (`slim_pod`) in one step: a page of a pod list then holds slim
/// pods only, never more than one whole pod at a time (a whole pod is ~8 KB in memory, a page
/// 500 pods).
#[derive(Debug, Clone)]
pub(super) struct SlimPod(pub(super) ClusterPod);

impl<'de> Deserialize<'de> for SlimPod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Pod::deserialize(d).map(|pod| SlimPod(slim_pod(pod)))
    }
}

/// The pod specs and label maps of one list, one of each: pods of one ReplicaSet have equal
/// labels, and on one node equal specs once `slim_pod_spec` has dropped what differs (the
/// projected token's volume name).
#[derive(Default)]
pub(super) struct SharedParts {
    /// By node (`""`: not scheduled): the specs of the pods on it.
    by_node: HashMap<String, Vec<Arc<PodSpec>>>,
    labels: HashSet<Arc<BTreeMap<String, String>>>,
}

impl SharedParts {
    /// `pod` with the held labels and spec equal to its own, else with its own, now held.
    pub(super) fn share(&mut self, mut pod: ClusterPod) -> ClusterPod {
        if let Some(labels) = &mut pod.metadata.labels {
            match self.labels.get(&**labels) {
                Some(same) => *labels = Arc::clone(same),
                None => {
                    self.labels.insert(Arc::clone(labels));
                }
            }
        }
        let Some(spec) = &mut pod.spec else {
            return pod;
        };
        let node = spec.node_name.as_deref().unwrap_or_default();
        let same = (self.by_node.get(node)).and_then(|held| held.iter().find(|h| *h == spec));
        match same {
            Some(same) => *spec = Arc::clone(same),
            None => {
                let node = node.to_string();
                self.by_node.entry(node).or_default().push(Arc::clone(spec));
            }
        }
        pod
    }
}

fn slim_pod_spec(spec: PodSpec) -> PodSpec {
    let claims: Vec<String> = (spec.volumes.iter().flatten())
        .filter(|v| v.persistent_volume_claim.is_some())
        .map(|v| v.name.clone())
        .collect();
    let container = |c: Container| Container {
        termination_message_path: None,
        termination_message_policy: None,
        image_pull_policy: None,
        ports: tight(c.ports),
        env: tight(c.env),
        volume_mounts: tight(c.volume_mounts).map(|mounts| unnamed_unless(&claims, mounts)),
        ..c
    };
    PodSpec {
        containers: shrunk(spec.containers.into_iter().map(container).collect()),
        init_containers: tight(
            (spec.init_containers).map(|init| init.into_iter().map(container).collect()),
        ),
        volumes: claims_only(spec.volumes),
        tolerations: None,
        dns_policy: None,
        scheduler_name: None,
        service_account_name: None,
        enable_service_links: None,
        ..spec
    }
}

/// The volumes that are PersistentVolumeClaims, the only ones an analyzer reads.
fn claims_only(volumes: Option<Vec<Volume>>) -> Option<Vec<Volume>> {
    let claims: Vec<Volume> = volumes?
        .into_iter()
        .filter(|v| v.persistent_volume_claim.is_some())
        .collect();
    (!claims.is_empty()).then(|| shrunk(claims))
}

/// The mounts, those of a volume other than `claims` without their volume's name: the pod keeps
/// no other volume for the name to point at, and the projected token's name differs per pod.
/// The mount path stays: it tells which volume a log line writes to.
fn unnamed_unless(claims: &[String], mut mounts: Vec<VolumeMount>) -> Vec<VolumeMount> {
    for m in &mut mounts {
        if !claims.contains(&m.name) {
            m.name.clear();
        }
    }
    mounts
}

/// `list` holding no room beyond its items.
fn shrunk<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

fn tight<T>(list: Option<Vec<T>>) -> Option<Vec<T>> {
    list.map(shrunk)
}

fn slim_pod_status(status: PodStatus) -> PodStatus {
    let terminated = |t: ContainerStateTerminated| ContainerStateTerminated {
        container_id: None,
        ..t
    };
    let state = |s: ContainerState| ContainerState {
        terminated: s.terminated.map(terminated),
        ..s
    };
    let container = |cs: ContainerStatus| ContainerStatus {
        image_id: String::new(),
        container_id: None,
        allocated_resources: None,
        volume_mounts: None,
        state: cs.state.map(state),
        last_state: cs.last_state.map(state),
        ..cs
    };
    let conditions =
        (status.conditions).map(|all| all.into_iter().filter_map(read_condition).collect());
    let statuses = |all: Vec<ContainerStatus>| shrunk(all.into_iter().map(container).collect());
    PodStatus {
        conditions: tight(conditions),
        container_statuses: (status.container_statuses).map(statuses),
        init_container_statuses: (status.init_container_statuses).map(statuses),
        host_ip: None,
        host_ips: None,
        pod_ip: None,
        pod_ips: None,
        qos_class: None,
        ..status
    }
}

/// The part of a pod condition an analyzer reads: whether the pod is Ready (type and status
/// only), and why it is not scheduled (PodScheduled other than True, with reason and message).
fn read_condition(c: PodCondition) -> Option<PodCondition> {
    match (c.type_.as_str(), c.status.as_str()) {
        ("Ready", _) => Some(PodCondition {
            type_: c.type_,
            status: c.status,
            ..PodCondition::default()
        }),
        ("PodScheduled", status) if status != "True" => Some(PodCondition {
            last_probe_time: None,
            last_transition_time: None,
            observed_generation: None,
            ..c
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slim_pod_keeps_what_the_analyzers_read() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web-1", "uid": "u-1", "generateName": "web-",
                         "labels": {"app": "web"}, "finalizers": ["example.com/keep"],
                         "annotations": {"sidecar.istio.io/status": "{\"containers\":[]}"}},
            "spec": {"nodeName": "node-1", "dnsPolicy": "ClusterFirst",
                     "containers": [{"name": "web", "image": "web:1",
                                     "imagePullPolicy": "IfNotPresent",
                                     "resources": {"limits": {"memory": "2Gi"}}}],
                     "volumes": [{"name": "data",
                                  "persistentVolumeClaim": {"claimName": "web-data"}},
                                 {"name": "kube-api-access-x",
                                  "projected": {"sources": [{"serviceAccountToken":
                                                             {"path": "token"}}]}}],
                     "tolerations": [{"key": "node.kubernetes.io/not-ready",
                                      "operator": "Exists", "effect": "NoExecute"}]},
            "status": {"phase": "Running", "podIP": "10.0.0.1",
                       "conditions": [{"type": "Initialized", "status": "True"},
                                      {"type": "Ready", "status": "False",
                                       "reason": "ContainersNotReady",
                                       "message": "containers with unready status: [web]",
                                       "lastTransitionTime": "2026-11-30T10:00:00Z"},
                                      {"type": "PodScheduled", "status": "True"}],
                       "containerStatuses": [{"name": "web", "image": "web:1",
                                              "imageID": "web@sha256:0", "ready": false,
                                              "restartCount": 7, "containerID": "c://1"}]}
        }))
        .unwrap();
        let pod = slim_pod(pod);
        let status = pod.status.as_ref().unwrap();
        fn capacity<T>(list: &Option<Vec<T>>) -> Option<usize> {
            list.as_ref().map(Vec::capacity)
        }
        assert_eq!(
            capacity(&status.container_statuses),
            Some(1),
            "no room for 4"
        );
        assert_eq!(capacity(&status.conditions), Some(1));
        assert_eq!(capacity(&pod.spec.as_ref().unwrap().volumes), Some(1));
        let pod = Pod::from(pod);
        assert_eq!(
            serde_json::to_value(&pod).unwrap(),
            serde_json::json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "web-1", "labels": {"app": "web"}},
                "spec": {"nodeName": "node-1",
                         "containers": [{"name": "web", "image": "web:1",
                                         "resources": {"limits": {"memory": "2Gi"}}}],
                         "volumes": [{"name": "data",
                                      "persistentVolumeClaim": {"claimName": "web-data"}}]},
                "status": {"phase": "Running",
                           "conditions": [{"type": "Ready", "status": "False"}],
                           "containerStatuses": [{"name": "web", "image": "web:1",
                                                  "imageID": "", "ready": false,
                                                  "restartCount": 7}]}
            })
        );
    }

    #[test]
    fn an_unscheduled_pod_keeps_why() {
        let pending: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web-2"},
            "status": {"phase": "Pending",
                       "conditions": [{"type": "PodScheduled", "status": "False",
                                       "reason": "Unschedulable",
                                       "message": "0/3 nodes are available: 3 Insufficient memory.",
                                       "lastTransitionTime": "2026-11-30T10:00:00Z"}]}
        }))
        .unwrap();
        let conditions = slim_pod(pending).status.and_then(|s| s.conditions);
        assert_eq!(
            serde_json::to_value(conditions).unwrap(),
            serde_json::json!([{"type": "PodScheduled", "status": "False",
                                "reason": "Unschedulable",
                                "message": "0/3 nodes are available: 3 Insufficient memory."}])
        );
    }

    #[test]
    fn pods_of_one_replica_set_share_their_labels_and_on_one_node_their_spec() {
        let pod = |name: &str, node: &str, token: &str| -> Pod {
            serde_json::from_value(serde_json::json!({
                "metadata": {"name": name,
                             "labels": {"app": "web", "pod-template-hash": "7d4f9"}},
                "spec": {"nodeName": node,
                         "containers": [{"name": "web", "image": "web:1",
                                         "volumeMounts": [
                                             {"name": "data", "mountPath": "/data"},
                                             {"name": token, "mountPath": "/var/run/secrets"}]}],
                         "volumes": [{"name": "data",
                                      "persistentVolumeClaim": {"claimName": "web-data"}},
                                     {"name": token, "projected": {"sources": []}}]}
            }))
            .unwrap()
        };
        let mut shared = SharedParts::default();
        let [a, b, c] = [
            pod("web-1", "node-1", "kube-api-access-abcde"),
            pod("web-2", "node-1", "kube-api-access-fghij"),
            pod("web-3", "node-2", "kube-api-access-klmno"),
        ]
        .map(|p| shared.share(slim_pod(p)));
        assert_eq!(c.metadata.name.as_deref(), Some("web-3"));
        let labels = |p: &ClusterPod| p.metadata.labels.clone().unwrap();
        assert!(Arc::ptr_eq(&labels(&a), &labels(&c)), "one label map");
        assert_eq!(labels(&a).get("app").map(String::as_str), Some("web"));
        let [a, b, c] = [a, b, c].map(|p| p.spec.unwrap());
        assert!(Arc::ptr_eq(&a, &b), "same ReplicaSet, same node: one spec");
        assert!(!Arc::ptr_eq(&a, &c), "another node: its own spec");
        assert_eq!(c.node_name.as_deref(), Some("node-2"));
        let mounts: Vec<(&str, &str)> = (a.containers[0].volume_mounts.iter().flatten())
            .map(|m| (m.name.as_str(), m.mount_path.as_str()))
            .collect();
        assert_eq!(mounts, [("data", "/data"), ("", "/var/run/secrets")]);
    }

    #[test]
    fn the_first_cluster_wide_failure_says_why_the_rest_say_skipped() {
        let halt = Halt::default();
        assert!(halt.check().is_ok());
        assert!(halt.halt(&ClusterError::Unauthorized).is_ok());
        let Err(again) = halt.halt(&ClusterError::Unauthorized) else {
            panic!("a second halt was taken for the first")
        };
        let line = What::msg(Msg::new("nc-breadth")).because(again.why());
        let catalog = crate::i18n::Catalog::new(None).expect("the embedded catalogs load");
        let en = |t| catalog.text(crate::i18n::Locale::En, t);
        assert_eq!(
            en(&line.why),
            "skipped: the API server rejected warroom's credentials"
        );
        assert_eq!(
            en(&line.short_why),
            "skipped: the API server stopped answering"
        );
        assert!(halt.check().is_err());
    }
}
