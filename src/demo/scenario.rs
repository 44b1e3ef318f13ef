//! Generated scenarios: many pods, events and nodes in the JSON shapes a real API server serves,
//! built from k8s-openapi types, for tests and benchmarks of the triage path.
//!
//! ```no_run
//! # use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
//! # fn f() -> Result<(), warroom::demo::apiserver::ScenarioError> {
//! let scenario = ScenarioBuilder::new()
//!     .namespace("production")
//!     .workload("payment-service", 15, FailureMode::OomKilled)
//!     .workload("order-service", 17, FailureMode::Exit(1))
//!     .namespace("staging")
//!     .workload("web", 3, FailureMode::Healthy)
//!     .warning_events(50_000)
//!     .nodes(8)
//!     .memory_pressure(4)
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! Everything is deterministic: the same builder yields the same names, uids and timestamps.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use k8s_openapi::api::apps::v1::{
    DaemonSet, Deployment, DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSet,
    ReplicaSetSpec, ReplicaSetStatus, StatefulSet,
};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, ContainerState, ContainerStateRunning, ContainerStateTerminated,
    ContainerStateWaiting, ContainerStatus, Endpoints, Event, EventSource, HTTPGetAction, Node,
    NodeAddress, NodeCondition, NodeSpec, NodeStatus, ObjectReference, PersistentVolume,
    PersistentVolumeClaim, Pod, PodCondition, PodIP, PodSpec, PodStatus, PodTemplateSpec, Probe,
    ResourceRequirements, Service, Taint,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::events::v1::Event as EventsV1Event;
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, ObjectMeta, OwnerReference, Time,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use k8s_openapi::jiff::Timestamp;
use serde_json::{Value, json};

use super::apiserver::{ApiReply, Collection, Scenario, ScenarioError, StatusCode};
use super::seed;

/// How the pods of a workload behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureMode {
    /// Running and Ready, no restarts.
    Healthy,
    /// CrashLoopBackOff; last state terminated 137 `OOMKilled` (memory limit hit).
    OomKilled,
    /// CrashLoopBackOff; last state terminated 137 `Error` after the kubelet killed it for failed
    /// liveness probes (`Unhealthy` and `Killing` events).
    LivenessKilled,
    /// CrashLoopBackOff; last state terminated with this exit code and reason `Error`
    /// (143 SIGTERM, 1 application error, 255, 126/127 not executable / not found, 139 SIGSEGV).
    Exit(i32),
    /// Pending; waiting `ImagePullBackOff` for an image tag that does not exist.
    ImagePullBackOff,
}

/// A Service of the scenario: `name` in `namespace`, selecting `app=APP`.
#[derive(Debug, Clone)]
struct ServiceDef {
    namespace: String,
    name: String,
    app: String,
}

#[derive(Debug, Clone)]
struct Workload {
    namespace: String,
    name: String,
    replicas: usize,
    mode: FailureMode,
}

/// Builds a `Scenario` (and the typed objects behind it) for any number of workloads.
#[derive(Debug, Clone)]
pub struct ScenarioBuilder {
    namespace: String,
    workloads: Vec<Workload>,
    services: Vec<ServiceDef>,
    warning_events: usize,
    nodes: usize,
    memory_pressure: usize,
    metrics: bool,
    now: DateTime<Utc>,
}

/// The typed objects a builder generates, as the fake API server serves them.
#[derive(Debug, Clone, Default)]
pub struct Objects {
    pub pods: Vec<Pod>,
    /// core/v1 events; events.k8s.io/v1 serves the same events in its own shape.
    pub events: Vec<Event>,
    pub nodes: Vec<Node>,
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub services: Vec<Service>,
    /// One per Service, listing the ready pods it selects (none when nothing is ready).
    pub endpoint_slices: Vec<EndpointSlice>,
}

