//! Tampering with a stored incident, on SQLite and on PostgreSQL: each way of changing the
//! record behind warroom's back makes `warroom export` exit with status 2 and say what is
//! wrong; an untouched record exports, and a head the channel showed is checked.

#[path = "support/db.rs"]
mod db;

use std::process::Command;

use chrono::{DateTime, Duration};
use warroom::app::{App, Clock};
use warroom::handlers::handle;
use warroom::invocation::{Actor, InboundFile, Input, Invocation};
use warroom::store::Store;

const CHANNEL: &str = "incident-payments";

fn app(store: Store, clock: &Clock) -> App {
    App::test(store, clock.clone())
}

async fn say(app: &App, line: &str, files: Vec<InboundFile>) -> String {
    let inv = Invocation {
        actor: Actor {
            id: "u1".into(),
            name: "alice".into(),
            roles: vec![],
        },
        channel: CHANNEL.into(),
        input: Input::Line(line.into()),
        files,
        direct_message: false,
        locale: Default::default(),
    };
    let r = handle(app, &inv).await;
    assert!(!r.is_error, "{line} failed: {}", r.markdown);
    r.markdown
}

/// The chain head a channel message shows (`Timeline head `N:HASH``).
fn witnessed_head(message: &str) -> String {
    let start = message
        .find("Timeline head `")
        .map(|i| i + "Timeline head `".len())
        .unwrap_or_else(|| panic!("no chain head in:\n{message}"));
    let len = message[start..].find('`').unwrap();
    message[start..start + len].to_string()
}

