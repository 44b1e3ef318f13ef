//! HTTP interactions endpoint benchmark: a loopback load of 200 signed requests a second for
//! 10 s (half PING, half `/note` commands that write the timeline and are edited in over REST),
//! printing p50/p99 of the first response and the endpoint process's memory (VmRSS idle before
//! and after the load, VmHWM peak). The endpoint runs in a child process (this binary, started
//! with WARROOM_BENCH_SERVE) so the load generator and the fake Discord do not count against it.
//!
//! Run: `cargo bench --bench http_latency` (numbers go to BENCHMARKS.md).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use warroom::app::{App, Clock};
use warroom::chat::discord::interactions::{Endpoint, serve};
use warroom::chat::discord::{Discord, rest_client};
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

const SEED: &str = "bf7ad210042f9a18c2c632a8a6e785ae028c237a822c28ad32f47010a3e299ff";
const PUBLIC_KEY: &str = "7deb15649a161c3d187c4dbb4ea29f47b9f7d5cdfddbff79a5976270045844c1";
const APP_ID: u64 = 1248093577216442398;
const CHANNEL: &str = "1382358376775811085";
const RATE: u64 = 200;
const SECONDS: u64 = 10;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/discord/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match std::env::var("WARROOM_BENCH_SERVE") {
        Ok(fake_url) => runtime.block_on(endpoint(&fake_url)),
        Err(_) => runtime.block_on(load()),
    }
}

/// The child: the endpoint on a temp SQLite database with an open incident, until stdin closes.
async fn endpoint(fake_url: &str) {
    tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_writer(std::io::stderr)
        .init();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    let app = App::test(Store::connect(&db).await.expect("database"), Clock::System);
    let opened = handle(
        &app,
        &Invocation {
            actor: Actor {
                id: "1".into(),
                name: "bench".into(),
                roles: vec![],
            },
            channel: CHANNEL.into(),
            input: Input::Line(
                "/incident open title:\"Bench\" severity:sev3 services:payment-service".into(),
            ),
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!opened.is_error, "{}", opened.markdown);
    let http = rest_client("bench-token", Some(APP_ID), fake_url);
    let discord = Arc::new(Discord::new(Arc::new(app), Arc::new(http)).expect("discord"));
    let endpoint = Arc::new(Endpoint::new(discord, PUBLIC_KEY).expect("key"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    println!("PORT {}", listener.local_addr().expect("addr").port());
    tokio::spawn(serve(listener, endpoint, std::future::pending()));
    tokio::task::spawn_blocking(|| std::io::stdin().lines().count())
        .await
        .expect("stdin");
}

/// A fake Discord REST API: answers every call with a message and counts the replies (edits of
/// deferred responses, or private follow-ups of errors). Returns its base URL and the counter.
async fn fake_discord() -> (String, Arc<AtomicUsize>) {
    let replies = Arc::new(AtomicUsize::new(0));
    let counter = replies.clone();
    let router = Router::new().fallback(move |method: Method| {
        let counter = counter.clone();
        async move {
            if method == Method::DELETE {
                return StatusCode::NO_CONTENT.into_response();
            }
            if method == Method::PATCH || method == Method::POST {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            axum::Json(json!({
                "id": "1382371295232131102", "channel_id": CHANNEL,
                "author": { "id": "1248093577216442398", "username": "warroom", "discriminator": "0",
                            "avatar": null, "bot": true, "global_name": null, "public_flags": 0 },
                "content": "", "timestamp": "2026-11-26T14:50:00.000000+00:00",
                "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
                "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
                "flags": 0, "components": []
            }))
            .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the fake Discord");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, replies)
}

/// `VmRSS` and `VmHWM` of a process, in KiB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn signed(body: &[u8]) -> (String, String) {
    let key = SigningKey::from_bytes(
        &hex::decode(SEED)
            .expect("hex")
            .try_into()
            .expect("32 bytes"),
    );
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .to_string();
    let sig = hex::encode(key.sign(&[ts.as_bytes(), body].concat()).to_bytes());
    (sig, ts)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn load() {
    let (fake_url, replies) = fake_discord().await;
    let mut child = Command::new(std::env::current_exe().expect("this binary"))
        .env("WARROOM_BENCH_SERVE", &fake_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the endpoint");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port line");
    let port: u16 = line
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .expect("PORT n");
    let url = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let ping = serde_json::to_vec(&fixture("ping.json")).expect("json");
    let mut note = fixture("cmd_note_with_attachment.json");
    note["channel_id"] = json!(CHANNEL);
    note["data"]["options"] =
        json!([{ "name": "text", "type": 3, "value": "bench note: heap at 1.9 GiB" }]);
    let note = serde_json::to_vec(&note).expect("json");

    tokio::time::sleep(Duration::from_millis(500)).await;
    let (idle_rss, _) = memory(child.id());
    let total = RATE * SECONDS;
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / RATE));
    let mut tasks = Vec::with_capacity(total as usize);
    let started = Instant::now();
    for i in 0..total {
        tick.tick().await;
        let body = if i % 2 == 0 {
            ping.clone()
        } else {
            note.clone()
        };
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let (sig, ts) = signed(&body);
            let sent = Instant::now();
            let res = client
                .post(format!("{url}/interactions"))
                .header("content-type", "application/json")
                .header("x-signature-ed25519", sig)
                .header("x-signature-timestamp", ts)
                .body(body)
                .send()
                .await;
            let ok = matches!(&res, Ok(r) if r.status().is_success());
            (sent.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0;
    for t in tasks {
        let (took, ok) = t.await.expect("request task");
        if ok {
            latencies.push(took);
        } else {
            failed += 1;
        }
    }
    let elapsed = started.elapsed();
    let commands = total / 2;
    let deadline = Instant::now() + Duration::from_secs(30);
    while (replies.load(Ordering::Relaxed) as u64) < commands && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivered = replies.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (after_rss, peak) = memory(child.id());
    let metrics = client
        .get(format!("{url}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    let stat = |name: &str| {
        metrics
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let final_mean = stat("warroom_discord_response_seconds_sum{stage=\"final\"}")
        / stat("warroom_discord_response_seconds_count{stage=\"final\"}").max(1.0);
    drop(child.stdin.take());
    let _ = child.wait();

    latencies.sort();
    println!(
        "http_latency: {} requests in {:.1} s ({} failed), {RATE}/s offered, half PING half /note",
        total,
        elapsed.as_secs_f64(),
        failed
    );
    if !latencies.is_empty() {
        println!(
            "  first response: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies[latencies.len() - 1].as_secs_f64() * 1e3
        );
    }
    println!(
        "  final reply over REST: {delivered}/{commands} delivered, mean {:.1} ms after receipt",
        final_mean * 1e3
    );
    for line in metrics
        .lines()
        .filter(|l| l.starts_with("warroom_discord_interactions_total"))
    {
        println!("  {line}");
    }
    println!(
        "  endpoint memory: VmRSS idle {} KiB before, {} KiB after; VmHWM {} KiB",
        idle_rss, after_rss, peak
    );
    std::io::stdout().flush().expect("flush");
}
