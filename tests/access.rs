//! The chat-side access policy as an admin writes it in the config file and as users meet it:
//! who may run which command in which namespace and cluster, as which Kubernetes identity, and
//! what a refused user is told. Also every configuration mistake the policy refuses.

use warroom::access::{CLUSTER_FAMILIES, Denied, INCIDENT_FAMILIES, Policy, PolicyError};
use warroom::cluster::Identity;
use warroom::command::{Command, USAGE, parse_line};
use warroom::config::FileConfig;
use warroom::i18n::{Catalog, Locale};
use warroom::invocation::Actor;

const POLICY: &str = r#"
# 1: the on-call role: incident and cluster commands in production and prod-* on prod-?,
#    as an impersonated group
[[policy.rules]]
roles = ["900"]
commands = ["incident-commands", "cluster-commands"]
namespaces = ["production", "prod-*"]
clusters = ["prod-?"]
impersonate_user = "warroom:bot"
impersonate_group = "warroom:oncall"

# 2: one SRE, by user id: everything everywhere, as warroom itself
[[policy.rules]]
users = ["100"]
commands = ["*"]
namespaces = ["*"]
clusters = ["*"]

# 3: the scribe role: notes and the timeline only
[[policy.rules]]
roles = ["901"]
commands = ["note", "timeline"]

# 4: one developer: logs of the team-? namespaces on staging, as a user of their own
[[policy.rules]]
users = ["200"]
commands = ["logs"]
namespaces = ["team-?"]
clusters = ["staging"]
impersonate_user = "discord:200"
"#;

fn policy(text: &str) -> Policy {
    let config = FileConfig::parse(text).unwrap();
    Policy::from_config(&config.policy).unwrap()
}

fn policy_error(text: &str) -> PolicyError {
    let config = FileConfig::parse(text).unwrap();
    Policy::from_config(&config.policy).unwrap_err()
}

fn actor(id: &str, roles: &[&str]) -> Actor {
    Actor {
        id: id.to_string(),
        name: format!("user-{id}"),
        roles: roles.iter().map(|r| r.to_string()).collect(),
    }
}

fn cmd(line: &str) -> Command {
    parse_line(line).unwrap()
}

fn sre() -> Actor {
    actor("100", &[])
}
fn oncall() -> Actor {
    actor("300", &["555", "900"])
}
fn scribe() -> Actor {
    actor("400", &["901"])
}
fn dev() -> Actor {
    actor("200", &[])
}
fn stranger() -> Actor {
    actor("500", &["999"])
}

fn oncall_identity() -> Identity {
    Identity {
        user: Some("warroom:bot".into()),
        groups: vec!["warroom:oncall".into()],
    }
}

const TRIAGE: &str = "/triage service:payment-service";
const OVERVIEW: &str = "/triage overview";
const LOGS: &str = "/logs pod:web-1";
const OPEN: &str = "/incident open title:x severity:sev2 services:web";
const NOTE: &str = "/note text:\"exit 137\"";
const STATUS: &str = "/status update state:ok";
const TIMELINE: &str = "/timeline";
const POSTMORTEM: &str = "/postmortem";
const HELP: &str = "/help";

/// `Ok(identity)` or `Err(Display of the denial)`.
/// A refusal as an English reader sees it.
fn english(denied: &Denied) -> String {
    let catalog = Catalog::new(None).unwrap();
    denied.text(&catalog, Locale::En)
}

fn decide(
    p: &Policy,
    who: &Actor,
    line: &str,
    cluster: &str,
    namespace: Option<&str>,
) -> Result<Identity, String> {
    p.authorize(who, false, &cmd(line), cluster, namespace)
        .map(|g| g.identity)
        .map_err(|d| english(&d))
}

/// Who, command line, cluster, namespace, and the identity it runs as (`None`: refused).
type Case = (
    Actor,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<Identity>,
);

