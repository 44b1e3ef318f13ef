//! Generated failure-kind scenarios: one per failure kind the breadth analyzers know (state
//! without events, controllers, Ingress, HPA, PDB, webhooks, Jobs, DaemonSets, StatefulSet
//! wiring, node conditions, volume phases), each with a healthy twin that differs only in the
//! broken object, served by the fake API server in kubectl-shaped JSON.

use k8s_openapi::ListableResource;
use k8s_openapi::api::admissionregistration::v1::{
    MutatingWebhookConfiguration, ValidatingWebhookConfiguration,
};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    Event, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::events::v1::Event as EventsV1Event;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use axum::http::Method;

use super::apiserver::{ApiReply, Collection, Scenario, ScenarioError};
use super::scenario::{FailureMode, ScenarioBuilder};
use super::seed::with_breadth_kinds;

/// The namespace every case lives in.
pub const NAMESPACE: &str = "shop";

/// One failure kind: the triage line to run, text the broken report must contain, and the two
/// clusters.
#[derive(Debug)]
pub struct Case {
    pub name: &'static str,
    /// The `/triage ...` line, e.g. `/triage service:web namespace:shop`.
    pub command: String,
    /// A phrase of the finding the broken cluster must produce.
    pub expect: &'static str,
    pub broken: Scenario,
    pub healthy: Scenario,
    /// Whether `/triage overview` of the broken namespace must find it too (a NetworkPolicy
    /// that denies traffic to pods that look healthy is found only by a workload triage).
    pub in_overview: bool,
}

/// The objects of one cluster as JSON, edited by a case before they are served.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub pods: Vec<Value>,
    pub events: Vec<Value>,
    pub nodes: Vec<Value>,
    pub deployments: Vec<Value>,
    pub replica_sets: Vec<Value>,
    pub stateful_sets: Vec<Value>,
    pub daemon_sets: Vec<Value>,
    pub jobs: Vec<Value>,
    pub cron_jobs: Vec<Value>,
    pub services: Vec<Value>,
    pub endpoint_slices: Vec<Value>,
    pub network_policies: Vec<Value>,
    pub ingresses: Vec<Value>,
    pub ingress_classes: Vec<Value>,
    pub hpas: Vec<Value>,
    pub pdbs: Vec<Value>,
    pub mutating: Vec<Value>,
    pub validating: Vec<Value>,
    pub storage_classes: Vec<Value>,
    pub pvcs: Vec<Value>,
    pub pvs: Vec<Value>,
    /// The current log of the first pod, when a case sets one.
    pub current_log: Option<String>,
    /// The log every pod answers (current and previous), when a case sets one.
    pub crash_log: Option<String>,
    /// The labels of namespace `shop` (besides `kubernetes.io/metadata.name`).
    pub namespace_labels: Value,
}

fn to_values<T: Serialize>(items: &[T]) -> Result<Vec<Value>, ScenarioError> {
    items
        .iter()
        .map(|x| {
            serde_json::to_value(x).map_err(|source| ScenarioError::Serialize {
                kind: "object".into(),
                source,
            })
        })
        .collect()
}

fn collection<K>(values: &[Value]) -> Result<Collection, ScenarioError>
where
    K: ListableResource + Serialize + DeserializeOwned + 'static,
{
    let typed = values
        .iter()
        .map(|v| {
            serde_json::from_value::<K>(v.clone()).map_err(|source| ScenarioError::Serialize {
                kind: K::KIND.to_owned(),
                source,
            })
        })
        .collect::<Result<Vec<K>, _>>()?;
    Collection::from_objects(&typed)
}

fn slice(service: &str, namespace: &str, ready: usize) -> Value {
    let endpoints: Vec<Value> = (0..ready)
        .map(|i| json!({"addresses": [format!("10.244.1.{}", i + 10)], "conditions": {"ready": true}}))
        .collect();
    json!({
        "metadata": {"name": format!("{service}-x1"), "namespace": namespace,
            "labels": {"kubernetes.io/service-name": service}},
        "addressType": "IPv4",
        "endpoints": endpoints,
        "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]
    })
}

fn service(name: &str, namespace: &str, app: &str) -> Value {
    json!({
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": {"app": app}, "ports": [{"name": "http", "port": 80,
            "targetPort": 8080, "protocol": "TCP"}]}
    })
}

impl World {
    /// Deployment `web` with three ready pods on two nodes, its Service with ready endpoints,
    /// IngressClass `nginx` and StorageClass `standard`.
    fn baseline(builder: &ScenarioBuilder) -> Result<Self, ScenarioError> {
        let objects = builder.objects()?;
        Ok(World {
            pods: to_values(&objects.pods)?,
            events: to_values(&objects.events)?,
            nodes: to_values(&objects.nodes)?,
            deployments: to_values(&objects.deployments)?,
            replica_sets: to_values(&objects.replica_sets)?,
            services: vec![service("web", NAMESPACE, "web")],
            endpoint_slices: vec![slice("web", NAMESPACE, 3)],
            ingress_classes: vec![json!({"metadata": {"name": "nginx"},
                "spec": {"controller": "k8s.io/ingress-nginx"}})],
            storage_classes: vec![json!({"metadata": {"name": "standard"},
                "provisioner": "rancher.io/local-path", "volumeBindingMode": "Immediate"})],
            ..World::default()
        })
    }

