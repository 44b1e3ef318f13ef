//! Exit codes: why containers last terminated (OOMKilled, liveness kill, SIGTERM, app error, ...).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Duration;
use k8s_openapi::api::core::v1::{ContainerStateTerminated, ContainerStatus, Pod};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text;
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::Snapshot;
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Terminations that finished longer ago than this before the snapshot are history, not news.
const RECENT: Duration = Duration::hours(24);

/// What an exit code means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Exit {
    OomKilled,
    ProbeKilled,
    Sigkill,
    Segfault,
    NotFound,
    NotExecutable,
    Runtime,
    AppError,
    Other(i32),
    Sigterm,
}

impl Exit {
    fn classify(t: &ContainerStateTerminated, liveness_killed: bool) -> Option<Exit> {
        let oom = t.reason.as_deref() == Some("OOMKilled");
        Some(match t.exit_code {
            0 if !oom => return None,
            137 | 0 if oom => Exit::OomKilled,
            137 if liveness_killed => Exit::ProbeKilled,
            137 => Exit::Sigkill,
            143 => Exit::Sigterm,
            1 => Exit::AppError,
            255 => Exit::Runtime,
            126 => Exit::NotExecutable,
            127 => Exit::NotFound,
            139 => Exit::Segfault,
            code => Exit::Other(code),
        })
    }

    /// How the title says it, always with the code: "OOMKilled (exit 137)".
    /// The name its title message selects on.
    fn key(self) -> &'static str {
        match self {
            Exit::OomKilled => "oom",
            Exit::ProbeKilled => "probe",
            Exit::Sigkill => "sigkill",
            Exit::Sigterm => "sigterm",
            Exit::AppError => "app",
            Exit::Runtime => "runtime",
            Exit::NotExecutable => "noexec",
            Exit::NotFound => "notfound",
            Exit::Segfault => "segv",
            Exit::Other(_) => "other",
        }
    }

    fn label(self) -> String {
        match self {
            Exit::OomKilled => "OOMKilled (exit 137)".into(),
            Exit::ProbeKilled => "killed by the liveness probe (exit 137, SIGKILL)".into(),
            Exit::Sigkill => "killed by SIGKILL (exit 137)".into(),
            Exit::Sigterm => "terminated by SIGTERM (exit 143)".into(),
            Exit::AppError => "exited with an application error (exit 1)".into(),
            Exit::Runtime => "failed with a container runtime error (exit 255)".into(),
            Exit::NotExecutable => "could not execute the command (exit 126)".into(),
            Exit::NotFound => "could not find the command (exit 127)".into(),
            Exit::Segfault => "crashed with a segmentation fault (exit 139, SIGSEGV)".into(),
            Exit::Other(code) => format!("exited with code {code}"),
        }
    }

    fn explain(self, limit: Option<&str>) -> String {
        match self {
            Exit::OomKilled => match limit {
                Some(l) => format!(
                    "The kernel's OOM killer stopped the container when its memory reached the \
                     {l} limit."
                ),
                None => "The kernel's OOM killer stopped the container; it has no memory \
                         limit, so the node itself ran out of memory."
                    .into(),
            },
            Exit::ProbeKilled => "The kubelet killed the container after its liveness probe \
                                  failed (Unhealthy / Killing events); this was not a memory kill."
                .into(),
            Exit::Sigkill => "Something sent SIGKILL without an OOM reason: an eviction, a \
                              grace period that ran out, or a manual kill."
                .into(),
            Exit::Sigterm => "The container was asked to stop (rollout, scale-down, eviction or \
                              drain) and exited on SIGTERM."
                .into(),
            Exit::AppError => "The application exited with status 1, an unhandled error; the \
                               previous container log tells which."
                .into(),
            Exit::Runtime => "Exit 255 comes from the container runtime or an entrypoint that \
                              exited with -1."
                .into(),
            Exit::NotExecutable => "The entrypoint exists but cannot be executed (permissions or \
                                    a binary for another architecture)."
                .into(),
            Exit::NotFound => "The entrypoint or command is not in the image.".into(),
            Exit::Segfault => "The process crashed on an invalid memory access (SIGSEGV) in \
                               native code."
                .into(),
            Exit::Other(code) => format!("The container exited with status {code}."),
        }
    }

    fn suggestion(self, container: &str, limit: Option<&str>, pod: &str, ns: &str) -> String {
        match self {
            Exit::OomKilled => {
                match limit.and_then(|l| super::quantity::doubled(l).map(|d| (l, d))) {
                    Some((l, d)) => format!(
                        "Raise resources.limits.memory of container {container} from {l} to {d} \
                     (requests to match), then find what grows: kubectl top pod -n {ns} --containers"
                    ),
                    None => format!(
                        "Set resources.requests.memory and limits.memory for container {container} \
                     so the scheduler reserves what it needs"
                    ),
                }
            }
            Exit::ProbeKilled => "Give the app time to start: add a startupProbe, or raise \
                                  livenessProbe.initialDelaySeconds and failureThreshold"
                .into(),
            Exit::Sigkill | Exit::Sigterm => format!(
                "See who stopped it (Evicted, Killing, rollouts, drains): \
                 kubectl get events -n {ns} --field-selector involvedObject.name={pod}"
            ),
            Exit::AppError | Exit::Other(_) => format!(
                "Read the crash in the previous container log: \
                 kubectl logs {pod} -n {ns} -c {container} --previous --tail=200"
            ),
            Exit::Runtime => format!(
                "Check the runtime's view: kubectl describe pod {pod} -n {ns}, and the node's \
                 kubelet/containerd logs (journalctl -u kubelet)"
            ),
            Exit::NotExecutable => "Make the entrypoint executable (chmod +x in the image) and \
                                    check that the image's architecture matches the node"
                .into(),
            Exit::NotFound => "Fix command/args or rebuild the image: the binary is not on the \
                               image's PATH"
                .into(),
            Exit::Segfault => "Look for a native crash: native libraries that do not match the \
                               image or architecture; read the previous log"
                .into(),
        }
    }
}

