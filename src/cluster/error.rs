//! `ClusterError`: what went wrong talking to a cluster, phrased so the user knows what to do.

use std::fmt;
use std::time::Duration;

use crate::i18n::{Msg, Text};

/// An error of the cluster layer. Its `Display` is meant to be shown to users as written.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// A name the user typed is not a valid Kubernetes name; nothing was sent.
    #[error("invalid {what} {value:?}: {rule}")]
    InvalidName {
        what: &'static str,
        value: String,
        rule: &'static str,
    },
    /// A log tail outside 1..=`max` lines; nothing was sent.
    #[error("invalid tail: ask for 1 to {max} lines (got {got})")]
    TailOutOfRange { got: u32, max: u32 },
    /// `/logs` of a pod with several containers and no default one; the user picks.
    #[error(
        "invalid container: pod {pod} has containers {containers}: choose one with the container option"
    )]
    ChooseContainer { pod: String, containers: String },
    /// No cluster of that name is configured.
    #[error("unknown cluster {name:?}: the configured clusters are {known}")]
    UnknownCluster { name: String, known: String },
    /// The cluster configuration (TOML `[[clusters]]`, kubeconfig, identity) cannot be used.
    #[error("cluster configuration: {0}")]
    Config(String),
    /// RBAC refused the request.
    #[error(
        "forbidden: warroom's identity may not {verb} {resource} {scope} (grant get, list and \
         watch on {resource} to it, or ask a cluster admin); the API server said: {message}"
    )]
    Forbidden {
        verb: &'static str,
        resource: String,
        scope: Place,
        message: String,
    },
    /// A read answered 404: the API is not served or the object does not exist.
    #[error(
        "{resource} {scope} not found: the API server answered 404 ({message}): the API is not \
         served or the object does not exist"
    )]
    NotServed {
        resource: String,
        scope: Place,
        message: String,
    },
    /// The pod the user named does not exist.
    #[error(
        "pod {pod:?} in namespace {namespace:?} not found: check the name (a pod's name changes \
         when it is recreated) and the namespace; /triage lists a workload's current pods"
    )]
    PodNotFound { namespace: String, pod: String },
    /// The API server rejected the credentials.
    #[error(
        "the API server rejected warroom's credentials (401 Unauthorized): refresh the \
         kubeconfig's token or check the ServiceAccount token"
    )]
    Unauthorized,
    /// No connection to the API server.
    #[error(
        "cannot reach the API server at {server}: {reason} (check the cluster's server URL or \
         kubeconfig, and the network path from warroom to the cluster)"
    )]
    Unreachable { server: String, reason: String },
    /// The API server did not answer in time.
    #[error(
        "the API server at {server} did not answer within {secs} s (it may be overloaded; raise \
         request_timeout_secs for this cluster if it persists)"
    )]
    Timeout { server: String, secs: u64 },
    /// The triage's overall deadline passed before this read could finish.
    #[error(
        "this triage's deadline of {secs} s passed before the API server answered (raise \
         triage_deadline_secs for this cluster, or triage a narrower target)"
    )]
    DeadlineReached { secs: u64 },
    /// A log stream began but did not finish in time.
    #[error(
        "the log stream started but did not finish within {secs} s (the kubelet or the node may \
         be overloaded; read it with kubectl logs)"
    )]
    StreamStalled { secs: u64 },
    /// Any other error status.
    #[error("the API server answered {code} to {verb} {resource} {scope}: {message}")]
    Api {
        code: u16,
        verb: &'static str,
        resource: String,
        scope: Place,
        message: String,
    },
    /// The answer could not be decoded.
    #[error("could not read the API server's answer to {verb} {resource} {scope}: {message}")]
    Decode {
        verb: &'static str,
        resource: String,
        scope: Place,
        message: String,
    },
}

impl ClusterError {
    /// Whether every further request to this cluster would fail the same way (no connection,
    /// no answer, credentials refused), so a caller can stop early.
    pub fn is_cluster_wide(&self) -> bool {
        matches!(
            self,
            ClusterError::Unreachable { .. }
                | ClusterError::Timeout { .. }
                | ClusterError::Unauthorized
        )
    }
}

impl ClusterError {
    /// Whether the failure is warroom's or the API server's rather than something the user can
    /// fix (a name, a grant, the configuration, the network path): a 5xx or an undecodable answer.
    pub fn is_internal(&self) -> bool {
        match self {
            ClusterError::Decode { .. } => true,
            ClusterError::Api { code, .. } => *code >= 500,
            _ => false,
        }
    }
}

