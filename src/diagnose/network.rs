//! Network: NetworkPolicies that isolate the pods (DNS egress denied, all ingress denied), and
//! Services with no ready endpoints.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{NetworkPolicy, NetworkPolicyPort};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::finding::{Check, Finding, Severity, Signal};
use super::text::{self, MAX_NAMES};
use super::workload::{self as wl};
use super::{Index, meta};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{Kind, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

type Labels = BTreeMap<String, String>;

/// True when a label selector selects these labels. An empty selector selects everything; an
/// unknown operator selects nothing.
pub fn selects(sel: &LabelSelector, labels: &Labels) -> bool {
    let labels_ok = sel
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    labels_ok
        && sel.match_expressions.iter().flatten().all(|r| {
            let values = r.values.as_deref().unwrap_or_default();
            let value = labels.get(&r.key);
            match r.operator.as_str() {
                "In" => value.is_some_and(|v| values.contains(v)),
                "NotIn" => value.is_none_or(|v| !values.contains(v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

/// The terms of a label selector: "app=web", "tier In (a, b)".
pub(super) fn selector_terms(sel: Option<&LabelSelector>) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(sel) = sel {
        parts.extend(
            sel.match_labels
                .iter()
                .flatten()
                .map(|(k, v)| format!("{k}={v}")),
        );
        parts.extend(
            sel.match_expressions
                .iter()
                .flatten()
                .map(|r| match r.values.as_deref() {
                    Some(v) if !v.is_empty() => {
                        format!("{} {} ({})", r.key, r.operator, v.join(", "))
                    }
                    _ => format!("{} {}", r.key, r.operator),
                }),
        );
    }
    parts
}

/// "every pod (empty podSelector)" or "pods with app=web, tier In (a, b)".
pub(super) fn describe_selector(sel: Option<&LabelSelector>) -> Text {
    let terms = selector_terms(sel);
    let labels = if terms.is_empty() {
        "none".to_string()
    } else {
        terms.join(", ")
    };
    Msg::new("network-selector").arg("labels", labels).into()
}

fn policy_name(p: &NetworkPolicy) -> &str {
    p.metadata.name.as_deref().unwrap_or("")
}

/// The policy types in force: as written, or Ingress plus Egress when egress rules exist.
fn has_type(p: &NetworkPolicy, t: &str) -> bool {
    let Some(spec) = &p.spec else { return false };
    match &spec.policy_types {
        Some(types) => types.iter().any(|x| x == t),
        None => t == "Ingress" || spec.egress.as_ref().is_some_and(|e| !e.is_empty()),
    }
}

fn selects_pod(p: &NetworkPolicy, labels: &Labels) -> bool {
    let empty = LabelSelector::default();
    let sel = p
        .spec
        .as_ref()
        .and_then(|s| s.pod_selector.as_ref())
        .unwrap_or(&empty);
    selects(sel, labels)
}

/// Whether a port entry lets UDP port 53 through.
fn allows_dns_port(port: &NetworkPolicyPort) -> bool {
    if port.protocol.as_deref().unwrap_or("TCP") != "UDP" {
        return false;
    }
    match &port.port {
        None => true,
        Some(IntOrString::Int(p)) => {
            *p == 53 || (*p < 53 && port.end_port.is_some_and(|e| e >= 53))
        }
        Some(IntOrString::String(name)) => matches!(name.as_str(), "dns" | "domain" | "dns-udp"),
    }
}

/// Whether any egress rule of the policy lets DNS (UDP 53) out. Any destination counts: the
/// analyzer cannot tell whether a peer includes the cluster DNS pods.
fn allows_dns(p: &NetworkPolicy) -> bool {
    p.spec
        .iter()
        .flat_map(|s| s.egress.iter().flatten())
        .any(|rule| match &rule.ports {
            None => true,
            Some(ports) => ports.is_empty() || ports.iter().any(allows_dns_port),
        })
}

fn allows_some_ingress(p: &NetworkPolicy) -> bool {
    p.spec
        .as_ref()
        .and_then(|s| s.ingress.as_ref())
        .is_some_and(|rules| !rules.is_empty())
}

/// Which policies isolate one set of labels, and whether they block DNS or all ingress.
#[derive(Clone, Default)]
struct Isolation {
    dns_blocked_by: Vec<usize>,
    ingress_blocked_by: Vec<usize>,
}

fn isolation(policies: &[(usize, &NetworkPolicy)], labels: &Labels) -> Isolation {
    let selecting: Vec<(usize, &NetworkPolicy)> = policies
        .iter()
        .filter(|(_, p)| selects_pod(p, labels))
        .copied()
        .collect();
    let egress: Vec<&(usize, &NetworkPolicy)> = selecting
        .iter()
        .filter(|(_, p)| has_type(p, "Egress"))
        .collect();
    let ingress: Vec<&(usize, &NetworkPolicy)> = selecting
        .iter()
        .filter(|(_, p)| has_type(p, "Ingress"))
        .collect();
    let mut out = Isolation::default();
    if !egress.is_empty() && !egress.iter().any(|(_, p)| allows_dns(p)) {
        out.dns_blocked_by = egress.iter().map(|(i, _)| *i).collect();
    }
    if !ingress.is_empty() && !ingress.iter().any(|(_, p)| allows_some_ingress(p)) {
        out.ingress_blocked_by = ingress.iter().map(|(i, _)| *i).collect();
    }
    out
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut out = policy_findings(s, ix);
    out.extend(endpoint_findings(s));
    out
}

fn policy_findings(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    if s.network_policies.is_empty() {
        return Vec::new();
    }
    let mut by_ns: HashMap<&str, Vec<(usize, &NetworkPolicy)>> = HashMap::new();
    for (i, p) in s.network_policies.iter().enumerate() {
        by_ns.entry(meta::ns(&p.metadata)).or_default().push((i, p));
    }
    let empty = Labels::new();
    let mut cache: HashMap<(&str, &Labels), Isolation> = HashMap::new();
    // (namespace, blocking policy indices) -> pods, for DNS and for ingress.
    let mut dns: BTreeMap<(&str, Vec<usize>), Vec<&ClusterPod>> = BTreeMap::new();
    let mut ingress: BTreeMap<(&str, Vec<usize>), Vec<&ClusterPod>> = BTreeMap::new();
    for pod in &s.pods {
        let ns = wl::namespace(pod);
        let Some(policies) = by_ns.get(ns) else {
            continue;
        };
        let labels = pod.metadata.labels.as_deref().unwrap_or(&empty);
        let iso = cache
            .entry((ns, labels))
            .or_insert_with(|| isolation(policies, labels))
            .clone();
        if !iso.dns_blocked_by.is_empty() {
            dns.entry((ns, iso.dns_blocked_by)).or_default().push(pod);
        }
        if !iso.ingress_blocked_by.is_empty() {
            ingress
                .entry((ns, iso.ingress_blocked_by))
                .or_default()
                .push(pod);
        }
    }
    let mut out: Vec<Finding> = dns
        .into_iter()
        .map(|((ns, idx), pods)| isolation_finding(s, ix, ns, &idx, &pods, true))
        .collect();
    out.extend(
        ingress
            .into_iter()
            .map(|((ns, idx), pods)| isolation_finding(s, ix, ns, &idx, &pods, false)),
    );
    out
}

fn isolation_finding(
    s: &Snapshot,
    ix: &Index,
    ns: &str,
    idx: &[usize],
    pods: &[&ClusterPod],
    dns: bool,
) -> Finding {
    let policies: Vec<&NetworkPolicy> = idx
        .iter()
        .filter_map(|i| s.network_policies.get(*i))
        .collect();
    let names: Vec<&str> = policies.iter().map(|p| policy_name(p)).collect();
    let apps: BTreeSet<String> = pods.iter().map(|p| ix.workload(p).name).collect();
    let apps: Vec<String> = apps.into_iter().collect();
    let title = Text::with(
        Msg::new("finding-network-policy")
            .arg("count", names.len())
            .arg("dns", if dns { "yes" } else { "no" })
            .arg("pods", pods.len())
            .arg("namespace", ns),
        [
            ("policies", Text::list(&names, MAX_NAMES)),
            ("apps", Text::list(&apps, MAX_NAMES)),
        ],
    );
    let mut detail: Vec<Text> = policies.iter().map(|p| policy_line(p, dns)).collect();
    detail.push(
        Msg::new(if dns {
            "network-dns-blocked"
        } else {
            "network-ingress-blocked"
        })
        .into(),
    );
    let evidence = policies.iter().map(|p| policy_evidence(p, ns)).collect();
    let suggestion = if dns {
        allow_dns(ns)
    } else {
        allow_ingress(ns, pods)
    };

    Finding {
        check: Check::Network,
        severity: Severity::critical_if(dns),
        signal: if dns {
            Signal::DnsEgressBlocked
        } else {
            Signal::IngressBlocked
        },
        title,
        detail: Text::Lines(detail),
        subjects: names.iter().map(|n| format!("{ns}/{n}")).collect(),
        evidence,
        suggestion: Some(suggestion),
    }
}

/// What one blocking policy selects and how many rules of the blocked direction it has.
fn policy_line(p: &NetworkPolicy, dns: bool) -> Text {
    let spec = p.spec.as_ref();
    let types = spec
        .and_then(|s| s.policy_types.as_ref())
        .map(|t| t.join(", "))
        .unwrap_or_else(|| "unset".into());
    let rules = if dns {
        spec.and_then(|s| s.egress.as_ref()).map_or(0, Vec::len)
    } else {
        spec.and_then(|s| s.ingress.as_ref()).map_or(0, Vec::len)
    };
    Text::with(
        Msg::new("network-policy-line")
            .arg("policy", policy_name(p))
            .arg("types", types)
            .arg("rules", rules)
            .arg("dns", if dns { "yes" } else { "no" }),
        [(
            "selected",
            describe_selector(spec.and_then(|s| s.pod_selector.as_ref())),
        )],
    )
}

fn policy_evidence(p: &NetworkPolicy, ns: &str) -> Evidence {
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-network-policy").arg("name", policy_name(p)),
        Some(&format!(
            "kubectl get networkpolicy {} -n {ns} -o jsonpath='{{.spec}}'",
            policy_name(p)
        )),
        &serde_json::to_string(&p.spec).unwrap_or_default(),
    )
}

/// A NetworkPolicy that allows DNS egress, to apply next to the deny policy.
fn allow_dns(ns: &str) -> Text {
    let yaml = format!(
        "apiVersion: networking.k8s.io/v1\n\
         kind: NetworkPolicy\n\
         metadata:\n  name: allow-dns\n  namespace: {ns}\n\
         spec:\n  podSelector: {{}}\n  policyTypes:\n    - Egress\n  egress:\n    - ports:\n\
         \x20       - protocol: UDP\n          port: 53\n\
         \x20       - protocol: TCP\n          port: 53"
    );
    Msg::new("fix-network-allow-dns").arg("yaml", yaml).into()
}

/// An ingress rule to the pods' first container port.
fn allow_ingress(ns: &str, pods: &[&ClusterPod]) -> Text {
    let port = pods
        .first()
        .and_then(|p| p.spec.as_ref())
        .and_then(|sp| {
            sp.containers
                .iter()
                .flat_map(|c| c.ports.iter().flatten())
                .next()
        })
        .map(|p| p.container_port.to_string())
        .unwrap_or_else(|| "none".into());
    Msg::new("fix-network-allow-ingress")
        .arg("namespace", ns)
        .arg("port", port)
        .into()
}

/// Pods indexed by (namespace, label key, label value), so matching a Service selector does not
/// scan every pod.
struct PodsByLabel<'a> {
    index: HashMap<(&'a str, &'a str, &'a str), Vec<&'a ClusterPod>>,
}

impl<'a> PodsByLabel<'a> {
    fn new(s: &'a Snapshot) -> Self {
        let mut index: HashMap<(&str, &str, &str), Vec<&ClusterPod>> = HashMap::new();
        for p in &s.pods {
            for (k, v) in p.metadata.labels.iter().flat_map(|l| l.iter()) {
                index
                    .entry((wl::namespace(p), k.as_str(), v.as_str()))
                    .or_default()
                    .push(p);
            }
        }
        PodsByLabel { index }
    }

    /// Pods of `ns` whose labels include every pair of a Service selector.
    fn select(&self, ns: &str, sel: &Labels) -> Vec<&'a ClusterPod> {
        let Some((k, v)) = sel.iter().next() else {
            return Vec::new();
        };
        self.index
            .get(&(ns, k.as_str(), v.as_str()))
            .into_iter()
            .flatten()
            .filter(|p| {
                let labels = p.metadata.labels.as_ref();
                sel.iter()
                    .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v))
            })
            .copied()
            .collect()
    }
}

fn endpoint_findings(s: &Snapshot) -> Vec<Finding> {
    if s.not_checked
        .iter()
        .any(|n| n.kind == Some(Kind::EndpointSlices))
    {
        return Vec::new();
    }
    let mut slices: HashMap<(&str, &str), Vec<_>> = HashMap::new();
    for sl in &s.endpoint_slices {
        let ns = meta::ns(&sl.metadata);
        if let Some(svc) = sl
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("kubernetes.io/service-name"))
        {
            slices.entry((ns, svc.as_str())).or_default().push(sl);
        }
    }
    let by_label = PodsByLabel::new(s);
    s.services
        .iter()
        .filter_map(|svc| {
            let spec = svc.spec.as_ref()?;
            if spec.type_.as_deref() == Some("ExternalName") {
                return None;
            }
            let ns = meta::ns(&svc.metadata);
            let name = svc.metadata.name.as_deref()?;
            let mine = slices
                .get(&(ns, name))
                .map(Vec::as_slice)
                .unwrap_or_default();
            if spec.selector.is_none() && mine.is_empty() {
                return None;
            }
            let ready: usize = mine
                .iter()
                .flat_map(|sl| sl.endpoints.iter().flatten())
                .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) != Some(false))
                .count();
            let not_ready: usize = mine
                .iter()
                .flat_map(|sl| sl.endpoints.iter().flatten())
                .count()
                - ready;
            (ready == 0).then(|| no_endpoints_finding(&by_label, svc, ns, name, mine, not_ready))
        })
        .collect()
}

