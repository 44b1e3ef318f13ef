//! Test snapshots: the seed incident built from the real API server fixtures, a healthy
//! namespace, and JSON builders for small hand-made faults.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::cluster::{PodLog, Snapshot, Target, What, Why};
use crate::i18n::Msg;

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

fn items<T: DeserializeOwned>(json: &str) -> Vec<T> {
    serde_json::from_str::<Items<T>>(json).unwrap().items
}

/// A Kubernetes object from JSON.
pub(crate) fn from<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// When the seed snapshot was taken: a few minutes after the last fixture event (18:21:11Z).
pub(crate) fn seed_time() -> DateTime<Utc> {
    at("2026-11-26T18:25:00Z")
}

pub(crate) fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// The seed incident: 32 pods of payment-service and order-service crash-looping in production.
pub(crate) fn seed() -> Snapshot {
    let log = |pod: &str, container: &str, text: &str| PodLog {
        namespace: "production".into(),
        pod: pod.into(),
        container: container.into(),
        previous: true,
        text: text.into(),
        command: format!("kubectl logs {pod} -n production -c {container} --previous --tail=200"),
    };
    Snapshot {
        cluster: "prod-cluster-01".into(),
        namespace: Some("production".into()),
        target: Some(Target::Overview),
        taken_at: Some(seed_time()),
        pods: items(include_str!("../demo/seed/pods.json")),
        events: items(include_str!("../demo/seed/events-core-v1.json")),
        nodes: items(include_str!("../demo/seed/nodes.json")),
        pvcs: items(include_str!("../demo/seed/persistentvolumeclaims.json")),
        pvs: items(include_str!("../demo/seed/persistentvolumes.json")),
        network_policies: items(include_str!("../demo/seed/networkpolicies.json")),
        services: items(include_str!("../demo/seed/cache-services.json")),
        endpoint_slices: items(include_str!("../demo/seed/cache-endpointslices.json")),
        deployments: items(include_str!("../demo/seed/deployments.json")),
        replica_sets: items(include_str!("../demo/seed/replicasets.json")),
        stateful_sets: Vec::new(),
        pod_metrics: None,
        node_metrics: None,
        logs: vec![
            log(
                "payment-service-7d9c8b6f5d-22mfr",
                "payment",
                include_str!("../demo/seed/payment-previous.log"),
            ),
            log(
                "order-service-5f6b9c7d48-5zhjp",
                "order",
                include_str!("../demo/seed/order-previous.log"),
            ),
        ],
        not_checked: vec![What::msg(Msg::new("nc-usage")).because(Why::new(
            Msg::new("nc-why-metrics-not-served"),
            Msg::new("verdict-short-metrics-not-served"),
        ))],
        elsewhere: None,
        ..Snapshot::default()
    }
}

/// A running, ready pod of Deployment `app` (ReplicaSet `{app}-6b7f9c5d4`) in namespace `shop`,
/// with a 512Mi limit and a liveness probe that starts after 10 s.
pub(crate) fn pod(app: &str, i: usize, node: &str) -> Value {
    let name = format!("{app}-6b7f9c5d4-{i:05}");
    json!({
        "metadata": {
            "name": name, "namespace": "shop",
            "labels": {"app": app, "pod-template-hash": "6b7f9c5d4"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                "name": format!("{app}-6b7f9c5d4"), "uid": "u", "controller": true}]
        },
        "spec": {
            "nodeName": node,
            "containers": [{
                "name": app, "image": format!("registry.example/{app}:1.0.0"),
                "resources": {"limits": {"memory": "512Mi"}, "requests": {"memory": "512Mi"}},
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080},
                    "initialDelaySeconds": 10, "periodSeconds": 10, "failureThreshold": 3}
            }],
            "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}}]
        },
        "status": {
            "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{
                "name": app, "ready": true, "restartCount": 0,
                "image": format!("registry.example/{app}:1.0.0"), "imageID": "",
                "state": {"running": {"startedAt": "2026-11-26T10:00:00Z"}}
            }]
        }
    })
}

