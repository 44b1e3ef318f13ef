//! Nodes: Ready, MemoryPressure, DiskPressure and PIDPressure, with usage when metrics exist.

use std::collections::HashMap;

use k8s_openapi::api::core::v1::{Node, NodeCondition};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::quantity;
use super::text::{self, MAX_NAMES};
use super::workload as wl;
use crate::cluster::selection::is_failing;
use crate::cluster::{Snapshot, Target, Usage};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Usage at or above this share of allocatable is reported.
const HIGH_USAGE_PERCENT: u64 = 90;
/// Most node names in one kubectl command.
const MAX_COMMAND_NODES: usize = 20;
/// The message that ends the detail when the workload's pods on a troubled node are all fine.
const FINE_THERE: &str = "node-fine-there";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    NotReady,
    MemoryPressure,
    DiskPressure,
    PidPressure,
}

impl Problem {
    const ALL: [Problem; 4] = [
        Problem::NotReady,
        Problem::MemoryPressure,
        Problem::DiskPressure,
        Problem::PidPressure,
    ];

    fn name(self) -> &'static str {
        match self {
            Problem::NotReady => "NotReady",
            Problem::MemoryPressure => "MemoryPressure",
            Problem::DiskPressure => "DiskPressure",
            Problem::PidPressure => "PIDPressure",
        }
    }

    /// The condition that shows the problem, if the node has it.
    fn condition(self, node: &Node) -> Option<&NodeCondition> {
        let conditions = node.status.as_ref()?.conditions.as_ref()?;
        match self {
            Problem::NotReady => conditions
                .iter()
                .find(|c| c.type_ == "Ready" && c.status != "True"),
            _ => conditions
                .iter()
                .find(|c| c.type_ == self.name() && c.status == "True"),
        }
    }

    fn signal(self) -> Signal {
        match self {
            Problem::NotReady => Signal::NodeNotReady,
            Problem::MemoryPressure => Signal::NodeMemoryPressure,
            Problem::DiskPressure => Signal::NodeDiskPressure,
            Problem::PidPressure => Signal::NodePidPressure,
        }
    }

    fn suggestion(self, first: &str) -> Text {
        let key = match self {
            Problem::NotReady => "fix-node-notready",
            Problem::MemoryPressure => "fix-node-memory",
            Problem::DiskPressure => "fix-node-disk",
            Problem::PidPressure => "fix-node-pid",
        };
        Msg::new(key).arg("node", first).into()
    }
}

/// In a workload triage, whether the workload has pods on `nodes` and every one of them is
/// ready and not failing: the nodes' trouble is then a risk to note, not a problem of the
/// workload, so a healthy workload on a pressured node still gets its healthy report.
fn workload_fine_on(s: &Snapshot, nodes: &[&str]) -> bool {
    let Some(Target::Workload { .. }) = &s.target else {
        return false;
    };
    let mut there = s
        .pods
        .iter()
        .filter(|p| wl::node_name(p).is_some_and(|n| nodes.contains(&n)))
        .peekable();
    there.peek().is_some() && there.all(|p| wl::is_ready(p) && !is_failing(p.status.as_ref()))
}

fn node_name(n: &Node) -> &str {
    n.metadata.name.as_deref().unwrap_or("")
}

fn allocatable_bytes(n: &Node, key: &str) -> Option<u64> {
    let q = n.status.as_ref()?.allocatable.as_ref()?.get(key)?;
    match key {
        "cpu" => cpu_millis(&q.0),
        _ => quantity::bytes(&q.0),
    }
}

fn cpu_millis(q: &str) -> Option<u64> {
    match q.strip_suffix('m') {
        Some(m) => m.parse().ok(),
        None => q.parse::<f64>().ok().map(|c| (c * 1000.0).round() as u64),
    }
}

/// Memory and CPU use of a node as a percentage of allocatable.
struct Load {
    memory_percent: Option<u64>,
    cpu_percent: Option<u64>,
    usage: Usage,
}

fn load(n: &Node, usage: &Usage) -> Load {
    let pct = |used: u64, total: Option<u64>| total.filter(|t| *t > 0).map(|t| used * 100 / t);
    Load {
        memory_percent: pct(usage.memory_bytes, allocatable_bytes(n, "memory")),
        cpu_percent: pct(usage.cpu_millis, allocatable_bytes(n, "cpu")),
        usage: usage.clone(),
    }
}

/// "memory 4Gi (25% of allocatable), CPU 1000m (25%)".
fn load_text(l: &Load) -> Text {
    let mut parts = Vec::new();
    if let Some(p) = l.memory_percent {
        parts.push(
            Msg::new("node-usage-memory")
                .arg("bytes", quantity::format_bytes(l.usage.memory_bytes))
                .arg("percent", p)
                .into(),
        );
    }
    if let Some(p) = l.cpu_percent {
        parts.push(
            Msg::new("node-usage-cpu")
                .arg("millis", l.usage.cpu_millis)
                .arg("percent", p)
                .into(),
        );
    }
    Text::Phrases(parts)
}

