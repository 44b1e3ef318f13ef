//! Probes: liveness probes that begin before the application has started (from the start-up
//! time the app logs), missing startupProbes, and delay + period × threshold that kill too early.

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::core::v1::{Container, Probe};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::Index;
use super::events as ev;
use super::finding::{Check, Finding, Severity, Signal};
use super::logs::{self, StartedIn};
use super::text;
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Liveness failures and kills seen in a pod's events.
#[derive(Default, Clone, Copy)]
struct Failures {
    unhealthy: u64,
    killed: u64,
}

fn liveness_failures(s: &Snapshot) -> HashMap<(&str, &str), Failures> {
    let mut out: HashMap<(&str, &str), Failures> = HashMap::new();
    for e in &s.events {
        let msg = e.message.as_deref().unwrap_or("");
        let (unhealthy, killed) = match e.reason.as_deref() {
            Some("Unhealthy") if msg.starts_with("Liveness probe failed") => (true, false),
            Some("Killing") if msg.contains("failed liveness probe") => (false, true),
            _ => continue,
        };
        if !ev::is_recent(e, s.taken_at) {
            continue;
        }
        let o = &e.involved_object;
        let (Some(ns), Some(name)) = (o.namespace.as_deref(), o.name.as_deref()) else {
            continue;
        };
        let f = out.entry((ns, name)).or_default();
        if unhealthy {
            f.unhealthy += e.count;
        }
        if killed {
            f.killed += e.count;
        }
    }
    out
}

/// `initialDelaySeconds`, `periodSeconds`, `failureThreshold` with Kubernetes' defaults.
fn timing(p: &Probe) -> (f64, f64, f64) {
    (
        f64::from(p.initial_delay_seconds.unwrap_or(0)),
        f64::from(p.period_seconds.unwrap_or(10)),
        f64::from(p.failure_threshold.unwrap_or(3)),
    )
}

/// Seconds after container start before the probe can kill it: delay + period × threshold.
fn kill_after(p: &Probe) -> f64 {
    let (delay, period, threshold) = timing(p);
    delay + period * threshold
}

fn port(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// How the probe checks, "httpGet /healthz:8080"; `None` for a probe without a handler.
fn handler(p: &Probe) -> Option<String> {
    if let Some(h) = &p.http_get {
        return Some(format!(
            "httpGet {}:{}",
            h.path.as_deref().unwrap_or("/"),
            port(&h.port)
        ));
    }
    if let Some(t) = &p.tcp_socket {
        return Some(format!("tcpSocket {}", port(&t.port)));
    }
    if let Some(g) = &p.grpc {
        return Some(format!("grpc {}", g.port));
    }
    p.exec.as_ref().map(|e| {
        format!(
            "exec {}",
            e.command.as_deref().unwrap_or_default().join(" ")
        )
    })
}

struct Group<'a> {
    pods: Vec<&'a ClusterPod>,
    container: &'a Container,
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let failures = liveness_failures(s);
    let mut groups: BTreeMap<(WorkloadRef, String), Group> = BTreeMap::new();
    for pod in &s.pods {
        let Some(spec) = &pod.spec else { continue };
        for c in spec
            .containers
            .iter()
            .filter(|c| c.liveness_probe.is_some())
        {
            groups
                .entry((ix.workload(pod), c.name.clone()))
                .or_insert_with(|| Group {
                    pods: Vec::new(),
                    container: c,
                })
                .pods
                .push(pod);
        }
    }
    groups
        .into_iter()
        .filter_map(|((w, container), g)| {
            let started = g
                .pods
                .iter()
                .flat_map(|p| ix.logs_of(p))
                .filter(|l| l.container == container)
                .filter_map(|l| logs::started_in(&l.text).map(|st| (st, l)))
                .max_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
            let mut fails = Failures::default();
            for p in &g.pods {
                if let Some(f) = failures.get(&(wl::namespace(p), wl::name(p))) {
                    fails.unhealthy += f.unhealthy;
                    fails.killed += f.killed;
                }
            }
            finding(&w, &g, started, fails)
        })
        .collect()
}

