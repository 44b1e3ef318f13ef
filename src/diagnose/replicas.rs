//! Replicas: Deployments with fewer available and StatefulSets with fewer ready replicas than
//! desired, judged from the controllers' own status and conditions (ReplicaFailure says why
//! pods are not even created).

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::finding::{Check, Finding, Severity, Signal};
use super::{Index, meta};
use crate::cluster::Snapshot;
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// One controller's counts and conditions, whatever its kind.
struct Counts<'a> {
    kind: &'static str,
    meta: &'a ObjectMeta,
    desired: i32,
    /// Available (Deployment) or ready (StatefulSet) replicas.
    good: i32,
    /// Pods that exist at all.
    current: i32,
    /// (type, reason, message) of the conditions that are not fine.
    conditions: Vec<(String, String, String)>,
}

fn deployment(d: &Deployment) -> Option<Counts<'_>> {
    let st = d.status.as_ref()?;
    let conditions = st
        .conditions
        .iter()
        .flatten()
        .filter(|c| {
            let (t, st) = (c.type_.as_deref(), c.status.as_deref());
            (t == Some("ReplicaFailure") && st == Some("True"))
                || (t != Some("ReplicaFailure") && st == Some("False"))
        })
        .map(|c| {
            (
                c.type_.clone().unwrap_or_default(),
                c.reason.clone().unwrap_or_default(),
                c.message.clone().unwrap_or_default(),
            )
        })
        .collect();
    Some(Counts {
        kind: "Deployment",
        meta: &d.metadata,
        desired: d.spec.replicas.unwrap_or(1),
        good: st.available_replicas.unwrap_or(0),
        current: st.replicas.unwrap_or(0),
        conditions,
    })
}

fn stateful_set(s: &StatefulSet) -> Option<Counts<'_>> {
    let st = s.status.as_ref()?;
    Some(Counts {
        kind: "StatefulSet",
        meta: &s.metadata,
        desired: s.spec.replicas.unwrap_or(1),
        good: st.ready_replicas.unwrap_or(0),
        current: st.replicas,
        conditions: st
            .conditions
            .iter()
            .flatten()
            .filter(|c| {
                c.type_.as_deref() == Some("ReplicaFailure") && c.status.as_deref() == Some("True")
            })
            .map(|c| {
                (
                    c.type_.clone().unwrap_or_default(),
                    c.reason.clone().unwrap_or_default(),
                    c.message.clone().unwrap_or_default(),
                )
            })
            .collect(),
    })
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.deployments
        .iter()
        .filter_map(deployment)
        .chain(s.stateful_sets.iter().filter_map(stateful_set))
        .filter(|c| c.desired > 0 && c.good < c.desired)
        .map(|c| finding(&c))
        .collect()
}

