//! "May I?" preflight for `warroom check`: asks the API server, through SelfSubjectAccessReviews,
//! whether warroom's identity can read everything in `READS` and whether it can do anything
//! dangerous it should not, and through a SelfSubjectRulesReview which rules it holds at all, so
//! a grant nobody thought to ask about is seen too. These creates are the only non-GET requests
//! warroom ever sends.

use std::collections::BTreeSet;
use std::fmt;

use futures::future::join_all;
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, ResourceRule, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
    SelfSubjectRulesReview, SelfSubjectRulesReviewSpec,
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
        (
            "",
            "nodes" | "nodes/proxy" | "namespaces" | "persistentvolumes"
        ) | ("metrics.k8s.io", "nodes")
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
    let split = reads.len();
    let answers = join_all(reads.into_iter().chain(dangerous).map(|c| async {
        let _sent = ro.place().await;
        ask(api.clone(), c).await
    }))
    .await;
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

/// Asks the API server "may I `c.verb` `c.resource`?" with one SelfSubjectAccessReview.
async fn ask(
    api: Api<SelfSubjectAccessReview>,
    c: AccessCheck,
) -> Result<AccessCheck, kube::Error> {
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
    Ok(AccessCheck {
        allowed: status.allowed,
        reason,
        ..c
    })
}

/// One SelfSubjectAccessReview: may this handle's identity `verb` pods in `namespace`? (What
/// `/watch` asks before it starts: `watch` is granted apart from `list`.)
pub async fn may_on_pods(
    ro: &ReadOnly,
    verb: &'static str,
    namespace: &str,
) -> Result<AccessCheck, ClusterError> {
    names::validate_namespace(namespace)?;
    let check = AccessCheck {
        group: "",
        resource: "pods",
        verb,
        namespace: Some(namespace.to_string()),
        allowed: false,
        reason: None,
    };
    let attempt = Attempt::new(
        "create",
        "selfsubjectaccessreviews",
        "authorization.k8s.io",
        Some(namespace),
    );
    let _sent = ro.place().await;
    ask(Api::all(ro.client_for_access_review()), check)
        .await
        .map_err(|e| ro.error(e, &attempt))
}

/// One effective rule warroom's identity must not hold, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedRule {
    /// The rule as RBAC writes it: `verbs ["get"] on [""] secrets`.
    pub rule: String,
    /// What is wrong with it: `write verbs update, patch`, `reads secrets`, …
    pub why: Vec<String>,
}

impl fmt::Display for FlaggedRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.why.join("; "))
    }
}

/// What a SelfSubjectRulesReview said about one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesReview {
    /// The namespace the rules were listed for (cluster-wide grants apply in every namespace).
    pub namespace: String,
    /// How many resource rules the API server listed.
    pub listed: usize,
    /// The rules beyond reading.
    pub flagged: Vec<FlaggedRule>,
    /// Set when the authorizer could not list every rule (a webhook authorizer, say): its words.
    pub incomplete: Option<String>,
}

/// Verbs that only read.
const READ_ONLY_VERBS: &[&str] = &["get", "list", "watch"];

/// Resources no verb may touch: secrets and configmaps (which hold credentials), exec, attach,
/// port-forward, token requests and the node proxy. `(group, resource)`.
const SENSITIVE: &[(&str, &str)] = &[
    ("", "secrets"),
    ("", "configmaps"),
    ("", "pods/exec"),
    ("", "pods/attach"),
    ("", "pods/portforward"),
    ("", "serviceaccounts/token"),
    ("", "nodes/proxy"),
];

/// The reviews every authenticated identity may create (`system:basic-user`): not a finding.
const REVIEWS: &[(&str, &str)] = &[
    ("authorization.k8s.io", "selfsubjectaccessreviews"),
    ("authorization.k8s.io", "selfsubjectrulesreviews"),
    ("authentication.k8s.io", "selfsubjectreviews"),
];

