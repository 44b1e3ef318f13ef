//! `/triage` and `/logs` end to end: the command handlers, kube's real client and the fake API
//! server serving the seed incident's real API-server JSON.

use chrono::DateTime;
use warroom::app::{App, Clock};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::demo::apiserver::{FakeApiServer, Scenario};
use warroom::demo::seed;
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::render::{Locale, Renderer, Reply};
use warroom::store::Store;

/// An app on a fresh SQLite database (triage does not depend on the backend: the store's own
/// tests cover both) reading the cluster `scenario` serves.
async fn app_with(scenario: Scenario) -> (App, FakeApiServer, tempfile::TempDir) {
    app_on(scenario, Locale::En, |spec| spec).await
}

/// `app_with` in `locale`, with the cluster's spec changed by `spec`.
async fn app_on(
    scenario: Scenario,
    locale: Locale,
    spec: impl FnOnce(ClusterSpec) -> ClusterSpec,
) -> (App, FakeApiServer, tempfile::TempDir) {
    let server = FakeApiServer::start(scenario).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let clock = Clock::manual(
        DateTime::parse_from_rfc3339("2026-11-26T18:25:00Z")
            .unwrap()
            .to_utc(),
    );
    let app = App {
        renderer: Renderer::new(locale, None).unwrap(),
        clusters: Some(
            Clusters::new(vec![spec(ClusterSpec::with_server(
                "prod-cluster-01",
                server.url(),
            ))])
            .unwrap(),
        ),
        ..App::test(Store::connect(&url).await.unwrap(), clock)
    };
    (app, server, dir)
}

