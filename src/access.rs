//! The chat-side access policy: which Discord users and roles may run which commands, in which
//! namespaces and clusters, and as which Kubernetes identity. Deny by default.
//!
//! The policy is the `[[policy.rules]]` list of the configuration file:
//!
//! ```toml
//! [[policy.rules]]
//! roles = ["123456789012345678"]          # Discord role ids; users = [...] for user ids
//! commands = ["incident-commands", "triage", "logs"]
//! namespaces = ["production", "cache-*"]  # cluster commands only
//! clusters = ["prod-?", "staging"]        # cluster commands only
//! impersonate_user = "warroom:bot"        # optional: Impersonate-User
//! impersonate_group = "warroom:payments-oncall"  # optional, needs impersonate_user
//! ```
//!
//! How a command is decided:
//! - `/help` is always allowed, to anyone, in direct messages too.
//! - Every other command is refused in a direct message: incidents are bound to a channel, and
//!   cluster reads belong where the incident's channel sees them.
//! - A rule applies to an actor when the actor's user id is in `users` or one of the actor's role
//!   ids is in `roles`. An actor no rule applies to may run `/help` only.
//! - `commands` names what a rule grants: the families `incident` (open, role, mitigated,
//!   resolve, close), `status`, `note`, `action`, `timeline`, `postmortem`, `alert` (the alert
//!   card's Acknowledge button) (incident commands),
//!   `triage`, `logs` and `watch` (cluster commands; `/watch stop` reads nothing and needs no
//!   namespace) and `help`; the aliases `incident-commands` and `cluster-commands` for each
//!   group; `*` for everything.
//! - An incident command is allowed when an applying rule grants it. A cluster command also
//!   needs the same rule to match the cluster (`clusters`) and the namespace (`namespaces`) it
//!   reads. A command that reads all namespaces (`/triage overview` without a namespace) needs a
//!   rule whose `namespaces` include `*`. Rules granting cluster commands must list both.
//! - Rules add up (union). When several rules grant a cluster command, the first of them in file
//!   order decides the Kubernetes identity it runs as: its `impersonate_user` and
//!   `impersonate_group`, or warroom's own identity when it has neither.
//!
//! Patterns in `namespaces` and `clusters` are globs: `*` matches any run of characters (none
//! included), `?` exactly one character; everything else matches itself, case-sensitively
//! (`prod-*` matches `prod-eu` but neither `prod` nor `PROD-eu`). Ids are compared exactly.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::cluster::{Identity, ReadScope};
use crate::command::{Command, Family};
use crate::i18n::{Arg, Catalog, Locale, Msg};
use crate::invocation::Actor;

/// Command families granting incident commands.
pub const INCIDENT_FAMILIES: &[Family] = &[
    Family::Incident,
    Family::Status,
    Family::Note,
    Family::Action,
    Family::Evidence,
    Family::Timeline,
    Family::Postmortem,
    Family::Alert,
];

/// Command families granting cluster commands (those for which `Command::touches_cluster()`).
pub const CLUSTER_FAMILIES: &[Family] = &[Family::Triage, Family::Logs, Family::Watch];

/// Alias granting every incident command.
pub const INCIDENT_COMMANDS: &str = "incident-commands";

/// Alias granting every cluster command.
pub const CLUSTER_COMMANDS: &str = "cluster-commands";

/// Grants every command.
pub const ALL_COMMANDS: &str = "*";

/// The `[policy]` table of the configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// The rules, in file order (which decides the identity when several grant a command).
    #[serde(default)]
    pub rules: Vec<RuleConfig>,
}

/// One `[[policy.rules]]` entry, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Discord user ids the rule applies to.
    #[serde(default)]
    pub users: Vec<String>,
    /// Discord role ids the rule applies to.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Command families and aliases granted (see the module docs).
    #[serde(default)]
    pub commands: Vec<String>,
    /// Namespace globs cluster commands may read.
    #[serde(default)]
    pub namespaces: Vec<String>,
    /// Cluster name globs cluster commands may use.
    #[serde(default)]
    pub clusters: Vec<String>,
    /// Kubernetes user that cluster commands granted by this rule impersonate.
    #[serde(default)]
    pub impersonate_user: Option<String>,
    /// Kubernetes group that cluster commands granted by this rule impersonate.
    #[serde(default)]
    pub impersonate_group: Option<String>,
}