/// The rules of `rules` that go beyond reading: any write verb, escalate, bind, impersonation
/// of anyone outside `impersonable` (user and group names), and any access to `SENSITIVE`
/// resources or to every resource (`*`).
pub fn flag_rules(rules: &[ResourceRule], impersonable: &BTreeSet<String>) -> Vec<FlaggedRule> {
    let mut flagged = Vec::new();
    for rule in rules {
        let groups = rule.api_groups.clone().unwrap_or_default();
        let resources = rule.resources.clone().unwrap_or_default();
        let names = rule.resource_names.clone().unwrap_or_default();
        let verbs: Vec<String> = rule.verbs.iter().map(|v| v.to_lowercase()).collect();
        let has = |verb: &str| verbs.iter().any(|v| v == verb || v == "*");
        let in_group = |group: &str| groups.iter().any(|g| g == group || g == "*");
        let only_reviews = verbs.iter().all(|v| v == "create")
            && !resources.is_empty()
            && resources.iter().all(|r| {
                REVIEWS
                    .iter()
                    .any(|&(g, name)| r == name && groups.iter().all(|rg| rg == g))
            });
        if only_reviews {
            continue;
        }
        let mut why = Vec::new();
        let writes: Vec<&str> = verbs
            .iter()
            .map(String::as_str)
            .filter(|v| {
                !READ_ONLY_VERBS.contains(v) && !["escalate", "bind", "impersonate"].contains(v)
            })
            .collect();
        if !writes.is_empty() {
            why.push(format!("write verbs {}", writes.join(", ")));
        }
        for verb in ["escalate", "bind"] {
            if has(verb) {
                why.push(format!("{verb} (grants itself more)"));
            }
        }
        if has("impersonate") {
            let named_only = in_group("")
                && !groups.iter().any(|g| g == "*")
                && !resources.is_empty()
                && resources.iter().all(|r| r == "users" || r == "groups")
                && !names.is_empty()
                && names.iter().all(|n| impersonable.contains(n));
            if !named_only {
                why.push(if names.is_empty() {
                    "impersonate anyone".to_string()
                } else {
                    format!(
                        "impersonate {} (beyond the identities the policy impersonates)",
                        names.join(", ")
                    )
                });
            }
        }
        if resources.iter().any(|r| r == "*") {
            why.push("every resource (secrets included)".to_string());
        }
        for &(group, sensitive) in SENSITIVE {
            let (parent, sub) = sensitive.split_once('/').unwrap_or((sensitive, ""));
            let touches = in_group(group)
                && resources
                    .iter()
                    .any(|r| r == sensitive || (!sub.is_empty() && *r == format!("{parent}/*")));
            if touches {
                why.push(format!("{} {sensitive}", verbs.join(", ")));
            }
        }
        if !why.is_empty() {
            flagged.push(FlaggedRule {
                rule: describe_rule(&verbs, &groups, &resources, &names),
                why,
            });
        }
    }
    flagged
}

/// `verbs ["get"] on [""] secrets named ["a"]`.
fn describe_rule(
    verbs: &[String],
    groups: &[String],
    resources: &[String],
    names: &[String],
) -> String {
    let mut text = format!(
        "verbs {verbs:?} on {groups:?} {}",
        if resources.is_empty() {
            "(no resources)".to_string()
        } else {
            resources.join(", ")
        }
    );
    if !names.is_empty() {
        text.push_str(&format!(" named {names:?}"));
    }
    text
}