#[test]
fn policy_matrix_users_commands_namespaces_clusters() {
    let p = policy(POLICY);
    let own = Identity::default;
    let allow = Some;
    const DENY: Option<Identity> = None;
    let cases: Vec<Case> = vec![
        // the on-call role: prod-? clusters, production and prod-* namespaces
        (
            oncall(),
            TRIAGE,
            "prod-1",
            Some("production"),
            allow(oncall_identity()),
        ),
        (
            oncall(),
            LOGS,
            "prod-2",
            Some("prod-eu"),
            allow(oncall_identity()),
        ),
        (
            oncall(),
            LOGS,
            "prod-2",
            Some("prod-"),
            allow(oncall_identity()),
        ),
        (oncall(), TRIAGE, "prod-1", Some("prod"), DENY),
        (oncall(), TRIAGE, "prod-1", Some("payments"), DENY),
        (oncall(), TRIAGE, "prod-1", Some("production-2"), DENY),
        (oncall(), TRIAGE, "prod-10", Some("production"), DENY),
        (oncall(), TRIAGE, "prod-", Some("production"), DENY),
        (oncall(), TRIAGE, "PROD-1", Some("production"), DENY),
        (oncall(), TRIAGE, "staging", Some("production"), DENY),
        (oncall(), OPEN, "staging", None, allow(own())),
        (oncall(), STATUS, "staging", None, allow(own())),
        (oncall(), POSTMORTEM, "prod-1", None, allow(own())),
        // the SRE user: everything, everywhere, as warroom itself
        (sre(), TRIAGE, "anything", Some("kube-system"), allow(own())),
        (sre(), OVERVIEW, "prod-10", None, allow(own())),
        (sre(), LOGS, "PROD-1", Some("team-a"), allow(own())),
        (sre(), POSTMORTEM, "prod-1", None, allow(own())),
        // the scribe role: notes and timeline only
        (scribe(), NOTE, "prod-1", None, allow(own())),
        (scribe(), TIMELINE, "prod-1", None, allow(own())),
        (scribe(), OPEN, "prod-1", None, DENY),
        (scribe(), STATUS, "prod-1", None, DENY),
        (scribe(), TRIAGE, "prod-1", Some("production"), DENY),
        // the developer: logs in team-? on staging only
        (
            dev(),
            LOGS,
            "staging",
            Some("team-a"),
            allow(Identity {
                user: Some("discord:200".into()),
                groups: vec![],
            }),
        ),
        (dev(), LOGS, "staging", Some("team-"), DENY),
        (dev(), LOGS, "staging", Some("team-ab"), DENY),
        (dev(), LOGS, "staging-2", Some("team-a"), DENY),
        (dev(), TRIAGE, "staging", Some("team-a"), DENY),
        (dev(), NOTE, "staging", None, DENY),
        // nobody's rule
        (stranger(), NOTE, "prod-1", None, DENY),
        (stranger(), LOGS, "prod-1", Some("production"), DENY),
    ];
    for (who, line, cluster, namespace, want) in cases {
        let got = decide(&p, &who, line, cluster, namespace);
        assert_eq!(
            got.clone().ok(),
            want,
            "{} running {line} on {cluster} in {namespace:?}: {got:?}",
            who.id
        );
    }
}

#[test]
fn an_unmapped_user_may_run_help_only() {
    let p = policy(POLICY);
    for dm in [false, true] {
        let grant = p
            .authorize(&stranger(), dm, &cmd(HELP), "prod-1", None)
            .unwrap();
        assert_eq!(grant.identity, Identity::default());
    }
    for line in [
        OPEN,
        NOTE,
        STATUS,
        TIMELINE,
        POSTMORTEM,
        "/incident resolve",
        "/action done id:1",
    ] {
        let denied = p
            .authorize(&stranger(), false, &cmd(line), "prod-1", None)
            .unwrap_err();
        assert!(
            matches!(denied, Denied::Unmapped { .. }),
            "{line}: {denied:?}"
        );
    }
    let text = decide(&p, &stranger(), TRIAGE, "prod-1", Some("production")).unwrap_err();
    assert_eq!(
        text,
        "you may not run /triage: no policy rule names you (user 500, roles 999), and without \
         one you may only run /help. Ask an admin to add a [[policy.rules]] entry with users = \
         [\"500\"] (or one of your role ids in roles) and commands = [\"triage\"]."
    );
    // An empty policy (no [policy] table at all) allows /help and nothing else, even to the SRE.
    let empty = policy("");
    assert!(decide(&empty, &sre(), HELP, "prod-1", None).is_ok());
    assert!(decide(&empty, &sre(), NOTE, "prod-1", None).is_err());
}

