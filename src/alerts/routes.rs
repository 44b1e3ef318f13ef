//! The `[alerts]` configuration: which channel an alert goes to (`[[alerts.routes]]`, first
//! match wins, then `default_channel`) and which labels name the workload, namespace and
//! cluster that the alert's triage reads.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::Labels;

/// The `[alerts]` section as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    /// Where alerts no route matches go; without it they are counted as unrouted and dropped.
    pub default_channel: Option<String>,
    #[serde(default)]
    pub routes: Vec<RouteConfig>,
    /// Labels that name the workload to triage, the first present wins.
    #[serde(default = "workload_labels")]
    pub workload_labels: Vec<String>,
    /// Labels that name the namespace, the first present wins.
    #[serde(default = "namespace_labels")]
    pub namespace_labels: Vec<String>,
    /// Labels that name the cluster (a `[[clusters]]` name); the default cluster without one.
    #[serde(default = "cluster_labels")]
    pub cluster_labels: Vec<String>,
    /// The Discord role ids the alert triage runs with under the access policy (its
    /// `[[policy.rules]]` give the impersonated identity).
    #[serde(default)]
    pub roles: Vec<String>,
    /// The label whose value picks the incident severity the Declare form proposes.
    #[serde(default = "severity_label")]
    pub severity_label: String,
    /// That label's values → `sev1`..`sev4`; unmapped values propose `sev3`.
    #[serde(default = "severity_map")]
    pub severity_map: BTreeMap<String, String>,
    /// A workload's triage runs at most once in this many seconds; alerts of it in between
    /// show that triage.
    #[serde(default = "triage_interval_secs")]
    pub triage_interval_secs: u64,
    /// Alert triages (of different workloads) that may run at once.
    #[serde(default = "max_concurrent_triages")]
    pub max_concurrent_triages: usize,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            default_channel: None,
            routes: Vec::new(),
            workload_labels: workload_labels(),
            namespace_labels: namespace_labels(),
            cluster_labels: cluster_labels(),
            roles: Vec::new(),
            severity_label: severity_label(),
            severity_map: severity_map(),
            triage_interval_secs: triage_interval_secs(),
            max_concurrent_triages: max_concurrent_triages(),
        }
    }
}

fn triage_interval_secs() -> u64 {
    300
}

fn max_concurrent_triages() -> usize {
    4
}

fn severity_label() -> String {
    "severity".into()
}

fn severity_map() -> BTreeMap<String, String> {
    [
        ("critical", "sev1"),
        ("page", "sev1"),
        ("error", "sev2"),
        ("warning", "sev3"),
        ("info", "sev4"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn workload_labels() -> Vec<String> {
    [
        "service",
        "deployment",
        "statefulset",
        "daemonset",
        "app",
        "job",
        "pod",
    ]
    .map(String::from)
    .to_vec()
}

fn namespace_labels() -> Vec<String> {
    vec!["namespace".into()]
}

fn cluster_labels() -> Vec<String> {
    vec!["cluster".into()]
}

/// One `[[alerts.routes]]`: every matcher must hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    pub channel: String,
    /// Label = value.
    #[serde(default, rename = "match")]
    pub equal: BTreeMap<String, String>,
    /// Label matches the regular expression (anchored at both ends, as in Alertmanager).
    #[serde(default)]
    pub match_re: BTreeMap<String, String>,
}

/// A route whose regular expressions are compiled.
#[derive(Debug, Clone)]
struct Route {
    channel: String,
    equal: Vec<(String, String)>,
    regex: Vec<(String, Regex)>,
}

impl Route {
    fn matches(&self, labels: &Labels) -> bool {
        self.equal
            .iter()
            .all(|(k, v)| labels.get(k).is_some_and(|l| l == v))
            && self
                .regex
                .iter()
                .all(|(k, re)| re.is_match(labels.get(k).map_or("", String::as_str)))
    }
}

/// A route that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error(
        "[[alerts.routes]] #{route}: match_re.{label} is not a valid regular expression: {source}"
    )]
    Regex {
        route: usize,
        label: String,
        #[source]
        source: regex::Error,
    },
    #[error("[[alerts.routes]] #{route}: channel {channel:?} is not a channel id (a number)")]
    Channel { route: usize, channel: String },
    #[error("[alerts] max_concurrent_triages must be at least 1")]
    Concurrency,
}