/// Creates one SelfSubjectRulesReview for `namespace` and flags what goes beyond reading (see
/// `flag_rules`). Not stored by the API server, like the access reviews.
pub async fn create_self_subject_rules_review(
    ro: &ReadOnly,
    namespace: &str,
    impersonable: &BTreeSet<String>,
) -> Result<RulesReview, ClusterError> {
    names::validate_namespace(namespace)?;
    let api: Api<SelfSubjectRulesReview> = Api::all(ro.client_for_access_review());
    let attempt = Attempt::scoped(
        "create",
        "selfsubjectrulesreviews",
        "authorization.k8s.io",
        Scope::Cluster,
    );
    let review = SelfSubjectRulesReview {
        spec: SelfSubjectRulesReviewSpec {
            namespace: Some(namespace.to_string()),
        },
        ..SelfSubjectRulesReview::default()
    };
    let _sent = ro.place().await;
    let answer = api
        .create(&PostParams::default(), &review)
        .await
        .map_err(|e| ro.error(e, &attempt))?;
    let status = answer.status.unwrap_or_default();
    let incomplete = status.incomplete.then(|| {
        status
            .evaluation_error
            .clone()
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| "the authorizer did not say why".to_string())
    });
    Ok(RulesReview {
        namespace: namespace.to_string(),
        listed: status.resource_rules.len(),
        flagged: flag_rules(&status.resource_rules, impersonable),
        incomplete,
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

    fn rule(verbs: &[&str], groups: &[&str], resources: &[&str], names: &[&str]) -> ResourceRule {
        let owned = |v: &[&str]| Some(v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
        ResourceRule {
            verbs: verbs.iter().map(|s| (*s).to_string()).collect(),
            api_groups: owned(groups),
            resources: owned(resources),
            resource_names: if names.is_empty() { None } else { owned(names) },
        }
    }

    #[test]
    fn reading_and_asking_are_not_flagged() {
        let rules = [
            rule(
                &["get", "list", "watch"],
                &["", "apps"],
                &["pods", "deployments"],
                &[],
            ),
            rule(&["get"], &[""], &["pods/log"], &[]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                &[],
            ),
            rule(&["impersonate"], &[""], &["groups"], &["warroom:sre"]),
        ];
        let impersonable = BTreeSet::from(["warroom:sre".to_string()]);
        assert_eq!(flag_rules(&rules, &impersonable), vec![]);
    }

    #[test]
    fn everything_beyond_reading_is_flagged_with_why() {
        let rules = [
            rule(&["get"], &[""], &["secrets"], &[]),
            rule(&["create"], &[""], &["pods/exec", "pods/portforward"], &[]),
            rule(&["patch", "update"], &["apps"], &["deployments"], &[]),
            rule(
                &["impersonate"],
                &[""],
                &["groups"],
                &["warroom:sre", "system:masters"],
            ),
            rule(
                &["bind", "escalate"],
                &["rbac.authorization.k8s.io"],
                &["clusterroles"],
                &[],
            ),
            rule(&["create"], &[""], &["serviceaccounts/token"], &[]),
            rule(&["get"], &[""], &["nodes/proxy"], &[]),
            rule(&["*"], &["*"], &["*"], &[]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "pods"],
                &[],
            ),
        ];
        let impersonable = BTreeSet::from(["warroom:sre".to_string()]);
        let flagged: Vec<String> = flag_rules(&rules, &impersonable)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            flagged,
            [
                r#"verbs ["get"] on [""] secrets: get secrets"#,
                r#"verbs ["create"] on [""] pods/exec, pods/portforward: write verbs create; create pods/exec; create pods/portforward"#,
                r#"verbs ["patch", "update"] on ["apps"] deployments: write verbs patch, update"#,
                r#"verbs ["impersonate"] on [""] groups named ["warroom:sre", "system:masters"]: impersonate warroom:sre, system:masters (beyond the identities the policy impersonates)"#,
                r#"verbs ["bind", "escalate"] on ["rbac.authorization.k8s.io"] clusterroles: escalate (grants itself more); bind (grants itself more)"#,
                r#"verbs ["create"] on [""] serviceaccounts/token: write verbs create; create serviceaccounts/token"#,
                r#"verbs ["get"] on [""] nodes/proxy: get nodes/proxy"#,
                r#"verbs ["*"] on ["*"] *: write verbs *; escalate (grants itself more); bind (grants itself more); impersonate anyone; every resource (secrets included)"#,
                r#"verbs ["create"] on ["authorization.k8s.io"] selfsubjectaccessreviews, pods: write verbs create"#,
            ]
        );
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
                "namespaces",
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
