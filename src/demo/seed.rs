//! The seed scenario: the JSON a real kube-apiserver returned for the seed incident, embedded,
//! served by the fake API server for tests and `warroom demo`.
//!
//! Namespace `production`: 15 `payment-service` and 17 `order-service` pods in CrashLoopBackOff,
//! their events, nodes node-5..node-8 under MemoryPressure, PVC `payment-data`, NetworkPolicy
//! `default-deny-all`, Service `cache/redis` without endpoints, no metrics-server. Where the
//! fixtures hold nothing (statefulsets, services in `production`, ...) lists are empty.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use k8s_openapi::List;
use k8s_openapi::api::admissionregistration::v1::{
    MutatingWebhookConfiguration, ValidatingWebhookConfiguration,
};
use k8s_openapi::api::apps::v1::{DaemonSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;

use crate::builtin_regex::BuiltinRegex;

use super::apiserver::{ApiReply, Collection, Scenario, StatusCode, WatchRound};

/// The namespace of the seed incident.
pub const NAMESPACE: &str = "production";

/// 403 for a user who may not list nodes (real body).
pub const FORBIDDEN_NODES_BODY: &str = include_str!("seed/error-403-forbidden-nodes.json");
/// 403 for a user who may not list secrets in `production` (real body).
pub const FORBIDDEN_SECRETS_BODY: &str = include_str!("seed/error-403-forbidden-secrets.json");
/// 401 for a bad bearer token (real body).
pub const UNAUTHORIZED_BODY: &str = include_str!("seed/error-401-bad-token.json");
/// The plain-text 404 of an API group nobody serves (metrics.k8s.io without metrics-server).
pub const METRICS_NOT_FOUND_TEXT: &str = include_str!("seed/error-404-metrics.k8s.io.txt");
/// Previous-container log of the payment-service pods (what the kubelet would return).
pub const PAYMENT_PREVIOUS_LOG: &str = include_str!("seed/payment-previous.log");
/// Previous-container log of the order-service pods.
pub const ORDER_PREVIOUS_LOG: &str = include_str!("seed/order-previous.log");

const PODS: &str = include_str!("seed/pods.json");
const EVENTS_CORE: &str = include_str!("seed/events-core-v1.json");
const EVENTS_EVENTS_K8S_IO: &str = include_str!("seed/events-events.k8s.io-v1.json");
const NODES: &str = include_str!("seed/nodes.json");
const NETWORK_POLICIES: &str = include_str!("seed/networkpolicies.json");
const PVCS: &str = include_str!("seed/persistentvolumeclaims.json");
const PVS: &str = include_str!("seed/persistentvolumes.json");
const DEPLOYMENTS: &str = include_str!("seed/deployments.json");
const REPLICA_SETS: &str = include_str!("seed/replicasets.json");
const CACHE_SERVICES: &str = include_str!("seed/cache-services.json");
const CACHE_ENDPOINTS: &str = include_str!("seed/cache-endpoints.json");
const CACHE_ENDPOINT_SLICES: &str = include_str!("seed/cache-endpointslices.json");
pub(super) const VERSION: &str = include_str!("seed/version.json");
pub(super) const APIS_DISCOVERY: &str = include_str!("seed/apis-discovery.json");
const LOG_UNREACHABLE: &str = include_str!("seed/error-pods-log.json");
const LOG_PREVIOUS_UNREACHABLE: &str = include_str!("seed/error-pods-log-previous.json");

/// `/api`: core API versions. Not among the fixtures: the fixed shape, without server addresses.
pub(super) const API_VERSIONS: &str =
    r#"{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}"#;

/// The pod, node address and container named in the fixture's kubelet errors.
const FIXTURE_LOG_TARGET: &str = "/payment-service-7d9c8b6f5d-22mfr/payment";
const FIXTURE_NODE_IP: &str = "10.0.1.7";

/// `(plural, namespaced, list JSON)` of every fixture list.
const LISTS: &[(&str, bool, &str)] = &[
    ("pods", true, PODS),
    ("events", true, EVENTS_CORE),
    ("events", true, EVENTS_EVENTS_K8S_IO),
    ("nodes", false, NODES),
    ("networkpolicies", true, NETWORK_POLICIES),
    ("persistentvolumeclaims", true, PVCS),
    ("persistentvolumes", false, PVS),
    ("deployments", true, DEPLOYMENTS),
    ("replicasets", true, REPLICA_SETS),
    ("services", true, CACHE_SERVICES),
    ("endpoints", true, CACHE_ENDPOINTS),
    ("endpointslices", true, CACHE_ENDPOINT_SLICES),
];

/// A pod of the seed and where its logs live.
struct SeedPod {
    name: String,
    container: String,
    host_ip: String,
    app: String,
}

fn seed_pods() -> Vec<SeedPod> {
    let pods: List<Pod> = serde_json::from_str(PODS).expect("embedded pods.json is a PodList");
    pods.items
        .into_iter()
        .filter_map(|pod| {
            let name = pod.metadata.name?;
            let app = pod.metadata.labels?.get("app")?.clone();
            let container = pod.spec?.containers.first()?.name.clone();
            let host_ip = pod.status?.host_ip.unwrap_or_default();
            Some(SeedPod {
                name,
                container,
                host_ip,
                app,
            })
        })
        .collect()
}

fn log_path(pod: &str) -> String {
    format!("/api/v1/namespaces/{NAMESPACE}/pods/{pod}/log")
}

/// Everything of the seed but pod logs, its times moved by `by`.
fn seed_cluster(by: TimeDelta) -> Scenario {
    let mut scenario = Scenario::new()
        .route_json("/version", StatusCode::OK, VERSION)
        .route_json("/api", StatusCode::OK, API_VERSIONS)
        .route_json("/apis", StatusCode::OK, APIS_DISCOVERY)
        .route_prefix(
            "/apis/metrics.k8s.io",
            ApiReply::text(StatusCode::NOT_FOUND, METRICS_NOT_FOUND_TEXT),
        )
        .collection(Collection::empty::<StatefulSet>())
        .collection(Collection::empty::<DaemonSet>())
        .collection(Collection::empty::<Job>());
    scenario = with_breadth_kinds(scenario);
    for (plural, namespaced, json) in LISTS {
        let collection = Collection::from_list_json(plural, *namespaced, &moved(json, by))
            .expect("embedded seed fixtures are Kubernetes lists");
        scenario = scenario.collection(collection);
    }
    scenario
}

/// The seed incident with a reachable kubelet: pods/log answers each pod's previous-container
/// log (payment-service and order-service logs from the fixtures). A crash-looping container's
/// current log is its last terminated one, so the log is served with or without `previous=true`.
pub fn seed_scenario() -> Scenario {
    seed_scenario_moved(TimeDelta::zero())
}

/// The seed incident as if its answers had been recorded at `now`: every time in them (pods'
/// starts and terminations, events, conditions, logs) moved by the same amount, so a triage at
/// the real time sees a live incident, not one four days old. The console's built-in demo
/// cluster and the triage bench serve this.
pub fn seed_scenario_at(now: DateTime<Utc>) -> Scenario {
    seed_scenario_moved(move_to(now))
}

/// The whole seconds from the seed's recording to `now`: moved times keep their precision.
fn move_to(now: DateTime<Utc>) -> TimeDelta {
    TimeDelta::seconds((now - recorded_at()).num_seconds())
}

/// When the seed's answers were recorded: a minute after its last event.
pub fn recorded_at() -> DateTime<Utc> {
    DateTime::from_timestamp(RECORDED_AT_UNIX, 0).unwrap_or_default()
}

/// 2026-11-26T18:22:00Z.
const RECORDED_AT_UNIX: i64 = 1_795_717_320;

fn seed_scenario_moved(by: TimeDelta) -> Scenario {
    seed_pods()
        .into_iter()
        .fold(seed_cluster(by), |scenario, pod| {
            let log = match pod.app.as_str() {
                "payment-service" => PAYMENT_PREVIOUS_LOG,
                "order-service" => ORDER_PREVIOUS_LOG,
                _ => return scenario,
            };
            scenario.route(
                axum::http::Method::GET,
                &log_path(&pod.name),
                ApiReply::log(moved(log, by).into_owned()),
            )
        })
}

/// The seed incident as it was recorded: no kubelet ran, so pods/log answers the API server's
/// 500 (dial tcp ...:10250: connection refused) for every pod, naming that pod and its node.
pub fn seed_scenario_without_kubelet() -> Scenario {
    seed_pods()
        .into_iter()
        .fold(seed_cluster(TimeDelta::zero()), |scenario, pod| {
            let target = format!("/{}/{}", pod.name, pod.container);
            let body = |fixture: &str| {
                fixture
                    .replace(FIXTURE_LOG_TARGET, &target)
                    .replace(FIXTURE_NODE_IP, &pod.host_ip)
            };
            let path = log_path(&pod.name);
            scenario
                .route_json(
                    &path,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    body(LOG_UNREACHABLE),
                )
                .route_json(
                    &path,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    body(LOG_PREVIOUS_UNREACHABLE),
                )
                .with_query("previous", "true")
        })
}

/// Where the seed's pods are listed and watched.
pub const PODS_PATH: &str = "/api/v1/namespaces/production/pods";

/// The seed's pods of `app` recovering step by step, as watch rounds: round `k` brings the
/// next `steps[k]` pods (in name order) to ready — container running, Ready and
/// ContainersReady true, restart counts kept — as `MODIFIED` events with rising versions.
pub fn recovery_rounds(app: &str, steps: &[usize]) -> Vec<WatchRound> {
    recovery_rounds_moved(app, steps, TimeDelta::zero())
}

/// `recovery_rounds` of the seed as recorded at `now` (see `seed_scenario_at`).
pub fn recovery_rounds_at(app: &str, steps: &[usize], now: DateTime<Utc>) -> Vec<WatchRound> {
    recovery_rounds_moved(app, steps, move_to(now))
}

fn recovery_rounds_moved(app: &str, steps: &[usize], by: TimeDelta) -> Vec<WatchRound> {
    let list: serde_json::Value = serde_json::from_str(PODS).expect("embedded pods.json is JSON");
    let mut pods: Vec<serde_json::Value> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["metadata"]["labels"]["app"] == app)
        .cloned()
        .collect();
    pods.sort_by(|a, b| {
        a["metadata"]["name"]
            .as_str()
            .cmp(&b["metadata"]["name"].as_str())
    });
    let mut next = pods.into_iter();
    let mut version = 1000;
    steps
        .iter()
        .map(|&n| {
            WatchRound::events(next.by_ref().take(n).map(|mut pod| {
                version += 1;
                pod["metadata"]["resourceVersion"] = version.to_string().into();
                recovered(&mut pod["status"]);
                ("MODIFIED", moved_value(pod, by))
            }))
        })
        .collect()
}

