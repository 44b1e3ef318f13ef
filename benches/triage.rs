//! Triage benchmark of the whole process: the release `warroom` binary started as
//! `warroom --kubeconfig … console`, fed one `/triage service:…` line on stdin, until it exits;
//! its wall time (median and max over the runs) and its peak RSS (`wait4`'s `ru_maxrss` of that
//! process alone). The API server is the fake one serving a scenario, in a child process (this
//! binary, started with WARROOM_BENCH_SERVE). For the seed scenario the same run also times the
//! seed's kubectl runbook (10 commands) against the same server and prints the ratio.
//!
//! Run: `cargo bench --bench triage [seed|10k]` (numbers go to BENCHMARKS.md). `KUBECTL` picks
//! the kubectl binary (default `kubectl`).

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use warroom::demo::apiserver::{FakeApiServer, Scenario};
use warroom::demo::scenario::{FailureMode, ScenarioBuilder};
use warroom::demo::seed;

struct Case {
    name: &'static str,
    workload: &'static str,
    runs: usize,
    /// Time the seed's kubectl runbook against the same server.
    runbook: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "seed",
        workload: "payment-service",
        runs: 21,
        runbook: true,
    },
    Case {
        name: "10k",
        workload: "checkout",
        runs: 5,
        runbook: false,
    },
];

fn scenario(name: &str) -> Scenario {
    match name {
        "seed" => seed::seed_scenario_at(chrono::Utc::now()),
        _ => {
            // 10,000 pods in one namespace: 3,000 of them crash-looping in one workload. Its
            // clock is now, so that the 50,000 events fall within the events window of a
            // triage run today (the console triages at the real time).
            let mut builder = ScenarioBuilder::new()
                .at(chrono::Utc::now())
                .namespace("production")
                .workload("checkout", 3_000, FailureMode::OomKilled)
                .workload("worker", 500, FailureMode::Exit(1));
            for i in 0..13 {
                builder = builder.workload(&format!("web-{i}"), 500, FailureMode::Healthy);
            }
            builder
                .warning_events(50_000)
                .nodes(20)
                .memory_pressure(4)
                .build()
                .expect("generated scenario")
        }
    }
}

/// Child mode: serve one scenario, print its URL, exit when stdin closes.
fn serve(name: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let server = FakeApiServer::start(scenario(name))
            .await
            .expect("start fake API server");
        println!("{}", server.url());
        let mut lines = BufReader::new(std::io::stdin()).lines();
        while let Some(Ok(_)) = tokio::task::block_in_place(|| lines.next()) {}
    });
}

/// A kubeconfig with one context, `bench`, for the server at `url`.
fn kubeconfig(dir: &Path, url: &str) -> PathBuf {
    let path = dir.join("kubeconfig");
    let text = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: bench\nclusters:\n- name: bench\n  \
         cluster:\n    server: {url}\ncontexts:\n- name: bench\n  context:\n    cluster: bench\n    \
         user: bench\nusers:\n- name: bench\n  user: {{}}\n"
    );
    std::fs::write(&path, text).expect("write kubeconfig");
    path
}

/// Waits for `child`; its wall time is measured by the caller, its peak RSS (KiB) comes from
/// `wait4`, which reports on that one process.
fn wait_peak_kib(child: Child) -> (i32, i64) {
    let pid = i32::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers to locals; the child is not waited for anywhere else.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    (status, usage.ru_maxrss)
}

/// One whole `warroom console` run of `line`; wall time, peak RSS (KiB) and stdout.
fn warroom_once(config: &Path, db: &str, line: &str) -> (Duration, i64, String) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--kubeconfig"])
        .arg(config)
        .args(["--database-url", db, "console"])
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start warroom");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{line}").expect("write the command");
    drop(stdin);
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("stdout");
    std::io::Read::read_to_string(&mut stdout, &mut out).expect("read the reply");
    let (status, peak) = wait_peak_kib(child);
    let elapsed = started.elapsed();
    assert_eq!(status, 0, "warroom failed:\n{out}");
    (elapsed, peak, out)
}

/// The seed's runbook: what an SRE types to learn what one `/triage` reports, each command with
/// words its answer must hold (the check that kubectl got the real answer, not an error).
fn runbook(config: &Path, cache: &Path, pod: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let ns = "production";
    let commands: [(&[&str], &[&str]); 10] = [
        (
            &[
                "get",
                "pods",
                "-n",
                ns,
                "-l",
                "app=payment-service",
                "-o",
                "wide",
            ],
            &["NOMINATED NODE", pod, "CrashLoopBackOff", "node-"],
        ),
        (
            &["describe", "pod", pod, "-n", ns],
            &["Last State:", "Terminated", "Events:", "BackOff"],
        ),
        (
            &[
                "logs",
                pod,
                "-n",
                ns,
                "-c",
                "payment",
                "--previous",
                "--tail=200",
            ],
            &["ERROR"],
        ),
        (
            &[
                "get",
                "events",
                "-n",
                ns,
                "--field-selector",
                "type=Warning",
            ],
            &["LAST SEEN", "Warning", "BackOff", "pod/payment-service-"],
        ),
        (
            &["describe", "node", "node-5"],
            &[
                "Name:               node-5",
                "Conditions:",
                "Non-terminated Pods:",
            ],
        ),
        (
            &["get", "pvc", "-n", ns, "-o", "wide"],
            &["STATUS", "VOLUME", "Bound"],
        ),
        (
            &["get", "networkpolicy", "-n", ns, "-o", "yaml"],
            &["kind: NetworkPolicy", "podSelector:"],
        ),
        (
            &[
                "get",
                "deployment",
                "payment-service",
                "-n",
                ns,
                "-o",
                "yaml",
            ],
            &[
                "kind: Deployment",
                "name: payment-service",
                "livenessProbe:",
            ],
        ),
        (
            &["get", "replicasets", "-n", ns, "-l", "app=payment-service"],
            &["DESIRED", "payment-service-"],
        ),
        (
            &["get", "service,endpointslices", "-n", "cache"],
            &["service/", "endpointslice.discovery.k8s.io/", "PORT(S)"],
        ),
    ];
    commands
        .iter()
        .map(|(args, expect)| {
            let mut full: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            full.push("--kubeconfig".into());
            full.push(config.display().to_string());
            full.push("--cache-dir".into());
            full.push(cache.display().to_string());
            (full, expect.iter().map(|e| e.to_string()).collect())
        })
        .collect()
}

