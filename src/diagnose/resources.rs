//! Resources: memory use against the container limit (metrics.k8s.io), and JVMs whose heap is
//! not sized from the limit (no -XX:MaxRAMPercentage or -Xmx).

use std::collections::{BTreeMap, HashMap, HashSet};

use k8s_openapi::api::core::v1::Container;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::logs;
use super::quantity;
use super::text;
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind, redact};
use crate::i18n::{Msg, Text};

/// Environment variables the JVM reads options from.
const JVM_ENV: &[&str] = &[
    "JAVA_TOOL_OPTIONS",
    "JAVA_OPTS",
    "JDK_JAVA_OPTIONS",
    "_JAVA_OPTIONS",
];

/// Usage at or above this share of the limit is reported.
const NEAR_LIMIT_PERCENT: u64 = 90;
/// Heap share suggested for JVMs in containers.
const HEAP_PERCENT: u64 = 80;

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut out = near_limit(s, ix);
    out.extend(jvm_sizing(s, ix));
    out
}

/// The pod's memory limit: the sum over app containers, when each has one.
fn pod_limit(pod: &ClusterPod) -> Option<u64> {
    let spec = pod.spec.as_ref()?;
    spec.containers
        .iter()
        .map(|c| wl::memory_limit(c).and_then(quantity::bytes))
        .sum()
}

fn near_limit(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let Some(metrics) = &s.pod_metrics else {
        return Vec::new();
    };
    let usage: HashMap<&str, u64> = metrics
        .iter()
        .map(|u| (u.name.as_str(), u.memory_bytes))
        .collect();
    let mut groups: BTreeMap<WorkloadRef, Vec<(&ClusterPod, u64, u64)>> = BTreeMap::new();
    for pod in &s.pods {
        let key = format!("{}/{}", wl::namespace(pod), wl::name(pod));
        let (Some(used), Some(limit)) = (usage.get(key.as_str()), pod_limit(pod)) else {
            continue;
        };
        if limit > 0 && used * 100 / limit >= NEAR_LIMIT_PERCENT {
            groups
                .entry(ix.workload(pod))
                .or_default()
                .push((pod, *used, limit));
        }
    }
    groups
        .into_iter()
        .map(|(w, pods)| {
            let max = pods.iter().map(|(_, u, l)| u * 100 / l).max().unwrap_or(0);
            let limit = pods.first().map_or(0, |(_, _, l)| *l);
            Finding {
                check: Check::Resources,
                severity: Severity::Warning,
                signal: Signal::MemoryNearLimit,
                title: Msg::new("finding-memory-near")
                    .arg("pods", pods.len())
                    .arg("workload", w.name.as_str())
                    .arg("percent", NEAR_LIMIT_PERCENT)
                    .arg("limit", quantity::format_bytes(limit))
                    .arg("max", max)
                    .into(),
                detail: Msg::new("memory-near-detail")
                    .arg("namespace", w.namespace.as_str())
                    .into(),
                subjects: pods
                    .iter()
                    .map(|(p, _, _)| format!("{}/{}", w.namespace, wl::name(p)))
                    .collect(),
                evidence: vec![Evidence::new(
                    EvidenceKind::CommandOutput,
                    Msg::new("evidence-memory-use").arg("workload", w.name.as_str()),
                    Some(&format!("kubectl top pods -n {}", w.namespace)),
                    &text::lines_capped(
                        Some("NAME  MEMORY  LIMIT  USE%"),
                        pods.iter().map(|(p, u, l)| {
                            format!(
                                "{}  {}Mi  {}  {}%",
                                wl::name(p),
                                u >> 20,
                                quantity::format_bytes(*l),
                                u * 100 / l
                            )
                        }),
                    ),
                )],
                suggestion: Some(
                    Msg::new("memory-near-fix")
                        .arg("workload", w.name.as_str())
                        .arg("limit", quantity::format_bytes(limit.saturating_mul(2)))
                        .into(),
                ),
            }
        })
        .collect()
}