/// A policy that cannot be used. `rule` is the 1-based position in `[[policy.rules]]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("[[policy.rules]] #{rule} is empty: give it users or roles and the commands it grants")]
    Empty { rule: usize },
    #[error(
        "[[policy.rules]] #{rule} names no one: add the Discord user ids (users = [...]) or role \
         ids (roles = [...]) it applies to"
    )]
    NoSubjects { rule: usize },
    #[error(
        "[[policy.rules]] #{rule} grants no command: add commands = [...], e.g. \
         [\"incident-commands\", \"triage\", \"logs\"]"
    )]
    NoCommands { rule: usize },
    #[error("[[policy.rules]] #{rule}: {field} contains an empty or blank id")]
    BlankId { rule: usize, field: &'static str },
    #[error(
        "[[policy.rules]] #{rule}: unknown command {name:?}: use a family ({families}), \
         \"incident-commands\", \"cluster-commands\" or \"*\""
    )]
    UnknownCommand {
        rule: usize,
        name: String,
        families: String,
    },
    #[error("[[policy.rules]] #{rule}: {field} pattern {glob:?} is not valid: {why}")]
    BadGlob {
        rule: usize,
        field: &'static str,
        glob: String,
        why: &'static str,
    },
    #[error(
        "[[policy.rules]] #{rule} grants cluster commands but lists no {field}: list them \
         ({field} = [\"*\"] for all)"
    )]
    MissingScope { rule: usize, field: &'static str },
    #[error(
        "[[policy.rules]] #{rule} grants no cluster command (triage, logs), so its {field} would \
         have no effect: remove them or grant a cluster command"
    )]
    UselessScope { rule: usize, field: &'static str },
    #[error(
        "[[policy.rules]] #{rule}: impersonate_group {group:?} needs impersonate_user too \
         (Kubernetes refuses Impersonate-Group without Impersonate-User), e.g. impersonate_user = \
         \"warroom:bot\""
    )]
    GroupWithoutUser { rule: usize, group: String },
    #[error("[[policy.rules]] #{rule}: {field} is empty or contains control characters")]
    BadIdentity { rule: usize, field: &'static str },
}

/// What a granted command runs with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grant {
    /// The Kubernetes identity for cluster requests; the default is warroom's own.
    pub identity: Identity,
    /// The namespaces the command may read: those of the rule that granted it. A read the
    /// command makes on its own (a Service its workload names in another namespace) is
    /// authorized by this same decision.
    pub namespaces: NamespaceScope,
}

/// The namespaces of the rule that granted a cluster command; unrestricted by default (no
/// policy, the console, incident commands).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamespaceScope {
    /// The granting rule's number and its namespace globs.
    rule: Option<(usize, Vec<Glob>)>,
}

impl ReadScope for NamespaceScope {
    fn refuses(&self, namespace: &str) -> Option<Msg> {
        let (number, globs) = self.rule.as_ref()?;
        if globs.iter().any(|g| g.matches(namespace)) {
            return None;
        }
        let allowed = globs.iter().map(Glob::text).collect::<Vec<_>>().join(", ");
        Some(
            Msg::new("nc-why-out-of-scope")
                .arg("rule", *number)
                .arg("allowed", allowed),
        )
    }

    fn reads_everywhere(&self) -> bool {
        self.rule
            .as_ref()
            .is_none_or(|(_, globs)| globs.iter().any(Glob::matches_everything))
    }
}

/// Why a command was refused. `text` says what is missing and whom to ask, in the reader's
/// language. `kind` is the refused command's `Command::kind()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// Only `/help` may be run in a direct message.
    DirectMessage {
        kind: &'static str,
        family: Family,
        cluster: bool,
    },
    /// No rule applies to the actor.
    Unmapped {
        kind: &'static str,
        family: Family,
        who: Box<Who>,
    },
    /// Rules apply to the actor, but none grants this command.
    Command {
        kind: &'static str,
        family: Family,
        who: Box<Who>,
        /// What the applying rules grant, as written.
        granted: Vec<String>,
    },
    /// Rules grant the command, but none for this cluster and namespace.
    Scope {
        kind: &'static str,
        family: Family,
        who: Box<Who>,
        cluster: String,
        /// `None`: all namespaces.
        namespace: Option<String>,
        /// Where the granting rules allow it: `(namespaces, clusters)` of each, as written
        /// (`production, cache-*`, `prod`).
        allowed: Vec<(String, String)>,
    },
}

