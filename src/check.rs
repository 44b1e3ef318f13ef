//! `warroom check`, the preflight: for each cluster, asks the API server through
//! SelfSubjectAccessReviews whether warroom may read what triage reads and whether it may do
//! anything it must not, lists through a SelfSubjectRulesReview every rule the identity holds
//! and flags those beyond reading, and renders the answers as a table with the RBAC rules to add.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::PathBuf;

use crate::access::{Policy, PolicyConfig, PolicyError};
use crate::cluster::{
    AccessCheck, AccessReport, ClusterError, ClusterSpec, Clusters, Identity, ReadOnly,
    RulesReview, create_self_subject_reviews, create_self_subject_rules_review,
};

/// The namespace whose effective rules a cluster-wide check lists: cluster-wide grants show in
/// every namespace.
pub const RULES_NAMESPACE: &str = "default";

/// The name of the cluster that `--kubeconfig` / `--context` add.
pub const CLI_CLUSTER: &str = "default";

/// Why the check could not start.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("the access policy is not valid: {0}")]
    Policy(PolicyError),
    #[error(
        "--kubeconfig/--context add a cluster named {CLI_CLUSTER:?}, but the configuration \
         already has one: rename it, or drop the flags"
    )]
    DuplicateDefault,
    #[error(transparent)]
    Clusters(ClusterError),
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckPlan {
    /// The configured `[[clusters]]`.
    pub clusters: Vec<ClusterSpec>,
    /// `--kubeconfig`: adds a cluster named `default`.
    pub kubeconfig: Option<PathBuf>,
    /// `--context`: adds a cluster named `default` (with `--kubeconfig`, a context of it).
    pub context: Option<String>,
    /// Namespaces to check namespaced reads in; none: cluster-wide.
    pub namespaces: Vec<String>,
}

impl CheckPlan {
    /// The clusters to check: the configured ones, plus `default` from the flags. With neither,
    /// `default` is the default kubeconfig's current context (or the in-cluster account).
    pub fn cluster_specs(&self) -> Result<Vec<ClusterSpec>, CheckError> {
        let mut specs = self.clusters.clone();
        if specs.is_empty() || self.kubeconfig.is_some() || self.context.is_some() {
            if specs.iter().any(|s| s.name == CLI_CLUSTER) {
                return Err(CheckError::DuplicateDefault);
            }
            specs.push(ClusterSpec {
                kubeconfig: self.kubeconfig.clone(),
                context: self.context.clone(),
                server: None,
                ..ClusterSpec::with_server(CLI_CLUSTER, "")
            });
        }
        Ok(specs)
    }
}

/// The outcome for one cluster, identity and scope.
#[derive(Debug)]
pub struct ClusterCheck {
    pub cluster: String,
    /// `None`: cluster-wide.
    pub namespace: Option<String>,
    /// Whom the reviews were asked as: warroom's own identity, or one a policy rule impersonates.
    pub identity: Identity,
    /// The `[[policy.rules]]` number whose identity this is.
    pub rule: Option<usize>,
    pub result: Result<AccessReport, ClusterError>,
    /// The identity's effective rules (SelfSubjectRulesReview); `None` when the access reviews
    /// failed and it was not asked. An API server that cannot answer it is a note, not a failure.
    pub rules: Option<Result<RulesReview, ClusterError>>,
}

impl ClusterCheck {
    /// Reads triage needs that this identity may not do. Checking a namespace, cluster-scoped
    /// reads (nodes, PersistentVolumes) are optional: see `optional_missing`.
    pub fn missing(&self) -> Vec<&AccessCheck> {
        self.denied_reads()
            .into_iter()
            .filter(|c| self.required(c))
            .collect()
    }

    /// Cluster-scoped reads not granted while checking a namespace: a Role cannot grant them,
    /// and triage reports the node and volume checks as "not checked" without them.
    pub fn optional_missing(&self) -> Vec<&AccessCheck> {
        self.denied_reads()
            .into_iter()
            .filter(|c| !self.required(c))
            .collect()
    }

    /// Whether everything needed is allowed (unexpected access is only a warning).
    pub fn passed(&self) -> bool {
        self.result.is_ok() && self.missing().is_empty()
    }

