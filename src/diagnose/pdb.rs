//! PodDisruptionBudgets: a budget that selects no pods (it protects nothing) or allows no
//! disruption (every drain and eviction of its pods is refused), from the budget's status.

use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::Snapshot;

fn selector(p: &PodDisruptionBudget) -> String {
    let Some(sel) = p.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
        return "<none>".into();
    };
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    parts.extend(sel.match_expressions.iter().flatten().map(|e| {
        format!(
            "{} {} ({})",
            e.key,
            e.operator,
            e.values
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(",")
        )
    }));
    if parts.is_empty() {
        "{} (every pod)".into()
    } else {
        parts.join(",")
    }
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.pdbs.iter().filter_map(finding).collect()
}

fn finding(p: &PodDisruptionBudget) -> Option<Finding> {
    let st = p.status.as_ref()?;
    let expected = st.expected_pods?;
    let allowed = st.disruptions_allowed.unwrap_or(0);
    let (current, desired) = (
        st.current_healthy.unwrap_or(0),
        st.desired_healthy.unwrap_or(0),
    );
    let m = &p.metadata;
    let name = meta::name(m);
    let spec = p.spec.as_ref();
    let bound = |v: Option<&k8s_openapi::apimachinery::pkg::util::intstr::IntOrString>| {
        v.map_or_else(
            || "N/A".to_string(),
            |v| match v {
                k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(i) => i.to_string(),
                k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
            },
        )
    };
    let lines = vec![format!(
        "Name: {name}\nNamespace: {}\nMin available: {}\nMax unavailable: {}\nSelector: {}\n\
         Status:\n  Allowed disruptions: {allowed}\n  Current: {current}\n  Desired: {desired}\n  \
         Total: {expected}",
        meta::ns(m),
        bound(spec.and_then(|s| s.min_available.as_ref())),
        bound(spec.and_then(|s| s.max_unavailable.as_ref())),
        selector(p)
    )];
    let (title, detail, fix) = if expected == 0 {
        (
            format!("PodDisruptionBudget {name} selects no pods: it protects nothing"),
            format!(
                "Selector {} matches no pod in {}; the budget does not guard the workload it \
                 was written for.",
                selector(p),
                meta::ns(m)
            ),
            format!(
                "Correct the selector of PodDisruptionBudget {name} to the workload's pod labels \
                 (kubectl get pods -n {} --show-labels)",
                meta::ns(m)
            ),
        )
    } else if allowed == 0 {
        (
            format!(
                "PodDisruptionBudget {name} allows no disruption: drains and evictions of its \
                 {expected} pods are refused"
            ),
            format!(
                "{current} of {expected} pods are healthy and the budget needs {desired}; \
                 kubectl drain and the cluster autoscaler wait on these pods until more are \
                 healthy or the budget is relaxed."
            ),
            format!(
                "Make more pods healthy, or relax the budget (lower minAvailable or raise \
                 maxUnavailable of {name}) so that at least one pod may be evicted"
            ),
        )
    } else {
        return None;
    };
    Some(Finding {
        check: Check::Disruption,
        severity: Severity::Warning,
        signal: Signal::DisruptionBlocked,
        title: title.into(),
        detail: detail.into(),
        suggestion: Some(fix.into()),
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("pdb", m, true, &lines)],
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn pdb(expected: i32, healthy: i32, allowed: i32) -> PodDisruptionBudget {
        testdata::from(json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
            "status": {"expectedPods": expected, "currentHealthy": healthy, "desiredHealthy": 2,
                "disruptionsAllowed": allowed}
        }))
    }

    #[test]
    fn a_budget_allowing_no_disruption_is_found() {
        let mut s = testdata::healthy();
        s.pdbs.push(pdb(3, 2, 0));
        let f = testdata::run(analyze, &s);
        assert_eq!(
            testdata::en(&f[0].title),
            "PodDisruptionBudget web allows no disruption: drains and evictions of its 3 pods \
             are refused"
        );
    }

    #[test]
    fn a_budget_with_room_has_no_findings() {
        let mut s = testdata::healthy();
        s.pdbs.push(pdb(3, 3, 1));
        assert!(testdata::run(analyze, &s).is_empty());
    }

    #[test]
    fn a_budget_selecting_no_pods_fires_alone() {
        let mut s = testdata::healthy();
        s.pdbs.push(pdb(0, 0, 0));
        let f = testdata::lone(
            &s,
            Check::Disruption,
            "PodDisruptionBudget web selects no pods: it protects nothing",
        );
        testdata::expect_evidence(&f, 0, "Selector: app=web");
    }
}
