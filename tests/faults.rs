//! Faults between kube's client and the API server, injected by a proxy in front of the fake
//! API server serving the seed incident: each gives a partial report within the triage's
//! deadline that names what was not checked, and never an error reply or a panic; a failed `/logs`
//! read says whose problem it is (a reference for the API server's 5xx, none for a 403).

#[path = "support/fault_proxy.rs"]
mod fault_proxy;

use std::time::{Duration, Instant};

use chrono::DateTime;
use fault_proxy::{Fault, FaultProxy};
use warroom::app::{App, Clock};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::demo::apiserver::FakeApiServer;
use warroom::demo::seed;
use warroom::handlers::handle;
use warroom::i18n::{Locale, english_runs};
use warroom::invocation::{Actor, Input, Invocation, LocaleHints};
use warroom::render::Reply;
use warroom::store::Store;

/// Per-request timeout of the cluster in these tests.
const TIMEOUT_SECS: u64 = 1;
/// Triage deadline of the cluster in these tests.
const DEADLINE_SECS: u64 = 3;
/// Slack for scheduling on a loaded machine: a triage must end within the deadline plus this.
const SLACK: Duration = Duration::from_secs(2);

struct Run {
    reply: Reply,
    took: Duration,
}

/// `/triage service:payment-service` of the seed through a proxy injecting `rules`.
async fn triage_through(rules: Vec<(&str, Fault)>) -> Run {
    triage_with(
        rules,
        "/triage service:payment-service namespace:production",
    )
    .await
}

async fn triage_with(rules: Vec<(&str, Fault)>, line: &str) -> Run {
    triage_within(rules, line, TIMEOUT_SECS, DEADLINE_SECS).await
}

/// `triage_with` on a cluster whose requests have `timeout_secs` each and whose triage has
/// `deadline_secs`.
async fn triage_within(
    rules: Vec<(&str, Fault)>,
    line: &str,
    timeout_secs: u64,
    deadline_secs: u64,
) -> Run {
    triage_read_in(rules, line, timeout_secs, deadline_secs, Locale::En).await
}

/// `triage_within` for a reader of `locale`.
async fn triage_read_in(
    rules: Vec<(&str, Fault)>,
    line: &str,
    timeout_secs: u64,
    deadline_secs: u64,
    locale: Locale,
) -> Run {
    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let proxy = FaultProxy::start(&server.url(), rules).await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let app = App {
        clusters: Some(
            Clusters::new(vec![ClusterSpec {
                request_timeout_secs: timeout_secs,
                triage_deadline_secs: deadline_secs,
                ..ClusterSpec::with_server("prod-cluster-01", proxy.url())
            }])
            .unwrap(),
        ),
        ..App::test(
            Store::connect(&url).await.unwrap(),
            Clock::manual(
                DateTime::parse_from_rfc3339("2026-11-26T18:25:00Z")
                    .unwrap()
                    .to_utc(),
            ),
        )
    };
    let started = Instant::now();
    let reply = handle(
        &app,
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
            locale: LocaleHints {
                guild: Some(locale),
                user: Some(locale),
            },
        },
    )
    .await;
    let took = started.elapsed();
    assert!(
        server.non_get_requests().is_empty(),
        "{:?}",
        server.non_get_requests()
    );
    Run { reply, took }
}

/// The report is a partial one: an answer, in time, with the verdict first and a "not checked"
/// line whose text contains both `what` and `why`.
fn assert_partial(run: &Run, what: &str, why: &str) {
    let md = &run.reply.markdown;
    assert!(!run.reply.is_error, "{md}");
    assert!(
        run.took < Duration::from_secs(DEADLINE_SECS) + SLACK,
        "took {:?}:\n{md}",
        run.took
    );
    let not_checked = md
        .split("### Not checked")
        .nth(1)
        .unwrap_or_else(|| panic!("no Not checked section:\n{md}"));
    assert!(
        not_checked
            .lines()
            .any(|l| l.contains(what) && l.contains(why)),
        "no not-checked line with {what:?} and {why:?}:\n{not_checked}"
    );
    assert!(!md.contains("No problems found"), "{md}");
    assert!(
        md.lines().nth(2).is_some_and(|l| l.starts_with("**")),
        "{md}"
    );
}

