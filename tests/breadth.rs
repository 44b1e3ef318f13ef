//! Triage breadth end to end: every generated failure kind (`warroom::demo::breadth::cases`) is
//! read through kube's real client from the fake API server and diagnosed. Each broken cluster
//! is found with evidence and a fix and never reported as "No problems found"; each healthy
//! twin has no critical or warning finding and nothing left unchecked.

use std::sync::OnceLock;

use chrono::DateTime;
use warroom::app::{App, Clock};
use warroom::cluster::{
    ClusterSpec, Clusters, Identity, ReadOnly, Snapshot, Target, Unrestricted, gather,
    gather_scoped,
};
use warroom::demo::apiserver::{FakeApiServer, Scenario};
use warroom::demo::breadth::{Case, NAMESPACE, cases};
use warroom::diagnose::{Cause, Diagnosis, Severity, Verdict, diagnose, verdict};
use warroom::handlers::handle;
use warroom::i18n::{Catalog, Locale, Text};
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

const NOW: &str = "2026-11-26T18:25:00Z";

/// A finding's or hypothesis's words in `locale`.
fn said(locale: Locale, text: &Text) -> String {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::new(None).expect("the embedded catalogs load"))
        .text(locale, text)
}

/// A finding's or hypothesis's words in English.
fn en(text: &Text) -> String {
    said(Locale::En, text)
}

fn target(command: &str) -> Target {
    match command.split("service:").nth(1) {
        Some(rest) => Target::Workload {
            name: rest.split_whitespace().next().unwrap_or_default().into(),
        },
        None => Target::Overview,
    }
}

/// What `gather` reads of `target` in the cluster `scenario` serves.
async fn snapshot(scenario: Scenario, target: &Target) -> Snapshot {
    let server = FakeApiServer::start(scenario).await.unwrap();
    let ro = ReadOnly::connect(
        &ClusterSpec::with_server("breadth", server.url()),
        &Identity::default(),
    )
    .await
    .unwrap()
    .for_triage();
    let mut snap = gather(&ro, "breadth", target, Some(NAMESPACE))
        .await
        .unwrap();
    snap.taken_at = Some(DateTime::parse_from_rfc3339(NOW).unwrap().to_utc());
    snap
}