    /// Every pod of `web` edited by `f`; the Deployment then reports none available.
    fn pods(&mut self, f: impl Fn(&mut Value)) {
        for p in &mut self.pods {
            p["status"]["conditions"] = json!([{"type": "Ready", "status": "False"}]);
            if let Some(cs) = p["status"]["containerStatuses"].get_mut(0) {
                cs["ready"] = json!(false);
            }
            f(p);
        }
        self.events.clear();
        for d in &mut self.deployments {
            d["status"]["availableReplicas"] = Value::Null;
            d["status"]["readyReplicas"] = Value::Null;
            d["status"]["unavailableReplicas"] = d["spec"]["replicas"].clone();
        }
    }

    /// Pods waiting with `reason` and `message`.
    fn waiting(&mut self, reason: &str, message: &str) {
        self.pods(|p| {
            p["status"]["phase"] = json!("Pending");
            p["status"]["containerStatuses"][0]["state"] =
                json!({"waiting": {"reason": reason, "message": message}});
        });
    }

    /// Pods never scheduled, with a PodScheduled condition when `reason` is given.
    fn unscheduled(&mut self, reason: Option<(&str, &str)>) {
        self.pods(|p| {
            p["spec"]["nodeName"] = Value::Null;
            p["status"] = match reason {
                Some((reason, message)) => json!({"phase": "Pending", "conditions": [
                    {"type": "PodScheduled", "status": "False", "reason": reason,
                     "message": message}]}),
                None => json!({"phase": "Pending"}),
            };
        });
    }

    /// `n` ready pods labelled `app=<app>` (plus `extra` labels), owned by `kind` `owner`, made
    /// from the first `web` pod; `done` makes them Succeeded (a Job's finished pods).
    fn add_pods(
        &mut self,
        app: &str,
        owner: (&str, &str),
        n: usize,
        extra: &[(&str, &str)],
        done: bool,
    ) {
        let Some(template) = self.pods.first().cloned() else {
            return;
        };
        for i in 0..n {
            let mut p = template.clone();
            p["metadata"]["name"] = json!(format!("{app}-{i}"));
            p["metadata"]["uid"] = json!(format!("uid-{app}-{i}"));
            let mut labels = json!({"app": app});
            for (k, v) in extra {
                labels[*k] = json!(v);
            }
            p["metadata"]["labels"] = labels;
            p["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": owner.0,
                "name": owner.1, "uid": format!("uid-{}", owner.1), "controller": true}]);
            if done {
                p["status"]["phase"] = json!("Succeeded");
                p["status"]["conditions"] = json!([{"type": "Ready", "status": "False",
                    "reason": "PodCompleted"}]);
                p["status"]["containerStatuses"][0]["ready"] = json!(false);
                p["status"]["containerStatuses"][0]["state"] = json!({"terminated": {
                    "exitCode": 0, "reason": "Completed"}});
            }
            self.pods.push(p);
        }
    }

    /// Node `node-9`, which runs no pod of the namespace, under DiskPressure.
    fn idle_node_under_disk_pressure(&mut self) {
        let Some(mut n) = self.nodes.first().cloned() else {
            return;
        };
        n["metadata"]["name"] = json!("node-9");
        if let Some(cs) = n["status"]["conditions"].as_array_mut() {
            cs.retain(|c| c["type"] != json!("DiskPressure"));
            cs.push(json!({"type": "DiskPressure", "status": "True",
                "reason": "KubeletHasDiskPressure", "message": "kubelet has disk pressure"}));
        }
        self.nodes.push(n);
    }

    /// No pod of `web` exists: webhook `pods.policy.example.com` refuses their creation.
    fn blocked_by_webhook(&mut self) {
        self.pods.clear();
        self.endpoint_slices = vec![slice("web", NAMESPACE, 0)];
        for d in &mut self.deployments {
            d["status"] = json!({"observedGeneration": 1, "unavailableReplicas": 3,
                "conditions": [{"type": "ReplicaFailure", "status": "True",
                    "reason": "FailedCreate",
                    "message": "Internal error occurred: failed calling webhook \"pods.policy.example.com\": service \"policy-webhook\" not found"}]});
        }
    }

    /// Hands the pods of the generated Deployment `name` to `owner` (a DaemonSet or a Job of the
    /// same name): the Deployment and its ReplicaSet go, the pods' owner and labels follow.
    fn reown(&mut self, name: &str, owner: &str, labels: &[(&str, &str)]) {
        let named = |v: &Value| v["metadata"]["name"] == json!(name);
        self.deployments.retain(|d| !named(d));
        self.replica_sets
            .retain(|r| r["metadata"]["ownerReferences"][0]["name"] != json!(name));
        for p in &mut self.pods {
            if p["metadata"]["labels"]["app"] != json!(name) {
                continue;
            }
            let mut l = json!({"app": name});
            for (k, v) in labels {
                l[*k] = json!(v);
            }
            p["metadata"]["labels"] = l;
            p["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": owner,
                "name": name, "uid": format!("uid-{name}"), "controller": true}]);
        }
    }

    /// Namespace `shop` with `namespace_labels`.
    fn namespace(&self) -> Value {
        let mut labels = json!({"kubernetes.io/metadata.name": NAMESPACE});
        for (k, v) in self.namespace_labels.as_object().into_iter().flatten() {
            labels[k] = v.clone();
        }
        json!({"metadata": {"name": NAMESPACE, "labels": labels}})
    }

    fn scenario(&self, builder: &ScenarioBuilder) -> Result<Scenario, ScenarioError> {
        let scenario = with_breadth_kinds(builder.build()?)
            .collection(collection::<Pod>(&self.pods)?)
            .collection(collection::<Event>(&self.events)?)
            .collection(Collection::empty::<EventsV1Event>())
            .collection(collection::<Node>(&self.nodes)?)
            .collection(collection::<Deployment>(&self.deployments)?)
            .collection(collection::<ReplicaSet>(&self.replica_sets)?)
            .collection(collection::<StatefulSet>(&self.stateful_sets)?)
            .collection(collection::<DaemonSet>(&self.daemon_sets)?)
            .collection(collection::<Job>(&self.jobs)?)
            .collection(collection::<CronJob>(&self.cron_jobs)?)
            .collection(collection::<Service>(&self.services)?)
            .collection(collection::<EndpointSlice>(&self.endpoint_slices)?)
            .collection(collection::<NetworkPolicy>(&self.network_policies)?)
            .collection(collection::<Ingress>(&self.ingresses)?)
            .collection(collection::<IngressClass>(&self.ingress_classes)?)
            .collection(collection::<HorizontalPodAutoscaler>(&self.hpas)?)
            .collection(collection::<PodDisruptionBudget>(&self.pdbs)?)
            .collection(collection::<MutatingWebhookConfiguration>(&self.mutating)?)
            .collection(collection::<ValidatingWebhookConfiguration>(
                &self.validating,
            )?)
            .collection(collection::<StorageClass>(&self.storage_classes)?)
            .collection(collection::<PersistentVolumeClaim>(&self.pvcs)?)
            .collection(collection::<PersistentVolume>(&self.pvs)?)
            .collection(collection::<Namespace>(&[self.namespace()])?);
        let first = self.pods.first().and_then(|p| {
            Some((
                p["metadata"]["namespace"].as_str()?,
                p["metadata"]["name"].as_str()?,
            ))
        });
        let mut scenario = scenario;
        for p in self.pods.iter().filter(|_| self.crash_log.is_some()) {
            if let (Some(ns), Some(pod), Some(log)) = (
                p["metadata"]["namespace"].as_str(),
                p["metadata"]["name"].as_str(),
                &self.crash_log,
            ) {
                scenario = scenario.route(
                    Method::GET,
                    &format!("/api/v1/namespaces/{ns}/pods/{pod}/log"),
                    ApiReply::log(log.clone()),
                );
            }
        }
        Ok(match (first, &self.current_log) {
            (Some((ns, pod)), Some(log)) => scenario.route(
                Method::GET,
                &format!("/api/v1/namespaces/{ns}/pods/{pod}/log"),
                ApiReply::log(log.clone()),
            ),
            _ => scenario,
        })
    }
}

