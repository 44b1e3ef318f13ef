//! Triage benchmark: wall time, API requests and peak memory of `/triage service:…` (gather +
//! diagnose + render) against the seed scenario and generated namespaces of 1,000 and 10,000
//! pods with 50,000 events. The fake API server runs in a child process (this binary, started
//! with WARROOM_BENCH_SERVE) so its memory does not count against the bot's.
//!
//! Run: `cargo bench --bench triage` (numbers go to BENCHMARKS.md).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use warroom::cluster::{ClusterSpec, Clusters, Identity, Target, queries};
use warroom::demo::apiserver::{FakeApiServer, Scenario};
use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
use warroom::demo::seed;
use warroom::diagnose;

struct Case {
    name: &'static str,
    workload: &'static str,
    runs: usize,
}

const CASES: &[Case] = &[
    Case {
        name: "seed",
        workload: "payment-service",
        runs: 20,
    },
    Case {
        name: "1k",
        workload: "checkout",
        runs: 10,
    },
    Case {
        name: "10k",
        workload: "checkout",
        runs: 5,
    },
];

fn scenario(name: &str) -> Scenario {
    let generated = |pods: usize, events: usize| {
        ScenarioBuilder::new()
            .namespace("production")
            .workload("checkout", pods, FailureMode::OomKilled)
            .warning_events(events)
            .nodes(20)
            .memory_pressure(4)
            .build()
            .expect("generated scenario")
    };
    match name {
        "seed" => seed::seed_scenario(),
        "1k" => generated(1_000, 5_000),
        _ => generated(10_000, 50_000),
    }
}

/// Child mode: serve one scenario, print its URL, answer "count" with the number of requests
/// seen so far, exit when stdin closes.
fn serve(name: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let server = FakeApiServer::start(scenario(name))
            .await
            .expect("start fake API server");
        println!("{}", server.url());
        let mut lines = BufReader::new(std::io::stdin()).lines();
        while let Some(Ok(line)) = tokio::task::block_in_place(|| lines.next()) {
            if line == "count" {
                let requests = server.requests();
                let logs = requests.iter().filter(|r| r.path.ends_with("/log")).count();
                println!("{} {}", requests.len() - logs, logs);
            }
        }
    });
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    if let Ok(name) = std::env::var("WARROOM_BENCH_SERVE") {
        serve(&name);
        return;
    }
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "| case | pods read | events read | runs | median | max | API requests per triage (list/get + logs) | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for case in CASES
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
    {
        let exe = std::env::current_exe().expect("own path");
        let mut child = Command::new(exe)
            .env("WARROOM_BENCH_SERVE", case.name)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut to_child = child.stdin.take().expect("stdin");
        let mut from_child = BufReader::new(child.stdout.take().expect("stdout"));
        let mut url = String::new();
        from_child.read_line(&mut url).expect("server URL");
        let mut count = || {
            writeln!(to_child, "count").expect("ask count");
            let mut line = String::new();
            from_child.read_line(&mut line).expect("count");
            let mut parts = line
                .split_whitespace()
                .map(|p| p.parse::<usize>().unwrap_or(0));
            (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
        };
        let clusters =
            Clusters::new(vec![ClusterSpec::with_server("bench", url.trim())]).expect("cluster");
        let target = Target::Workload {
            name: case.workload.into(),
        };
        let triage = || async {
            let ro = clusters
                .get(None, &Identity::default())
                .await
                .expect("connect");
            let snapshot = queries::gather(&ro, "bench", &target, Some("production"))
                .await
                .expect("gather");
            let d = diagnose::diagnose(&snapshot);
            (snapshot.pods.len(), snapshot.events.len(), d.findings.len())
        };
        let (pods, events, _) = rt.block_on(triage());
        let (warm_gets, warm_logs) = count();
        // Reset the peak-RSS mark so the warm-up and scenario set-up do not count.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..case.runs {
            let t = Instant::now();
            rt.block_on(triage());
            times.push(t.elapsed());
        }
        times.sort();
        let (gets, logs) = count();
        println!(
            "| {} | {pods} | {events} | {} | {:.1} ms | {:.1} ms | {} + {} | {:.1} MiB |",
            case.name,
            case.runs,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            warm_gets,
            warm_logs,
            status_kib("VmHWM:") as f64 / 1024.0,
        );
        assert_eq!(
            (gets, logs),
            (warm_gets * (case.runs + 1), warm_logs * (case.runs + 1)),
            "every triage makes the same requests"
        );
        drop(to_child);
        let _ = child.wait();
    }
}