const RESTARTS: i32 = 7;
const MEMORY_LIMIT: &str = "2Gi";
const HTTP_PORT: i32 = 8080;
/// Characters Kubernetes uses for generated name suffixes.
const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Default for ScenarioBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ScenarioBuilder {
    /// Namespace `production`, 3 healthy nodes, no workloads, metrics not served, clock
    /// 2026-11-26T18:21:00Z.
    pub fn new() -> Self {
        Self {
            namespace: "production".to_owned(),
            workloads: Vec::new(),
            services: Vec::new(),
            warning_events: 0,
            nodes: 3,
            memory_pressure: 0,
            metrics: false,
            now: Utc
                .with_ymd_and_hms(2026, 11, 26, 18, 21, 0)
                .single()
                .unwrap_or_default(),
        }
    }

    /// The namespace of the workloads added after this call.
    pub fn namespace(mut self, namespace: &str) -> Self {
        namespace.clone_into(&mut self.namespace);
        self
    }

    /// A Deployment `name` (label `app=name`) with `replicas` pods behaving as `mode`.
    pub fn workload(mut self, name: &str, replicas: usize, mode: FailureMode) -> Self {
        self.workloads.push(Workload {
            namespace: self.namespace.clone(),
            name: name.to_owned(),
            replicas,
            mode,
        });
        self
    }

    /// A Service `name` in the current namespace selecting `app=APP` on port 80, with one
    /// EndpointSlice listing the ready pods of that app: none when no healthy workload is
    /// called `app`.
    pub fn service(mut self, name: &str, app: &str) -> Self {
        self.services.push(ServiceDef {
            namespace: self.namespace.clone(),
            name: name.to_owned(),
            app: app.to_owned(),
        });
        self
    }

    /// `n` more Warning events, spread round-robin over all pods (over nodes when there are none).
    pub fn warning_events(mut self, n: usize) -> Self {
        self.warning_events = n;
        self
    }

    /// `n` nodes, `node-1` .. `node-n`; pods are spread over them round-robin.
    pub fn nodes(mut self, n: usize) -> Self {
        self.nodes = n.max(1);
        self
    }

    /// The first `n` nodes report MemoryPressure (condition True, NoSchedule taint).
    pub fn memory_pressure(mut self, n: usize) -> Self {
        self.memory_pressure = n;
        self
    }

    /// Serve metrics.k8s.io (pod and node usage); otherwise it answers the plain-text 404.
    pub fn metrics(mut self, served: bool) -> Self {
        self.metrics = served;
        self
    }

    /// The clock the objects are stamped against (their last restart is a few minutes before).
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = now;
        self
    }

    /// The typed objects of the scenario.
    pub fn objects(&self) -> Result<Objects, ScenarioError> {
        let clock = ScenarioClock::new(self.now)?;
        let nodes = (1..=self.nodes)
            .map(|i| node(&clock, i, i <= self.memory_pressure))
            .collect::<Vec<_>>();
        let mut objects = Objects {
            nodes,
            ..Objects::default()
        };
        let mut pod_index = 0usize;
        for workload in &self.workloads {
            let hash = template_hash(&workload.namespace, &workload.name);
            let rs_name = format!("{}-{hash}", workload.name);
            let deployment = deployment(&clock, workload);
            let replica_set = replica_set(&clock, workload, &rs_name, &deployment);
            for i in 0..workload.replicas {
                let node = (pod_index % self.nodes) + 1;
                pod_index += 1;
                let pod = pod(&clock, workload, &replica_set, &hash, i, node);
                objects.events.extend(pod_events(&clock, workload, &pod));
                objects.pods.push(pod);
            }
            objects.deployments.push(deployment);
            objects.replica_sets.push(replica_set);
        }
        for def in &self.services {
            let (service, slice) = service(def, &objects.pods)?;
            objects.services.push(service);
            objects.endpoint_slices.push(slice);
        }
        for i in 0..self.warning_events {
            let target = if objects.pods.is_empty() {
                object_ref_node(&objects.nodes[i % objects.nodes.len()])
            } else {
                object_ref_pod(&objects.pods[i % objects.pods.len()])
            };
            objects
                .events
                .push(extra_warning(&clock, target, i, self.nodes));
        }
        Ok(objects)
    }

    /// The scenario: lists, single gets, logs, events in both APIs, nodes, metrics or their 404.
    pub fn build(&self) -> Result<Scenario, ScenarioError> {
        let objects = self.objects()?;
        let events_v1 = objects.events.iter().map(events_v1).collect::<Vec<_>>();
        let mut scenario = Scenario::new()
            .route_json("/version", StatusCode::OK, seed::VERSION)
            .route_json("/api", StatusCode::OK, seed::API_VERSIONS)
            .route_json("/apis", StatusCode::OK, apis_discovery(self.metrics))
            .collection(Collection::from_objects(&objects.pods)?)
            .collection(Collection::from_objects(&objects.events)?)
            .collection(Collection::from_objects(&events_v1)?)
            .collection(Collection::from_objects(&objects.nodes)?)
            .collection(Collection::from_objects(&objects.deployments)?)
            .collection(Collection::from_objects(&objects.replica_sets)?)
            .collection(Collection::empty::<StatefulSet>())
            .collection(Collection::empty::<DaemonSet>())
            .collection(Collection::empty::<Job>())
            .collection(Collection::from_objects(&objects.services)?)
            .collection(Collection::empty::<Endpoints>())
            .collection(Collection::from_objects(&objects.endpoint_slices)?)
            .collection(Collection::empty::<NetworkPolicy>())
            .collection(Collection::empty::<PersistentVolumeClaim>())
            .collection(Collection::empty::<PersistentVolume>());
        scenario = super::seed::with_breadth_kinds(scenario);
        if self.metrics {
            let clock = ScenarioClock::new(self.now)?;
            let (pods, nodes) =
                metrics_lists(&clock, &objects, self.memory_pressure, &self.workloads);
            scenario = scenario
                .collection(Collection::from_list_json("pods", true, &pods)?)
                .collection(Collection::from_list_json("nodes", false, &nodes)?);
        } else {
            scenario = scenario.route_prefix(
                "/apis/metrics.k8s.io",
                ApiReply::text(StatusCode::NOT_FOUND, seed::METRICS_NOT_FOUND_TEXT),
            );
        }
        let mut pod_index = 0;
        for workload in &self.workloads {
            for _ in 0..workload.replicas {
                let pod = &objects.pods[pod_index];
                pod_index += 1;
                scenario = log_routes(scenario, workload, pod);
            }
        }
        Ok(scenario)
    }
}

