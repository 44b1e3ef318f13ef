//! HorizontalPodAutoscalers: a scale target that does not exist, metrics it cannot read, a
//! target without the resource requests utilization needs, scaling disabled, or pinned at
//! maxReplicas.

use k8s_openapi::api::autoscaling::v2::{
    HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::{meta, text};
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

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.hpas.iter().flat_map(|h| findings(s, h)).collect()
}

/// One thing wrong with an HPA, before it becomes a finding with the HPA's evidence.
struct Problem {
    severity: Severity,
    signal: Signal,
    title: String,
    detail: String,
    fix: String,
}

fn findings(s: &Snapshot, h: &HorizontalPodAutoscaler) -> Vec<Finding> {
    let m = &h.metadata;
    let target = &h.spec.scale_target_ref;
    let problems = if s.is_missing(&target.kind, Some(meta::ns(m)), &target.name) {
        vec![missing_target(h)]
    } else {
        let mut out: Vec<Problem> = inactive(h).into_iter().collect();
        out.extend(missing_requests(s, h));
        out.extend(pinned(h));
        out
    };
    if problems.is_empty() {
        return Vec::new();
    }
    let lines = describe_lines(h);
    problems
        .into_iter()
        .map(|p| Finding {
            check: Check::Autoscaling,
            severity: p.severity,
            signal: p.signal,
            title: p.title.into(),
            detail: p.detail.into(),
            subjects: vec![meta::key(m)],
            evidence: vec![meta::describe("hpa", m, true, &lines)],
            suggestion: Some(p.fix.into()),
        })
        .collect()
}

fn current_replicas(h: &HorizontalPodAutoscaler) -> i32 {
    h.status
        .as_ref()
        .and_then(|st| st.current_replicas)
        .unwrap_or(0)
}

fn desired_replicas(h: &HorizontalPodAutoscaler) -> i32 {
    h.status.as_ref().map_or(0, |st| st.desired_replicas)
}

/// The HPA's condition of that type and status.
fn condition<'a>(
    h: &'a HorizontalPodAutoscaler,
    type_: &str,
    status: &str,
) -> Option<&'a HorizontalPodAutoscalerCondition> {
    h.status
        .as_ref()
        .and_then(|x| x.conditions.as_ref())
        .into_iter()
        .flatten()
        .find(|c| c.type_ == type_ && c.status == status)
}

/// `kubectl describe hpa`, shortened.
fn describe_lines(h: &HorizontalPodAutoscaler) -> Vec<String> {
    let (ns, name) = (meta::ns(&h.metadata), meta::name(&h.metadata));
    let spec = &h.spec;
    let target = &spec.scale_target_ref;
    let conditions = h
        .status
        .as_ref()
        .and_then(|st| st.conditions.as_ref())
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "  {}",
                text::condition(
                    &c.type_,
                    &c.status,
                    c.reason.as_deref(),
                    c.message.as_deref()
                )
            )
        });
    [
        format!("Name: {name}\nNamespace: {ns}"),
        format!("Reference: {}/{}", target.kind, target.name),
        format!(
            "Min replicas: {}\nMax replicas: {}",
            spec.min_replicas.unwrap_or(1),
            spec.max_replicas
        ),
        format!(
            "Current replicas: {}  Desired replicas: {}",
            current_replicas(h),
            desired_replicas(h)
        ),
        "Conditions:\n  TYPE  STATUS  REASON  MESSAGE".to_string(),
    ]
    .into_iter()
    .chain(conditions)
    .collect()
}

fn missing_target(h: &HorizontalPodAutoscaler) -> Problem {
    let (ns, name) = (meta::ns(&h.metadata), meta::name(&h.metadata));
    let target = &h.spec.scale_target_ref;
    Problem {
        severity: Severity::Critical,
        signal: Signal::AutoscalerBroken,
        title: format!(
            "HPA {name} scales {} {}, which does not exist in {ns}",
            target.kind, target.name
        ),
        detail: format!(
            "scaleTargetRef names {}/{} (apiVersion {}); nothing of that kind and name \
             exists, so nothing is autoscaled.",
            target.kind,
            target.name,
            target.api_version.as_deref().unwrap_or("?")
        ),
        fix: format!(
            "Correct scaleTargetRef of HPA {name} (kubectl get deployments,statefulsets -n \
             {ns}) or delete the HPA"
        ),
    }
}