#[test]
fn roles_and_users_are_matched_by_their_own_lists_only() {
    let p = policy(POLICY);
    // A user whose id equals the on-call role id is not in the on-call role.
    let lookalike = actor("900", &[]);
    assert!(decide(&p, &lookalike, OPEN, "prod-1", None).is_err());
    // Someone holding the SRE's user id as a role is not the SRE.
    let role_100 = actor("600", &["100"]);
    assert!(decide(&p, &role_100, OPEN, "prod-1", None).is_err());
    // The same person is granted by role alone, or by user id alone.
    assert!(decide(&p, &actor("700", &["900"]), OPEN, "prod-1", None).is_ok());
    assert!(decide(&p, &actor("100", &["123"]), OPEN, "prod-1", None).is_ok());
    // Ids are compared exactly: no globbing, no trimming.
    assert!(decide(&p, &actor("10", &[]), OPEN, "prod-1", None).is_err());
    assert!(decide(&p, &actor("300", &["90*"]), OPEN, "prod-1", None).is_err());
}

#[test]
fn rules_add_up_and_the_first_granting_rule_names_the_identity() {
    let p = policy(POLICY);
    // The SRE who also holds the on-call role and the scribe role.
    let both = actor("100", &["901", "900"]);
    // On prod-1/production rule 1 comes first: the on-call group.
    assert_eq!(
        decide(&p, &both, TRIAGE, "prod-1", Some("production")),
        Ok(oncall_identity())
    );
    // Where rule 1 does not reach, rule 2 does: warroom's own identity.
    assert_eq!(
        decide(&p, &both, TRIAGE, "prod-1", Some("kube-system")),
        Ok(Identity::default())
    );
    assert_eq!(
        decide(&p, &both, OVERVIEW, "prod-1", None),
        Ok(Identity::default())
    );
    // Scribe (notes) + on-call (status): the union.
    let scribe_oncall = actor("800", &["901", "900"]);
    assert!(decide(&p, &scribe_oncall, NOTE, "prod-1", None).is_ok());
    assert!(decide(&p, &scribe_oncall, STATUS, "prod-1", None).is_ok());
    assert!(decide(&p, &scribe(), STATUS, "prod-1", None).is_err());

    // Two rules for the same role naming different groups: file order decides.
    let two = |first: &str, second: &str| {
        format!(
            "[[policy.rules]]\nroles = [\"900\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\n\
             clusters = [\"*\"]\nimpersonate_user = \"warroom:bot\"\nimpersonate_group = \"{first}\"\n\
             [[policy.rules]]\nroles = [\"900\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\n\
             clusters = [\"*\"]\nimpersonate_user = \"warroom:bot\"\nimpersonate_group = \"{second}\"\n"
        )
    };
    for (first, second) in [("team-a", "team-b"), ("team-b", "team-a")] {
        let p = policy(&two(first, second));
        let identity = decide(&p, &oncall(), TRIAGE, "c", Some("ns")).unwrap();
        assert_eq!(identity.groups, [first]);
    }
}

#[test]
fn impersonation_is_returned_exactly_when_the_rule_says() {
    let p = policy(POLICY);
    let user_only = decide(&p, &dev(), LOGS, "staging", Some("team-b")).unwrap();
    assert_eq!(user_only.user.as_deref(), Some("discord:200"));
    assert!(user_only.groups.is_empty());
    assert!(user_only.impersonates());
    let group = decide(&p, &oncall(), LOGS, "prod-1", Some("production")).unwrap();
    assert_eq!(group, oncall_identity());
    let own = decide(&p, &sre(), LOGS, "prod-1", Some("production")).unwrap();
    assert!(!own.impersonates());
    // Incident commands never carry an identity: they do not read the cluster.
    let incident = decide(&p, &oncall(), OPEN, "prod-1", None).unwrap();
    assert_eq!(incident, Identity::default());
}