fn no_endpoints_finding(
    by_label: &PodsByLabel,
    svc: &Service,
    ns: &str,
    name: &str,
    slices: &[&EndpointSlice],
    not_ready: usize,
) -> Finding {
    let spec = svc.spec.as_ref();
    let ports: Vec<String> = spec
        .and_then(|sp| sp.ports.as_ref())
        .into_iter()
        .flatten()
        .map(|p| format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")))
        .collect();
    let selector: Vec<String> = spec
        .and_then(|sp| sp.selector.as_ref())
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let matching: Vec<&ClusterPod> = match spec.and_then(|sp| sp.selector.as_ref()) {
        Some(sel) => by_label.select(ns, sel),
        None => Vec::new(),
    };
    let ports_text = if ports.is_empty() {
        "none".to_string()
    } else {
        ports.join(", ")
    };
    let title = Msg::new("finding-network-no-endpoints")
        .arg("service", name)
        .arg("namespace", ns)
        .arg("ports", ports_text);
    let selector_arg = if selector.is_empty() {
        "none".to_string()
    } else {
        selector.join(",")
    };
    let state = Msg::new("network-endpoints-state")
        .arg("selector", selector_arg.clone())
        .arg("slices", slices.len())
        .arg("unready", not_ready);
    let pods = if matching.is_empty() {
        Msg::new("network-endpoints-no-pods")
    } else {
        Msg::new("network-endpoints-not-ready").arg("pods", matching.len())
    };
    let detail = Text::Sentences(vec![state.into(), pods.into()]);

    let evidence = vec![
        slices_evidence(ns, name, slices),
        service_evidence(svc, &ports, &selector),
    ];
    Finding {
        check: Check::Network,
        severity: Severity::Critical,
        signal: Signal::NoEndpoints {
            service: name.to_string(),
            namespace: ns.to_string(),
        },
        title: title.into(),
        detail,
        subjects: vec![format!("{ns}/{name}")],
        evidence,
        suggestion: Some(
            Msg::new("fix-network-endpoints")
                .arg("namespace", ns)
                .arg("selector", selector_arg)
                .into(),
        ),
    }
}

/// `kubectl get endpointslices` of a Service.
fn slices_evidence(ns: &str, name: &str, slices: &[&EndpointSlice]) -> Evidence {
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-endpoint-slices").arg("service", name),
        Some(&format!(
            "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}"
        )),
        &text::lines_capped(
            Some("NAME  ADDRESSTYPE  PORTS  ENDPOINTS"),
            slices.iter().map(|sl| {
                let ports: Vec<String> = sl
                    .ports
                    .iter()
                    .flatten()
                    .filter_map(|p| p.port.map(|n| n.to_string()))
                    .collect();
                let addrs: Vec<&str> = sl
                    .endpoints
                    .iter()
                    .flatten()
                    .flat_map(|e| e.addresses.iter().map(String::as_str))
                    .collect();
                format!(
                    "{}  {}  {}  {}",
                    sl.metadata.name.as_deref().unwrap_or(""),
                    sl.address_type,
                    ports.join(","),
                    if addrs.is_empty() {
                        "<unset>".to_string()
                    } else {
                        addrs.join(",")
                    }
                )
            }),
        ),
    )
}

