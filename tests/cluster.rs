//! The read-only cluster layer through kube's real client against the recording fake API server
//! serving the seed incident: what `gather`, `pod_log`, `workload_names` and the access review
//! read, how many requests they send, and that every one of them is a read of `READS`.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::http::Method;
use k8s_openapi::api::core::v1::Node;
use warroom::cluster::{
    ClusterError, ClusterSpec, Identity, ListQuery, Page, READS, ReadOnly, ReadScope, Snapshot,
    Target, create_self_subject_reviews, gather, gather_scoped, pod_log, workload_names,
};
use warroom::demo::apiserver::{
    ApiReply, FakeApiServer, RecordedRequest, SELF_SUBJECT_ACCESS_REVIEWS, Scenario, StatusCode,
};
use warroom::demo::seed::{seed_scenario, seed_scenario_without_kubelet, with_forbidden_nodes};
use warroom::i18n::{Catalog, Locale, Msg, Text};

const NS: &str = "production";

async fn connect(url: &str, identity: &Identity) -> ReadOnly {
    ReadOnly::connect(&ClusterSpec::with_server("seed", url), identity)
        .await
        .unwrap()
}

async fn start(scenario: Scenario) -> (FakeApiServer, ReadOnly) {
    let server = FakeApiServer::start(scenario).await.unwrap();
    let ro = connect(&server.url(), &Identity::default()).await;
    (server, ro)
}

fn workload(name: &str) -> Target {
    Target::Workload { name: name.into() }
}

/// `(group, resource[/subresource])` of an API path, as RBAC names it.
fn rbac_resource(path: &str) -> Option<(String, String)> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, _version, rest @ ..] => (*group, rest),
        _ => return None,
    };
    let rest = match rest {
        ["namespaces", _ns, rest @ ..] if !rest.is_empty() => rest,
        other => other,
    };
    let resource = match rest {
        [plural] | [plural, _] => plural.to_string(),
        [plural, _, sub] => format!("{plural}/{sub}"),
        _ => return None,
    };
    Some((group.to_string(), resource))
}

/// Every request is a GET of a resource in `READS`.
fn assert_reads_only(requests: &[RecordedRequest]) {
    for r in requests {
        assert_eq!(r.method, "GET", "{r:?}");
        let (group, resource) = rbac_resource(&r.path).unwrap_or_else(|| panic!("{r:?}"));
        assert!(
            READS
                .iter()
                .any(|read| read.group == group && read.resource == resource),
            "{} reads {group}/{resource}, which is not in READS",
            r.path
        );
    }
}

fn is_log(r: &RecordedRequest) -> bool {
    r.path.ends_with("/log")
}

/// A read of the kinds beyond pods and their controllers (the breadth reads).
fn is_breadth(r: &RecordedRequest) -> bool {
    [
        "/daemonsets",
        "/jobs",
        "/cronjobs",
        "/ingresses",
        "/ingressclasses",
        "/horizontalpodautoscalers",
        "/poddisruptionbudgets",
        "webhookconfigurations",
        "/storageclasses",
    ]
    .iter()
    .any(|k| r.path.ends_with(k))
}

/// Words of a "not checked" line in English.
fn en(text: &Text) -> String {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::new(None).expect("the embedded catalogs load"))
        .text(Locale::En, text)
}

fn why(snap: &Snapshot, what_starts: &str) -> String {
    snap.not_checked
        .iter()
        .find(|n| en(&n.what).starts_with(what_starts))
        .map(|n| en(&n.why))
        .unwrap_or_else(|| {
            panic!(
                "no not-checked line for {what_starts}: {:#?}",
                snap.not_checked
            )
        })
}

#[test]
fn path_mapper_names_rbac_resources() {
    let map = |p: &str| rbac_resource(p).map(|(g, r)| format!("{g}/{r}"));
    assert_eq!(map("/api/v1/nodes").as_deref(), Some("/nodes"));
    assert_eq!(
        map("/api/v1/namespaces/production/pods/p-1/log").as_deref(),
        Some("/pods/log")
    );
    assert_eq!(
        map("/apis/apps/v1/namespaces/production/deployments/web").as_deref(),
        Some("apps/deployments")
    );
    assert_eq!(
        map("/apis/metrics.k8s.io/v1beta1/nodes").as_deref(),
        Some("metrics.k8s.io/nodes")
    );
    assert_eq!(
        map("/api/v1/namespaces/production").as_deref(),
        Some("/namespaces")
    );
    assert_eq!(map("/version"), None);
}