#[test]
fn direct_messages_allow_help_only() {
    let p = policy(POLICY);
    let denied = p
        .authorize(&sre(), true, &cmd(TRIAGE), "prod-1", Some("production"))
        .unwrap_err();
    assert_eq!(
        english(&denied),
        "/triage cannot be run in a direct message: cluster commands run only in a server \
         channel, where the incident's channel sees what was read. Run it in the incident's \
         channel (only /help works here)."
    );
    let denied = p
        .authorize(&sre(), true, &cmd(OPEN), "prod-1", None)
        .unwrap_err();
    assert_eq!(
        english(&denied),
        "/incident open cannot be run in a direct message: incidents are bound to a server \
         channel. Run it in the incident's channel (only /help works here)."
    );
    for line in [LOGS, NOTE, STATUS, TIMELINE, POSTMORTEM] {
        let denied = p
            .authorize(&sre(), true, &cmd(line), "prod-1", Some("production"))
            .unwrap_err();
        assert!(matches!(denied, Denied::DirectMessage { .. }), "{line}");
    }
    assert!(
        p.authorize(&sre(), true, &cmd(HELP), "prod-1", None)
            .is_ok()
    );
}

#[test]
fn reading_all_namespaces_needs_a_star_rule() {
    let p = policy(POLICY);
    // The on-call rule lists namespaces, and prod-* is a pattern, not "all".
    let text = decide(&p, &oncall(), OVERVIEW, "prod-1", None).unwrap_err();
    assert_eq!(
        text,
        "you may not run /triage in all namespaces on cluster \"prod-1\": no policy rule grants \
         it to you (user 300, roles 555, 900); reading all namespaces needs a rule with \
         namespaces = [\"*\"]. Your rules allow triage in namespaces production, prod-* on \
         clusters prod-?. Name a namespace, or ask an admin to add a [[policy.rules]] entry \
         with commands = [\"triage\"], namespaces = [\"*\"] and clusters = [\"prod-1\"]."
    );
    assert_eq!(
        decide(&p, &oncall(), OVERVIEW, "prod-1", Some("production")),
        Ok(oncall_identity())
    );
    assert_eq!(
        decide(&p, &sre(), OVERVIEW, "prod-1", None),
        Ok(Identity::default())
    );
    // "**" is as good as "*".
    let stars = policy(
        "[[policy.rules]]\nusers = [\"1\"]\ncommands = [\"triage\"]\nnamespaces = [\"**\"]\nclusters = [\"*\"]\n",
    );
    assert!(decide(&stars, &actor("1", &[]), OVERVIEW, "c", None).is_ok());
}

#[test]
fn a_refusal_names_the_missing_permission_and_what_to_ask_for() {
    let p = policy(POLICY);
    assert_eq!(
        decide(&p, &oncall(), TRIAGE, "prod-1", Some("payments")).unwrap_err(),
        "you may not run /triage in namespace \"payments\" on cluster \"prod-1\": no policy rule \
         grants it to you (user 300, roles 555, 900). Your rules allow triage in namespaces \
         production, prod-* on clusters prod-?. Ask an admin to add a [[policy.rules]] entry \
         with commands = [\"triage\"], namespaces = [\"payments\"] and clusters = [\"prod-1\"]."
    );
    assert_eq!(
        decide(&p, &scribe(), POSTMORTEM, "prod-1", None).unwrap_err(),
        "you may not run /postmortem: the policy rules that name you (user 400, roles 901) grant \
         only note, timeline. Ask an admin to add \"postmortem\" to the commands of a \
         [[policy.rules]] entry for you."
    );
    assert_eq!(
        decide(&p, &dev(), LOGS, "prod-1", Some("team-a")).unwrap_err(),
        "you may not run /logs in namespace \"team-a\" on cluster \"prod-1\": no policy rule \
         grants it to you (user 200, no roles). Your rules allow logs in namespaces team-? on \
         clusters staging. Ask an admin to add a [[policy.rules]] entry with commands = \
         [\"logs\"], namespaces = [\"team-a\"] and clusters = [\"prod-1\"]."
    );
    // A member of many roles: the list is cut.
    let roles: Vec<String> = (1..=12).map(|i| format!("r{i}")).collect();
    let many = Actor {
        roles,
        ..actor("42", &[])
    };
    let text = decide(&p, &many, NOTE, "c", None).unwrap_err();
    assert!(
        text.contains("(user 42, roles r1, r2, r3, r4, r5, r6, r7, r8, r9, r10 and 2 more)"),
        "{text}"
    );
}