/// Scaling inactive (metrics unreadable) or unable to scale.
fn inactive(h: &HorizontalPodAutoscaler) -> Option<Problem> {
    let (ns, name) = (meta::ns(&h.metadata), meta::name(&h.metadata));
    let c = condition(h, "ScalingActive", "False").or(condition(h, "AbleToScale", "False"))?;
    let message = c.message.as_deref().unwrap_or("");
    let reason = c.reason.as_deref().unwrap_or("");
    let metrics = c.type_ == "ScalingActive";
    Some(Problem {
        severity: Severity::Warning,
        signal: Signal::AutoscalerBroken,
        title: if metrics {
            format!("HPA {name} cannot read its metrics ({reason})")
        } else {
            format!(
                "HPA {name} cannot scale {} ({reason})",
                h.spec.scale_target_ref.name
            )
        },
        detail: format!("{}: {message}", c.type_),
        fix: if metrics {
            "Make the metrics available: check metrics-server (kubectl get apiservice \
             v1beta1.metrics.k8s.io) or the custom metrics adapter, and that the target's \
             containers have requests for the resources scaled on"
                .to_string()
        } else {
            format!("Read why: kubectl describe hpa {name} -n {ns}")
        },
    })
}

/// Resources scaled on by utilization that the target's containers set no request for.
fn missing_requests(s: &Snapshot, h: &HorizontalPodAutoscaler) -> Vec<Problem> {
    let (ns, name) = (meta::ns(&h.metadata), meta::name(&h.metadata));
    let target = &h.spec.scale_target_ref;
    let Some(t) = template(s, &target.kind, ns, &target.name) else {
        return Vec::new();
    };
    utilization_resources(h)
        .into_iter()
        .filter(|r| !has_request(t, r))
        .map(|r| Problem {
            severity: Severity::Warning,
            signal: Signal::AutoscalerBroken,
            title: format!(
                "HPA {name} scales on {r} utilization but {} {} sets no {r} request",
                target.kind, target.name
            ),
            detail: format!(
                "Utilization is usage divided by the request; a container without a {r} \
                 request makes the HPA unable to compute it."
            ),
            fix: format!(
                "Set resources.requests.{r} on every container of {} {}",
                target.kind, target.name
            ),
        })
        .collect()
}

/// At maxReplicas while the load asks for more.
fn pinned(h: &HorizontalPodAutoscaler) -> Option<Problem> {
    let (ns, name) = (meta::ns(&h.metadata), meta::name(&h.metadata));
    let max = h.spec.max_replicas;
    let (current, desired) = (current_replicas(h), desired_replicas(h));
    let limited = condition(h, "ScalingLimited", "True")
        .is_some_and(|c| c.reason.as_deref() == Some("TooManyReplicas"));
    if current < max || (desired < max && !limited) {
        return None;
    }
    Some(Problem {
        severity: Severity::Warning,
        signal: Signal::AutoscalerPinned,
        title: format!("HPA {name} is pinned at maxReplicas {max}: the load asks for more"),
        detail: format!(
            "{current} of at most {max} replicas run and the HPA wants {desired}; until the \
             limit rises every extra request lands on the same pods."
        ),
        fix: format!(
            "Raise maxReplicas (kubectl patch hpa {name} -n {ns} -p \
             '{{\"spec\":{{\"maxReplicas\":{}}}}}') if the cluster has room, or find why \
             load rose",
            max * 2
        ),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnose::testdata;

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
        s.missing.push(testdata::missing(
            "Deployment",
            Some("shop"),
            "web-frontend",
        ));
        testdata::lone(
            &s,
            Check::Autoscaling,
            "HPA web scales Deployment web-frontend, which does not exist in shop",
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
        testdata::expect_titles(
            analyze,
            &s,
            "HPA web cannot read its metrics (FailedGetResourceMetric)
             HPA web scales on memory utilization but Deployment web sets no memory request
             HPA web is pinned at maxReplicas 6: the load asks for more",
        );
    }

    #[test]
    fn a_working_hpa_has_no_findings() {
        let mut s = testdata::healthy();
        s.deployments[0].spec.template = testdata::from(json!({"spec":
            {"containers": [{"name": "web", "resources": {"requests": {"memory": "512Mi"}}}]}}));
        s.hpas.push(hpa("web", ok()));
        assert!(
            testdata::run(analyze, &s).is_empty(),
            "{:#?}",
            testdata::run(analyze, &s)
        );
    }
}
