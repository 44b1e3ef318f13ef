//! NetworkPolicies that select no pods: the cluster layer asked the API server whether any pod
//! of the namespace matches each podSelector; a policy matching none applies to nothing (the
//! pods it was written for are not covered by it, and what it allows is allowed to no one).
//! An empty podSelector selects every pod and is never reported here.

use k8s_openapi::api::networking::v1::NetworkPolicy;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::network::{describe_selector, selector_terms};
use crate::cluster::Snapshot;
use crate::i18n::{Msg, Text};

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.idle_network_policies.iter().map(finding).collect()
}

fn finding(p: &NetworkPolicy) -> Finding {
    let m = &p.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let spec = p.spec.as_ref();
    let selector = spec.and_then(|s| s.pod_selector.as_ref());
    let types = spec
        .and_then(|s| s.policy_types.as_ref())
        .map_or_else(|| "unset".to_string(), |t| t.join(", "));
    let rules = |n: Option<usize>| n.unwrap_or(0);
    let lines = vec![format!(
        "Name: {name}\nNamespace: {ns}\nPodSelector: {}\nPolicy types: {types}\n\
         Ingress rules: {}\nEgress rules: {}\nPods selected: 0",
        selector_terms(selector).join(", "),
        rules(spec.and_then(|s| s.ingress.as_ref()).map(Vec::len)),
        rules(spec.and_then(|s| s.egress.as_ref()).map(Vec::len)),
    )];
    Finding {
        check: Check::Network,
        severity: Severity::Warning,
        signal: Signal::PolicySelectsNothing,
        title: Msg::new("finding-policy-idle")
            .arg("policy", name)
            .arg("namespace", ns)
            .into(),
        detail: Text::with(
            Msg::new("policy-idle-detail").arg("namespace", ns),
            [("selected", describe_selector(selector))],
        ),
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("networkpolicy", m, true, &lines)],
        suggestion: Some(
            Msg::new("fix-policy-idle")
                .arg("policy", name)
                .arg("namespace", ns)
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::diagnose::{Check, testdata};

    #[test]
    fn a_policy_selecting_no_pods_fires_alone() {
        let mut s = testdata::healthy();
        s.idle_network_policies.push(testdata::from(json!({
            "metadata": {"name": "api-allow", "namespace": "shop"},
            "spec": {"podSelector": {"matchLabels": {"app": "api"}},
                "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}
        })));
        let f = testdata::lone(
            &s,
            Check::Network,
            "NetworkPolicy api-allow selects no pods in shop: its rules apply to nothing",
        );
        let evidence = f.evidence[0].content();
        assert!(evidence.contains("PodSelector: app=api"), "{evidence}");
        testdata::expect_command(&f, 0, "kubectl describe networkpolicy api-allow -n shop");
        testdata::expect_detail(&f, "It selects pods with app=api, and no pod of shop has");
        testdata::expect_zh_title(
            &f,
            "NetworkPolicy api-allow 在命名空间 shop 中没有选中任何 Pod：它的规则不作用于任何对象",
        );
        testdata::expect_zh_finding(
            &f,
            "它选中的是标签匹配 app=api 的 Pod，但命名空间 shop 中没有 Pod 带这些标签。",
        );
    }
}