    fn denied_reads(&self) -> Vec<&AccessCheck> {
        match &self.result {
            Ok(report) => report
                .reads
                .iter()
                .filter(|c| needed(c) && !c.allowed)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn required(&self, c: &AccessCheck) -> bool {
        self.namespace.is_none() || c.namespace.is_some()
    }

    /// `warroom's own identity` or `user "warroom:bot" in group "sre" ([[policy.rules]] #2)`.
    fn whom(&self) -> String {
        let Identity { user, groups } = &self.identity;
        let mut text = match user {
            Some(user) => format!("user {user:?}"),
            None => "warroom's own identity".to_string(),
        };
        if !groups.is_empty() {
            let groups: Vec<String> = groups.iter().map(|g| format!("{g:?}")).collect();
            let _ = write!(text, " in group {}", groups.join(", "));
        }
        if let Some(rule) = self.rule {
            let _ = write!(text, " ([[policy.rules]] #{rule})");
        }
        text
    }

    /// `prod`, `prod (production)`, `prod (production, rule #1)`.
    fn short_name(&self) -> String {
        let mut parts: Vec<String> = self.namespace.iter().cloned().collect();
        if let Some(rule) = self.rule {
            parts.push(format!("rule #{rule}"));
        }
        if parts.is_empty() {
            self.cluster.clone()
        } else {
            format!("{} ({})", self.cluster, parts.join(", "))
        }
    }

    /// Where to grant what is missing.
    fn grant_hint(&self) -> String {
        match (self.identity.groups.first(), &self.namespace) {
            (Some(group), Some(ns)) => format!(
                "Bind ClusterRole warroom-reader to group {group:?} with a RoleBinding in \
                 namespace {ns:?} (see deploy/overlays/impersonation/group-bindings.yaml), or \
                 grant it these rules"
            ),
            (Some(group), None) => format!(
                "Bind ClusterRole warroom-reader to group {group:?} with a ClusterRoleBinding \
                 (see deploy/overlays/impersonation/group-bindings.yaml), or grant it these rules"
            ),
            (None, _) if self.identity.impersonates() => {
                "Grant these rules to the impersonated user".to_string()
            }
            (None, Some(ns)) => format!(
                "Add to warroom's ClusterRole (deploy/base/clusterrole.yaml), or to a Role in \
                 namespace {ns:?}"
            ),
            (None, None) => "Add to warroom's ClusterRole (deploy/base/clusterrole.yaml)".into(),
        }
    }
}

/// Everything `warroom check` found. `Display` is the report printed to the operator.
#[derive(Debug)]
pub struct CheckReport {
    pub checks: Vec<ClusterCheck>,
    /// What could not be checked (namespace patterns of impersonating rules).
    pub notes: Vec<String>,
}

impl CheckReport {
    /// Whether every cluster was reached and allows everything needed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(ClusterCheck::passed)
    }
}

/// Checks the policy, then asks each cluster what warroom's own identity may do (in each
/// namespace of the plan, or cluster-wide) and what each identity the policy impersonates there
/// may do in the namespaces its rule names. Unreachable clusters are reported, not errors.
pub async fn run(plan: &CheckPlan, policy: &PolicyConfig) -> Result<CheckReport, CheckError> {
    let policy = Policy::from_config(policy).map_err(CheckError::Policy)?;
    let specs = plan.cluster_specs()?;
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let clusters = Clusters::new(specs).map_err(CheckError::Clusters)?;
    let own: Vec<Option<String>> = if plan.namespaces.is_empty() {
        vec![None]
    } else {
        plan.namespaces.iter().cloned().map(Some).collect()
    };
    let mut checks: Vec<ClusterCheck> = Vec::new();
    let mut notes = Vec::new();
    for name in names {
        let mut asks: Vec<(Identity, Option<usize>, Option<String>)> = own
            .iter()
            .map(|ns| (Identity::default(), None, ns.clone()))
            .collect();
        for imp in policy.impersonations(&name) {
            for ns in imp.namespaces {
                let seen = asks.iter().any(|(i, _, n)| *i == imp.identity && *n == ns);
                if !seen {
                    asks.push((imp.identity.clone(), Some(imp.rule), ns));
                }
            }
            if !imp.patterns.is_empty() {
                notes.push(format!(
                    "[[policy.rules]] #{}: namespace patterns {} on cluster {name:?} were not \
                     checked (only names are)",
                    imp.rule,
                    imp.patterns.join(", ")
                ));
            }
        }
        let mut reachable = true;
        // warroom's own identity may impersonate exactly the users and groups the policy names.
        let impersonable: BTreeSet<String> = policy
            .impersonations(&name)
            .into_iter()
            .flat_map(|imp| imp.identity.user.into_iter().chain(imp.identity.groups))
            .collect();
        for (identity, rule, namespace) in asks {
            // A cluster that cannot be reached is reported once.
            if !reachable {
                break;
            }
            let allowed = if identity.impersonates() {
                BTreeSet::new()
            } else {
                impersonable.clone()
            };
            let (result, rules) = match clusters.get(Some(&name), &identity).await {
                Ok(ro) => review(&ro, namespace.as_deref(), &allowed).await,
                Err(e) => (Err(e), None),
            };
            reachable = !result.as_ref().is_err_and(ClusterError::is_cluster_wide);
            checks.push(ClusterCheck {
                cluster: name.clone(),
                namespace,
                identity,
                rule,
                result,
                rules,
            });
        }
    }
    Ok(CheckReport { checks, notes })
}

/// One probe request first, so that an unreachable cluster fails once rather than once per
/// review; any answer from the API server, even a refusal, shows that it can be reached. Then
/// the access reviews and, when they were answered, the rules review.
async fn review(
    ro: &ReadOnly,
    namespace: Option<&str>,
    impersonable: &BTreeSet<String>,
) -> (
    Result<AccessReport, ClusterError>,
    Option<Result<RulesReview, ClusterError>>,
) {
    if let Err(e) = ro.reachable().await {
        return (Err(e), None);
    }
    let access = create_self_subject_reviews(ro, namespace).await;
    if access.is_err() {
        return (access, None);
    }
    let rules =
        create_self_subject_rules_review(ro, namespace.unwrap_or(RULES_NAMESPACE), impersonable)
            .await;
    (access, Some(rules))
}

/// Whether warroom needs this read. Subresources are only ever read with GET (`pods/log`), so
/// list and watch on them are not needed, and `deploy/` does not grant them.
fn needed(c: &AccessCheck) -> bool {
    !c.resource.contains('/') || c.verb == "get"
}

/// `deployments.apps`, `pods/log`.
fn resource_name(c: &AccessCheck) -> String {
    if c.group.is_empty() {
        c.resource.to_string()
    } else {
        format!("{}.{}", c.resource, c.group)
    }
}

fn scope(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("namespace {ns:?}"),
        None => "cluster-wide".to_string(),
    }
}