fn workload(target: &str) -> String {
    format!("/triage service:{target} namespace:{NAMESPACE}")
}

fn overview() -> String {
    format!("/triage overview namespace:{NAMESPACE}")
}

fn stateful_set(service_name: &str, ready: i32) -> Value {
    json!({
        "metadata": {"name": "db", "namespace": NAMESPACE},
        "spec": {"replicas": 3, "serviceName": service_name,
            "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "db", "image": "postgres:16"}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "data"},
                "spec": {"storageClassName": "standard", "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "1Gi"}}}}]},
        "status": {"replicas": 3, "readyReplicas": ready, "availableReplicas": ready}
    })
}

fn headless(name: &str) -> Value {
    let mut s = service(name, NAMESPACE, "db");
    s["spec"]["clusterIP"] = json!("None");
    s
}

fn ingress(name: &str, backend: &str, class: &str) -> Value {
    json!({
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {"ingressClassName": class, "rules": [{"host": "shop.example",
            "http": {"paths": [{"path": "/", "pathType": "Prefix",
                "backend": {"service": {"name": backend, "port": {"number": 80}}}}]}}]}
    })
}

/// An Ingress that also terminates TLS with Secret `web-tls`.
fn ingress_tls(name: &str, backend: &str) -> Value {
    let mut i = ingress(name, backend, "nginx");
    i["spec"]["tls"] = json!([{"hosts": ["shop.example"], "secretName": "web-tls"}]);
    i
}

fn hpa(target: &str, current: i32, desired: i32) -> Value {
    json!({
        "metadata": {"name": "web", "namespace": NAMESPACE},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                "name": target}, "minReplicas": 2, "maxReplicas": 6,
            "metrics": [{"type": "Resource", "resource": {"name": "memory",
                "target": {"type": "Utilization", "averageUtilization": 80}}}]},
        "status": {"currentReplicas": current, "desiredReplicas": desired, "conditions": [
            {"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale"},
            {"type": "ScalingActive", "status": "True", "reason": "ValidMetricFound"}]}
    })
}

fn pdb(app: &str, expected: i32, allowed: i32) -> Value {
    json!({
        "metadata": {"name": "web", "namespace": NAMESPACE},
        "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": app}}},
        "status": {"expectedPods": expected, "currentHealthy": expected, "desiredHealthy": 2,
            "disruptionsAllowed": allowed, "observedGeneration": 1}
    })
}