fn case(name: &str) -> Case {
    cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// The diagnosis of `target` in the cluster `scenario` serves.
async fn diagnosis(scenario: Scenario, target: &Target) -> Diagnosis {
    judged(scenario, target, false).await.0
}

/// The diagnosis and the verdict of `target` in the cluster `scenario` serves; `current_log`
/// as `logs:current` asks.
async fn judged(scenario: Scenario, target: &Target, current_log: bool) -> (Diagnosis, Verdict) {
    let server = FakeApiServer::start(scenario).await.unwrap();
    let ro = ReadOnly::connect(
        &ClusterSpec::with_server("breadth", server.url()),
        &Identity::default(),
    )
    .await
    .unwrap()
    .for_triage();
    let mut snap = gather_scoped(
        &ro,
        "breadth",
        target,
        Some(NAMESPACE),
        &Unrestricted,
        current_log,
    )
    .await
    .unwrap();
    snap.taken_at = Some(DateTime::parse_from_rfc3339(NOW).unwrap().to_utc());
    assert!(
        server.non_get_requests().is_empty(),
        "triage wrote to the cluster"
    );
    let d = diagnose(&snap);
    let v = verdict(&snap, &d.findings, &d.not_checked, &ro.coverage());
    (d, v)
}

/// The report `/triage` renders for `command`.
async fn report(scenario: Scenario, command: &str) -> String {
    let server = FakeApiServer::start(scenario).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let app = App {
        clusters: Some(
            Clusters::new(vec![ClusterSpec::with_server("breadth", server.url())]).unwrap(),
        ),
        ..App::test(
            Store::connect(&url).await.unwrap(),
            Clock::manual(DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()),
        )
    };
    let reply = handle(
        &app,
        &Invocation {
            actor: Actor {
                id: "u1".into(),
                name: "alice".into(),
                roles: vec![],
            },
            channel: "ops".into(),
            input: Input::Line(command.into()),
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!reply.is_error, "{}", reply.markdown);
    let attached: String = reply
        .files
        .iter()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect();
    format!("{}\n{attached}", reply.markdown)
}

fn serious(d: &Diagnosis) -> Vec<String> {
    d.findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| format!("{:?} {}", f.severity, en(&f.title)))
        .collect()
}

#[tokio::test]
async fn every_failure_kind_is_found_with_evidence_and_a_fix() {
    for case in cases().unwrap() {
        let name = case.name;
        let asked = case.command.contains("logs:current");
        let (d, v) = judged(case.broken.clone(), &target(&case.command), asked).await;
        assert!(!v.is_healthy(), "{name}: a broken cluster judged healthy");
        let found = d
            .findings
            .iter()
            .find(|f| f.severity != Severity::Info && en(&f.title).contains(case.expect))
            .unwrap_or_else(|| {
                panic!(
                    "{name}: no finding says {:?}: {:#?}",
                    case.expect,
                    serious(&d)
                )
            });
        assert!(
            found.evidence.iter().any(|e| e
                .source_command()
                .is_some_and(|c| c.starts_with("kubectl "))),
            "{name}: {} has no kubectl evidence",
            en(&found.title)
        );
        assert!(
            found.suggestion.is_some(),
            "{name}: {} has no fix",
            en(&found.title)
        );

        let overview = diagnosis(case.broken.clone(), &Target::Overview).await;
        assert!(
            !case.in_overview || !serious(&overview).is_empty(),
            "{name}: the overview of the broken namespace finds nothing"
        );

        let text = report(case.broken, &case.command).await;
        assert!(
            !text.contains("No problems found"),
            "{name}: a broken cluster was reported healthy:\n{text}"
        );
        assert!(
            text.contains(case.expect),
            "{name}: report lacks {:?}",
            case.expect
        );
    }
}

#[tokio::test]
async fn every_failure_kind_reads_in_chinese_without_an_english_sentence() {
    let mut english_found = Vec::new();
    for case in cases().unwrap() {
        let name = case.name;
        let asked = case.command.contains("logs:current");
        let (d, v) = judged(case.broken.clone(), &target(&case.command), asked).await;
        let mut texts = vec![("verdict".to_string(), v.headline())];
        for f in &d.findings {
            let what = en(&f.title);
            texts.push((format!("title of {what}"), f.title.clone()));
            texts.push((format!("detail of {what}"), f.detail.clone()));
            texts.extend(
                f.suggestion
                    .iter()
                    .map(|t| (format!("fix of {what}"), t.clone())),
            );
            texts.extend(f.evidence.iter().map(|e| {
                let title = e.title();
                (format!("evidence {:?} of {what}", en(title)), title.clone())
            }));
        }
        for h in &d.hypotheses {
            let what = en(&h.title);
            texts.push((format!("hypothesis {what}"), h.title.clone()));
            texts.extend(
                h.remedies
                    .iter()
                    .map(|t| (format!("remedy of {what}"), t.clone())),
            );
        }
        for (what, text) in texts {
            let zh = said(Locale::ZhCn, &text);
            let english = warroom::i18n::english_runs(&zh);
            if !english.is_empty() {
                english_found.push(format!("{name}: {what} says {english:?} in: {zh}"));
            }
        }
    }
    assert!(english_found.is_empty(), "{}", english_found.join("\n"));
}

#[tokio::test]
async fn every_healthy_twin_has_no_problem_and_nothing_unchecked() {
    for case in cases().unwrap() {
        let name = case.name;
        let asked = case.command.contains("logs:current");
        for t in [target(&case.command), Target::Overview] {
            let (d, v) = judged(case.healthy.clone(), &t, asked).await;
            assert!(v.is_healthy(), "{name} ({t:?}): {:?}", v.headline());
            assert!(
                serious(&d).is_empty(),
                "{name} ({t:?}): healthy twin has findings: {:#?}",
                serious(&d)
            );
            let unchecked: Vec<String> = d
                .not_checked
                .iter()
                .map(|n| format!("{} — {}", en(&n.what), en(&n.why)))
                .collect();
            assert!(unchecked.is_empty(), "{name} ({t:?}): {unchecked:#?}");
        }
    }
}

#[tokio::test]
async fn a_webhook_that_is_down_ranks_above_the_pods_it_keeps_from_existing() {
    let case = cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "webhook_down_blocks_pods")
        .unwrap();
    let d = diagnosis(case.broken, &target(&case.command)).await;
    assert_eq!(
        d.hypotheses[0].cause,
        Cause::AdmissionBlocked,
        "{:#?}",
        d.hypotheses
    );
    let titles: Vec<String> = d.findings.iter().map(|f| en(&f.title)).collect();
    assert!(
        titles
            .iter()
            .any(|t| t
                .contains("Deployment web: 0 of 3 replicas available, pods are not being created")),
        "{titles:#?}"
    );
}

