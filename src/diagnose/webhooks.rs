//! Admission webhooks: a Mutating/ValidatingWebhookConfiguration whose Service is missing or has
//! no ready endpoints. With failurePolicy Fail (the default) every matching request is refused,
//! so pods, ReplicaSets and the rest are never created.

use std::collections::HashMap;

use k8s_openapi::api::admissionregistration::v1::{
    RuleWithOperations, ServiceReference, WebhookClientConfig,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::text::{self, MAX_NAMES};
use crate::cluster::Snapshot;
use crate::evidence::{Evidence, EvidenceKind};

/// One webhook of either kind, as far as this check needs it.
struct Hook<'a> {
    kind: &'static str,
    resource: &'static str,
    config: &'a str,
    name: &'a str,
    service: &'a ServiceReference,
    failure_policy: &'a str,
    rules: &'a [RuleWithOperations],
}

/// (kind, resource) of the two kinds of webhook configuration.
const MUTATING: (&str, &str) = ("Mutating", "mutatingwebhookconfiguration");
const VALIDATING: (&str, &str) = ("Validating", "validatingwebhookconfiguration");

/// What both kinds of webhook have: name, client config, failure policy and rules.
type Parts<'a> = (
    &'a String,
    &'a WebhookClientConfig,
    &'a Option<String>,
    &'a Option<Vec<RuleWithOperations>>,
);

fn hooks(s: &Snapshot) -> Vec<Hook<'_>> {
    let mut out = Vec::new();
    for c in &s.mutating_webhooks {
        for w in c.webhooks.iter().flatten() {
            let parts = (&w.name, &w.client_config, &w.failure_policy, &w.rules);
            out.extend(hook(MUTATING, &c.metadata, parts));
        }
    }
    for c in &s.validating_webhooks {
        for w in c.webhooks.iter().flatten() {
            let parts = (&w.name, &w.client_config, &w.failure_policy, &w.rules);
            out.extend(hook(VALIDATING, &c.metadata, parts));
        }
    }
    out
}

/// A webhook that calls a Service (one that calls a URL has nothing in the cluster to check).
fn hook<'a>(
    (kind, resource): (&'static str, &'static str),
    config: &'a ObjectMeta,
    (name, client, failure_policy, rules): Parts<'a>,
) -> Option<Hook<'a>> {
    Some(Hook {
        kind,
        resource,
        config: meta::name(config),
        name,
        service: client.service.as_ref()?,
        failure_policy: failure_policy.as_deref().unwrap_or("Fail"),
        rules: rules.as_deref().unwrap_or_default(),
    })
}

/// "CREATE, UPDATE of pods, deployments".
fn rules_text(rules: &[RuleWithOperations]) -> String {
    let mut ops: Vec<&str> = Vec::new();
    let mut resources: Vec<&str> = Vec::new();
    for r in rules {
        for o in r.operations.iter().flatten() {
            if !ops.contains(&o.as_str()) {
                ops.push(o);
            }
        }
        for x in r.resources.iter().flatten() {
            if !resources.contains(&x.as_str()) {
                resources.push(x);
            }
        }
    }
    format!(
        "{} of {}",
        text::join_capped(&ops, MAX_NAMES),
        text::join_capped(&resources, MAX_NAMES)
    )
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    let mut ready: HashMap<(&str, &str), usize> = HashMap::new();
    for sl in &s.endpoint_slices {
        let Some(svc) = sl
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("kubernetes.io/service-name"))
        else {
            continue;
        };
        let n = sl
            .endpoints
            .iter()
            .flatten()
            .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) != Some(false))
            .count();
        *ready
            .entry((meta::ns(&sl.metadata), svc.as_str()))
            .or_default() += n;
    }
    let known = |ns: &str, name: &str| {
        s.services
            .iter()
            .any(|x| meta::ns(&x.metadata) == ns && meta::name(&x.metadata) == name)
    };
    hooks(s)
        .into_iter()
        .filter_map(|h| {
            let (ns, svc) = (h.service.namespace.as_str(), h.service.name.as_str());
            let state = if s.is_missing("Service", Some(ns), svc) {
                "does not exist"
            } else if known(ns, svc) && ready.get(&(ns, svc)).copied().unwrap_or(0) == 0 {
                "has no ready endpoints"
            } else {
                return None;
            };
            Some(finding(&h, state))
        })
        .collect()
}