/// A node with every condition healthy.
pub(crate) fn node(name: &str) -> Value {
    let cond = |t: &str, s: &str| json!({"type": t, "status": s});
    json!({
        "metadata": {"name": name},
        "status": {
            "allocatable": {"cpu": "4", "memory": "16Gi"},
            "conditions": [cond("MemoryPressure", "False"), cond("DiskPressure", "False"),
                cond("PIDPressure", "False"), cond("Ready", "True")]
        }
    })
}

/// A core/v1 event about a pod of namespace `shop`.
pub(crate) fn event(pod: &str, type_: &str, reason: &str, count: i32, message: &str) -> Value {
    json!({
        "metadata": {"name": format!("{pod}.{reason}"), "namespace": "shop"},
        "involvedObject": {"kind": "Pod", "namespace": "shop", "name": pod},
        "type": type_, "reason": reason, "count": count, "message": message,
        "firstTimestamp": "2026-11-26T18:00:00Z", "lastTimestamp": "2026-11-26T18:20:00Z"
    })
}

/// A Warning event about a pod of namespace `shop`.
pub(crate) fn warning(
    pod: &str,
    reason: &str,
    count: i32,
    message: &str,
) -> crate::cluster::ClusterEvent {
    from(event(pod, "Warning", reason, count, message))
}

/// Namespace `shop`: three ready `web` pods on a healthy node, a bound volume, a Service with
/// ready endpoints, a default-deny policy that allows DNS, usage well under limits, only Normal
/// events, and a log that shows nothing wrong.
pub(crate) fn healthy() -> Snapshot {
    let pods: Vec<Value> = (0..3).map(|i| pod("web", i, "node-1")).collect();
    Snapshot {
        cluster: "test".into(),
        namespace: Some("shop".into()),
        target: Some(Target::Workload { name: "web".into() }),
        taken_at: Some(seed_time()),
        pods: pods.into_iter().map(from).collect(),
        events: vec![from(event(
            "web-6b7f9c5d4-00000",
            "Normal",
            "Pulled",
            1,
            "Container image already present on machine",
        ))],
        nodes: vec![from(node("node-1"))],
        pvcs: vec![from(json!({
            "metadata": {"name": "web-data", "namespace": "shop"},
            "spec": {"resources": {"requests": {"storage": "10Gi"}}},
            "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}}
        }))],
        pvs: Vec::new(),
        network_policies: vec![from(json!({
            "metadata": {"name": "default-deny-allow-dns", "namespace": "shop"},
            "spec": {
                "podSelector": {"matchExpressions": [{"key": "app", "operator": "Exists"}]},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": [{"from": [{"podSelector": {}}]}],
                "egress": [{"ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]
            }
        }))],
        services: vec![from(json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}
        }))],
        endpoint_slices: vec![from(json!({
            "metadata": {"name": "web-abcde", "namespace": "shop",
                "labels": {"kubernetes.io/service-name": "web"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": ["10.0.0.1"], "conditions": {"ready": true}}]
        }))],
        deployments: vec![from(json!({
            "metadata": {"name": "web", "namespace": "shop",
                "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": []}}},
            "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                "conditions": [{"type": "Progressing", "status": "True",
                "reason": "NewReplicaSetAvailable"}]}
        }))],
        replica_sets: vec![from(json!({
            "metadata": {"name": "web-6b7f9c5d4", "namespace": "shop",
                "creationTimestamp": "2026-11-20T10:00:00Z",
                "annotations": {"deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                    "uid": "d", "controller": true}]},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [{"name": "web", "image": "registry.example/web:1.0.0"}]}}}
        }))],
        stateful_sets: Vec::new(),
        pod_metrics: Some(vec![crate::cluster::Usage {
            name: "shop/web-6b7f9c5d4-00000".into(),
            cpu_millis: 50,
            memory_bytes: 200 << 20,
        }]),
        node_metrics: Some(vec![crate::cluster::Usage {
            name: "node-1".into(),
            cpu_millis: 800,
            memory_bytes: 6 << 30,
        }]),
        logs: vec![PodLog {
            namespace: "shop".into(),
            pod: "web-6b7f9c5d4-00000".into(),
            container: "web".into(),
            previous: false,
            text: "INFO Started WebApplication in 3.2 seconds (process running for 3.9)\n".into(),
            command: "kubectl logs web-6b7f9c5d4-00000 -n shop -c web --tail=200".into(),
        }],
        not_checked: Vec::new(),
        elsewhere: None,
        ..Snapshot::default()
    }
}

