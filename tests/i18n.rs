//! Every reader in their own language: the console of a zh-CN operator (a mistyped command, a
//! refusal by the access policy, a drafted progress update, an alert fed by hand) and the same
//! process answering an English channel in English.

use chrono::{DateTime, Duration};
use warroom::alerts::{AlertsConfig, Routes, Triages};
use warroom::app::{App, Clock};
use warroom::chat::console::{ConsoleIdentity, answer};
use warroom::config::FileConfig;
use warroom::render::{Locale, Renderer};
use warroom::store::Store;

const POLICY: &str = "[[policy.rules]]\nusers = [\"alice\"]\ncommands = [\"incident-commands\"]\n";

/// A zh-CN app on a temporary database whose policy lets alice run incident commands only.
async fn app(dir: &tempfile::TempDir, clock: &Clock) -> App {
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    let policy = FileConfig::parse(POLICY).unwrap().policy;
    App {
        renderer: Renderer::new(Locale::ZhCn, None).unwrap(),
        policy: Some(warroom::access::Policy::from_config(&policy).unwrap()),
        ..App::test(Store::connect(&db).await.unwrap(), clock.clone())
    }
}

/// What the console prints for `line` typed by alice in `channel`.
async fn say(app: &App, channel: &str, line: &str) -> String {
    let identity = ConsoleIdentity {
        name: "alice".into(),
        channel: channel.into(),
    };
    let routes = Routes::new(&AlertsConfig::default()).unwrap();
    let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
    answer(app, &identity, (&routes, &triages), line)
        .await
        .markdown
}

#[tokio::test]
async fn a_chinese_console_reads_mistakes_refusals_drafts_and_alert_cards_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let start = DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z").unwrap();
    let clock = Clock::manual(start.to_utc());
    let app = app(&dir, &clock).await;
    let mistyped = say(&app, "console", "/incdent open title:x").await;
    assert_eq!(
        mistyped,
        "⚠️ 没有 /incdent 这个命令：输入 /help 查看命令列表\n    /incdent open title:x\n    ^^^^^^^^"
    );
    let bad = say(
        &app,
        "console",
        "/incident open title:磁盘写满 severity:sev9 services:payment-service",
    )
    .await;
    assert!(
        bad.starts_with("⚠️ 选项 severity: 应为 sev1、sev2、sev3 或 sev4，实际是 \"sev9\"\n"),
        "{bad}"
    );
    assert!(bad.contains("\n用法：/incident open title:"), "{bad}");
    let refused = say(&app, "console", "/triage overview").await;
    assert_eq!(
        refused,
        "🚫 你无权执行 /triage：包含你的策略规则（用户 alice，无角色）只授权了 incident-commands。\
         请联系管理员在包含你的某条 [[policy.rules]] 的 commands 中加入 \"triage\"。"
    );
    let opened = say(
        &app,
        "console",
        "/incident open title:磁盘写满 severity:sev2 services:payment-service",
    )
    .await;
    assert!(
        opened.contains("【故障通告 - 2026-11-26 18:00 UTC】"),
        "{opened}"
    );
    clock.advance(Duration::minutes(5));
    let path = format!(
        "{}/tests/fixtures/alerts/firing.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let card = say(&app, "console", &format!("/alert file:{path}")).await;
    assert!(
        card.starts_with("**🔥 告警中 · PaymentServiceAvailability**\n"),
        "{card}"
    );
    for field in [
        "- **级别**: critical",
        "- **开始时间**: ",
        "- **告警**: 共 1 条，1 条告警中",
        "- **标签**: ",
        "- **诊断**: 未执行：未配置任何集群",
    ] {
        assert!(card.contains(field), "{field:?} not in {card}");
    }
    clock.advance(Duration::minutes(5));
    let draft = say(&app, "console", "/status update").await;
    assert!(
        draft.starts_with(
            "📝 故障 #1 的故障处理进展草稿，根据自故障通告（2026-11-26 18:00 UTC）以来的变化生成。修改后发送：\n"
        ),
        "{draft}"
    );
    assert!(
        draft.contains("/status update state:\"告警 PaymentServiceAvailability 于 "),
        "{draft}"
    );
    assert!(draft.contains(" 触发\""), "{draft}");
    assert_eq!(
        say(&app, "console", "/note text:\"Ceph 存储卷写满\" tag:cause").await,
        "📝 已记入故障 #1：【根因】Ceph 存储卷写满"
    );
    assert_eq!(
        say(
            &app,
            "console",
            "/action add owner:运维组 due:2026-11-29 text:开启PVC自动扩容"
        )
        .await,
        "📌 故障 #1 的改进措施 1：开启PVC自动扩容 —— 运维组，2026-11-29 前完成"
    );
    let cadence = say(&app, "console", "/status cadence every:30m").await;
    assert_eq!(
        cadence,
        "⏰ 故障 #1：每 30 分钟提醒一次发布故障处理进展；下次提醒在 2026-11-26 18:40 UTC。"
    );
    // The channel's record is in its language too (what users typed stays as typed).
    let incident = app.store.latest_incident("console").await.unwrap().unwrap();
    let records: Vec<String> = app
        .store
        .timeline(incident.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.summary)
        .collect();
    assert_eq!(
        records,
        [
            "发起了故障「磁盘写满」（sev2）",
            "PaymentServiceAvailability 告警中：payment-service availability 83.5% (SLO 99.99%)",
            "根据自故障通告（2026-11-26 18:00 UTC）以来的变化起草了故障处理进展",
            "【根因】Ceph 存储卷写满",
            "改进措施：开启PVC自动扩容 —— 运维组，2026-11-29 前完成",
            "故障处理进展改为每 30 分钟发布一次",
        ]
    );
}

