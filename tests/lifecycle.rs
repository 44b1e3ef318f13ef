//! The incident lifecycle through the command handlers, on SQLite and on PostgreSQL: every
//! command's happy path and bad input, reminders across restarts, the hash chain, the postmortem.

#[path = "support/db.rs"]
mod db;

use chrono::{DateTime, Duration, Utc};
use warroom::app::{App, Clock};
use warroom::handlers::handle;
use warroom::incident::health::HealthSample;
use warroom::incident::{NewEntry, Outcome};
use warroom::invocation::{Actor, InboundFile, Input, Invocation, LocaleHints};
use warroom::render::{Locale, Renderer, Reply};
use warroom::scheduler::{Channels, Notice, claim_due, record};
use warroom::store::{Store, StoreError};

const CHANNEL: &str = "incident-payments";

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-08-20T14:05:00Z")
        .unwrap()
        .to_utc()
}

fn app(store: Store, clock: &Clock) -> App {
    App::test(store, clock.clone())
}

fn inv(line: &str, files: Vec<InboundFile>) -> Invocation {
    Invocation {
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
    }
}

async fn say(app: &App, line: &str) -> Reply {
    handle(app, &inv(line, vec![])).await
}

async fn ok(app: &App, line: &str) -> String {
    let r = say(app, line).await;
    assert!(!r.is_error, "{line} failed: {}", r.markdown);
    r.markdown
}

async fn count(store: &Store, table: &str) -> i64 {
    let sql = match table {
        "incidents" => "SELECT COUNT(*) FROM incidents",
        "timeline_entries" => "SELECT COUNT(*) FROM timeline_entries",
        "action_items" => "SELECT COUNT(*) FROM action_items",
        "evidence" => "SELECT COUNT(*) FROM evidence",
        _ => panic!("unknown table {table}"),
    };
    match store {
        Store::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Store::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

/// Claims, "posts" and records the reminders due now in `CHANNEL`, as the console does.
async fn due_notices(app: &App) -> Result<Vec<Notice>, StoreError> {
    let mut posted = Vec::new();
    for c in claim_due(app, Channels::One(CHANNEL)).await? {
        record(app, &c, &Ok(())).await?;
        posted.push(c.notice);
    }
    Ok(posted)
}

/// A note with a file attached as evidence.
async fn note_with_evidence(app: &App) {
    let files = vec![InboundFile {
        name: "e.txt".into(),
        bytes: b"exit code 137".to_vec(),
    }];
    let r = handle(app, &inv("/note text:evidence file:e.txt", files)).await;
    assert!(!r.is_error, "{}", r.markdown);
}

/// Runs raw SQL behind the store's back (to tamper with stored rows).
async fn execute(store: &Store, sql: &'static str) {
    match store {
        Store::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()).unwrap(),
        Store::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()).unwrap(),
    }
}

const OPEN: &str = r#"/incident open title:"Payment failures" severity:sev1 services:payment-service,order-service teams:ops,dev,network,storage started:14:00"#;