/// Whom a refusal names: the user id and their role ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub user_id: String,
    pub roles: Vec<String>,
}

impl Who {
    /// `user 123, roles 456, 789`, at most ten roles.
    fn text(&self, catalog: &Catalog, locale: Locale) -> String {
        const SHOWN: usize = 10;
        let t = |key, args: &[(&str, Arg)]| catalog.t(locale, key, args);
        let roles = match self.roles.len() {
            0 => t("deny-roles-none", &[]),
            n if n > SHOWN => t(
                "deny-roles-more",
                &[
                    ("roles", self.roles[..SHOWN].join(", ").into()),
                    ("more", (n - SHOWN).into()),
                ],
            ),
            _ => t("deny-roles", &[("roles", self.roles.join(", ").into())]),
        };
        t(
            "deny-who",
            &[
                ("id", self.user_id.as_str().into()),
                ("roles", roles.into()),
            ],
        )
    }
}

impl Denied {
    /// `Command::kind()` of the refused command.
    pub fn kind(&self) -> &'static str {
        match self {
            Denied::DirectMessage { kind, .. }
            | Denied::Unmapped { kind, .. }
            | Denied::Command { kind, .. }
            | Denied::Scope { kind, .. } => kind,
        }
    }

    /// The family of the refused command (what a rule would have to grant).
    pub fn family(&self) -> Family {
        match self {
            Denied::DirectMessage { family, .. }
            | Denied::Unmapped { family, .. }
            | Denied::Command { family, .. }
            | Denied::Scope { family, .. } => *family,
        }
    }
}

impl Denied {
    /// The refusal as the user reads it in `locale`: what is missing and whom to ask.
    pub fn text(&self, catalog: &Catalog, locale: Locale) -> String {
        let t = |key, args: &[(&str, Arg)]| catalog.t(locale, key, args);
        let command = Arg::from(slash(self.kind()));
        let family = Arg::from(format!("{:?}", self.family().as_str()));
        match self {
            Denied::DirectMessage { cluster, .. } => {
                let why = t(
                    if *cluster {
                        "deny-dm-cluster"
                    } else {
                        "deny-dm-incident"
                    },
                    &[],
                );
                t("deny-dm", &[("command", command), ("why", why.into())])
            }
            Denied::Unmapped { who, .. } => t(
                "deny-unmapped",
                &[
                    ("command", command),
                    ("who", who.text(catalog, locale).into()),
                    ("user_id", format!("{:?}", who.user_id).into()),
                    ("family", family),
                ],
            ),
            Denied::Command { who, granted, .. } => t(
                "deny-command",
                &[
                    ("command", command),
                    ("who", who.text(catalog, locale).into()),
                    ("granted", granted.join(", ").into()),
                    ("family", family),
                ],
            ),
            Denied::Scope {
                who,
                cluster,
                namespace,
                allowed,
                ..
            } => {
                let allowed: Vec<String> = allowed
                    .iter()
                    .map(|(namespaces, clusters)| {
                        t(
                            "deny-scope-allowed",
                            &[
                                ("namespaces", namespaces.as_str().into()),
                                ("clusters", clusters.as_str().into()),
                            ],
                        )
                    })
                    .collect();
                let (key, wanted) = match namespace {
                    Some(ns) => ("deny-scope-namespace", format!("{ns:?}")),
                    None => ("deny-scope-all", "\"*\"".to_string()),
                };
                t(
                    key,
                    &[
                        ("command", command),
                        (
                            "namespace",
                            format!("{:?}", namespace.as_deref().unwrap_or("")).into(),
                        ),
                        ("cluster", format!("{cluster:?}").into()),
                        ("who", who.text(catalog, locale).into()),
                        ("family", self.family().as_str().into()),
                        ("allowed", allowed.join("; ").into()),
                        ("rule_family", family),
                        ("wanted", wanted.into()),
                    ],
                )
            }
        }
    }
}