/// A Service selecting `app=APP` and its EndpointSlice with the ready pods of that app.
fn service(def: &ServiceDef, pods: &[Pod]) -> Result<(Service, EndpointSlice), ScenarioError> {
    let ready: Vec<Value> = pods
        .iter()
        .filter(|p| {
            p.metadata.namespace.as_deref() == Some(def.namespace.as_str())
                && p.metadata.labels.as_ref().and_then(|l| l.get("app")) == Some(&def.app)
        })
        .filter(|p| {
            p.status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
        })
        .map(|p| {
            let ip = p.status.as_ref().and_then(|s| s.pod_ip.clone());
            json!({
                "addresses": [ip.unwrap_or_default()],
                "conditions": {"ready": true},
                "targetRef": {"kind": "Pod", "name": p.metadata.name, "namespace": def.namespace},
            })
        })
        .collect();
    let service = json!({
        "metadata": {"name": def.name, "namespace": def.namespace,
                     "uid": uid(&format!("{}/service/{}", def.namespace, def.name))},
        "spec": {"selector": {"app": def.app}, "type": "ClusterIP",
                 "ports": [{"port": 80, "protocol": "TCP", "targetPort": HTTP_PORT}]},
    });
    let slice = json!({
        "metadata": {"name": format!("{}-abc12", def.name), "namespace": def.namespace,
                     "labels": {"kubernetes.io/service-name": def.name}},
        "addressType": "IPv4",
        "endpoints": ready,
        "ports": [{"port": HTTP_PORT, "protocol": "TCP"}],
    });
    Ok((typed("Service", service)?, typed("EndpointSlice", slice)?))
}

/// A typed object from generated JSON.
fn typed<K: serde::de::DeserializeOwned>(kind: &str, v: Value) -> Result<K, ScenarioError> {
    serde_json::from_value(v).map_err(|source| ScenarioError::Serialize {
        kind: kind.to_owned(),
        source,
    })
}

/// Timestamps relative to the scenario's clock.
struct ScenarioClock {
    now: i64,
}

impl ScenarioClock {
    /// How far back objects are stamped.
    const SPAN: i64 = 30 * 24 * 3600;

    fn new(now: DateTime<Utc>) -> Result<Self, ScenarioError> {
        let now = now.timestamp();
        for at in [now, now - Self::SPAN] {
            Timestamp::from_second(at).map_err(|_| ScenarioError::Time(at))?;
        }
        Ok(Self { now })
    }

    /// `seconds` before now (at most `SPAN`, which `new` checked is representable).
    fn before(&self, seconds: i64) -> Time {
        let at = self.now - seconds.clamp(0, Self::SPAN);
        Time(Timestamp::from_second(at).unwrap_or(Timestamp::UNIX_EPOCH))
    }
}

/// A deterministic 64-bit mix (splitmix64) for ids.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn uid(key: &str) -> String {
    let a = mix(hash_str(key));
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

fn suffix(mut n: u64, len: usize) -> String {
    let base = SUFFIX_ALPHABET.len() as u64;
    (0..len)
        .map(|_| {
            let c = SUFFIX_ALPHABET[(n % base) as usize] as char;
            n /= base;
            c
        })
        .collect()
}

fn template_hash(namespace: &str, name: &str) -> String {
    suffix(mix(hash_str(&format!("{namespace}/{name}"))), 10)
}

fn container_name(workload: &str) -> String {
    workload
        .strip_suffix("-service")
        .unwrap_or(workload)
        .to_owned()
}

fn image(workload: &Workload) -> String {
    let tag = if workload.mode == FailureMode::ImagePullBackOff {
        "1.4.3-missing"
    } else {
        "1.4.2"
    };
    format!("registry.example/{}:{tag}", container_name(&workload.name))
}

fn node_ip(node: usize) -> String {
    format!("10.0.{}.{}", node / 250 + 1, node % 250 + 1)
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn memory() -> BTreeMap<String, Quantity> {
    BTreeMap::from([("memory".to_owned(), Quantity(MEMORY_LIMIT.to_owned()))])
}

fn node(clock: &ScenarioClock, i: usize, pressure: bool) -> Node {
    let name = format!("node-{i}");
    let condition = |type_: &str, status: bool, reason: &str, message: &str| NodeCondition {
        type_: type_.to_owned(),
        status: if status { "True" } else { "False" }.to_owned(),
        reason: Some(reason.to_owned()),
        message: Some(message.to_owned()),
        last_heartbeat_time: Some(clock.before(0)),
        last_transition_time: Some(clock.before(if status && type_ != "Ready" {
            38 * 60
        } else {
            14 * 24 * 3600
        })),
    };
    let memory_condition = if pressure {
        condition(
            "MemoryPressure",
            true,
            "KubeletHasInsufficientMemory",
            "kubelet has insufficient memory available",
        )
    } else {
        condition(
            "MemoryPressure",
            false,
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        )
    };
    let quantities = |memory: &str, cpu: &str| {
        BTreeMap::from([
            ("cpu".to_owned(), Quantity(cpu.to_owned())),
            ("memory".to_owned(), Quantity(memory.to_owned())),
            ("pods".to_owned(), Quantity("110".to_owned())),
        ])
    };
    Node {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            uid: Some(uid(&name)),
            resource_version: Some("227".to_owned()),
            creation_timestamp: Some(clock.before(14 * 24 * 3600)),
            labels: Some(labels(&[
                ("kubernetes.io/hostname", &name),
                ("kubernetes.io/os", "linux"),
                ("node.kubernetes.io/instance-type", "m5.large"),
            ])),
            ..ObjectMeta::default()
        },
        spec: Some(NodeSpec {
            taints: pressure.then(|| {
                vec![Taint {
                    key: "node.kubernetes.io/memory-pressure".to_owned(),
                    effect: "NoSchedule".to_owned(),
                    time_added: Some(clock.before(38 * 60)),
                    ..Taint::default()
                }]
            }),
            ..NodeSpec::default()
        }),
        status: Some(NodeStatus {
            capacity: Some(quantities("8010948Ki", "2")),
            allocatable: Some(quantities("6Gi", "1930m")),
            conditions: Some(vec![
                memory_condition,
                condition(
                    "DiskPressure",
                    false,
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                condition(
                    "PIDPressure",
                    false,
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                condition(
                    "Ready",
                    true,
                    "KubeletReady",
                    "kubelet is posting ready status",
                ),
            ]),
            addresses: Some(vec![
                NodeAddress {
                    type_: "InternalIP".to_owned(),
                    address: node_ip(i),
                },
                NodeAddress {
                    type_: "Hostname".to_owned(),
                    address: name,
                },
            ]),
            ..NodeStatus::default()
        }),
    }
}

fn pod_template(workload: &Workload) -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels(&[("app", &workload.name)])),
            ..ObjectMeta::default()
        }),
        spec: Some(pod_spec(workload, None)),
    }
}