#[tokio::test]
async fn payment_service_is_gathered_within_budget_with_reads_only() {
    let (server, ro) = start(seed_scenario()).await;
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();

    assert_eq!(snap.cluster, "seed");
    assert_eq!(snap.namespace.as_deref(), Some(NS));
    assert!(snap.taken_at.is_some());
    assert_eq!(snap.pods.len(), 15);
    assert!(snap.pods.iter().all(|p| {
        p.metadata
            .name
            .as_deref()
            .unwrap()
            .starts_with("payment-service-")
    }));
    // Of the namespace's 128 core/v1 events, those about payment-service's pods, owners and
    // claim.
    assert_eq!(snap.events.len(), 60);
    assert!(snap.events.iter().all(|e| {
        let name = e.involved_object.name.as_deref().unwrap_or_default();
        name.starts_with("payment-")
    }));
    let mut nodes: Vec<&str> = snap
        .nodes
        .iter()
        .filter_map(|n| n.metadata.name.as_deref())
        .collect();
    nodes.sort();
    assert_eq!(nodes, ["node-5", "node-6", "node-7", "node-8"]);
    assert_eq!(snap.pvcs.len(), 1);
    assert_eq!(snap.pvcs[0].metadata.name.as_deref(), Some("payment-data"));
    assert_eq!(snap.pvs.len(), 1, "the PV bound to payment-data");
    assert_eq!(snap.network_policies.len(), 1);
    assert_eq!(snap.deployments.len(), 1);
    assert_eq!(
        snap.deployments[0].metadata.name.as_deref(),
        Some("payment-service")
    );
    assert!(!snap.replica_sets.is_empty());

    // One failure group (ReplicaSet, OOMKilled, 137): one log for 15 pods.
    assert_eq!(snap.logs.len(), 1);
    let log = &snap.logs[0];
    assert!(log.previous);
    assert_eq!(log.container, "payment");
    assert!(
        log.text
            .contains("java.lang.OutOfMemoryError: Java heap space")
    );
    assert_eq!(
        log.command,
        format!(
            "kubectl logs {} -n production -c payment --previous --tail=200 --limit-bytes=65536 \
             --server {}",
            log.pod,
            server.url()
        )
    );

    // The payment log names its database (pg.db); the seed has no namespace db.
    assert!(why(&snap, "dependency db/pg").contains("no Service pg"));
    assert_eq!(snap.pod_metrics, None);
    assert_eq!(snap.node_metrics, None);
    assert_eq!(
        why(&snap, "pod and node usage"),
        "metrics.k8s.io is not served (install metrics-server)"
    );

    let requests = server.requests();
    assert_reads_only(&requests);
    assert!(server.non_get_requests().is_empty());
    let logs = requests.iter().filter(|r| is_log(r)).count();
    assert_eq!(logs, 1);
    // 12 reads plus one page of the namespace's pods (for the closing line), and one list of
    // each breadth kind (six in the namespace, four cluster-wide).
    let breadth = requests.iter().filter(|r| is_breadth(r)).count();
    assert_eq!(breadth, 10, "{requests:#?}");
    let others = requests.len() - logs - 1 - breadth;
    assert!(others <= 12, "{others} list/get requests: {requests:#?}");
    let log_request = requests.iter().find(|r| is_log(r)).unwrap();
    assert_eq!(log_request.param("previous"), Some("true"));
    assert_eq!(log_request.param("tailLines"), Some("200"));
    assert_eq!(log_request.param("limitBytes"), Some("65536"));
    // Lists are paged (limit=PAGE_SIZE) or whole from the watch cache (resourceVersion=0);
    // the only reads by name are the Deployment and the dependency.
    let page = warroom::cluster::client::PAGE_SIZE.to_string();
    let mut by_name: Vec<&str> = requests
        .iter()
        .filter(|r| {
            !is_log(r)
                && r.param("limit") != Some(page.as_str())
                && r.param("resourceVersion") != Some("0")
        })
        .map(|r| r.path.as_str())
        .collect();
    by_name.sort();
    assert_eq!(
        by_name,
        [
            "/api/v1/namespaces/db/services/pg",
            "/apis/apps/v1/namespaces/production/deployments/payment-service"
        ]
    );
}

