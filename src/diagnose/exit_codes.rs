//! Exit codes: why containers last terminated (OOMKilled, liveness kill, SIGTERM, app error, ...).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Duration;
use k8s_openapi::api::core::v1::{ContainerStateTerminated, ContainerStatus};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text;
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::Snapshot;
use crate::cluster::snapshot::ClusterPod;
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

    /// The name the exit messages (title, label, explanation) select on.
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

    /// Why it stopped, in a sentence: "The kernel's OOM killer stopped the container …".
    fn explain(self, limit: Option<&str>, code: i32) -> Msg {
        Msg::new("exit-explain")
            .arg("exit", self.key())
            .arg("limit", limit.unwrap_or("none"))
            .arg("code", i64::from(code))
    }

    /// What to do about it, with the command that shows more.
    fn suggestion(self, container: &str, limit: Option<&str>, pod: &str, ns: &str) -> Msg {
        match self {
            Exit::OomKilled => {
                match limit.and_then(|l| super::quantity::doubled(l).map(|d| (l, d))) {
                    Some((l, d)) => Msg::new("exit-fix-oom-raise")
                        .arg("container", container)
                        .arg("limit", l)
                        .arg("doubled", d)
                        .arg("command", format!("kubectl top pod -n {ns} --containers")),
                    None => Msg::new("exit-fix-oom-set").arg("container", container),
                }
            }
            Exit::ProbeKilled => Msg::new("exit-fix-probe"),
            Exit::Sigkill | Exit::Sigterm => Msg::new("exit-fix-stopped").arg(
                "command",
                format!("kubectl get events -n {ns} --field-selector involvedObject.name={pod}"),
            ),
            Exit::AppError | Exit::Other(_) => Msg::new("exit-fix-log").arg(
                "command",
                format!("kubectl logs {pod} -n {ns} -c {container} --previous --tail=200"),
            ),
            Exit::Runtime => Msg::new("exit-fix-runtime")
                .arg("command", format!("kubectl describe pod {pod} -n {ns}")),
            Exit::NotExecutable => Msg::new("exit-fix-noexec"),
            Exit::NotFound => Msg::new("exit-fix-notfound"),
            Exit::Segfault => Msg::new("exit-fix-segv"),
        }
    }
}

struct Hit<'a> {
    pod: &'a ClusterPod,
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
            let ns = o.namespace.as_deref()?;
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
            Msg::new("evidence-last-state").arg("pod", pod),
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
        detail: detail(s, &group),
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
fn detail(s: &Snapshot, g: &Group) -> Text {
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
    let code = g.hits.first().map_or(0, |h| h.term.exit_code);
    let label = Msg::new("exit-label")
        .arg("exit", g.exit.key())
        .arg("code", i64::from(code));
    let mut texts = vec![("label", Text::from(label))];
    if let Some(t) = latest {
        texts.push(("when", text::when_text(t, s.taken_at)));
    }
    let last = Text::with(
        Msg::new("finding-exit-detail")
            .arg("container", g.container)
            .arg("namespace", g.w.namespace.as_str())
            .arg("workload", g.w.name.as_str())
            .arg("pods", g.hits.len())
            .arg("restarts", i64::from(max_restarts))
            .arg("dated", if latest.is_some() { "yes" } else { "no" }),
        texts,
    );
    Text::Sentences(vec![last, g.exit.explain(g.limit, code).into()])
}

