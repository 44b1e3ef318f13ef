//! `warroom check` as an operator runs it: the binary against the fake API server answering the
//! access reviews (all allowed, all denied), against a closed port, with `--kubeconfig` and
//! `--namespace`, with a broken policy, with effective rules (SelfSubjectRulesReview) beyond
//! reading; and the report's table for mixed answers.

use std::path::Path;

use axum::http::Method;
use warroom::check::{CheckReport, ClusterCheck};
use warroom::cluster::{AccessCheck, AccessReport, ClusterError, Identity, READS};
use warroom::demo::apiserver::{
    ApiReply, FakeApiServer, SELF_SUBJECT_ACCESS_REVIEWS, SELF_SUBJECT_RULES_REVIEWS, Scenario,
    StatusCode,
};

const ALLOWED: &str = r#"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
    "metadata":{},"spec":{},"status":{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding \"cluster-admin\""}}"#;
const DENIED: &str = r#"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
    "metadata":{},"spec":{},"status":{"allowed":false}}"#;

/// Runs the built binary; returns (success, stdout, stderr).
async fn warroom(args: &[&str]) -> (bool, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(args)
        .env_remove("WARROOM_CONFIG")
        .env_remove("WARROOM_DATABASE_URL")
        .env("RUST_LOG", "off")
        .output()
        .await
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn server(review: &'static str) -> FakeApiServer {
    let scenario = Scenario::new().route(
        Method::POST,
        SELF_SUBJECT_ACCESS_REVIEWS,
        ApiReply::json(StatusCode::CREATED, review),
    );
    FakeApiServer::start(scenario).await.unwrap()
}

fn config(dir: &Path, body: &str) -> String {
    let path = dir.join("warroom.toml");
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

fn cluster(name: &str, server: &str) -> String {
    format!("[[clusters]]\nname = \"{name}\"\nserver = \"{server}\"\n")
}

/// A local port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The table row for `resource verb` (two or more spaces between columns).
fn row<'a>(out: &'a str, resource: &str, verb: &str) -> Option<&'a str> {
    out.lines().find(|l| {
        let cols: Vec<&str> = l
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cols.len() >= 4 && cols[0] == resource && cols[1] == verb
    })
}

#[tokio::test]
async fn everything_allowed_passes_but_warns_about_dangerous_access() {
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, err) = warroom(&["check", "--config", &cfg]).await;
    assert!(ok, "{out}\n{err}");
    assert!(
        out.starts_with("cluster \"prod\", cluster-wide, as warroom's own identity:"),
        "{out}"
    );
    for r in READS {
        let name = if r.group.is_empty() {
            r.resource.to_string()
        } else {
            format!("{}.{}", r.resource, r.group)
        };
        let line = row(&out, &name, "get").unwrap_or_else(|| panic!("no row for {name}:\n{out}"));
        assert!(line.ends_with("allowed"), "{line}");
    }
    let secrets = row(&out, "secrets", "get").unwrap();
    assert!(
        secrets.contains("UNEXPECTED   warroom never needs this: remove the grant (RBAC: allowed by ClusterRoleBinding \"cluster-admin\")"),
        "{secrets}"
    );
    assert!(
        row(&out, "pods/exec", "create")
            .unwrap()
            .contains("UNEXPECTED")
    );
    assert!(
        row(&out, "deployments.apps", "delete")
            .unwrap()
            .contains("UNEXPECTED")
    );
    // Logs are only ever read with GET: list and watch on pods/log are not asked for.
    assert!(row(&out, "pods/log", "list").is_none(), "{out}");
    assert!(
        out.contains("ok: everything triage needs here can be read"),
        "{out}"
    );
    assert!(
        out.contains("warning: 17 UNEXPECTED permission(s)"),
        "{out}"
    );
    assert!(!out.contains("MISSING"), "{out}");
    assert!(out.ends_with("check passed\n"), "{out}");
    // The check asks questions and reads; it never writes.
    let requests = api.requests();
    assert!(api.non_get_requests().is_empty());
    let reviews = requests
        .iter()
        .filter(|r| r.path == SELF_SUBJECT_ACCESS_REVIEWS)
        .count();
    assert_eq!(reviews, reviews_per_identity());
}