struct Hit<'a> {
    pod: &'a Pod,
    status: &'a ContainerStatus,
    term: &'a ContainerStateTerminated,
}

/// Pods (namespace, name) whose liveness probe failed or that the kubelet killed for it.
pub(crate) fn liveness_killed(s: &Snapshot) -> HashSet<(&str, &str)> {
    s.events
        .iter()
        .filter(|e| {
            let msg = e.message.as_deref().unwrap_or("");
            match e.reason.as_deref() {
                Some("Unhealthy") => msg.starts_with("Liveness probe failed"),
                Some("Killing") => msg.contains("failed liveness probe"),
                _ => false,
            }
        })
        .filter(|e| e.involved_object.kind.as_deref() == Some("Pod"))
        .filter_map(|e| {
            let o = &e.involved_object;
            let ns = o.namespace.as_deref().or(e.metadata.namespace.as_deref())?;
            Some((ns, o.name.as_deref()?))
        })
        .collect()
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let killed = liveness_killed(s);
    let mut groups: BTreeMap<(Exit, WorkloadRef, String), Vec<Hit>> = BTreeMap::new();
    for pod in &s.pods {
        let probe_killed = killed.contains(&(wl::namespace(pod), wl::name(pod)));
        for status in wl::container_statuses(pod) {
            let term = status
                .last_state
                .as_ref()
                .and_then(|st| st.terminated.as_ref())
                .or_else(|| status.state.as_ref().and_then(|st| st.terminated.as_ref()));
            let Some(term) = term else { continue };
            let finished = term.finished_at.as_ref().and_then(text::time);
            if let (Some(now), Some(f)) = (s.taken_at, finished)
                && now - f > RECENT
            {
                continue;
            }
            let Some(exit) = Exit::classify(term, probe_killed) else {
                continue;
            };
            groups
                .entry((exit, ix.workload(pod), status.name.clone()))
                .or_default()
                .push(Hit { pod, status, term });
        }
    }
    let mut out: Vec<((Exit, usize), Finding)> = groups
        .into_iter()
        .filter_map(|((exit, w, container), hits)| {
            let f = finding(s, exit, &w, &container, &hits)?;
            Some(((exit, usize::MAX - hits.len()), f))
        })
        .collect();
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, f)| f).collect()
}

/// The limit most of the group's pods run with.
fn common_limit<'a>(hits: &[Hit<'a>], container: &str) -> Option<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for h in hits {
        if let Some(l) = wl::container(h.pod, container).and_then(wl::memory_limit) {
            *counts.entry(l).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(l, _)| l)
}

fn finding(
    s: &Snapshot,
    exit: Exit,
    w: &WorkloadRef,
    container: &str,
    hits: &[Hit],
) -> Option<Finding> {
    let first = hits.first()?;
    let n = hits.len();
    let limit = common_limit(hits, container);
    let group = Group {
        exit,
        w,
        container,
        hits,
        limit,
    };
    let crash_looping = hits
        .iter()
        .any(|h| wl::waiting_reason(h.status) == Some("CrashLoopBackOff") || !wl::is_ready(h.pod));
    let severity = match (crash_looping, exit) {
        (true, _) => Severity::Critical,
        (false, Exit::Sigterm) => Severity::Info,
        (false, _) => Severity::Warning,
    };
    let signal = match exit {
        Exit::OomKilled => Signal::OomKilled {
            pods: n,
            memory_limit: limit.map(str::to_string),
        },
        Exit::ProbeKilled => Signal::ProbeKilled { pods: n },
        _ => Signal::Exited {
            code: first.term.exit_code,
            pods: n,
        },
    };

    let (pod, ns) = (wl::name(first.pod), w.namespace.as_str());
    let evidence = vec![
        Evidence::new(
            EvidenceKind::CommandOutput,
            format!("Last state of {pod}"),
            Some(&format!("kubectl describe pod {pod} -n {ns}")),
            &describe(first, limit),
        ),
        listing(w, first.pod, hits),
    ];
    Some(Finding {
        check: Check::ExitCodes,
        severity,
        signal,
        title: title(&group),
        detail: detail(s, &group).into(),
        subjects: hits
            .iter()
            .map(|h| format!("{}/{}", w.namespace, wl::name(h.pod)))
            .collect(),
        evidence,
        suggestion: Some(exit.suggestion(container, limit, pod, ns).into()),
    })
}

