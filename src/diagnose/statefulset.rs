//! StatefulSet wiring: a governing Service that does not exist (no stable pod DNS names) and
//! volumeClaimTemplates that ask for a StorageClass that does not exist.

use k8s_openapi::api::apps::v1::StatefulSet;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use crate::cluster::Snapshot;
use crate::i18n::Msg;

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
    let finding = |severity, title: Msg, detail: Msg, fix: Msg| Finding {
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
            Msg::new("finding-statefulset-no-service")
                .arg("statefulset", name)
                .arg("service", svc),
            Msg::new("finding-statefulset-no-service-detail")
                .arg("statefulset", name)
                .arg("service", svc)
                .arg("namespace", ns),
            Msg::new("finding-statefulset-no-service-fix")
                .arg("service", svc)
                .arg("namespace", ns),
        ));
    }
    for (template, class) in templates {
        if s.is_missing("StorageClass", None, class) {
            out.push(finding(
                Severity::Critical,
                Msg::new("finding-statefulset-no-class")
                    .arg("statefulset", name)
                    .arg("template", template)
                    .arg("class", class),
                Msg::new("finding-statefulset-no-class-detail")
                    .arg("statefulset", name)
                    .arg("template", template)
                    .arg("class", class),
                Msg::new("finding-statefulset-no-class-fix")
                    .arg("statefulset", name)
                    .arg("class", class),
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
        let f = testdata::lone(
            &s,
            Check::StatefulSets,
            "StatefulSet db's governing Service db-headless does not exist: its pods get no \
             stable DNS names",
        );
        testdata::expect_detail(&f, "so db-0.db-headless.shop.svc does not resolve");
        testdata::expect_zh_title(
            &f,
            "StatefulSet db 的 headless Service db-headless 不存在：它的 Pod 没有稳定的 DNS 名称",
        );
        testdata::expect_zh_finding(&f, "所以 db-0.db-headless.shop.svc 无法解析");
    }

    #[test]
    fn a_missing_storage_class_is_found() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(sts());
        s.missing
            .push(testdata::missing("StorageClass", None, "fast-ssd"));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "StatefulSet db's volume claim data asks for StorageClass fast-ssd, which does not \
             exist",
        );
        testdata::expect_detail(&f, "with no StorageClass fast-ssd it stays Pending");
        testdata::expect_zh_title(
            &f,
            "StatefulSet db 的 volumeClaimTemplate data 请求的 StorageClass fast-ssd 不存在",
        );
        testdata::expect_zh_finding(&f, "StorageClass fast-ssd 不存在，PVC 会一直 Pending");
    }

    #[test]
    fn a_wired_stateful_set_has_no_findings() {
        let mut s = testdata::healthy();
        s.stateful_sets.push(sts());
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