/// Records an incident of 11 entries and returns the head shown under its status update
/// (entry #9): open, roles, a note with evidence, a note, two actions (one done), resolve,
/// the update, two more notes.
async fn record_incident(store: Store) -> String {
    let clock = Clock::manual(
        DateTime::parse_from_rfc3339("2024-08-20T14:05:00Z")
            .unwrap()
            .to_utc(),
    );
    let app = app(store, &clock);
    let step = || clock.advance(Duration::minutes(3));
    let announcement = say(
        &app,
        r#"/incident open title:"Payment failures" severity:sev1 services:payment-service started:14:00"#,
        vec![],
    )
    .await;
    assert!(witnessed_head(&announcement).starts_with("1:"));
    step();
    say(&app, "/incident role commander:bob comms:carol", vec![]).await;
    let file = InboundFile {
        name: "e.txt".into(),
        bytes: b"exit code 137".to_vec(),
    };
    say(&app, "/note text:evidence file:e.txt", vec![file]).await;
    say(&app, r#"/note text:"heap limit 2Gi" tag:cause"#, vec![]).await;
    say(
        &app,
        r#"/action add owner:ops due:2024-09-01 text:"alert on OOMKilled""#,
        vec![],
    )
    .await;
    say(
        &app,
        r#"/action add owner:dev due:2024-09-15 text:"set MaxRAMPercentage""#,
        vec![],
    )
    .await;
    say(&app, "/action done id:1", vec![]).await;
    step();
    say(&app, "/incident resolve", vec![]).await;
    let update = say(&app, r#"/status update state:"all pods ready""#, vec![]).await;
    say(&app, r#"/note text:"later finding""#, vec![]).await;
    say(&app, r#"/note text:"last finding""#, vec![]).await;
    witnessed_head(&update)
}

/// Runs raw SQL behind warroom's back.
async fn tamper(store: &Store, statements: &[&'static str]) {
    for sql in statements {
        match store {
            Store::Sqlite(p) => sqlx::query(*sql).execute(p).await.map(|_| ()),
            Store::Postgres(p) => sqlx::query(*sql).execute(p).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// `warroom export` of incident 1: exit status and stderr.
fn export(url: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["export", "--database-url", url, "--incident", "1"])
        .args(extra)
        .env_remove("WARROOM_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Each way to tamper, and the words the export must say.
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "edit an entry",
        &["UPDATE timeline_entries SET summary = 'nothing happened' WHERE seq = 4"],
        &["timeline entry #4", "altered"],
    ),
    (
        "delete an entry",
        &["DELETE FROM timeline_entries WHERE seq = 4"],
        &["timeline entry #5", "removed or reordered"],
    ),
    (
        "reorder two entries",
        &[
            "UPDATE timeline_entries SET seq = -1 WHERE seq = 4",
            "UPDATE timeline_entries SET seq = 4 WHERE seq = 5",
            "UPDATE timeline_entries SET seq = 5 WHERE seq = -1",
        ],
        &["timeline entry #4", "removed or reordered"],
    ),
    (
        "truncate the tail",
        &["DELETE FROM timeline_entries WHERE seq > 9"],
        &[
            "ends at entry #9",
            "recorded head is 11:",
            "entries after #9 were removed",
        ],
    ),
    (
        "edit evidence",
        &["UPDATE evidence SET content = 'exit code 0'"],
        &["evidence \"e.txt\"", "altered"],
    ),
    (
        "edit an incident column",
        &["UPDATE incidents SET resolved_at = opened_at"],
        &[
            "incident #1 column resolved_at was altered",
            "timeline entry #8 says \"2024-08-20T14:11:00Z\"",
        ],
    ),
    (
        "edit the severity",
        &["UPDATE incidents SET severity = 'sev4'"],
        &[
            "incident #1 column severity was altered",
            "\"sev4\"",
            "\"sev1\"",
        ],
    ),
    (
        "edit a role",
        &["UPDATE incidents SET commander = 'mallory'"],
        &["incident #1 column commander was altered", "entry #2"],
    ),
    (
        "edit an action column",
        &["UPDATE action_items SET state = 'open' WHERE id = 1"],
        &[
            "action item #1 column state was altered",
            "timeline entry #7 says \"done\"",
        ],
    ),
    (
        "edit an action's text",
        &["UPDATE action_items SET text = 'nothing to do' WHERE id = 2"],
        &["action item #2 column text was altered", "entry #6"],
    ),
    (
        "delete an action",
        &["DELETE FROM action_items WHERE id = 2"],
        &["the table holds 1 but the timeline records 2"],
    ),
];

#[tokio::test]
async fn every_kind_of_tampering_makes_export_exit_2_and_say_what_is_wrong() {
    for (case, statements, expected) in CASES {
        for db in db::fresh_databases().await {
            let store = db.store().await;
            record_incident(store.clone()).await;
            tamper(&store, statements).await;
            let (code, stderr) = export(&db.url, &[]);
            assert_eq!(code, Some(2), "{} / {case}: {stderr}", db.backend);
            for words in *expected {
                assert!(
                    stderr.contains(words),
                    "{} / {case}: {words:?} missing from: {stderr}",
                    db.backend
                );
            }
        }
    }
}

#[tokio::test]
async fn an_untouched_record_exports_and_matches_the_head_the_channel_showed() {
    for db in db::fresh_databases().await {
        let store = db.store().await;
        let head = record_incident(store.clone()).await;
        assert!(head.starts_with("9:"), "{head}");
        let (code, stderr) = export(&db.url, &["--expect-head", &head]);
        assert_eq!(code, Some(0), "{}: {stderr}", db.backend);
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["export", "--database-url", &db.url, "--incident", "1"])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        for expected in [
            "| Commander | bob |",
            "| alert on OOMKilled | ops | 2024-09-01 | done |",
            "chain head `11:",
        ] {
            assert!(
                report.contains(expected),
                "{}: {expected:?} missing:\n{report}",
                db.backend
            );
        }
    }
}

#[tokio::test]
async fn a_rewritten_tail_passes_alone_but_not_against_the_witnessed_head() {
    for db in db::fresh_databases().await {
        let store = db.store().await;
        let head = record_incident(store.clone()).await;
        // Whoever also moves the recorded head back is caught only by what the channel saw.
        tamper(
            &store,
            &[
                "DELETE FROM timeline_entries WHERE seq >= 9",
                "UPDATE chain_heads SET seq = 8, \
                 hash = (SELECT hash FROM timeline_entries WHERE seq = 8)",
            ],
        )
        .await;
        let (code, stderr) = export(&db.url, &[]);
        assert_eq!(code, Some(0), "{}: {stderr}", db.backend);
        let (code, stderr) = export(&db.url, &["--expect-head", &head]);
        assert_eq!(code, Some(2), "{}: {stderr}", db.backend);
        assert!(
            stderr.contains(&format!("the channel saw head {head}"))
                && stderr.contains("ends at entry #8"),
            "{}: {stderr}",
            db.backend
        );
        let (code, stderr) = export(&db.url, &["--expect-head", "9:00000000"]);
        assert_eq!(code, Some(2), "{}: {stderr}", db.backend);
    }
}

#[tokio::test]
async fn a_malformed_expected_head_is_refused_with_the_expected_shape() {
    let dbs = db::fresh_databases().await;
    let (code, stderr) = export(&dbs[0].url, &["--expect-head", "nine"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("give N:HASH as printed in the channel"),
        "{stderr}"
    );
}

#[tokio::test]
async fn an_entry_with_thousands_of_pieces_of_evidence_keeps_them_all_in_order_and_verifies() {
    // 5,000 rows of 7 values each: more than one statement may bind on SQLite (32,766).
    let evidence: Vec<_> = (0..5_000)
        .map(|i| {
            let content = format!("line {i}");
            warroom::evidence::Recorded::from_stored(
                warroom::evidence::EvidenceKind::CommandOutput,
                format!("evidence {i}"),
                Some(format!("kubectl get pod web-{i}")),
                content.clone(),
                warroom::evidence::sha256_hex(&content),
            )
            .unwrap()
        })
        .collect();
    for db in db::fresh_databases().await {
        let store = db.store().await;
        let entry = warroom::incident::NewEntry {
            channel: CHANNEL.into(),
            incident_id: None,
            at: DateTime::parse_from_rfc3339("2026-11-26T14:35:00Z")
                .unwrap()
                .to_utc(),
            actor: "alice".into(),
            kind: "evidence.add".into(),
            outcome: warroom::incident::Outcome::Ok,
            summary: "attached a long report".into(),
            payload: serde_json::json!({}),
            evidence: evidence.clone(),
        };
        let stored = store.append(&entry).await.unwrap();
        let read = store.entry(CHANNEL, stored.id).await.unwrap().unwrap();
        assert_eq!(read.evidence, evidence, "{}", db.backend);
        let chain = store.channel_chain(CHANNEL, i64::MAX).await.unwrap();
        warroom::store::chain::verify(&chain).unwrap();
    }
}