/// Pod, container, exit code and reason of every hit.
fn listing(w: &WorkloadRef, first: &ClusterPod, hits: &[Hit]) -> Evidence {
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-exit-codes")
            .arg("count", hits.len())
            .arg("workload", w.name.as_str()),
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

fn listing_command(pod: &ClusterPod) -> String {
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
        testdata::expect_zh_finding(
            pay,
            "production/payment-service 的容器 payment 上次终止：OOMKilled（exit code 137），\
             涉及 15 个 Pod，重启次数最多 7 次，最近一次在 18:18:04Z（快照前 6 分钟）。\
             容器内存用到 2Gi 的 limit 时，被内核的 OOM killer 杀死。",
        );
        assert!(testdata::zh(pay.suggestion.as_ref().unwrap()).starts_with(
            "把容器 payment 的 resources.limits.memory 从 2Gi 提高到 4Gi（requests 同步调整），\
             再查清是什么在增长：kubectl top pod -n production --containers"
        ));
        testdata::expect_zh_finding(
            &f[2],
            "上次终止：应用错误退出（exit code 1），涉及 4 个 Pod",
        );
        assert!(
            testdata::zh(f[2].suggestion.as_ref().unwrap())
                .starts_with("在上一个容器的日志里查看崩溃原因：kubectl logs order-service-")
        );
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
        testdata::expect_zh_finding(&f, "涉及 1 个 Pod，重启次数最多 2 次");
    }

    #[test]
    fn an_oom_kill_without_a_memory_limit_blames_the_node() {
        let mut s = testdata::healthy();
        let mut p = testdata::pod("web", 7, "node-1");
        terminated(&mut p, 137, "OOMKilled", "2026-11-26T18:10:00Z");
        p["spec"]["containers"][0]["resources"] = json!({});
        s.pods.push(testdata::from(p));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "1 web pod OOMKilled (exit 137) with no memory limit");
        testdata::expect_detail(
            &f,
            "1 pod, restart count up to 2, most recently at 18:10:00Z (15 min before the snapshot). \
             The kernel's OOM killer stopped the container; it has no memory limit",
        );
        assert!(testdata::fix(&f).starts_with("Set resources.requests.memory and limits.memory"));
        testdata::expect_zh_finding(&f, "它没有设置内存 limit，所以是节点本身的内存耗尽了");
        assert!(
            testdata::zh(f.suggestion.as_ref().unwrap())
                .starts_with("为容器 web 设置 resources.requests.memory 和 limits.memory")
        );
    }

    #[test]
    fn names_each_exit_code_and_tells_probe_kills_from_oom() {
        let mut s = testdata::healthy();
        // (exit code, reason, English title, Chinese detail, Chinese fix)
        let cases = [
            (
                137,
                "Error",
                "killed by the liveness probe (exit 137, SIGKILL)",
                "上次终止：被 liveness 探针杀死（exit code 137，SIGKILL），涉及 1 个 Pod，\
                 重启次数最多 2 次，最近一次在 18:10:00Z（快照前 15 分钟）。\
                 liveness 探针失败后，kubelet 杀死了容器（Unhealthy / Killing 事件），\
                 并不是内存不足被杀。",
                "给应用留出启动时间：加一个 startupProbe",
            ),
            (
                143,
                "Error",
                "terminated by SIGTERM (exit 143)",
                "收到 SIGTERM 后终止（exit code 143）",
                "查清是谁停掉了容器（Evicted、Killing、rollout、drain）：kubectl get events -n shop",
            ),
            (
                255,
                "Unknown",
                "failed with a container runtime error (exit 255)",
                "exit code 255 来自容器运行时",
                "查看节点上的 kubelet/containerd 日志（journalctl -u kubelet），以及运行时给出的状态：\
                 kubectl describe pod app2-",
            ),
            (
                126,
                "ContainerCannotRun",
                "could not execute the command (exit 126)",
                "无法执行启动命令（exit code 126），涉及 1 个 Pod",
                "让 entrypoint 可执行（在镜像里 chmod +x）",
            ),
            (
                127,
                "ContainerCannotRun",
                "could not find the command (exit 127)",
                "镜像里没有这个 entrypoint 或命令。",
                "修正 command/args，或者重新构建镜像",
            ),
            (
                139,
                "Error",
                "crashed with a segmentation fault (exit 139, SIGSEGV)",
                "段错误崩溃（exit code 139，SIGSEGV）",
                "排查 native 崩溃",
            ),
            (
                137,
                "Error",
                "killed by SIGKILL (exit 137)",
                "容器收到了 SIGKILL，但不是 OOM 导致的",
                "查清是谁停掉了容器",
            ),
            (
                2,
                "Error",
                "exited with code 2",
                "上次终止：以退出码 2 退出，涉及 1 个 Pod，重启次数最多 2 次，\
                 最近一次在 18:10:00Z（快照前 15 分钟）。容器以状态码 2 退出。",
                "在上一个容器的日志里查看崩溃原因：kubectl logs app7-",
            ),
        ];
        for (i, (code, reason, ..)) in cases.iter().enumerate() {
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
        let found = testdata::run(analyze, &s);
        assert_eq!(found.len(), cases.len(), "{titles:?}");
        for (i, (_, _, label, zh_detail, zh_fix)) in cases.iter().enumerate() {
            let title = format!("1 app{i} pod {label}");
            let at = titles.iter().position(|t| *t == title);
            let f = &found[at.unwrap_or_else(|| panic!("{title} missing from {titles:?}"))];
            testdata::expect_zh_finding(f, zh_detail);
            let fix = testdata::zh(f.suggestion.as_ref().unwrap());
            assert!(fix.starts_with(zh_fix), "{zh_fix:?} does not start {fix}");
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