fn pod_spec(workload: &Workload, node: Option<String>) -> PodSpec {
    PodSpec {
        containers: vec![Container {
            name: container_name(&workload.name),
            image: Some(image(workload)),
            image_pull_policy: Some("IfNotPresent".to_owned()),
            ports: Some(vec![ContainerPort {
                name: Some("http".to_owned()),
                container_port: HTTP_PORT,
                protocol: Some("TCP".to_owned()),
                ..ContainerPort::default()
            }]),
            resources: Some(ResourceRequirements {
                limits: Some(memory()),
                requests: Some(memory()),
                ..ResourceRequirements::default()
            }),
            liveness_probe: Some(Probe {
                http_get: Some(HTTPGetAction {
                    path: Some("/healthz".to_owned()),
                    port: IntOrString::Int(HTTP_PORT),
                    scheme: Some("HTTP".to_owned()),
                    ..HTTPGetAction::default()
                }),
                initial_delay_seconds: Some(2),
                timeout_seconds: Some(1),
                period_seconds: Some(5),
                success_threshold: Some(1),
                failure_threshold: Some(3),
                ..Probe::default()
            }),
            termination_message_path: Some("/dev/termination-log".to_owned()),
            termination_message_policy: Some("File".to_owned()),
            ..Container::default()
        }],
        node_name: node,
        restart_policy: Some("Always".to_owned()),
        termination_grace_period_seconds: Some(30),
        dns_policy: Some("ClusterFirst".to_owned()),
        service_account_name: Some("default".to_owned()),
        scheduler_name: Some("default-scheduler".to_owned()),
        ..PodSpec::default()
    }
}

fn healthy(workload: &Workload) -> bool {
    workload.mode == FailureMode::Healthy
}

fn deployment(clock: &ScenarioClock, workload: &Workload) -> Deployment {
    let replicas = i32::try_from(workload.replicas).unwrap_or(i32::MAX);
    let ready = if healthy(workload) { replicas } else { 0 };
    let available = |ok: bool| DeploymentCondition {
        type_: Some("Available".to_owned()),
        status: Some(if ok { "True" } else { "False" }.to_owned()),
        reason: Some(
            if ok {
                "MinimumReplicasAvailable"
            } else {
                "MinimumReplicasUnavailable"
            }
            .to_owned(),
        ),
        message: Some(
            if ok {
                "Deployment has minimum availability."
            } else {
                "Deployment does not have minimum availability."
            }
            .to_owned(),
        ),
        last_update_time: Some(clock.before(40 * 60)),
        last_transition_time: Some(clock.before(40 * 60)),
    };
    let key = format!("{}/deployment/{}", workload.namespace, workload.name);
    Deployment {
        metadata: ObjectMeta {
            name: Some(workload.name.clone()),
            namespace: Some(workload.namespace.clone()),
            uid: Some(uid(&key)),
            resource_version: Some("238".to_owned()),
            generation: Some(1),
            creation_timestamp: Some(clock.before(45 * 60)),
            labels: Some(labels(&[("app", &workload.name)])),
            annotations: Some(labels(&[("deployment.kubernetes.io/revision", "1")])),
            ..ObjectMeta::default()
        },
        spec: DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: Some(labels(&[("app", &workload.name)])),
                ..LabelSelector::default()
            },
            template: pod_template(workload),
            revision_history_limit: Some(10),
            progress_deadline_seconds: Some(600),
            ..DeploymentSpec::default()
        },
        status: Some(DeploymentStatus {
            observed_generation: Some(1),
            replicas: Some(replicas),
            updated_replicas: Some(replicas),
            ready_replicas: (ready > 0).then_some(ready),
            available_replicas: (ready > 0).then_some(ready),
            unavailable_replicas: (ready < replicas).then_some(replicas - ready),
            conditions: Some(vec![available(ready == replicas)]),
            ..DeploymentStatus::default()
        }),
    }
}

