//! Ingress: routes to backend Services that do not exist, and IngressClasses that do not exist.
//! TLS Secrets are never read (the cluster layer lists them as not checked).

use std::collections::BTreeSet;

use k8s_openapi::api::networking::v1::{Ingress, IngressBackend};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::text::MAX_NAMES;
use crate::cluster::Snapshot;
use crate::i18n::{Msg, Text};

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// The IngressClass an Ingress asks for, from its spec or the legacy annotation.
pub fn class(i: &Ingress) -> Option<&str> {
    i.spec
        .as_ref()
        .and_then(|s| s.ingress_class_name.as_deref())
        .or_else(|| {
            i.metadata
                .annotations
                .as_ref()?
                .get(CLASS_ANNOTATION)
                .map(String::as_str)
        })
}

/// (host, path, Service, port) of every route, the default backend first.
pub fn routes(i: &Ingress) -> Vec<(String, String, String, String)> {
    let Some(spec) = &i.spec else {
        return Vec::new();
    };
    let service = |b: &IngressBackend| {
        let s = b.service.as_ref()?;
        let port = s.port.as_ref().map_or_else(String::new, |p| {
            p.name
                .clone()
                .or_else(|| p.number.map(|n| n.to_string()))
                .unwrap_or_default()
        });
        Some((s.name.clone(), port))
    };
    let mut out = Vec::new();
    if let Some((svc, port)) = spec.default_backend.as_ref().and_then(service) {
        out.push(("*".into(), "(default)".into(), svc, port));
    }
    for rule in spec.rules.iter().flatten() {
        let host = rule.host.clone().unwrap_or_else(|| "*".into());
        for p in rule.http.iter().flat_map(|h| h.paths.iter()) {
            if let Some((svc, port)) = service(&p.backend) {
                out.push((
                    host.clone(),
                    p.path.clone().unwrap_or_else(|| "/".into()),
                    svc,
                    port,
                ));
            }
        }
    }
    out
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in &s.ingresses {
        let m = &i.metadata;
        let ns = meta::ns(m);
        let routes = routes(i);
        let lines: Vec<String> = std::iter::once(format!(
            "Name: {}\nNamespace: {ns}\nIngress Class: {}\nRules:\n  HOST  PATH  BACKENDS",
            meta::name(m),
            class(i).unwrap_or("<none>")
        ))
        .chain(
            routes
                .iter()
                .map(|(h, p, svc, port)| format!("  {h}  {p}  {svc}:{port}")),
        )
        .collect();
        let missing: BTreeSet<&str> = routes
            .iter()
            .map(|(_, _, svc, _)| svc.as_str())
            .filter(|svc| s.is_missing("Service", Some(ns), svc))
            .collect();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.into_iter().collect();
            let paths: Vec<String> = routes
                .iter()
                .filter(|(_, _, svc, _)| names.contains(&svc.as_str()))
                .map(|(h, p, svc, _)| format!("{h}{p} → {svc}"))
                .collect();
            out.push(Finding {
                check: Check::Ingress,
                severity: Severity::Critical,
                signal: Signal::IngressBroken {
                    missing_backend: true,
                },
                title: Text::with(
                    Msg::new("finding-ingress-no-backend")
                        .arg("ingress", meta::name(m))
                        .arg("count", names.len())
                        .arg("namespace", ns),
                    [("services", Text::list(&names, MAX_NAMES))],
                ),
                detail: Text::with(
                    Msg::new("finding-ingress-no-backend-detail"),
                    [("routes", Text::list(&paths, MAX_NAMES))],
                ),
                subjects: vec![meta::key(m)],
                evidence: vec![meta::describe("ingress", m, true, &lines)],
                suggestion: Some(
                    Msg::new("finding-ingress-no-backend-fix")
                        .arg("ingress", meta::name(m))
                        .arg("namespace", ns)
                        .into(),
                ),
            });
        }
        if let Some(c) = class(i).filter(|c| s.is_missing("IngressClass", None, c)) {
            out.push(Finding {
                check: Check::Ingress,
                severity: Severity::Warning,
                signal: Signal::IngressBroken {
                    missing_backend: false,
                },
                title: Msg::new("finding-ingress-no-class")
                    .arg("ingress", meta::name(m))
                    .arg("class", c)
                    .into(),
                detail: Msg::new("finding-ingress-no-class-detail")
                    .arg("ingress", meta::key(m))
                    .arg("class", c)
                    .into(),
                subjects: vec![meta::key(m)],
                evidence: vec![meta::describe("ingress", m, true, &lines)],
                suggestion: Some(
                    Msg::new("finding-ingress-no-class-fix")
                        .arg("ingress", meta::name(m))
                        .arg("class", c)
                        .into(),
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn ingress(backend: &str, class: &str) -> Ingress {
        testdata::from(json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"ingressClassName": class, "tls": [{"secretName": "web-tls"}],
                "rules": [{"host": "shop.example", "http": {"paths": [{"path": "/",
                "pathType": "Prefix", "backend": {"service": {"name": backend,
                "port": {"number": 80}}}}]}}]}
        }))
    }

    #[test]
    fn a_missing_backend_service_fires_alone() {
        let mut s = testdata::healthy();
        s.ingresses.push(ingress("web-svc", "nginx"));
        s.missing
            .push(testdata::missing("Service", Some("shop"), "web-svc"));
        let f = testdata::lone(
            &s,
            Check::Ingress,
            "Ingress web routes to Service web-svc, which does not exist in shop",
        );
        testdata::expect_detail(
            &f,
            "Requests to shop.example/ → web-svc get 503 from the ingress controller",
        );
        testdata::expect_command(&f, 0, "kubectl describe ingress web -n shop");
        testdata::expect_zh_title(
            &f,
            "Ingress web 路由到的 Service 在命名空间 shop 中不存在：web-svc",
        );
        testdata::expect_zh_finding(&f, "返回的 503：shop.example/ → web-svc。");
    }

    #[test]
    fn several_missing_backends_are_listed() {
        let mut s = testdata::healthy();
        s.ingresses.push(testdata::from(json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"rules": [{"host": "shop.example", "http": {"paths": [
                {"path": "/", "pathType": "Prefix",
                 "backend": {"service": {"name": "api", "port": {"number": 80}}}},
                {"path": "/cart", "pathType": "Prefix",
                 "backend": {"service": {"name": "cart", "port": {"number": 80}}}}]}}]}
        })));
        s.missing
            .push(testdata::missing("Service", Some("shop"), "api"));
        s.missing
            .push(testdata::missing("Service", Some("shop"), "cart"));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "Ingress web routes to Services api and cart, which do not exist in shop",
        );
        testdata::expect_zh_title(
            &f,
            "Ingress web 路由到的 Service 在命名空间 shop 中都不存在：api 和 cart",
        );
        testdata::expect_zh_finding(&f, "shop.example/ → api 和 shop.example/cart → cart");
    }

    #[test]
    fn a_missing_ingress_class_is_found() {
        let mut s = testdata::healthy();
        s.ingresses.push(ingress("web", "nginx-internal"));
        s.missing
            .push(testdata::missing("IngressClass", None, "nginx-internal"));
        let f = testdata::single(analyze, &s);
        assert!(
            testdata::en(&f.title).contains("IngressClass nginx-internal, which does not exist")
        );
        testdata::expect_detail(&f, "Ingress shop/web names class nginx-internal;");
        testdata::expect_zh_title(
            &f,
            "Ingress web 指定的 IngressClass nginx-internal 不存在：没有 Ingress 控制器处理它",
        );
        testdata::expect_zh_finding(&f, "集群中没有这个名称的 IngressClass");
    }

    #[test]
    fn a_wired_ingress_has_no_findings() {
        let mut s = testdata::healthy();
        s.ingresses.push(ingress("web", "nginx"));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