/// `["a", "b"]`, YAML flow style.
fn flow(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The RBAC rules granting `missing`: one per API group and verb set, resources merged.
fn rules_to_add(missing: &[&AccessCheck]) -> String {
    let mut verbs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for c in missing {
        verbs.entry((c.group, c.resource)).or_default().push(c.verb);
    }
    let mut rules: Vec<(&str, Vec<&str>, Vec<&str>)> = Vec::new();
    for ((group, resource), verbs) in verbs {
        match rules
            .iter_mut()
            .find(|(g, _, v)| *g == group && *v == verbs)
        {
            Some((_, resources, _)) => resources.push(resource),
            None => rules.push((group, vec![resource], verbs)),
        }
    }
    let mut out = String::new();
    for (group, resources, verbs) in rules {
        let _ = write!(
            out,
            "      - apiGroups: {}\n        resources: {}\n        verbs: {}\n",
            flow(&[group]),
            flow(&resources),
            flow(&verbs)
        );
    }
    out
}

fn problem(check: &ClusterCheck, error: &ClusterError) -> String {
    let cluster = &check.cluster;
    match error {
        ClusterError::Unreachable { server, reason } => format!(
            "cannot reach cluster {cluster:?} at {server}: {reason} — check the cluster's \
             server, kubeconfig and context"
        ),
        ClusterError::Timeout { server, secs } => format!(
            "cluster {cluster:?} at {server} did not answer within {secs} s — check the network \
             path to it, or raise request_timeout_secs"
        ),
        ClusterError::Config(_) => error.to_string(),
        ClusterError::Forbidden { message, .. } if check.identity.impersonates() => format!(
            "cluster {cluster:?} refused the access review as {}: most likely warroom may not \
             impersonate it — apply deploy/overlays/impersonation and keep its resourceNames in \
             step with the policy; the API server said: {message}",
            check.whom()
        ),
        other => format!("cluster {cluster:?}: {other}"),
    }
}

/// One row of the permission table: resource, verb, scope and result.
type Row<'a> = (String, &'a str, String, String);