/// One workload container's hits of one exit, and the memory limit most of them ran with.
struct Group<'g, 'a> {
    exit: Exit,
    w: &'g WorkloadRef,
    container: &'g str,
    hits: &'g [Hit<'a>],
    limit: Option<&'a str>,
}

/// "3 web pods (container app) OOMKilled (exit 137) under a 2Gi memory limit".
fn title(g: &Group) -> Text {
    let many_containers = g.hits.first().is_some_and(|first| {
        first.pod.spec.as_ref().is_some_and(|sp| {
            sp.containers.len() + sp.init_containers.as_ref().map_or(0, Vec::len) > 1
        })
    });
    let code = g.hits.first().map_or(0, |h| h.term.exit_code);
    Msg::new("finding-exit-title")
        .arg("pods", g.hits.len())
        .arg("workload", g.w.name.as_str())
        .arg("containers", if many_containers { "many" } else { "one" })
        .arg("container", g.container)
        .arg("exit", g.exit.key())
        .arg("code", i64::from(code))
        .arg("limit", g.limit.unwrap_or("none"))
        .into()
}

/// The last termination, the restart counts, when it last happened and what the exit means.
fn detail(s: &Snapshot, g: &Group) -> String {
    let latest = g
        .hits
        .iter()
        .filter_map(|h| h.term.finished_at.as_ref().and_then(text::time))
        .max();
    let max_restarts = g
        .hits
        .iter()
        .map(|h| h.status.restart_count)
        .max()
        .unwrap_or(0);
    let mut detail = format!(
        "Last termination of container {} in {}/{}: {} in {}, restart count up to \
         {max_restarts}",
        g.container,
        g.w.namespace,
        g.w.name,
        g.exit.label(),
        text::count(g.hits.len(), "pod", "pods"),
    );
    if let Some(t) = latest {
        detail.push_str(&format!(", most recently at {}", text::when(t, s.taken_at)));
    }
    detail.push_str(". ");
    detail.push_str(&g.exit.explain(g.limit));
    detail
}

/// Pod, container, exit code and reason of every hit.
fn listing(w: &WorkloadRef, first: &Pod, hits: &[Hit]) -> Evidence {
    Evidence::new(
        EvidenceKind::CommandOutput,
        format!("Exit codes of {} {}", hits.len(), w.name),
        Some(&listing_command(first)),
        &text::lines_capped(
            None,
            hits.iter().map(|h| {
                format!(
                    "{}\t{}\t{}\t{}",
                    wl::name(h.pod),
                    h.status.name,
                    h.term.exit_code,
                    h.term.reason.as_deref().unwrap_or("")
                )
            }),
        ),
    )
}

fn listing_command(pod: &Pod) -> String {
    let sel = wl::selector_flag(pod).unwrap_or_default();
    format!(
        "kubectl get pods -n {} {sel} -o jsonpath='{{range .items[*]}}{{.metadata.name}}\
         {{\"\\t\"}}{{.status.containerStatuses[*].name}}{{\"\\t\"}}\
         {{.status.containerStatuses[*].lastState.terminated.exitCode}}{{\"\\t\"}}\
         {{.status.containerStatuses[*].lastState.terminated.reason}}{{\"\\n\"}}{{end}}'",
        wl::namespace(pod)
    )
    .replace("  ", " ")
}