fn webhook() -> Value {
    json!({
        "metadata": {"name": "policy"},
        "webhooks": [{"name": "pods.policy.example.com", "sideEffects": "None",
            "admissionReviewVersions": ["v1"], "failurePolicy": "Fail",
            "clientConfig": {"service": {"namespace": "policy", "name": "policy-webhook",
                "port": 443}},
            "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                "resources": ["pods"]}]}]
    })
}

/// A mutating webhook like `webhook()`, for namespaces labelled `team=shop` only.
fn selective_webhook() -> Value {
    let mut w = webhook();
    w["webhooks"][0]["namespaceSelector"] = json!({"matchLabels": {"team": "shop"}});
    w["webhooks"][0]["reinvocationPolicy"] = json!("Never");
    w
}

/// A NetworkPolicy `name` for pods labelled `app=<app>` that allows ingress from the namespace.
fn allow_policy(name: &str, app: &str) -> Value {
    json!({
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {"podSelector": {"matchLabels": {"app": app}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"podSelector": {}}]}]}
    })
}

fn job(status: Value) -> Value {
    json!({
        "metadata": {"name": "report", "namespace": NAMESPACE},
        "spec": {"backoffLimit": 3, "template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "report", "image": "registry.example/report:1"}]}}},
        "status": status
    })
}

fn cron_job(suspend: bool) -> Value {
    json!({
        "metadata": {"name": "nightly", "namespace": NAMESPACE},
        "spec": {"schedule": "0 2 * * *", "suspend": suspend,
            "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never",
                "containers": [{"name": "nightly", "image": "registry.example/nightly:1"}]}}}}}
    })
}

fn daemon_set(ready: i32) -> Value {
    json!({
        "metadata": {"name": "log-agent", "namespace": NAMESPACE},
        "spec": {"selector": {"matchLabels": {"app": "log-agent"}},
            "template": {"metadata": {"labels": {"app": "log-agent"}},
                "spec": {"containers": [{"name": "agent", "image": "fluent-bit:3"}]}}},
        "status": {"desiredNumberScheduled": 2, "currentNumberScheduled": ready,
            "numberReady": ready, "numberMisscheduled": 0, "numberAvailable": ready,
            "updatedNumberScheduled": ready}
    })
}

fn claim(phase: &str) -> Value {
    json!({
        "metadata": {"name": "old-data", "namespace": NAMESPACE},
        "spec": {"storageClassName": "standard", "accessModes": ["ReadWriteOnce"],
            "volumeName": "pv-old", "resources": {"requests": {"storage": "1Gi"}}},
        "status": {"phase": phase}
    })
}

fn volume(phase: &str) -> Value {
    json!({
        "metadata": {"name": "pv-old"},
        "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
            "hostPath": {"path": "/data/pv-old"},
            "claimRef": {"namespace": NAMESPACE, "name": "old-data"}},
        "status": {"phase": phase}
    })
}

/// A case from the baseline, with `broken` and `healthy` edits.
fn case(
    builder: &ScenarioBuilder,
    name: &'static str,
    command: String,
    expect: &'static str,
    broken: impl FnOnce(&mut World),
    healthy: impl FnOnce(&mut World),
) -> Result<Case, ScenarioError> {
    let base = World::baseline(builder)?;
    let (mut b, mut h) = (base.clone(), base);
    broken(&mut b);
    healthy(&mut h);
    Ok(Case {
        name,
        command,
        expect,
        broken: b.scenario(builder)?,
        healthy: h.scenario(builder)?,
        in_overview: true,
    })
}

/// A case whose broken and healthy clusters come from two builders (pods that fail in one and
/// not in the other), both edited by `edit`.
fn case_between(
    builders: (&ScenarioBuilder, &ScenarioBuilder),
    name: &'static str,
    command: String,
    expect: &'static str,
    edit: impl Fn(&mut World, bool),
) -> Result<Case, ScenarioError> {
    let (mut b, mut h) = (World::baseline(builders.0)?, World::baseline(builders.1)?);
    edit(&mut b, true);
    edit(&mut h, false);
    Ok(Case {
        name,
        command,
        expect,
        broken: b.scenario(builders.0)?,
        healthy: h.scenario(builders.1)?,
        in_overview: true,
    })
}

/// Pods of a DaemonSet and of a Job that are OOMKilled: resolved through the breadth kinds,
/// they must get every read a Deployment's pods get (nodes, previous logs, usage).
fn oom_killed_outside_deployments() -> Result<Vec<Case>, ScenarioError> {
    let with = |name: &str, mode| {
        ScenarioBuilder::new()
            .namespace(NAMESPACE)
            .workload("web", 3, FailureMode::Healthy)
            .workload(name, 2, mode)
            .nodes(2)
            .metrics(true)
    };
    let agents = (
        &with("log-agent", FailureMode::OomKilled),
        &with("log-agent", FailureMode::Healthy),
    );
    let reports = (
        &with("report", FailureMode::OomKilled),
        &with("report", FailureMode::Healthy),
    );
    Ok(vec![
        case_between(
            agents,
            "daemon_set_pods_oom_killed",
            workload("log-agent"),
            "log-agent pods OOMKilled (exit 137)",
            |w, broken| {
                w.reown("log-agent", "DaemonSet", &[]);
                w.daemon_sets.push(daemon_set(if broken { 0 } else { 2 }));
            },
        )?,
        case_between(
            reports,
            "job_pods_oom_killed",
            workload("report"),
            "report pods OOMKilled (exit 137)",
            |w, _| {
                w.reown("report", "Job", &[("job-name", "report")]);
                w.jobs.push(job(json!({"active": 2})));
            },
        )?,
    ])
}

