//! Crash loops: pods waiting in CrashLoopBackOff, counted per namespace and owning workload.

use std::collections::{BTreeMap, BTreeSet};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text::{self, MAX_NAMES};
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::Snapshot;
use crate::cluster::snapshot::ClusterPod;
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Most workload groups that get their own evidence listing.
const MAX_GROUP_EVIDENCE: usize = 10;

fn crash_looping(pod: &ClusterPod) -> bool {
    wl::container_statuses(pod).any(|cs| wl::waiting_reason(cs) == Some("CrashLoopBackOff"))
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut groups: BTreeMap<WorkloadRef, Vec<&ClusterPod>> = BTreeMap::new();
    for pod in s.pods.iter().filter(|p| crash_looping(p)) {
        groups.entry(ix.workload(pod)).or_default().push(pod);
    }
    if groups.is_empty() {
        return Vec::new();
    }
    let mut groups: Vec<(WorkloadRef, Vec<&ClusterPod>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let total: usize = groups.iter().map(|(_, pods)| pods.len()).sum();
    let suggestion = groups.first().and_then(|(_, pods)| pods.first()).map(|p| {
        Msg::new("finding-crashloop-fix").arg(
            "command",
            format!(
                "kubectl logs {} -n {} --previous --tail=200",
                wl::name(p),
                wl::namespace(p)
            ),
        )
    });
    vec![Finding {
        check: Check::CrashLoop,
        severity: Severity::Critical,
        signal: Signal::CrashLoop { pods: total },
        title: title(&groups, total),
        detail: Text::Lines(groups.iter().map(|(w, pods)| group_line(w, pods)).collect()),
        subjects: groups.iter().map(|(w, _)| w.key()).collect(),
        evidence: groups
            .iter()
            .take(MAX_GROUP_EVIDENCE)
            .filter_map(|(w, pods)| group_evidence(w, pods))
            .collect(),
        suggestion: suggestion.map(Into::into),
    }]
}

/// "32 pods in CrashLoopBackOff in production: 17 order-service and 15 payment-service".
fn title(groups: &[(WorkloadRef, Vec<&ClusterPod>)], total: usize) -> Text {
    let namespaces: BTreeSet<&str> = groups.iter().map(|(w, _)| w.namespace.as_str()).collect();
    let one_namespace = match namespaces.iter().next() {
        Some(ns) if namespaces.len() == 1 => Some(*ns),
        _ => None,
    };
    let label = |w: &WorkloadRef| match one_namespace {
        Some(_) => w.name.clone(),
        None => w.key(),
    };
    let scope = match one_namespace {
        Some(ns) => Msg::new("scope-namespace").arg("namespace", ns),
        None => Msg::new("scope-namespaces").arg("count", namespaces.len()),
    };
    match groups {
        [(w, pods)] => Text::with(
            Msg::new("finding-crashloop-one")
                .arg("pods", pods.len())
                .arg("workload", label(w)),
            [("scope", scope.into())],
        ),
        _ => {
            let parts: Vec<String> = groups
                .iter()
                .map(|(w, pods)| format!("{} {}", pods.len(), label(w)))
                .collect();
            Text::with(
                Msg::new("finding-crashloop-many").arg("pods", total),
                [
                    ("scope", scope.into()),
                    ("workloads", Text::list(&parts, MAX_NAMES)),
                ],
            )
        }
    }
}

/// One workload's crash-looping pods, their restarts and nodes.
fn group_line(w: &WorkloadRef, pods: &[&ClusterPod]) -> Text {
    let restarts: i64 = pods.iter().map(|p| wl::restarts(p)).sum();
    let nodes: BTreeSet<&str> = pods.iter().filter_map(|p| wl::node_name(p)).collect();
    let nodes: Vec<&str> = nodes.into_iter().collect();
    Text::with(
        Msg::new("finding-crashloop-group")
            .arg("workload", w.key())
            .arg("kind", w.kind.as_str())
            .arg("pods", pods.len())
            .arg("restarts", restarts)
            .arg("placed", if nodes.is_empty() { "no" } else { "yes" }),
        [("nodes", Text::list(&nodes, MAX_NAMES))],
    )
}

/// `kubectl get pods` of one workload's crash-looping pods.
fn group_evidence(w: &WorkloadRef, pods: &[&ClusterPod]) -> Option<Evidence> {
    let first = pods.first()?;
    let content = text::lines_capped(
        Some(wl::POD_ROW_HEADER),
        pods.iter().map(|p| wl::pod_row(p)),
    );
    Some(Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-crash-looping-pods")
            .arg("count", pods.len())
            .arg("workload", w.key()),
        Some(&wl::get_pods_command(first)),
        &content,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_counts_32_pods_per_workload() {
        let f = &testdata::single(analyze, &testdata::seed());
        assert_eq!(f.severity, Severity::Critical);
        testdata::expect_title(
            f,
            "32 pods in CrashLoopBackOff in production: 17 order-service and 15 payment-service",
        );
        testdata::expect_detail(
            f,
            "production/payment-service (Deployment): 15 pods
             on node-5, node-6, node-7 and node-8",
        );
        testdata::expect_commands(
            f,
            "kubectl get pods -n production -l app=order-service -o wide
             kubectl get pods -n production -l app=payment-service -o wide",
        );
        testdata::expect_evidence(f, 1, "CrashLoopBackOff");
        testdata::expect_zh_finding(
            f,
            "production/order-service（Deployment）：17 个 Pod 处于 CrashLoopBackOff，\
             共重启 119 次，分布在 node-5、node-6、node-7 和 node-8。\n\
             production/payment-service（Deployment）：15 个 Pod 处于 CrashLoopBackOff",
        );
        assert_eq!(
            testdata::zh(f.suggestion.as_ref().unwrap()),
            "查看容器退出的原因（见下方的退出码和上次日志）：\
             kubectl logs order-service-5f6b9c7d48-5zhjp -n production --previous --tail=200"
        );
    }

    #[test]
    fn a_pod_on_no_node_and_a_single_restart() {
        let mut s = testdata::healthy();
        let mut p = testdata::pod("web", 3, "node-1");
        p["spec"]["nodeName"] = json!(null);
        p["status"]["containerStatuses"][0]["restartCount"] = json!(1);
        p["status"]["containerStatuses"][0]["state"] =
            json!({"waiting": {"reason": "CrashLoopBackOff"}});
        s.pods.push(testdata::from(p));
        let f = testdata::single(analyze, &s);
        testdata::expect_detail(
            &f,
            "shop/web (Deployment): 1 pod in CrashLoopBackOff, 1 restart in total, on no node.",
        );
        testdata::expect_zh_finding(
            &f,
            "shop/web（Deployment）：1 个 Pod 处于 CrashLoopBackOff，共重启 1 次，尚未调度到任何节点。",
        );
    }

    #[test]
    fn fires_alone_on_one_crash_looping_pod_and_caps_the_listing() {
        let mut s = testdata::healthy();
        for i in 3..30 {
            let mut p = testdata::pod("web", i, "node-1");
            p["status"]["conditions"][0]["status"] = json!("False");
            p["status"]["containerStatuses"][0]["ready"] = json!(false);
            p["status"]["containerStatuses"][0]["restartCount"] = json!(4);
            p["status"]["containerStatuses"][0]["state"] =
                json!({"waiting": {"reason": "CrashLoopBackOff"}});
            s.pods.push(testdata::from(p));
        }
        let f = testdata::lone(
            &s,
            Check::CrashLoop,
            "27 web pods in CrashLoopBackOff in shop",
        );
        let listing = f.evidence[0].content();
        assert!(listing.contains("web-6b7f9c5d4-00003  0/1  CrashLoopBackOff  4  node-1"));
        assert!(listing.ends_with("… and 7 more\n"));
    }

    #[test]
    fn healthy_namespace_has_no_crash_loop() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