/// Runs the runbook once and checks every answer: each command must exit 0 and print the
/// words its answer holds. Panics, with the command's output, when one does not.
fn runbook_checked(kubectl: &str, commands: &[(Vec<String>, Vec<String>)]) {
    for (args, expect) in commands {
        let out = Command::new(kubectl)
            .args(args)
            .output()
            .expect("start kubectl");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let missing: Vec<&String> = expect.iter().filter(|e| !stdout.contains(*e)).collect();
        assert!(
            out.status.success() && missing.is_empty(),
            "kubectl {} did not give the real answer (status {}, missing {missing:?}):\n{stdout}\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr),
        );
    }
}

/// Runs the runbook once; its wall time (output discarded, as a terminal would show it).
fn runbook_once(kubectl: &str, commands: &[(Vec<String>, Vec<String>)]) -> Duration {
    let started = Instant::now();
    for (args, _) in commands {
        let ok = Command::new(kubectl)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kubectl {} failed", args.join(" "));
    }
    started.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// How many names of `assets/symbol-order.txt` the measured binary defines (read with `nm`),
/// and how many it lists. A stale list leaves the hot code less compact, which the bench shows
/// only as a larger peak RSS (BENCHMARKS.md says how to make it anew).
fn symbol_order_matched(binary: &str) -> Option<(usize, usize)> {
    let list = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/symbol-order.txt"
    ))
    .ok()?;
    let nm = Command::new("nm")
        .args(["--defined-only", binary])
        .output()
        .ok()?;
    let defined: HashSet<&str> = std::str::from_utf8(&nm.stdout)
        .ok()?
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2))
        .collect();
    let names: Vec<&str> = list.lines().collect();
    let matched = names.iter().filter(|name| defined.contains(*name)).count();
    Some((matched, names.len()))
}

fn main() {
    if let Ok(name) = std::env::var("WARROOM_BENCH_SERVE") {
        serve(&name);
        return;
    }
    if let Some((matched, listed)) = symbol_order_matched(env!("CARGO_BIN_EXE_warroom")) {
        eprintln!(
            "symbol order: the binary defines {matched} of the {listed} functions in \
             assets/symbol-order.txt (make the list anew when a few dozen are missing)"
        );
    }
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let kubectl = std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".into());
    println!(
        "| case | runs | warroom median | warroom max | warroom peak RSS | kubectl runbook median | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for case in CASES
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
    {
        let dir = tempfile::tempdir().expect("temp dir");
        let exe = std::env::current_exe().expect("own path");
        let mut server = Command::new(exe)
            .env("WARROOM_BENCH_SERVE", case.name)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let to_server = server.stdin.take().expect("stdin");
        let mut url = String::new();
        BufReader::new(server.stdout.take().expect("stdout"))
            .read_line(&mut url)
            .expect("server URL");
        let config = kubeconfig(dir.path(), url.trim());
        let db = format!("sqlite://{}", dir.path().join("w.db").display());
        let line = format!("/triage service:{} namespace:production", case.workload);
        // Warm-up: creates the database, as a running bot has.
        let (_, _, report) = warroom_once(&config, &db, &line);
        assert!(report.contains("## Triage"), "no report:\n{report}");
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..case.runs {
            let (t, kib, _) = warroom_once(&config, &db, &line);
            times.push(t);
            peak = peak.max(kib);
        }
        let max = times.iter().max().copied().unwrap_or_default();
        let warroom = median(&mut times);
        let (runbook_median, ratio) = if case.runbook {
            let cache = dir.path().join("kube-cache");
            let pod = report
                .split("kubectl logs ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .expect("a pod named in the report")
                .to_string();
            let commands = runbook(&config, &cache, &pod);
            // Also fills kubectl's discovery cache, as an SRE's warm one is.
            runbook_checked(&kubectl, &commands);
            let mut kubectl_times: Vec<Duration> =
                (0..5).map(|_| runbook_once(&kubectl, &commands)).collect();
            let k = median(&mut kubectl_times);
            eprintln!("runbook: {} commands, every answer checked", commands.len());
            (
                ms(k),
                format!("{:.1}×", k.as_secs_f64() / warroom.as_secs_f64()),
            )
        } else {
            ("—".into(), "—".into())
        };
        println!(
            "| {} | {} | {} | {} | {:.1} MiB | {runbook_median} | {ratio} |",
            case.name,
            case.runs,
            ms(warroom),
            ms(max),
            peak as f64 / 1024.0,
        );
        drop(to_server);
        let _ = server.wait();
    }
}