#[tokio::test]
async fn a_whole_incident_runs_from_open_to_postmortem() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let app = app(db.store().await, &clock);
        let announcement = ok(&app, OPEN).await;
        for expected in [
            "Incident announcement — 2024-08-20 14:05 UTC",
            "@ops @dev @network @storage",
            "[storage] Check the storage cluster (`ceph -s`",
            "Every conclusion needs a log excerpt or command output",
            "Non-urgent requests go to the ticket system",
            "`payment-service`, `order-service`",
        ] {
            assert!(
                announcement.contains(expected),
                "{}: announcement lacks {expected:?}:\n{announcement}",
                db.backend
            );
        }
        ok(&app, "/incident role commander:@alice comms:@bob").await;
        let note = handle(
            &app,
            &inv(
                r#"/note text:"exit 137 on every pod" file:describe.txt"#,
                vec![InboundFile { name: "describe.txt".into(), bytes: b"Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137\nDB password=hunter2\n".to_vec() }],
            ),
        )
        .await;
        assert!(
            note.markdown.contains("with evidence describe.txt"),
            "{}",
            note.markdown
        );
        clock.advance(Duration::minutes(55));
        let update = ok(&app, r#"/status update state:"25 of 32 pods recovered" done:"[storage] OSD.12 replaced; [ops] PVC expanded to 100Gi" next:"all pods by 16:00" risks:"node-5 memory high""#).await;
        for expected in [
            "Progress update — 2024-08-20 15:00 UTC",
            "**Current state**",
            "1. \\[storage\\] OSD.12 replaced",
            "2. \\[ops\\] PVC expanded",
            "**Next steps**",
            "**Residual risks**",
            "- node-5 memory high",
            "Next update due 2024-08-20 16:00 UTC",
        ] {
            assert!(
                update.contains(expected),
                "{}: update lacks {expected:?}:\n{update}",
                db.backend
            );
        }
        ok(&app, "/status cadence every:30m").await;
        ok(&app, r#"/action add owner:"storage team" due:2024-08-25 text:"Deploy Ceph OSD health monitoring""#).await;
        ok(
            &app,
            r#"/action add owner:"ops team" due:2024-08-23 text:"Enable PVC auto-expansion""#,
        )
        .await;
        ok(&app, "/action done id:2").await;
        ok(
            &app,
            r#"/note text:"Ceph OSD.12 disk failure miscalculated capacity" tag:cause"#,
        )
        .await;
        ok(
            &app,
            r#"/note text:"No OSD-level capacity monitoring" tag:deeper-cause"#,
        )
        .await;
        ok(
            &app,
            r#"/note text:"Alerts fired on availability" tag:went-well"#,
        )
        .await;
        clock.advance(Duration::minutes(30));
        assert!(
            ok(&app, "/incident mitigated")
                .await
                .contains("mitigated at 2024-08-20 15:30 UTC")
        );
        clock.advance(Duration::minutes(17));
        let resolved = ok(&app, "/incident resolve").await;
        assert!(
            resolved.contains("14:00–15:47 UTC (1 h 47 min)"),
            "{resolved}"
        );
        let early = say(&app, "/incident mitigated").await;
        assert!(
            early.is_error && early.markdown.contains("already resolved"),
            "{}",
            early.markdown
        );
        ok(&app, "/incident close").await;
        let twice = say(&app, "/incident close").await;
        assert!(
            twice.is_error && twice.markdown.contains("already closed"),
            "{}",
            twice.markdown
        );
        let timeline_len = count(&app.store, "timeline_entries").await;
        let pm = say(&app, "/postmortem").await;
        assert!(!pm.is_error, "{}", pm.markdown);
        let report = String::from_utf8(pm.files[0].bytes.clone()).unwrap();
        for expected in [
            "# Postmortem — Payment failures (2024-08-20)",
            "| Impact window | 14:00–15:47 UTC (1 h 47 min) |",
            "## Summary",
            "## Impact",
            "## Root causes",
            "**Direct cause**",
            "- Ceph OSD.12 disk failure miscalculated capacity",
            "**Deeper causes**",
            "- No OSD-level capacity monitoring",
            "## Trigger",
            "## Detection",
            "## Resolution",
            "## Improvement items",
            "| Measure | Owner | Due | State |",
            "| Deploy Ceph OSD health monitoring | storage team | 2024-08-25 | open |",
            "| Enable PVC auto-expansion | ops team | 2024-08-23 | done |",
            "## Lessons learned",
            "**What went well**",
            "**What went wrong**",
            "**Where we got lucky**",
            "## Timeline",
            "Evidence: describe.txt",
            "Reason: OOMKilled",
            "DB password=[REDACTED]",
            "hash chain verified",
        ] {
            assert!(
                report.contains(expected),
                "{}: postmortem lacks {expected:?}:\n{report}",
                db.backend
            );
        }
        assert!(
            !report.contains("hunter2"),
            "a secret reached the postmortem"
        );
        assert_eq!(
            count(&app.store, "timeline_entries").await,
            timeline_len + 1,
            "/postmortem is recorded too"
        );
        assert_eq!(count(&app.store, "evidence").await, 1);
    }
}