fn replica_set(
    clock: &ScenarioClock,
    workload: &Workload,
    name: &str,
    owner: &Deployment,
) -> ReplicaSet {
    let replicas = i32::try_from(workload.replicas).unwrap_or(i32::MAX);
    let ready = if healthy(workload) { replicas } else { 0 };
    let hash = name.rsplit('-').next().unwrap_or_default();
    let key = format!("{}/replicaset/{name}", workload.namespace);
    let selector = labels(&[("app", &workload.name), ("pod-template-hash", hash)]);
    ReplicaSet {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(workload.namespace.clone()),
            uid: Some(uid(&key)),
            resource_version: Some("240".to_owned()),
            generation: Some(1),
            creation_timestamp: Some(clock.before(45 * 60)),
            labels: Some(selector.clone()),
            annotations: Some(labels(&[("deployment.kubernetes.io/revision", "1")])),
            owner_references: Some(vec![OwnerReference {
                api_version: "apps/v1".to_owned(),
                kind: "Deployment".to_owned(),
                name: workload.name.clone(),
                uid: owner.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..ObjectMeta::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: Some(selector),
                ..LabelSelector::default()
            },
            template: Some(pod_template(workload)),
            ..ReplicaSetSpec::default()
        },
        status: Some(ReplicaSetStatus {
            replicas,
            fully_labeled_replicas: Some(replicas),
            ready_replicas: Some(ready),
            available_replicas: Some(ready),
            observed_generation: Some(1),
            ..ReplicaSetStatus::default()
        }),
    }
}

fn pod(
    clock: &ScenarioClock,
    workload: &Workload,
    owner: &ReplicaSet,
    hash: &str,
    i: usize,
    node: usize,
) -> Pod {
    let key = format!("{}/{}/{i}", workload.namespace, workload.name);
    let name = format!(
        "{}-{hash}-{}",
        workload.name,
        suffix(mix(hash_str(&key)), 5)
    );
    let pod_uid = uid(&key);
    let container = container_name(&workload.name);
    let pod_ip = format!("10.244.{}.{}", node % 250, i % 250 + 2);
    let seed = hash_str(&pod_uid);
    let (state, last_state, restarts) = container_states(clock, workload, &name, &pod_uid);
    let ok = healthy(workload);
    let pending = workload.mode == FailureMode::ImagePullBackOff;
    let condition = |type_: &str, status: bool| PodCondition {
        type_: type_.to_owned(),
        status: if status { "True" } else { "False" }.to_owned(),
        reason: (!status).then(|| "ContainersNotReady".to_owned()),
        message: (!status).then(|| format!("containers with unready status: [{container}]")),
        last_transition_time: Some(clock.before(if status { 40 * 60 } else { 3 * 60 })),
        ..PodCondition::default()
    };
    Pod {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            generate_name: Some(format!("{}-{hash}-", workload.name)),
            namespace: Some(workload.namespace.clone()),
            uid: Some(pod_uid.clone()),
            resource_version: Some("277".to_owned()),
            generation: Some(1),
            creation_timestamp: Some(clock.before(40 * 60)),
            labels: Some(labels(&[
                ("app", &workload.name),
                ("pod-template-hash", hash),
            ])),
            owner_references: Some(vec![OwnerReference {
                api_version: "apps/v1".to_owned(),
                kind: "ReplicaSet".to_owned(),
                name: owner.metadata.name.clone().unwrap_or_default(),
                uid: owner.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..ObjectMeta::default()
        },
        spec: Some(pod_spec(workload, Some(format!("node-{node}")))),
        status: Some(PodStatus {
            phase: Some(if pending { "Pending" } else { "Running" }.to_owned()),
            conditions: Some(vec![
                condition("PodReadyToStartContainers", true),
                condition("Initialized", true),
                condition("Ready", ok),
                condition("ContainersReady", ok),
                condition("PodScheduled", true),
            ]),
            host_ip: Some(node_ip(node)),
            pod_ip: Some(pod_ip.clone()),
            pod_ips: Some(vec![PodIP { ip: pod_ip }]),
            start_time: Some(clock.before(40 * 60)),
            qos_class: Some("Burstable".to_owned()),
            container_statuses: Some(vec![ContainerStatus {
                name: container.clone(),
                state: Some(state),
                last_state,
                ready: ok,
                restart_count: restarts,
                image: image(workload),
                image_id: if pending {
                    String::new()
                } else {
                    format!(
                        "registry.example/{container}@sha256:{:016x}{:016x}{:016x}{:016x}",
                        mix(seed + 2),
                        mix(seed + 3),
                        mix(seed + 4),
                        mix(seed + 5)
                    )
                },
                container_id: (!pending).then(|| container_id(seed)),
                started: Some(ok),
                ..ContainerStatus::default()
            }]),
            ..PodStatus::default()
        }),
    }
}

fn container_id(n: u64) -> String {
    format!("containerd://{:016x}{:016x}", mix(n), mix(n + 1))
}

/// The state, last state and restart count of a pod's container under the workload's failure
/// mode.
fn container_states(
    clock: &ScenarioClock,
    workload: &Workload,
    name: &str,
    pod_uid: &str,
) -> (ContainerState, Option<ContainerState>, i32) {
    let container = container_name(&workload.name);
    let seed = hash_str(pod_uid);
    let terminated = |exit_code: i32, reason: &str| ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code,
            reason: Some(reason.to_owned()),
            started_at: Some(clock.before(4 * 60)),
            finished_at: Some(clock.before(3 * 60)),
            container_id: Some(container_id(seed)),
            ..ContainerStateTerminated::default()
        }),
        ..ContainerState::default()
    };
    let waiting = |reason: &str, message: String| ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some(reason.to_owned()),
            message: Some(message),
        }),
        ..ContainerState::default()
    };
    let back_off = || {
        waiting(
            "CrashLoopBackOff",
            format!(
                "back-off 5m0s restarting failed container={container} pod={name}_{}({pod_uid})",
                workload.namespace
            ),
        )
    };
    match workload.mode {
        FailureMode::Healthy => (
            ContainerState {
                running: Some(ContainerStateRunning {
                    started_at: Some(clock.before(40 * 60)),
                }),
                ..ContainerState::default()
            },
            None,
            0,
        ),
        FailureMode::OomKilled => (back_off(), Some(terminated(137, "OOMKilled")), RESTARTS),
        FailureMode::LivenessKilled => (back_off(), Some(terminated(137, "Error")), RESTARTS),
        FailureMode::Exit(code) => {
            let reason = if code == 0 { "Completed" } else { "Error" };
            (back_off(), Some(terminated(code, reason)), RESTARTS)
        }
        FailureMode::ImagePullBackOff => (
            waiting(
                "ImagePullBackOff",
                format!("Back-off pulling image \"{}\"", image(workload)),
            ),
            None,
            0,
        ),
    }
}

