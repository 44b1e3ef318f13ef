//! HorizontalPodAutoscalers: a scale target that does not exist, metrics it cannot read, a
//! target without the resource requests utilization needs, scaling disabled, or pinned at
//! maxReplicas.

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::PodTemplateSpec;

use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::Snapshot;

fn template<'a>(s: &'a Snapshot, kind: &str, ns: &str, name: &str) -> Option<&'a PodTemplateSpec> {
    let is = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        meta::ns(m) == ns && meta::name(m) == name
    };
    match kind {
        "Deployment" => s
            .deployments
            .iter()
            .find(|d| is(&d.metadata))
            .map(|d| &d.spec.template),
        "StatefulSet" => s
            .stateful_sets
            .iter()
            .find(|d| is(&d.metadata))
            .map(|d| &d.spec.template),
        _ => None,
    }
}

/// Resources (cpu, memory) the HPA scales on by utilization, which need requests.
fn utilization_resources(h: &HorizontalPodAutoscaler) -> Vec<&str> {
    h.spec
        .metrics
        .iter()
        .flatten()
        .filter_map(|m| m.resource.as_ref())
        .filter(|r| r.target.type_ == "Utilization")
        .map(|r| r.name.as_str())
        .collect()
}

fn has_request(t: &PodTemplateSpec, resource: &str) -> bool {
    t.spec.as_ref().is_some_and(|ps| {
        ps.containers.iter().all(|c| {
            c.resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .is_some_and(|r| r.contains_key(resource))
        })
    })
}

pub fn analyze(s: &Snapshot) -> Vec<Finding> {
    s.hpas.iter().flat_map(|h| findings(s, h)).collect()
}