/// One workload container's liveness probe, with what its logs and events say about it.
struct Probed<'a> {
    w: &'a WorkloadRef,
    g: &'a Group<'a>,
    liveness: &'a Probe,
    started: Option<(StartedIn, &'a PodLog)>,
    fails: Failures,
}

impl Probed<'_> {
    fn container(&self) -> &str {
        &self.g.container.name
    }

    fn failed(&self) -> bool {
        self.fails.unhealthy + self.fails.killed > 0
    }
}

fn finding(
    w: &WorkloadRef,
    g: &Group,
    started: Option<(StartedIn, &PodLog)>,
    fails: Failures,
) -> Option<Finding> {
    let p = Probed {
        w,
        g,
        liveness: g.container.liveness_probe.as_ref()?,
        started,
        fails,
    };
    let (signal, title) = problem(&p)?;
    let kills_early = matches!(
        signal,
        Signal::LivenessBeforeStartup {
            kills_before_start: true
        }
    );
    Some(Finding {
        check: Check::Probes,
        severity: Severity::critical_if(kills_early || fails.killed > 0),
        signal,
        title,
        detail: detail(&p, kills_early),
        subjects: vec![w.key()],
        evidence: evidence(&p)?,
        suggestion: Some(suggestion(&p)),
    })
}

/// What is wrong with the probes, if anything: the signal and the title.
fn problem(p: &Probed) -> Option<(Signal, Text)> {
    let (delay, _, _) = timing(p.liveness);
    let start = p.started.as_ref().map(|(st, _)| st.seconds);
    let name = p.w.name.as_str();
    Some(match (start, p.g.container.startup_probe.as_ref()) {
        (Some(start), Some(sp)) if kill_after(sp) < start => (
            Signal::LivenessBeforeStartup {
                kills_before_start: true,
            },
            Msg::new("finding-probe-startup")
                .arg("workload", name)
                .arg("limit", text::seconds(kill_after(sp)))
                .arg("start", text::seconds(start))
                .into(),
        ),
        (Some(_), Some(_)) => return None,
        (Some(start), None) if delay < start => (
            Signal::LivenessBeforeStartup {
                kills_before_start: kill_after(p.liveness) < start,
            },
            Msg::new("finding-probe-early")
                .arg("workload", name)
                .arg("delay", text::seconds(delay))
                .arg("start", text::seconds(start))
                .into(),
        ),
        (None, None) if p.failed() => (
            Signal::LivenessFailing,
            Msg::new("finding-probe-failing")
                .arg("workload", name)
                .arg("unhealthy", p.fails.unhealthy)
                .arg("killed", p.fails.killed)
                .arg("delay", text::seconds(delay))
                .into(),
        ),
        _ => return None,
    })
}

fn detail(p: &Probed, kills_early: bool) -> Text {
    let liveness = p.liveness;
    let (delay, period, threshold) = timing(liveness);
    let mut detail = vec![
        Msg::new("probe-detail")
            .arg("container", p.container())
            .arg(
                "handler",
                handler(liveness).unwrap_or_else(|| "none".into()),
            )
            .arg("delay", text::seconds(delay))
            .arg("period", text::seconds(period))
            .arg("threshold", threshold as i64)
            .arg("timeout", i64::from(liveness.timeout_seconds.unwrap_or(1)))
            .arg("window", text::seconds(period * threshold))
            .arg("kill", text::seconds(kill_after(liveness)))
            .into(),
    ];
    if let Some((st, _)) = &p.started {
        detail.push(
            Msg::new("probe-detail-started")
                .arg("start", text::seconds(st.seconds))
                .arg(
                    "line",
                    text::truncate(&crate::evidence::redact(logs::message(&st.line)), 200),
                )
                .into(),
        );
    }
    if kills_early {
        detail.push(Msg::new("probe-detail-kills-early").into());
    }
    if p.failed() {
        detail.push(
            Msg::new("probe-detail-events")
                .arg("unhealthy", p.fails.unhealthy)
                .arg("killed", p.fails.killed)
                .into(),
        );
    }
    Text::Sentences(detail)
}