/// A large namespace for timing: `apps` Deployments of `per_app` pods on 50 nodes (every other
/// app crash-looping after OOMKills), five events per pod, one log, Service and policy per app.
pub(crate) fn large(apps: usize, per_app: usize) -> Snapshot {
    let mut s = healthy();
    s.pods.clear();
    s.events.clear();
    s.logs.clear();
    s.services.clear();
    s.endpoint_slices.clear();
    s.nodes = (0..50)
        .map(|n| {
            let mut v = node(&format!("node-{n}"));
            if n % 5 == 0 {
                v["status"]["conditions"][0]["status"] = json!("True");
            }
            from(v)
        })
        .collect();
    let mut metrics = Vec::new();
    for a in 0..apps {
        let app = format!("app{a}");
        let failing = a % 2 == 0;
        for i in 0..per_app {
            let mut p = pod(&app, i, &format!("node-{}", (a * per_app + i) % 50));
            let name = p["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if failing {
                crash_loop_after_oom(&mut p);
                for (type_, reason, msg) in FAILING_EVENTS {
                    s.events.push(from(event(&name, type_, reason, 3, msg)));
                }
            } else {
                for _ in 0..5 {
                    s.events
                        .push(from(event(&name, "Normal", "Pulled", 1, "present")));
                }
            }
            metrics.push(crate::cluster::Usage {
                name: format!("shop/{name}"),
                cpu_millis: 10,
                memory_bytes: if failing { 500 << 20 } else { 100 << 20 },
            });
            s.pods.push(from(p));
        }
        add_app_objects(&mut s, &app, failing);
    }
    s.pod_metrics = Some(metrics);
    s
}

/// Five events a failing pod of `large` gets: (type, reason, message).
const FAILING_EVENTS: [(&str, &str, &str); 5] = [
    ("Warning", "BackOff", "Back-off restarting failed container"),
    (
        "Warning",
        "Unhealthy",
        "Liveness probe failed: HTTP probe failed",
    ),
    (
        "Normal",
        "Killing",
        "Container failed liveness probe, will be restarted",
    ),
    (
        "Warning",
        "FailedMount",
        "MountVolume.SetUp failed for volume \"data\" : timeout",
    ),
    (
        "Normal",
        "Pulled",
        "Container image already present on machine",
    ),
];

/// A pod of `pod()` made to crash-loop after an OOMKill.
fn crash_loop_after_oom(p: &mut Value) {
    p["status"]["conditions"][0]["status"] = json!("False");
    p["status"]["containerStatuses"][0]["ready"] = json!(false);
    p["status"]["containerStatuses"][0]["restartCount"] = json!(9);
    p["status"]["containerStatuses"][0]["state"] =
        json!({"waiting": {"reason": "CrashLoopBackOff"}});
    p["status"]["containerStatuses"][0]["lastState"] = json!({"terminated": {
        "exitCode": 137, "reason": "OOMKilled",
        "finishedAt": "2026-11-26T18:20:00Z"}});
}