fn findings(s: &Snapshot, h: &HorizontalPodAutoscaler) -> Vec<Finding> {
    let m = &h.metadata;
    let (ns, name) = (meta::ns(m), meta::name(m));
    let spec = &h.spec;
    let target = &spec.scale_target_ref;
    let status = h.status.as_ref();
    let current = status.and_then(|st| st.current_replicas).unwrap_or(0);
    let desired = status.map_or(0, |st| st.desired_replicas);
    let conditions: Vec<String> = status
        .and_then(|st| st.conditions.as_ref())
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "  {}  {}  {}  {}",
                c.type_,
                c.status,
                c.reason.as_deref().unwrap_or(""),
                c.message.as_deref().unwrap_or("")
            )
        })
        .collect();
    let lines: Vec<String> = [
        format!("Name: {name}\nNamespace: {ns}"),
        format!("Reference: {}/{}", target.kind, target.name),
        format!(
            "Min replicas: {}\nMax replicas: {}",
            spec.min_replicas.unwrap_or(1),
            spec.max_replicas
        ),
        format!("Current replicas: {current}  Desired replicas: {desired}"),
        "Conditions:\n  TYPE  STATUS  REASON  MESSAGE".to_string(),
    ]
    .into_iter()
    .chain(conditions)
    .collect();
    let finding = |severity, signal, title: String, detail: String, fix: String| Finding {
        check: Check::Autoscaling,
        severity,
        signal,
        title,
        detail,
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("hpa", m, true, &lines)],
        suggestion: Some(fix),
    };
    if s.is_missing(&target.kind, Some(ns), &target.name) {
        return vec![finding(
            Severity::Critical,
            Signal::AutoscalerBroken,
            format!(
                "HPA {name} scales {} {}, which does not exist in {ns}",
                target.kind, target.name
            ),
            format!(
                "scaleTargetRef names {}/{} (apiVersion {}); nothing of that kind and name \
                 exists, so nothing is autoscaled.",
                target.kind,
                target.name,
                target.api_version.as_deref().unwrap_or("?")
            ),
            format!(
                "Correct scaleTargetRef of HPA {name} (kubectl get deployments,statefulsets -n \
                 {ns}) or delete the HPA"
            ),
        )];
    }
    let mut out = Vec::new();
    let condition = |t: &str, st: &str| {
        status
            .and_then(|x| x.conditions.as_ref())
            .into_iter()
            .flatten()
            .find(|c| c.type_ == t && c.status == st)
    };
    if let Some(c) = condition("ScalingActive", "False").or(condition("AbleToScale", "False")) {
        let message = c.message.as_deref().unwrap_or("");
        let reason = c.reason.as_deref().unwrap_or("");
        let metrics = c.type_ == "ScalingActive";
        out.push(finding(
            Severity::Warning,
            Signal::AutoscalerBroken,
            if metrics {
                format!("HPA {name} cannot read its metrics ({reason})")
            } else {
                format!("HPA {name} cannot scale {} ({reason})", target.name)
            },
            format!("{}: {message}", c.type_),
            if metrics {
                "Make the metrics available: check metrics-server (kubectl get apiservice \
                 v1beta1.metrics.k8s.io) or the custom metrics adapter, and that the target's \
                 containers have requests for the resources scaled on"
                    .to_string()
            } else {
                format!("Read why: kubectl describe hpa {name} -n {ns}")
            },
        ));
    }
    if let Some(t) = template(s, &target.kind, ns, &target.name) {
        for r in utilization_resources(h) {
            if !has_request(t, r) {
                out.push(finding(
                    Severity::Warning,
                    Signal::AutoscalerBroken,
                    format!(
                        "HPA {name} scales on {r} utilization but {} {} sets no {r} request",
                        target.kind, target.name
                    ),
                    format!(
                        "Utilization is usage divided by the request; a container without a {r} \
                         request makes the HPA unable to compute it."
                    ),
                    format!(
                        "Set resources.requests.{r} on every container of {} {}",
                        target.kind, target.name
                    ),
                ));
            }
        }
    }
    let limited = condition("ScalingLimited", "True")
        .is_some_and(|c| c.reason.as_deref() == Some("TooManyReplicas"));
    if current >= spec.max_replicas && (desired >= spec.max_replicas || limited) {
        out.push(finding(
            Severity::Warning,
            Signal::AutoscalerPinned,
            format!(
                "HPA {name} is pinned at maxReplicas {}: the load asks for more",
                spec.max_replicas
            ),
            format!(
                "{} of at most {} replicas run and the HPA wants {desired}; until the limit \
                 rises every extra request lands on the same pods.",
                current, spec.max_replicas
            ),
            format!(
                "Raise maxReplicas (kubectl patch hpa {name} -n {ns} -p \
                 '{{\"spec\":{{\"maxReplicas\":{}}}}}') if the cluster has room, or find why \
                 load rose",
                spec.max_replicas * 2
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::cluster::Missing;
    use crate::diagnose::{diagnose, testdata};

    fn hpa(target: &str, status: Value) -> HorizontalPodAutoscaler {
        testdata::from(json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                "name": target}, "minReplicas": 2, "maxReplicas": 6,
                "metrics": [{"type": "Resource", "resource": {"name": "memory",
                    "target": {"type": "Utilization", "averageUtilization": 70}}}]},
            "status": status
        }))
    }

    fn ok() -> Value {
        json!({"currentReplicas": 3, "desiredReplicas": 3, "conditions": [
            {"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale"},
            {"type": "ScalingActive", "status": "True", "reason": "ValidMetricFound"}]})
    }

    #[test]
    fn a_missing_scale_target_fires_alone() {
        let mut s = testdata::healthy();
        s.hpas.push(hpa("web-frontend", ok()));
        s.missing.push(Missing {
            kind: "Deployment".into(),
            namespace: Some("shop".into()),
            name: "web-frontend".into(),
        });
        let all = diagnose(&s).findings;
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!(
            all[0].title,
            "HPA web scales Deployment web-frontend, which does not exist in shop"
        );
    }

    #[test]
    fn unavailable_metrics_missing_requests_and_a_pinned_hpa() {
        let mut s = testdata::healthy();
        s.deployments[0].spec.template =
            testdata::from(json!({"spec": {"containers": [{"name": "web"}]}}));
        s.hpas.push(hpa(
            "web",
            json!({"currentReplicas": 6, "desiredReplicas": 6, "conditions": [
                {"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric",
                 "message": "unable to get metrics for resource memory"}]}),
        ));
        let titles: Vec<String> = analyze(&s).into_iter().map(|f| f.title).collect();
        assert_eq!(
            titles,
            [
                "HPA web cannot read its metrics (FailedGetResourceMetric)",
                "HPA web scales on memory utilization but Deployment web sets no memory request",
                "HPA web is pinned at maxReplicas 6: the load asks for more",
            ]
        );
    }

    #[test]
    fn a_working_hpa_has_no_findings() {
        let mut s = testdata::healthy();
        s.deployments[0].spec.template = testdata::from(json!({"spec":
            {"containers": [{"name": "web", "resources": {"requests": {"memory": "512Mi"}}}]}}));
        s.hpas.push(hpa("web", ok()));
        assert!(analyze(&s).is_empty(), "{:#?}", analyze(&s));
    }
}