/// A glob over names: `*` matches any run of characters (none included), `?` exactly one;
/// everything else matches itself, case-sensitively. Written here rather than taken from
/// `globset`/`glob`: those are path globs (`/` separators, `[...]` classes, `**`) whose extra
/// syntax would silently change what a policy grants; twenty lines cover what names need.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Glob(Vec<char>);

impl Glob {
    fn matches(&self, text: &str) -> bool {
        let p = &self.0;
        let t: Vec<char> = text.chars().collect();
        let (mut pi, mut ti) = (0, 0);
        // After the last `*` seen: where the pattern resumes, and the text position it matched up to.
        let mut star: Option<(usize, usize)> = None;
        while ti < t.len() {
            if p.get(pi) == Some(&'*') {
                star = Some((pi + 1, ti));
                pi += 1;
            } else if p.get(pi).is_some_and(|&c| c == '?' || c == t[ti]) {
                pi += 1;
                ti += 1;
            } else if let Some((resume, matched)) = star {
                star = Some((resume, matched + 1));
                pi = resume;
                ti = matched + 1;
            } else {
                return false;
            }
        }
        p[pi..].iter().all(|&c| c == '*')
    }

    /// Whether the pattern matches every name (it is only `*`s).
    fn matches_everything(&self) -> bool {
        self.0.iter().all(|&c| c == '*')
    }

    fn text(&self) -> String {
        self.0.iter().collect()
    }
}

/// What a rule's `commands` grant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Commands {
    all: bool,
    incident: bool,
    cluster: bool,
    families: BTreeSet<Family>,
    /// As written, for messages.
    written: Vec<String>,
}

impl Commands {
    fn grants(&self, command: &Command) -> bool {
        let family = command.family();
        self.all
            || (self.cluster && family.reads_cluster())
            || (self.incident && !family.reads_cluster() && family != Family::Help)
            || self.families.contains(&family)
    }

    fn grants_cluster_commands(&self) -> bool {
        self.all || self.cluster || self.families.iter().any(|f| f.reads_cluster())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    /// 1-based position in `[[policy.rules]]`.
    number: usize,
    users: Vec<String>,
    roles: Vec<String>,
    commands: Commands,
    namespaces: Vec<Glob>,
    clusters: Vec<Glob>,
    identity: Identity,
}

impl Rule {
    fn from_config(number: usize, c: &RuleConfig) -> Result<Rule, PolicyError> {
        let rule = number;
        if *c == RuleConfig::default() {
            return Err(PolicyError::Empty { rule });
        }
        if c.users.is_empty() && c.roles.is_empty() {
            return Err(PolicyError::NoSubjects { rule });
        }
        for (field, ids) in [("users", &c.users), ("roles", &c.roles)] {
            if ids.iter().any(|id| id.trim().is_empty()) {
                return Err(PolicyError::BlankId { rule, field });
            }
        }
        if c.commands.is_empty() {
            return Err(PolicyError::NoCommands { rule });
        }
        let mut commands = Commands {
            written: c.commands.clone(),
            ..Commands::default()
        };
        for name in &c.commands {
            match name.as_str() {
                ALL_COMMANDS => commands.all = true,
                INCIDENT_COMMANDS => commands.incident = true,
                CLUSTER_COMMANDS => commands.cluster = true,
                written => match Family::parse(written) {
                    Some(family) => {
                        commands.families.insert(family);
                    }
                    None => {
                        return Err(PolicyError::UnknownCommand {
                            rule,
                            name: name.clone(),
                            families: families_list(),
                        });
                    }
                },
            }
        }
        let namespaces = globs(rule, "namespaces", &c.namespaces, namespace_glob_problem)?;
        let clusters = globs(rule, "clusters", &c.clusters, cluster_glob_problem)?;
        let identity = identity(rule, c)?;
        if commands.grants_cluster_commands() {
            for (field, list) in [("namespaces", &namespaces), ("clusters", &clusters)] {
                if list.is_empty() {
                    return Err(PolicyError::MissingScope { rule, field });
                }
            }
        } else {
            let written = [
                ("namespaces", !namespaces.is_empty()),
                ("clusters", !clusters.is_empty()),
                ("impersonate_user", c.impersonate_user.is_some()),
                ("impersonate_group", c.impersonate_group.is_some()),
            ];
            if let Some((field, _)) = written.into_iter().find(|(_, set)| *set) {
                return Err(PolicyError::UselessScope { rule, field });
            }
        }
        Ok(Rule {
            number,
            users: c.users.clone(),
            roles: c.roles.clone(),
            commands,
            namespaces,
            clusters,
            identity,
        })
    }