/// One app's previous log, Service, EndpointSlice (empty when failing) and egress policy.
fn add_app_objects(s: &mut Snapshot, app: &str, failing: bool) {
    s.logs.push(PodLog {
        namespace: "shop".into(),
        pod: format!("{app}-6b7f9c5d4-00000"),
        container: app.to_string(),
        previous: true,
        text: "Starting App using Java 17\nStarted App in 14.2 seconds\n\
               java.lang.OutOfMemoryError: Java heap space\n\tat a.b(C.java:1)\n"
            .repeat(200),
        command: format!("kubectl logs {app}-6b7f9c5d4-00000 -n shop --previous"),
    });
    s.services.push(from(json!({
        "metadata": {"name": app, "namespace": "shop"},
        "spec": {"selector": {"app": app}, "ports": [{"port": 80}]}
    })));
    s.endpoint_slices.push(from(json!({
        "metadata": {"name": format!("{app}-x"), "namespace": "shop",
            "labels": {"kubernetes.io/service-name": app}},
        "addressType": "IPv4",
        "endpoints": if failing { json!([]) } else {
            json!([{"addresses": ["10.0.0.1"], "conditions": {"ready": true}}])
        }
    })));
    s.network_policies.push(from(json!({
        "metadata": {"name": format!("{app}-egress"), "namespace": "shop"},
        "spec": {"podSelector": {"matchExpressions": [
                    {"key": "app", "operator": "In", "values": [app]}]},
                 "policyTypes": ["Egress"],
                 "egress": [{"ports": [{"protocol": "TCP", "port": 443}]}]}
    })));
}

/// One analyzer, as the table in `diagnose` lists it.
pub(crate) type Analyzer = fn(&Snapshot, &crate::diagnose::Index) -> Vec<crate::diagnose::Finding>;

/// An object a snapshot's reads found missing: `kind` `name` in `namespace` (`None` for
/// cluster-scoped kinds).
pub(crate) fn missing(kind: &str, namespace: Option<&str>, name: &str) -> crate::cluster::Missing {
    crate::cluster::Missing {
        kind: kind.into(),
        namespace: namespace.map(Into::into),
        name: name.into(),
    }
}

/// Checks that evidence `i` of a finding came from `command`.
#[track_caller]
pub(crate) fn expect_command(f: &crate::diagnose::Finding, i: usize, command: &str) {
    assert_eq!(f.evidence[i].source_command(), Some(command), "{f:#?}");
}

/// Checks that evidence `i` of a finding shows `text`.
#[track_caller]
pub(crate) fn expect_evidence(f: &crate::diagnose::Finding, i: usize, text: &str) {
    let content = f.evidence[i].content();
    assert!(content.contains(text), "{text:?} not in {content}");
}

/// Words of a finding or hypothesis in `locale`, as the embedded catalogs render them.
fn in_locale(locale: crate::i18n::Locale, text: &crate::i18n::Text) -> String {
    static CATALOG: std::sync::OnceLock<crate::i18n::Catalog> = std::sync::OnceLock::new();
    CATALOG
        .get_or_init(|| crate::i18n::Catalog::new(None).expect("the embedded catalogs load"))
        .text(locale, text)
}

/// Words of a finding or hypothesis in English, as the `en` catalog renders them.
pub(crate) fn en(text: &crate::i18n::Text) -> String {
    in_locale(crate::i18n::Locale::En, text)
}

/// Words of a finding or hypothesis in Chinese, as the `zh-CN` catalog renders them.
pub(crate) fn zh(text: &crate::i18n::Text) -> String {
    in_locale(crate::i18n::Locale::ZhCn, text)
}

/// A finding's suggested fix in Chinese ("" when it has none).
pub(crate) fn zh_fix(f: &crate::diagnose::Finding) -> String {
    f.suggestion.as_ref().map(zh).unwrap_or_default()
}

/// Checks a finding's title in Chinese, as the `zh-CN` catalog renders it.
#[track_caller]
pub(crate) fn expect_zh_title(f: &crate::diagnose::Finding, title: &str) {
    assert_eq!(
        in_locale(crate::i18n::Locale::ZhCn, &f.title),
        title,
        "{f:#?}"
    );
}

/// Checks that a finding's title, detail, fix and evidence titles, rendered in Chinese, hold no
/// English sentence (`i18n::english_runs`), and that the detail says `detail`.
#[track_caller]
pub(crate) fn expect_zh_finding(f: &crate::diagnose::Finding, detail: &str) {
    let zh = |t: &crate::i18n::Text| in_locale(crate::i18n::Locale::ZhCn, t);
    let fix = f.suggestion.as_ref().map(zh).unwrap_or_default();
    let evidence = f.evidence.iter().map(|e| zh(e.title()));
    for text in [zh(&f.title), zh(&f.detail), fix]
        .into_iter()
        .chain(evidence)
    {
        let english = crate::i18n::english_runs(&text);
        assert!(english.is_empty(), "English {english:?} in {text}");
    }
    let said = zh(&f.detail);
    assert!(said.contains(detail), "{detail:?} not in {said}");
}