#[tokio::test]
async fn missing_reads_fail_with_the_rbac_rules_to_add() {
    let api = server(DENIED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, err) = warroom(&["check", "--config", &cfg]).await;
    assert!(!ok, "{out}");
    assert_eq!(err, "");
    assert!(
        row(&out, "pods/log", "get").unwrap().ends_with(
            "MISSING   add: - apiGroups: [\"\"] resources: [\"pods/log\"] verbs: [\"get\"]"
        ),
        "{out}"
    );
    assert!(
        row(&out, "deployments.apps", "watch").unwrap().ends_with(
            "MISSING   add: - apiGroups: [\"apps\"] resources: [\"deployments\"] verbs: [\"watch\"]"
        ),
        "{out}"
    );
    assert!(
        row(&out, "secrets", "get")
            .unwrap()
            .ends_with("denied, as it should be")
    );
    assert!(!out.contains("UNEXPECTED"), "{out}");
    let missing = read_checks();
    assert!(
        out.contains(&format!(
            "  {missing} needed permission(s) MISSING: triage will report them as \"not checked\". \
             Add to warroom's ClusterRole (deploy/base/clusterrole.yaml):\n    rules:\n"
        )),
        "{out}"
    );
    // Resources with the same group and verbs share one rule; pods/log asks for get only.
    assert!(
        out.contains(
            "      - apiGroups: [\"\"]\n        resources: [\"endpoints\", \"events\", \"namespaces\", \
             \"nodes\", \"persistentvolumeclaims\", \"persistentvolumes\", \"pods\", \"services\"]\n        \
             verbs: [\"get\", \"list\", \"watch\"]\n      - apiGroups: [\"\"]\n        resources: \
             [\"pods/log\"]\n        verbs: [\"get\"]\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("check FAILED for prod\n"), "{out}");
}

#[tokio::test]
async fn an_unreachable_cluster_is_named_and_fails_the_check() {
    let port = closed_port();
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let down = format!("http://127.0.0.1:{port}");
    let cfg = config(
        dir.path(),
        &format!(
            "{}{}",
            cluster("prod", &down),
            cluster("staging", &api.url())
        ),
    );
    let (ok, out, _) = warroom(&["check", "--config", &cfg]).await;
    assert!(!ok, "{out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "FAILED: cannot reach cluster \"prod\" at {down}/: "
        )),
        "{first}"
    );
    assert!(first.contains("Connection refused"), "{first}");
    assert!(
        first.ends_with("— check the cluster's server, kubeconfig and context"),
        "{first}"
    );
    // The other cluster is still checked.
    assert!(
        out.contains("cluster \"staging\", cluster-wide, as warroom's own identity:"),
        "{out}"
    );
    assert!(out.ends_with("check FAILED for prod\n"), "{out}");
}

#[tokio::test]
async fn kubeconfig_and_context_flags_add_the_default_cluster() {
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {}\n\
             - name: gone\n  cluster:\n    server: http://127.0.0.1:{}\ncontexts:\n\
             - name: fake\n  context:\n    cluster: fake\n    user: nobody\n\
             - name: gone\n  context:\n    cluster: gone\n    user: nobody\n\
             current-context: gone\nusers:\n- name: nobody\n  user: {{}}\n",
            api.url(),
            closed_port()
        ),
    )
    .unwrap();
    let kc = kubeconfig.display().to_string();
    let (ok, out, _) = warroom(&["check", "--kubeconfig", &kc, "--context", "fake"]).await;
    assert!(ok, "{out}");
    assert!(
        out.starts_with("cluster \"default\", cluster-wide"),
        "{out}"
    );
    // The current context points at a closed port.
    let (ok, out, _) = warroom(&["check", "--kubeconfig", &kc]).await;
    assert!(!ok);
    assert!(
        out.starts_with("FAILED: cannot reach cluster \"default\" at http://127.0.0.1:"),
        "{out}"
    );
    // A configured cluster named "default" clashes with the flags.
    let cfg = config(dir.path(), &cluster("default", &api.url()));
    let (ok, _, err) = warroom(&["check", "--config", &cfg, "--kubeconfig", &kc]).await;
    assert!(!ok);
    assert!(
        err.contains("--kubeconfig/--context add a cluster named \"default\""),
        "{err}"
    );
}

