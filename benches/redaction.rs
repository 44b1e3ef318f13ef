//! Redaction benchmark: what the cluster layer's redaction (`evidence::redact_json`) costs on
//! API-server bodies of 10,000 pods and 50,000 events, next to what decoding them costs anyway,
//! with no secret in them and with one planted in every 100th object.
//!
//! Run: `cargo bench --bench redaction` (numbers go to BENCHMARKS.md).

use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Event, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ListMeta;
use kube::core::ObjectList;
use serde::Serialize;
use serde::de::DeserializeOwned;
use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
use warroom::evidence::redact_json;

const RUNS: usize = 7;

/// A list body as the API server sends it.
fn list_body<K: Serialize + Clone>(kind: &str, items: &[K]) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "kind": kind,
        "apiVersion": "v1",
        "metadata": ListMeta::default(),
        "items": items,
    }))
    .expect("a list serializes")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn case<K: DeserializeOwned + Clone>(name: &str, body: &[u8]) {
    let mb = body.len() as f64 / 1_048_576.0;
    let mut changed = false;
    let redact = time(|| changed = matches!(redact_json(body), std::borrow::Cow::Owned(_)));
    let decode = time(|| {
        let list: ObjectList<K> = serde_json::from_slice(body).expect("the list decodes");
        std::hint::black_box(list);
    });
    println!(
        "| {name} | {mb:.1} MiB | {:.1} ms ({:.0} MiB/s) | {} | {:.1} ms |",
        redact.as_secs_f64() * 1000.0,
        mb / redact.as_secs_f64(),
        if changed { "yes" } else { "no (borrowed)" },
        decode.as_secs_f64() * 1000.0,
    );
}

fn main() {
    let objects = ScenarioBuilder::new()
        .workload("checkout", 10_000, FailureMode::OomKilled)
        .warning_events(50_000)
        .nodes(20)
        .objects()
        .expect("generated objects");
    let mut pods = objects.pods;
    let events: Vec<Event> = objects.events;
    println!("| body | size | redact_json (median of {RUNS}) | secrets found | serde decode |");
    println!("|---|---|---|---|---|");
    case::<Pod>("10,000 pods", &list_body("PodList", &pods));
    case::<Event>(
        &format!("{} events", events.len()),
        &list_body("EventList", &events),
    );
    for pod in pods.iter_mut().step_by(100) {
        pod.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(
                "kubernetes.io/change-cause".into(),
                "kubectl set env deploy/x DB_PASSWORD=hunter2 --token=ghp_16C7e42F292c6912E7710c838347Ae178B4a".into(),
            );
    }
    case::<Pod>(
        "10,000 pods, a secret in every 100th",
        &list_body("PodList", &pods),
    );
}