/// Checks a finding's title (in English).
#[track_caller]
pub(crate) fn expect_title(f: &crate::diagnose::Finding, title: &str) {
    assert_eq!(en(&f.title), title, "{f:#?}");
}

/// Checks that a finding's detail (in English) says each line of `fragments` (the blanks that
/// indent a line are not part of it).
#[track_caller]
pub(crate) fn expect_detail(f: &crate::diagnose::Finding, fragments: &str) {
    let detail = en(&f.detail);
    for text in fragments.lines().map(str::trim_start) {
        assert!(detail.contains(text), "{text:?} not in {detail}");
    }
}

/// A finding's suggested fix in English ("" when it has none).
pub(crate) fn fix(f: &crate::diagnose::Finding) -> String {
    f.suggestion.as_ref().map(en).unwrap_or_default()
}

/// A finding's title in Chinese.
pub(crate) fn zh_title(f: &crate::diagnose::Finding) -> String {
    zh(&f.title)
}

/// Runs one analyzer over a snapshot with the index `diagnose` would build for it.
pub(crate) fn run(analyze: Analyzer, s: &Snapshot) -> Vec<crate::diagnose::Finding> {
    analyze(s, &crate::diagnose::Index::new(s))
}

/// Checks the commands a finding's evidence came from against `expected`: one command a line,
/// in order (the blanks that indent a line are not part of it).
#[track_caller]
pub(crate) fn expect_commands(f: &crate::diagnose::Finding, expected: &str) {
    let commands: Vec<&str> = f
        .evidence
        .iter()
        .filter_map(|e| e.source_command())
        .collect();
    let expected: Vec<&str> = expected.lines().map(str::trim_start).collect();
    assert_eq!(commands, expected, "{f:#?}");
}

/// The titles of one analyzer's findings over a snapshot.
pub(crate) fn titles(analyze: Analyzer, s: &Snapshot) -> Vec<String> {
    run(analyze, s).iter().map(|f| en(&f.title)).collect()
}

/// One analyzer's findings over a snapshot, after checking their titles against `expected`:
/// one title a line, in order (the blanks that indent a line are not part of it).
pub(crate) fn expect_titles(
    analyze: Analyzer,
    s: &Snapshot,
    expected: &str,
) -> Vec<crate::diagnose::Finding> {
    let f = run(analyze, s);
    let titles: Vec<String> = f.iter().map(|f| en(&f.title)).collect();
    let expected: Vec<&str> = expected.lines().map(str::trim_start).collect();
    assert_eq!(titles, expected, "{f:#?}");
    f
}

/// One analyzer's findings over the seed incident, after checking their titles as
/// `expect_titles` does.
pub(crate) fn seed_titles(analyze: Analyzer, expected: &str) -> Vec<crate::diagnose::Finding> {
    expect_titles(analyze, &seed(), expected)
}

/// The one finding an analyzer makes of a snapshot (fails when it makes none or several).
pub(crate) fn single(analyze: Analyzer, s: &Snapshot) -> crate::diagnose::Finding {
    only(run(analyze, s))
}

/// The one finding of the whole diagnosis of a snapshot, after checking which analyzer made it
/// and its title.
pub(crate) fn lone(
    s: &Snapshot,
    check: crate::diagnose::Check,
    title: &str,
) -> crate::diagnose::Finding {
    let f = only(crate::diagnose::diagnose(s).findings);
    assert_eq!((f.check, en(&f.title).as_str()), (check, title), "{f:#?}");
    f
}

fn only(mut all: Vec<crate::diagnose::Finding>) -> crate::diagnose::Finding {
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}