#[tokio::test]
async fn a_partial_report_in_chinese_says_what_was_not_checked_in_chinese() {
    let run = triage_read_in(
        vec![
            ("/events", Fault::Status(500)),
            ("/networkpolicies", Fault::Status(403)),
        ],
        "/triage service:payment-service namespace:production",
        TIMEOUT_SECS,
        DEADLINE_SECS,
        Locale::ZhCn,
    )
    .await;
    let md = &run.reply.markdown;
    assert!(!run.reply.is_error, "{md}");
    let lines: Vec<&str> = md
        .split("### 未检查")
        .nth(1)
        .unwrap_or_else(|| panic!("no 未检查 section:\n{md}"))
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    for expected in [
        "- 未检查：节点和 Pod 的资源用量 — metrics.k8s.io 未提供（请安装 metrics-server）",
        "- 未检查：命名空间 production 中的事件 — 在命名空间 production 中执行 \\`list events\\` \
         时，API server 返回 500：",
        "- 未检查：命名空间 production 中的 NetworkPolicy — 无权限：warroom 的身份无权在命名空间 \
         production 中执行 \\`list networkpolicies.networking.k8s.io\\`（",
        "- 未检查：依赖 db/pg（payment-service 提到） — 命名空间 db 中没有 Service pg：主机名 pg.db \
         无法解析（检查配置中的主机名，或该 Service 是否被删除）",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "no line starting {expected:?}:\n{md}"
        );
    }
    for line in &lines {
        assert!(line.starts_with("- 未检查："), "{line}\n{md}");
        assert_eq!(english_runs(line), Vec::<String>::new(), "{line}\n{md}");
    }
}