/// The container section of `kubectl describe pod` for one hit.
fn describe(h: &Hit, limit: Option<&str>) -> String {
    let mut out = format!("Containers:\n  {}:\n", h.status.name);
    out.push_str(&format!("    Image:          {}\n", h.status.image));
    if let Some(reason) = wl::waiting_reason(h.status) {
        out.push_str(&format!(
            "    State:          Waiting\n      Reason:       {reason}\n"
        ));
    }
    out.push_str("    Last State:     Terminated\n");
    if let Some(r) = &h.term.reason {
        out.push_str(&format!("      Reason:       {r}\n"));
    }
    out.push_str(&format!("      Exit Code:    {}\n", h.term.exit_code));
    if let Some(t) = h.term.started_at.as_ref().and_then(text::time) {
        out.push_str(&format!("      Started:      {}\n", t.to_rfc3339()));
    }
    if let Some(t) = h.term.finished_at.as_ref().and_then(text::time) {
        out.push_str(&format!("      Finished:     {}\n", t.to_rfc3339()));
    }
    out.push_str(&format!("    Ready:          {}\n", h.status.ready));
    out.push_str(&format!("    Restart Count:  {}\n", h.status.restart_count));
    if let Some(l) = limit {
        out.push_str(&format!("    Limits:\n      memory:  {l}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnose::testdata;

    fn terminated(pod: &mut Value, code: i32, reason: &str, finished: &str) {
        pod["status"]["containerStatuses"][0]["restartCount"] = json!(2);
        pod["status"]["containerStatuses"][0]["lastState"] = json!({"terminated": {
            "exitCode": code, "reason": reason,
            "startedAt": "2026-11-26T18:00:00Z", "finishedAt": finished}});
    }

    #[test]
    fn seed_oom_kills_under_the_2gi_limit() {
        let f = testdata::seed_titles(
            analyze,
            "15 payment-service pods OOMKilled (exit 137) under a 2Gi memory limit
             13 order-service pods OOMKilled (exit 137) under a 2Gi memory limit
             4 order-service pods exited with an application error (exit 1)",
        );
        assert!(f.iter().all(|f| f.severity == Severity::Critical));
        let pay = &f[0];
        testdata::expect_detail(
            pay,
            "restart count up to 7
             reached the 2Gi limit",
        );
        testdata::expect_command(
            pay,
            0,
            "kubectl describe pod payment-service-7d9c8b6f5d-22mfr -n production",
        );
        testdata::expect_evidence(pay, 0, "Reason:       OOMKilled");
        testdata::expect_evidence(pay, 0, "Exit Code:    137");
        assert!(
            pay.evidence[1]
                .source_command()
                .unwrap()
                .contains("-l app=payment-service")
        );
        assert!(testdata::fix(pay).contains("from 2Gi to 4Gi"));
        assert_eq!(
            pay.signal,
            Signal::OomKilled {
                pods: 15,
                memory_limit: Some("2Gi".into())
            }
        );
    }

    /// The healthy namespace and one more web pod, running again after an OOMKill at `at`.
    fn with_oom_kill(at: &str) -> Snapshot {
        let mut s = testdata::healthy();
        let mut p = testdata::pod("web", 7, "node-1");
        terminated(&mut p, 137, "OOMKilled", at);
        s.pods.push(testdata::from(p));
        s
    }

    #[test]
    fn fires_alone_on_one_oom_killed_pod_that_recovered() {
        let s = with_oom_kill("2026-11-26T18:10:00Z");
        let f = testdata::lone(
            &s,
            Check::ExitCodes,
            "1 web pod OOMKilled (exit 137) under a 512Mi memory limit",
        );
        assert_eq!(f.severity, Severity::Warning);
        assert!(testdata::fix(&f).contains("from 512Mi to 1Gi"));
    }

    #[test]
    fn names_each_exit_code_and_tells_probe_kills_from_oom() {
        let mut s = testdata::healthy();
        let cases = [
            (
                137,
                "Error",
                "killed by the liveness probe (exit 137, SIGKILL)",
            ),
            (143, "Error", "terminated by SIGTERM (exit 143)"),
            (
                255,
                "Unknown",
                "failed with a container runtime error (exit 255)",
            ),
            (
                126,
                "ContainerCannotRun",
                "could not execute the command (exit 126)",
            ),
            (
                127,
                "ContainerCannotRun",
                "could not find the command (exit 127)",
            ),
            (
                139,
                "Error",
                "crashed with a segmentation fault (exit 139, SIGSEGV)",
            ),
        ];
        for (i, (code, reason, _)) in cases.iter().enumerate() {
            let mut p = testdata::pod(&format!("app{i}"), 1, "node-1");
            terminated(&mut p, *code, reason, "2026-11-26T18:10:00Z");
            s.pods.push(testdata::from(p));
        }
        s.events.push(testdata::from(testdata::event(
            "app0-6b7f9c5d4-00001",
            "Normal",
            "Killing",
            3,
            "Container app0 failed liveness probe, will be restarted",
        )));
        let titles = testdata::titles(analyze, &s);
        for (i, (_, _, label)) in cases.iter().enumerate() {
            assert!(
                titles.contains(&format!("1 app{i} pod {label}")),
                "{label} missing from {titles:?}"
            );
        }
    }

    #[test]
    fn ignores_terminations_older_than_a_day() {
        let s = with_oom_kill("2026-11-20T18:10:00Z");
        assert!(testdata::run(analyze, &s).is_empty());
    }

    #[test]
    fn healthy_namespace_has_no_exit_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