#[tokio::test]
async fn order_service_finds_the_redis_it_cannot_resolve() {
    let (server, ro) = start(seed_scenario()).await;
    let snap = gather(&ro, "seed", &workload("order-service"), Some(NS))
        .await
        .unwrap();
    assert_eq!(snap.pods.len(), 17);
    // Two failure groups (OOMKilled/137 and Error/1): two logs.
    assert_eq!(snap.logs.len(), 2);
    let redis = snap
        .services
        .iter()
        .find(|s| s.metadata.name.as_deref() == Some("redis"))
        .expect("cache/redis found through the UnknownHostException in the log");
    assert_eq!(redis.metadata.namespace.as_deref(), Some("cache"));
    assert_eq!(snap.endpoint_slices.len(), 1);
    assert_eq!(
        snap.endpoint_slices[0].metadata.namespace.as_deref(),
        Some("cache")
    );
    assert!(
        snap.endpoint_slices[0]
            .endpoints
            .as_ref()
            .is_none_or(Vec::is_empty),
        "redis has no endpoints"
    );

    let requests = server.requests();
    assert_reads_only(&requests);
    let logs = requests.iter().filter(|r| is_log(r)).count();
    assert!(logs <= 4);
    let paths: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.path, r.query))
        .collect();
    // 12 reads, plus the pages of the big lists: here the namespace's pods (one page) that
    // the closing "Elsewhere in production" line counts.
    let namespace_pods = requests
        .iter()
        .filter(|r| {
            r.path == "/api/v1/namespaces/production/pods" && r.param("labelSelector").is_none()
        })
        .count();
    assert_eq!(namespace_pods, 1);
    let breadth = requests.iter().filter(|r| is_breadth(r)).count();
    assert!(
        requests.len() - logs - namespace_pods - breadth <= 12,
        "{paths:#?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r.path == "/api/v1/namespaces/cache/services/redis")
    );
}

#[tokio::test]
async fn without_a_kubelet_logs_are_not_checked_and_the_rest_is_read() {
    let (server, ro) = start(seed_scenario_without_kubelet()).await;
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();
    assert!(snap.logs.is_empty());
    let why = why(&snap, "previous logs of payment-service-");
    assert!(
        why.starts_with("the kubelet did not answer (500: "),
        "{why}"
    );
    assert!(why.contains("connection refused"), "{why}");
    assert_eq!(snap.pods.len(), 15);
    assert_eq!(snap.nodes.len(), 4);
    assert_eq!(server.requests().iter().filter(|r| is_log(r)).count(), 1);
    assert_reads_only(&server.requests());
}

#[tokio::test]
async fn forbidden_nodes_are_a_not_checked_line() {
    let (_server, ro) = start(with_forbidden_nodes(seed_scenario())).await;
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();
    assert!(snap.nodes.is_empty());
    let why = why(&snap, "nodes");
    assert!(
        why.starts_with("forbidden: warroom's identity may not list nodes at the cluster scope"),
        "{why}"
    );
    assert!(why.contains("grant get, list and watch on nodes"), "{why}");
    assert_eq!(snap.pods.len(), 15, "the rest is still read");
    assert_eq!(snap.logs.len(), 1);
}

