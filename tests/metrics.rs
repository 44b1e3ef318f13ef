//! Health samples, incident metrics and progress updates that start from facts, on SQLite and
//! PostgreSQL: the postmortem's Metrics section for the seed incident, `warroom report` (md and
//! csv) and the `/metrics` histograms over several incidents, and the prefilled status update
//! after a workload recovered.

#[path = "support/db.rs"]
mod db;

use chrono::{DateTime, Duration, DurationRound, Utc};
use warroom::alerts::{self, AlertsConfig, Routes, Triages};
use warroom::app::{App, Clock};
use warroom::chat::metrics::Metrics;
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::demo::apiserver::FakeApiServer;
use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
use warroom::demo::seed;
use warroom::handlers::{handle, last_status_fields, postmortem_markdown};
use warroom::incident::metrics::Measure;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::render::{Locale, Renderer};
use warroom::scheduler::{Channels, claim_due, record};
use warroom::store::Store;

const SEED_ALERT: &str = include_str!("../src/demo/seed/alertmanager-firing.json");

fn seed_time(hhmm: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-26T{hhmm}:00Z"))
        .unwrap()
        .to_utc()
}

fn app(store: Store, clock: &Clock, clusters: Vec<ClusterSpec>) -> App {
    App {
        clusters: Some(Clusters::new(clusters).unwrap()),
        ..App::test(store, clock.clone())
    }
}

