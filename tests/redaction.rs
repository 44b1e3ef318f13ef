//! No secret read from the cluster leaves warroom: a corpus of secret shapes (after gitleaks'
//! default rules) is planted in every free-text field warroom reads, served by the fake API
//! server; `/triage` (workload and overview), `/logs`, `/timeline` and `/postmortem` run through
//! the real handlers with a store, and no secret may appear in any reply, any stored row or
//! `warroom export` (md and json), on SQLite and PostgreSQL. Secrets users type themselves (an
//! incident title, a note, a status update, an action item) are held to the same rule, and the
//! export still verifies: the incident's rows and its chained entries hold the same masked text.

#[path = "support/db.rs"]
mod db;

use std::collections::BTreeMap;

use chrono::DateTime;
use k8s_openapi::api::core::v1::{EnvVar, Event, PodCondition};
use warroom::alerts::{AlertsConfig, Routes, Triages};
use warroom::app::{App, Clock};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::demo::apiserver::{ApiReply, Collection, FakeApiServer, Scenario};
use warroom::demo::scenario::{FailureMode, Objects, ScenarioBuilder};
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::render::Reply;

/// `(shape, a line holding it, the secret)`: the secret shapes of gitleaks' default rules that
/// can occur in cluster text.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "aws-access-key-id",
        "aws key AKIAIOSFODNN7EXAMPLE used",
        "AKIAIOSFODNN7EXAMPLE",
    ),
    (
        "aws-sts-key-id",
        "sts ASIAY34FZKBOKMUTVV7A expires",
        "ASIAY34FZKBOKMUTVV7A",
    ),
    (
        "aws-secret-access-key",
        "aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
    ),
    (
        "gcp-api-key",
        "maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY loaded",
        "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    ),
    (
        "gcp-oauth-token",
        "gcloud ya29.a0AfH6SMBx3kLqYz-9_AbCdEfGhIjKl ok",
        "ya29.a0AfH6SMBx3kLqYz-9_AbCdEfGhIjKl",
    ),
    (
        "gcp-service-account-key",
        r#"{"type":"service_account","private_key_id":"3f2a1b0c9d8e7f6a5b4c"}"#,
        "3f2a1b0c9d8e7f6a5b4c",
    ),
    (
        "azure-storage-account-key",
        "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=bG9uZy1henVyZS1rZXk9PQ==;EndpointSuffix=core.windows.net",
        "bG9uZy1henVyZS1rZXk9PQ==",
    ),
    (
        "azure-client-secret",
        "AZURE_CLIENT_SECRET=abc8Q~Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fEd",
        "abc8Q~Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fEd",
    ),
    (
        "azure-ad-client-secret",
        "client credential xyz8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456 issued",
        "xyz8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456",
    ),
    (
        "azure-sas-signature",
        "GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=bXlTYVNzaWduYXR1cmU%3D",
        "bXlTYVNzaWduYXR1cmU%3D",
    ),
    (
        "github-pat",
        "push with ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    ),
    (
        "github-oauth",
        "oauth gho_16C7e42F292c6912E7710c838347Ae178B4b",
        "gho_16C7e42F292c6912E7710c838347Ae178B4b",
    ),
    (
        "github-app-token",
        "app ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
        "ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
    ),
    (
        "github-refresh-token",
        "refresh ghr_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef4567",
        "ghr_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef4567",
    ),
    (
        "github-fine-grained-pat",
        "fine github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    ),
    (
        "gitlab-pat",
        "gitlab glpat-xYz0123456789AbCdEfGh",
        "glpat-xYz0123456789AbCdEfGh",
    ),
    (
        "gitlab-deploy-token",
        "deploy gldt-AbCdEfGhIjKlMnOpQrSt",
        "gldt-AbCdEfGhIjKlMnOpQrSt",
    ),
    (
        "gitlab-runner-token",
        "runner glrt-ZyXwVuTsRqPoNmLkJiHg",
        "glrt-ZyXwVuTsRqPoNmLkJiHg",
    ),
    (
        "slack-bot-token",
        "slack xoxb-2401234567-1234567890123-AbCdEfGhIjKlMnOp",
        "xoxb-2401234567-1234567890123-AbCdEfGhIjKlMnOp",
    ),
    (
        "slack-user-token",
        "slack xoxp-1111-2222-3333-abcdef0123",
        "xoxp-1111-2222-3333-abcdef0123",
    ),
    (
        "slack-app-token",
        "socket mode xapp-1-A0123456789-1234567890123-abcdef0123456789",
        "xapp-1-A0123456789-1234567890123-abcdef0123456789",
    ),
    (
        "slack-webhook",
        "notify https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX",
        "T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX",
    ),
    (
        "discord-webhook",
        "post https://discord.com/api/webhooks/1187654321098765432/Zx9_wEbHoOkT0kEn-abc",
        "Zx9_wEbHoOkT0kEn-abc",
    ),
    (
        "stripe-secret-key",
        "charge sk_live_51HqLyjWDarjtT1zdp7dc",
        "sk_live_51HqLyjWDarjtT1zdp7dc",
    ),
    (
        "stripe-restricted-key",
        "report rk_live_51HqLyjWDarjtT1zdp7xy",
        "rk_live_51HqLyjWDarjtT1zdp7xy",
    ),
    (
        "stripe-webhook-secret",
        "verify whsec_AbCdEfGhIjKlMnOpQrStUvWx",
        "whsec_AbCdEfGhIjKlMnOpQrStUvWx",
    ),
    (
        "sendgrid",
        "mail 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",
        "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",
    ),
    (
        "openai",
        "llm sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    ),
    (
        "npm-token",
        "publish npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        "npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    ),
    (
        "jwt",
        "id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ),
    (
        "kubernetes-serviceaccount-token",
        "mounted eyJhbGciOiJSUzI1NiIsImtpZCI6IkNhbGwifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLW9mLXRoZS1rOHM",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IkNhbGwifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLW9mLXRoZS1rOHM",
    ),
    (
        "bearer-header",
        "Authorization: Bearer opaque-bearer-4f3e2d1c",
        "opaque-bearer-4f3e2d1c",
    ),
    (
        "basic-auth-header",
        "Authorization: Basic dXNlcjpzM2NyM3QtYmFzaWM=",
        "dXNlcjpzM2NyM3QtYmFzaWM=",
    ),
    (
        "url-credentials",
        "connect postgres://payment:pg-Pa55w0rd-url@pg.db:5432/payments",
        "pg-Pa55w0rd-url",
    ),
    (
        "pem-rsa",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98VbJ1mXKq0rW\n-----END RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEA7bq98VbJ1mXKq0rW",
    ),
    (
        "pem-pkcs8",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCpkcs8\n-----END PRIVATE KEY-----",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCpkcs8",
    ),
    (
        "pem-openssh",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=",
    ),
    (
        "password-pair",
        "login password=hunter2-pair user=bob",
        "hunter2-pair",
    ),
    (
        "secret-pair",
        "client_secret=Gx9-ClientSecretValue",
        "Gx9-ClientSecretValue",
    ),
    (
        "token-pair",
        "callback?access_token=at-8f7e6d5c4b3a&state=1",
        "at-8f7e6d5c4b3a",
    ),
    (
        "api-key-pair",
        "API_KEY=live-api-key-123456",
        "live-api-key-123456",
    ),
    (
        "password-flag",
        "kubectl set env deploy/x DB_PASSWORD=Xy7-long-db-pass --token=kube-cli-t0ken",
        "Xy7-long-db-pass",
    ),
    (
        "token-flag",
        "serve --token flag-t0ken-value --port 8080",
        "flag-t0ken-value",
    ),
    (
        "json-pair",
        r#"{"user": "bob", "password": "json-pa55word"}"#,
        "json-pa55word",
    ),
    (
        "env-entry-json",
        r#"{"name":"STRIPE_API_KEY","value":"json-env-value"}"#,
        "json-env-value",
    ),
    (
        "docker-auth",
        r#"{"auths":{"registry.example.com":{"auth":"ZG9ja2VyOmRvY2tlci1wYXNz"}}}"#,
        "ZG9ja2VyOmRvY2tlci1wYXNz",
    ),
    (
        "discord-bot-token",
        "bot MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456",
        "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456",
    ),
];

/// Every secret of the corpus, one per line, after a marker naming the field it is planted in.
fn planted(field: &str) -> String {
    let mut text = format!("planted-in-{field}");
    for (_, line, _) in CORPUS {
        text.push('\n');
        text.push_str(line);
    }
    text
}

fn plant_map(map: &mut Option<BTreeMap<String, String>>, field: &str) {
    map.get_or_insert_with(BTreeMap::new)
        .insert(format!("example.com/{field}"), planted(field));
}

/// The scenario's objects with the corpus planted in every free-text field warroom reads.
fn plant(objects: &mut Objects) {
    for d in &mut objects.deployments {
        plant_map(&mut d.metadata.annotations, "deployment-annotation");
        d.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert("kubernetes.io/change-cause".into(), planted("change-cause"));
        plant_map(&mut d.metadata.labels, "deployment-label");
    }
    for rs in &mut objects.replica_sets {
        rs.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(
                "kubernetes.io/change-cause".into(),
                planted("rs-change-cause"),
            );
    }
    for pod in &mut objects.pods {
        plant_map(&mut pod.metadata.annotations, "pod-annotation");
        plant_map(&mut pod.metadata.labels, "pod-label");
        if let Some(spec) = &mut pod.spec {
            for c in &mut spec.containers {
                let env = c.env.get_or_insert_with(Vec::new);
                env.push(EnvVar {
                    name: "PLANTED".into(),
                    value: Some(planted("env-value")),
                    ..EnvVar::default()
                });
                env.push(EnvVar {
                    name: "DB_PASSWORD".into(),
                    value: Some("env-db-pa55word".into()),
                    ..EnvVar::default()
                });
                c.args.get_or_insert_with(Vec::new).extend([
                    planted("args"),
                    "--password".into(),
                    "arg-pa55word".into(),
                ]);
                c.command
                    .get_or_insert_with(Vec::new)
                    .push(planted("command"));
            }
        }
        if let Some(status) = &mut pod.status {
            status.message = Some(planted("pod-message"));
            status.reason = Some(planted("pod-reason"));
            let conditions = status.conditions.get_or_insert_with(Vec::new);
            for c in conditions.iter_mut() {
                c.message = Some(planted("condition-message"));
            }
            conditions.push(PodCondition {
                type_: "PlantedCondition".into(),
                status: "False".into(),
                reason: Some(planted("condition-reason")),
                message: Some(planted("condition-message")),
                ..PodCondition::default()
            });
            for cs in status.container_statuses.iter_mut().flatten() {
                for state in [cs.state.as_mut(), cs.last_state.as_mut()]
                    .into_iter()
                    .flatten()
                {
                    if let Some(w) = &mut state.waiting {
                        w.message = Some(planted("waiting-message"));
                    }
                    if let Some(t) = &mut state.terminated {
                        t.message = Some(planted("terminated-message"));
                    }
                }
            }
        }
    }
    // The first pod's container reasons too (its exit codes then tell nothing).
    if let Some(cs) = objects
        .pods
        .first_mut()
        .and_then(|p| p.status.as_mut())
        .and_then(|s| s.container_statuses.as_mut())
        .and_then(|c| c.first_mut())
    {
        if let Some(w) = cs.state.as_mut().and_then(|s| s.waiting.as_mut()) {
            w.reason = Some(planted("waiting-reason"));
        }
        if let Some(t) = cs.last_state.as_mut().and_then(|s| s.terminated.as_mut()) {
            t.reason = Some(planted("terminated-reason"));
        }
    }
    for e in &mut objects.events {
        e.message = Some(planted("event-message"));
    }
    if let Some(first) = objects.events.first().cloned() {
        objects.events.push(Event {
            reason: Some(planted("event-reason")),
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("planted-reason.1".into()),
                ..first.metadata.clone()
            },
            ..first
        });
    }
    for node in &mut objects.nodes {
        plant_map(&mut node.metadata.annotations, "node-annotation");
        for c in node
            .status
            .iter_mut()
            .flat_map(|s| s.conditions.iter_mut().flatten())
        {
            c.message = Some(planted("node-condition-message"));
            c.reason = Some(planted("node-condition-reason"));
        }
    }
}

/// The log every container serves: ordinary lines around the corpus.
fn planted_log() -> String {
    let mut log =
        String::from("2026-11-26T18:10:00Z INFO Started CheckoutApplication in 11.74 seconds\n");
    for (_, line, _) in CORPUS {
        log.push_str("2026-11-26T18:10:01Z ERROR planted-in-log ");
        log.push_str(line);
        log.push('\n');
    }
    log.push_str("2026-11-26T18:10:02Z ERROR java.lang.OutOfMemoryError: Java heap space\n");
    log
}

async fn planted_server() -> (FakeApiServer, String) {
    let builder = ScenarioBuilder::new()
        .workload("checkout", 3, FailureMode::OomKilled)
        .workload("web", 2, FailureMode::LivenessKilled)
        .warning_events(4)
        .memory_pressure(1);
    let mut objects = builder.objects().unwrap();
    plant(&mut objects);
    let mut scenario: Scenario = builder
        .build()
        .unwrap()
        .collection(Collection::from_objects(&objects.pods).unwrap())
        .collection(Collection::from_objects(&objects.events).unwrap())
        .collection(Collection::from_objects(&objects.nodes).unwrap())
        .collection(Collection::from_objects(&objects.deployments).unwrap())
        .collection(Collection::from_objects(&objects.replica_sets).unwrap());
    for pod in &objects.pods {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let path = format!("/api/v1/namespaces/production/pods/{name}/log");
        scenario = scenario.route(axum::http::Method::GET, &path, ApiReply::log(planted_log()));
    }
    let first_pod = objects.pods[0].metadata.name.clone().unwrap_or_default();
    (FakeApiServer::start(scenario).await.unwrap(), first_pod)
}

/// The seed's alert with the corpus planted in a label, an annotation, the group key and the
/// generator URL.
fn planted_alert() -> warroom::alerts::Payload {
    let mut body: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/alerts/firing.json")).unwrap();
    body["groupKey"] = format!("{{}}:{{note=\"{}\"}}", planted("alert-group-key")).into();
    let alert = &mut body["alerts"][0];
    alert["labels"]["note"] = planted("alert-label").into();
    alert["annotations"]["description"] = planted("alert-annotation").into();
    alert["generatorURL"] = "http://admin:gen-pa55word@prometheus:9090/graph".into();
    warroom::alerts::parse(body.to_string().as_bytes()).unwrap()
}

async fn say(app: &App, line: &str) -> Reply {
    handle(
        app,
        &Invocation {
            actor: Actor {
                id: "u1".into(),
                name: "alice".into(),
                roles: vec![],
            },
            channel: "checkout".into(),
            input: Input::Line(line.into()),
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await
}

fn reply_text(reply: &Reply) -> String {
    let mut text = reply.markdown.clone();
    for card in &reply.cards {
        text.push_str(&format!("{card:?}"));
    }
    for file in &reply.files {
        text.push_str(&file.name);
        text.push_str(&String::from_utf8_lossy(&file.bytes));
    }
    for button in &reply.buttons {
        text.push_str(&format!("{button:?}"));
    }
    text
}

/// Every stored byte: every row of every table as text.
async fn stored_rows(db: &db::TestDb) -> String {
    use sqlx::{Connection, Row};
    let mut all = String::new();
    if db.backend == "postgres" {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert!(tables.iter().any(|t| t == "timeline_entries"), "{tables:?}");
        for table in tables {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT CAST(t AS TEXT) FROM \"{table}\" t"
            )))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for row in rows {
                all.push_str(&row.get::<String, _>(0));
                all.push('\n');
            }
        }
    } else {
        let path = db.url.trim_start_matches("sqlite://");
        for file in [path.to_owned(), format!("{path}-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                all.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
    all
}

fn export(url: &str, format: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args([
            "export",
            "--database-url",
            url,
            "--incident",
            "1",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_no_secret(place: &str, text: &str) {
    for (shape, _, secret) in CORPUS {
        assert!(
            !text.contains(secret),
            "{shape} secret {secret:?} leaked into {place}"
        );
    }
    for secret in [
        "env-db-pa55word",
        "arg-pa55word",
        "kube-cli-t0ken",
        "user-typed-s3cret",
        "user-note-t0ken",
        "AKIAIOSFODNN7USERTXT",
        "user-action-k3y",
        "gen-pa55word",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked into {place}");
    }
}

#[tokio::test]
async fn no_planted_secret_reaches_a_reply_a_row_or_an_export() {
    assert_eq!(
        CORPUS.len(),
        47,
        "README's security section states the corpus size"
    );
    let (server, first_pod) = planted_server().await;
    for db in db::fresh_databases().await {
        let app = App {
            clusters: Some(
                Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap(),
            ),
            ..App::test(
                db.store().await,
                Clock::manual(
                    DateTime::parse_from_rfc3339("2026-11-26T18:25:00Z")
                        .unwrap()
                        .to_utc(),
                ),
            )
        };
        let mut replies = String::new();
        for line in [
            "/incident open title:\"checkout down, password=user-typed-s3cret\" severity:sev2 \
             services:checkout"
                .to_owned(),
            "/note text:\"rotated: token=user-note-t0ken\" tag:lesson".to_owned(),
            "/status update state:\"new key AKIAIOSFODNN7USERTXT live\"".to_owned(),
            "/action add owner:bob due:2026-12-01 text:\"revoke api_key=user-action-k3y\""
                .to_owned(),
            "/triage service:checkout namespace:production".to_owned(),
            "/triage service:web namespace:production".to_owned(),
            "/triage overview".to_owned(),
            "/triage overview namespace:production".to_owned(),
            format!("/logs pod:{first_pod} namespace:production previous:true"),
            format!("/logs pod:{first_pod} namespace:production"),
            "/timeline".to_owned(),
            "/postmortem".to_owned(),
        ] {
            let reply = say(&app, &line).await;
            assert!(!reply.is_error, "{line}: {}", reply.markdown);
            let text = reply_text(&reply);
            assert_no_secret(&format!("the reply to {line} ({})", db.backend), &text);
            replies.push_str(&text);
        }
        // An alert on the open incident: its card, its timeline entries and its `alert_cards`
        // row hold the payload's labels, annotations and group key.
        let routes = Routes::new(&AlertsConfig::default()).unwrap();
        let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
        let processed = warroom::alerts::card::process(
            &app,
            &routes.only("checkout"),
            &triages,
            &planted_alert(),
        )
        .await
        .unwrap();
        assert_eq!(processed.deliveries.len(), 1);
        let card = reply_text(&processed.deliveries[0].reply);
        assert_no_secret(&format!("an alert card ({})", db.backend), &card);
        replies.push_str(&card);
        // The planted fields did reach the replies, so the test can fail.
        for marker in [
            "planted-in-event-message",
            "planted-in-log",
            "planted-in-alert-annotation",
        ] {
            assert!(replies.contains(marker), "{marker} never shown:\n{replies}");
        }
        assert!(replies.contains("[REDACTED]"));

        let rows = stored_rows(&db).await;
        for marker in ["planted-in-", "planted-in-alert-label"] {
            assert!(rows.contains(marker), "{marker} was not stored");
        }
        assert_no_secret(&format!("the {} database", db.backend), &rows);
        drop(app);
        for format in ["md", "json"] {
            let exported = export(&db.url, format);
            assert!(
                exported.contains("checkout") && exported.contains("REDACTED"),
                "{exported}"
            );
            assert_no_secret(&format!("warroom export --format {format}"), &exported);
        }
    }
}