#[tokio::test]
async fn namespaces_are_checked_one_by_one() {
    let api = server(DENIED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, _) = warroom(&[
        "check",
        "--config",
        &cfg,
        "--namespace",
        "production",
        "-n",
        "cache",
    ])
    .await;
    assert!(!ok);
    assert!(out.contains("cluster \"prod\", namespace \"production\", as warroom's own identity:"));
    assert!(out.contains("cluster \"prod\", namespace \"cache\", as warroom's own identity:"));
    assert!(out.contains(
        "Add to warroom's ClusterRole (deploy/base/clusterrole.yaml), or to a Role in namespace \
         \"cache\":\n    rules:\n"
    ));
    // Cluster-scoped reads cannot come from a Role: optional when checking a namespace.
    assert!(
        out.contains(
            "  note: 24 cluster-wide read(s) not granted (nodes, namespaces, persistentvolumes, \
             ingressclasses.networking.k8s.io, \
             mutatingwebhookconfigurations.admissionregistration.k8s.io, \
             validatingwebhookconfigurations.admissionregistration.k8s.io, \
             storageclasses.storage.k8s.io, nodes.metrics.k8s.io): a Role cannot grant them"
        ),
        "{out}"
    );
    let pods = out
        .lines()
        .find(|l| l.trim_start().starts_with("pods "))
        .unwrap();
    assert!(pods.contains("namespace \"production\""), "{pods}");
    let nodes = out
        .lines()
        .find(|l| l.trim_start().starts_with("nodes "))
        .unwrap();
    assert!(
        nodes.contains("cluster-wide") && nodes.contains("  not granted (optional)   add: "),
        "{nodes}"
    );
    assert!(
        out.ends_with("check FAILED for prod (production), prod (cache)\n"),
        "{out}"
    );
    let reviews = api
        .requests()
        .iter()
        .filter(|r| r.path == SELF_SUBJECT_ACCESS_REVIEWS)
        .count();
    assert_eq!(reviews, 2 * (reviews_per_identity()));
}

#[tokio::test]
async fn a_broken_policy_fails_before_any_cluster_is_asked() {
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &format!(
            "{}[[policy.rules]]\nroles = [\"1\"]\ncommands = [\"triage\"]\nnamespaces = [\"*\"]\n\
             clusters = [\"prod\"]\nimpersonate_group = \"warroom:sre\"\n",
            cluster("prod", &api.url())
        ),
    );
    let (ok, out, err) = warroom(&["check", "--config", &cfg]).await;
    assert!(!ok);
    assert_eq!(out, "");
    assert!(
        err.contains(
            "the access policy is not valid: [[policy.rules]] #1: impersonate_group \
             \"warroom:sre\" needs impersonate_user too"
        ),
        "{err}"
    );
    assert_eq!(err.matches("needs impersonate_user").count(), 1, "{err}");
    assert!(api.requests().is_empty());
}

const IMPERSONATING_POLICY: &str = r#"
[[policy.rules]]
roles = ["1"]
commands = ["triage", "logs"]
namespaces = ["production", "cache", "team-*"]
clusters = ["prod"]
impersonate_user = "warroom:bot"
impersonate_group = "warroom:payments-oncall"

[[policy.rules]]
roles = ["2"]
commands = ["cluster-commands"]
namespaces = ["*"]
clusters = ["p*"]
impersonate_user = "warroom:bot"
impersonate_group = "warroom:sre"

[[policy.rules]]
roles = ["3"]
commands = ["triage"]
namespaces = ["*"]
clusters = ["staging"]
impersonate_user = "warroom:bot"
impersonate_group = "warroom:staging"
"#;

#[tokio::test]
async fn identities_the_policy_impersonates_are_checked_in_their_namespaces() {
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &format!("{}{IMPERSONATING_POLICY}", cluster("prod", &api.url())),
    );
    let (ok, out, err) = warroom(&["check", "--config", &cfg]).await;
    assert!(ok, "{out}\n{err}");
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("cluster ")).collect();
    assert_eq!(
        headers,
        [
            "cluster \"prod\", cluster-wide, as warroom's own identity:",
            "cluster \"prod\", namespace \"production\", as user \"warroom:bot\" in group \
             \"warroom:payments-oncall\" ([[policy.rules]] #1):",
            "cluster \"prod\", namespace \"cache\", as user \"warroom:bot\" in group \
             \"warroom:payments-oncall\" ([[policy.rules]] #1):",
            "cluster \"prod\", cluster-wide, as user \"warroom:bot\" in group \"warroom:sre\" \
             ([[policy.rules]] #2):",
        ]
    );
    assert!(
        out.contains(
            "note: [[policy.rules]] #1: namespace patterns team-* on cluster \"prod\" were not \
         checked (only names are)\n"
        ),
        "{out}"
    );
    // The reviews were asked as those identities.
    let per_review = reviews_per_identity();
    let reviews: Vec<_> = api
        .requests()
        .into_iter()
        .filter(|r| r.path == SELF_SUBJECT_ACCESS_REVIEWS)
        .collect();
    assert_eq!(reviews.len(), 4 * per_review);
    let as_group = |g: &str| {
        reviews
            .iter()
            .filter(|r| {
                r.impersonate_user.as_deref() == Some("warroom:bot") && r.impersonate_groups == [g]
            })
            .count()
    };
    assert_eq!(as_group("warroom:payments-oncall"), 2 * per_review);
    assert_eq!(as_group("warroom:sre"), per_review);
    assert_eq!(
        as_group("warroom:staging"),
        0,
        "rule #3 is for another cluster"
    );
}

