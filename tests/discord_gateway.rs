//! Gateway mode without a gateway: fixture interactions deserialized into serenity's
//! `Interaction` go through the gateway handler's code path (first response over REST, then
//! the edit), and command registration reaches the fake Discord's REST routes.

#[path = "support/fake_discord.rs"]
pub mod fake_discord;

use std::sync::Arc;

use axum::http::Method;
use serde_json::Value;
use serenity::all::{GuildId, Interaction};
use warroom::app::{App, Clock};
use warroom::chat::discord::gateway::handle_interaction;
use warroom::chat::discord::{Discord, register, rest_client};
use warroom::command::USAGE;
use warroom::i18n::Catalog;
use warroom::store::Store;

use fake_discord::FakeDiscord;

const APP_ID: u64 = 1248093577216442398;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/discord/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn interaction(v: &Value) -> Interaction {
    serde_json::from_value(v.clone()).unwrap()
}

async fn discord(fake: &FakeDiscord) -> (Arc<Discord>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    let app = App::test(Store::connect(&db).await.unwrap(), Clock::System);
    let http = rest_client("test-token", None, &fake.url);
    (
        Arc::new(Discord::new(Arc::new(app), Arc::new(http)).unwrap()),
        dir,
    )
}

#[tokio::test]
async fn a_command_is_deferred_over_rest_then_the_reply_edited_in_and_pinned() {
    let fake = FakeDiscord::start().await;
    let (d, _db) = discord(&fake).await;
    let payload = fixture("cmd_incident_open.json");
    d.http.set_application_id(APP_ID.into());
    handle_interaction(&d, interaction(&payload)).await;
    let (id, token) = (
        payload["id"].as_str().unwrap(),
        payload["token"].as_str().unwrap(),
    );
    let requests = fake.requests();
    let paths: Vec<_> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        [
            format!("POST /api/v10/interactions/{id}/{token}/callback"),
            format!("PATCH /api/v10/webhooks/{APP_ID}/{token}/messages/@original"),
            "PUT /api/v10/channels/1/pins/1382371295232131102".to_string(),
        ]
    );
    assert_eq!(requests[0].json["type"], 5);
    assert!(
        requests[1]
            .json
            .to_string()
            .contains("Checkout payments failing with 502s")
    );
}

#[tokio::test]
async fn buttons_take_the_same_path_as_http() {
    let fake = FakeDiscord::start().await;
    let (d, _db) = discord(&fake).await;
    d.http.set_application_id(APP_ID.into());

    let mut click = fixture("component_button.json");
    click["data"]["custom_id"] = "status:update".into();
    handle_interaction(&d, interaction(&click)).await;
    let form = fake.wait_for(Method::POST, "/callback").await;
    assert_eq!(form.json["type"], 9);
    assert_eq!(form.json["data"]["custom_id"], "status:modal");

    let old = fixture("component_button.json");
    handle_interaction(&d, interaction(&old)).await;
    let token = old["token"].as_str().unwrap();
    let edit = fake
        .wait_for(Method::PATCH, &format!("{token}/messages/@original"))
        .await;
    assert!(
        edit.json["content"]
            .as_str()
            .unwrap()
            .contains("is no longer supported"),
        "{}",
        edit.json
    );
}

#[tokio::test]
async fn registration_puts_every_command_in_the_guild_or_globally() {
    let fake = FakeDiscord::start().await;
    let http = rest_client("test-token", Some(APP_ID), &fake.url);
    let catalog = Catalog::new(None).unwrap();
    register::register(&http, Some(GuildId::new(558691380101251083)), &catalog)
        .await
        .unwrap();
    register::register(&http, None, &catalog).await.unwrap();
    let guild = fake
        .wait_for(
            Method::PUT,
            &format!("/applications/{APP_ID}/guilds/558691380101251083/commands"),
        )
        .await;
    let global = fake
        .wait_for(Method::PUT, &format!("/applications/{APP_ID}/commands"))
        .await;
    assert_eq!(guild.json, global.json);
    let families: Vec<_> = guild
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = USAGE
        .iter()
        .map(|u| u.path.split(' ').next().unwrap().to_string())
        .collect();
    expected.dedup();
    assert_eq!(families, expected);
}

#[tokio::test]
async fn a_chinese_discord_client_sees_the_commands_described_in_chinese() {
    let fake = FakeDiscord::start().await;
    let http = rest_client("test-token", Some(APP_ID), &fake.url);
    let catalog = Catalog::new(None).unwrap();
    register::register(&http, None, &catalog).await.unwrap();
    let sent = fake
        .wait_for(Method::PUT, &format!("/applications/{APP_ID}/commands"))
        .await;
    let command = |name: &str| {
        sent.json
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no /{name} in {}", sent.json))
            .clone()
    };
    let sub = |c: &Value, name: &str| {
        c["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {c}"))
            .clone()
    };
    let timeline = command("timeline");
    assert_eq!(timeline["description"], "the recent timeline");
    assert_eq!(
        timeline["description_localizations"]["zh-CN"],
        "最近的时间线"
    );
    let incident = command("incident");
    assert_eq!(
        incident["description_localizations"]["zh-CN"],
        "故障：open 发起、role 角色、mitigated 缓解、resolve 恢复、close 关闭"
    );
    let open = sub(&incident, "open");
    assert_eq!(
        open["description_localizations"]["zh-CN"],
        "在本频道发起故障并发布故障通告"
    );
    let tag = sub(&command("note"), "tag");
    let cause = &tag["choices"][0];
    assert_eq!(
        (
            &cause["name"],
            &cause["value"],
            &cause["name_localizations"]["zh-CN"]
        ),
        (&"cause".into(), &"cause".into(), &"根因".into())
    );
    let lesson = tag["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == "lesson")
        .unwrap()
        .clone();
    assert_eq!(lesson["name_localizations"]["zh-CN"], "经验教训");
    // The names stay as the console and the seed type them.
    assert!(
        timeline["name_localizations"]
            .as_object()
            .is_none_or(|n| n.is_empty()),
        "{timeline}"
    );
}

#[tokio::test]
async fn a_note_attachment_is_fetched_in_gateway_mode_too() {
    let fake = FakeDiscord::start().await;
    let (d, _db) = discord(&fake).await;
    d.http.set_application_id(APP_ID.into());
    let mut open = fixture("cmd_incident_open.json");
    open["channel_id"] = "1382358376775811085".into();
    handle_interaction(&d, interaction(&open)).await;
    let mut note = fixture("cmd_note_with_attachment.json");
    *note
        .pointer_mut("/data/resolved/attachments/1382361862242435105/url")
        .unwrap() = fake
        .serve_file("grafana-p99-charges.png", b"p99 1.8 s")
        .into();
    handle_interaction(&d, interaction(&note)).await;
    let token = note["token"].as_str().unwrap();
    let edit = fake
        .wait_for(Method::PATCH, &format!("{token}/messages/@original"))
        .await;
    let content = edit.json["content"].as_str().unwrap();
    assert!(
        content.contains("with evidence grafana-p99-charges.png"),
        "{content}"
    );
    assert!(edit.files.is_empty());
}