fn top_line(name: &str, l: &Load) -> String {
    format!(
        "{name}  {}m  {}%  {}Mi  {}%",
        l.usage.cpu_millis,
        l.cpu_percent.map_or_else(|| "?".into(), |p| p.to_string()),
        l.usage.memory_bytes >> 20,
        l.memory_percent
            .map_or_else(|| "?".into(), |p| p.to_string()),
    )
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let loads: HashMap<&str, Load> = match &s.node_metrics {
        Some(usages) => {
            let by_name: HashMap<&str, &Usage> =
                usages.iter().map(|u| (u.name.as_str(), u)).collect();
            s.nodes
                .iter()
                .filter_map(|n| Some((node_name(n), load(n, by_name.get(node_name(n))?))))
                .collect()
        }
        None => HashMap::new(),
    };

    let mut out = Vec::new();
    let mut under_pressure: Vec<&str> = Vec::new();
    for problem in Problem::ALL {
        let hit: Vec<(&Node, &NodeCondition)> = s
            .nodes
            .iter()
            .filter_map(|n| Some((n, problem.condition(n)?)))
            .collect();
        if hit.is_empty() {
            continue;
        }
        if problem == Problem::MemoryPressure {
            under_pressure.extend(hit.iter().map(|(n, _)| node_name(n)));
        }
        out.push(condition_finding(s, problem, &hit, ix, &loads));
    }
    if let Some(f) = high_usage_finding(s, &loads, &under_pressure) {
        out.push(f);
    }
    out
}

fn condition_finding(
    s: &Snapshot,
    problem: Problem,
    hit: &[(&Node, &NodeCondition)],
    ix: &Index,
    loads: &HashMap<&str, Load>,
) -> Finding {
    let names: Vec<&str> = hit.iter().map(|(n, _)| node_name(n)).collect();
    let pods: usize = names.iter().map(|n| ix.pods_on(n)).sum();
    let fine = problem != Problem::NotReady && workload_fine_on(s, &names);
    let nodes = match names.as_slice() {
        [one] => Msg::new("finding-node-state")
            .arg("node", *one)
            .arg("condition", problem.name())
            .into(),
        _ => Text::with(
            Msg::new("finding-nodes-state")
                .arg("count", names.len())
                .arg("condition", problem.name()),
            [("nodes", Text::list(&names, MAX_NAMES))],
        ),
    };
    let title = match (pods, fine) {
        (0, _) => nodes,
        (_, fine) => Text::with(
            Msg::new("finding-nodes-pods")
                .arg("pods", pods)
                .arg("ready", if fine { "all" } else { "some" }),
            [("nodes", nodes)],
        ),
    };

    let mut detail: Vec<Text> = hit
        .iter()
        .map(|(n, c)| condition_line(s, n, c, loads))
        .collect();
    if s.node_metrics.is_none() {
        detail.push(Msg::new("node-usage-unread").into());
    }
    if fine {
        detail.push(Msg::new(FINE_THERE).into());
    }
    let evidence = condition_evidence(&names, hit, loads);
    Finding {
        check: Check::Nodes,
        severity: match problem {
            Problem::NotReady => Severity::Critical,
            _ if fine => Severity::Info,
            _ => Severity::Warning,
        },
        signal: problem.signal(),
        title,
        detail: Text::Lines(detail),
        subjects: names.iter().map(|n| n.to_string()).collect(),
        evidence,
        suggestion: Some(problem.suggestion(names.first().copied().unwrap_or(""))),
    }
}

/// One node's condition, since when, and its usage when read.
fn condition_line(s: &Snapshot, n: &Node, c: &NodeCondition, loads: &HashMap<&str, Load>) -> Text {
    let none = || Text::Phrases(Vec::new());
    let since = c
        .last_transition_time
        .as_ref()
        .and_then(text::time)
        .map_or_else(none, |t| {
            let ago = s
                .taken_at
                .map_or_else(none, |now| text::ago_msg(t, now).into());
            Text::with(
                Msg::new("node-since")
                    .arg("stamp", text::stamp(t, s.taken_at))
                    .arg("dated", if s.taken_at.is_some() { "yes" } else { "no" }),
                [("ago", ago)],
            )
        });
    let load = loads.get(node_name(n)).map_or_else(none, |l| {
        Text::with(Msg::new("node-load"), [("usage", load_text(l))])
    });
    let reason = c.reason.as_deref().filter(|r| !r.is_empty());
    let message = c.message.as_deref().unwrap_or("");
    Text::with(
        Msg::new("node-condition-line")
            .arg("node", node_name(n))
            .arg("condition", c.type_.as_str())
            .arg("status", c.status.as_str())
            .arg("reason", reason.unwrap_or("none"))
            .arg("said", if message.is_empty() { "no" } else { "yes" })
            .arg("message", message),
        [("since", since), ("load", load)],
    )
}