#[tokio::test]
async fn bad_input_is_refused_and_only_the_failed_command_is_recorded() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let app = app(db.store().await, &clock);
        let needs_incident = say(&app, r#"/status update state:"x""#).await;
        assert!(
            needs_incident.is_error
                && needs_incident
                    .markdown
                    .contains("open one with /incident open"),
            "{}",
            needs_incident.markdown
        );
        ok(&app, OPEN).await;
        let cases: &[(&str, &str)] = &[
            (
                "/incident open title:x severity:sev9 services:a",
                "expected sev1, sev2, sev3 or sev4",
            ),
            (OPEN, "already has an open incident"),
            ("/incident close", "only be closed once it is resolved"),
            ("/status cadence every:3", "5 to 1440 minutes"),
            ("/note", "missing option text:"),
            (
                "/note text:x file:missing.log",
                "no attachment named \"missing.log\"",
            ),
            ("/note text:x tag:blame", "expected one of cause"),
            ("/action add owner:ops due:tomorrow text:x", "YYYY-MM-DD"),
            ("/action done id:99", "has no improvement item 99"),
            ("/timeline last:500", "from 1 to 200"),
            ("/incident role", "give commander: or comms:"),
            ("/frobnicate", "unknown command /frobnicate"),
            ("/triage service:Bad_Name", "not a valid Kubernetes name"),
        ];
        for (line, expected) in cases {
            let before = (
                count(&app.store, "incidents").await,
                count(&app.store, "action_items").await,
                count(&app.store, "timeline_entries").await,
            );
            let r = say(&app, line).await;
            assert!(r.is_error && r.ephemeral, "{line} should fail");
            assert!(
                r.markdown.contains(expected),
                "{}: {line}: {:?} lacks {expected:?}",
                db.backend,
                r.markdown
            );
            let after = (
                count(&app.store, "incidents").await,
                count(&app.store, "action_items").await,
                count(&app.store, "timeline_entries").await,
            );
            assert_eq!(
                (before.0, before.1, before.2 + 1),
                after,
                "{line}: only the failed-command entry may be stored"
            );
            let incident = app.store.active_incident(CHANNEL).await.unwrap().unwrap();
            let last = app
                .store
                .timeline(incident.id)
                .await
                .unwrap()
                .pop()
                .unwrap();
            assert_eq!(last.outcome.as_str(), "error", "{line}");
        }
        let incident = app.store.active_incident(CHANNEL).await.unwrap().unwrap();
        assert_eq!(incident.state.as_str(), "open");
        app.store.verify_incident_chain(&incident).await.unwrap();
    }
}

#[tokio::test]
async fn reminders_resume_after_a_restart_and_are_posted_once() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        {
            let first = app(db.store().await, &clock);
            ok(&first, OPEN).await;
            clock.advance(Duration::minutes(59));
            assert!(
                due_notices(&first).await.unwrap().is_empty(),
                "not due before the hour"
            );
        }
        clock.advance(Duration::minutes(2));
        let restarted = app(db.store().await, &clock);
        let other_replica = app(db.store().await, &clock);
        let notices = due_notices(&restarted).await.unwrap();
        assert_eq!(
            notices.len(),
            1,
            "{}: the due reminder survives the restart",
            db.backend
        );
        assert!(
            notices[0].markdown.contains("Status update due"),
            "{}",
            notices[0].markdown
        );
        assert!(
            notices[0]
                .markdown
                .contains("No update has been posted yet")
        );
        assert!(
            due_notices(&restarted).await.unwrap().is_empty(),
            "posted once"
        );
        assert!(
            due_notices(&other_replica).await.unwrap().is_empty(),
            "another replica does not repeat it"
        );
        clock.advance(Duration::minutes(30));
        ok(&restarted, r#"/status update state:"recovering""#).await;
        clock.advance(Duration::minutes(59));
        assert!(
            due_notices(&restarted).await.unwrap().is_empty(),
            "an update resets the clock"
        );
        clock.advance(Duration::minutes(2));
        let again = due_notices(&other_replica).await.unwrap();
        assert_eq!(again.len(), 1);
        assert!(
            again[0]
                .markdown
                .contains("The last update was posted 2024-08-20 15:36 UTC"),
            "{}",
            again[0].markdown
        );
        ok(&restarted, "/incident resolve").await;
        ok(&restarted, "/incident close").await;
        clock.advance(Duration::hours(3));
        assert!(
            due_notices(&restarted).await.unwrap().is_empty(),
            "closed incidents are not reminded"
        );
    }
}