#[tokio::test]
async fn an_unreachable_server_gives_not_checked_lines_quickly() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let ro = connect(&url, &Identity::default()).await;
    let started = Instant::now();
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(snap.pods.is_empty());
    let first = &snap.not_checked[0];
    assert!(
        en(&first.why).starts_with(&format!("cannot reach the API server at {url}")),
        "{first:?}"
    );
    assert!(snap.not_checked.len() >= 3, "{:#?}", snap.not_checked);
    assert!(
        snap.not_checked[1..]
            .iter()
            .all(|n| en(&n.why) == "skipped: the API server is unreachable"),
        "{:#?}",
        snap.not_checked
    );

    let overview = gather(&ro, "seed", &Target::Overview, None).await.unwrap();
    assert!(
        overview.not_checked.len() >= 3,
        "{:#?}",
        overview.not_checked
    );
}

#[tokio::test]
async fn a_slow_api_server_times_out_per_request() {
    let scenario = seed_scenario()
        .route_prefix("/api/v1/nodes", ApiReply::json(StatusCode::OK, "{}"))
        .delay(Duration::from_secs(5));
    let server = FakeApiServer::start(scenario).await.unwrap();
    let spec = ClusterSpec {
        request_timeout_secs: 1,
        ..ClusterSpec::with_server("seed", server.url())
    };
    let ro = ReadOnly::connect(&spec, &Identity::default())
        .await
        .unwrap();
    let started = Instant::now();
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(why(&snap, "nodes").contains("did not answer within 1 s"));
    assert_eq!(snap.pods.len(), 15);
}

/// Three node lists sent at once, one at a time (`max_concurrency` 1), to a server answering
/// each after `delay`, with a request timeout of `timeout_secs`; the time they all took.
async fn three_lists_one_at_a_time(
    delay: Duration,
    timeout_secs: u64,
) -> (Duration, Vec<Result<Page<Node>, ClusterError>>) {
    let empty = r#"{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[]}"#;
    let scenario = Scenario::new()
        .route_prefix("/api/v1/nodes", ApiReply::json(StatusCode::OK, empty))
        .delay(delay);
    let server = FakeApiServer::start(scenario).await.unwrap();
    let spec = ClusterSpec {
        max_concurrency: 1,
        request_timeout_secs: timeout_secs,
        ..ClusterSpec::with_server("seed", server.url())
    };
    let ro = ReadOnly::connect(&spec, &Identity::default())
        .await
        .unwrap();
    let query = ListQuery::default();
    let started = Instant::now();
    let (a, b, c) = tokio::join!(
        ro.list_cluster::<Node>(&query),
        ro.list_cluster::<Node>(&query),
        ro.list_cluster::<Node>(&query)
    );
    (started.elapsed(), vec![a, b, c])
}

#[tokio::test]
async fn requests_in_flight_are_capped_by_max_concurrency() {
    let (took, answers) = three_lists_one_at_a_time(Duration::from_millis(400), 10).await;
    assert!(answers.iter().all(Result::is_ok));
    assert!(
        took >= Duration::from_millis(1150),
        "three 400 ms requests one at a time took {took:?}"
    );
}

