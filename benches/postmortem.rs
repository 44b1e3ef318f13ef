//! Postmortem and chart benchmark over a 10,000-entry incident: three services sampled by
//! 5,000 triages as they recover over 42 hours, 100 status updates, the rest notes, then
//! mitigated and resolved. Times (median and max over the runs) of the postmortem's Markdown
//! (`handlers::postmortem_markdown`: the chain verified, the metrics, the template), of the
//! chart (`timeline_course` + `chart::timeline_png::draw`), and of the whole `/postmortem`
//! command (both, recorded on the timeline). Targets (issue 11): chart ≤ 300 ms, postmortem
//! ≤ 300 ms. With WARROOM_CHART_DIR set, the chart is also written there as timeline-10k.png.
//!
//! Run: `cargo bench --bench postmortem` (numbers go to BENCHMARKS.md).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;
use warroom::app::{App, Clock};
use warroom::handlers::{chart_title, handle, postmortem_markdown, timeline_course};
use warroom::incident::health::HealthSample;
use warroom::incident::{NewEntry, Outcome};
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

const ENTRIES: usize = 10_000;
const RUNS: usize = 9;
const CHANNEL: &str = "bench";
const SERVICES: [&str; 3] = ["checkout", "payment-service", "order-service"];

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z")
        .expect("a valid time")
        .to_utc()
}

async fn say(app: &App, line: &str) {
    let reply = handle(
        app,
        &Invocation {
            actor: Actor {
                id: "alice".into(),
                name: "alice".into(),
                roles: Vec::new(),
            },
            channel: CHANNEL.into(),
            input: Input::Line(line.into()),
            files: Vec::new(),
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!reply.is_error, "{line}: {}", reply.markdown);
}

/// Entry `i` of the incident: every other one a triage with its sample (the services recover
/// from 40 failing pods of 40 to none), every 100th a status update, the rest notes.
fn entry(incident_id: i64, i: usize, at: DateTime<Utc>) -> (NewEntry, Option<HealthSample>) {
    let (kind, summary, payload) = match i {
        _ if i % 100 == 1 => ("status.update", "posted the status update", json!({})),
        _ if i.is_multiple_of(2) => ("triage", "triage", json!({ "target": SERVICES[i / 2 % 3] })),
        _ => (
            "note",
            "note",
            json!({ "text": format!("observation {i}: heap at 1.9 GiB of 2 GiB") }),
        ),
    };
    let sample = (kind == "triage").then(|| {
        let failing = (40 * (ENTRIES - i) / ENTRIES + i % 5) as i64;
        let failing = failing.min(40);
        HealthSample {
            at,
            service: SERVICES[i / 2 % 3].into(),
            namespace: Some("production".into()),
            cluster: "prod".into(),
            ready: 40 - failing,
            failing,
            total: 40,
            restarts: i as i64,
            top_reason: Some("CrashLoopBackOff".into()),
        }
    });
    let entry = NewEntry {
        channel: CHANNEL.into(),
        incident_id: Some(incident_id),
        at,
        actor: "alice".into(),
        kind: kind.into(),
        outcome: Outcome::Ok,
        summary: summary.into(),
        payload,
        evidence: Vec::new(),
    };
    (entry, sample)
}

/// A SQLite database in `dir` holding the 10,000-entry incident; returns the app and its id.
async fn incident(dir: &std::path::Path) -> (App, i64) {
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let store = Store::connect(&url).await.expect("the bench database");
    let clock = Clock::manual(start());
    let app = App::test(store, clock.clone());
    say(
        &app,
        "/incident open title:\"Checkout down\" severity:sev1 services:checkout,payment-service,order-service",
    )
    .await;
    let id = app
        .store
        .active_incident(CHANNEL)
        .await
        .expect("the store answers")
        .expect("the incident is open")
        .id;
    for i in 0..ENTRIES - 3 {
        let at = start() + chrono::Duration::seconds(15 * (i as i64 + 1));
        let (entry, sample) = entry(id, i, at);
        app.store
            .append_triage(&entry, sample.as_ref())
            .await
            .expect("the entry is appended");
    }
    let end = start() + chrono::Duration::seconds(15 * ENTRIES as i64);
    clock.set(end);
    say(&app, "/incident mitigated").await;
    clock.set(end + chrono::Duration::minutes(10));
    say(&app, "/incident resolve").await;
    (app, id)
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "| {what} | {:.1} ms | {:.1} ms |",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    rt.block_on(async {
        let (app, id) = incident(dir.path()).await;
        let entries = app.store.timeline(id).await.expect("the timeline").len();
        let now = app.clock.now();
        let (mut markdown, mut chart, mut command) = (Vec::new(), Vec::new(), Vec::new());
        let mut png = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let md = postmortem_markdown(&app, id, None, now)
                .await
                .expect("the postmortem");
            markdown.push(t.elapsed());
            assert!(md.contains("Checkout down"));
            let verified = app.store.verified(id, None).await.expect("verified");
            let t = Instant::now();
            let course = timeline_course(&app, &verified.incident, &verified.timeline, now)
                .await
                .expect("the course");
            let title = chart_title(&app.renderer, &verified.incident);
            png = warroom::chart::timeline_png::draw(&app.renderer, &course, &title)
                .expect("the chart");
            chart.push(t.elapsed());
            let t = Instant::now();
            say(&app, "/postmortem").await;
            command.push(t.elapsed());
        }
        if let Ok(out) = std::env::var("WARROOM_CHART_DIR") {
            std::fs::write(std::path::Path::new(&out).join("timeline-10k.png"), &png)
                .expect("the chart is written");
        }
        println!("{entries} timeline entries, {RUNS} runs each");
        println!("| step | median | max |");
        println!("|---|---|---|");
        report(
            "postmortem Markdown (verify + metrics + template)",
            markdown,
        );
        report("chart (samples + course + draw + PNG)", chart);
        report("`/postmortem` command (both, recorded)", command);
    });
}