async fn say(app: &App, line: &str) -> Reply {
    handle(
        app,
        &Invocation {
            actor: Actor {
                id: "u1".into(),
                name: "alice".into(),
                roles: vec![],
            },
            channel: "payments".into(),
            input: Input::Line(line.into()),
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await
}

fn assert_has(report: &str, expected: &[&str]) {
    for e in expected {
        assert!(report.contains(e), "report lacks {e:?}:\n{report}");
    }
}

#[tokio::test]
async fn the_seed_report_names_every_failure_mode_with_evidence() {
    let (app, server, _db) = app_with(seed::seed_scenario()).await;
    let payment = say(&app, "/triage service:payment-service namespace:production").await;
    assert!(!payment.is_error, "{}", payment.markdown);
    let report = &payment.markdown;
    assert_has(
        report,
        &[
            "15 payment-service pods OOMKilled (exit 137) under a 2Gi memory limit",
            "OutOfMemoryError",
            "MemoryPressure",
            "node-5",
            "initialDelaySeconds",
            "2 s",
            "FailedMount",
            "No space left on device",
            "default-deny-all",
            "DNS",
            "kubectl logs payment-service-",
            "--previous",
            "kubectl describe pod payment-service-",
        ],
    );
    let ranked = report
        .split("### Ranked root causes")
        .nth(1)
        .expect("ranked root causes section");
    let first = ranked.lines().find(|l| l.starts_with("1. ")).unwrap();
    assert!(
        first.to_lowercase().contains("heap")
            || first.contains("OOM")
            || first.to_lowercase().contains("memory"),
        "OOM must rank first: {first}"
    );
    assert!(
        !report.contains("s3cr3t-Pa55"),
        "the secret in the payment log must be redacted"
    );
    assert!(payment.buttons.iter().any(|b| b.label == "Previous logs"));
    assert!(
        !payment.files.is_empty(),
        "a long report is attached as a file"
    );

    let order = say(&app, "/triage service:order-service namespace:production").await;
    assert_has(
        &order.markdown,
        &["17", "redis", "no ready endpoints", "UnknownHostException"],
    );

    let overview = say(&app, "/triage overview").await;
    assert_has(&overview.markdown, &["32", "CrashLoopBackOff", "15", "17"]);

    let requests = server.requests();
    assert!(
        requests.iter().all(|r| r.method == "GET"),
        "triage only reads: {:?}",
        requests
            .iter()
            .filter(|r| r.method != "GET")
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn triage_with_an_open_incident_goes_on_the_timeline_with_its_evidence() {
    let (app, _server, _db) = app_with(seed::seed_scenario()).await;
    let open = say(
        &app,
        "/incident open title:\"Payment failures\" severity:sev1 services:payment-service",
    )
    .await;
    assert!(!open.is_error);
    say(&app, "/triage service:payment-service namespace:production").await;
    let logs = say(
        &app,
        "/logs pod:payment-service-7d9c8b6f5d-22mfr namespace:production previous:true",
    )
    .await;
    assert!(!logs.is_error, "{}", logs.markdown);
    assert_has(
        &logs.markdown,
        &[
            "java.lang.OutOfMemoryError: Java heap space",
            "password=[REDACTED]",
            "kubectl logs payment-service-7d9c8b6f5d-22mfr -n production",
        ],
    );
    assert!(!logs.markdown.contains("s3cr3t-Pa55"));
    let incident = app
        .store
        .active_incident("payments")
        .await
        .unwrap()
        .unwrap();
    let timeline = app.store.timeline(incident.id).await.unwrap();
    let triage = timeline
        .iter()
        .find(|e| e.kind == "triage")
        .expect("triage entry");
    assert!(
        triage
            .summary
            .contains("triage of payment-service in production"),
        "{}",
        triage.summary
    );
    assert!(
        triage
            .evidence
            .iter()
            .any(|e| e.source_command().is_some_and(|c| c.contains("--previous")))
    );
    assert!(
        triage
            .evidence
            .iter()
            .any(|e| e.title().starts_with("triage report"))
    );
    let log_entry = timeline
        .iter()
        .find(|e| e.kind == "logs")
        .expect("logs entry");
    assert!(log_entry.evidence[0].content().contains("OutOfMemoryError"));
    let pm = say(&app, "/postmortem").await;
    let report = String::from_utf8(pm.files[0].bytes.clone()).unwrap();
    assert_has(
        &report,
        &[
            "**Hypotheses from triage**",
            "`triage`",
            "kubectl logs payment-service-7d9c8b6f5d-22mfr -n production",
        ],
    );
}

#[tokio::test]
async fn what_the_cluster_does_not_answer_is_listed_as_not_checked() {
    let (app, _server, _db) = app_with(seed::with_forbidden_nodes(
        seed::seed_scenario_without_kubelet(),
    ))
    .await;
    let r = say(&app, "/triage service:payment-service namespace:production").await;
    assert!(!r.is_error, "{}", r.markdown);
    assert_has(
        &r.markdown,
        &["### Not checked", "not checked: ", "forbidden", "metrics"],
    );
    assert_has(&r.markdown, &["OOMKilled (exit 137)"]);
}

#[tokio::test]
async fn an_unreachable_api_server_gives_a_partial_report_not_a_crash() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let (mut app, _server, _db) = app_with(Scenario::new()).await;
    app.clusters = Some(Clusters::new(vec![ClusterSpec::with_server("gone", url)]).unwrap());
    let r = say(&app, "/triage service:payment-service namespace:production").await;
    assert!(!r.is_error, "{}", r.markdown);
    assert_has(&r.markdown, &["### Not checked", "not checked: "]);
}

#[tokio::test]
async fn a_healthy_namespace_triage_is_silent() {
    use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
    let scenario = ScenarioBuilder::new()
        .namespace("shop")
        .workload("web", 3, FailureMode::Healthy)
        .build()
        .unwrap();
    let (app, _server, _db) = app_with(scenario).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert!(!r.is_error, "{}", r.markdown);
    // metrics.k8s.io is not served here: a check could not run, so it is not "healthy".
    assert_has(
        &r.markdown,
        &[
            "**No problems found in what was checked; not checked: pod and node usage (metrics \
             API not served)**\nweb: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h\n",
            "0 critical, 0 warning",
        ],
    );
}

/// The first line after the report's heading: the verdict.
fn headline(report: &str) -> &str {
    report.lines().nth(2).unwrap_or_default()
}

fn healthy_shop(metrics: bool) -> Scenario {
    use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
    ScenarioBuilder::new()
        .namespace("shop")
        .workload("web", 3, FailureMode::Healthy)
        .metrics(metrics)
        .build()
        .unwrap()
}

const FORBIDDEN: &str = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden by the test","reason":"Forbidden","code":403}"#;

#[tokio::test]
async fn verdict_healthy_only_when_every_check_ran_and_found_nothing() {
    let (app, _server, _db) = app_with(healthy_shop(true)).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert_eq!(
        headline(&r.markdown),
        "**web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h**",
        "{}",
        r.markdown
    );
    assert!(
        r.markdown
            .contains("None: every check ran and found nothing.")
    );
    assert!(!r.markdown.contains("### Not checked"), "{}", r.markdown);
    assert_eq!(
        r.cards[0].description,
        "web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h"
    );
    let overview = say(&app, "/triage overview namespace:shop").await;
    assert_eq!(
        headline(&overview.markdown),
        "**namespace shop: no failing pods, no warning events in 6 h, 3/3 nodes ready**",
        "{}",
        overview.markdown
    );
}

#[tokio::test]
async fn verdict_partly_checked_names_what_was_not() {
    let scenario = healthy_shop(true).route_json(
        "/api/v1/namespaces/shop/events",
        warroom::demo::apiserver::StatusCode::FORBIDDEN,
        FORBIDDEN,
    );
    let (app, _server, _db) = app_with(scenario).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert_eq!(
        headline(&r.markdown),
        "**No problems found in what was checked; not checked: events (forbidden)**",
        "{}",
        r.markdown
    );
    // Events were not read, so the summary below does not claim "no warning events".
    assert!(
        r.markdown
            .contains("\nweb: 3/3 ready, 0 restarts in 24 h\n")
    );
    assert!(
        r.markdown
            .contains("None in what was read; this is not a clean bill of health")
    );
    assert!(
        !r.markdown
            .contains("No problems found in what could be checked")
    );
}

#[tokio::test]
async fn verdict_of_a_hung_api_server_says_nothing_was_checked_in_both_locales() {
    use std::time::Duration;
    use warroom::demo::apiserver::ApiReply;
    let hung = Scenario::new()
        .route_prefix(
            "/",
            ApiReply::json(warroom::demo::apiserver::StatusCode::OK, "{}"),
        )
        .delay(Duration::from_secs(30));
    let (app, _server, _db) = app_on(hung, Locale::En, |spec| ClusterSpec {
        request_timeout_secs: 1,
        ..spec
    })
    .await;
    let r = say(&app, "/triage service:checkout namespace:shop").await;
    assert!(!r.is_error, "{}", r.markdown);
    assert_eq!(
        headline(&r.markdown),
        "**Could not diagnose checkout: the API server did not answer within 1 s; nothing was \
         checked**",
        "{}",
        r.markdown
    );
    assert!(!r.markdown.contains("No problems found"), "{}", r.markdown);
    assert!(
        !r.markdown.contains("Read-only diagnosis"),
        "{}",
        r.markdown
    );
    assert_has(
        &r.markdown,
        &["### Not checked", "did not answer within 1 s"],
    );
    assert_ne!(
        r.cards[0].color,
        Some(0x2E_A0_43),
        "never the healthy green"
    );

    let (app, _server, _db) = app_on(
        Scenario::new()
            .route_prefix(
                "/",
                ApiReply::json(warroom::demo::apiserver::StatusCode::OK, "{}"),
            )
            .delay(Duration::from_secs(30)),
        Locale::ZhCn,
        |spec| ClusterSpec {
            request_timeout_secs: 1,
            ..spec
        },
    )
    .await;
    let r = say(&app, "/triage service:checkout namespace:shop").await;
    assert_eq!(
        headline(&r.markdown),
        "**无法诊断 checkout：API server 在 1 秒内未响应；未检查任何内容**",
        "{}",
        r.markdown
    );
    let (app, _server, _db) = app_on(healthy_shop(true), Locale::ZhCn, |spec| spec).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert_eq!(
        headline(&r.markdown),
        "**web：3/3 就绪，24 小时内无重启，6 小时内无警告事件**",
        "{}",
        r.markdown
    );
    let (app, _server, _db) = app_on(healthy_shop(false), Locale::ZhCn, |spec| spec).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert!(
        r.markdown.contains(
            "**在已检查的范围内未发现问题；未检查：节点和 Pod 的资源用量（未提供 metrics API）**\n\
             web：3/3 就绪，24 小时内无重启，6 小时内无警告事件\n"
        ),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains(
            "- 未检查：节点和 Pod 的资源用量 — metrics.k8s.io 未提供（请安装 metrics-server）\n"
        ),
        "{}",
        r.markdown
    );
}

#[tokio::test]
async fn verdict_when_every_read_is_forbidden() {
    use warroom::demo::apiserver::ApiReply;
    let refused = Scenario::new().route_prefix(
        "/",
        ApiReply::json(warroom::demo::apiserver::StatusCode::FORBIDDEN, FORBIDDEN),
    );
    let (app, _server, _db) = app_with(refused).await;
    let r = say(&app, "/triage service:web namespace:shop").await;
    assert_eq!(
        headline(&r.markdown),
        "**Could not diagnose web: every read was forbidden (403); run warroom check to see which \
         grants are missing; nothing was checked**",
        "{}",
        r.markdown
    );
    assert!(!r.markdown.contains("No problems found"));
}

#[tokio::test]
async fn verdict_of_a_broken_workload_and_of_an_unknown_name() {
    let (app, _server, _db) = app_with(seed::seed_scenario()).await;
    let r = say(&app, "/triage service:payment-service namespace:production").await;
    let line = headline(&r.markdown);
    assert!(
        line.starts_with("**payment-service: ") && line.contains(" critical and "),
        "{line}"
    );
    // A Service its env names is missing: said as such, not as "not checked".
    assert!(
        line.ends_with(
            "; Service db/pg does not exist; not checked: pod and node usage (metrics API not \
             served)**"
        ),
        "{line}"
    );
    let unknown = say(&app, "/triage service:checkout namespace:production").await;
    assert!(
        headline(&unknown.markdown).starts_with(
            "**Could not diagnose checkout: nothing of that name was found in namespace \
             production"
        ),
        "{}",
        unknown.markdown
    );
}

#[tokio::test]
async fn bad_pod_and_unknown_cluster_are_clear_errors() {
    let (app, server, _db) = app_with(seed::seed_scenario()).await;
    let missing = say(&app, "/logs pod:payment-service-gone namespace:production").await;
    assert!(
        missing.is_error && missing.markdown.contains("not found"),
        "{}",
        missing.markdown
    );
    let unknown = say(&app, "/triage service:payment-service cluster:staging").await;
    assert!(
        unknown.is_error && unknown.markdown.contains("unknown cluster \"staging\""),
        "{}",
        unknown.markdown
    );
    let before = server.requests().len();
    let bad = say(&app, "/logs pod:Not_A_Pod").await;
    assert!(bad.is_error);
    assert_eq!(
        server.requests().len(),
        before,
        "invalid names are refused before any request"
    );
}

#[tokio::test]
async fn the_policy_scopes_chat_users_and_impersonates_their_group() {
    let (mut app, server, _dir) = app_with(seed::seed_scenario()).await;
    let config = warroom::config::FileConfig::parse(
        r#"
[[policy.rules]]
roles = ["oncall"]
commands = ["incident-commands", "cluster-commands"]
namespaces = ["production"]
clusters = ["*"]
impersonate_user = "warroom:bot"
impersonate_group = "warroom:payments-oncall"
"#,
    )
    .unwrap();
    app.policy = Some(warroom::access::Policy::from_config(&config.policy).unwrap());
    let as_user = |id: &str, roles: Vec<String>, line: &str, dm: bool| Invocation {
        actor: Actor {
            id: id.into(),
            name: id.into(),
            roles,
        },
        channel: "payments".into(),
        input: Input::Line(line.into()),
        files: vec![],
        direct_message: dm,
        locale: Default::default(),
    };
    let oncall = vec!["oncall".to_string()];
    let r = handle(
        &app,
        &as_user(
            "u1",
            oncall.clone(),
            "/incident open title:x severity:sev2 services:payment-service",
            false,
        ),
    )
    .await;
    assert!(!r.is_error, "{}", r.markdown);
    let r = handle(
        &app,
        &as_user(
            "u1",
            oncall.clone(),
            "/triage service:payment-service namespace:production",
            false,
        ),
    )
    .await;
    assert!(!r.is_error, "{}", r.markdown);
    let reads = server.requests();
    assert!(!reads.is_empty());
    assert!(
        reads
            .iter()
            .all(|q| q.impersonate_user.as_deref() == Some("warroom:bot")
                && q.impersonate_groups == ["warroom:payments-oncall"]),
        "every read carries the granted identity"
    );
    let before = server.requests().len();
    let other_ns = handle(
        &app,
        &as_user(
            "u1",
            oncall.clone(),
            "/triage service:redis namespace:cache",
            false,
        ),
    )
    .await;
    assert!(
        other_ns.is_error && other_ns.markdown.contains("namespace \"cache\""),
        "{}",
        other_ns.markdown
    );
    let stranger = handle(
        &app,
        &as_user(
            "u9",
            vec![],
            "/triage service:payment-service namespace:production",
            false,
        ),
    )
    .await;
    assert!(stranger.is_error, "{}", stranger.markdown);
    let dm = handle(
        &app,
        &as_user(
            "u1",
            oncall.clone(),
            "/triage service:payment-service namespace:production",
            true,
        ),
    )
    .await;
    assert!(dm.is_error, "{}", dm.markdown);
    assert_eq!(
        server.requests().len(),
        before,
        "denied commands make no request"
    );
    let help = handle(&app, &as_user("u9", vec![], "/help", false)).await;
    assert!(!help.is_error, "anyone may ask for help");
    let incident = app
        .store
        .active_incident("payments")
        .await
        .unwrap()
        .unwrap();
    let denied: Vec<_> = app
        .store
        .timeline(incident.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome.as_str() == "denied")
        .collect();
    assert_eq!(denied.len(), 3, "every denial is on the record");
    assert!(denied.iter().any(|e| e.actor == "u9" && e.kind == "triage"));
}

#[tokio::test]
async fn the_console_operator_is_not_impersonated() {
    let (app, server, _dir) = app_with(seed::seed_scenario()).await;
    say(&app, "/triage overview namespace:production").await;
    assert!(
        server
            .requests()
            .iter()
            .all(|q| q.impersonate_user.is_none() && q.impersonate_groups.is_empty())
    );
}

#[tokio::test]
async fn add_to_timeline_records_a_finding_of_an_earlier_triage_with_its_evidence() {
    let (app, _server, _dir) = app_with(seed::seed_scenario()).await;
    let triage = say(&app, "/triage service:payment-service namespace:production").await;
    // Many findings: a drop-down offers each of them; pick the last one.
    let menu = triage.select.as_ref().expect("a drop-down of findings");
    let findings = triage.markdown.split("\n### Findings").nth(1).unwrap();
    let titles = findings.lines().filter(|l| l.contains(" **")).count();
    assert_eq!(menu.options.len(), titles.min(25));
    let last = menu.options.last().unwrap();
    let last_title = last.label.split_once(' ').unwrap().1.to_string();
    let add = last.custom_id.clone();
    let press = |id: String| Invocation {
        actor: Actor {
            id: "u2".into(),
            name: "bob".into(),
            roles: vec![],
        },
        channel: "payments".into(),
        input: Input::Button(id),
        files: vec![],
        direct_message: false,
        locale: Default::default(),
    };
    let without_incident = handle(&app, &press(add.clone())).await;
    assert!(without_incident.is_error && without_incident.markdown.contains("no open incident"));
    say(
        &app,
        "/incident open title:x severity:sev1 services:payment-service",
    )
    .await;
    let recorded = handle(&app, &press(add)).await;
    assert!(!recorded.is_error, "{}", recorded.markdown);
    assert!(
        recorded.markdown.contains("Recorded on incident #1"),
        "{}",
        recorded.markdown
    );
    let incident = app
        .store
        .active_incident("payments")
        .await
        .unwrap()
        .unwrap();
    let entry = app
        .store
        .timeline(incident.id)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "evidence.add")
        .unwrap();
    assert!(
        entry.summary.starts_with("recorded finding: "),
        "{}",
        entry.summary
    );
    assert!(entry.summary.contains(&last_title), "{}", entry.summary);
    assert!(
        !entry.evidence.is_empty(),
        "the finding's evidence comes along"
    );
    assert!(entry.evidence.iter().all(|e| {
        e.source_command()
            .is_some_and(|c| c.starts_with("kubectl "))
    }));
    let stale = say(&app, "/evidence add entry:9999 finding:1").await;
    assert!(
        stale.is_error && stale.markdown.contains("no triage #9999"),
        "{}",
        stale.markdown
    );
}

/// Namespace `payments`: a healthy `web-frontend` (3 pods, its Service ready) next to two
/// crash-looping workloads and one whose 2 pods are Pending, plus a Service `ledger` that
/// nothing backs.
fn payments_namespace() -> Scenario {
    use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
    ScenarioBuilder::new()
        .namespace("payments")
        .workload("web-frontend", 3, FailureMode::Healthy)
        .workload("checkout", 20, FailureMode::OomKilled)
        .workload("worker", 10, FailureMode::Exit(1))
        .workload("batch", 2, FailureMode::ImagePullBackOff)
        .service("web-frontend", "web-frontend")
        .service("ledger", "ledger")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_healthy_workload_among_failing_ones_reports_nothing_but_the_closing_line() {
    let (app, _server, _db) = app_with(payments_namespace()).await;
    let reply = say(&app, "/triage service:web-frontend namespace:payments").await;
    assert!(!reply.is_error, "{}", reply.markdown);
    let report = &reply.markdown;
    assert_has(
        report,
        &[
            "0 critical, 0 warning",
            "Elsewhere in payments: 3 other workloads failing, 2 pods Pending — /triage overview",
        ],
    );
    for other in [
        "checkout", "worker", "batch", "ledger", "BackOff", "🔴", "🟠",
    ] {
        assert!(!report.contains(other), "{other:?} in:\n{report}");
    }
    assert!(
        reply.files.iter().all(|f| !f.is_image()) && reply.cards[0].image.is_none(),
        "no failing pod of this workload, no picture (the namespace's are not its)"
    );
    let overview = say(&app, "/triage overview namespace:payments").await;
    assert_eq!(overview.cards[0].image.as_deref(), Some("pods.png"));
    assert!(overview.files.iter().any(|f| f.name == "pods.png"));
}

#[tokio::test]
async fn an_unrelated_service_without_endpoints_is_no_hypothesis_of_another_workload() {
    let (app, _server, _db) = app_with(payments_namespace()).await;
    let reply = say(&app, "/triage service:worker namespace:payments").await;
    let report = &reply.markdown;
    assert_has(
        report,
        &[
            "10 pods in CrashLoopBackOff",
            "Elsewhere in payments: 2 other workloads failing, 2 pods Pending — /triage overview",
        ],
    );
    for other in ["ledger", "no ready endpoints", "checkout", "web-frontend"] {
        assert!(!report.contains(other), "{other:?} in:\n{report}");
    }
    let overview = say(&app, "/triage overview namespace:payments").await;
    assert_has(&overview.markdown, &["checkout", "worker"]);
}

#[tokio::test]
async fn a_dependency_outside_the_users_scope_is_not_read_but_named() {
    let (mut app, server, _dir) = app_with(seed::seed_scenario()).await;
    let config = warroom::config::FileConfig::parse(
        r#"
[[policy.rules]]
roles = ["oncall"]
commands = ["cluster-commands"]
namespaces = ["production"]
clusters = ["*"]

[[policy.rules]]
roles = ["sre"]
commands = ["cluster-commands"]
namespaces = ["production", "cache"]
clusters = ["*"]
"#,
    )
    .unwrap();
    app.policy = Some(warroom::access::Policy::from_config(&config.policy).unwrap());
    let triage_as = |role: &str| Invocation {
        actor: Actor {
            id: "u1".into(),
            name: "alice".into(),
            roles: vec![role.to_string()],
        },
        channel: "payments".into(),
        input: Input::Line("/triage service:order-service namespace:production".into()),
        files: vec![],
        direct_message: false,
        locale: Default::default(),
    };
    // order-service's log names redis.cache; the oncall rule grants production only.
    let scoped = handle(&app, &triage_as("oncall")).await;
    assert!(!scoped.is_error, "{}", scoped.markdown);
    assert_has(
        &scoped.markdown,
        &[
            "not checked: Service cache/redis — outside your scope (policy rule \\#1 grants \
             namespaces production)",
        ],
    );
    assert!(!scoped.markdown.contains("no ready endpoints"));
    let outside = |from: usize| {
        server.requests()[from..]
            .iter()
            .filter(|r| r.path.contains("/namespaces/cache/"))
            .count()
    };
    assert_eq!(outside(0), 0, "nothing in namespace cache was read");

    let before = server.requests().len();
    let wider = handle(&app, &triage_as("sre")).await;
    assert_has(
        &wider.markdown,
        &["Service redis (namespace cache) has no ready endpoints"],
    );
    assert!(outside(before) > 0);
}

#[tokio::test]
async fn counts_are_exact_at_ten_thousand_pods_and_fifty_thousand_events() {
    use std::collections::{BTreeMap, BTreeSet};
    use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
    let mut builder = ScenarioBuilder::new()
        .namespace("shop")
        .workload("checkout", 3_000, FailureMode::OomKilled)
        .workload("worker", 500, FailureMode::Exit(1));
    for i in 0..13 {
        builder = builder.workload(&format!("web-{i}"), 500, FailureMode::Healthy);
    }
    let builder = builder.warning_events(50_000).nodes(20);
    let objects = builder.objects().unwrap();
    assert_eq!(
        (objects.pods.len(), objects.events.len() >= 50_000),
        (10_000, true)
    );

    // The true counts, from every generated object.
    let checkout: Vec<_> = objects
        .pods
        .iter()
        .filter(|p| p.metadata.name.as_deref().unwrap().starts_with("checkout-"))
        .collect();
    let restarts: i32 = checkout
        .iter()
        .flat_map(|p| {
            p.status
                .as_ref()
                .unwrap()
                .container_statuses
                .iter()
                .flatten()
        })
        .map(|c| c.restart_count)
        .sum();
    let names: BTreeSet<&str> = checkout
        .iter()
        .map(|p| p.metadata.name.as_deref().unwrap())
        .collect();
    let mut by_reason: BTreeMap<&str, (i32, BTreeSet<&str>)> = BTreeMap::new();
    for e in &objects.events {
        let pod = e.involved_object.name.as_deref().unwrap_or_default();
        if e.type_.as_deref() == Some("Warning") && names.contains(pod) {
            let entry = by_reason.entry(e.reason.as_deref().unwrap()).or_default();
            entry.0 += e.count.unwrap_or(1);
            entry.1.insert(pod);
        }
    }
    assert!(by_reason.len() >= 5, "{by_reason:?}");

    // What is tested is exactness, not speed (benches/triage.rs measures that): a debug build on
    // a loaded machine may need more than the default deadline to read 60,000 objects.
    let (app, server, _db) = app_on(builder.build().unwrap(), Locale::En, |spec| ClusterSpec {
        triage_deadline_secs: 300,
        request_timeout_secs: 120,
        ..spec
    })
    .await;
    let reply = say(&app, "/triage service:checkout namespace:shop").await;
    let report = &reply.markdown;
    assert_has(
        report,
        &[
            "3000 checkout pods in CrashLoopBackOff in shop",
            &format!(
                "shop/checkout (Deployment): 3000 pods in CrashLoopBackOff, {restarts} restarts \
                 in total"
            ),
            "3000 checkout pods OOMKilled (exit 137) under a 2Gi memory limit",
            "Elsewhere in shop: 1 other workload failing — /triage overview",
        ],
    );
    for (reason, (total, pods)) in &by_reason {
        let line = format!("Warning events {reason} ×{total} on {} pods", pods.len());
        assert_has(report, &[line.as_str()]);
    }
    assert!(!report.contains("counted the first"), "{report}");
    assert!(!report.contains("rest of"), "{report}");

    // Pages of the big lists: the workload's pods, the namespace's pods and events.
    let requests = server.requests();
    let pages = |path: &str| requests.iter().filter(|r| r.path == path).count();
    let page = warroom::cluster::client::PAGE_SIZE as usize;
    assert_eq!(
        pages("/api/v1/namespaces/shop/pods"),
        3_000usize.div_ceil(page) + 10_000usize.div_ceil(page)
    );
    assert_eq!(
        pages("/api/v1/namespaces/shop/events"),
        objects.events.len().div_ceil(page)
    );
}

/// The fenced blocks of a Markdown text, each as its lines.
fn code_blocks(markdown: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut open: Option<Vec<String>> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => open = Some(Vec::new()),
            }
        } else if let Some(block) = open.as_mut() {
            block.push(trimmed.to_string());
        }
    }
    blocks
}