/// Text from the container spec that says what runs and with which JVM options. Only the JVM
/// option variables show their values.
fn spec_text(c: &Container) -> String {
    let mut out = format!("image: {}\n", c.image.as_deref().unwrap_or(""));
    if let Some(cmd) = &c.command {
        out.push_str(&format!("command: {}\n", cmd.join(" ")));
    }
    if let Some(args) = &c.args {
        out.push_str(&format!("args: {}\n", args.join(" ")));
    }
    for e in c.env.iter().flatten() {
        if JVM_ENV.contains(&e.name.as_str()) {
            out.push_str(&format!(
                "env: {}={}\n",
                e.name,
                e.value.as_deref().unwrap_or("")
            ));
        } else {
            out.push_str(&format!("env: {}\n", e.name));
        }
    }
    if let Some(l) = wl::memory_limit(c) {
        out.push_str(&format!("limits.memory: {l}\n"));
    }
    out
}

/// Why we think a container runs a JVM: a line of its spec or of its log.
fn jvm_evidence<'a>(c: &Container, logs: &[&'a PodLog]) -> Option<(String, Option<&'a PodLog>)> {
    let spec = spec_text(c);
    if let Some(line) = spec.lines().find(|l| {
        let l = l.to_lowercase();
        l.contains("java") || l.contains("jvm") || l.contains("jdk") || l.contains("jre")
    }) {
        return Some((line.to_string(), None));
    }
    logs.iter().find_map(|log| {
        let line = log.text.lines().find(|l| {
            l.contains("java.lang.") || l.contains("java.base/") || l.contains(" using Java ")
        })?;
        Some((line.trim().to_string(), Some(*log)))
    })
}

fn sized(c: &Container) -> bool {
    let spec = spec_text(c);
    spec.contains("MaxRAMPercentage") || spec.contains("-Xmx") || spec.contains("MaxRAM=")
}

/// One workload's container: a representative spec, the logs of its pods, how many pods.
struct JvmGroup<'a> {
    container: &'a Container,
    logs: Vec<&'a PodLog>,
    pods: usize,
}

fn jvm_sizing(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut groups: BTreeMap<(WorkloadRef, String), JvmGroup> = BTreeMap::new();
    for pod in &s.pods {
        let Some(spec) = &pod.spec else { continue };
        for c in &spec.containers {
            let g = groups
                .entry((ix.workload(pod), c.name.clone()))
                .or_insert_with(|| JvmGroup {
                    container: c,
                    logs: Vec::new(),
                    pods: 0,
                });
            g.pods += 1;
            g.logs
                .extend(ix.logs_of(pod).filter(|l| l.container == c.name));
        }
    }
    let oom_killed = oom_killed_workloads(s, ix);
    groups
        .into_iter()
        .filter_map(|((w, name), g)| {
            let killed = oom_killed.contains(&w);
            jvm_finding(&w, &name, &g, killed)
        })
        .collect()
}

/// Workloads with a container whose last instance was OOMKilled.
fn oom_killed_workloads(s: &Snapshot, ix: &Index) -> HashSet<WorkloadRef> {
    s.pods
        .iter()
        .filter(|p| {
            wl::container_statuses(p).any(|cs| {
                cs.last_state
                    .as_ref()
                    .and_then(|st| st.terminated.as_ref())
                    .is_some_and(|t| t.reason.as_deref() == Some("OOMKilled"))
            })
        })
        .map(|p| ix.workload(p))
        .collect()
}

/// The memory limit of a container whose heap nothing sizes from it.
fn unsized_limit(c: &Container) -> Option<&str> {
    wl::memory_limit(c).filter(|_| !sized(c))
}

/// What is known of a JVM container's heap size, for the fix of its OutOfMemoryError.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeapSize {
    /// Unset under a memory limit: the JVM finding tells to size it from the limit.
    Advised,
    /// Set by the container's options (-Xmx, -XX:MaxRAMPercentage or -XX:MaxRAM).
    Set,
    /// Neither: the pod or its spec was not read, or there is no memory limit.
    Unknown,
}