#[tokio::test]
async fn one_process_answers_each_channel_in_its_configured_language() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(
        DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z")
            .unwrap()
            .to_utc(),
    );
    let app = app(&dir, &clock).await;
    let app = App {
        settings: warroom::app::Settings {
            locales: warroom::app::PlaceLocales {
                server: None,
                channels: [("english".to_string(), Locale::En)].into(),
            },
            ..app.settings
        },
        ..app
    };
    let english = say(
        &app,
        "english",
        "/incident open title:x severity:sev9 services:a",
    )
    .await;
    assert!(
        english
            .starts_with("⚠️ option severity: expected sev1, sev2, sev3 or sev4, found \"sev9\"\n"),
        "{english}"
    );
    assert!(english.contains("\nusage: /incident open"), "{english}");
    let chinese = say(
        &app,
        "console",
        "/incident open title:x severity:sev9 services:a",
    )
    .await;
    assert!(chinese.starts_with("⚠️ 选项 severity: "), "{chinese}");
    let refused = say(&app, "english", "/logs pod:web-1").await;
    assert!(
        refused.starts_with("🚫 you may not run /logs: the policy rules that name you (user alice, no roles) grant only incident-commands."),
        "{refused}"
    );
    // Each channel's record of what was refused is in that channel's language.
    let records = |channel| {
        let store = &app.store;
        async move {
            let chain = store.channel_chain(channel, i64::MAX).await.unwrap();
            chain.into_iter().map(|e| e.summary).collect::<Vec<_>>()
        }
    };
    let english_records = records("english").await;
    assert_eq!(english_records.len(), 2, "{english_records:#?}");
    assert!(
        english_records[0].starts_with("option severity: expected sev1, sev2, sev3 or sev4"),
        "{english_records:#?}"
    );
    assert_eq!(english_records[1], refused.trim_start_matches("🚫 "));
    let chinese_records = records("console").await;
    assert_eq!(chinese_records.len(), 1, "{chinese_records:#?}");
    assert!(
        chinese_records[0].starts_with("选项 severity: 应为 sev1、sev2、sev3 或 sev4"),
        "{chinese_records:#?}"
    );
}