#[tokio::test]
async fn a_refused_impersonation_says_which_overlay_to_apply() {
    let forbidden = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
        "message":"users \"warroom:bot\" is forbidden: User \"system:serviceaccount:warroom:warroom\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
        "reason":"Forbidden","details":{"name":"warroom:bot","kind":"users"},"code":403}"#;
    let scenario = Scenario::new().route(
        Method::POST,
        SELF_SUBJECT_ACCESS_REVIEWS,
        ApiReply::json(StatusCode::FORBIDDEN, forbidden),
    );
    let api = FakeApiServer::start(scenario).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &format!("{}{IMPERSONATING_POLICY}", cluster("prod", &api.url())),
    );
    let (ok, out, _) = warroom(&["check", "--config", &cfg]).await;
    assert!(!ok);
    assert!(
        out.contains(
            "FAILED: cluster \"prod\" refused the access review as user \"warroom:bot\" in \
             group \"warroom:sre\" ([[policy.rules]] #2): most likely warroom may not \
             impersonate it — apply deploy/overlays/impersonation"
        ),
        "{out}"
    );
    assert!(
        out.contains("cannot impersonate resource \"users\""),
        "{out}"
    );
    assert!(
        out.ends_with(
            "check FAILED for prod, prod (production, rule #1), prod (cache, rule #1), \
             prod (rule #2)\n"
        ),
        "{out}"
    );
}

fn check(
    group: &'static str,
    resource: &'static str,
    verb: &'static str,
    allowed: bool,
) -> AccessCheck {
    AccessCheck {
        group,
        resource,
        verb,
        namespace: None,
        allowed,
        reason: None,
    }
}

