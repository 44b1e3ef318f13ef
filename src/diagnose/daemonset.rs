//! DaemonSets: nodes without their pod (unscheduled), pods not ready, and pods on nodes they
//! should not run on (misscheduled), from the DaemonSet's status counts.

use k8s_openapi::api::apps::v1::DaemonSet;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::text;
use crate::cluster::Snapshot;

fn count(n: i32, one: &str, many: &str) -> String {
    text::count(usize::try_from(n).unwrap_or(0), one, many)
}

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
    let mut parts = Vec::new();
    if unready > 0 {
        parts.push(format!("{} of {desired} pods ready", st.number_ready));
    }
    if unscheduled > 0 {
        parts.push(format!(
            "{} without its pod",
            count(unscheduled, "node", "nodes")
        ));
    }
    if misscheduled > 0 {
        parts.push(format!(
            "{} on nodes it should not run on",
            count(misscheduled, "pod", "pods")
        ));
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
        format!(
            "Some nodes cannot take the pod (taints without tolerations, no room, node \
             selector): kubectl describe daemonset {name} -n {ns} and the pods' FailedScheduling \
             reasons"
        )
    } else if unready > 0 {
        format!(
            "Read why the pods are not ready: kubectl get pods -n {ns} -l <selector of {name}> \
             -o wide, then their logs"
        )
    } else {
        format!(
            "The pods' node selector or tolerations no longer match their nodes: check the \
             nodes' labels and taints against DaemonSet {name}"
        )
    };
    Some(Finding {
        check: Check::DaemonSets,
        severity: Severity::critical_if(desired > 0 && st.number_ready == 0),
        signal: Signal::DaemonSetDegraded,
        title: format!("DaemonSet {name}: {}", parts.join(", ")).into(),
        detail: format!(
            "DaemonSet {ns}/{name} should run on {desired} nodes: {} scheduled, {} ready, \
             {misscheduled} misscheduled.",
            st.current_number_scheduled, st.number_ready
        )
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
        testdata::lone(
            &s,
            Check::DaemonSets,
            "DaemonSet log-agent: 1 of 3 pods ready, 1 node without its pod",
        );
    }

    #[test]
    fn misscheduled_pods_are_found() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(3, 3, 1));
        assert_eq!(
            testdata::en(&testdata::run(analyze, &s)[0].title),
            "DaemonSet log-agent: 1 pod on nodes it should not run on"
        );
    }

    #[test]
    fn a_complete_daemon_set_has_no_findings() {
        let mut s = testdata::healthy();
        s.daemon_sets.push(ds(3, 3, 0));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