#[tokio::test]
async fn concurrent_replicas_claim_a_due_reminder_once() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let a = app(db.store().await, &clock);
        ok(&a, OPEN).await;
        clock.advance(Duration::minutes(61));
        let replicas: Vec<App> =
            futures::future::join_all((0..4).map(|_| async { app(db.store().await, &clock) }))
                .await;
        let posted: usize = futures::future::join_all(replicas.iter().map(due_notices))
            .await
            .into_iter()
            .map(|r| r.unwrap().len())
            .sum();
        assert_eq!(posted, 1, "{}: four replicas, one reminder", db.backend);
    }
}

#[tokio::test]
async fn tampering_with_a_stored_row_breaks_the_chain() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let app = app(db.store().await, &clock);
        ok(&app, OPEN).await;
        ok(&app, r#"/note text:"first finding""#).await;
        note_with_evidence(&app).await;
        ok(&app, r#"/note text:"third finding""#).await;
        let incident = app.store.active_incident(CHANNEL).await.unwrap().unwrap();
        app.store.verify_incident_chain(&incident).await.unwrap();
        let edit = "UPDATE timeline_entries SET summary = 'nothing happened' WHERE seq = 2";
        execute(&app.store, edit).await;
        let broken = app
            .store
            .verify_incident_chain(&incident)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            broken.contains("timeline entry #2") && broken.contains("altered"),
            "{}: {broken}",
            db.backend
        );
        let pm = say(&app, "/postmortem").await;
        assert!(
            pm.is_error && pm.markdown.contains("integrity check"),
            "{}",
            pm.markdown
        );
    }
}

/// A triage recorded with a sample: the workload's health at `at`.
fn triage_record(at: DateTime<Utc>, stale_incident: Option<i64>) -> (NewEntry, HealthSample) {
    let entry = NewEntry {
        channel: CHANNEL.into(),
        incident_id: stale_incident,
        at,
        actor: "alice".into(),
        kind: "triage".into(),
        outcome: Outcome::Ok,
        summary: "payment-service: 15 pods in CrashLoopBackOff".into(),
        payload: serde_json::json!({}),
        evidence: Vec::new(),
    };
    let sample = HealthSample {
        at,
        service: "payment-service".into(),
        namespace: Some("production".into()),
        cluster: "default".into(),
        ready: 0,
        failing: 15,
        total: 15,
        restarts: 120,
        top_reason: Some("CrashLoopBackOff".into()),
    };
    (entry, sample)
}

#[tokio::test]
async fn a_triage_is_recorded_on_the_incident_open_when_it_is_recorded() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let app = app(db.store().await, &clock);
        ok(&app, OPEN).await;
        let open = app.store.active_incident(CHANNEL).await.unwrap().unwrap();
        let (entry, sample) = triage_record(start(), None);
        let (stored, on) = app
            .store
            .append_triage(&entry, Some(&sample))
            .await
            .unwrap();
        assert_eq!(on.map(|i| i.id), Some(open.id), "{}", db.backend);
        assert_eq!(stored.incident_id, Some(open.id), "{}", db.backend);
        assert_eq!(stored.payload["health"]["failing"], 15, "{}", db.backend);
        assert_eq!(app.store.samples(open.id).await.unwrap().len(), 1);

        ok(&app, "/incident mitigated").await;
        ok(&app, "/incident resolve").await;
        ok(&app, "/incident close").await;
        // Prepared while the incident was open, recorded after it closed: on no incident.
        let (entry, sample) = triage_record(start(), Some(open.id));
        let (stored, on) = app
            .store
            .append_triage(&entry, Some(&sample))
            .await
            .unwrap();
        assert!(on.is_none(), "{}", db.backend);
        assert_eq!(stored.incident_id, None, "{}", db.backend);
        assert!(stored.payload.get("health").is_none(), "{}", db.backend);
        assert_eq!(app.store.samples(open.id).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn altered_evidence_is_detected() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let app = app(db.store().await, &clock);
        ok(&app, OPEN).await;
        note_with_evidence(&app).await;
        let edit = "UPDATE evidence SET content = 'exit code 0'";
        execute(&app.store, edit).await;
        let incident = app.store.active_incident(CHANNEL).await.unwrap().unwrap();
        let broken = app
            .store
            .verify_incident_chain(&incident)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            broken.contains("evidence \"e.txt\"") && broken.contains("altered"),
            "{}: {broken}",
            db.backend
        );
    }
}