impl ClusterError {
    /// The `Display` text as catalog messages, for a reader in any locale. Names, addresses
    /// and what the API server said are kept as they are. Errors refused before any request
    /// (an argument, a cluster that is not configured, a pod `/logs` did not find) are shown to
    /// the user who typed them, in the user's language.
    pub fn reason(&self) -> Text {
        let read = |msg: Msg, verb: &str, resource: &str, message: &str, scope: &Place| {
            Text::with(
                msg.arg("verb", verb)
                    .arg("resource", resource)
                    .arg("message", message),
                [("scope", scope.text())],
            )
        };
        match self {
            // Names are checked where the command is read; this is the cluster layer's own
            // guard, which no typed command reaches.
            ClusterError::InvalidName { .. } => Text::Prose(self.to_string()),
            ClusterError::TailOutOfRange { got, max } => Msg::new("cluster-why-tail")
                .arg("got", *got)
                .arg("max", *max)
                .into(),
            ClusterError::ChooseContainer { pod, containers } => {
                Msg::new("cluster-why-choose-container")
                    .arg("pod", pod.as_str())
                    .arg("containers", containers.as_str())
                    .into()
            }
            ClusterError::UnknownCluster { name, known } => Msg::new("cluster-why-unknown")
                .arg("name", name.as_str())
                .arg("known", known.as_str())
                .into(),
            ClusterError::PodNotFound { namespace, pod } => Msg::new("cluster-why-pod-not-found")
                .arg("namespace", namespace.as_str())
                .arg("pod", pod.as_str())
                .into(),
            ClusterError::Config(detail) => Msg::new("cluster-why-config")
                .arg("detail", detail.as_str())
                .into(),
            ClusterError::Forbidden {
                verb,
                resource,
                scope,
                message,
            } => read(
                Msg::new("cluster-why-forbidden"),
                verb,
                resource,
                message,
                scope,
            ),
            ClusterError::NotServed {
                resource,
                scope,
                message,
            } => Text::with(
                Msg::new("cluster-why-not-served")
                    .arg("resource", resource.as_str())
                    .arg("message", message.as_str()),
                [("scope", scope.text())],
            ),
            ClusterError::Unauthorized => Msg::new("cluster-why-unauthorized").into(),
            ClusterError::Unreachable { server, reason } => Msg::new("cluster-why-unreachable")
                .arg("server", server.as_str())
                .arg("reason", reason.as_str())
                .into(),
            ClusterError::Timeout { server, secs } => Msg::new("cluster-why-timeout")
                .arg("server", server.as_str())
                .arg("secs", *secs)
                .into(),
            ClusterError::DeadlineReached { secs } => {
                Msg::new("cluster-why-deadline").arg("secs", *secs).into()
            }
            ClusterError::StreamStalled { secs } => {
                Msg::new("cluster-why-stalled").arg("secs", *secs).into()
            }
            ClusterError::Api {
                code,
                verb,
                resource,
                scope,
                message,
            } => read(
                Msg::new("cluster-why-status").arg("code", u32::from(*code)),
                verb,
                resource,
                message,
                scope,
            ),
            ClusterError::Decode {
                verb,
                resource,
                scope,
                message,
            } => read(
                Msg::new("cluster-why-decode"),
                verb,
                resource,
                message,
                scope,
            ),
        }
    }

    /// The reason in a few words, for a headline: `forbidden`, `no answer within 10 s`.
    pub fn short(&self) -> Msg {
        match self {
            ClusterError::Forbidden { .. } => Msg::new("verdict-short-forbidden"),
            ClusterError::Unauthorized => Msg::new("verdict-short-credentials"),
            ClusterError::NotServed { .. } => Msg::new("verdict-short-not-served"),
            ClusterError::PodNotFound { .. } => Msg::new("verdict-short-not-found"),
            ClusterError::Timeout { secs, .. } => {
                Msg::new("verdict-short-no-answer-within").arg("secs", *secs)
            }
            ClusterError::DeadlineReached { .. } => Msg::new("verdict-short-deadline"),
            ClusterError::StreamStalled { .. } => Msg::new("verdict-short-log-stream"),
            ClusterError::Unreachable { .. } => Msg::new("verdict-short-unreachable"),
            ClusterError::Api { code, .. } => {
                Msg::new("verdict-short-error").arg("code", u32::from(*code))
            }
            ClusterError::Decode { .. } => Msg::new("verdict-short-unreadable"),
            ClusterError::InvalidName { .. }
            | ClusterError::TailOutOfRange { .. }
            | ClusterError::ChooseContainer { .. }
            | ClusterError::UnknownCluster { .. }
            | ClusterError::Config(_) => Msg::new("verdict-short-refused"),
        }
    }
}

