//! PodDisruptionBudgets: a budget that selects no pods (it protects nothing) or allows no
//! disruption (every drain and eviction of its pods is refused), from the budget's status.

use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::Snapshot;
use crate::i18n::{Msg, Text};

/// The parts of the budget's selector (`key=value`, `key Operator (values)`): `None` when it
/// has none, no parts when it is empty (it selects every pod).
fn selector_parts(p: &PodDisruptionBudget) -> Option<Vec<String>> {
    let sel = p.spec.as_ref().and_then(|s| s.selector.as_ref())?;
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
    Some(parts)
}

/// The selector in words: "app=web", "{} (every pod)" or "<none>".
fn selector(p: &PodDisruptionBudget) -> Text {
    let parts = selector_parts(p);
    let kind = match &parts {
        None => "none",
        Some(parts) if parts.is_empty() => "all",
        Some(_) => "labels",
    };
    Msg::new("pdb-selector")
        .arg("selector", kind)
        .arg("labels", parts.unwrap_or_default().join(","))
        .into()
}

/// The selector as `kubectl describe pdb` prints it.
fn selector_line(p: &PodDisruptionBudget) -> String {
    match selector_parts(p) {
        None => "<none>".into(),
        Some(parts) if parts.is_empty() => "{} (every pod)".into(),
        Some(parts) => parts.join(","),
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
        selector_line(p)
    )];
    let ns = meta::ns(m);
    let (title, detail, fix): (Text, Text, Text) = if expected == 0 {
        (
            Msg::new("finding-pdb-no-pods").arg("pdb", name).into(),
            Text::with(
                Msg::new("finding-pdb-no-pods-detail").arg("namespace", ns),
                [("selector", selector(p))],
            ),
            Msg::new("finding-pdb-no-pods-fix")
                .arg("pdb", name)
                .arg("namespace", ns)
                .into(),
        )
    } else if allowed == 0 {
        (
            Msg::new("finding-pdb-blocking")
                .arg("pdb", name)
                .arg("pods", i64::from(expected))
                .into(),
            Msg::new("finding-pdb-blocking-detail")
                .arg("current", i64::from(current))
                .arg("pods", i64::from(expected))
                .arg("desired", i64::from(desired))
                .into(),
            Msg::new("finding-pdb-blocking-fix").arg("pdb", name).into(),
        )
    } else {
        return None;
    };
    Some(Finding {
        check: Check::Disruption,
        severity: Severity::Warning,
        signal: Signal::DisruptionBlocked,
        title,
        detail,
        suggestion: Some(fix),
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
        testdata::expect_detail(
            &f[0],
            "2 of 3 pods are healthy and the budget needs 2; kubectl drain",
        );
        testdata::expect_zh_title(
            &f[0],
            "PodDisruptionBudget web 不允许任何中断：对其 3 个 Pod 的 drain 和驱逐都会被拒绝",
        );
        testdata::expect_zh_finding(&f[0], "3 个 Pod 中有 2 个健康，而这个 PDB 要求至少 2 个");
    }

    #[test]
    fn a_budget_over_one_pod_says_pod() {
        let mut s = testdata::healthy();
        s.pdbs.push(pdb(1, 1, 0));
        testdata::expect_title(
            &testdata::single(analyze, &s),
            "PodDisruptionBudget web allows no disruption: drains and evictions of its 1 pod \
             are refused",
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
        testdata::expect_detail(&f, "Selector app=web matches no pod in shop;");
        testdata::expect_zh_finding(&f, "选择器在命名空间 shop 中匹配不到任何 Pod：app=web；");
    }

    #[test]
    fn an_empty_or_missing_selector_is_named_in_both_languages() {
        for (selector, en, zh) in [
            (
                json!({}),
                "Selector {} (every pod) matches",
                "任何 Pod：{}（选中所有 Pod）；",
            ),
            (
                json!(null),
                "Selector <none> matches",
                "任何 Pod：<none>（未设置）；",
            ),
        ] {
            let mut p = pdb(0, 0, 0);
            p.spec.as_mut().unwrap().selector = testdata::from(selector);
            let mut s = testdata::healthy();
            s.pdbs.push(p);
            let f = testdata::single(analyze, &s);
            testdata::expect_detail(&f, en);
            testdata::expect_zh_finding(&f, zh);
        }
    }
}
