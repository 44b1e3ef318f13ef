//! "May I?" preflight for `warroom check`: asks the API server, through SelfSubjectAccessReviews,
//! whether warroom's identity can read everything in `READS` and whether it can do anything
//! dangerous it should not. These creates are the only non-GET requests warroom ever sends.

use std::fmt;

use futures::future::join_all;
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use kube::Api;
use kube::api::PostParams;

use super::READS;
use super::client::ReadOnly;
use super::error::{Attempt, ClusterError, Scope};
use super::names;

/// The verbs `READS` needs: get/list/watch, and only get on a subresource (`pods/log`).
fn read_verbs(resource: &str) -> &'static [&'static str] {
    if resource.contains('/') {
        &["get"]
    } else {
        &["get", "list", "watch"]
    }
}

/// Access warroom must not have: writes on pods and deployments, secrets and configmaps, exec,
/// attach, port-forward, node proxy. `(group, resource[/subresource], verb)`.
const DANGEROUS: &[(&str, &str, &str)] = &[
    ("", "pods", "create"),
    ("", "pods", "update"),
    ("", "pods", "patch"),
    ("", "pods", "delete"),
    ("", "pods", "deletecollection"),
    ("apps", "deployments", "create"),
    ("apps", "deployments", "update"),
    ("apps", "deployments", "patch"),
    ("apps", "deployments", "delete"),
    ("apps", "deployments", "deletecollection"),
    ("", "secrets", "get"),
    ("", "secrets", "list"),
    ("", "configmaps", "get"),
    ("", "pods/exec", "create"),
    ("", "pods/attach", "create"),
    ("", "pods/portforward", "create"),
    ("", "nodes/proxy", "get"),
];

/// Cluster-scoped entries of `READS` (checked without a namespace).
fn is_cluster_scoped(group: &str, resource: &str) -> bool {
    matches!(
        (group, resource),
        ("", "nodes" | "nodes/proxy" | "persistentvolumes")
            | ("metrics.k8s.io", "nodes")
            | ("networking.k8s.io", "ingressclasses")
            | ("storage.k8s.io", "storageclasses")
            | (
                "admissionregistration.k8s.io",
                "mutatingwebhookconfigurations" | "validatingwebhookconfigurations"
            )
    )
}

/// The answer to one "may I VERB RESOURCE?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessCheck {
    /// API group; `""` is the core group.
    pub group: &'static str,
    /// Plural resource, with `/subresource` where one is checked.
    pub resource: &'static str,
    pub verb: &'static str,
    /// `None`: cluster-wide (all namespaces, or a cluster-scoped resource).
    pub namespace: Option<String>,
    pub allowed: bool,
    /// The authorizer's reason or evaluation error, when it gave one.
    pub reason: Option<String>,
}

impl fmt::Display for AccessCheck {
    /// `list deployments.apps in namespace "production"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.verb, self.resource)?;
        if !self.group.is_empty() {
            write!(f, ".{}", self.group)?;
        }
        match &self.namespace {
            Some(ns) => write!(f, " in namespace {ns:?}"),
            None => write!(f, " cluster-wide"),
        }
    }
}

/// Everything `create_self_subject_reviews` learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReport {
    /// One check per entry of `READS` and verb get, list, watch.
    pub reads: Vec<AccessCheck>,
    /// One check per dangerous verb; all should be denied.
    pub dangerous: Vec<AccessCheck>,
}

impl AccessReport {
    /// Reads warroom needs but may not do.
    pub fn missing_reads(&self) -> Vec<&AccessCheck> {
        self.reads.iter().filter(|c| !c.allowed).collect()
    }

    /// Dangerous access that is unexpectedly allowed.
    pub fn dangerous_allowed(&self) -> Vec<&AccessCheck> {
        self.dangerous.iter().filter(|c| c.allowed).collect()
    }

    /// Every read allowed and nothing dangerous allowed.
    pub fn is_least_privilege(&self) -> bool {
        self.missing_reads().is_empty() && self.dangerous_allowed().is_empty()
    }
}

