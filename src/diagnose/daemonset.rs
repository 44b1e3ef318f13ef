//! DaemonSets: nodes without their pod (unscheduled), pods not ready, and pods on nodes they
//! should not run on (misscheduled), from the DaemonSet's status counts.

use k8s_openapi::api::apps::v1::DaemonSet;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::{Snapshot, selection};
use crate::i18n::{Msg, Text};

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.daemon_sets.iter().filter_map(finding).collect()
}

fn finding(d: &DaemonSet) -> Option<Finding> {
    let st = d.status.as_ref()?;
    let desired = st.desired_number_scheduled;
    let unscheduled = (desired - st.current_number_scheduled).max(0);
    let unready = (desired - st.number_ready).max(0);
    let misscheduled = st.number_misscheduled;
    if unscheduled == 0 && unready == 0 && misscheduled == 0 {
        return None;
    }
    let m = &d.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let mut parts: Vec<Text> = Vec::new();
    if unready > 0 {
        parts.push(
            Msg::new("daemonset-unready")
                .arg("ready", i64::from(st.number_ready))
                .arg("desired", i64::from(desired))
                .into(),
        );
    }
    if unscheduled > 0 {
        parts.push(
            Msg::new("daemonset-unscheduled")
                .arg("nodes", i64::from(unscheduled))
                .into(),
        );
    }
    if misscheduled > 0 {
        parts.push(
            Msg::new("daemonset-misscheduled")
                .arg("pods", i64::from(misscheduled))
                .into(),
        );
    }
    let lines = vec![format!(
        "NAME  DESIRED  CURRENT  READY  UP-TO-DATE  AVAILABLE  MISSCHEDULED\n{name}  {desired}  \
         {}  {}  {}  {}  {misscheduled}",
        st.current_number_scheduled,
        st.number_ready,
        st.updated_number_scheduled.unwrap_or(0),
        st.number_available.unwrap_or(0)
    )];
    let fix = if unscheduled > 0 {
        Msg::new("finding-daemonset-unscheduled-fix")
    } else if unready > 0 {
        let selector = selection::label_selector(&d.spec.selector)
            .map(|sel| format!(" -l {sel}"))
            .unwrap_or_default();
        Msg::new("finding-daemonset-unready-fix").arg(
            "command",
            format!("kubectl get pods -n {ns}{selector} -o wide"),
        )
    } else {
        Msg::new("finding-daemonset-misscheduled-fix")
    }
    .arg("daemonset", name)
    .arg("namespace", ns);
    Some(Finding {
        check: Check::DaemonSets,
        severity: Severity::critical_if(desired > 0 && st.number_ready == 0),
        signal: Signal::DaemonSetDegraded,
        title: Text::with(
            Msg::new("finding-daemonset").arg("daemonset", name),
            [("problems", Text::Phrases(parts))],
        ),
        detail: Msg::new("finding-daemonset-detail")
            .arg("namespace", ns)
            .arg("daemonset", name)
            .arg("desired", i64::from(desired))
            .arg("scheduled", i64::from(st.current_number_scheduled))
            .arg("ready", i64::from(st.number_ready))
            .arg("misscheduled", i64::from(misscheduled))
            .into(),
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("daemonset", m, true, &lines)],
        suggestion: Some(fix.into()),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn ds(current: i32, ready: i32, mis: i32) -> DaemonSet {
        testdata::from(json!({
            "metadata": {"name": "log-agent", "namespace": "shop"},
            "spec": {"selector": {"matchLabels": {"app": "log-agent"}},
                "template": {"spec": {"containers": []}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": current,
                "numberReady": ready, "numberMisscheduled": mis}
        }))
    }

    #[test]
    fn an_unready_and_unscheduled_daemon_set_fires_alone() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(2, 1, 0));
        let f = testdata::lone(
            &s,
            Check::DaemonSets,
            "DaemonSet log-agent: 1 of 3 pods ready, 1 node without its pod",
        );
        testdata::expect_detail(
            &f,
            "DaemonSet shop/log-agent should run on 3 nodes: 2 scheduled, 1 ready, 0 misscheduled.",
        );
        assert!(testdata::fix(&f).starts_with("Some nodes cannot take the pod"));
        testdata::expect_zh_title(
            &f,
            "DaemonSet log-agent：3 个 Pod 中只有 1 个就绪，1 个节点上没有它的 Pod",
        );
        testdata::expect_zh_finding(
            &f,
            "应在 3 个节点上运行：已调度 2 个，就绪 1 个，调度到错误节点（misscheduled）0 个。",
        );
    }

    #[test]
    fn unready_pods_on_every_node_point_at_their_logs() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(3, 2, 0));
        let f = testdata::single(analyze, &s);
        assert_eq!(
            testdata::fix(&f),
            "Read why the pods are not ready: kubectl get pods -n shop -l app=log-agent -o wide, \
             then their logs"
        );
        testdata::expect_zh_finding(&f, "已调度 3 个，就绪 2 个");
    }

    #[test]
    fn misscheduled_pods_are_found() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(3, 3, 1));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "DaemonSet log-agent: 1 pod on nodes it should not run on",
        );
        assert!(testdata::fix(&f).starts_with("The pods' node selector or tolerations"));
        testdata::expect_zh_title(&f, "DaemonSet log-agent：1 个 Pod 运行在不该运行的节点上");
        testdata::expect_zh_finding(&f, "（misscheduled）1 个");
    }

    #[test]
    fn a_complete_daemon_set_has_no_findings() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(3, 3, 0));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
