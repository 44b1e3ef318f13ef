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
use crate::i18n::{Msg, Text};

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
    title: Text,
    detail: Text,
    fix: Text,
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
            title: p.title,
            detail: p.detail,
            subjects: vec![meta::key(m)],
            evidence: vec![meta::describe("hpa", m, true, &lines)],
            suggestion: Some(p.fix),
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
        title: Msg::new("finding-hpa-no-target")
            .arg("hpa", name)
            .arg("kind", target.kind.as_str())
            .arg("target", target.name.as_str())
            .arg("namespace", ns)
            .into(),
        detail: Msg::new("finding-hpa-no-target-detail")
            .arg("kind", target.kind.as_str())
            .arg("target", target.name.as_str())
            .arg("api", target.api_version.as_deref().unwrap_or("?"))
            .into(),
        fix: Msg::new("finding-hpa-no-target-fix")
            .arg("hpa", name)
            .arg("namespace", ns)
            .into(),
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
        title: Msg::new("finding-hpa-inactive")
            .arg("hpa", name)
            .arg("metrics", if metrics { "yes" } else { "no" })
            .arg("target", h.spec.scale_target_ref.name.as_str())
            .arg("reason", reason)
            .into(),
        detail: Msg::new("finding-hpa-inactive-detail")
            .arg("condition", c.type_.as_str())
            .arg("message", message)
            .into(),
        fix: if metrics {
            Msg::new("finding-hpa-metrics-fix")
        } else {
            Msg::new("finding-hpa-scale-fix")
                .arg("hpa", name)
                .arg("namespace", ns)
        }
        .into(),
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
            title: Msg::new("finding-hpa-no-request")
                .arg("hpa", name)
                .arg("resource", r)
                .arg("kind", target.kind.as_str())
                .arg("target", target.name.as_str())
                .into(),
            detail: Msg::new("finding-hpa-no-request-detail")
                .arg("resource", r)
                .into(),
            fix: Msg::new("finding-hpa-no-request-fix")
                .arg("resource", r)
                .arg("kind", target.kind.as_str())
                .arg("target", target.name.as_str())
                .into(),
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
        title: Msg::new("finding-hpa-pinned")
            .arg("hpa", name)
            .arg("max", i64::from(max))
            .into(),
        detail: Msg::new("finding-hpa-pinned-detail")
            .arg("current", i64::from(current))
            .arg("max", i64::from(max))
            .arg("desired", i64::from(desired))
            .into(),
        fix: Msg::new("finding-hpa-pinned-fix")
            .arg(
                "command",
                format!(
                    "kubectl patch hpa {name} -n {ns} -p \
                     '{{\"spec\":{{\"maxReplicas\":{}}}}}'",
                    max * 2
                ),
            )
            .into(),
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
        let f = testdata::lone(
            &s,
            Check::Autoscaling,
            "HPA web scales Deployment web-frontend, which does not exist in shop",
        );
        testdata::expect_detail(
            &f,
            "scaleTargetRef names Deployment/web-frontend (apiVersion apps/v1)",
        );
        testdata::expect_zh_title(
            &f,
            "HPA web 的扩缩容目标 Deployment web-frontend 在命名空间 shop 中不存在",
        );
        testdata::expect_zh_finding(&f, "scaleTargetRef 指向 Deployment/web-frontend");
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
        let f = testdata::expect_titles(
            analyze,
            &s,
            "HPA web cannot read its metrics (FailedGetResourceMetric)
             HPA web scales on memory utilization but Deployment web sets no memory request
             HPA web is pinned at maxReplicas 6: the load asks for more",
        );
        testdata::expect_detail(
            &f[0],
            "ScalingActive: unable to get metrics for resource memory",
        );
        testdata::expect_zh_finding(
            &f[0],
            "ScalingActive 为 False：“unable to get metrics for resource memory”",
        );
        testdata::expect_zh_finding(&f[1], "没有设置 requests.memory，HPA 就无法计算使用率");
        testdata::expect_detail(&f[2], "6 of at most 6 replicas run and the HPA wants 6");
        assert!(
            testdata::fix(&f[2])
                .contains("(kubectl patch hpa web -n shop -p '{\"spec\":{\"maxReplicas\":12}}')")
        );
        testdata::expect_zh_title(&f[2], "HPA web 已顶到 maxReplicas 6：负载还需要更多副本");
        testdata::expect_zh_finding(&f[2], "当前运行 6 个副本（上限 6 个），HPA 期望 6 个");
    }

    #[test]
    fn an_hpa_unable_to_scale_says_why_in_both_languages() {
        let mut s = testdata::healthy();
        s.deployments[0].spec.template = testdata::from(json!({"spec":
            {"containers": [{"name": "web", "resources": {"requests": {"memory": "512Mi"}}}]}}));
        s.hpas.push(hpa(
            "web",
            json!({"currentReplicas": 3, "desiredReplicas": 3, "conditions": [
                {"type": "AbleToScale", "status": "False", "reason": "FailedGetScale",
                 "message": "deployments/scale.apps \"web\" is forbidden"}]}),
        ));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "HPA web cannot scale web (FailedGetScale)");
        assert_eq!(
            testdata::fix(&f),
            "Read why: kubectl describe hpa web -n shop"
        );
        testdata::expect_zh_title(&f, "HPA web 无法扩缩 web（FailedGetScale）");
        testdata::expect_zh_finding(&f, "AbleToScale 为 False");
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
