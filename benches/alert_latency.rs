//! Alert latency benchmark: from Alertmanager's webhook request to the alert card, with the
//! triage of its workload, reaching Discord. warroom runs in-process on a temp SQLite database
//! with the built-in seed cluster (the seed-size scenario) and a fake Discord that timestamps
//! every card it receives. Two phases:
//! 1. latency: 200 alerts one after another, each its own group and (with
//!    `triage_interval_secs = 0`) its own triage of payment-service; p50/p99 of received → card
//!    posted (target: p99 ≤ 1 s);
//! 2. storm: 100 alerts across 30 workloads sent within one second; every request answered,
//!    every card posted, and the most triages at once against `max_concurrent_triages`.
//!
//! Run: `cargo bench --bench alert_latency` (numbers go to BENCHMARKS.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::Method;
use serde_json::{Value, json};
use warroom::alerts::{AlertsConfig, Receiver, Routes};
use warroom::app::{App, Clock};
use warroom::chat::discord::interactions::{Endpoint, serve};
use warroom::chat::discord::{Discord, rest_client};
use warroom::store::Store;

const PUBLIC_KEY: &str = "7deb15649a161c3d187c4dbb4ea29f47b9f7d5cdfddbff79a5976270045844c1";
const APP_ID: u64 = 1248093577216442398;
const CHANNEL: &str = "1382358376775811085";
const TOKEN: &str = "bench-alerts-token";
const SEQUENTIAL: usize = 200;
const STORM: usize = 100;
const WORKLOADS: usize = 30;
const MAX_CONCURRENT: usize = 4;
const SEED_ALERT: &str = include_str!("../src/demo/seed/alertmanager-firing.json");

/// When each card (by its title) reached the fake Discord.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(run());
}

/// A fake Discord that answers every call with a message and notes when each card arrived.
async fn fake_discord() -> (String, Arrivals) {
    let arrivals: Arrivals = Arc::default();
    let router = Router::new()
        .fallback(
            |State(arrivals): State<Arrivals>, method: Method, body: axum::body::Bytes| async move {
                let body = message(&body);
                if method == Method::POST
                    && let Some(title) = body["embeds"][0]["title"].as_str()
                {
                    arrivals
                        .lock()
                        .expect("arrivals")
                        .insert(title.to_string(), Instant::now());
                }
                axum::Json(json!({
                    "id": "1382371295232131102", "channel_id": CHANNEL,
                    "author": { "id": "1248093577216442398", "username": "warroom",
                                "discriminator": "0", "avatar": null, "bot": true,
                                "global_name": null, "public_flags": 0 },
                    "content": "", "timestamp": "2026-11-26T14:50:00.000000+00:00",
                    "edited_timestamp": null, "tts": false, "mention_everyone": false,
                    "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
                    "pinned": false, "type": 0, "flags": 0, "components": []
                }))
            },
        )
        .with_state(arrivals.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the fake Discord");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, arrivals)
}

/// The message of a request: its JSON body, or the `payload_json` part of a multipart body (a
/// card with its triage's picture attached).
fn message(body: &[u8]) -> Value {
    if let Ok(json) = serde_json::from_slice(body) {
        return json;
    }
    let find =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|w| w == needle);
    let Some(part) = find(body, b"name=\"payload_json\"").map(|at| &body[at..]) else {
        return Value::Null;
    };
    let Some(data) = find(part, b"\r\n\r\n").map(|at| &part[at + 4..]) else {
        return Value::Null;
    };
    serde_json::Deserializer::from_slice(data)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default()
}

/// An alert named `name` for `service`, its own group.
fn payload(name: &str, service: &str) -> String {
    let mut p: Value = serde_json::from_str(SEED_ALERT).expect("the seed alert");
    p["groupKey"] = format!("{{}}:{{alertname=\"{name}\"}}").into();
    p["alerts"][0]["labels"]["alertname"] = name.into();
    p["alerts"][0]["labels"]["service"] = service.into();
    p.to_string()
}

/// Waits until the card titled `title` arrived; `None` after 30 s.
async fn arrival(arrivals: &Arrivals, title: &str) -> Option<Instant> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(at) = arrivals.lock().expect("arrivals").get(title) {
            return Some(*at);
        }
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    None
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run() {
    let (fake_url, arrivals) = fake_discord().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    let (_cluster, clusters) = warroom::demo::demo_cluster("prod-cluster-01", chrono::Utc::now())
        .await
        .expect("the seed cluster");
    let app = App {
        clusters: Some(clusters),
        ..App::test(Store::connect(&db).await.expect("database"), Clock::System)
    };
    let http = rest_client("bench-token", Some(APP_ID), &fake_url);
    let discord = Arc::new(Discord::new(Arc::new(app), Arc::new(http)).expect("discord"));
    let config = AlertsConfig {
        default_channel: Some(CHANNEL.into()),
        triage_interval_secs: 0,
        max_concurrent_triages: MAX_CONCURRENT,
        ..AlertsConfig::default()
    };
    let receiver = Arc::new(Receiver::new(TOKEN, Routes::new(&config).expect("routes")));
    let endpoint = Arc::new(
        Endpoint::new(discord, PUBLIC_KEY)
            .expect("key")
            .with_alerts(receiver.clone()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/alerts/alertmanager",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(serve(listener, endpoint, std::future::pending()));
    let client = reqwest::Client::new();
    let post = |body: String| client.post(&url).bearer_auth(TOKEN).body(body).send();

    let mut latencies = Vec::with_capacity(SEQUENTIAL);
    for i in 0..SEQUENTIAL {
        let name = format!("Latency{i}");
        let sent = Instant::now();
        let answered = post(payload(&name, "payment-service")).await;
        assert!(answered.is_ok_and(|r| r.status().is_success()));
        let at = arrival(&arrivals, &format!("🔥 FIRING · {name}"))
            .await
            .expect("the card was posted");
        latencies.push(at - sent);
    }
    latencies.sort();
    println!(
        "alert received → card with triage posted, {SEQUENTIAL} alerts one after another: \
         p50 {:?}, p99 {:?}, max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );

    let start = Instant::now();
    let gap = Duration::from_secs(1) / STORM as u32;
    let mut answers = Vec::with_capacity(STORM);
    for i in 0..STORM {
        let body = payload(&format!("Storm{i}"), &format!("svc-{}", i % WORKLOADS));
        answers.push(tokio::spawn(post(body)));
        tokio::time::sleep(gap).await;
    }
    let mut answered = 0;
    for a in answers {
        if a.await
            .is_ok_and(|r| r.is_ok_and(|r| r.status().is_success()))
        {
            answered += 1;
        }
    }
    let mut last = start;
    for i in 0..STORM {
        if let Some(at) = arrival(&arrivals, &format!("🔥 FIRING · Storm{i}")).await {
            last = last.max(at);
        }
    }
    let posted = (0..STORM)
        .filter(|i| {
            arrivals
                .lock()
                .expect("arrivals")
                .contains_key(&format!("🔥 FIRING · Storm{i}"))
        })
        .count();
    println!(
        "storm of {STORM} alerts over {WORKLOADS} workloads sent within 1 s: {answered} answered \
         200, {posted} cards posted, last card {:?} after the first request; at most {} triages \
         at once (max_concurrent_triages = {MAX_CONCURRENT})",
        last - start,
        receiver.triages.peak()
    );
}
