//! The fake API server answers kube's real client the way a real kube-apiserver does.

use std::time::Duration;

use k8s_openapi::api::core::v1::{Event, Node, Pod, Service};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, LogParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, Config};
use warroom::demo::apiserver::{FakeApiServer, Scenario, StatusCode};
use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
use warroom::demo::seed::{self, seed_scenario, seed_scenario_without_kubelet};

fn client_for(server: &FakeApiServer) -> Client {
    let cfg = Config::new(server.url().parse().unwrap());
    Client::try_from(cfg).unwrap()
}

fn api_error(err: kube::Error) -> kube::core::Status {
    match err {
        kube::Error::Api(status) => *status,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn lists_the_seed_pods_and_filters_by_label() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");

    let all = pods.list(&ListParams::default()).await.unwrap();
    assert_eq!(all.items.len(), 32);
    assert_eq!(all.metadata.resource_version.as_deref(), Some("451"));

    let payment = pods
        .list(&ListParams::default().labels("app=payment-service"))
        .await
        .unwrap();
    assert_eq!(payment.items.len(), 15);
    assert!(payment.items.iter().all(|p| {
        p.metadata
            .name
            .as_deref()
            .unwrap()
            .starts_with("payment-service-")
    }));
    let order = pods
        .list(&ListParams::default().labels("app=order-service"))
        .await
        .unwrap();
    assert_eq!(order.items.len(), 17);

    let one = pods.get("payment-service-7d9c8b6f5d-22mfr").await.unwrap();
    let last = one.status.unwrap().container_statuses.unwrap()[0]
        .last_state
        .clone()
        .unwrap()
        .terminated
        .unwrap();
    assert_eq!(
        (last.exit_code, last.reason.as_deref()),
        (137, Some("OOMKilled"))
    );

    let elsewhere: Api<Pod> = Api::namespaced(client_for(&server), "staging");
    assert!(
        elsewhere
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn an_unknown_pod_is_a_404_api_error() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");

    let status = api_error(pods.get("payment-service-doesnotexist").await.unwrap_err());
    assert_eq!(status.code, 404);
    assert_eq!(status.reason, "NotFound");
    assert_eq!(
        status.message,
        "pods \"payment-service-doesnotexist\" not found"
    );
    assert!(
        pods.get_opt("payment-service-doesnotexist")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn pods_log_without_a_kubelet_is_the_real_500() {
    let server = FakeApiServer::start(seed_scenario_without_kubelet())
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");
    let params = LogParams {
        previous: true,
        container: Some("order".into()),
        ..LogParams::default()
    };

    let status = api_error(
        pods.logs("order-service-5f6b9c7d48-5zhjp", &params)
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code, 500);
    assert!(
        status
            .message
            .contains("order-service-5f6b9c7d48-5zhjp/order?previous=true")
    );
    assert!(status.message.contains("connect: connection refused"));
}

#[tokio::test]
async fn pods_log_with_a_kubelet_serves_the_previous_container_log() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");

    let full = pods
        .logs(
            "payment-service-7d9c8b6f5d-22mfr",
            &LogParams {
                previous: true,
                ..LogParams::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(full, seed::PAYMENT_PREVIOUS_LOG);
    assert!(full.contains("java.lang.OutOfMemoryError: Java heap space"));

    let tail = pods
        .logs(
            "order-service-5f6b9c7d48-5zhjp",
            &LogParams {
                previous: true,
                tail_lines: Some(2),
                ..LogParams::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(tail.lines().count(), 2);
    assert!(seed::ORDER_PREVIOUS_LOG.ends_with(&tail));
}

#[tokio::test]
async fn events_filter_by_field_and_metrics_are_not_served() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let client = client_for(&server);
    let events: Api<Event> = Api::namespaced(client.clone(), "production");

    let all = events.list(&ListParams::default()).await.unwrap();
    assert_eq!(all.items.len(), 128);
    let one_pod =
        events
            .list(&ListParams::default().fields(
                "involvedObject.kind=Pod,involvedObject.name=order-service-5f6b9c7d48-5zhjp",
            ))
            .await
            .unwrap();
    assert_eq!(one_pod.items.len(), 4);
    let unsupported = api_error(
        events
            .list(&ListParams::default().fields("spec.foo=bar"))
            .await
            .unwrap_err(),
    );
    assert_eq!(unsupported.code, 400);

    let gvk = GroupVersionKind::gvk("metrics.k8s.io", "v1beta1", "PodMetrics");
    let ar = ApiResource::from_gvk_with_plural(&gvk, "pods");
    let metrics: Api<DynamicObject> = Api::namespaced_with(client.clone(), "production", &ar);
    let status = api_error(metrics.list(&ListParams::default()).await.unwrap_err());
    assert_eq!(status.code, 404);
    assert_eq!(status.message, "404 page not found");

    let redis: Api<Service> = Api::namespaced(client.clone(), "cache");
    assert!(redis.get("redis").await.is_ok());
    let in_production: Api<Service> = Api::namespaced(client, "production");
    assert!(
        in_production
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn pages_follow_limit_and_continue() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");

    let mut names = Vec::new();
    let mut lp = ListParams::default().limit(10);
    let mut pages = 0;
    loop {
        let page = pods.list(&lp).await.unwrap();
        pages += 1;
        names.extend(page.items.into_iter().filter_map(|p| p.metadata.name));
        match page.metadata.continue_ {
            Some(token) if !token.is_empty() => lp = lp.continue_token(&token),
            _ => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(names.len(), 32);
    names.dedup();
    assert_eq!(names.len(), 32);
}

#[tokio::test]
async fn the_recorder_sees_paths_and_impersonation_and_flags_writes() {
    let server = FakeApiServer::start(seed_scenario()).await.unwrap();
    let mut cfg = Config::new(server.url().parse().unwrap());
    cfg.auth_info.impersonate = Some("jane".into());
    cfg.auth_info.impersonate_groups = Some(vec!["sre".into(), "oncall".into()]);
    let client = Client::try_from(cfg).unwrap();
    let pods: Api<Pod> = Api::namespaced(client.clone(), "production");

    pods.list(&ListParams::default().labels("app=payment-service"))
        .await
        .unwrap();
    assert!(server.non_get_requests().is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let list = &requests[0];
    assert_eq!(list.method, "GET");
    assert_eq!(list.path, "/api/v1/namespaces/production/pods");
    assert_eq!(list.param("labelSelector"), Some("app=payment-service"));
    assert_eq!(list.impersonate_user.as_deref(), Some("jane"));
    assert_eq!(list.impersonate_groups, ["sre", "oncall"]);

    server.expect_writes();
    let denied = api_error(
        pods.delete("payment-service-7d9c8b6f5d-22mfr", &DeleteParams::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(denied.code, 405);
    let writes = server.non_get_requests();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].method, "DELETE");
    assert_eq!(
        writes[0].path,
        "/api/v1/namespaces/production/pods/payment-service-7d9c8b6f5d-22mfr"
    );
}

#[tokio::test]
async fn overrides_answer_403_401_and_delays() {
    let server = FakeApiServer::start(seed::with_forbidden_nodes(seed_scenario()))
        .await
        .unwrap();
    let nodes: Api<Node> = Api::all(client_for(&server));
    let status = api_error(nodes.list(&ListParams::default()).await.unwrap_err());
    assert_eq!((status.code, status.reason.as_str()), (403, "Forbidden"));
    drop(server);

    let server = FakeApiServer::start(seed::with_bad_token(seed_scenario()))
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "production");
    let status = api_error(pods.list(&ListParams::default()).await.unwrap_err());
    assert_eq!(status.code, 401);
    drop(server);

    let slow = Scenario::new()
        .route_json(
            "/api/v1/nodes",
            StatusCode::OK,
            r#"{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[]}"#,
        )
        .delay(Duration::from_secs(5));
    let server = FakeApiServer::start(slow).await.unwrap();
    let mut cfg = Config::new(server.url().parse().unwrap());
    cfg.read_timeout = Some(Duration::from_millis(200));
    let nodes: Api<Node> = Api::all(Client::try_from(cfg).unwrap());
    let err = nodes.list(&ListParams::default()).await.unwrap_err();
    assert!(
        !matches!(err, kube::Error::Api(_)),
        "expected a timeout, got {err:?}"
    );
}

#[tokio::test]
async fn routes_can_match_query_parameters() {
    let scenario = Scenario::new()
        .route_json("/api/v1/nodes", StatusCode::OK, r#"{"kind":"NodeList","apiVersion":"v1","metadata":{"continue":"next"},"items":[]}"#)
        .route_json("/api/v1/nodes", StatusCode::OK, r#"{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"node-9"}}]}"#)
        .with_query("continue", "next");
    let server = FakeApiServer::start(scenario).await.unwrap();
    let nodes: Api<Node> = Api::all(client_for(&server));

    let first = nodes.list(&ListParams::default().limit(1)).await.unwrap();
    assert!(first.items.is_empty());
    let second = nodes
        .list(&ListParams::default().limit(1).continue_token("next"))
        .await
        .unwrap();
    assert_eq!(second.items[0].metadata.name.as_deref(), Some("node-9"));
}

#[tokio::test]
async fn a_generated_namespace_of_1200_pods_comes_in_pages_of_500() {
    let scenario = ScenarioBuilder::new()
        .namespace("big")
        .workload("web", 1_200, FailureMode::OomKilled)
        .build()
        .unwrap();
    let server = FakeApiServer::start(scenario).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client_for(&server), "big");

    let mut sizes = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut lp = ListParams::default().labels("app=web").limit(500);
    loop {
        let page = pods.list(&lp).await.unwrap();
        sizes.push(page.items.len());
        names.extend(page.items.into_iter().filter_map(|p| p.metadata.name));
        match page.metadata.continue_ {
            Some(token) if !token.is_empty() => lp = lp.continue_token(&token),
            _ => break,
        }
    }
    assert_eq!(sizes, [500, 500, 200]);
    assert_eq!(names.len(), 1_200);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.param("limit") == Some("500")));
    assert_eq!(requests[0].param("continue"), None);
    assert!(requests[1].param("continue").is_some());
}

#[tokio::test]
async fn generated_failures_reach_the_client_with_events_logs_and_metrics() {
    let scenario = ScenarioBuilder::new()
        .workload("checkout", 3, FailureMode::LivenessKilled)
        .workload("search", 2, FailureMode::ImagePullBackOff)
        .namespace("staging")
        .workload("web", 2, FailureMode::Healthy)
        .nodes(4)
        .memory_pressure(1)
        .metrics(true)
        .build()
        .unwrap();
    let server = FakeApiServer::start(scenario).await.unwrap();
    let client = client_for(&server);

    let pods: Api<Pod> = Api::namespaced(client.clone(), "production");
    let checkout = pods
        .list(&ListParams::default().labels("app=checkout"))
        .await
        .unwrap();
    assert_eq!(checkout.items.len(), 3);
    let name = checkout.items[0].metadata.name.clone().unwrap();
    let terminated = checkout.items[0]
        .status
        .as_ref()
        .unwrap()
        .container_statuses
        .as_ref()
        .unwrap()[0]
        .last_state
        .as_ref()
        .unwrap()
        .terminated
        .clone()
        .unwrap();
    assert_eq!(terminated.exit_code, 137);

    let events: Api<Event> = Api::namespaced(client.clone(), "production");
    let about = events
        .list(&ListParams::default().fields(&format!("involvedObject.name={name},reason=Killing")))
        .await
        .unwrap();
    assert_eq!(about.items.len(), 1);

    let previous = LogParams {
        previous: true,
        ..LogParams::default()
    };
    assert!(
        pods.logs(&name, &previous)
            .await
            .unwrap()
            .contains("/healthz")
    );
    let search = pods
        .list(&ListParams::default().labels("app=search"))
        .await
        .unwrap();
    let never_started = search.items[0].metadata.name.clone().unwrap();
    let status = api_error(pods.logs(&never_started, &previous).await.unwrap_err());
    assert_eq!(status.code, 400);

    let all: Api<Pod> = Api::all(client.clone());
    assert_eq!(
        all.list(&ListParams::default()).await.unwrap().items.len(),
        7
    );

    let gvk = GroupVersionKind::gvk("metrics.k8s.io", "v1beta1", "NodeMetrics");
    let ar = ApiResource::from_gvk_with_plural(&gvk, "nodes");
    let node_metrics: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
    assert_eq!(
        node_metrics
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .len(),
        4
    );

    let nodes: Api<Node> = Api::all(client);
    let pressured = nodes
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .iter()
        .filter(|n| {
            n.status
                .as_ref()
                .unwrap()
                .conditions
                .as_ref()
                .unwrap()
                .iter()
                .any(|c| c.type_ == "MemoryPressure" && c.status == "True")
        })
        .count();
    assert_eq!(pressured, 1);
    assert!(server.non_get_requests().is_empty());
}

#[tokio::test]
async fn thousands_of_warning_events_are_served_in_pages() {
    let scenario = ScenarioBuilder::new()
        .workload("payment-service", 2_000, FailureMode::OomKilled)
        .warning_events(10_000)
        .nodes(100)
        .build()
        .unwrap();
    let server = FakeApiServer::start(scenario).await.unwrap();
    let events: Api<Event> = Api::namespaced(client_for(&server), "production");

    let page = events
        .list(&ListParams::default().limit(500))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 500);
    assert_eq!(page.metadata.remaining_item_count, Some(12_000 - 500));
    let warnings = events
        .list(&ListParams::default().fields("type=Warning,reason=FailedScheduling"))
        .await
        .unwrap();
    assert_eq!(warnings.items.len(), 2_000);
}