#[test]
fn families_and_aliases_grant_what_they_say() {
    let with = |commands: &str| {
        policy(&format!(
            "[[policy.rules]]\nusers = [\"1\"]\ncommands = {commands}\n{}",
            if commands.contains("triage")
                || commands.contains("logs")
                || commands.contains("cluster")
                || commands.contains('*')
            {
                "namespaces = [\"*\"]\nclusters = [\"*\"]\n"
            } else {
                ""
            }
        ))
    };
    let me = actor("1", &[]);
    let lines = [
        OPEN,
        "/incident role commander:@a",
        "/incident mitigated",
        "/incident resolve",
        "/incident close",
        STATUS,
        "/status cadence every:30m",
        NOTE,
        "/action add owner:a due:2030-01-01 text:x",
        "/action done id:1",
        TIMELINE,
        POSTMORTEM,
        TRIAGE,
        OVERVIEW,
        LOGS,
    ];
    let allowed = |p: &Policy| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|l| decide(p, &me, l, "c", Some("ns")).is_ok())
            .collect()
    };
    assert_eq!(
        allowed(&with("[\"incident\"]")),
        &lines[..5],
        "the incident family is /incident only"
    );
    assert_eq!(
        allowed(&with("[\"status\", \"action\"]")),
        [lines[5], lines[6], lines[8], lines[9]]
    );
    assert_eq!(allowed(&with("[\"incident-commands\"]")), &lines[..12]);
    assert_eq!(allowed(&with("[\"cluster-commands\"]")), &lines[12..]);
    assert_eq!(allowed(&with("[\"logs\"]")), [LOGS]);
    assert_eq!(allowed(&with("[\"triage\"]")), [TRIAGE, OVERVIEW]);
    assert_eq!(allowed(&with("[\"*\"]")), lines);
    assert!(allowed(&with("[\"help\"]")).is_empty());
}

#[test]
fn the_vocabulary_covers_every_command_and_splits_them_like_touches_cluster() {
    for usage in USAGE {
        let command = parse_line(usage.example).unwrap();
        let family = usage.path.split(' ').next().unwrap();
        assert_eq!(
            command.kind().split('.').next(),
            Some(family),
            "{}",
            usage.path
        );
        if family == "help" {
            continue;
        }
        assert_eq!(command.family().as_str(), family, "{}", usage.path);
        // A command of a cluster family may read nothing (`/watch stop`), never the reverse.
        if command.touches_cluster() || command.family().reads_cluster() {
            assert!(CLUSTER_FAMILIES.contains(&command.family()), "{family}");
        } else {
            assert!(INCIDENT_FAMILIES.contains(&command.family()), "{family}");
        }
    }
}