#[tokio::test]
async fn a_request_waiting_for_its_turn_is_not_timed_out_for_the_wait() {
    // The third answers 1.8 s after it was asked for, 0.6 s after it was sent.
    let (_, answers) = three_lists_one_at_a_time(Duration::from_millis(600), 1).await;
    for answer in answers {
        assert!(
            answer.is_ok(),
            "{}",
            answer.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}

#[tokio::test]
async fn invalid_names_are_refused_without_a_request() {
    let (server, ro) = start(seed_scenario()).await;
    for name in ["Payment_Service".to_string(), "a".repeat(300)] {
        let err = gather(&ro, "seed", &workload(&name), Some(NS))
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ClusterError::InvalidName { .. }), "{text}");
        assert!(
            text.contains("lowercase letters a-z, digits 0-9 and '-'"),
            "{text}"
        );
    }
    assert!(
        pod_log(&ro, "Production", "p", None, true, 10)
            .await
            .is_err()
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn impersonation_headers_exactly_when_an_identity_is_used() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let plain = connect(&server.url(), &Identity::default()).await;
    gather(&plain, "seed", &Target::Overview, Some(NS))
        .await
        .unwrap();
    let before = server.requests();
    assert!(!before.is_empty());
    assert!(
        before
            .iter()
            .all(|r| r.impersonate_user.is_none() && r.impersonate_groups.is_empty())
    );

    let jane = Identity {
        user: Some("discord:jane".into()),
        groups: vec!["warroom-oncall".into(), "warroom-readers".into()],
    };
    let as_jane = connect(&server.url(), &jane).await;
    gather(&as_jane, "seed", &Target::Overview, Some(NS))
        .await
        .unwrap();
    let after = &server.requests()[before.len()..];
    assert!(!after.is_empty());
    for r in after {
        assert_eq!(r.impersonate_user.as_deref(), Some("discord:jane"), "{r:?}");
        assert_eq!(
            r.impersonate_groups,
            ["warroom-oncall", "warroom-readers"],
            "{r:?}"
        );
    }
}

#[tokio::test]
async fn overview_keeps_failing_pods_and_warning_events() {
    let (server, ro) = start(seed_scenario()).await;
    let snap = gather(&ro, "seed", &Target::Overview, None).await.unwrap();
    assert_eq!(snap.namespace, None);
    assert_eq!(snap.pods.len(), 32, "every seed pod is crash-looping");
    assert!(!snap.events.is_empty());
    assert!(
        snap.events
            .iter()
            .all(|e| e.type_.as_deref() == Some("Warning"))
    );
    assert_eq!(snap.nodes.len(), 4);
    assert_eq!(
        why(&snap, "node usage"),
        "metrics.k8s.io is not served (install metrics-server)"
    );
    let requests = server.requests();
    assert_reads_only(&requests);
    assert!(
        requests.iter().any(|r| r.path == "/api/v1/pods"),
        "all namespaces: {requests:#?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r.param("fieldSelector") == Some("type=Warning"))
    );
}

#[tokio::test]
async fn pod_log_reads_one_container_and_explains_a_missing_pod() {
    let (server, ro) = start(seed_scenario()).await;
    let log = pod_log(&ro, NS, "payment-service-7d9c8b6f5d-22mfr", None, true, 3)
        .await
        .unwrap();
    assert_eq!(log.container, "payment");
    assert_eq!(log.text.lines().count(), 3);
    assert!(log.command.starts_with(
        "kubectl logs payment-service-7d9c8b6f5d-22mfr -n production -c payment --previous --tail=3"
    ));
    let err = pod_log(
        &ro,
        NS,
        "payment-service-7d9c8b6f5d-doesnotexist",
        None,
        true,
        50,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ClusterError::PodNotFound { .. }));
    assert!(
        err.to_string().starts_with(
            "pod \"payment-service-7d9c8b6f5d-doesnotexist\" in namespace \"production\" not found"
        ),
        "{err}"
    );
    assert_reads_only(&server.requests());
}

#[tokio::test]
async fn workload_names_autocomplete_from_the_cluster() {
    let (server, ro) = start(seed_scenario()).await;
    assert_eq!(
        workload_names(&ro, Some(NS), "pay").await.unwrap(),
        ["payment-service"]
    );
    assert_eq!(
        workload_names(&ro, Some(NS), "").await.unwrap(),
        ["order-service", "payment-service"]
    );
    assert_eq!(
        workload_names(&ro, Some(NS), "service").await.unwrap(),
        ["order-service", "payment-service"]
    );
    assert_reads_only(&server.requests());
    assert_eq!(server.requests().len(), 9, "three lists per lookup");
}

#[tokio::test]
async fn access_review_asks_for_every_read_and_flags_dangerous_access() {
    let allowed = r#"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
        "metadata":{},"spec":{},"status":{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding \"admin\""}}"#;
    let scenario = seed_scenario().route(
        Method::POST,
        SELF_SUBJECT_ACCESS_REVIEWS,
        ApiReply::json(StatusCode::CREATED, allowed),
    );
    let (server, ro) = start(scenario).await;
    let report = create_self_subject_reviews(&ro, Some(NS)).await.unwrap();
    let read_checks: usize = READS
        .iter()
        .map(|r| if r.resource.contains('/') { 1 } else { 3 })
        .sum();
    assert_eq!(
        report.reads.len(),
        read_checks,
        "get/list/watch, get only on pods/log"
    );
    assert!(report.missing_reads().is_empty());
    let dangerous: Vec<String> = report
        .dangerous_allowed()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        dangerous.contains(&"get secrets in namespace \"production\"".to_string()),
        "{dangerous:?}"
    );
    assert!(dangerous.contains(&"create pods/exec in namespace \"production\"".to_string()));
    assert!(dangerous.contains(&"delete deployments.apps in namespace \"production\"".to_string()));
    assert!(!report.is_least_privilege());

    let requests = server.requests();
    assert_eq!(requests.len(), report.reads.len() + report.dangerous.len());
    assert!(
        requests
            .iter()
            .all(|r| r.method == "POST" && r.path == SELF_SUBJECT_ACCESS_REVIEWS)
    );
    assert!(
        server.non_get_requests().is_empty(),
        "reviews are not writes"
    );
}