/// Creates one SelfSubjectAccessReview per `READS` entry and read verb, and one per dangerous
/// verb, in `namespace` (cluster-wide when `None`; cluster-scoped resources always are).
/// THE ONLY NON-GET REQUESTS IN WARROOM: reviews are answered and not stored by the API server.
pub async fn create_self_subject_reviews(
    ro: &ReadOnly,
    namespace: Option<&str>,
) -> Result<AccessReport, ClusterError> {
    if let Some(ns) = namespace {
        names::validate_namespace(ns)?;
    }
    let check = |group: &'static str, resource: &'static str, verb: &'static str| AccessCheck {
        group,
        resource,
        verb,
        namespace: namespace
            .filter(|_| !is_cluster_scoped(group, resource))
            .map(str::to_string),
        allowed: false,
        reason: None,
    };
    let reads: Vec<AccessCheck> = READS
        .iter()
        .flat_map(|r| {
            read_verbs(r.resource)
                .iter()
                .map(|verb| check(r.group, r.resource, verb))
        })
        .collect();
    let dangerous: Vec<AccessCheck> = DANGEROUS
        .iter()
        .map(|&(group, resource, verb)| check(group, resource, verb))
        .collect();

    let api: Api<SelfSubjectAccessReview> = Api::all(ro.client_for_access_review());
    let attempt = Attempt::scoped(
        "create",
        "selfsubjectaccessreviews",
        "authorization.k8s.io",
        Scope::Cluster,
    );
    let ask = |c: AccessCheck| {
        let api = api.clone();
        async move {
            let (resource, subresource) = match c.resource.split_once('/') {
                Some((r, s)) => (r, Some(s.to_string())),
                None => (c.resource, None),
            };
            let review = SelfSubjectAccessReview {
                spec: SelfSubjectAccessReviewSpec {
                    resource_attributes: Some(ResourceAttributes {
                        group: Some(c.group.to_string()),
                        resource: Some(resource.to_string()),
                        subresource,
                        verb: Some(c.verb.to_string()),
                        namespace: c.namespace.clone(),
                        ..ResourceAttributes::default()
                    }),
                    ..SelfSubjectAccessReviewSpec::default()
                },
                ..SelfSubjectAccessReview::default()
            };
            let answer = api.create(&PostParams::default(), &review).await?;
            let status = answer.status.unwrap_or_default();
            let reason = status
                .reason
                .into_iter()
                .chain(status.evaluation_error)
                .filter(|s| !s.is_empty())
                .reduce(|a, b| format!("{a}; {b}"));
            Ok::<_, kube::Error>(AccessCheck {
                allowed: status.allowed,
                reason,
                ..c
            })
        }
    };
    let split = reads.len();
    let answers = join_all(reads.into_iter().chain(dangerous).map(ask)).await;
    let mut checks = Vec::with_capacity(answers.len());
    for answer in answers {
        checks.push(answer.map_err(|e| ro.error(e, &attempt))?);
    }
    let dangerous = checks.split_off(split);
    Ok(AccessReport {
        reads: checks,
        dangerous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(resource: &'static str, verb: &'static str, allowed: bool) -> AccessCheck {
        AccessCheck {
            group: "",
            resource,
            verb,
            namespace: None,
            allowed,
            reason: None,
        }
    }

    #[test]
    fn report_lists_what_to_fix() {
        let report = AccessReport {
            reads: vec![check("pods", "list", true), check("nodes", "list", false)],
            dangerous: vec![
                check("secrets", "get", true),
                check("pods", "delete", false),
            ],
        };
        let missing: Vec<String> = report
            .missing_reads()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(missing, ["list nodes cluster-wide"]);
        let dangerous: Vec<String> = report
            .dangerous_allowed()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(dangerous, ["get secrets cluster-wide"]);
        assert!(!report.is_least_privilege());
    }

    #[test]
    fn every_read_resource_has_a_known_scope() {
        let cluster_scoped: Vec<_> = READS
            .iter()
            .filter(|r| is_cluster_scoped(r.group, r.resource))
            .map(|r| r.resource)
            .collect();
        assert_eq!(
            cluster_scoped,
            [
                "nodes",
                "persistentvolumes",
                "ingressclasses",
                "mutatingwebhookconfigurations",
                "validatingwebhookconfigurations",
                "storageclasses",
                "nodes"
            ]
        );
    }
}