#[tokio::test]
async fn an_ingress_tls_secret_is_never_read_and_says_so() {
    let case = cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "ingress_backend_missing")
        .unwrap();
    let d = diagnosis(case.broken, &target(&case.command)).await;
    let lines: Vec<String> = d
        .not_checked
        .iter()
        .map(|n| format!("{} — {}", en(&n.what), en(&n.why)))
        .collect();
    assert_eq!(
        lines,
        [
            "TLS Secret shop/web-tls of Ingress web — warroom does not read Secrets; the ingress \
          controller's events say whether it loaded the certificate"
        ]
    );
}

#[tokio::test]
async fn pods_of_a_daemon_set_or_a_job_get_every_read_a_deployments_pods_get() {
    for (name, workload, pods) in [
        ("daemon_set_pods_oom_killed", "log-agent", 2),
        ("job_pods_oom_killed", "report", 2),
    ] {
        let c = case(name);
        let snap = snapshot(c.broken.clone(), &target(&c.command)).await;
        assert_eq!(snap.pods.len(), pods, "{name}");
        assert!(
            !snap.nodes.is_empty(),
            "{name}: the pods' nodes were not read"
        );
        assert!(
            snap.logs.iter().any(|l| l.previous),
            "{name}: no previous log was read"
        );
        let usage = snap.pod_metrics.as_deref().unwrap_or_default();
        assert!(
            usage
                .iter()
                .any(|u| u.name.starts_with(&format!("{NAMESPACE}/{workload}-"))),
            "{name}: no usage of the pods: {usage:?}"
        );
        let d = diagnose(&snap);
        let titles: Vec<String> = d.findings.iter().map(|f| en(&f.title)).collect();
        for expected in [
            format!("{workload} pods OOMKilled (exit 137)"),
            "OutOfMemoryError".to_string(),
        ] {
            assert!(
                titles.iter().any(|t| t.contains(&expected)),
                "{name}: no {expected:?} in {titles:#?}"
            );
        }
        assert_eq!(d.hypotheses[0].cause, Cause::MemoryExhaustion, "{name}");
        assert!(d.not_checked.is_empty(), "{name}: {:#?}", d.not_checked);
    }
}

#[tokio::test]
async fn a_webhook_is_blamed_only_in_the_namespaces_its_selector_matches() {
    let c = case("webhook_selecting_the_namespace_is_blamed");
    let blamed = diagnosis(c.broken, &target(&c.command)).await;
    assert_eq!(blamed.hypotheses[0].cause, Cause::AdmissionBlocked);
    assert!(
        blamed.findings.iter().any(|f| en(&f.title).starts_with(
            "Mutating webhook pods.policy.example.com calls Service policy/policy-webhook, \
             which does not exist"
        )),
        "{:#?}",
        serious(&blamed)
    );
    // The same webhook, down too, in front of other namespaces only: not a word about it.
    for t in [target(&c.command), Target::Overview] {
        let spared = diagnosis(c.healthy.clone(), &t).await;
        let text = format!("{:?}", spared.findings);
        assert!(!text.contains("webhook"), "{t:?}: {text}");
    }
}

#[tokio::test]
async fn a_ready_pods_current_log_is_read_when_asked_and_redacted() {
    let c = case("ready_pods_serving_errors_when_asked");
    let asked = report(c.broken.clone(), &c.command).await;
    assert!(asked.contains(c.expect), "{asked}");
    assert!(
        !asked.contains("s3cr3tP4ss"),
        "the log's secret leaked: {asked}"
    );
    // Not asked, nothing degraded: the current log is not read, and the same cluster is healthy.
    let command = c.command.replace(" logs:current", "");
    let not_asked = report(c.broken, &command).await;
    assert!(!not_asked.contains("current log"), "{not_asked}");
    assert!(not_asked.contains("web: 3/3 ready"), "{not_asked}");
}

#[tokio::test]
async fn pressure_on_a_node_the_namespace_does_not_use_is_never_its_cause() {
    let c = case("unrelated_node_pressure_is_not_a_cause");
    let d = diagnosis(c.broken, &Target::Overview).await;
    assert_eq!(
        d.hypotheses[0].cause,
        Cause::ContainersCannotStart,
        "{:#?}",
        d.hypotheses
    );
    assert!(
        d.hypotheses.iter().all(|h| h.cause != Cause::StorageFull),
        "{:#?}",
        d.hypotheses
    );
    let pressure: Vec<_> = d
        .findings
        .iter()
        .filter(|f| en(&f.title).contains("node-9"))
        .collect();
    assert_eq!(pressure.len(), 1, "{:#?}", d.findings);
    assert_eq!(pressure[0].severity, Severity::Info);
}