/// A pod status made ready: every container running and ready.
fn recovered(status: &mut serde_json::Value) {
    for c in status["conditions"].as_array_mut().into_iter().flatten() {
        if c["type"] == "Ready" || c["type"] == "ContainersReady" {
            c["status"] = "True".into();
            c["reason"] = serde_json::Value::Null;
            c["message"] = serde_json::Value::Null;
        }
    }
    for cs in status["containerStatuses"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        cs["ready"] = true.into();
        cs["started"] = true.into();
        cs["state"] = serde_json::json!({ "running": { "startedAt": "2026-11-26T18:40:00Z" } });
    }
}

/// `scenario` for a user who may not read nodes: every nodes request answers the real 403.
pub fn with_forbidden_nodes(scenario: Scenario) -> Scenario {
    scenario.route_prefix(
        "/api/v1/nodes",
        ApiReply::json(StatusCode::FORBIDDEN, FORBIDDEN_NODES_BODY),
    )
}

/// `scenario` with a rejected token: every GET answers the real 401.
pub fn with_bad_token(scenario: Scenario) -> Scenario {
    scenario.route_prefix(
        "/",
        ApiReply::json(StatusCode::UNAUTHORIZED, UNAUTHORIZED_BODY),
    )
}

/// Empty collections of the kinds only the breadth reads list, so that a scenario answers them
/// as a real API server does (an empty list, not a 404).
pub fn with_breadth_kinds(scenario: Scenario) -> Scenario {
    scenario
        .collection(Collection::empty::<CronJob>())
        .collection(Collection::empty::<Ingress>())
        .collection(Collection::empty::<IngressClass>())
        .collection(Collection::empty::<HorizontalPodAutoscaler>())
        .collection(Collection::empty::<PodDisruptionBudget>())
        .collection(Collection::empty::<MutatingWebhookConfiguration>())
        .collection(Collection::empty::<ValidatingWebhookConfiguration>())
        .collection(Collection::empty::<StorageClass>())
}