#[test]
fn configuration_mistakes_are_refused_with_the_rule_number() {
    let rule = |body: &str| {
        format!(
            "[[policy.rules]]\nusers = [\"1\"]\ncommands = [\"note\"]\n[[policy.rules]]\n{body}\n"
        )
    };
    let cases: &[(&str, &str)] = &[
        ("", "[[policy.rules]] #2 is empty"),
        (
            "commands = [\"note\"]",
            "[[policy.rules]] #2 names no one: add the Discord user ids",
        ),
        ("users = [\"2\"]", "[[policy.rules]] #2 grants no command"),
        (
            "users = [\" \"]\ncommands = [\"note\"]",
            "#2: users contains an empty or blank id",
        ),
        (
            "roles = [\"\"]\ncommands = [\"note\"]",
            "#2: roles contains an empty or blank id",
        ),
        (
            "users = [\"2\"]\ncommands = [\"notes\"]",
            "#2: unknown command \"notes\": use a family (\"incident\", \"status\"",
        ),
        (
            "users = [\"2\"]\ncommands = [\"incident.open\"]",
            "unknown command \"incident.open\"",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nclusters = [\"*\"]",
            "#2 grants cluster commands but lists no namespaces",
        ),
        (
            "users = [\"2\"]\ncommands = [\"logs\"]\nnamespaces = [\"*\"]",
            "#2 grants cluster commands but lists no clusters",
        ),
        (
            "users = [\"2\"]\ncommands = [\"*\"]\nnamespaces = [\"*\"]",
            "lists no clusters",
        ),
        (
            "users = [\"2\"]\ncommands = [\"note\"]\nnamespaces = [\"prod\"]",
            "#2 grants no cluster command (triage, logs), so its namespaces would have no effect",
        ),
        (
            "users = [\"2\"]\ncommands = [\"incident-commands\"]\nimpersonate_user = \"u\"",
            "so its impersonate_user would have no effect",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"Prod-*\"]\nclusters = [\"*\"]",
            "namespaces pattern \"Prod-*\" is not valid: namespaces are lowercase",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"prod-[ab]\"]\nclusters = [\"*\"]",
            "namespaces pattern \"prod-[ab]\" is not valid: a namespace has only a-z",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"\"]\nclusters = [\"*\"]",
            "namespaces pattern \"\" is not valid: it is empty",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\nclusters = [\"{a,b}\"]",
            "clusters pattern \"{a,b}\" is not valid: the only wildcards are '*' and '?'",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\nclusters = [\" prod\"]",
            "leading or trailing blanks",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\nclusters = [\"*\"]\nimpersonate_group = \"warroom:sre\"",
            "#2: impersonate_group \"warroom:sre\" needs impersonate_user too (Kubernetes refuses Impersonate-Group without Impersonate-User), e.g. impersonate_user = \"warroom:bot\"",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\nclusters = [\"*\"]\nimpersonate_user = \"\"",
            "#2: impersonate_user is empty",
        ),
        (
            "users = [\"2\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\nclusters = [\"*\"]\nimpersonate_user = \"u\"\nimpersonate_group = \"a\\nb\"",
            "#2: impersonate_group is empty or contains control characters",
        ),
    ];
    for (body, want) in cases {
        let err = policy_error(&rule(body)).to_string();
        assert!(err.contains(want), "{body:?}:\n  got  {err}\n  want {want}");
    }
    // Unknown keys are TOML errors of the config file, before the policy is looked at.
    let err =
        FileConfig::parse("[[policy.rules]]\nuser = [\"1\"]\ncommands = [\"note\"]\n").unwrap_err();
    assert!(err.contains("unknown field `user`"), "{err}");
    let err = FileConfig::parse("[policy]\nrule = []\n").unwrap_err();
    assert!(err.contains("unknown field `rule`"), "{err}");
}

#[test]
fn impersonations_list_what_warroom_check_asks_about() {
    let p = policy(POLICY);
    let prod = p.impersonations("prod-1");
    assert_eq!(prod.len(), 1, "the SRE rule impersonates no one");
    assert_eq!(prod[0].rule, 1);
    assert_eq!(prod[0].identity, oncall_identity());
    assert_eq!(prod[0].namespaces, [Some("production".to_string())]);
    assert_eq!(prod[0].patterns, ["prod-*"]);
    let staging = p.impersonations("staging");
    assert_eq!(staging.len(), 1);
    assert_eq!(staging[0].rule, 4);
    assert!(staging[0].namespaces.is_empty());
    assert_eq!(staging[0].patterns, ["team-?"]);
    assert!(p.impersonations("prod-10").is_empty());
    let everywhere = policy(
        "[[policy.rules]]\nusers = [\"1\"]\ncommands = [\"logs\"]\nnamespaces = [\"*\"]\n\
         clusters = [\"*\"]\nimpersonate_user = \"u\"\n",
    );
    assert_eq!(everywhere.impersonations("any")[0].namespaces, [None]);
}