fn object_ref_pod(pod: &Pod) -> ObjectReference {
    ObjectReference {
        api_version: Some("v1".to_owned()),
        kind: Some("Pod".to_owned()),
        name: pod.metadata.name.clone(),
        namespace: pod.metadata.namespace.clone(),
        uid: pod.metadata.uid.clone(),
        ..ObjectReference::default()
    }
}

fn object_ref_node(node: &Node) -> ObjectReference {
    ObjectReference {
        kind: Some("Node".to_owned()),
        name: node.metadata.name.clone(),
        uid: node.metadata.name.clone(),
        ..ObjectReference::default()
    }
}

/// One kubelet event about `target`: `(reason, type, message, count, first seen ago)`.
fn event(
    clock: &ScenarioClock,
    target: ObjectReference,
    host: Option<String>,
    (reason, type_, message, count, first): (&str, &str, String, i32, i64),
    n: u64,
) -> Event {
    let involved = target.name.clone().unwrap_or_default();
    let namespace = target
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let name = format!("{involved}.{:016x}", mix(hash_str(&involved) ^ mix(n)));
    Event {
        metadata: ObjectMeta {
            uid: Some(uid(&format!("{namespace}/{name}"))),
            name: Some(name),
            namespace: Some(namespace),
            resource_version: Some("413".to_owned()),
            creation_timestamp: Some(clock.before(first)),
            ..ObjectMeta::default()
        },
        involved_object: target,
        reason: Some(reason.to_owned()),
        message: Some(message),
        source: Some(EventSource {
            component: Some("kubelet".to_owned()),
            host: host.clone(),
        }),
        first_timestamp: Some(clock.before(first)),
        last_timestamp: Some(clock.before(60)),
        count: Some(count),
        type_: Some(type_.to_owned()),
        reporting_component: Some("kubelet".to_owned()),
        reporting_instance: host,
        ..Event::default()
    }
}

fn pod_events(clock: &ScenarioClock, workload: &Workload, pod: &Pod) -> Vec<Event> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let host = pod.spec.as_ref().and_then(|s| s.node_name.clone());
    let container = container_name(&workload.name);
    let image = image(workload);
    let back_off = (
        "BackOff",
        "Warning",
        format!(
            "Back-off restarting failed container {container} in pod {name}_{}({uid})",
            workload.namespace
        ),
        96,
        39 * 60,
    );
    let specs = match workload.mode {
        FailureMode::Healthy => Vec::new(),
        FailureMode::OomKilled | FailureMode::Exit(_) => vec![back_off],
        FailureMode::LivenessKilled => vec![
            (
                "Unhealthy",
                "Warning",
                "Liveness probe failed: HTTP probe failed with statuscode: 500".to_owned(),
                21,
                43 * 60,
            ),
            (
                "Killing",
                "Normal",
                format!("Container {container} failed liveness probe, will be restarted"),
                RESTARTS,
                42 * 60,
            ),
            back_off,
        ],
        FailureMode::ImagePullBackOff => vec![
            (
                "Failed",
                "Warning",
                format!(
                    "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"
                ),
                5,
                40 * 60,
            ),
            (
                "Failed",
                "Warning",
                "Error: ErrImagePull".to_owned(),
                5,
                40 * 60,
            ),
            (
                "BackOff",
                "Normal",
                format!("Back-off pulling image \"{image}\""),
                150,
                40 * 60,
            ),
            (
                "Failed",
                "Warning",
                "Error: ImagePullBackOff".to_owned(),
                150,
                40 * 60,
            ),
        ],
    };
    specs
        .into_iter()
        .enumerate()
        .map(|(i, spec)| event(clock, object_ref_pod(pod), host.clone(), spec, i as u64))
        .collect()
}

