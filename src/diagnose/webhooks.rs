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
use crate::i18n::{Msg, Text};

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

/// The operations and the resources the rules match, each once, in order.
fn rules_parts(rules: &[RuleWithOperations]) -> (Vec<&str>, Vec<&str>) {
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
    (ops, resources)
}

/// "CREATE and UPDATE of pods and deployments", as the evidence lists it.
fn rules_line(rules: &[RuleWithOperations]) -> String {
    let (ops, resources) = rules_parts(rules);
    format!(
        "{} of {}",
        text::join_capped(&ops, MAX_NAMES),
        text::join_capped(&resources, MAX_NAMES)
    )
}

/// `rules_line` for a reader.
fn rules_text(rules: &[RuleWithOperations]) -> Text {
    let (ops, resources) = rules_parts(rules);
    Text::with(
        Msg::new("webhook-rules"),
        [
            ("operations", Text::list(&ops, MAX_NAMES)),
            ("resources", Text::list(&resources, MAX_NAMES)),
        ],
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
                State::Missing
            } else if known(ns, svc) && ready.get(&(ns, svc)).copied().unwrap_or(0) == 0 {
                State::Unready
            } else {
                return None;
            };
            Some(finding(&h, state))
        })
        .collect()
}

/// What is wrong with a webhook's Service.
#[derive(Clone, Copy)]
enum State {
    Missing,
    Unready,
}

impl State {
    /// The state as the catalog selects it.
    fn key(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Unready => "unready",
        }
    }

    /// The state as the evidence's comment says it.
    fn said(self) -> &'static str {
        match self {
            State::Missing => "does not exist",
            State::Unready => "has no ready endpoints",
        }
    }
}

fn finding(h: &Hook, state: State) -> Finding {
    let (ns, svc) = (&h.service.namespace, &h.service.name);
    let blocks = h.failure_policy == "Fail";
    let rules = rules_line(h.rules);
    let blocks_arg = if blocks { "yes" } else { "no" };
    let service = format!("{ns}/{svc}");
    Finding {
        check: Check::Webhooks,
        severity: Severity::critical_if(blocks),
        signal: Signal::WebhookDown { blocks },
        title: Text::with(
            Msg::new("finding-webhook-down")
                .arg("kind", h.kind)
                .arg("webhook", h.name)
                .arg("service", service.clone())
                .arg("state", state.key())
                .arg("blocks", blocks_arg),
            [("rules", rules_text(h.rules))],
        ),
        detail: Text::with(
            Msg::new("webhook-detail")
                .arg("kind", h.kind)
                .arg("config", h.config)
                .arg("service", service)
                .arg("path", h.service.path.as_deref().unwrap_or("none"))
                .arg("blocks", blocks_arg),
            [("rules", rules_text(h.rules))],
        ),
        subjects: vec![h.config.to_string(), format!("{ns}/{svc}")],
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-webhook")
                .arg("kind", h.kind)
                .arg("name", h.name),
            Some(&format!("kubectl get {} {} -o yaml", h.resource, h.config)),
            &format!(
                "webhooks:\n- name: {}\n  clientConfig:\n    service: {{namespace: {ns}, name: \
                 {svc}, port: {}}}\n  failurePolicy: {}\n  rules: {rules}\n# Service {ns}/{svc} \
                 {}\n",
                h.name,
                h.service.port.unwrap_or(443),
                h.failure_policy,
                state.said()
            ),
        )],
        suggestion: Some(
            Msg::new("fix-webhook-down")
                .arg("namespace", ns.as_str())
                .arg("resource", h.resource)
                .arg("config", h.config)
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
        testdata::expect_detail(
            &f,
            "ValidatingWebhookConfiguration policy sends CREATE of pods to policy/policy-webhook. \
             The API server cannot reach it, so controllers' creates fail (FailedCreate)",
        );
        testdata::expect_zh_title(
            &f,
            "Validating webhook pods.policy.example.com 调用的 Service policy/policy-webhook \
             不存在：failurePolicy 为 Fail，所有匹配的请求（对 pods 的 CREATE）都会被拒绝",
        );
        testdata::expect_zh_finding(
            &f,
            "ValidatingWebhookConfiguration policy 会把对 pods 的 CREATE 请求发往 \
             policy/policy-webhook。API server 访问不到它，因此控制器创建对象失败（FailedCreate）",
        );
        assert!(
            testdata::zh_fix(&f)
                .ends_with("就删除这个配置：kubectl delete validatingwebhookconfiguration policy")
        );
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
        assert!(
            testdata::zh(&f.title).contains("没有就绪的 endpoints：failurePolicy 为 Ignore"),
            "{}",
            testdata::zh(&f.title)
        );
        testdata::expect_zh_finding(&f, "因此请求会直接放行，不经过该 webhook 的修改或校验。");
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