/// The heap size of `container` in `pod`'s workload as `jvm_sizing` sees it: in the workload's
/// first pod that runs it. A log holding java.lang.OutOfMemoryError is the JVM evidence the
/// finding needs besides.
pub(super) fn heap_size(s: &Snapshot, ix: &Index, pod: &ClusterPod, container: &str) -> HeapSize {
    let workload = ix.workload(pod);
    let seen = s
        .pods
        .iter()
        .filter(|p| ix.workload(p) == workload)
        .find_map(|p| {
            p.spec
                .as_ref()?
                .containers
                .iter()
                .find(|c| c.name == container)
        });
    match seen {
        Some(c) if sized(c) => HeapSize::Set,
        Some(c) if unsized_limit(c).is_some() => HeapSize::Advised,
        _ => HeapSize::Unknown,
    }
}

/// A JVM under a memory limit that nothing sizes its heap from.
fn jvm_finding(w: &WorkloadRef, name: &str, g: &JvmGroup, oom_killed: bool) -> Option<Finding> {
    let c = g.container;
    let limit = unsized_limit(c)?;
    let (why, log) = jvm_evidence(c, &g.logs)?;
    let heap_oom = g
        .logs
        .iter()
        .any(|l| l.text.contains("java.lang.OutOfMemoryError"));
    let heap = quantity::bytes(limit).map(|b| quantity::format_bytes(b * HEAP_PERCENT / 100));
    let default_heap = quantity::bytes(limit).map(|b| quantity::format_bytes(b / 4));
    let mut detail = vec![
        Msg::new("jvm-unsized-detail")
            .arg("container", name)
            .arg("workload", w.key())
            .arg("pods", g.pods)
            .arg("jvm", text::truncate(&redact(logs::message(&why)), 160))
            .arg("limit", limit)
            .arg("heap", default_heap.unwrap_or_else(|| "none".into()))
            .into(),
    ];
    let how = match (heap_oom, oom_killed) {
        (true, true) => Some("both"),
        (true, false) => Some("heap"),
        (false, true) => Some("oom"),
        (false, false) => None,
    };
    if let Some(how) = how {
        detail.push(Msg::new("jvm-ran-out").arg("how", how).into());
    }
    let mut evidence = vec![Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-container")
            .arg("container", name)
            .arg("workload", w.name.as_str()),
        Some(&container_command(w, name)),
        &spec_text(c),
    )];
    if let Some(log) = log {
        evidence.push(Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-jvm-log").arg("pod", log.pod.as_str()),
            Some(&log.command),
            &why,
        ));
    }
    Some(Finding {
        check: Check::Resources,
        severity: Severity::critical_if(heap_oom || oom_killed),
        signal: Signal::JvmWithoutMaxRam,
        title: Msg::new("finding-jvm-unsized")
            .arg("workload", w.name.as_str())
            .arg("limit", limit)
            .into(),
        detail: Text::Sentences(detail),
        subjects: vec![w.key()],
        evidence,
        suggestion: Some(
            Msg::new("jvm-unsized-fix")
                .arg("percent", HEAP_PERCENT)
                .arg("container", name)
                .arg("heap", heap.unwrap_or_else(|| "none".into()))
                .arg("limit", limit)
                .into(),
        ),
    })
}

