//! NetworkPolicies that select no pods: the cluster layer asked the API server whether any pod
//! of the namespace matches each podSelector; a policy matching none applies to nothing (the
//! pods it was written for are not covered by it, and what it allows is allowed to no one).
//! An empty podSelector selects every pod and is never reported here.

use k8s_openapi::api::networking::v1::NetworkPolicy;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::network::describe_selector;
use crate::cluster::Snapshot;

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.idle_network_policies.iter().map(finding).collect()
}

fn finding(p: &NetworkPolicy) -> Finding {
    let m = &p.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let spec = p.spec.as_ref();
    let selected = describe_selector(spec.and_then(|s| s.pod_selector.as_ref()));
    let types = spec
        .and_then(|s| s.policy_types.as_ref())
        .map_or_else(|| "unset".to_string(), |t| t.join(", "));
    let rules = |n: Option<usize>| n.unwrap_or(0);
    let lines = vec![format!(
        "Name: {name}\nNamespace: {ns}\nPodSelector: {selected}\nPolicy types: {types}\n\
         Ingress rules: {}\nEgress rules: {}\nPods selected: 0",
        rules(spec.and_then(|s| s.ingress.as_ref()).map(Vec::len)),
        rules(spec.and_then(|s| s.egress.as_ref()).map(Vec::len)),
    )];
    Finding {
        check: Check::Network,
        severity: Severity::Warning,
        signal: Signal::PolicySelectsNothing,
        title: format!("NetworkPolicy {name} selects no pods in {ns}: its rules apply to nothing")
            .into(),
        detail: format!(
            "It selects {selected}, and no pod of {ns} has those labels. The pods it was \
             written for are not isolated by it, and if it was meant to allow traffic to pods \
             that another policy isolates, that traffic is still denied."
        )
        .into(),
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("networkpolicy", m, true, &lines)],
        suggestion: Some(
            format!(
                "Correct the podSelector of NetworkPolicy {name} to the labels of the pods it is \
             meant for (kubectl get pods -n {ns} --show-labels), or delete it if those pods are \
             gone"
            )
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
        assert!(
            evidence.contains("PodSelector: pods with app=api"),
            "{evidence}"
        );
        testdata::expect_command(&f, 0, "kubectl describe networkpolicy api-allow -n shop");
    }
}