/// Where a request read: `in namespace "production"`, `in all namespaces`, `at the cluster
/// scope` (its `Display`, for logs and errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Namespace(String),
    AllNamespaces,
    Cluster,
}

impl Place {
    /// The place for a reader in any locale.
    pub fn text(&self) -> Text {
        match self {
            Place::Namespace(ns) => {
                Msg::new("cluster-place-namespace").arg("namespace", ns.as_str())
            }
            Place::AllNamespaces => Msg::new("cluster-place-all-namespaces"),
            Place::Cluster => Msg::new("cluster-place-cluster"),
        }
        .into()
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Namespace(ns) => write!(f, "in namespace {ns:?}"),
            Place::AllNamespaces => f.write_str("in all namespaces"),
            Place::Cluster => f.write_str("at the cluster scope"),
        }
    }
}

/// One request, described for error messages: `list nodes at the cluster scope`.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    pub verb: &'static str,
    /// RBAC-style resource: `nodes`, `deployments.apps`, `pods/log`.
    pub resource: String,
    pub scope: Place,
}

impl Attempt {
    pub fn new(verb: &'static str, plural: &str, group: &str, namespace: Option<&str>) -> Self {
        Attempt::scoped(verb, plural, group, Scope::from_namespace(namespace))
    }

    pub fn scoped(verb: &'static str, plural: &str, group: &str, scope: Scope<'_>) -> Self {
        let resource = if group.is_empty() {
            plural.to_string()
        } else {
            format!("{plural}.{group}")
        };
        let scope = match scope {
            Scope::Namespace(ns) => Place::Namespace(ns.to_string()),
            Scope::AllNamespaces => Place::AllNamespaces,
            Scope::Cluster => Place::Cluster,
        };
        Attempt {
            verb,
            resource,
            scope,
        }
    }
}

/// Where a request reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    Namespace(&'a str),
    AllNamespaces,
    Cluster,
}

impl<'a> Scope<'a> {
    pub fn from_namespace(namespace: Option<&'a str>) -> Self {
        namespace.map_or(Scope::AllNamespaces, Scope::Namespace)
    }
}

/// Turns a kube error into a `ClusterError` for the user.
pub(crate) fn from_kube(
    err: kube::Error,
    attempt: &Attempt,
    server: &str,
    timeout: Duration,
) -> ClusterError {
    let Attempt {
        verb,
        resource,
        scope,
    } = attempt.clone();
    match err {
        kube::Error::Api(status) => match status.code {
            401 => ClusterError::Unauthorized,
            403 => ClusterError::Forbidden {
                verb,
                resource,
                scope,
                message: status.message,
            },
            404 => ClusterError::NotServed {
                resource,
                scope,
                message: status.message,
            },
            code => ClusterError::Api {
                code,
                verb,
                resource,
                scope,
                message: status.message,
            },
        },
        kube::Error::SerdeError(e) => ClusterError::Decode {
            verb,
            resource,
            scope,
            message: e.to_string(),
        },
        kube::Error::FromUtf8(e) => ClusterError::Decode {
            verb,
            resource,
            scope,
            message: e.to_string(),
        },
        kube::Error::Auth(e) => ClusterError::Config(format!(
            "authentication failed before the request was sent: {} (check the kubeconfig's user, \
             its token or exec plugin)",
            chain(&e)
        )),
        other if is_timeout(&other) => ClusterError::Timeout {
            server: server.to_string(),
            secs: timeout.as_secs(),
        },
        other => ClusterError::Unreachable {
            server: server.to_string(),
            reason: chain(&other),
        },
    }
}