#[tokio::test]
async fn report_details_fix_blocks_volumes_and_the_attached_evidence() {
    let (app, _server, _db) = app_with(seed::seed_scenario()).await;
    let reply = say(&app, "/triage service:payment-service namespace:production").await;
    let report = &reply.markdown;
    // The startupProbe fix: YAML in the block, the alternative in prose after it.
    let yaml = code_blocks(report)
        .into_iter()
        .find(|b| b.first().is_some_and(|l| l == "startupProbe:"))
        .expect("the startupProbe block");
    assert!(yaml.iter().all(|l| !l.contains("or set")), "{yaml:#?}");
    assert_has(report, &["or set livenessProbe.initialDelaySeconds"]);
    // The volume hypothesis names the claim and its volume, not a pod.
    assert_has(
        report,
        &["PVC production/payment-data (PV pvc-6c1f2a9e-3b7d-4e5a-9f21-8d4c2b1a7e90) full"],
    );
    // The attached report carries every piece of evidence in full, redacted.
    let file = String::from_utf8(reply.files[0].bytes.clone()).unwrap();
    assert_has(&file, &["### Evidence in full"]);
    // The pod list: 8 lines in the reply, all 15 pods in the file.
    let pods_in = |text: &str| {
        text.lines()
            .filter(|l| l.contains("payment-service-") && l.contains("CrashLoopBackOff"))
            .count()
    };
    let listing = file
        .split("#### 1. ")
        .nth(1)
        .and_then(|rest| rest.split("#### 2. ").next())
        .unwrap();
    assert_eq!(pods_in(listing), 15, "{listing}");
    assert!(pods_in(report) < 15);
    assert!(!file.contains("s3cr3t-Pa55"));
}