#[test]
fn the_report_separates_missing_from_unexpected() {
    let least_privilege = ClusterCheck {
        cluster: "prod".into(),
        namespace: None,
        identity: Identity::default(),
        rule: None,
        rules: None,
        result: Ok(AccessReport {
            reads: vec![
                check("", "pods", "list", true),
                check("", "pods/log", "get", true),
                check("", "pods/log", "list", false),
            ],
            dangerous: vec![check("", "secrets", "get", false)],
        }),
    };
    assert!(least_privilege.passed(), "list on pods/log is not needed");
    let text = least_privilege.to_string();
    assert!(
        !text.contains("MISSING") && !text.contains("UNEXPECTED"),
        "{text}"
    );

    let mixed = ClusterCheck {
        cluster: "staging".into(),
        namespace: None,
        identity: Identity::default(),
        rule: None,
        rules: None,
        result: Ok(AccessReport {
            reads: vec![
                check("", "pods", "list", true),
                check("", "nodes", "list", false),
                check("", "persistentvolumes", "list", false),
                check("metrics.k8s.io", "nodes", "get", false),
            ],
            dangerous: vec![AccessCheck {
                reason: Some("RBAC: allowed by RoleBinding \"debug\"".into()),
                ..check("", "pods/exec", "create", true)
            }],
        }),
    };
    assert!(!mixed.passed());
    let text = mixed.to_string();
    assert!(text.contains("3 needed permission(s) MISSING"), "{text}");
    assert!(
        text.contains(
            "      - apiGroups: [\"\"]\n        resources: [\"nodes\", \"persistentvolumes\"]\n        \
             verbs: [\"list\"]\n      - apiGroups: [\"metrics.k8s.io\"]\n        resources: \
             [\"nodes\"]\n        verbs: [\"get\"]\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("(RBAC: allowed by RoleBinding \"debug\")"),
        "{text}"
    );
    assert!(
        text.contains("warning: 1 UNEXPECTED permission(s)"),
        "{text}"
    );

    let namespaced = ClusterCheck {
        cluster: "prod".into(),
        namespace: Some("production".into()),
        identity: Identity {
            user: Some("warroom:bot".into()),
            groups: vec!["warroom:payments-oncall".into()],
        },
        rule: Some(1),
        rules: None,
        result: Ok(AccessReport {
            reads: vec![
                AccessCheck {
                    namespace: Some("production".into()),
                    ..check("", "pods", "list", true)
                },
                check("", "nodes", "list", false),
            ],
            dangerous: vec![],
        }),
    };
    assert!(namespaced.passed(), "nodes are optional in a namespace");
    assert_eq!(namespaced.optional_missing().len(), 1);
    let text = namespaced.to_string();
    assert!(text.contains("not granted (optional)"), "{text}");
    assert!(
        text.contains("ok: everything triage needs here can be read"),
        "{text}"
    );
    let missing_pods = ClusterCheck {
        result: Ok(AccessReport {
            reads: vec![AccessCheck {
                namespace: Some("production".into()),
                ..check("", "pods", "list", false)
            }],
            dangerous: vec![],
        }),
        ..namespaced
    };
    assert!(!missing_pods.passed());
    assert!(
        missing_pods.to_string().contains(
            "Bind ClusterRole warroom-reader to group \"warroom:payments-oncall\" with a \
             RoleBinding in namespace \"production\""
        ),
        "{missing_pods}"
    );

    let down = ClusterCheck {
        cluster: "dr".into(),
        namespace: None,
        identity: Identity::default(),
        rule: None,
        rules: None,
        result: Err(ClusterError::Timeout {
            server: "https://dr.example:6443/".into(),
            secs: 10,
        }),
    };
    let report = CheckReport {
        checks: vec![least_privilege, mixed, down],
        notes: vec!["a pattern was not checked".into()],
    };
    assert!(!report.passed());
    let text = report.to_string();
    assert!(
        text.contains(
            "FAILED: cluster \"dr\" at https://dr.example:6443/ did not answer within 10 s"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("note: a pattern was not checked\ncheck FAILED for staging, dr\n"),
        "{text}"
    );
}

/// Access reviews of the reads: get/list/watch on each resource, get on a subresource.
fn read_checks() -> usize {
    READS
        .iter()
        .map(|r| if r.resource.contains('/') { 1 } else { 3 })
        .sum()
}

/// Access reviews asked per identity: the reads plus the 17 dangerous permissions.
fn reviews_per_identity() -> usize {
    read_checks() + 17
}

/// What a SelfSubjectRulesReview of an over-privileged identity answers: reads, the reviews
/// every identity may ask, and one rule of each kind `warroom check` must flag.
const RULES: &str = r#"{"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1",
  "metadata":{},"spec":{},"status":{"resourceRules":[
    {"verbs":["create"],"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"]},
    {"verbs":["get","list","watch"],"apiGroups":[""],"resources":["pods","pods/log","events","nodes"]},
    {"verbs":["get","list"],"apiGroups":[""],"resources":["secrets"]},
    {"verbs":["create"],"apiGroups":[""],"resources":["pods/exec","pods/attach","pods/portforward"]},
    {"verbs":["patch","update"],"apiGroups":["apps"],"resources":["deployments"]},
    {"verbs":["impersonate"],"apiGroups":[""],"resources":["groups"],"resourceNames":["warroom:sre"]},
    {"verbs":["impersonate"],"apiGroups":[""],"resources":["users"],"resourceNames":["warroom:bot","admin"]},
    {"verbs":["bind","escalate"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"]},
    {"verbs":["create"],"apiGroups":[""],"resources":["serviceaccounts/token"]},
    {"verbs":["get"],"apiGroups":[""],"resources":["nodes/proxy"]}
  ],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}],
  "incomplete":true,"evaluationError":"webhook authorizer: rules not listed"}}"#;

const READS_ONLY_RULES: &str = r#"{"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1",
  "metadata":{},"spec":{},"status":{"resourceRules":[
    {"verbs":["create"],"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"]},
    {"verbs":["get","list","watch"],"apiGroups":["","apps"],"resources":["pods","events","deployments"]},
    {"verbs":["get"],"apiGroups":[""],"resources":["pods/log"]}
  ],"nonResourceRules":[],"incomplete":false}}"#;

async fn server_with_rules(rules: &'static str) -> FakeApiServer {
    let scenario = Scenario::new()
        .route(
            Method::POST,
            SELF_SUBJECT_ACCESS_REVIEWS,
            ApiReply::json(StatusCode::CREATED, ALLOWED),
        )
        .route(
            Method::POST,
            SELF_SUBJECT_RULES_REVIEWS,
            ApiReply::json(StatusCode::CREATED, rules),
        );
    FakeApiServer::start(scenario).await.unwrap()
}

