//! Watch benchmark: the pure core of `/watch` over 3,000 pods (issue 11's targets: ≤ 30 MiB
//! extra RSS, 1,000 pod updates/s). The pods are the seed's payment-service pod (its real
//! API-server JSON) under 3,000 names. Phase 1 decodes the list in pages of 500, as the watch
//! lists, into the watch's state; phase 2 feeds 60,000 `MODIFIED` events — each decoded from
//! its JSON line as the watch does — with a count and a decision after every 500 (one round);
//! the RSS added over the process's baseline (inputs built first) is read from /proc.
//!
//! Run: `cargo bench --bench watch` (numbers go to BENCHMARKS.md).

use std::collections::BTreeSet;
use std::time::Instant;

use chrono::{DateTime, Duration};
use k8s_openapi::api::core::v1::Pod;
use kube::api::WatchEvent;
use serde_json::Value;
use warroom::cluster::snapshot::ClusterPod;
use warroom::watch::{PodEvent, PodView, Pods, Told, decide};

const PODS: usize = 3_000;
const PAGE: usize = 500;
const UPDATES: usize = 60_000;
const ROUND: usize = 500;
const SEED_PODS: &str = include_str!("../src/demo/seed/pods.json");

/// This process's resident set and its peak, in KiB (`VmRSS`, `VmHWM`).
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
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

/// The seed's first payment-service pod as `name`, ready or crash-looping.
fn pod_json(template: &Value, name: &str, ready: bool, version: usize) -> String {
    let mut pod = template.clone();
    pod["metadata"]["name"] = name.into();
    pod["metadata"]["resourceVersion"] = version.to_string().into();
    let status = if ready { "True" } else { "False" };
    for c in pod["status"]["conditions"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if c["type"] == "Ready" {
            c["status"] = status.into();
        }
    }
    pod.to_string()
}

fn main() {
    let seed: Value = serde_json::from_str(SEED_PODS).expect("seed pods");
    let template = seed["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|p| p["metadata"]["labels"]["app"] == "payment-service")
        })
        .expect("a payment-service pod")
        .clone();
    let names: Vec<String> = (0..PODS)
        .map(|i| format!("payment-service-7d9c8b6f5d-{i:05}"))
        .collect();
    let pages: Vec<String> = names
        .chunks(PAGE)
        .map(|chunk| {
            let items: Vec<String> = chunk
                .iter()
                .map(|n| pod_json(&template, n, false, 1))
                .collect();
            format!(
                r#"{{"kind":"PodList","apiVersion":"v1","metadata":{{"resourceVersion":"1"}},"items":[{}]}}"#,
                items.join(",")
            )
        })
        .collect();
    // Update lines are built on the fly from two templates (ready / not ready): only the
    // name and version differ, as in a real stream.
    let event = |ready: bool| {
        let line = pod_json(&template, "NAME", ready, 0);
        format!(r#"{{"type":"MODIFIED","object":{line}}}"#)
    };
    let (ready_event, failing_event) = (event(true), event(false));
    let (base_rss, base_hwm) = rss();

    let started = Instant::now();
    let mut views = Vec::with_capacity(PODS);
    for page in &pages {
        let list: k8s_openapi::List<Pod> = serde_json::from_str(page).expect("a pod list");
        views.extend(
            (list.items.into_iter()).filter_map(|p| {
                Some((p.metadata.name.clone()?, PodView::of(&ClusterPod::from(p))))
            }),
        );
    }
    let mut pods = Pods::from_list(views);
    let listed = started.elapsed();
    let counts = pods.counts();
    assert_eq!((counts.total, counts.failing), (PODS as i64, PODS as i64));
    let mut told = Told::start(&counts, &BTreeSet::new());
    let (list_rss, _) = rss();

    let at = DateTime::from_timestamp(1_795_700_000, 0).expect("a time");
    let mut posts = 0;
    let started = Instant::now();
    for i in 0..UPDATES {
        let name = &names[(i * 7919) % PODS];
        let template = if i % 3 == 0 {
            &failing_event
        } else {
            &ready_event
        };
        let line = template
            .replacen("\"NAME\"", &format!("\"{name}\""), 1)
            .replacen(
                "\"resourceVersion\":\"0\"",
                &format!("\"resourceVersion\":\"{}\"", i + 2),
                1,
            );
        match serde_json::from_str::<WatchEvent<Pod>>(&line).expect("an event") {
            WatchEvent::Modified(pod) => pods.apply(PodEvent::Upsert(
                pod.metadata.name.clone().unwrap_or_default(),
                PodView::of(&ClusterPod::from(pod)),
            )),
            other => panic!("unexpected {other:?}"),
        }
        if (i + 1) % ROUND == 0 {
            let now = at + Duration::seconds(15 * ((i + 1) / ROUND) as i64);
            let counts = pods.counts();
            posts += usize::from(decide(&mut told, &counts, &BTreeSet::new(), 5, now).is_some());
        }
    }
    let fed = started.elapsed();
    let (end_rss, end_hwm) = rss();
    let per_sec = UPDATES as f64 / fed.as_secs_f64();
    println!(
        "watch over {PODS} pods ({} KiB of list JSON)",
        pages.iter().map(String::len).sum::<usize>() / 1024
    );
    println!(
        "  list decoded into the watch's state: {:.1} ms",
        listed.as_secs_f64() * 1e3
    );
    println!(
        "  {UPDATES} updates in {:.2} s: {per_sec:.0} updates/s (target ≥ 1,000), {posts} posts",
        fed.as_secs_f64()
    );
    println!(
        "  RSS over the baseline: {:.1} MiB after the list, {:.1} MiB after the updates, peak {:.1} MiB (target ≤ 30 MiB)",
        (list_rss.saturating_sub(base_rss)) as f64 / 1024.0,
        (end_rss.saturating_sub(base_rss)) as f64 / 1024.0,
        (end_hwm.saturating_sub(base_hwm.max(base_rss))) as f64 / 1024.0,
    );
    drop(pods);
}
