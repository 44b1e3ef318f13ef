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

fn fix(condition: &str, node: &str) -> String {
    match condition {
        "NetworkUnavailable" => format!(
            "The node's pod network is not set up: check the CNI pods on it (kubectl get pods \
             -n kube-system -o wide --field-selector spec.nodeName={node}) and move the pods \
             away (kubectl cordon {node})"
        ),
        "KernelDeadlock" => format!(
            "The kernel is stuck: drain and reboot the node (kubectl drain {node} \
             --ignore-daemonsets --delete-emptydir-data)"
        ),
        "ReadonlyFilesystem" => format!(
            "The node's filesystem went read-only: drain it (kubectl drain {node} \
             --ignore-daemonsets) and check its disk"
        ),
        c if c.starts_with("Frequent") => format!(
            "A node daemon keeps restarting ({c}): read its journal on {node} (journalctl -u \
             kubelet / containerd)"
        ),
        _ => format!("Read the condition's message: kubectl describe node {node}"),
    }
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
        title: format!(
            "{condition} on {}{}",
            text::join_capped(&names, MAX_NAMES),
            if pods > 0 {
                format!(
                    ": {} of this triage run there",
                    text::count(pods, "pod", "pods")
                )
            } else {
                String::new()
            }
        )
        .into(),
        detail: hit
            .iter()
            .map(|(n, c)| {
                format!(
                    "{}: {condition}=True ({}) {}",
                    meta::name(&n.metadata),
                    c.reason.as_deref().unwrap_or(""),
                    c.message.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        subjects: names.iter().map(|n| (*n).to_string()).collect(),
        evidence: hit
            .iter()
            .take(MAX_NAMES)
            .map(|(n, _)| {
                let name = meta::name(&n.metadata);
                Evidence::new(
                    EvidenceKind::CommandOutput,
                    format!("Conditions of {name}"),
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
        suggestion: Some(fix(condition, first).into()),
    }
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
        title: format!(
            "Elsewhere in the cluster: {} with trouble, running none of these pods: {}",
            text::count(troubled.len(), "node", "nodes"),
            text::join_capped(&parts, MAX_NAMES)
        )
        .into(),
        detail: "These nodes run none of the pods triaged here, so their trouble is not ranked \
                 as a cause; triage them on their own."
            .to_string()
            .into(),
        subjects: troubled.iter().map(|(n, _)| (*n).to_string()).collect(),
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            "Other nodes with trouble",
            Some("kubectl get nodes"),
            &text::lines_capped(Some("NAME  CONDITIONS"), parts.clone()),
        )],
        suggestion: troubled
            .first()
            .map(|(n, _)| format!("Look at them separately: kubectl describe node {n}"))
            .map(Into::into),
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
        assert!(d.hypotheses.is_empty());
    }

    #[test]
    fn false_conditions_are_healthy() {
        assert!(testdata::run(analyze, &with_condition("NetworkUnavailable", "False")).is_empty());
    }
}