/// The nodes' conditions, and `kubectl top nodes` for those whose usage was read.
fn condition_evidence(
    names: &[&str],
    hit: &[(&Node, &NodeCondition)],
    loads: &HashMap<&str, Load>,
) -> Vec<Evidence> {
    let listed: Vec<&str> = names.iter().take(MAX_COMMAND_NODES).copied().collect();
    let mut evidence = vec![Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-nodes-conditions").arg("count", names.len()),
        Some(&format!("kubectl describe node {}", listed.join(" "))),
        &text::lines_capped(
            Some("NODE  TYPE  STATUS  REASON  MESSAGE"),
            hit.iter().map(|(n, c)| {
                format!(
                    "{}  {}",
                    node_name(n),
                    text::condition(
                        &c.type_,
                        &c.status,
                        c.reason.as_deref(),
                        c.message.as_deref()
                    )
                )
            }),
        ),
    )];
    let tops: Vec<String> = names
        .iter()
        .filter_map(|n| loads.get(n).map(|l| top_line(n, l)))
        .collect();
    if !tops.is_empty() {
        evidence.push(Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-node-usage"),
            Some("kubectl top nodes"),
            &text::lines_capped(Some("NAME  CPU(cores)  CPU%  MEMORY(bytes)  MEMORY%"), tops),
        ));
    }
    evidence
}

