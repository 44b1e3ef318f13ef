//! Node conditions beyond pressure: NetworkUnavailable and node-problem-detector conditions
//! (KernelDeadlock, ReadonlyFilesystem, FrequentKubeletRestart, ...) set to True on the nodes of
//! the triaged pods; and one cluster-level line for trouble on nodes that run none of them.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Node, NodeCondition};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::text::{self, MAX_NAMES};
use crate::cluster::Snapshot;
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Conditions the nodes analyzer already judges.
const PRESSURE: &[&str] = &["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];
/// Conditions that stop pods from working on the node.
const SERIOUS: &[&str] = &["NetworkUnavailable", "KernelDeadlock", "ReadonlyFilesystem"];

fn conditions(n: &Node) -> impl Iterator<Item = &NodeCondition> {
    n.status.iter().flat_map(|s| s.conditions.iter().flatten())
}

/// Conditions of a node that say something is wrong (any kind, pressure included).
fn troubles(n: &Node) -> Vec<String> {
    conditions(n)
        .filter(|c| (c.type_ == "Ready") != (c.status == "True"))
        .map(|c| {
            if c.type_ == "Ready" {
                "NotReady".to_string()
            } else {
                c.type_.clone()
            }
        })
        .collect()
}

fn fix(condition: &str, node: &str) -> Text {
    let key = match condition {
        "NetworkUnavailable" => "fix-node-network",
        "KernelDeadlock" => "fix-node-kernel",
        "ReadonlyFilesystem" => "fix-node-readonly",
        c if c.starts_with("Frequent") => "fix-node-restarts",
        _ => "fix-node-condition",
    };
    Msg::new(key)
        .arg("condition", condition)
        .arg("node", node)
        .into()
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut by_condition: BTreeMap<&str, Vec<(&Node, &NodeCondition)>> = BTreeMap::new();
    for n in &s.nodes {
        for c in conditions(n) {
            if c.status == "True" && !PRESSURE.contains(&c.type_.as_str()) {
                by_condition.entry(&c.type_).or_default().push((n, c));
            }
        }
    }
    let mut out: Vec<Finding> = by_condition
        .into_iter()
        .map(|(condition, hit)| finding(condition, &hit, ix))
        .collect();
    out.extend(other_nodes(s));
    out
}

fn finding(condition: &str, hit: &[(&Node, &NodeCondition)], ix: &Index) -> Finding {
    let names: Vec<&str> = hit.iter().map(|(n, _)| meta::name(&n.metadata)).collect();
    let pods: usize = names.iter().map(|n| ix.pods_on(n)).sum();
    let first = names.first().copied().unwrap_or("");
    Finding {
        check: Check::Nodes,
        severity: Severity::critical_if(SERIOUS.contains(&condition)),
        signal: Signal::NodeCondition {
            condition: condition.to_string(),
        },
        title: Text::with(
            Msg::new("finding-node-condition")
                .arg("condition", condition)
                .arg("pods", pods),
            [("nodes", Text::list(&names, MAX_NAMES))],
        ),
        detail: Text::Lines(
            hit.iter()
                .map(|(n, c)| condition_line(n, condition, c))
                .collect(),
        ),
        subjects: names.iter().map(|n| (*n).to_string()).collect(),
        evidence: hit
            .iter()
            .take(MAX_NAMES)
            .map(|(n, _)| {
                let name = meta::name(&n.metadata);
                Evidence::new(
                    EvidenceKind::CommandOutput,
                    Msg::new("evidence-node-conditions").arg("node", name),
                    Some(&format!("kubectl describe node {name}")),
                    &text::lines_capped(
                        Some("TYPE  STATUS  REASON  MESSAGE"),
                        conditions(n)
                            .map(|c| {
                                text::condition(
                                    &c.type_,
                                    &c.status,
                                    c.reason.as_deref(),
                                    c.message.as_deref(),
                                )
                            })
                            .collect::<Vec<_>>(),
                    ),
                )
            })
            .collect(),
        suggestion: Some(fix(condition, first)),
    }
}

/// "node-1: KernelDeadlock=True (Problem) kernel: task hung".
fn condition_line(n: &Node, condition: &str, c: &NodeCondition) -> Text {
    let reason = c.reason.as_deref().filter(|r| !r.is_empty());
    let message = c.message.as_deref().unwrap_or("");
    Msg::new("node-condition-true")
        .arg("node", meta::name(&n.metadata))
        .arg("condition", condition)
        .arg("reason", reason.unwrap_or("none"))
        .arg("said", if message.is_empty() { "no" } else { "yes" })
        .arg("message", message)
        .into()
}

/// One informational line for nodes that run none of the triaged pods.
fn other_nodes(s: &Snapshot) -> Option<Finding> {
    let troubled: Vec<(&str, Vec<String>)> = s
        .other_nodes
        .iter()
        .map(|n| (meta::name(&n.metadata), troubles(n)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if troubled.is_empty() {
        return None;
    }
    let parts: Vec<String> = troubled
        .iter()
        .map(|(n, t)| format!("{n} ({})", t.join(", ")))
        .collect();
    Some(Finding {
        check: Check::Nodes,
        severity: Severity::Info,
        signal: Signal::OtherNodes,
        title: Text::with(
            Msg::new("finding-other-nodes").arg("count", troubled.len()),
            [("nodes", Text::list(&parts, MAX_NAMES))],
        ),
        detail: Msg::new("other-nodes-detail").into(),
        subjects: troubled.iter().map(|(n, _)| (*n).to_string()).collect(),
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-other-nodes"),
            Some("kubectl get nodes"),
            &text::lines_capped(Some("NAME  CONDITIONS"), parts.clone()),
        )],
        suggestion: troubled
            .first()
            .map(|(n, _)| Msg::new("fix-other-nodes").arg("node", *n).into()),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::{diagnose, testdata};

    fn with_condition(t: &str, status: &str) -> Snapshot {
        let mut s = testdata::healthy();
        let mut n = testdata::node("node-1");
        n["status"]["conditions"]
            .as_array_mut()
            .unwrap()
            .push(json!({"type": t, "status": status, "reason": "Problem", "message": "kernel: task hung"}));
        s.nodes = vec![testdata::from(n)];
        s
    }

    #[test]
    fn a_kernel_deadlock_under_the_pods_fires_alone() {
        let f = testdata::lone(
            &with_condition("KernelDeadlock", "True"),
            Check::Nodes,
            "KernelDeadlock on node-1: 3 pods of this triage run there",
        );
        assert!(testdata::fix(&f).contains("kubectl drain node-1"));
        assert_eq!(f.severity, Severity::Critical);
        testdata::expect_detail(
            &f,
            "node-1: KernelDeadlock=True (Problem) kernel: task hung",
        );
        testdata::expect_zh_title(
            &f,
            "节点 node-1 出现 KernelDeadlock：本次诊断的 3 个 Pod 运行在其上",
        );
        testdata::expect_zh_finding(
            &f,
            "node-1：KernelDeadlock=True（Problem），消息：\"kernel: task hung\"",
        );
    }

    #[test]
    fn every_condition_has_its_fix_in_both_languages() {
        for (condition, en, zh) in [
            (
                "NetworkUnavailable",
                "check the CNI pods",
                "检查节点上的 CNI Pod",
            ),
            ("ReadonlyFilesystem", "went read-only", "变成了只读"),
            ("FrequentKubeletRestart", "keeps restarting", "反复重启"),
            (
                "CorruptDockerOverlay2",
                "Read the condition's message",
                "查看该 condition 的消息",
            ),
        ] {
            let f = testdata::single(analyze, &with_condition(condition, "True"));
            assert!(testdata::fix(&f).contains(en), "{}", testdata::fix(&f));
            assert!(
                testdata::zh_fix(&f).contains(zh),
                "{}",
                testdata::zh_fix(&f)
            );
            testdata::expect_zh_finding(&f, &format!("node-1：{condition}=True（Problem）"));
        }
    }

    #[test]
    fn trouble_on_other_nodes_is_one_info_line_and_no_cause() {
        let mut s = testdata::healthy();
        let mut n = testdata::node("node-9");
        n["status"]["conditions"][1]["status"] = json!("True");
        s.other_nodes = vec![testdata::from(n)];
        let d = diagnose(&s);
        assert_eq!(d.findings.len(), 1, "{:#?}", d.findings);
        assert_eq!(d.findings[0].severity, Severity::Info);
        assert_eq!(
            testdata::en(&d.findings[0].title),
            "Elsewhere in the cluster: 1 node with trouble, running none of these pods: node-9 \
             (DiskPressure)"
        );
        testdata::expect_zh_title(
            &d.findings[0],
            "集群中另有 1 个节点异常，但没有运行本次诊断的 Pod：node-9 (DiskPressure)",
        );
        testdata::expect_zh_finding(&d.findings[0], "它们的问题不参与根因排序");
        assert_eq!(
            testdata::zh_fix(&d.findings[0]),
            "单独查看这些节点：kubectl describe node node-9"
        );
        assert!(d.hypotheses.is_empty());
    }

    #[test]
    fn false_conditions_are_healthy() {
        assert!(testdata::run(analyze, &with_condition("NetworkUnavailable", "False")).is_empty());
    }
}