#[tokio::test]
async fn a_500_on_events_leaves_the_rest_of_the_report() {
    let run = triage_through(vec![("/events", Fault::Status(500))]).await;
    assert_partial(
        &run,
        "events in namespace production",
        "the API server answered 500 to list events",
    );
    assert!(run.reply.markdown.contains("OOMKilled (exit 137)"));
    assert!(
        run.reply
            .markdown
            .lines()
            .nth(2)
            .is_some_and(|l| l.contains("not checked:") && l.contains("events (error 500)")),
        "{}",
        run.reply.markdown
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_not_retried_past_the_deadline() {
    let run = triage_through(vec![(
        "/api/v1/nodes",
        Fault::TooManyRequests {
            retry_after_secs: 30,
        },
    )])
    .await;
    assert_partial(&run, "nodes", "the API server answered 429 to list nodes");
    assert!(run.reply.markdown.contains("OOMKilled (exit 137)"));
}

#[tokio::test]
async fn a_short_throttle_and_one_reset_connection_are_read_again() {
    // What API Priority and Fairness answers in a busy moment, and a connection dropped once:
    // each read is sent once more and the report is whole.
    let rules = vec![
        (
            "/pods",
            Fault::first_only(Fault::TooManyRequests {
                retry_after_secs: 1,
            }),
        ),
        ("/events", Fault::first_only(Fault::Reset)),
    ];
    // Requests have 3 s here: the second the throttle asks for fits in half of that.
    let run = triage_within(
        rules,
        "/triage service:payment-service namespace:production",
        3,
        6,
    )
    .await;
    let md = &run.reply.markdown;
    assert!(!run.reply.is_error, "{md}");
    // As without the faults: only what the seed cluster does not serve is not checked.
    assert!(
        md.lines().nth(2).is_some_and(
            |l| l.ends_with("; not checked: pod and node usage (metrics API not served)**")
        ),
        "{md}"
    );
    assert!(md.contains("OOMKilled (exit 137)"), "{md}");
    assert!(md.contains("Warning events FailedMount"), "{md}");
}

#[tokio::test]
async fn a_failed_list_of_the_workloads_pods_is_no_conclusion_never_not_found() {
    // Only the workload's own pod list fails; the namespace's pod count (the closing
    // "Elsewhere" line) answers.
    let run = triage_through(vec![(
        "labelSelector=app%3Dpayment-service",
        Fault::Status(500),
    )])
    .await;
    let md = &run.reply.markdown;
    assert!(
        md.lines().nth(2).is_some_and(|l| l.starts_with(
            "**Could not diagnose payment-service: its pods could not be read (the API server \
             answered 500 to list pods"
        )),
        "{md}"
    );
    assert!(!md.contains("nothing of that name was found"), "{md}");
}

#[tokio::test]
async fn a_403_is_named_with_the_grant_to_add() {
    let run = triage_through(vec![("/networkpolicies", Fault::Status(403))]).await;
    assert_partial(
        &run,
        "network policies in namespace production",
        "forbidden: warroom's identity may not list networkpolicies.networking.k8s.io",
    );
}

#[tokio::test]
async fn a_connection_reset_again_when_read_again_stops_the_triage_with_what_was_read() {
    let run = triage_through(vec![("/persistentvolumeclaims", Fault::Reset)]).await;
    assert_partial(
        &run,
        "persistent volume claims in namespace production",
        "cannot reach the API server",
    );
    assert!(run.reply.markdown.contains("CrashLoopBackOff"));
}

#[tokio::test]
async fn a_proxys_plain_text_error_is_named_by_its_code() {
    let run = triage_through(vec![("/events", Fault::PlainText(502))]).await;
    assert_partial(
        &run,
        "events in namespace production",
        "the API server answered 502 to list events",
    );
    assert!(run.reply.markdown.contains("OOMKilled (exit 137)"));
}

#[tokio::test]
async fn truncated_json_is_an_unreadable_answer_not_a_crash() {
    let run = triage_through(vec![("/replicasets", Fault::TruncatedJson)]).await;
    assert_partial(
        &run,
        "replica sets in namespace production",
        "could not read the API server's answer to list replicasets.apps",
    );
}

#[tokio::test]
async fn a_stall_past_the_timeout_is_a_timeout_and_the_rest_is_skipped() {
    let run = triage_through(vec![("/api/v1/nodes", Fault::Stall)]).await;
    assert_partial(
        &run,
        "nodes",
        &format!("did not answer within {TIMEOUT_SECS} s"),
    );
    assert!(run.reply.markdown.contains("OOMKilled (exit 137)"));
}

#[tokio::test]
async fn a_slow_log_stream_costs_that_log_only() {
    let run = triage_through(vec![(
        "/log",
        Fault::Trickle {
            chunk: 16,
            every: Duration::from_millis(200),
        },
    )])
    .await;
    assert_partial(
        &run,
        "previous logs of payment-service-",
        &format!("the log stream started but did not finish within {TIMEOUT_SECS} s"),
    );
    // The slow stream did not halt the triage: the reads after the logs still ran.
    assert!(
        !run.reply.markdown.contains("skipped: the API server"),
        "{}",
        run.reply.markdown
    );
}

#[tokio::test]
async fn a_stalled_pod_list_is_could_not_diagnose() {
    let run = triage_through(vec![("/pods", Fault::Stall)]).await;
    // The namespace's pod list (for the closing "Elsewhere" line) and the workload's own pod
    // list start together: whichever times out first names the timeout, the other is skipped.
    assert_partial(
        &run,
        "pods ",
        &format!("did not answer within {TIMEOUT_SECS} s"),
    );
    assert_eq!(
        run.reply.markdown.lines().nth(2),
        Some(
            "**Could not diagnose payment-service: its pods could not be read (the API server \
             did not answer within 1 s); no conclusion about its health is possible from what \
             was read**"
        ),
        "{}",
        run.reply.markdown
    );
}

#[tokio::test]
async fn a_slow_server_meets_the_triage_deadline_with_a_partial_report() {
    // Every answer comes just inside the request timeout: read one after another they would
    // take far longer than the deadline.
    let run = triage_through(vec![("/", Fault::Delay(Duration::from_millis(800)))]).await;
    assert_partial(
        &run,
        "",
        &format!("this triage's deadline of {DEADLINE_SECS} s passed"),
    );
}

#[tokio::test]
async fn an_overview_through_a_hung_server_says_nothing_was_checked() {
    let run = triage_with(vec![("/", Fault::Stall)], "/triage overview").await;
    assert_partial(
        &run,
        "pods in all namespaces",
        &format!("did not answer within {TIMEOUT_SECS} s"),
    );
    assert_eq!(
        run.reply.markdown.lines().nth(2),
        Some(
            "**Could not diagnose all namespaces: the API server did not answer within 1 s; \
             nothing was checked**"
        ),
    );
}

/// `/logs` of a seed pod whose log request gets `status` from the API server.
async fn logs_answered(status: u16) -> Reply {
    triage_with(
        vec![("/log", Fault::Status(status))],
        "/logs pod:payment-service-7d9c8b6f5d-22mfr namespace:production previous:true",
    )
    .await
    .reply
}

#[tokio::test]
async fn a_500_on_a_log_read_shows_the_api_servers_words_with_a_reference() {
    let reply = logs_answered(500).await;
    let md = &reply.markdown;
    assert!(reply.is_error, "{md}");
    assert!(
        md.contains("the API server answered 500 to get pods/log"),
        "{md}"
    );
    assert!(
        md.contains("(ref "),
        "an internal failure carries a reference: {md}"
    );
}

#[tokio::test]
async fn a_403_on_a_log_read_is_the_users_to_fix_and_has_no_reference() {
    let reply = logs_answered(403).await;
    let md = &reply.markdown;
    assert!(reply.is_error, "{md}");
    assert!(
        md.contains("forbidden: warroom's identity may not get pods/log"),
        "{md}"
    );
    assert!(!md.contains("(ref "), "{md}");
}
