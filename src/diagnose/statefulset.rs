//! StatefulSet wiring: a governing Service that does not exist (no stable pod DNS names) and
//! volumeClaimTemplates that ask for a StorageClass that does not exist.

use k8s_openapi::api::apps::v1::StatefulSet;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::Snapshot;

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.stateful_sets
        .iter()
        .flat_map(|x| findings(s, x))
        .collect()
}

fn findings(s: &Snapshot, x: &StatefulSet) -> Vec<Finding> {
    let m = &x.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let service = x.spec.service_name.as_deref().filter(|n| !n.is_empty());
    let templates: Vec<(&str, &str)> = x
        .spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| {
            let class = t.spec.as_ref()?.storage_class_name.as_deref()?;
            Some((meta::name(&t.metadata), class))
        })
        .collect();
    let lines = vec![format!(
        "Name: {name}\nNamespace: {ns}\nService Name: {}\nVolume Claims: {}",
        service.unwrap_or("<none>"),
        templates
            .iter()
            .map(|(t, c)| format!("{t} (StorageClass {c})"))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let finding = |severity, title: String, detail: String, fix: String| Finding {
        check: Check::StatefulSets,
        severity,
        signal: Signal::StatefulSetWiring,
        title: title.into(),
        detail: detail.into(),
        subjects: vec![meta::key(m)],
        evidence: vec![meta::describe("statefulset", m, true, &lines)],
        suggestion: Some(fix.into()),
    };
    let mut out = Vec::new();
    if let Some(svc) = service.filter(|svc| s.is_missing("Service", Some(ns), svc)) {
        out.push(finding(
            Severity::Warning,
            format!(
                "StatefulSet {name}'s governing Service {svc} does not exist: its pods get no \
                 stable DNS names"
            ),
            format!(
                "spec.serviceName is {svc}, but namespace {ns} has no such Service, so \
                 {name}-0.{svc}.{ns}.svc does not resolve and peers cannot find each other."
            ),
            format!(
                "Create the headless Service: kubectl create service clusterip {svc} -n {ns} \
                 --clusterip=None (with the StatefulSet's pod labels as selector)"
            ),
        ));
    }
    for (template, class) in templates {
        if s.is_missing("StorageClass", None, class) {
            out.push(finding(
                Severity::Critical,
                format!(
                    "StatefulSet {name}'s volume claim {template} asks for StorageClass {class}, \
                     which does not exist"
                ),
                format!(
                    "New pods of {name} need a claim from template {template}; with no \
                     StorageClass {class} it stays Pending and so do the pods."
                ),
                format!(
                    "Use an existing class (kubectl get storageclass) in the volumeClaimTemplate \
                     of {name}, or create {class}"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn sts() -> StatefulSet {
        testdata::from(json!({
            "metadata": {"name": "db", "namespace": "shop"},
            "spec": {"replicas": 1, "serviceName": "db-headless",
                "selector": {"matchLabels": {"app": "db"}},
                "template": {"spec": {"containers": []}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"},
                    "spec": {"storageClassName": "fast-ssd"}}]},
            "status": {"replicas": 1, "readyReplicas": 1}
        }))
    }

    #[test]
    fn a_missing_governing_service_fires_alone() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(sts());
        s.missing
            .push(testdata::missing("Service", Some("shop"), "db-headless"));
        testdata::lone(
            &s,
            Check::StatefulSets,
            "StatefulSet db's governing Service db-headless does not exist: its pods get no \
             stable DNS names",
        );
    }

    #[test]
    fn a_missing_storage_class_is_found() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(sts());
        s.missing
            .push(testdata::missing("StorageClass", None, "fast-ssd"));
        assert!(
            testdata::en(&testdata::run(analyze, &s)[0].title).contains("StorageClass fast-ssd")
        );
    }

    #[test]
    fn a_wired_stateful_set_has_no_findings() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(sts());
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