impl ClusterCheck {
    /// The table's rows: each needed read, then each dangerous permission.
    fn rows<'a>(&self, report: &'a AccessReport) -> Vec<Row<'a>> {
        let read = |c: &'a AccessCheck| {
            let result = if c.allowed {
                "allowed".to_string()
            } else {
                format!(
                    "{}   add: - apiGroups: {} resources: {} verbs: {}",
                    if self.required(c) {
                        "MISSING"
                    } else {
                        "not granted (optional)"
                    },
                    flow(&[c.group]),
                    flow(&[c.resource]),
                    flow(&[c.verb])
                )
            };
            (
                resource_name(c),
                c.verb,
                scope(c.namespace.as_deref()),
                result,
            )
        };
        let dangerous = |c: &'a AccessCheck| {
            let result = if c.allowed {
                let why = c.reason.as_deref().unwrap_or("no reason given");
                format!("UNEXPECTED   warroom never needs this: remove the grant ({why})")
            } else {
                "denied, as it should be".to_string()
            };
            (
                resource_name(c),
                c.verb,
                scope(c.namespace.as_deref()),
                result,
            )
        };
        report
            .reads
            .iter()
            .filter(|c| needed(c))
            .map(read)
            .chain(report.dangerous.iter().map(dangerous))
            .collect()
    }

    /// What is missing, optional and not granted, or granted but never needed.
    fn write_gaps(&self, f: &mut fmt::Formatter<'_>, report: &AccessReport) -> fmt::Result {
        let missing = self.missing();
        let optional = self.optional_missing();
        let unexpected = report.dangerous_allowed();
        if missing.is_empty() {
            writeln!(f, "  ok: everything triage needs here can be read")?;
        } else {
            writeln!(
                f,
                "  {} needed permission(s) MISSING: triage will report them as \"not checked\". \
                 {}:\n    rules:",
                missing.len(),
                self.grant_hint()
            )?;
            write!(f, "{}", rules_to_add(&missing))?;
        }
        if !optional.is_empty() {
            let mut names: Vec<String> = optional.iter().map(|c| resource_name(c)).collect();
            names.dedup();
            writeln!(
                f,
                "  note: {} cluster-wide read(s) not granted ({}): a Role cannot grant them, so \
                 triage's node, volume, IngressClass, StorageClass and webhook checks will say \
                 \"not checked\". To have them, grant \
                 with a ClusterRole:\n    rules:",
                optional.len(),
                names.join(", ")
            )?;
            write!(f, "{}", rules_to_add(&optional))?;
        }
        if !unexpected.is_empty() {
            writeln!(
                f,
                "  warning: {} UNEXPECTED permission(s): warroom only reads; remove the bindings \
                 that grant writes, secrets or exec to its identity",
                unexpected.len()
            )?;
        }
        Ok(())
    }

    /// The identity's effective rules: only reads, or which go beyond.
    fn write_rules(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules = match &self.rules {
            None => return Ok(()),
            Some(Err(e)) => {
                return writeln!(
                    f,
                    "  note: the effective rules could not be listed (SelfSubjectRulesReview): {e}"
                );
            }
            Some(Ok(rules)) => rules,
        };
        if rules.flagged.is_empty() {
            writeln!(
                f,
                "  ok: the {} effective rule(s) in namespace {:?} only read",
                rules.listed, rules.namespace
            )?;
        } else {
            writeln!(
                f,
                "  warning: {} of the {} effective rule(s) in namespace {:?} go beyond \
                 reading (SelfSubjectRulesReview); remove the bindings that grant them:",
                rules.flagged.len(),
                rules.listed,
                rules.namespace
            )?;
            for flagged in &rules.flagged {
                writeln!(f, "    UNEXPECTED   {flagged}")?;
            }
        }
        if let Some(why) = &rules.incomplete {
            writeln!(
                f,
                "  note: the API server could not list every rule, so others may exist: \
                 {why}"
            )?;
        }
        Ok(())
    }
}

/// The rows as a table with a header, each column as wide as its widest cell.
fn write_table(f: &mut fmt::Formatter<'_>, rows: &[Row]) -> fmt::Result {
    let width = |pick: fn(&Row) -> usize, title: &str| {
        rows.iter()
            .map(pick)
            .chain([title.len()])
            .max()
            .unwrap_or(0)
    };
    let (rw, vw, sw) = (
        width(|r| r.0.len(), "RESOURCE"),
        width(|r| r.1.len(), "VERB"),
        width(|r| r.2.chars().count(), "SCOPE"),
    );
    writeln!(
        f,
        "  {:rw$}  {:vw$}  {:sw$}  RESULT",
        "RESOURCE", "VERB", "SCOPE"
    )?;
    for (resource, verb, scope, result) in rows {
        writeln!(f, "  {resource:rw$}  {verb:vw$}  {scope:sw$}  {result}")?;
    }
    Ok(())
}

impl fmt::Display for ClusterCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = match &self.result {
            Ok(report) => report,
            Err(e) => return writeln!(f, "FAILED: {}", problem(self, e)),
        };
        writeln!(
            f,
            "cluster {:?}, {}, as {}:",
            self.cluster,
            scope(self.namespace.as_deref()),
            self.whom()
        )?;
        write_table(f, &self.rows(report))?;
        self.write_gaps(f, report)?;
        self.write_rules(f)
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            writeln!(f, "{check}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        let failed: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.passed())
            .map(ClusterCheck::short_name)
            .collect();
        if failed.is_empty() {
            writeln!(f, "check passed")
        } else {
            writeln!(f, "check FAILED for {}", failed.join(", "))
        }
    }
}