/// The probe as the workload declares it, the logged start-up time and the failure events.
fn evidence(p: &Probed) -> Option<Vec<Evidence>> {
    let (w, c) = (p.w, p.container());
    let first = p.g.pods.first()?;
    let ns = wl::namespace(first);
    let probe_command = if w.kind == "Deployment"
        || w.kind == "StatefulSet"
        || w.kind == "DaemonSet"
    {
        format!(
            "kubectl get {} {} -n {ns} -o jsonpath='{{.spec.template.spec.containers[?(@.name==\"{c}\")].livenessProbe}}'",
            w.kind.to_lowercase(),
            w.name
        )
    } else {
        format!(
            "kubectl get pod {} -n {ns} -o jsonpath='{{.spec.containers[?(@.name==\"{c}\")].livenessProbe}}'",
            wl::name(first)
        )
    };
    let mut evidence = vec![Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-liveness-probe")
            .arg("workload", w.name.as_str())
            .arg("container", c),
        Some(&probe_command),
        &serde_json::to_string(p.liveness).unwrap_or_default(),
    )];
    if let Some((st, log)) = &p.started {
        evidence.push(Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-start-up-time").arg("workload", w.name.as_str()),
            Some(&log.command),
            &st.line,
        ));
    }
    if p.failed() {
        evidence.push(Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-liveness-failures").arg("workload", w.name.as_str()),
            Some(&format!(
                "kubectl get events -n {ns} --field-selector involvedObject.name={},reason=Unhealthy",
                wl::name(first)
            )),
            &format!(
                "{} pods of {}: Unhealthy (liveness) ×{}, Killing (failed liveness probe) ×{}\n",
                p.g.pods.len(),
                w.name,
                p.fails.unhealthy,
                p.fails.killed
            ),
        ));
    }
    Some(evidence)
}