fn finding(h: &Hook, state: &str) -> Finding {
    let (ns, svc) = (&h.service.namespace, &h.service.name);
    let blocks = h.failure_policy == "Fail";
    let rules = rules_text(h.rules);
    let consequence = if blocks {
        format!("with failurePolicy Fail it blocks every matching request ({rules})")
    } else {
        format!("with failurePolicy Ignore its checks are skipped ({rules})")
    };
    Finding {
        check: Check::Webhooks,
        severity: Severity::critical_if(blocks),
        signal: Signal::WebhookDown { blocks },
        title: format!(
            "{} webhook {} calls Service {ns}/{svc}, which {state}: {consequence}",
            h.kind, h.name
        )
        .into(),
        detail: format!(
            "{}WebhookConfiguration {} sends {rules} to {ns}/{svc}{}. The API server cannot \
             reach it, so {}.",
            h.kind,
            h.config,
            h.service
                .path
                .as_deref()
                .map(|p| format!(" path {p}"))
                .unwrap_or_default(),
            if blocks {
                "controllers' creates fail (FailedCreate) and no new pods appear"
            } else {
                "requests pass without the webhook's mutation or validation"
            }
        )
        .into(),
        subjects: vec![h.config.to_string(), format!("{ns}/{svc}")],
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            format!("{} webhook {}", h.kind, h.name),
            Some(&format!("kubectl get {} {} -o yaml", h.resource, h.config)),
            &format!(
                "webhooks:\n- name: {}\n  clientConfig:\n    service: {{namespace: {ns}, name: \
                 {svc}, port: {}}}\n  failurePolicy: {}\n  rules: {rules}\n# Service {ns}/{svc} \
                 {state}\n",
                h.name,
                h.service.port.unwrap_or(443),
                h.failure_policy
            ),
        )],
        suggestion: Some(
            format!(
                "Bring the webhook's backend back (kubectl get pods,endpointslices -n {ns}); if it \
             is gone for good, remove the configuration: kubectl delete {} {}",
                h.resource, h.config
            )
            .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn config(
        policy: &str,
    ) -> k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration {
        testdata::from(json!({
            "metadata": {"name": "policy"},
            "webhooks": [{"name": "pods.policy.example.com", "sideEffects": "None",
                "admissionReviewVersions": ["v1"], "failurePolicy": policy,
                "clientConfig": {"service": {"namespace": "policy", "name": "policy-webhook",
                    "port": 443}},
                "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                    "resources": ["pods"]}]}]
        }))
    }

    #[test]
    fn a_webhook_without_its_service_blocks_creates_and_fires_alone() {
        let mut s = testdata::healthy();
        s.validating_webhooks.push(config("Fail"));
        s.missing.push(testdata::missing(
            "Service",
            Some("policy"),
            "policy-webhook",
        ));
        let f = testdata::lone(
            &s,
            Check::Webhooks,
            "Validating webhook pods.policy.example.com calls Service policy/policy-webhook, \
             which does not exist: with failurePolicy Fail it blocks every matching request \
             (CREATE of pods)",
        );
        assert_eq!(f.severity, Severity::Critical);
    }

    /// The healthy namespace and a validating webhook with `failure_policy` whose Service
    /// exists (with no EndpointSlice yet).
    fn with_service(failure_policy: &str) -> Snapshot {
        let mut s = testdata::healthy();
        s.validating_webhooks.push(config(failure_policy));
        s.services.push(testdata::from(json!({
            "metadata": {"name": "policy-webhook", "namespace": "policy"},
            "spec": {"selector": {"app": "policy"}}
        })));
        s
    }

    #[test]
    fn a_webhook_without_ready_endpoints_is_found() {
        let s = with_service("Ignore");
        let f = testdata::single(analyze, &s);
        assert_eq!(f.severity, Severity::Warning);
        assert!(testdata::en(&f.title).contains("which has no ready endpoints"));
    }

    #[test]
    fn a_served_webhook_has_no_findings() {
        let mut s = with_service("Fail");
        s.endpoint_slices.push(testdata::from(json!({
            "metadata": {"name": "policy-webhook-x", "namespace": "policy",
                "labels": {"kubernetes.io/service-name": "policy-webhook"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": ["10.0.0.9"], "conditions": {"ready": true}}]
        })));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