/// `kubectl get service -o wide`, from the ports and selector already formatted.
fn service_evidence(svc: &Service, ports: &[String], selector: &[String]) -> Evidence {
    let (ns, name) = (meta::ns(&svc.metadata), meta::name(&svc.metadata));
    let spec = svc.spec.as_ref();
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-service").arg("service", name),
        Some(&format!("kubectl get service {name} -n {ns} -o wide")),
        &format!(
            "NAME  TYPE  CLUSTER-IP  PORT(S)  SELECTOR\n{name}  {}  {}  {}  {}\n",
            spec.and_then(|sp| sp.type_.as_deref())
                .unwrap_or("ClusterIP"),
            spec.and_then(|sp| sp.cluster_ip.as_deref()).unwrap_or(""),
            ports.join(","),
            if selector.is_empty() {
                "<none>".to_string()
            } else {
                selector.join(",")
            }
        ),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_default_deny_blocks_dns_and_redis_has_no_endpoints() {
        let f = testdata::seed_titles(
            analyze,
            "NetworkPolicy default-deny-all blocks DNS egress (UDP 53) for 32 pods in \
                 production (order-service and payment-service)
             NetworkPolicy default-deny-all denies all ingress to 32 pods in production \
                 (order-service and payment-service)
             Service redis (namespace cache) has no ready endpoints: nothing answers on port \
                 6379/TCP",
        );
        let dns = &f[0];
        assert_eq!(dns.severity, Severity::Critical);
        testdata::expect_detail(
            dns,
            "selects every pod (empty podSelector), policyTypes Ingress, Egress, 0 egress rules",
        );
        testdata::expect_command(
            dns,
            0,
            "kubectl get networkpolicy default-deny-all -n production -o jsonpath='{.spec}'",
        );
        let yaml = testdata::fix(dns);
        assert!(yaml.contains("name: allow-dns\n  namespace: production\n"));
        assert!(yaml.contains("        - protocol: UDP\n          port: 53\n"));
        let redis = &f[2];
        testdata::expect_detail(
            redis,
            "Selector app=redis; 1 EndpointSlice with 0 ready endpoints.",
        );
        testdata::expect_command(
            redis,
            0,
            "kubectl get endpointslices -n cache -l kubernetes.io/service-name=redis",
        );
        testdata::expect_evidence(redis, 0, "redis-x7k2q  IPv4  6379  <unset>");
        assert_eq!(
            testdata::fix(redis),
            "Bring the backing pods back: kubectl get pods -n cache -l app=redis; check the \
             workload's replicas and readiness probe, and that the selector matches the pods' \
             labels"
        );
    }

    #[test]
    fn seed_network_findings_read_in_chinese() {
        let f = testdata::run(analyze, &testdata::seed());
        testdata::expect_zh_finding(
            &f[0],
            "default-deny-all 选中所有 Pod（podSelector 为空），policyTypes 为 Ingress, Egress，\
             共 0 条 egress 规则。\n选中这些 Pod 的策略都没有放行 53 端口",
        );
        let yaml = testdata::zh_fix(&f[0]);
        assert!(
            yaml.starts_with("在 deny 策略之外再加一条放行 DNS 出站流量的 NetworkPolicy"),
            "{yaml}"
        );
        assert!(
            yaml.contains("\n  name: allow-dns\n  namespace: production\n"),
            "{yaml}"
        );
        testdata::expect_zh_finding(&f[1], "都没有放行任何入站流量，它们的 Service 无法访问。");
        assert!(
            testdata::zh_fix(&f[1]).starts_with("在命名空间 production 中添加一条 NetworkPolicy")
        );
        testdata::expect_zh_finding(
            &f[2],
            "Selector 为 app=redis；1 个 EndpointSlice，就绪的 endpoints 为 0。快照中没有 Pod 匹配该 selector",
        );
    }

    #[test]
    fn fires_alone_on_egress_deny_matched_by_expressions() {
        let mut s = testdata::healthy();
        s.network_policies.push(testdata::from(json!({
            "metadata": {"name": "lock-web", "namespace": "shop"},
            "spec": {
                "podSelector": {"matchLabels": {"app": "web"},
                    "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]},
                "policyTypes": ["Egress"],
                "egress": [{"ports": [{"protocol": "TCP", "port": 443}]}]
            }
        })));
        // The healthy namespace's own policy allows DNS: replace it with one that does not.
        s.network_policies.remove(0);
        let f = testdata::lone(
            &s,
            Check::Network,
            "NetworkPolicy lock-web blocks DNS egress (UDP 53) for 3 pods in shop (web)",
        );
        testdata::expect_detail(&f, "pods with app=web, tier NotIn (db)");
        testdata::expect_zh_finding(&f, "lock-web 选中标签匹配 app=web, tier NotIn (db) 的 Pod");
    }

    #[test]
    fn fires_alone_on_a_service_without_ready_endpoints() {
        let mut s = testdata::healthy();
        s.endpoint_slices[0].endpoints = Some(vec![testdata::from(
            json!({"addresses": ["10.0.0.1"], "conditions": {"ready": false}}),
        )]);
        let f = testdata::lone(
            &s,
            Check::Network,
            "Service web (namespace shop) has no ready endpoints: nothing answers on port 80/TCP",
        );
        testdata::expect_detail(
            &f,
            "0 ready endpoints and 1 not ready
             3 pods match the selector but none is ready",
        );
        testdata::expect_zh_finding(
            &f,
            "就绪的 endpoints 为 0，另有 1 个未就绪。3 个 Pod 匹配该 selector，但没有一个就绪。",
        );
    }

    #[test]
    fn selectors_follow_kubernetes_rules() {
        let labels: Labels = [("app".to_string(), "web".to_string())].into();
        let sel = |v: serde_json::Value| -> LabelSelector { testdata::from(v) };
        assert!(selects(&sel(json!({})), &labels));
        assert!(selects(
            &sel(json!({"matchLabels": {"app": "web"}})),
            &labels
        ));
        assert!(!selects(
            &sel(json!({"matchLabels": {"app": "api"}})),
            &labels
        ));
        let expr = |op: &str, values: &[&str]| {
            sel(json!({"matchExpressions": [{"key": "app", "operator": op, "values": values}]}))
        };
        assert!(selects(&expr("In", &["web", "api"]), &labels));
        assert!(!selects(&expr("NotIn", &["web"]), &labels));
        assert!(selects(&expr("Exists", &[]), &labels));
        assert!(!selects(&expr("DoesNotExist", &[]), &labels));
        assert!(!selects(&expr("Gt", &["1"]), &labels));
    }

    #[test]
    fn healthy_network_has_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