#[tokio::test]
async fn reproduction_commands_name_the_context_never_the_bots_kubeconfig() {
    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("warroom-bot.kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: prod-admin\nclusters:\n- name: p\n  \
             cluster:\n    server: {}\ncontexts:\n- name: prod-admin\n  context:\n    cluster: p\n    \
             user: u\nusers:\n- name: u\n  user: {{}}\n",
            server.url()
        ),
    )
    .unwrap();
    let (mut app, _seed_server, _db) = app_with(seed::seed_scenario()).await;
    app.clusters = Some(
        Clusters::new(vec![ClusterSpec {
            kubeconfig: Some(kubeconfig),
            server: None,
            ..ClusterSpec::with_server("prod-cluster-01", "")
        }])
        .unwrap(),
    );
    let reply = say(&app, "/triage service:payment-service namespace:production").await;
    assert!(!reply.is_error, "{}", reply.markdown);
    assert_has(&reply.markdown, &["--context prod-admin"]);
    assert!(!reply.markdown.contains("warroom-bot.kubeconfig"));
    assert!(!reply.markdown.contains("--kubeconfig"));
}

/// The chart a reply carries (`timeline.png`): its size, and whether any pixel has `rgb`.
fn chart_of(reply: &Reply, rgb: [u8; 3]) -> ((u32, u32), bool) {
    let file = reply
        .files
        .iter()
        .find(|f| f.name == "timeline.png")
        .unwrap_or_else(|| panic!("no timeline.png in {:?}", reply.markdown));
    let mut reader = png::Decoder::new(std::io::Cursor::new(&file.bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let found = buf[..info.buffer_size()].chunks(3).any(|p| p == rgb);
    ((info.width, info.height), found)
}

#[tokio::test]
async fn timeline_and_postmortem_attach_the_chart_with_the_triages_sample() {
    let (app, _server, _db) = app_with(seed::seed_scenario()).await;
    let open = say(
        &app,
        "/incident open title:\"Payment failures\" severity:sev1 services:payment-service",
    )
    .await;
    assert!(!open.is_error, "{}", open.markdown);
    // The first service's colour (warroom::chart::PALETTE[0]) appears only once it is sampled.
    let blue = warroom::chart::PALETTE[0];
    let blue = [blue.0, blue.1, blue.2];
    let before = say(&app, "/timeline").await;
    assert_eq!(chart_of(&before, blue), ((1000, 500), false));
    let triage = say(&app, "/triage service:payment-service namespace:production").await;
    assert!(!triage.is_error, "{}", triage.markdown);
    let after = say(&app, "/timeline").await;
    assert_eq!(chart_of(&after, blue), ((1000, 500), true));
    assert_eq!(after.cards[0].image.as_deref(), Some("timeline.png"));
    assert_eq!(
        after.cards[0].title,
        "Incident #1 · Payment failures · SEV1"
    );
    let pm = say(&app, "/postmortem").await;
    let names: Vec<_> = pm.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["postmortem-incident-1.md", "timeline.png"]);
    assert_eq!(chart_of(&pm, blue), ((1000, 500), true));
    let card = &pm.cards[0];
    assert_eq!(card.image.as_deref(), Some("timeline.png"));
    assert_eq!(
        card.title,
        "📄 Postmortem of incident #1 · Payment failures"
    );
    assert_has(
        &card.description,
        &[
            "Impact window: 2026-11-26 18:25 UTC–ongoing",
            "Declared: 2026-11-26 18:25 UTC",
        ],
    );
}

#[tokio::test]
async fn the_seed_triage_in_zh_cn_says_the_converted_findings_in_chinese() {
    let (app, _server, _db) = app_on(seed::seed_scenario(), Locale::ZhCn, |spec| spec).await;
    let r = say(&app, "/triage overview namespace:production").await;
    assert!(!r.is_error, "{}", r.markdown);
    assert_has(
        &r.markdown,
        &[
            "**命名空间 production 中共 32 个 Pod 处于 CrashLoopBackOff：17 order-service 和 15 \
             payment-service**",
            "**payment-service 的 15 个 Pod 被 OOMKilled（exit code 137），内存 limit 为 2Gi**",
            "**order-service 的 4 个 Pod 因应用错误退出（exit code 1）**",
            "**32 个 Pod 上出现 Warning 事件 FailedMount ×160**",
            "production/payment-service 的容器 payment 上次终止：OOMKilled（exit code 137），涉及 15 \
             个 Pod，重启次数最多 7 次",
            "建议：把容器 payment 的 resources.limits.memory 从 2Gi 提高到 4Gi（requests 同步调整）",
            "首次出现于 17:36:07Z（快照前",
            "**4 个节点处于 MemoryPressure 状态：node-5、node-6、node-7 和 node-8（本次诊断的 32 \
             个 Pod 运行在这些节点上）**",
            "**内存 limit 2Gi 下内存耗尽——OOMKilled ×28，节点 MemoryPressure**（置信度：中）",
            "存储卷空间耗尽或不可用——",
        ],
    );
    for english in [
        "in CrashLoopBackOff in production",
        "OOMKilled (exit 137) under",
        "Warning events FailedMount",
        "nodes under MemoryPressure",
        "exhaustion under a 2Gi memory limit",
        "置信度：medium",
        "Last termination of container",
        "Raise resources.limits.memory",
        "restarts in total",
        "First seen",
    ] {
        assert!(
            !r.markdown.contains(english),
            "{english:?} is still English:\n{}",
            r.markdown
        );
    }
    let order = say(&app, "/triage service:order-service namespace:production").await;
    assert_has(
        &order.markdown,
        &[
            "order-service 的上次日志中出现 “java.lang.OutOfMemoryError: Java heap space”",
            "order-service 的上次日志中 redis.cache 解析失败（UnknownHostException）",
            "已满：17 个 Pod 出现 FailedMount",
            "NetworkPolicy default-deny-all 阻断了命名空间 production 中 17 个 Pod（order-service）的 \
             DNS 出站流量（UDP 53）",
            "Service redis（命名空间 cache）没有就绪的 endpoints：端口 6379/TCP 上无人应答",
            "order-service 的 livenessProbe 在容器启动 2 s 后开始探测，但应用需要 7.6 s 才能启动，且未配置 \
             startupProbe",
            "order-service 的 JVM 未设置 -XX:MaxRAMPercentage，内存 limit 为 2Gi",
            "order-service 的 rollout 停滞（ProgressDeadlineExceeded）：17 个副本中只有 0 个可用",
            "给容器 order 加上 startupProbe（覆盖",
            "这个工作负载已经出现过内存耗尽",
            "的 17 个 Pod 挂载了它。",
        ],
    );
    for english in [
        "liveness probe starts at",
        "runs a JVM without",
        "rollout stalled (ProgressDeadlineExceeded)",
        "Add a startupProbe",
        "This workload ran out of memory",
        "It is mounted by",
    ] {
        assert!(
            !order.markdown.contains(english),
            "{english:?} is still English:\n{}",
            order.markdown
        );
    }
    // The card and the timeline entry's drop-down carry the same words.
    let fields: Vec<&str> = r.cards[0].fields.iter().map(|(_, v)| v.as_str()).collect();
    assert!(
        fields.contains(
            &"payment-service 的 15 个 Pod 被 OOMKilled（exit code 137），内存 limit 为 2Gi"
        ),
        "{fields:#?}"
    );
    // The verdict, the card's frame words and the attached report's are Chinese too.
    for report in [&r, &order] {
        let verdict = headline(&report.markdown);
        assert_eq!(
            warroom::i18n::english_runs(verdict),
            Vec::<String>::new(),
            "{verdict}"
        );
        let card = &report.cards[0];
        assert!(card.title.starts_with("故障诊断 · "), "{}", card.title);
        assert!(
            card.description.contains("\n最可能的根因："),
            "{}",
            card.description
        );
        let footer = card.footer.as_deref().unwrap_or_default();
        assert!(footer.starts_with("集群 "), "{footer}");
        assert!(footer.contains(" · 只读 · "), "{footer}");
    }
    assert!(
        headline(&r.markdown).starts_with("**命名空间 production：严重 "),
        "{}",
        r.markdown
    );
    assert!(
        headline(&order.markdown).starts_with("**order-service：严重 "),
        "{}",
        order.markdown
    );
    assert_eq!(r.cards[0].title, "故障诊断 · 概览 · production");
    let file = order
        .files
        .iter()
        .find(|f| f.name == "triage-order-service.md")
        .expect("the long report is attached");
    let file = String::from_utf8_lossy(&file.bytes);
    assert!(file.contains("\n### 完整证据\n"), "{file}");
}