/// Nodes at or above 90% memory or CPU that no MemoryPressure finding already names.
fn high_usage_finding(
    s: &Snapshot,
    loads: &HashMap<&str, Load>,
    under_pressure: &[&str],
) -> Option<Finding> {
    let high = |p: Option<u64>| p.is_some_and(|p| p >= HIGH_USAGE_PERCENT);
    let mut busy: Vec<(&str, &Load)> = s
        .nodes
        .iter()
        .map(node_name)
        .filter(|n| !under_pressure.contains(n))
        .filter_map(|n| loads.get(n).map(|l| (n, l)))
        .filter(|(_, l)| high(l.memory_percent) || high(l.cpu_percent))
        .collect();
    if busy.is_empty() {
        return None;
    }
    busy.sort_by_key(|(n, l)| (std::cmp::Reverse(l.memory_percent.max(l.cpu_percent)), *n));
    let parts: Vec<String> = busy
        .iter()
        .map(|(n, l)| {
            let p = l.memory_percent.max(l.cpu_percent).unwrap_or(0);
            format!("{n} ({p}%)")
        })
        .collect();
    let title = Text::with(
        Msg::new("finding-nodes-usage")
            .arg("count", busy.len())
            .arg("percent", HIGH_USAGE_PERCENT),
        [("nodes", Text::list(&parts, MAX_NAMES))],
    );
    let mut detail: Vec<Text> = busy
        .iter()
        .map(|(n, l)| {
            Text::with(
                Msg::new("node-usage-line").arg("node", *n),
                [("usage", load_text(l))],
            )
        })
        .collect();
    let names: Vec<&str> = busy.iter().map(|(n, _)| *n).collect();
    let fine = workload_fine_on(s, &names);
    if fine {
        detail.push(Msg::new(FINE_THERE).into());
    }
    Some(Finding {
        check: Check::Nodes,
        severity: if fine {
            Severity::Info
        } else {
            Severity::Warning
        },
        signal: Signal::NodeUsageHigh,
        title,
        detail: Text::Lines(detail),
        subjects: busy.iter().map(|(n, _)| n.to_string()).collect(),
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-node-usage"),
            Some("kubectl top nodes"),
            &text::lines_capped(
                Some("NAME  CPU(cores)  CPU%  MEMORY(bytes)  MEMORY%"),
                busy.iter().map(|(n, l)| top_line(n, l)),
            ),
        )],
        suggestion: Some(Msg::new("fix-nodes-usage").into()),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_nodes_5_to_8_under_memory_pressure() {
        let f = testdata::single(analyze, &testdata::seed());
        assert_eq!(
            testdata::en(&f.title),
            "4 nodes under MemoryPressure: node-5, node-6, node-7 and node-8 (32 pods of the \
             snapshot run there)"
        );
        testdata::expect_detail(
            &f,
            "node-5: MemoryPressure True
             KubeletHasInsufficientMemory
             metrics.k8s.io is not available",
        );
        testdata::expect_command(&f, 0, "kubectl describe node node-5 node-6 node-7 node-8");
        assert!(testdata::fix(&f).contains("kubectl cordon node-5"));
        testdata::expect_zh_finding(
            &f,
            "node-5：MemoryPressure 为 True（KubeletHasInsufficientMemory：\"",
        );
        testdata::expect_zh_finding(&f, "未读取资源用量：metrics.k8s.io 不可用。");
        assert!(testdata::zh_fix(&f).contains("kubectl cordon node-5"));
    }

    #[test]
    fn fires_alone_on_disk_pressure_with_usage() {
        let mut s = testdata::healthy();
        let mut n = testdata::node("node-2");
        n["status"]["conditions"][1]["status"] = json!("True");
        n["status"]["conditions"][1]["reason"] = json!("KubeletHasDiskPressure");
        s.nodes.push(testdata::from(n));
        s.node_metrics.as_mut().unwrap().push(Usage {
            name: "node-2".into(),
            cpu_millis: 1000,
            memory_bytes: 4 << 30,
        });
        let f = testdata::lone(&s, Check::Nodes, "node-2 under DiskPressure");
        testdata::expect_detail(&f, "memory 4Gi (25% of allocatable), CPU 1000m (25%)");
        testdata::expect_command(&f, 1, "kubectl top nodes");
        testdata::expect_zh_finding(
            &f,
            "node-2：DiskPressure 为 True（KubeletHasDiskPressure）；\
             内存 4Gi（占 allocatable 的 25%），CPU 1000m（25%）。",
        );
    }

    #[test]
    fn reports_high_usage_and_not_ready() {
        let mut s = testdata::healthy();
        s.node_metrics = Some(vec![Usage {
            name: "node-1".into(),
            cpu_millis: 500,
            memory_bytes: 15 << 30,
        }]);
        let mut n = testdata::node("node-3");
        n["status"]["conditions"][3]["status"] = json!("Unknown");
        s.nodes.push(testdata::from(n));
        let f = testdata::expect_titles(
            analyze,
            &s,
            "node-3 NotReady
             1 node at or above 90% of allocatable memory or CPU: node-1 (93%)",
        );
        // node-1 runs only the workload's three ready pods: a note, not a warning.
        assert_eq!(f[1].severity, Severity::Info);
        testdata::expect_detail(&f[0], "node-3: Ready Unknown (no reason).");
        testdata::expect_zh_finding(&f[0], "node-3：Ready 为 Unknown（无 reason）。");
        testdata::expect_zh_title(
            &f[1],
            "1 个节点的内存或 CPU 用量达到 allocatable 的 90% 以上：node-1 (93%)",
        );
        testdata::expect_zh_finding(
            &f[1],
            "node-1：内存 15Gi（占 allocatable 的 93%），CPU 500m（12%）。\n\
             该工作负载在这些节点上的 Pod 均已就绪",
        );
    }

    /// `healthy()`'s node-1, where its three ready pods run, under MemoryPressure.
    fn healthy_workload_on_pressured_node() -> Snapshot {
        let mut s = testdata::healthy();
        let mut n = testdata::node("node-1");
        n["status"]["conditions"][0]["status"] = json!("True");
        n["status"]["conditions"][0]["reason"] = json!("KubeletHasInsufficientMemory");
        s.nodes = vec![testdata::from(n)];
        s
    }

    #[test]
    fn pressure_under_a_healthy_workload_is_a_note_and_the_report_stays_healthy() {
        let s = healthy_workload_on_pressured_node();
        let d = crate::diagnose::diagnose(&s);
        assert_eq!(d.findings.len(), 1, "{:#?}", d.findings);
        let f = &d.findings[0];
        assert_eq!(f.severity, Severity::Info);
        testdata::expect_title(
            f,
            "node-1 under MemoryPressure (3 pods of the snapshot run there, all ready)",
        );
        assert!(
            testdata::en(&f.detail).contains("a risk to watch"),
            "{:?}",
            f.detail
        );
        testdata::expect_zh_finding(f, "这是需要盯住的风险");
        assert!(d.hypotheses.is_empty(), "{:#?}", d.hypotheses);
    }

    #[test]
    fn pressure_under_a_failing_pod_of_the_workload_stays_a_warning() {
        let mut s = healthy_workload_on_pressured_node();
        s.pods[0].status.as_mut().unwrap().conditions = None;
        let f = testdata::run(analyze, &s);
        assert_eq!(f[0].severity, Severity::Warning);
        testdata::expect_title(
            &f[0],
            "node-1 under MemoryPressure (3 pods of the snapshot run there)",
        );
    }

    #[test]
    fn pressure_in_an_overview_stays_a_warning_whatever_the_pods() {
        let mut s = healthy_workload_on_pressured_node();
        s.target = Some(Target::Overview);
        assert_eq!(testdata::run(analyze, &s)[0].severity, Severity::Warning);
    }

    #[test]
    fn healthy_nodes_have_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