fn extra_warning(clock: &ScenarioClock, target: ObjectReference, i: usize, nodes: usize) -> Event {
    let name = target.name.clone().unwrap_or_default();
    let spec = match i % 5 {
        0 => (
            "Unhealthy",
            "Warning",
            "Readiness probe failed: HTTP probe failed with statuscode: 503".to_owned(),
            3,
        ),
        1 => (
            "BackOff",
            "Warning",
            format!("Back-off restarting failed container in pod {name}"),
            12,
        ),
        2 => (
            "FailedMount",
            "Warning",
            "MountVolume.SetUp failed for volume \"data\" : rpc error: code = Internal desc = No space left on device".to_owned(),
            2,
        ),
        3 => (
            "FailedScheduling",
            "Warning",
            format!("0/{nodes} nodes are available: {nodes} Insufficient memory."),
            1,
        ),
        _ => (
            "Evicted",
            "Warning",
            "The node was low on resource: memory.".to_owned(),
            1,
        ),
    };
    let (reason, type_, message, count) = spec;
    let ago = 60 + (i % 3600) as i64;
    event(
        clock,
        target,
        None,
        (reason, type_, message, count, ago),
        1000 + i as u64,
    )
}

/// The same event as events.k8s.io/v1 serves it.
fn events_v1(e: &Event) -> EventsV1Event {
    EventsV1Event {
        metadata: e.metadata.clone(),
        regarding: Some(e.involved_object.clone()),
        reason: e.reason.clone(),
        note: e.message.clone(),
        type_: e.type_.clone(),
        reporting_controller: e.reporting_component.clone(),
        reporting_instance: e.reporting_instance.clone(),
        deprecated_source: e.source.clone(),
        deprecated_first_timestamp: e.first_timestamp.clone(),
        deprecated_last_timestamp: e.last_timestamp.clone(),
        deprecated_count: e.count,
        ..EventsV1Event::default()
    }
}

/// `/apis` from the seed's discovery, with metrics.k8s.io added when it is served.
fn apis_discovery(metrics: bool) -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(seed::APIS_DISCOVERY) else {
        return seed::APIS_DISCOVERY.to_owned();
    };
    if metrics && let Some(groups) = doc.get_mut("groups").and_then(Value::as_array_mut) {
        let version = json!({"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"});
        groups.push(json!({
            "name": "metrics.k8s.io",
            "versions": [version],
            "preferredVersion": version,
        }));
    }
    doc.to_string()
}

/// PodMetricsList and NodeMetricsList as metrics-server serves them.
fn metrics_lists(
    clock: &ScenarioClock,
    objects: &Objects,
    pressured: usize,
    workloads: &[Workload],
) -> (String, String) {
    let timestamp = clock.before(15);
    let mut pod_items = Vec::new();
    let mut index = 0;
    for workload in workloads {
        for _ in 0..workload.replicas {
            let pod = &objects.pods[index];
            index += 1;
            let memory = match workload.mode {
                FailureMode::ImagePullBackOff => continue,
                FailureMode::OomKilled => "2040Mi",
                FailureMode::Healthy => "512Mi",
                _ => "300Mi",
            };
            pod_items.push(json!({
                "metadata": {
                    "name": pod.metadata.name,
                    "namespace": pod.metadata.namespace,
                    "labels": pod.metadata.labels,
                },
                "timestamp": timestamp,
                "window": "15.045s",
                "containers": [{
                    "name": container_name(&workload.name),
                    "usage": {"cpu": "250m", "memory": memory},
                }],
            }));
        }
    }
    let node_items: Vec<Value> = objects
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let memory = if i < pressured { "5980Mi" } else { "2400Mi" };
            json!({
                "metadata": {"name": n.metadata.name, "labels": n.metadata.labels},
                "timestamp": timestamp,
                "window": "20.043s",
                "usage": {"cpu": "1200m", "memory": memory},
            })
        })
        .collect();
    let list = |kind: &str, items: Vec<Value>| {
        json!({
            "kind": kind,
            "apiVersion": "metrics.k8s.io/v1beta1",
            "metadata": {},
            "items": items,
        })
        .to_string()
    };
    (
        list("PodMetricsList", pod_items),
        list("NodeMetricsList", node_items),
    )
}

/// A log a container of this mode would have written before it stopped (synthetic).
fn log_text(workload: &Workload) -> Option<String> {
    let app = container_name(&workload.name);
    let started = format!(
        "2026-11-26T18:17:05.102Z  INFO 1 --- [{app}] [main] Application started successfully on port {HTTP_PORT}\n"
    );
    let last = match workload.mode {
        FailureMode::ImagePullBackOff => return None,
        FailureMode::Healthy => return Some(started),
        FailureMode::OomKilled => "2026-11-26T18:18:03.950Z ERROR 1 --- [{app}] [main] Application run failed\njava.lang.OutOfMemoryError: Java heap space\n".to_owned(),
        FailureMode::LivenessKilled => "2026-11-26T18:17:40.001Z  WARN 1 --- [{app}] [main] Still warming caches; /healthz answers 500 until ready\n".to_owned(),
        FailureMode::Exit(143) => "2026-11-26T18:18:03.950Z  INFO 1 --- [{app}] [ionShutdownHook] Received SIGTERM, shutting down\n".to_owned(),
        FailureMode::Exit(139) => "# A fatal error has been detected by the Java Runtime Environment:\n#  SIGSEGV (0xb) at pc=0x00007f3a2c1b2f40, pid=1, tid=7\n".to_owned(),
        FailureMode::Exit(126) => "exec /app/start.sh: permission denied\n".to_owned(),
        FailureMode::Exit(127) => "/bin/sh: 1: /app/start.sh: not found\n".to_owned(),
        FailureMode::Exit(code) => format!(
            "2026-11-26T18:18:03.950Z ERROR 1 --- [{{app}}] [main] Application run failed: exiting with status {code}\n"
        ),
    };
    Some(format!("{started}{}", last.replace("{app}", &app)))
}