/// `kubectl get` of one container's spec in the workload (or the pod).
fn container_command(w: &WorkloadRef, name: &str) -> String {
    let ns = &w.namespace;
    match w.kind.as_str() {
        "Deployment" | "StatefulSet" | "DaemonSet" => format!(
            "kubectl get {} {} -n {ns} -o jsonpath='{{.spec.template.spec.containers[?(@.name==\"{name}\")]}}'",
            w.kind.to_lowercase(),
            w.name
        ),
        _ => format!(
            "kubectl get pod {} -n {ns} -o jsonpath='{{.spec.containers[?(@.name==\"{name}\")]}}'",
            w.name
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cluster::Usage;
    use crate::diagnose::testdata;

    #[test]
    fn seed_jvms_lack_max_ram_percentage() {
        let f = testdata::seed_titles(
            analyze,
            "order-service runs a JVM without -XX:MaxRAMPercentage under a 2Gi memory limit
             payment-service runs a JVM without -XX:MaxRAMPercentage under a 2Gi memory limit",
        );
        let pay = &f[1];
        assert_eq!(pay.severity, Severity::Critical);
        testdata::expect_detail(
            pay,
            "runs a JVM (\"Starting PaymentApplication v1.4.2 using Java 17.0.9 with PID 1\")
             the JVM's default share, 25% of the limit (512Mi)
             java.lang.OutOfMemoryError in its log; OOMKilled (exit 137).",
        );
        let fix = testdata::fix(pay);
        assert!(fix.contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=80"));
        assert!(fix.contains("heap ≈ 1.6Gi of the 2Gi limit"));
        testdata::expect_evidence(pay, 0, "limits.memory: 2Gi");
        testdata::expect_zh_finding(
            pay,
            "即 limit 的 25%（512Mi），而不是按 limit 规划好的大小。这个工作负载已经出现过内存耗尽：\
             日志中有 java.lang.OutOfMemoryError；容器被 OOMKilled（exit code 137）。",
        );
        assert!(
            testdata::zh_fix(pay).contains("堆内存约为 2Gi limit 中的 1.6Gi"),
            "{}",
            testdata::zh_fix(pay)
        );
    }

    #[test]
    fn fires_alone_on_a_jvm_from_its_env() {
        let mut s = testdata::healthy();
        let mut p = testdata::pod("api", 0, "node-1");
        p["spec"]["containers"][0]["env"] = json!([
            {"name": "JAVA_TOOL_OPTIONS", "value": "-XX:+UseG1GC"},
            {"name": "DB_PASSWORD", "value": "hunter2"}
        ]);
        s.pods.push(testdata::from(p));
        let f = testdata::lone(
            &s,
            Check::Resources,
            "api runs a JVM without -XX:MaxRAMPercentage under a 512Mi memory limit",
        );
        assert_eq!(f.severity, Severity::Warning);
        let spec = f.evidence[0].content();
        assert!(spec.contains("env: JAVA_TOOL_OPTIONS=-XX:+UseG1GC"));
        assert!(spec.contains("env: DB_PASSWORD\n"));
        assert!(!spec.contains("hunter2"));
        testdata::expect_detail(
            &f,
            "25% of the limit (128Mi), instead of a budget chosen to fit the limit.",
        );
        assert!(!testdata::en(&f.detail).contains("ran out of memory"));
        testdata::expect_zh_finding(&f, "运行着 JVM（「env: JAVA_TOOL_OPTIONS=-XX:+UseG1GC」）");
    }

    #[test]
    fn sized_jvms_are_fine_and_usage_near_the_limit_is_reported() {
        let mut s = testdata::healthy();
        let mut p = testdata::pod("api", 0, "node-1");
        p["spec"]["containers"][0]["env"] =
            json!([{"name": "JAVA_OPTS", "value": "-XX:MaxRAMPercentage=75"}]);
        s.pods.push(testdata::from(p));
        s.pod_metrics.as_mut().unwrap().push(Usage {
            name: "shop/web-6b7f9c5d4-00001".into(),
            cpu_millis: 10,
            memory_bytes: 500 << 20,
        });
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "1 web pod at 90% or more of the 512Mi memory limit (max 97%)",
        );
        testdata::expect_zh_title(
            &f,
            "web 的 1 个 Pod 内存用量达到 512Mi limit 的 90% 以上（最高 97%）",
        );
        testdata::expect_command(&f, 0, "kubectl top pods -n shop");
        testdata::expect_detail(&f, "the next allocation peak gets them OOMKilled.");
        assert_eq!(
            testdata::fix(&f),
            "Raise the memory limit of web to 1Gi or find what holds the memory (heap dump / \
             profiler) before it is OOMKilled"
        );
        testdata::expect_zh_finding(
            &f,
            "命名空间 shop 中这些 Pod 的内存用量已逼近 limit：下一次内存分配高峰就会被 OOMKilled。",
        );
    }

    #[test]
    fn healthy_resources_have_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