    fn applies_to(&self, actor: &Actor) -> bool {
        self.users.contains(&actor.id) || actor.roles.iter().any(|r| self.roles.contains(r))
    }

    fn allows_cluster(&self, cluster: &str) -> bool {
        self.clusters.iter().any(|g| g.matches(cluster))
    }

    fn allows_namespace(&self, namespace: Option<&str>) -> bool {
        match namespace {
            Some(ns) => self.namespaces.iter().any(|g| g.matches(ns)),
            None => self.namespaces.iter().any(Glob::matches_everything),
        }
    }

    /// `("production, cache-*", "prod")`: its namespaces and clusters as written.
    fn scope(&self) -> (String, String) {
        let list = |globs: &[Glob]| globs.iter().map(Glob::text).collect::<Vec<_>>().join(", ");
        (list(&self.namespaces), list(&self.clusters))
    }
}

fn families_list() -> String {
    INCIDENT_FAMILIES
        .iter()
        .chain(CLUSTER_FAMILIES)
        .chain(&[Family::Help])
        .map(|f| format!("{:?}", f.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn globs(
    rule: usize,
    field: &'static str,
    patterns: &[String],
    problem: fn(&str) -> Option<&'static str>,
) -> Result<Vec<Glob>, PolicyError> {
    patterns
        .iter()
        .map(|p| match problem(p) {
            Some(why) => Err(PolicyError::BadGlob {
                rule,
                field,
                glob: p.clone(),
                why,
            }),
            None => Ok(Glob(p.chars().collect())),
        })
        .collect()
}

/// Namespaces are DNS labels: a pattern with other characters could never match.
fn namespace_glob_problem(p: &str) -> Option<&'static str> {
    if p.is_empty() {
        Some("it is empty")
    } else if p.chars().any(|c| c.is_ascii_uppercase()) {
        Some("namespaces are lowercase, so it can never match")
    } else if !p
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-*?".contains(c))
    {
        Some("a namespace has only a-z, 0-9 and '-'; the only wildcards are '*' and '?'")
    } else {
        None
    }
}

fn cluster_glob_problem(p: &str) -> Option<&'static str> {
    if p.trim().is_empty() {
        Some("it is empty")
    } else if p.trim() != p || p.chars().any(char::is_control) {
        Some("it has leading or trailing blanks or control characters")
    } else if p.chars().any(|c| "[]{}\\!".contains(c)) {
        Some("the only wildcards are '*' and '?' ([...], {...}, ! and \\ are not supported)")
    } else {
        None
    }
}

fn identity(rule: usize, c: &RuleConfig) -> Result<Identity, PolicyError> {
    let bad = |s: &String| s.trim().is_empty() || s.chars().any(char::is_control);
    if c.impersonate_user.as_ref().is_some_and(bad) {
        return Err(PolicyError::BadIdentity {
            rule,
            field: "impersonate_user",
        });
    }
    if c.impersonate_group.as_ref().is_some_and(bad) {
        return Err(PolicyError::BadIdentity {
            rule,
            field: "impersonate_group",
        });
    }
    if let (None, Some(group)) = (&c.impersonate_user, &c.impersonate_group) {
        return Err(PolicyError::GroupWithoutUser {
            rule,
            group: group.clone(),
        });
    }
    Ok(Identity {
        user: c.impersonate_user.clone(),
        groups: c.impersonate_group.iter().cloned().collect(),
    })
}

/// `/incident open`, `/triage`.
fn slash(kind: &str) -> String {
    format!("/{}", kind.replace('.', " "))
}

fn who(actor: &Actor) -> Box<Who> {
    Box::new(Who {
        user_id: actor.id.clone(),
        roles: actor.roles.clone(),
    })
}

/// An identity a rule impersonates, with the namespaces its cluster commands may read: what
/// `warroom check` asks the API server about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impersonation {
    /// 1-based position in `[[policy.rules]]`.
    pub rule: usize,
    pub identity: Identity,
    /// The namespaces named exactly; `None` stands for all namespaces (`*`).
    pub namespaces: Vec<Option<String>>,
    /// Namespace patterns (`prod-*`), which cannot be checked name by name.
    pub patterns: Vec<String>,
}

/// The checked policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    rules: Vec<Rule>,
}