#[tokio::test]
async fn a_huge_workload_is_read_whole_page_by_page() {
    use warroom::cluster::client::PAGE_SIZE;
    use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
    let pods = 5 * PAGE_SIZE as usize + 7;
    let scenario = ScenarioBuilder::new()
        .namespace("production")
        .workload("checkout", pods, FailureMode::OomKilled)
        .warning_events(3 * PAGE_SIZE as usize)
        .build()
        .unwrap();
    let (server, ro) = start(scenario).await;
    let target = Target::Workload {
        name: "checkout".into(),
    };
    let snap = gather(&ro, "test", &target, Some("production"))
        .await
        .unwrap();
    assert_eq!(snap.pods.len(), pods);
    assert!(
        snap.not_checked
            .iter()
            .all(|n| !en(&n.what).contains("rest of")),
        "{:#?}",
        snap.not_checked
    );
    let requests = server.requests();
    let pod_pages = requests
        .iter()
        .filter(|r| {
            r.path == "/api/v1/namespaces/production/pods"
                && r.param("labelSelector") == Some("app=checkout")
        })
        .count();
    assert_eq!(pod_pages, pods.div_ceil(PAGE_SIZE as usize));
}

/// A policy's scope of one namespace, `default`.
struct OnlyDefault;

impl ReadScope for OnlyDefault {
    fn refuses(&self, namespace: &str) -> Option<Msg> {
        (namespace != "default").then(|| Msg::new("nc-why-out-of-scope"))
    }

    fn reads_everywhere(&self) -> bool {
        false
    }
}

/// The requests that looked for objects by name across all namespaces.
fn by_name_everywhere(server: &FakeApiServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| !r.path.contains("/namespaces/"))
        .filter(|r| {
            (r.params.iter()).any(|(k, v)| k == "fieldSelector" && v.starts_with("metadata.name="))
        })
        .map(|r| r.path)
        .collect()
}

#[tokio::test]
async fn a_workload_not_found_where_asked_names_the_namespaces_that_hold_it() {
    let (server, ro) = start(seed_scenario()).await;
    let snap = gather(&ro, "seed", &workload("payment-service"), None)
        .await
        .unwrap();
    assert_eq!(snap.namespace.as_deref(), Some("default"));
    assert!(snap.pods.is_empty());
    assert_eq!(snap.found_in, ["production"]);
    let mut asked = by_name_everywhere(&server);
    asked.sort();
    assert_eq!(
        asked,
        [
            "/api/v1/services",
            "/apis/apps/v1/deployments",
            "/apis/apps/v1/statefulsets"
        ]
    );
    assert_reads_only(&server.requests());

    // Found where asked: nothing is looked for elsewhere.
    let (server, ro) = start(seed_scenario()).await;
    let snap = gather(&ro, "seed", &workload("payment-service"), Some(NS))
        .await
        .unwrap();
    assert!(snap.found_in.is_empty());
    assert!(by_name_everywhere(&server).is_empty());

    // A reader held to some namespaces is told nothing of the others, which are not read.
    let (server, ro) = start(seed_scenario()).await;
    let target = workload("payment-service");
    let snap = gather_scoped(&ro, "seed", &target, None, &OnlyDefault, false)
        .await
        .unwrap();
    assert!(snap.found_in.is_empty());
    assert!(by_name_everywhere(&server).is_empty());
}