#[tokio::test]
async fn the_zh_cn_templates_read_like_the_seed() {
    let dbs = db::fresh_databases().await;
    let clock = Clock::manual(start());
    let app = App {
        renderer: Renderer::new(Locale::ZhCn, None).unwrap(),
        ..app(dbs[0].store().await, &clock)
    };
    let a = ok(&app, OPEN).await;
    for expected in [
        "【故障通告 - 2024-08-20 14:05 UTC】",
        "**现象**",
        "**紧急行动项**",
        "所有结论需附带日志片段或命令输出",
        "非紧急问题请通过工单系统提交",
        "_时间线链头 `1:",
    ] {
        assert!(a.contains(expected), "{expected:?} missing:\n{a}");
    }
    let u = ok(
        &app,
        r#"/status update state:"已恢复25个Pod" risks:"node-5内存偏高""#,
    )
    .await;
    for expected in [
        "【故障处理进展",
        "**当前状态**",
        "**行动记录**",
        "**后续计划**",
        "**遗留风险**",
        "_时间线链头 `2:",
    ] {
        assert!(u.contains(expected), "{expected:?} missing:\n{u}");
    }
    clock.advance(Duration::minutes(102));
    ok(&app, "/incident resolve").await;
    let pm = say(&app, "/postmortem").await;
    let report = String::from_utf8(pm.files[0].bytes.clone()).unwrap();
    for expected in [
        "# 故障复盘报告 - 2024-08-20",
        "14:00-15:47 UTC（总1小时47分钟）",
        "## 根本原因",
        "## 改进项",
        "| 改进措施 | 负责人 | 截止日期 | 状态 |",
        "## 经验沉淀",
    ] {
        assert!(report.contains(expected), "{expected:?} missing:\n{report}");
    }
}