/// A crash whose cause only the previous log's exception names.
fn crash_cause() -> Result<Case, ScenarioError> {
    let with = |mode| {
        ScenarioBuilder::new()
            .namespace(NAMESPACE)
            .workload("web", 3, FailureMode::Healthy)
            .workload("api", 2, mode)
            .nodes(2)
            .metrics(true)
    };
    case_between(
        (&with(FailureMode::Exit(1)), &with(FailureMode::Healthy)),
        "previous_log_exception_is_the_crash_cause",
        workload("api"),
        "last crashed with: java.lang.IllegalStateException: Failed to load driver class",
        |w, broken| {
            if broken {
                w.crash_log = Some(
                    "2026-11-26T18:18:03.950Z ERROR 1 --- [api] [main] Application run failed\n\
                     org.springframework.beans.factory.BeanCreationException: Error creating \
                     bean with name 'dataSource'\n\tat org.springframework.beans.factory.\
                     support.AbstractBeanFactory.getBean(AbstractBeanFactory.java:313)\n\
                     Caused by: java.lang.IllegalStateException: Failed to load driver class \
                     org.postgresql.Driver\n"
                        .to_string(),
                );
            }
        },
    )
}

/// A Job, CronJob and the one that ran, as the healthy twins of the Job cases have them.
fn nightly_ran(w: &mut World) {
    w.cron_jobs.push(cron_job(false));
    let mut done = job(json!({"succeeded": 1, "conditions": [{"type": "Complete",
        "status": "True"}]}));
    done["metadata"]["name"] = json!("nightly-1");
    done["metadata"]["ownerReferences"] = json!([{"apiVersion": "batch/v1",
        "kind": "CronJob", "name": "nightly", "uid": "uid-nightly", "controller": true}]);
    w.jobs.push(done);
    w.add_pods(
        "nightly",
        ("Job", "nightly-1"),
        1,
        &[("job-name", "nightly-1")],
        true,
    );
}