impl Policy {
    /// Checks every rule; the first problem found is the error.
    pub fn from_config(c: &PolicyConfig) -> Result<Policy, PolicyError> {
        let rules = c
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| Rule::from_config(i + 1, r))
            .collect::<Result<_, _>>()?;
        Ok(Policy { rules })
    }

    /// The identities that rules allowing cluster `cluster` impersonate, in file order.
    pub fn impersonations(&self, cluster: &str) -> Vec<Impersonation> {
        self.rules
            .iter()
            .filter(|r| r.identity.impersonates() && r.allows_cluster(cluster))
            .map(|r| {
                let mut namespaces = Vec::new();
                let mut patterns = Vec::new();
                for glob in &r.namespaces {
                    let text = glob.text();
                    if glob.matches_everything() {
                        namespaces.push(None);
                    } else if text.contains(['*', '?']) {
                        patterns.push(text);
                    } else {
                        namespaces.push(Some(text));
                    }
                }
                Impersonation {
                    rule: r.number,
                    identity: r.identity.clone(),
                    namespaces,
                    patterns,
                }
            })
            .collect()
    }

    /// Decides whether `actor` may run `command`. `cluster` is the cluster it will use (the
    /// default one when the user named none); `namespace` is the namespace it will read (`None`
    /// for incident commands, and for cluster commands reading all namespaces).
    pub fn authorize(
        &self,
        actor: &Actor,
        direct_message: bool,
        command: &Command,
        cluster: &str,
        namespace: Option<&str>,
    ) -> Result<Grant, Denied> {
        if *command == Command::Help {
            return Ok(Grant::default());
        }
        let kind = command.kind();
        let family = command.family();
        if direct_message {
            return Err(Denied::DirectMessage {
                kind,
                family,
                cluster: command.touches_cluster(),
            });
        }
        let applying: Vec<&Rule> = self.rules.iter().filter(|r| r.applies_to(actor)).collect();
        if applying.is_empty() {
            return Err(Denied::Unmapped {
                kind,
                family,
                who: who(actor),
            });
        }
        let granting: Vec<&Rule> = applying
            .iter()
            .copied()
            .filter(|r| r.commands.grants(command))
            .collect();
        if granting.is_empty() {
            let mut granted: Vec<String> = Vec::new();
            for word in applying.iter().flat_map(|r| &r.commands.written) {
                if !granted.contains(word) {
                    granted.push(word.clone());
                }
            }
            return Err(Denied::Command {
                kind,
                family,
                who: who(actor),
                granted,
            });
        }
        if !command.touches_cluster() {
            return Ok(Grant::default());
        }
        match granting
            .iter()
            .find(|r| r.allows_cluster(cluster) && r.allows_namespace(namespace))
        {
            Some(rule) => Ok(Grant {
                identity: rule.identity.clone(),
                namespaces: NamespaceScope {
                    rule: Some((rule.number, rule.namespaces.clone())),
                },
            }),
            None => Err(Denied::Scope {
                kind,
                family,
                who: who(actor),
                cluster: cluster.to_string(),
                namespace: namespace.map(str::to_string),
                allowed: granting.iter().map(|r| r.scope()).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str) -> Glob {
        Glob(p.chars().collect())
    }

    #[test]
    fn globs_match_whole_names() {
        let cases = [
            ("prod-*", "prod-eu", true),
            ("prod-*", "prod-", true),
            ("prod-*", "prod", false),
            ("prod-*", "PROD-eu", false),
            ("prod-*", "xprod-eu", false),
            ("team-?", "team-a", true),
            ("team-?", "team-", false),
            ("team-?", "team-ab", false),
            ("*", "", true),
            ("*", "anything", true),
            ("*-db-*", "eu-db-1", true),
            ("*-db-*", "eu-db", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("*a", "*ba", true),
            ("production", "production", true),
            ("production", "production2", false),
            ("", "", true),
            ("", "a", false),
        ];
        for (pattern, name, want) in cases {
            assert_eq!(glob(pattern).matches(name), want, "{pattern:?} vs {name:?}");
        }
        assert!(glob("**").matches_everything());
        assert!(!glob("prod-*").matches_everything());
    }
}