/// A startupProbe that covers 1.5 × the logged start-up time (30 s when none is logged).
fn suggestion(p: &Probed) -> Text {
    let (_, period, _) = timing(p.liveness);
    let start = p.started.as_ref().map(|(st, _)| st.seconds);
    let need = start.map_or(30.0, |s| (s * 1.5).ceil());
    let sp_period = period.clamp(1.0, 10.0);
    let sp_threshold = (need / sp_period).ceil();
    let fix = Msg::new("probe-fix")
        .arg("container", p.container())
        .arg("covers", text::seconds(sp_period * sp_threshold))
        .arg("period", sp_period as i64)
        .arg("threshold", sp_threshold as i64)
        .arg("need", need as i64);
    let fix = match (&p.liveness.http_get, handler(p.liveness)) {
        (Some(h), _) => fix.arg("handler", "yaml").arg(
            "yaml",
            format!(
                "  httpGet:\n    path: {}\n    port: {}",
                h.path.as_deref().unwrap_or("/"),
                port(&h.port)
            ),
        ),
        (None, Some(other)) => fix.arg("handler", other),
        (None, None) => fix.arg("handler", "none"),
    };
    fix.into()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_liveness_starts_before_the_app_is_up() {
        let f = testdata::seed_titles(
            analyze,
            "order-service liveness probe starts at 2 s but the app needs 7.6 s to start, \
                 and there is no startupProbe
             payment-service liveness probe starts at 2 s but the app needs 11.74 s to \
                 start, and there is no startupProbe",
        );
        let pay = &f[1];
        assert_eq!(pay.severity, Severity::Critical);
        assert!(
            testdata::en(&pay.detail).contains("3 failures × 5 s = 15 s"),
            "{:?}",
            pay.detail
        );
        testdata::expect_detail(
            pay,
            "the first kill can come 17 s after it starts
             liveness failed ×315, container killed for it ×105",
        );
        testdata::expect_command(
            pay,
            0,
            "kubectl get deployment payment-service -n production -o jsonpath='{.spec.template.spec.containers[?(@.name==\"payment\")].livenessProbe}'",
        );
        testdata::expect_evidence(pay, 0, "\"initialDelaySeconds\":2");
        testdata::expect_evidence(pay, 1, "Started PaymentApplication in 11.74 seconds");
        let fix = testdata::fix(pay);
        assert!(fix.contains("startupProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n  periodSeconds: 5\n  failureThreshold: 4\n"), "{fix}");
        assert!(fix.contains("initialDelaySeconds: 18"), "{fix}");
        testdata::expect_zh_finding(
            pay,
            "应用自己的日志显示启动耗时 11.74 s（「Started PaymentApplication in 11.74 seconds",
        );
        testdata::expect_zh_finding(pay, "事件：liveness 探测失败 ×315，容器因此被杀 ×105。");
        let zh = testdata::zh_fix(pay);
        assert!(
            zh.starts_with("给容器 payment 加上 startupProbe（覆盖 20 s，不少于启动耗时的 1.5 倍）：\nstartupProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n  periodSeconds: 5\n  failureThreshold: 4\n或者设置 livenessProbe.initialDelaySeconds: 18。"),
            "{zh}"
        );
    }

    #[test]
    fn fires_alone_when_the_probe_kills_before_start_up() {
        let mut s = testdata::healthy();
        s.logs[0].text = "INFO Started WebApplication in 45.5 seconds\n".into();
        let f = testdata::lone(
            &s,
            Check::Probes,
            "web liveness probe starts at 10 s but the app needs 45.5 s to start, and there is \
             no startupProbe",
        );
        testdata::expect_detail(&f, "kills the container before it finishes starting");
        assert_eq!(f.severity, Severity::Critical);
        testdata::expect_zh_finding(&f, "所以容器每次还没启动完，就被探针杀掉了。");
    }

    #[test]
    fn failing_probes_without_a_logged_start_up_keep_their_handler() {
        let mut s = testdata::healthy();
        s.logs.clear();
        let mut p = testdata::pod("web", 0, "node-1");
        p["spec"]["containers"][0]["livenessProbe"] =
            json!({"tcpSocket": {"port": 8080}, "initialDelaySeconds": 10});
        s.pods[0] = testdata::from(p);
        s.events.push(testdata::warning(
            "web-6b7f9c5d4-00000",
            "Unhealthy",
            5,
            "Liveness probe failed: dial tcp 10.0.0.1:8080: connect: connection refused",
        ));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "web liveness probe failed ×5 (initialDelaySeconds 10 s, no startupProbe)",
        );
        testdata::expect_detail(
            &f,
            "Container web: livenessProbe tcpSocket 8080, initialDelaySeconds 10 s
             Events: liveness failed ×5, no container killed for it yet.",
        );
        let fix = testdata::fix(&f);
        assert!(
            fix.contains("startupProbe:\n  # same handler as the livenessProbe (tcpSocket 8080)\n  periodSeconds: 10\n  failureThreshold: 3\nor set"),
            "{fix}"
        );
        testdata::expect_zh_finding(
            &f,
            "容器 web：livenessProbe `tcpSocket 8080`，initialDelaySeconds 10 s",
        );
        assert!(
            testdata::zh_fix(&f)
                .contains("  # 与 livenessProbe 的探测方式相同（`tcpSocket 8080`）\n"),
            "{}",
            testdata::zh_fix(&f)
        );
    }

    #[test]
    fn a_long_enough_startup_probe_is_fine() {
        let mut s = testdata::healthy();
        s.logs[0].text = "INFO Started WebApplication in 45.5 seconds\n".into();
        let mut p = testdata::pod("web", 0, "node-1");
        p["spec"]["containers"][0]["startupProbe"] = json!({"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10, "failureThreshold": 10});
        s.pods[0] = testdata::from(p);
        assert!(testdata::run(analyze, &s).is_empty());
    }

    #[test]
    fn healthy_probes_have_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