/// Every RFC 3339 UTC time in `text` (`2026-11-26T18:17:04Z`, `…04.771Z`), moved by `by`.
fn moved(text: &str, by: TimeDelta) -> Cow<'_, str> {
    if by.is_zero() {
        return Cow::Borrowed(text);
    }
    TIMESTAMP.replace_all(text, |c: &regex::Captures<'_>| {
        DateTime::parse_from_rfc3339(&c[0]).map_or_else(
            |_| c[0].to_string(),
            |t| (t.to_utc() + by).to_rfc3339_opts(SecondsFormat::AutoSi, true),
        )
    })
}

fn moved_value(value: serde_json::Value, by: TimeDelta) -> serde_json::Value {
    let text = value.to_string();
    serde_json::from_str(&moved(&text, by)).unwrap_or(value)
}

static TIMESTAMP: BuiltinRegex =
    BuiltinRegex::new(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::snapshot::ClusterPod;

    #[test]
    fn moved_times_keep_their_form() {
        let now = "2026-11-30T20:00:30Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            moved(
                r#"{"finishedAt":"2026-11-26T18:18:04Z"} 2026-11-26T13:58:31.771Z ERROR"#,
                move_to(now)
            ),
            r#"{"finishedAt":"2026-11-30T19:56:34Z"} 2026-11-30T15:37:01.771Z ERROR"#
        );
    }

    #[test]
    fn every_fixture_list_is_served() {
        let s = seed_scenario();
        let count = |v: &str, p: &str| s.collection_for(v, p).map(Collection::len);
        assert_eq!(count("v1", "pods"), Some(32));
        assert_eq!(count("v1", "events"), Some(128));
        assert_eq!(count("events.k8s.io/v1", "events"), Some(128));
        assert_eq!(count("v1", "nodes"), Some(4));
        assert_eq!(count("networking.k8s.io/v1", "networkpolicies"), Some(1));
        assert_eq!(count("apps/v1", "statefulsets"), Some(0));
        assert_eq!(count("v1", "services"), Some(1));
        assert_eq!(count("discovery.k8s.io/v1", "endpointslices"), Some(1));
    }

    #[test]
    fn recovery_rounds_bring_pods_to_ready_step_by_step() {
        let rounds = recovery_rounds("payment-service", &[5, 10]);
        assert_eq!(rounds.len(), 2);
        let events = rounds[1].parsed();
        assert_eq!(events.len(), 10);
        let pod: Pod = serde_json::from_value(events[9]["object"].clone()).unwrap();
        assert_eq!(pod.metadata.resource_version.as_deref(), Some("1015"));
        assert!(crate::diagnose::is_ready(&ClusterPod::from(pod)));
        assert_eq!(events[0]["type"], "MODIFIED");
    }

    #[test]
    fn every_seed_pod_has_a_log_and_a_kubelet_error() {
        let pods = seed_pods();
        assert_eq!(pods.len(), 32);
        assert_eq!(
            pods.iter().filter(|p| p.app == "payment-service").count(),
            15
        );
        assert!(pods.iter().all(|p| !p.host_ip.is_empty()));
        assert!(LOG_UNREACHABLE.contains(FIXTURE_LOG_TARGET));
        assert!(LOG_PREVIOUS_UNREACHABLE.contains(FIXTURE_NODE_IP));
    }
}