fn finding(c: &Counts) -> Finding {
    let (namespace, name) = (meta::ns(c.meta), meta::name(c.meta));
    let word = if c.kind == "Deployment" {
        "available"
    } else {
        "ready"
    };
    let create_failing = c
        .conditions
        .iter()
        .any(|(t, reason, _)| t == "ReplicaFailure" || reason == "FailedCreate");
    let resource = c.kind.to_lowercase();
    let state = if create_failing {
        "create-failing"
    } else if c.current < c.desired {
        "missing"
    } else {
        "created"
    };
    let title = Msg::new("finding-replicas")
        .arg("kind", c.kind)
        .arg("name", name)
        .arg("good", i64::from(c.good))
        .arg("desired", i64::from(c.desired))
        .arg("state", state)
        .arg("current", i64::from(c.current));
    let detail = std::iter::once(
        Msg::new("replicas-detail")
            .arg("kind", c.kind)
            .arg("namespace", namespace)
            .arg("name", name)
            .arg("desired", i64::from(c.desired))
            .arg("current", i64::from(c.current))
            .arg("good", i64::from(c.good))
            .into(),
    )
    .chain(c.conditions.iter().map(|(t, reason, message)| {
        Msg::new("replicas-condition")
            .arg("type", t.as_str())
            .arg("reason", reason.as_str())
            // The sentence ends with the catalog's stop, not also the API server's.
            .arg("message", message.trim_end_matches('.'))
            .into()
    }))
    .collect();
    let status = format!(
        "NAME  DESIRED  CURRENT  {}\n{}  {}  {}  {}\n{}",
        word.to_uppercase(),
        name,
        c.desired,
        c.current,
        c.good,
        c.conditions
            .iter()
            .map(|(t, reason, message)| format!("Condition {t}: {reason} — {message}\n"))
            .collect::<String>()
    );
    let suggestion = if create_failing {
        Msg::new("replicas-create-fix").arg(
            "command",
            format!("kubectl describe {resource} {name} -n {namespace}"),
        )
    } else {
        Msg::new("replicas-fix").arg("kind", c.kind).arg(
            "command",
            format!("kubectl rollout status {resource}/{name} -n {namespace}"),
        )
    };
    Finding {
        check: Check::Replicas,
        severity: Severity::critical_if(c.good == 0),
        signal: Signal::ReplicasUnavailable {
            available: c.good,
            desired: c.desired,
            create_failing,
        },
        title: title.into(),
        detail: Text::Sentences(detail),
        subjects: vec![format!("{}/{}", namespace, name)],
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-workload-status")
                .arg("kind", c.kind)
                .arg("name", name),
            Some(&format!(
                "kubectl describe {resource} {} -n {}",
                name, namespace
            )),
            &status,
        )],
        suggestion: Some(suggestion.into()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn a_deployment_short_of_available_replicas_fires_alone() {
        let mut s = testdata::healthy();
        s.deployments[0].status = Some(testdata::from(json!({
            "replicas": 3, "availableReplicas": 1, "readyReplicas": 1, "unavailableReplicas": 2,
            "conditions": [{"type": "Available", "status": "False",
                "reason": "MinimumReplicasUnavailable",
                "message": "Deployment does not have minimum availability."}]
        })));
        let f = testdata::lone(
            &s,
            Check::Replicas,
            "Deployment web: 1 of 3 replicas available",
        );
        assert_eq!(f.severity, Severity::Warning);
        testdata::expect_detail(
            &f,
            "Deployment shop/web wants 3 replicas; 3 exist and 1 are available. Available: \
             MinimumReplicasUnavailable — Deployment does not have minimum availability.",
        );
        testdata::expect_command(&f, 0, "kubectl describe deployment web -n shop");
        assert_eq!(
            testdata::fix(&f),
            "Fix why the pods are not available (the pod findings say which state they are in): \
             kubectl rollout status deployment/web -n shop"
        );
        testdata::expect_zh_finding(
            &f,
            "Deployment shop/web 期望 3 个副本，现有 3 个，其中 1 个可用。Available：\
             MinimumReplicasUnavailable——「Deployment does not have minimum availability」。",
        );
    }

    #[test]
    fn pods_not_created_are_said_so() {
        let mut s = testdata::healthy();
        s.pods.clear();
        s.deployments[0].status = Some(testdata::from(json!({
            "unavailableReplicas": 3,
            "conditions": [{"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate",
                "message": "Internal error occurred: failed calling webhook \"policy.example.com\""}]
        })));
        let f = testdata::run(analyze, &s);
        testdata::expect_title(
            &f[0],
            "Deployment web: 0 of 3 replicas available, pods are not being created",
        );
        testdata::expect_zh_title(
            &f[0],
            "Deployment web：3 个副本中只有 0 个可用，Pod 无法创建",
        );
        assert_eq!(f[0].severity, Severity::Critical);
        testdata::expect_detail(&f[0], "failed calling webhook");
        assert!(
            testdata::fix(&f[0]).contains(
                "read the message above and kubectl describe deployment web -n shop; the \
                 ReplicaSet's FailedCreate events say which"
            ),
            "{}",
            testdata::fix(&f[0])
        );
        testdata::expect_zh_finding(&f[0], "ReplicaFailure：FailedCreate——「Internal error");
        assert!(testdata::zh_fix(&f[0]).starts_with("控制器无法创建 Pod"));
    }

    #[test]
    fn pods_that_do_not_exist_are_counted() {
        let mut s = testdata::healthy();
        s.deployments[0].status = Some(testdata::from(json!({
            "replicas": 1, "availableReplicas": 1, "readyReplicas": 1
        })));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "Deployment web: 1 of 3 replicas available (1 pods exist)",
        );
        testdata::expect_zh_title(
            &f,
            "Deployment web：3 个副本中只有 1 个可用（目前只有 1 个 Pod）",
        );
    }

    #[test]
    fn a_stateful_set_short_of_ready_replicas() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(testdata::from(json!({
            "metadata": {"name": "db", "namespace": "shop"},
            "spec": {"replicas": 3, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                "template": {"spec": {"containers": []}}},
            "status": {"replicas": 3, "readyReplicas": 2}
        })));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "StatefulSet db: 2 of 3 replicas ready");
        testdata::expect_zh_title(&f, "StatefulSet db：3 个副本中只有 2 个就绪");
        testdata::expect_detail(
            &f,
            "StatefulSet shop/db wants 3 replicas; 3 exist and 2 are ready.",
        );
        testdata::expect_zh_finding(&f, "其中 2 个就绪。");
        assert!(testdata::zh_fix(&f).starts_with("先查清 Pod 为什么不就绪"));
    }

    #[test]
    fn healthy_controllers_have_no_replica_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