#[tokio::test]
async fn effective_rules_beyond_reading_are_flagged_one_by_one() {
    let api = server_with_rules(RULES).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, err) = warroom(&["check", "--config", &cfg, "-n", "production"]).await;
    assert!(ok, "flagged rules warn, they do not fail: {out}\n{err}");
    assert!(
        out.contains(
            "  warning: 8 of the 10 effective rule(s) in namespace \"production\" go beyond \
             reading (SelfSubjectRulesReview); remove the bindings that grant them:\n"
        ),
        "{out}"
    );
    for flagged in [
        r#"UNEXPECTED   verbs ["get", "list"] on [""] secrets: get, list secrets"#,
        r#"UNEXPECTED   verbs ["create"] on [""] pods/exec, pods/attach, pods/portforward: write verbs create; create pods/exec; create pods/attach; create pods/portforward"#,
        r#"UNEXPECTED   verbs ["patch", "update"] on ["apps"] deployments: write verbs patch, update"#,
        r#"UNEXPECTED   verbs ["impersonate"] on [""] groups named ["warroom:sre"]: impersonate warroom:sre (beyond the identities the policy impersonates)"#,
        r#"UNEXPECTED   verbs ["impersonate"] on [""] users named ["warroom:bot", "admin"]: impersonate warroom:bot, admin (beyond the identities the policy impersonates)"#,
        r#"UNEXPECTED   verbs ["bind", "escalate"] on ["rbac.authorization.k8s.io"] clusterroles: escalate (grants itself more); bind (grants itself more)"#,
        r#"UNEXPECTED   verbs ["create"] on [""] serviceaccounts/token: write verbs create; create serviceaccounts/token"#,
        r#"UNEXPECTED   verbs ["get"] on [""] nodes/proxy: get nodes/proxy"#,
    ] {
        assert!(
            out.contains(&format!("    {flagged}\n")),
            "{flagged}\n{out}"
        );
    }
    assert!(
        !out.contains("selfsubjectaccessreviews"),
        "asking is not a finding: {out}"
    );
    assert!(
        out.contains(
            "  note: the API server could not list every rule, so others may exist: webhook \
             authorizer: rules not listed\n"
        ),
        "{out}"
    );
    let rules_reviews = api
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == SELF_SUBJECT_RULES_REVIEWS)
        .count();
    assert_eq!(rules_reviews, 1);
    assert!(api.non_get_requests().is_empty());
}

#[tokio::test]
async fn the_impersonation_the_policy_names_is_expected_and_reads_only_pass_quietly() {
    let api = server_with_rules(RULES).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &format!("{}{IMPERSONATING_POLICY}", cluster("prod", &api.url())),
    );
    let (ok, out, err) = warroom(&["check", "--config", &cfg]).await;
    assert!(ok, "{out}\n{err}");
    let own = out
        .split("cluster \"prod\", namespace \"production\"")
        .next()
        .unwrap();
    assert!(
        own.contains("in namespace \"default\" go beyond reading"),
        "a cluster-wide check lists the rules of namespace default: {own}"
    );
    assert!(
        !own.contains(r#"groups named ["warroom:sre"]"#),
        "the policy impersonates warroom:sre: {own}"
    );
    assert!(
        own.contains(r#"users named ["warroom:bot", "admin"]: impersonate warroom:bot, admin"#),
        "admin is not in the policy: {own}"
    );
    // An impersonated identity may impersonate no one.
    let impersonated = out
        .split("cluster \"prod\", cluster-wide, as user \"warroom:bot\" in group \"warroom:sre\"")
        .nth(1)
        .unwrap();
    assert!(
        impersonated.contains(r#"groups named ["warroom:sre"]: impersonate warroom:sre"#),
        "{impersonated}"
    );

    let api = server_with_rules(READS_ONLY_RULES).await;
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, _) = warroom(&["check", "--config", &cfg]).await;
    assert!(ok);
    assert!(
        out.contains("  ok: the 3 effective rule(s) in namespace \"default\" only read\n"),
        "{out}"
    );
    assert!(!out.contains("effective rule(s) in namespace \"default\" go beyond"));
}

#[tokio::test]
async fn an_api_server_without_rules_reviews_is_a_note() {
    let api = server(ALLOWED).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &cluster("prod", &api.url()));
    let (ok, out, _) = warroom(&["check", "--config", &cfg]).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("  note: the effective rules could not be listed (SelfSubjectRulesReview): "),
        "{out}"
    );
}