/// Whether the error, or any error it wraps, is a timeout.
pub(super) fn is_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if e.is::<tower::timeout::error::Elapsed>() {
            return true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// The error and its causes on one line: `client error (Connect): tcp connect error: ...`.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut current = err.source();
    while let Some(e) = current {
        let text = e.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::core::Status;

    fn attempt() -> Attempt {
        Attempt::new("list", "nodes", "", None)
    }

    fn api(code: u16, message: &str) -> kube::Error {
        kube::Error::Api(Status::failure(message, "").with_code(code).boxed())
    }

    #[test]
    fn forbidden_names_the_grant() {
        let e = from_kube(
            api(
                403,
                "nodes is forbidden: User \"jane\" cannot list resource \"nodes\"",
            ),
            &Attempt::scoped("list", "nodes", "", Scope::Cluster),
            "https://k",
            Duration::from_secs(10),
        );
        let text = e.to_string();
        assert!(
            text.starts_with(
                "forbidden: warroom's identity may not list nodes at the cluster scope"
            ),
            "{text}"
        );
        assert!(
            text.contains("grant get, list and watch on nodes"),
            "{text}"
        );
        assert!(text.contains("User \"jane\""), "{text}");
    }

    #[test]
    fn status_codes_map_to_kinds() {
        let d = Duration::from_secs(10);
        assert!(matches!(
            from_kube(api(401, "Unauthorized"), &attempt(), "s", d),
            ClusterError::Unauthorized
        ));
        assert!(matches!(
            from_kube(api(404, "404 page not found"), &attempt(), "s", d),
            ClusterError::NotServed { .. }
        ));
        let e = from_kube(
            api(500, "dial tcp 10.0.1.7:10250: connect: connection refused"),
            &attempt(),
            "s",
            d,
        );
        assert!(matches!(e, ClusterError::Api { code: 500, .. }));
        assert!(e.to_string().contains("connection refused"));
    }

    #[test]
    fn every_reason_reads_in_english_as_its_display_and_in_chinese_without_english() {
        let catalog = crate::i18n::Catalog::new(None).expect("the embedded catalogs load");
        let read = |scope: Place| {
            (
                String::from("events"),
                scope,
                String::from("the server is on fire"),
            )
        };
        let (resource, scope, message) = read(Place::Namespace("shop".into()));
        // What the API server or the system said is quoted as it is, in every locale.
        let errors = [
            ClusterError::Forbidden {
                verb: "list",
                resource: resource.clone(),
                scope: scope.clone(),
                message: message.clone(),
            },
            ClusterError::NotServed {
                resource: "pods.metrics.k8s.io".into(),
                scope: Place::AllNamespaces,
                message: message.clone(),
            },
            ClusterError::Unauthorized,
            ClusterError::Unreachable {
                server: "https://k".into(),
                reason: "connection refused".into(),
            },
            ClusterError::Timeout {
                server: "https://k".into(),
                secs: 10,
            },
            ClusterError::DeadlineReached { secs: 20 },
            ClusterError::StreamStalled { secs: 5 },
            ClusterError::Api {
                code: 500,
                verb: "list",
                resource: resource.clone(),
                scope: Place::Cluster,
                message: message.clone(),
            },
            ClusterError::Decode {
                verb: "get",
                resource,
                scope,
                message,
            },
            ClusterError::Config("no such context".into()),
        ];
        for e in &errors {
            assert_eq!(
                catalog.text(crate::i18n::Locale::En, &e.reason()),
                e.to_string()
            );
            let zh = catalog.text(crate::i18n::Locale::ZhCn, &e.reason());
            assert_eq!(crate::i18n::english_runs(&zh), Vec::<String>::new(), "{zh}");
        }
        assert_eq!(
            catalog.text(crate::i18n::Locale::ZhCn, &errors[0].reason()),
            "无权限：warroom 的身份无权在命名空间 shop 中执行 `list events`（请为它授予 events 的 \
             get、list 和 watch 权限，或联系集群管理员）；API server 返回：「the server is on fire」"
        );
    }

    #[test]
    fn timeouts_are_recognised_through_the_chain() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "read timed out");
        let e = from_kube(
            kube::Error::Service(Box::new(io)),
            &attempt(),
            "http://x",
            Duration::from_secs(3),
        );
        assert!(matches!(e, ClusterError::Timeout { secs: 3, .. }), "{e}");
        let refused =
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let e = from_kube(
            kube::Error::Service(Box::new(refused)),
            &attempt(),
            "http://x",
            Duration::from_secs(3),
        );
        assert!(matches!(e, ClusterError::Unreachable { .. }), "{e}");
        assert!(e.to_string().contains("Connection refused") && e.is_cluster_wide());
    }
}