/// What the labels of an alert name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    pub workload: Option<String>,
    pub namespace: Option<String>,
    pub cluster: Option<String>,
}

/// The compiled `[alerts]` section.
#[derive(Debug, Clone)]
pub struct Routes {
    routes: Vec<Route>,
    default_channel: Option<String>,
    workload_labels: Vec<String>,
    namespace_labels: Vec<String>,
    cluster_labels: Vec<String>,
    /// The roles the alert triage runs with.
    pub roles: Vec<String>,
    severity_label: String,
    severity_map: BTreeMap<String, String>,
    /// One triage per workload per this interval.
    pub triage_interval: std::time::Duration,
    /// Alert triages that may run at once.
    pub max_concurrent_triages: usize,
}

impl Routes {
    pub fn new(config: &AlertsConfig) -> Result<Self, RouteError> {
        let channel_id = |route: usize, channel: &str| {
            if channel.parse::<u64>().is_ok() {
                Ok(channel.to_string())
            } else {
                Err(RouteError::Channel {
                    route,
                    channel: channel.to_string(),
                })
            }
        };
        let mut routes = Vec::new();
        for (i, r) in config.routes.iter().enumerate() {
            let route = i + 1;
            let mut regex = Vec::new();
            for (label, re) in &r.match_re {
                let compiled =
                    Regex::new(&format!("^(?:{re})$")).map_err(|source| RouteError::Regex {
                        route,
                        label: label.clone(),
                        source,
                    })?;
                regex.push((label.clone(), compiled));
            }
            routes.push(Route {
                channel: channel_id(route, &r.channel)?,
                equal: r.equal.clone().into_iter().collect(),
                regex,
            });
        }
        if config.max_concurrent_triages == 0 {
            return Err(RouteError::Concurrency);
        }
        let default_channel = match &config.default_channel {
            Some(c) => Some(channel_id(0, c)?),
            None => None,
        };
        Ok(Routes {
            routes,
            default_channel,
            workload_labels: config.workload_labels.clone(),
            namespace_labels: config.namespace_labels.clone(),
            cluster_labels: config.cluster_labels.clone(),
            roles: config.roles.clone(),
            severity_label: config.severity_label.clone(),
            severity_map: config.severity_map.clone(),
            triage_interval: std::time::Duration::from_secs(config.triage_interval_secs),
            max_concurrent_triages: config.max_concurrent_triages,
        })
    }

    /// The same labels, every alert going to `channel` (the console serves one channel).
    pub fn only(&self, channel: &str) -> Routes {
        Routes {
            routes: Vec::new(),
            default_channel: Some(channel.to_string()),
            ..self.clone()
        }
    }

    /// The channel an alert with these labels goes to: the first matching route, else the
    /// default channel, else none (unrouted).
    pub fn channel(&self, labels: &Labels) -> Option<&str> {
        self.routes
            .iter()
            .find(|r| r.matches(labels))
            .map(|r| r.channel.as_str())
            .or(self.default_channel.as_deref())
    }

    /// The incident severity (`sev1`..`sev4`) the labels map to; `sev3` when unmapped.
    pub fn severity(&self, labels: &Labels) -> String {
        labels
            .get(&self.severity_label)
            .and_then(|v| self.severity_map.get(&v.to_ascii_lowercase()))
            .cloned()
            .unwrap_or_else(|| "sev3".into())
    }

