//! Reminders are delivered or visibly failed, on SQLite and on PostgreSQL: claimed in the
//! database, posted to a fake Discord that fails and then answers, recorded on the timeline as
//! posted or as "reminder failed: …"; two bots on one database post each reminder once; a
//! console sharing the database leaves the bot's channels alone.

#[path = "support/db.rs"]
mod db;
// `pub`: each test crate uses part of the shared fake, and pub items are not reported unused.
#[path = "support/fake_discord.rs"]
pub mod fake_discord;

use std::sync::Arc;

use axum::http::Method;
use chrono::{DateTime, Duration};
use warroom::app::{App, Clock};
use warroom::chat::console::print_reminders;
use warroom::chat::discord::{Discord, reminders, rest_client};
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

use fake_discord::FakeDiscord;

const APP_ID: u64 = 1248093577216442398;
const CHANNELS: [&str; 3] = [
    "1382358376775811085",
    "1382358376775811086",
    "1382358376775811087",
];

fn clock() -> Clock {
    Clock::manual(
        DateTime::parse_from_rfc3339("2026-11-26T14:05:00Z")
            .unwrap()
            .to_utc(),
    )
}

fn app(store: Store, clock: &Clock) -> App {
    App::test(store, clock.clone())
}

/// A bot on `store` posting to `fake`, retrying after 10 ms, 20 ms, 40 ms.
fn bot(store: Store, clock: &Clock, fake: &FakeDiscord) -> Discord {
    let http = rest_client("test-token", Some(APP_ID), &fake.url);
    Discord::new(Arc::new(app(store, clock)), Arc::new(http))
        .unwrap()
        .with_reminder_backoff(std::time::Duration::from_millis(10))
}

async fn open(app: &App, channel: &str) {
    let inv = Invocation {
        actor: Actor {
            id: "u1".into(),
            name: "alice".into(),
            roles: vec![],
        },
        channel: channel.into(),
        input: Input::Line(
            r#"/incident open title:"Payments down" severity:sev2 services:payment-service"#.into(),
        ),
        files: vec![],
        direct_message: false,
        locale: Default::default(),
    };
    let r = handle(app, &inv).await;
    assert!(!r.is_error, "{}", r.markdown);
}

/// The summaries of the reminder entries on incident 1's timeline.
async fn reminder_entries(app: &App) -> Vec<String> {
    app.store
        .timeline(1)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "status.reminder")
        .map(|e| e.summary)
        .collect()
}

fn posts_to(fake: &FakeDiscord, channel: &str) -> usize {
    fake.matching(&Method::POST, &format!("/channels/{channel}/messages"))
        .len()
}

#[tokio::test]
async fn a_reminder_discord_fails_then_takes_is_posted_once_and_recorded() {
    for db in db::fresh_databases().await {
        let fake = FakeDiscord::start().await;
        let clock = clock();
        let d = bot(db.store().await, &clock, &fake);
        open(&d.app, CHANNELS[0]).await;
        clock.advance(Duration::minutes(61));
        fake.fail_next(&[500, 429, 502]);
        assert_eq!(reminders::post_due(&d).await, 1, "{}", db.backend);
        assert_eq!(
            posts_to(&fake, CHANNELS[0]),
            4,
            "three failures, then the post"
        );
        assert_eq!(
            reminder_entries(&d.app).await,
            ["status update due: reminded the channel"]
        );
        let posted = &fake.matching(&Method::POST, "/messages")[3].json["content"];
        assert!(
            posted.as_str().unwrap().contains("Timeline head `1:"),
            "the reminder shows the chain head: {posted}"
        );
        assert_eq!(reminders::post_due(&d).await, 0, "not posted twice");
        assert!(
            d.metrics
                .render()
                .contains("warroom_reminders_total{result=\"delivered\"} 1"),
            "{}",
            d.metrics.render()
        );
        d.app
            .store
            .verify_incident_chain(&d.app.store.incident(1).await.unwrap())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_reminder_discord_keeps_refusing_is_recorded_as_failed() {
    for db in db::fresh_databases().await {
        let fake = FakeDiscord::start().await;
        let clock = clock();
        let d = bot(db.store().await, &clock, &fake);
        open(&d.app, CHANNELS[0]).await;
        clock.advance(Duration::minutes(61));
        fake.fail_next(&[503, 503, 503, 503]);
        assert_eq!(reminders::post_due(&d).await, 0, "{}", db.backend);
        assert_eq!(posts_to(&fake, CHANNELS[0]), 4, "four attempts");
        let entries = reminder_entries(&d.app).await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert!(
            entries[0].starts_with("reminder failed: Discord answered 503")
                && entries[0].ends_with("gave up after 4 attempts"),
            "{}",
            entries[0]
        );
        assert!(
            d.metrics
                .render()
                .contains("warroom_reminders_total{result=\"failed\"} 1")
        );
        // A refusal that retrying cannot fix is not retried.
        clock.advance(Duration::minutes(61));
        fake.fail_next(&[403]);
        assert_eq!(reminders::post_due(&d).await, 0);
        assert_eq!(posts_to(&fake, CHANNELS[0]), 5, "one attempt");
        let entries = reminder_entries(&d.app).await;
        assert!(
            entries[1].starts_with("reminder failed: Discord answered 403"),
            "{entries:?}"
        );
        // The next one, due a cadence later, goes out.
        clock.advance(Duration::minutes(61));
        assert_eq!(reminders::post_due(&d).await, 1);
    }
}

#[tokio::test]
async fn two_bots_on_one_database_post_each_due_reminder_once() {
    for db in db::fresh_databases().await {
        let fake = FakeDiscord::start().await;
        let clock = clock();
        let a = bot(db.store().await, &clock, &fake);
        let b = bot(db.store().await, &clock, &fake);
        for channel in CHANNELS {
            open(&a.app, channel).await;
        }
        clock.advance(Duration::minutes(61));
        fake.fail_next(&[500]);
        let (x, y) = tokio::join!(reminders::post_due(&a), reminders::post_due(&b));
        assert_eq!(x + y, 3, "{}: {x} + {y}", db.backend);
        for channel in CHANNELS {
            let ok = fake
                .matching(&Method::POST, &format!("/channels/{channel}/messages"))
                .len();
            assert!(
                (1..=2).contains(&ok),
                "{channel}: {ok} posts (one, plus one failed attempt at most)"
            );
        }
        let (x, y) = tokio::join!(reminders::post_due(&a), reminders::post_due(&b));
        assert_eq!(x + y, 0);
    }
}

#[tokio::test]
async fn a_console_on_the_bots_database_leaves_the_bots_reminders_alone() {
    for db in db::fresh_databases().await {
        let fake = FakeDiscord::start().await;
        let clock = clock();
        let d = bot(db.store().await, &clock, &fake);
        let console = app(db.store().await, &clock);
        open(&d.app, CHANNELS[0]).await;
        open(&console, "ops").await;
        clock.advance(Duration::minutes(61));
        let mut printed = Vec::new();
        print_reminders(&console, "ops", &mut printed)
            .await
            .unwrap();
        let printed = String::from_utf8(printed).unwrap();
        assert_eq!(
            printed.matches("Status update due").count(),
            1,
            "{}: {printed}",
            db.backend
        );
        assert_eq!(reminders::post_due(&d).await, 1, "the bot's own reminder");
        assert_eq!(posts_to(&fake, CHANNELS[0]), 1);
        assert!(
            fake.matching(&Method::POST, "/channels/ops/messages")
                .is_empty(),
            "the bot never claims a console channel"
        );
    }
}