#[tokio::test]
async fn a_zh_cn_channel_reads_replies_errors_help_and_its_records_in_chinese() {
    let dbs = db::fresh_databases().await;
    let clock = Clock::manual(start());
    let app = App {
        renderer: Renderer::new(Locale::ZhCn, None).unwrap(),
        ..app(dbs[0].store().await, &clock)
    };
    let none = say(&app, "/incident mitigated").await;
    assert!(none.is_error);
    assert_eq!(
        none.markdown,
        "⚠️ 本频道当前没有进行中的故障：请先用 /incident open title:<标题> severity:<sev1-4> services:<a,b> 发起故障通告"
    );
    let opened = say(&app, OPEN).await;
    assert_eq!(opened.cards[0].title, "故障 #1 · Payment failures");
    let again = say(&app, OPEN).await;
    assert_eq!(
        again.markdown,
        "⚠️ 本频道已有进行中的故障：#1「Payment failures」（处理中）。请先恢复并关闭它，再发起新的故障"
    );
    let roles = ok(&app, "/incident role commander:bob_ops comms:carol").await;
    assert_eq!(roles, "故障 #1 角色已指定：指挥：bob\\_ops，通讯：carol");
    let early = say(&app, "/incident close").await;
    assert_eq!(
        early.markdown,
        "⚠️ 该故障当前为「处理中」：恢复之后才能关闭（请先执行 /incident resolve），未做任何变更"
    );
    // A user whose own client is English reads their error in English; the channel's record
    // of it is Chinese, as the rest of the channel's record is.
    let english_user = Invocation {
        locale: LocaleHints {
            guild: None,
            user: Some(Locale::En),
        },
        ..inv("/action done id:7", vec![])
    };
    let refused = handle(&app, &english_user).await;
    assert_eq!(
        refused.markdown,
        "⚠️ incident #1 has no improvement item 7: see /postmortem or /timeline for the list"
    );
    ok(&app, r#"/note text:"Ceph OSD.12 磁盘故障" tag:trigger"#).await;
    ok(&app, "/note text:\"已核对监控面板\"").await;
    ok(
        &app,
        r#"/action add owner:"存储团队" due:2026-12-01 text:"部署 Ceph OSD 健康监控""#,
    )
    .await;
    ok(&app, "/action done id:1").await;
    ok(&app, "/status cadence every:30").await;
    ok(&app, "/timeline last:5").await;
    clock.advance(Duration::minutes(102));
    let resolved = ok(&app, "/incident resolve").await;
    assert_eq!(
        resolved,
        "✅ 故障 #1 已于 2024-08-20 15:47 UTC 恢复。影响时间窗：14:00-15:47 UTC（总1小时47分钟）。"
    );
    let help = ok(&app, "/help").await;
    assert!(help.starts_with("**warroom 命令**\n"), "{help}");
    assert!(
        help.contains("— 只读诊断一个工作负载并给出根因排序；logs:current 附加一个就绪 Pod 的当前日志\n  例如 `/triage service:payment-service namespace:production`"),
        "{help}"
    );
    let incident = app.store.latest_incident(CHANNEL).await.unwrap().unwrap();
    let summaries: Vec<String> = app
        .store
        .timeline(incident.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "发起了故障「Payment failures」（sev1）",
            "本频道已有进行中的故障：#1「Payment failures」（处理中）。请先恢复并关闭它，再发起新的故障",
            "角色已指定：指挥：bob_ops，通讯：carol",
            "该故障当前为「处理中」：恢复之后才能关闭（请先执行 /incident resolve），未做任何变更",
            "故障 #1 没有编号为 7 的改进措施：请在 /postmortem 或 /timeline 中查看列表",
            "【触发因素】Ceph OSD.12 磁盘故障",
            "已核对监控面板",
            "改进措施：部署 Ceph OSD 健康监控 —— 存储团队，2026-12-01 前完成",
            "改进措施 1 已完成",
            "故障处理进展改为每 30 分钟发布一次",
            "查看了最近 5 条时间线记录",
            "故障已恢复",
            "查看了命令列表",
        ]
    );
    let pm = say(&app, "/postmortem").await;
    let report = String::from_utf8(pm.files[0].bytes.clone()).unwrap();
    let timeline = report
        .split_once("## 时间线")
        .and_then(|(_, rest)| rest.split_once("\n---\n"))
        .map(|(section, _)| section)
        .unwrap_or_else(|| panic!("no timeline section in\n{report}"));
    assert!(
        timeline.contains("`postmortem` — 导出了故障复盘报告"),
        "{timeline}"
    );
    assert_eq!(
        warroom::i18n::english_runs(timeline),
        Vec::<String>::new(),
        "{timeline}"
    );
}

#[tokio::test]
async fn concurrent_commands_in_one_channel_all_land_on_one_unbroken_chain() {
    for db in db::fresh_databases().await {
        let clock = Clock::manual(start());
        let first = app(db.store().await, &clock);
        ok(&first, OPEN).await;
        let replicas: Vec<App> =
            futures::future::join_all((0..3).map(|_| async { app(db.store().await, &clock) }))
                .await;
        let notes: Vec<String> = (0..24)
            .map(|i| format!("/note text:\"finding {i}\""))
            .collect();
        let replies = futures::future::join_all(
            notes
                .iter()
                .enumerate()
                .map(|(i, line)| say(&replicas[i % replicas.len()], line)),
        )
        .await;
        for r in &replies {
            assert!(!r.is_error, "{}: {}", db.backend, r.markdown);
        }
        let incident = first.store.active_incident(CHANNEL).await.unwrap().unwrap();
        first.store.verify_incident_chain(&incident).await.unwrap();
        assert_eq!(first.store.timeline(incident.id).await.unwrap().len(), 25);
    }
}