/// pods/log routes: the log of the last terminated container, or the kubelet's 400 when there is
/// none (no previous container; image never pulled).
fn log_routes(scenario: Scenario, workload: &Workload, pod: &Pod) -> Scenario {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let container = container_name(&workload.name);
    let path = format!("/api/v1/namespaces/{}/pods/{name}/log", workload.namespace);
    let bad_request = |message: String| {
        let body = json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": "BadRequest", "code": 400,
        });
        ApiReply::json(StatusCode::BAD_REQUEST, body.to_string())
    };
    let no_previous = bad_request(format!(
        "previous terminated container \"{container}\" in pod \"{name}\" not found"
    ));
    match (workload.mode, log_text(workload)) {
        (FailureMode::Healthy, Some(log)) => scenario
            .route(axum::http::Method::GET, &path, ApiReply::log(log))
            .route(axum::http::Method::GET, &path, no_previous)
            .with_query("previous", "true"),
        (_, Some(log)) => scenario.route(axum::http::Method::GET, &path, ApiReply::log(log)),
        (_, None) => scenario
            .route(
                axum::http::Method::GET,
                &path,
                bad_request(format!(
                    "container \"{container}\" in pod \"{name}\" is waiting to start: trying and failing to pull image"
                )),
            )
            .route(axum::http::Method::GET, &path, no_previous)
            .with_query("previous", "true"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(pod: &Pod) -> &ContainerStatus {
        &pod.status
            .as_ref()
            .unwrap()
            .container_statuses
            .as_ref()
            .unwrap()[0]
    }

    #[test]
    fn failure_modes_set_the_exit_code_and_reason() {
        let objects = ScenarioBuilder::new()
            .workload("payment-service", 2, FailureMode::OomKilled)
            .workload("web", 1, FailureMode::Exit(139))
            .workload("api", 1, FailureMode::ImagePullBackOff)
            .workload("ok", 1, FailureMode::Healthy)
            .objects()
            .unwrap();
        let last = |i: usize| {
            status(&objects.pods[i])
                .last_state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .map(|t| (t.exit_code, t.reason.clone().unwrap()))
        };
        assert_eq!(last(0), Some((137, "OOMKilled".to_owned())));
        assert_eq!(last(2), Some((139, "Error".to_owned())));
        assert_eq!(last(3), None);
        let waiting = status(&objects.pods[3])
            .state
            .as_ref()
            .unwrap()
            .waiting
            .as_ref();
        assert_eq!(waiting.unwrap().reason.as_deref(), Some("ImagePullBackOff"));
        assert!(status(&objects.pods[4]).ready);
        assert_eq!(status(&objects.pods[0]).name, "payment");
    }

    #[test]
    fn liveness_kills_come_with_unhealthy_and_killing_events() {
        let objects = ScenarioBuilder::new()
            .workload("web", 3, FailureMode::LivenessKilled)
            .objects()
            .unwrap();
        let reasons = |r: &str| {
            objects
                .events
                .iter()
                .filter(|e| e.reason.as_deref() == Some(r))
                .count()
        };
        assert_eq!(
            (reasons("Unhealthy"), reasons("Killing"), reasons("BackOff")),
            (3, 3, 3)
        );
    }

    #[test]
    fn names_are_unique_and_deterministic() {
        let build = || {
            ScenarioBuilder::new()
                .workload("web", 2000, FailureMode::Exit(1))
                .warning_events(3000)
                .objects()
                .unwrap()
        };
        let (a, b) = (build(), build());
        let mut names: Vec<_> = a.pods.iter().map(|p| p.metadata.name.clone()).collect();
        assert_eq!(
            names,
            b.pods
                .iter()
                .map(|p| p.metadata.name.clone())
                .collect::<Vec<_>>()
        );
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 2000);
        let mut events: Vec<_> = a.events.iter().map(|e| e.metadata.name.clone()).collect();
        events.sort();
        events.dedup();
        assert_eq!(events.len(), 5000);
    }

    #[test]
    fn memory_pressure_marks_the_first_nodes() {
        let objects = ScenarioBuilder::new()
            .nodes(4)
            .memory_pressure(2)
            .objects()
            .unwrap();
        let pressure: Vec<bool> = objects
            .nodes
            .iter()
            .map(|n| n.status.as_ref().unwrap().conditions.as_ref().unwrap()[0].status == "True")
            .collect();
        assert_eq!(pressure, [true, true, false, false]);
    }
}