/// Job `report` completed, with its pod.
fn report_ran(w: &mut World) {
    w.jobs.push(job(
        json!({"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}),
    ));
    w.add_pods(
        "report",
        ("Job", "report"),
        1,
        &[("job-name", "report")],
        true,
    );
}

/// HPA `web` on Deployment `web` with `condition` (type, reason, message) False.
fn hpa_with_false(condition: (&str, &str, &str)) -> Value {
    let mut h = hpa("web", 3, 3);
    let (kind, reason, message) = condition;
    if let Some(cs) = h["status"]["conditions"].as_array_mut() {
        cs.retain(|c| c["type"] != json!(kind));
        cs.push(json!({"type": kind, "status": "False", "reason": reason, "message": message}));
    }
    h
}

/// The failure kinds the first generated suite left to unit tests.
///
/// Longer than 100 lines because it is a table: one `case(..)` entry per failure kind, each a
/// few lines of setup; splitting it would only scatter the list.
fn more_kinds(b: &ScenarioBuilder) -> Result<Vec<Case>, ScenarioError> {
    let mut cases = vec![
        case(
            b,
            "unrelated_node_pressure_is_not_a_cause",
            overview(),
            "CreateContainerConfigError",
            |w| {
                w.idle_node_under_disk_pressure();
                w.waiting(
                    "CreateContainerConfigError",
                    "configmap \"web-config\" not found",
                );
            },
            World::idle_node_under_disk_pressure,
        )?,
        case(
            b,
            "job_suspended",
            workload("report"),
            "Job report is suspended",
            |w| {
                let mut j = job(json!({}));
                j["spec"]["suspend"] = json!(true);
                w.jobs.push(j);
            },
            report_ran,
        )?,
        case(
            b,
            "cron_job_bad_schedule",
            workload("nightly"),
            "has a schedule that does not parse",
            |w| {
                nightly_ran(w);
                w.cron_jobs[0]["spec"]["schedule"] = json!("0 25 * * *");
            },
            nightly_ran,
        )?,
        case(
            b,
            "daemon_set_misscheduled",
            workload("log-agent"),
            "1 pod on nodes it should not run on",
            |w| {
                let mut d = daemon_set(2);
                d["status"]["numberMisscheduled"] = json!(1);
                w.daemon_sets.push(d);
                w.add_pods("log-agent", ("DaemonSet", "log-agent"), 2, &[], false);
            },
            |w| {
                w.daemon_sets.push(daemon_set(2));
                w.add_pods("log-agent", ("DaemonSet", "log-agent"), 2, &[], false);
            },
        )?,
        case(
            b,
            "webhook_without_ready_endpoints",
            workload("web"),
            "which has no ready endpoints",
            |w| {
                w.validating.push(webhook());
                w.services
                    .push(service("policy-webhook", "policy", "policy"));
                w.endpoint_slices.push(slice("policy-webhook", "policy", 0));
            },
            |w| {
                w.validating.push(webhook());
                w.services
                    .push(service("policy-webhook", "policy", "policy"));
                w.endpoint_slices.push(slice("policy-webhook", "policy", 1));
            },
        )?,
        case(
            b,
            "hpa_metrics_unavailable",
            workload("web"),
            "HPA web cannot read its metrics (FailedGetResourceMetric)",
            |w| {
                w.hpas.push(hpa_with_false((
                    "ScalingActive",
                    "FailedGetResourceMetric",
                    "the HPA was unable to compute the replica count: unable to get metrics for \
                     resource memory: no metrics returned from resource metrics API",
                )))
            },
            |w| w.hpas.push(hpa("web", 3, 3)),
        )?,
        case(
            b,
            "hpa_cannot_scale",
            workload("web"),
            "HPA web cannot scale web (FailedGetScale)",
            |w| {
                w.hpas.push(hpa_with_false((
                    "AbleToScale",
                    "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale",
                )))
            },
            |w| w.hpas.push(hpa("web", 3, 3)),
        )?,
        case(
            b,
            "hpa_target_without_requests",
            workload("web"),
            "scales on cpu utilization but Deployment web sets no cpu request",
            |w| {
                let mut h = hpa("web", 3, 3);
                h["spec"]["metrics"][0]["resource"]["name"] = json!("cpu");
                w.hpas.push(h);
            },
            |w| w.hpas.push(hpa("web", 3, 3)),
        )?,
        case(
            b,
            "node_network_unavailable",
            workload("web"),
            "NetworkUnavailable on node-1",
            |w| {
                if let Some(c) = w.nodes[0]["status"]["conditions"].as_array_mut() {
                    c.push(json!({"type": "NetworkUnavailable", "status": "True",
                        "reason": "NoRouteCreated", "message": "RouteController failed to create a route"}));
                }
            },
            |w| {
                if let Some(c) = w.nodes[0]["status"]["conditions"].as_array_mut() {
                    c.push(json!({"type": "NetworkUnavailable", "status": "False",
                        "reason": "RouteCreated", "message": "RouteController created a route"}));
                }
            },
        )?,
        case(
            b,
            "pvc_pending",
            overview(),
            "PVC old-data is Pending",
            |w| w.pvcs.push(claim("Pending")),
            |w| {
                w.pvcs.push(claim("Bound"));
                w.pvs.push(volume("Bound"));
            },
        )?,
        case(
            b,
            "cron_job_latest_job_failed",
            workload("nightly"),
            "failed (BackoffLimitExceeded)",
            |w| {
                w.cron_jobs.push(cron_job(false));
                let mut failed = job(json!({"failed": 4, "conditions": [{"type": "Failed",
                    "status": "True", "reason": "BackoffLimitExceeded",
                    "message": "Job has reached the specified backoff limit"}]}));
                failed["metadata"]["name"] = json!("nightly-2");
                failed["metadata"]["ownerReferences"] = json!([{"apiVersion": "batch/v1",
                    "kind": "CronJob", "name": "nightly", "uid": "uid-nightly",
                    "controller": true}]);
                w.jobs.push(failed);
            },
            nightly_ran,
        )?,
    ];
    cases.push(crash_cause()?);
    Ok(cases)
}

/// Every failure kind, broken and healthy.
///
/// Longer than 100 lines because it is a table: one `case(..)` entry per failure kind, each a
/// few lines of setup; splitting it would only scatter the list.
pub fn cases() -> Result<Vec<Case>, ScenarioError> {
    let builder = ScenarioBuilder::new()
        .namespace(NAMESPACE)
        .workload("web", 3, FailureMode::Healthy)
        .nodes(2)
        .metrics(true);
    let b = &builder;
    let keep = |_: &mut World| {};
    let mut all = vec![
        case(
            b,
            "image_pull_backoff",
            workload("web"),
            "cannot pull image",
            |w| {
                w.waiting(
                    "ImagePullBackOff",
                    "Back-off pulling image \"registry.example/web:9.9.9\"",
                )
            },
            keep,
        )?,
        case(
            b,
            "missing_image_pull_secret",
            workload("web"),
            "no imagePullSecret is set",
            |w| {
                w.waiting(
                    "ErrImagePull",
                    "failed to pull and unpack image: 401 Unauthorized: authentication required",
                )
            },
            keep,
        )?,
        case(
            b,
            "create_container_config_error",
            workload("web"),
            "CreateContainerConfigError",
            |w| {
                w.waiting(
                    "CreateContainerConfigError",
                    "configmap \"web-config\" not found",
                )
            },
            keep,
        )?,
        case(
            b,
            "pre_start_hook_error",
            workload("web"),
            "PreStartHookError",
            |w| w.waiting("PreStartHookError", "PreStart hook exited with 1"),
            keep,
        )?,
        case(
            b,
            "container_creating_stuck",
            workload("web"),
            "stuck in ContainerCreating",
            |w| w.waiting("ContainerCreating", ""),
            keep,
        )?,
        case(
            b,
            "scheduling_gated",
            workload("web"),
            "held back by scheduling gates",
            |w| {
                w.unscheduled(Some((
                    "SchedulingGated",
                    "Scheduling is blocked due to non-empty scheduling gates",
                )));
                for p in &mut w.pods {
                    p["spec"]["schedulingGates"] = json!([{"name": "example.com/quota-check"}]);
                }
            },
            keep,
        )?,
        case(
            b,
            "unschedulable",
            workload("web"),
            "cannot be scheduled",
            |w| {
                w.unscheduled(Some((
                    "Unschedulable",
                    "0/2 nodes are available: 2 Insufficient memory.",
                )))
            },
            keep,
        )?,
        case(
            b,
            "pending_without_scheduler",
            workload("web"),
            "without being scheduled",
            |w| w.unscheduled(None),
            keep,
        )?,
        case(
            b,
            "evicted",
            workload("web"),
            "evicted",
            |w| {
                w.pods(|p| {
                    p["status"] = json!({"phase": "Failed", "reason": "Evicted",
                    "message": "The node was low on resource: memory."});
                })
            },
            keep,
        )?,
        case(
            b,
            "deployment_short_of_available",
            workload("web"),
            "1 of 3 replicas available",
            |w| {
                for d in &mut w.deployments {
                    d["status"]["availableReplicas"] = json!(1);
                    d["status"]["readyReplicas"] = json!(1);
                    d["status"]["unavailableReplicas"] = json!(2);
                }
            },
            keep,
        )?,
        case(
            b,
            "stateful_set_short_of_ready",
            workload("db"),
            "1 of 3 replicas ready",
            |w| {
                w.stateful_sets.push(stateful_set("db", 1));
                w.services.push(headless("db"));
                w.endpoint_slices.push(slice("db", NAMESPACE, 1));
            },
            |w| {
                w.stateful_sets.push(stateful_set("db", 3));
                w.services.push(headless("db"));
                w.endpoint_slices.push(slice("db", NAMESPACE, 3));
                w.add_pods("db", ("StatefulSet", "db"), 3, &[], false);
            },
        )?,
        case(
            b,
            "governing_service_missing",
            workload("db"),
            "governing Service db-headless does not exist",
            |w| w.stateful_sets.push(stateful_set("db-headless", 3)),
            |w| {
                w.stateful_sets.push(stateful_set("db-headless", 3));
                w.services.push(headless("db-headless"));
                w.endpoint_slices.push(slice("db-headless", NAMESPACE, 3));
                w.add_pods("db", ("StatefulSet", "db"), 3, &[], false);
            },
        )?,
        case(
            b,
            "ingress_backend_missing",
            workload("web"),
            "routes to Service web-svc, which does not exist",
            |w| w.ingresses.push(ingress_tls("web", "web-svc")),
            |w| w.ingresses.push(ingress("web", "web", "nginx")),
        )?,
        case(
            b,
            "ingress_class_missing",
            workload("shop-ingress"),
            "IngressClass nginx-internal, which does not exist",
            |w| {
                w.ingresses
                    .push(ingress("shop-ingress", "web", "nginx-internal"))
            },
            |w| w.ingresses.push(ingress("shop-ingress", "web", "nginx")),
        )?,
        case(
            b,
            "hpa_target_missing",
            workload("web"),
            "scales Deployment web-frontend, which does not exist",
            |w| w.hpas.push(hpa("web-frontend", 3, 3)),
            |w| w.hpas.push(hpa("web", 3, 3)),
        )?,
        case(
            b,
            "hpa_pinned_at_max",
            workload("web"),
            "pinned at maxReplicas 6",
            |w| w.hpas.push(hpa("web", 6, 6)),
            |w| w.hpas.push(hpa("web", 3, 3)),
        )?,
        case(
            b,
            "pdb_selects_no_pods",
            workload("web"),
            "selects no pods",
            |w| w.pdbs.push(pdb("web-old", 0, 0)),
            |w| w.pdbs.push(pdb("web", 3, 1)),
        )?,
        case(
            b,
            "pdb_blocks_disruption",
            workload("web"),
            "allows no disruption",
            |w| w.pdbs.push(pdb("web", 2, 0)),
            |w| w.pdbs.push(pdb("web", 3, 1)),
        )?,
        case(
            b,
            "webhook_down_blocks_pods",
            workload("web"),
            "blocks every matching request",
            |w| {
                w.validating.push(webhook());
                w.blocked_by_webhook();
            },
            |w| {
                w.validating.push(webhook());
                w.services
                    .push(service("policy-webhook", "policy", "policy"));
                w.endpoint_slices.push(slice("policy-webhook", "policy", 1));
            },
        )?,
        case(
            b,
            "webhook_selecting_the_namespace_is_blamed",
            workload("web"),
            "blocks every matching request",
            |w| {
                w.mutating.push(selective_webhook());
                w.namespace_labels = json!({"team": "shop"});
                w.blocked_by_webhook();
            },
            |w| {
                w.mutating.push(selective_webhook());
                w.namespace_labels = json!({"team": "billing"});
            },
        )?,
        case(
            b,
            "job_failed",
            workload("report"),
            "Job report failed (BackoffLimitExceeded)",
            |w| {
                w.jobs
                    .push(job(json!({"failed": 4, "conditions": [{"type": "Failed",
                "status": "True", "reason": "BackoffLimitExceeded",
                "message": "Job has reached the specified backoff limit"}]})))
            },
            |w| {
                w.jobs.push(job(
                    json!({"succeeded": 1, "conditions": [{"type": "Complete",
                "status": "True"}]}),
                ));
                w.add_pods(
                    "report",
                    ("Job", "report"),
                    1,
                    &[("job-name", "report")],
                    true,
                );
            },
        )?,
        case(
            b,
            "job_retrying",
            workload("report"),
            "is retrying",
            |w| w.jobs.push(job(json!({"active": 1, "failed": 2}))),
            |w| {
                w.jobs.push(job(json!({"active": 1})));
                w.add_pods(
                    "report",
                    ("Job", "report"),
                    1,
                    &[("job-name", "report")],
                    false,
                );
            },
        )?,
        case(
            b,
            "cron_job_suspended",
            workload("nightly"),
            "CronJob nightly is suspended",
            |w| w.cron_jobs.push(cron_job(true)),
            |w| {
                w.cron_jobs.push(cron_job(false));
                let mut done = job(json!({"succeeded": 1, "conditions": [{"type": "Complete",
                    "status": "True"}]}));
                done["metadata"]["name"] = json!("nightly-1");
                done["metadata"]["ownerReferences"] = json!([{"apiVersion": "batch/v1",
                    "kind": "CronJob", "name": "nightly", "uid": "uid-nightly",
                    "controller": true}]);
                w.jobs.push(done);
                w.add_pods(
                    "nightly",
                    ("Job", "nightly-1"),
                    1,
                    &[("job-name", "nightly-1")],
                    true,
                );
            },
        )?,
        case(
            b,
            "daemon_set_unready",
            workload("log-agent"),
            "DaemonSet log-agent: 1 of 2 pods ready",
            |w| w.daemon_sets.push(daemon_set(1)),
            |w| {
                w.daemon_sets.push(daemon_set(2));
                w.add_pods("log-agent", ("DaemonSet", "log-agent"), 2, &[], false);
            },
        )?,
        case(
            b,
            "node_kernel_deadlock",
            workload("web"),
            "KernelDeadlock on node-1",
            |w| {
                if let Some(c) = w.nodes[0]["status"]["conditions"].as_array_mut() {
                    c.push(json!({"type": "KernelDeadlock", "status": "True",
                        "reason": "DockerHung", "message": "kernel: INFO: task docker:7 blocked for more than 120 seconds."}));
                }
            },
            |w| {
                if let Some(c) = w.nodes[0]["status"]["conditions"].as_array_mut() {
                    c.push(json!({"type": "KernelDeadlock", "status": "False",
                        "reason": "KernelHasNoDeadlock", "message": "kernel has no deadlock"}));
                }
            },
        )?,
        case(
            b,
            "pvc_lost",
            overview(),
            "PVC old-data is Lost",
            |w| w.pvcs.push(claim("Lost")),
            |w| {
                w.pvcs.push(claim("Bound"));
                w.pvs.push(volume("Bound"));
            },
        )?,
        case(
            b,
            "pv_released",
            overview(),
            "PersistentVolume pv-old is Released",
            |w| w.pvs.push(volume("Released")),
            |w| {
                w.pvcs.push(claim("Bound"));
                w.pvs.push(volume("Bound"));
            },
        )?,
        case(
            b,
            "service_without_endpoints",
            overview(),
            "Service orphan (namespace shop) has no ready endpoints",
            |w| {
                w.services.push(service("orphan", NAMESPACE, "orphan"));
                w.endpoint_slices.push(slice("orphan", NAMESPACE, 0));
            },
            keep,
        )?,
        case(
            b,
            "deny_all_network_policy",
            workload("web"),
            "denies all ingress",
            |w| {
                w.network_policies.push(json!({
                    "metadata": {"name": "deny-all", "namespace": NAMESPACE},
                    "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}))
            },
            |w| {
                w.network_policies.push(json!({
                    "metadata": {"name": "allow-same-namespace", "namespace": NAMESPACE},
                    "spec": {"podSelector": {}, "policyTypes": ["Ingress"],
                        "ingress": [{"from": [{"podSelector": {}}]}]}}))
            },
        )
        .map(|c| Case {
            in_overview: false,
            ..c
        })?,
        case(
            b,
            "network_policy_selects_no_pods",
            overview(),
            "NetworkPolicy api-allow selects no pods in shop",
            |w| w.network_policies.push(allow_policy("api-allow", "api")),
            |w| w.network_policies.push(allow_policy("api-allow", "web")),
        )?,
        case(
            b,
            "own_network_policy_selects_no_pods",
            workload("web"),
            "NetworkPolicy web selects no pods in shop",
            |w| w.network_policies.push(allow_policy("web", "web-v1")),
            |w| w.network_policies.push(allow_policy("web", "web")),
        )?,
        case(
            b,
            "ready_pod_serving_errors",
            workload("web"),
            "is ready but its current log is mostly errors",
            |w| {
                for p in w.pods.iter_mut().skip(1) {
                    p["status"]["conditions"] = json!([{"type": "Ready", "status": "False"}]);
                    p["status"]["containerStatuses"][0]["ready"] = json!(false);
                }
                for d in &mut w.deployments {
                    d["status"]["availableReplicas"] = json!(1);
                    d["status"]["readyReplicas"] = json!(1);
                    d["status"]["unavailableReplicas"] = json!(2);
                }
                w.current_log = Some(
                    "10.244.1.7 - - [26/Nov/2026:18:20:01 +0000] \"POST /api/orders HTTP/1.1\" 500 87\n"
                        .repeat(30),
                );
            },
            keep,
        )?,
        case(
            b,
            "ready_pods_serving_errors_when_asked",
            format!("{} logs:current", workload("web")),
            "is ready but its current log is mostly errors",
            |w| {
                w.current_log = Some(
                    "ERROR POST /api/orders failed: upstream answered 500 (db password=s3cr3tP4ss)\n"
                        .repeat(30),
                );
            },
            keep,
        )
        .map(|c| Case {
            in_overview: false,
            ..c
        })?,
        case(
            b,
            "rollout_stalled",
            overview(),
            "rollout stalled",
            |w| {
                for d in &mut w.deployments {
                    d["status"]["availableReplicas"] = json!(2);
                    d["status"]["conditions"] = json!([{"type": "Progressing", "status": "False",
                        "reason": "ProgressDeadlineExceeded",
                        "message": "ReplicaSet \"web-1\" has timed out progressing."}]);
                }
            },
            keep,
        )?,
    ];
    all.extend(oom_killed_outside_deployments()?);
    all.extend(more_kinds(b)?);
    Ok(all)
}