    /// The workload, namespace and cluster the labels name.
    pub fn subject(&self, labels: &Labels) -> Subject {
        let first = |names: &[String]| {
            names
                .iter()
                .find_map(|n| labels.get(n).filter(|v| !v.is_empty()).cloned())
        };
        Subject {
            workload: first(&self.workload_labels),
            namespace: first(&self.namespace_labels),
            cluster: first(&self.cluster_labels),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn routes(toml_text: &str) -> Routes {
        let config: AlertsConfig = toml::from_str(toml_text).unwrap();
        Routes::new(&config).unwrap()
    }

    #[test]
    fn first_matching_route_wins_then_the_default() {
        let r = routes(
            r#"
            default_channel = "100"
            [[routes]]
            channel = "200"
            match = { namespace = "production", severity = "critical" }
            [[routes]]
            channel = "300"
            match_re = { service = "payment-.*|order-service" }
            "#,
        );
        let prod_critical = labels(&[
            ("namespace", "production"),
            ("severity", "critical"),
            ("service", "payment-service"),
        ]);
        assert_eq!(r.channel(&prod_critical), Some("200"));
        let warning = labels(&[("namespace", "production"), ("service", "payment-service")]);
        assert_eq!(r.channel(&warning), Some("300"));
        // Anchored: "xpayment-service" is not "payment-.*".
        let other = labels(&[("service", "xpayment-service")]);
        assert_eq!(r.channel(&other), Some("100"));
    }

    #[test]
    fn without_a_default_an_unmatched_alert_is_unrouted() {
        let r = routes("[[routes]]\nchannel = \"200\"\nmatch = { team = \"payments\" }\n");
        assert_eq!(r.channel(&labels(&[("team", "search")])), None);
        assert_eq!(r.channel(&labels(&[])), None);
    }

    #[test]
    fn bad_routes_are_refused_with_the_route_named() {
        let config: AlertsConfig =
            toml::from_str("[[routes]]\nchannel = \"200\"\nmatch_re = { service = \"(\" }\n")
                .unwrap();
        let e = Routes::new(&config).unwrap_err().to_string();
        assert!(
            e.starts_with("[[alerts.routes]] #1: match_re.service"),
            "{e}"
        );
        let config: AlertsConfig =
            toml::from_str("[[routes]]\nchannel = \"#incidents\"\n").unwrap();
        let e = Routes::new(&config).unwrap_err().to_string();
        assert!(e.contains("\"#incidents\" is not a channel id"), "{e}");
    }

    #[test]
    fn the_configured_labels_name_the_workload() {
        let r = routes("");
        let s = r.subject(&labels(&[
            ("app", "web"),
            ("service", "payment-service"),
            ("namespace", "production"),
        ]));
        assert_eq!(s.workload.as_deref(), Some("payment-service"));
        assert_eq!(s.namespace.as_deref(), Some("production"));
        assert_eq!(s.cluster, None);
        let r = routes("workload_labels = [\"app\"]\ncluster_labels = [\"k8s_cluster\"]\n");
        let s = r.subject(&labels(&[
            ("app", "web"),
            ("service", "payment-service"),
            ("k8s_cluster", "eu-1"),
        ]));
        assert_eq!(s.workload.as_deref(), Some("web"));
        assert_eq!(s.cluster.as_deref(), Some("eu-1"));
    }

    #[test]
    fn the_severity_label_maps_to_an_incident_severity() {
        let r = routes("");
        assert_eq!(r.severity(&labels(&[("severity", "critical")])), "sev1");
        assert_eq!(r.severity(&labels(&[("severity", "Warning")])), "sev3");
        assert_eq!(r.severity(&labels(&[])), "sev3");
        let r = routes("severity_label = \"priority\"\nseverity_map = { p1 = \"sev1\" }\n");
        assert_eq!(r.severity(&labels(&[("priority", "p1")])), "sev1");
        assert_eq!(r.severity(&labels(&[("severity", "critical")])), "sev3");
    }
}