/// Runs `line` in `channel` as alice at `at`; panics on an error reply.
async fn run(app: &App, clock: &Clock, at: DateTime<Utc>, channel: &str, line: &str) -> String {
    clock.set(at);
    let reply = handle(
        app,
        &Invocation {
            actor: Actor {
                id: "u1".into(),
                name: "alice".into(),
                roles: vec![],
            },
            channel: channel.into(),
            input: Input::Line(line.into()),
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!reply.is_error, "{line} failed: {}", reply.markdown);
    reply.markdown
}

/// Claims and records the reminders due in `channel` at `at`; returns their text.
async fn reminders(app: &App, clock: &Clock, at: DateTime<Utc>, channel: &str) -> Vec<String> {
    clock.set(at);
    let mut posted = Vec::new();
    for c in claim_due(app, Channels::One(channel)).await.unwrap() {
        record(app, &c, &Ok(())).await.unwrap();
        posted.push(c.notice.markdown);
    }
    posted
}

/// The seed incident as the demo runs it: the seed's alert at 18:15 (its card's triage runs
/// before anyone declares), declared at 18:19 with the alert's start as the impact start,
/// triage, the reminder at 19:19 and the update a minute later, mitigated 19:43, resolved 20:01.
#[tokio::test]
async fn the_seed_incident_postmortem_states_its_metrics() {
    const CH: &str = "incident-payments";
    for db in db::fresh_databases().await {
        let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
        let clock = Clock::manual(seed_time("18:15"));
        let spec = ClusterSpec::with_server("prod-cluster-01", server.url());
        let app = app(db.store().await, &clock, vec![spec]);
        let routes = Routes::new(&AlertsConfig::default()).unwrap().only(CH);
        let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
        let payload = alerts::parse(SEED_ALERT.as_bytes()).unwrap();
        let carded = alerts::card::process(&app, &routes, &triages, &payload)
            .await
            .unwrap();
        assert_eq!(carded.triages_ran, 1, "{}", db.backend);
        run(
            &app,
            &clock,
            seed_time("18:19"),
            CH,
            "/incident open title:\"Payment failures\" severity:sev1 \
             services:payment-service,order-service started:2026-11-26T18:14:00Z",
        )
        .await;
        run(
            &app,
            &clock,
            seed_time("18:23"),
            CH,
            "/triage service:payment-service namespace:production",
        )
        .await;
        run(
            &app,
            &clock,
            seed_time("18:26"),
            CH,
            "/triage service:order-service namespace:production",
        )
        .await;
        assert_eq!(
            reminders(&app, &clock, seed_time("19:19"), CH).await.len(),
            1
        );
        run(
            &app,
            &clock,
            seed_time("19:20"),
            CH,
            "/status update state:\"25 of 32 pods recovered\"",
        )
        .await;
        run(&app, &clock, seed_time("19:43"), CH, "/incident mitigated").await;
        run(&app, &clock, seed_time("20:01"), CH, "/incident resolve").await;

        let pm = postmortem_markdown(&app, 1, None, seed_time("20:30"))
            .await
            .unwrap();
        assert!(
            pm.contains(
                "## Metrics\n\n\
                 | Measure | From impact start | Reached at |\n|---|---|---|\n\
                 | Time to detect | 1 min | 2026-11-26 18:15 UTC (alert PaymentServiceAvailability) |\n\
                 | Time to declare | 5 min | 2026-11-26 18:19 UTC |\n\
                 | Time to announce | 5 min | 2026-11-26 18:19 UTC |\n\
                 | Time to first triage | 1 min | 2026-11-26 18:15 UTC |\n\
                 | Time to mitigate | 1 h 29 min | 2026-11-26 19:43 UTC |\n\
                 | Time to resolve | 1 h 47 min | 2026-11-26 20:01 UTC |\n\n\
                 - Status updates: 1 due, 0 posted on time, 1 late (the latest by 1 min).\n\n\
                 ## Root causes"
            ),
            "{}: {pm}",
            db.backend
        );
        let zh = App {
            renderer: Renderer::new(Locale::ZhCn, None).unwrap(),
            ..App::test(app.store.clone(), clock.clone())
        };
        let pm = postmortem_markdown(&zh, 1, None, seed_time("20:30"))
            .await
            .unwrap();
        assert!(
            pm.contains(
                "| 发现用时 | 1分钟 | 2026-11-26 18:15 UTC（告警 PaymentServiceAvailability） |\n"
            ) && pm.contains("| 恢复用时 | 1小时47分钟 | 2026-11-26 20:01 UTC |\n")
                && pm.contains(
                    "- 进展同步：应发布 1 次，按时 0 次，延迟 1 次（最近一次延迟1分钟）\n"
                ),
            "{}: {pm}",
            db.backend
        );

        // The report's and /metrics' reading (rows as stored, without evidence) agrees.
        let stored = app
            .store
            .incident_metrics(DateTime::UNIX_EPOCH, 60, seed_time("20:30"))
            .await
            .unwrap();
        let minutes: Vec<_> = Measure::ALL
            .into_iter()
            .map(|m| stored[0].duration(m).map(|d| d.num_minutes()))
            .collect();
        assert_eq!(
            minutes,
            [Some(1), Some(5), Some(5), Some(1), Some(89), Some(107)],
            "{}",
            db.backend
        );
        assert_eq!(stored[0].updates.lateness, [Duration::minutes(1)]);

        // The two workload triages on the incident took a sample each; the alert card's
        // triage came before the incident and the overview has no totals.
        let samples = app.store.samples(1).await.unwrap();
        let seen: Vec<_> = samples
            .iter()
            .map(|s| {
                (
                    s.service.as_str(),
                    s.ready,
                    s.failing,
                    s.total,
                    s.top_reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("payment-service", 0, 15, 15, Some("CrashLoopBackOff")),
                ("order-service", 0, 17, 17, Some("CrashLoopBackOff")),
            ],
            "{}",
            db.backend
        );
        // The sample is on the chained triage entry too, and the chain still verifies.
        let verified = app.store.verified(1, None).await.unwrap();
        let triage = verified
            .timeline
            .iter()
            .find(|e| e.kind == "triage")
            .unwrap();
        assert_eq!(triage.payload["health"]["failing"], 15, "{}", db.backend);
    }
}

/// Two views of one cluster's payment-service: crashing (15 pods OOMKilled) and recovered.
async fn before_and_after() -> (FakeApiServer, FakeApiServer, Vec<ClusterSpec>) {
    let scenario = |mode| {
        ScenarioBuilder::new()
            .workload("payment-service", 15, mode)
            .service("payment-service", "payment-service")
            .build()
            .unwrap()
    };
    let before = FakeApiServer::start(scenario(FailureMode::OomKilled))
        .await
        .unwrap();
    let after = FakeApiServer::start(scenario(FailureMode::Healthy))
        .await
        .unwrap();
    let specs = vec![
        ClusterSpec::with_server("before", before.url()),
        ClusterSpec::with_server("after", after.url()),
    ];
    (before, after, specs)
}

#[tokio::test]
async fn the_next_update_starts_from_what_changed() {
    const CH: &str = "payments";
    for db in db::fresh_databases().await {
        let (_b, _a, specs) = before_and_after().await;
        let clock = Clock::manual(seed_time("10:00"));
        let app = app(db.store().await, &clock, specs);
        run(
            &app,
            &clock,
            seed_time("10:00"),
            CH,
            "/incident open title:\"Payments down\" severity:sev2 services:payment-service",
        )
        .await;
        run(
            &app,
            &clock,
            seed_time("10:05"),
            CH,
            "/triage service:payment-service namespace:production cluster:before",
        )
        .await;
        run(
            &app,
            &clock,
            seed_time("10:10"),
            CH,
            "/action add owner:ops due:2026-12-01 text:\"Raise the memory limit\"",
        )
        .await;
        run(&app, &clock, seed_time("10:20"), CH,
            "/status update state:\"payment-service crashing\" next:\"raise the limit\" risks:\"none\"").await;
        run(
            &app,
            &clock,
            seed_time("10:40"),
            CH,
            "/triage service:payment-service namespace:production cluster:after",
        )
        .await;
        run(&app, &clock, seed_time("10:45"), CH, "/action done id:1").await;
        run(&app, &clock, seed_time("10:50"), CH, "/incident mitigated").await;

        // The console: `/status update` alone drafts the update and posts nothing.
        let draft = run(&app, &clock, seed_time("10:55"), CH, "/status update").await;
        assert_eq!(
            draft,
            "📝 Draft progress update for incident #1, from what changed since the last update \
             (2026-11-26 10:20 UTC). Edit it and send it:\n\n```text\n/status update \
             state:\"payment-service: 15 → 0 pods failing (15/15 ready); incident mitigated at \
             10:50 UTC\" done:\"Raise the memory limit (ops)\" next:\"raise the limit\" \
             risks:\"none\"\n```",
            "{}",
            db.backend
        );
        // Discord's form gets the same fields.
        let form = last_status_fields(&app, CH).await.unwrap();
        assert_eq!(
            form.state.as_deref(),
            Some(
                "payment-service: 15 → 0 pods failing (15/15 ready)\nincident mitigated at 10:50 UTC"
            ),
            "{}",
            db.backend
        );
        assert_eq!(form.done.as_deref(), Some("Raise the memory limit (ops)"));
        assert_eq!(form.next.as_deref(), Some("raise the limit"));
        assert_eq!(form.risks.as_deref(), Some("none"));
        // The reminder at 11:20 (the update of 10:20 plus the hourly cadence: the draft moved
        // nothing) says it in one line.
        let posted = reminders(&app, &clock, seed_time("11:20"), CH).await;
        assert_eq!(posted.len(), 1, "{}", db.backend);
        assert!(
            posted[0].contains(
                "The last update was posted 2026-11-26 10:20 UTC.\nSince then: payment-service: \
                 15 → 0 pods failing (15/15 ready); incident mitigated at 10:50 UTC; done: Raise \
                 the memory limit (ops).\n"
            ),
            "{}: {}",
            db.backend,
            posted[0]
        );
    }
}

/// Three incidents with hand-computed metrics (minutes from the impact start):
/// #1 sev1: declared 10, triage 12, update 40 (due 70: on time), mitigated 70, resolved 90;
/// #2 sev2: declared 0, triage 5, no update (due 60 and 120), resolved 120;
/// #3 sev1: declared 30, update 105 (due 90: 15 min late), mitigated 110, resolved 130.
async fn three_incidents(app: &App, clock: &Clock, base: DateTime<Utc>) {
    let at = |m: i64| base + Duration::minutes(m);
    let started = |m: i64| at(m).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    run(app, clock, at(10), "a", &format!(
        "/incident open title:\"Checkout errors\" severity:sev1 services:payment-service started:{}",
        started(0))).await;
    run(
        app,
        clock,
        at(12),
        "a",
        "/triage service:payment-service namespace:production",
    )
    .await;
    run(
        app,
        clock,
        at(40),
        "a",
        "/status update state:\"rolling back\"",
    )
    .await;
    run(app, clock, at(70), "a", "/incident mitigated").await;
    run(app, clock, at(90), "a", "/incident resolve").await;
    let b = 240;
    run(
        app,
        clock,
        at(b),
        "b",
        "/incident open title:\"Orders slow\" severity:sev2 services:order-service",
    )
    .await;
    run(
        app,
        clock,
        at(b + 5),
        "b",
        "/triage service:order-service namespace:production",
    )
    .await;
    run(app, clock, at(b + 120), "b", "/incident resolve").await;
    let c = 480;
    run(
        app,
        clock,
        at(c + 30),
        "c",
        &format!(
            "/incident open title:\"Cache | misses\" severity:sev1 services:cache started:{}",
            started(c)
        ),
    )
    .await;
    run(
        app,
        clock,
        at(c + 105),
        "c",
        "/status update state:\"warming\"",
    )
    .await;
    run(app, clock, at(c + 110), "c", "/incident mitigated").await;
    run(app, clock, at(c + 130), "c", "/incident resolve").await;
}

fn warroom_report(url: &str, format: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--database-url", url, "report", "--format", format])
        .env_remove("WARROOM_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn warroom_report_and_the_histograms_cover_several_incidents() {
    for db in db::fresh_databases().await {
        let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
        // Three days ago on a whole minute: inside the report's default 30 days.
        let base = (Utc::now() - Duration::days(3))
            .duration_trunc(Duration::minutes(1))
            .unwrap();
        let clock = Clock::manual(base);
        let spec = ClusterSpec::with_server("prod-cluster-01", server.url());
        let app = app(db.store().await, &clock, vec![spec]);
        three_incidents(&app, &clock, base).await;

        let md = warroom_report(&db.url, "md");
        let day = |m: i64| {
            (base + Duration::minutes(m))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        };
        let expected = format!(
            "3 incidents: 2 sev1 · 1 sev2 · 0 sev3 · 0 sev4\n\n\
             | Time from impact start to | Incidents | Median | p90 |\n|---|---|---|---|\n\
             | detect | 3 | 10 min | 30 min |\n\
             | declare | 3 | 10 min | 30 min |\n\
             | announce | 3 | 10 min | 30 min |\n\
             | first triage | 2 | 8 min | 12 min |\n\
             | mitigate | 3 | 1 h 50 min | 2 h 0 min |\n\
             | resolve | 3 | 2 h 0 min | 2 h 10 min |\n\n\
             Status updates: 1 of 4 due posted on time (25%); 1 late, by 15 min (median), 15 min (p90).\n\n\
             ## Incidents\n\n\
             | # | Severity | Declared | Title | Detect | Declare | Announce | First triage | Mitigate | Resolve | Updates on time |\n\
             |---|---|---|---|---|---|---|---|---|---|---|\n\
             | 1 | sev1 | {} | Checkout errors | 10 min | 10 min | 10 min | 12 min | 1 h 10 min | 1 h 30 min | 1 of 1 |\n\
             | 2 | sev2 | {} | Orders slow | 0 s | 0 s | 0 s | 5 min | 2 h 0 min | 2 h 0 min | 0 of 2 |\n\
             | 3 | sev1 | {} | Cache \\| misses | 30 min | 30 min | 30 min | — | 1 h 50 min | 2 h 10 min | 0 of 1 |\n",
            day(10),
            day(240),
            day(510)
        );
        assert!(md.starts_with("# Incident report: declared since "), "{md}");
        assert!(
            md.ends_with(&expected),
            "{}:\n{md}\nexpected the end:\n{expected}",
            db.backend
        );

        let csv = warroom_report(&db.url, "csv");
        assert_eq!(
            csv,
            "severity,incidents,detect_median_seconds,detect_p90_seconds,declare_median_seconds,\
             declare_p90_seconds,announce_median_seconds,announce_p90_seconds,\
             first_triage_median_seconds,first_triage_p90_seconds,mitigate_median_seconds,\
             mitigate_p90_seconds,resolve_median_seconds,resolve_p90_seconds,updates_due,\
             updates_on_time,lateness_median_seconds,lateness_p90_seconds\n\
             all,3,600,1800,600,1800,600,1800,510,720,6600,7200,7200,7800,4,1,900,900\n\
             sev1,2,1200,1800,1200,1800,1200,1800,720,720,5400,6600,6600,7800,2,1,900,900\n\
             sev2,1,0,0,0,0,0,0,300,300,7200,7200,7200,7200,2,0,,\n\
             sev3,0,,,,,,,,,,,,,0,0,,\n\
             sev4,0,,,,,,,,,,,,,0,0,,\n",
            "{}",
            db.backend
        );

        let metrics = Metrics::new().unwrap();
        metrics.refresh_incidents(&app.store, 60, Utc::now()).await;
        let text = metrics.render();
        for line in [
            "warroom_incident_seconds_bucket{measure=\"resolve\",severity=\"sev1\",le=\"7200\"} 1",
            "warroom_incident_seconds_bucket{measure=\"resolve\",severity=\"sev1\",le=\"14400\"} 2",
            "warroom_incident_seconds_count{measure=\"first_triage\",severity=\"sev2\"} 1",
            "warroom_incident_seconds_sum{measure=\"mitigate\",severity=\"sev2\"} 7200",
            "warroom_status_update_lateness_seconds_bucket{severity=\"sev1\",le=\"900\"} 1",
            "warroom_status_updates{result=\"due\"} 4",
            "warroom_status_updates{result=\"on_time\"} 1",
        ] {
            assert!(
                text.contains(line),
                "{}: {line} missing from\n{text}",
                db.backend
            );
        }
    }
}
