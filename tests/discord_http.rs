//! The HTTP interactions endpoint end to end: Ed25519-signed fixture payloads posted to the
//! endpoint on 127.0.0.1, an App on a temp SQLite database, and serenity's REST client pointed
//! at a fake Discord that records what warroom sends back.

#[path = "support/fake_discord.rs"]
pub mod fake_discord;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::Method;
use chrono::{DateTime, Duration};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use warroom::app::{App, Clock, PlaceLocales, Settings};
use warroom::chat::discord::interactions::{Endpoint, serve};
use warroom::chat::discord::{Discord, reminders, rest_client};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::demo::apiserver::FakeApiServer;
use warroom::demo::seed;
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

use fake_discord::FakeDiscord;

const SEED: &str = "bf7ad210042f9a18c2c632a8a6e785ae028c237a822c28ad32f47010a3e299ff";
const PUBLIC_KEY: &str = "7deb15649a161c3d187c4dbb4ea29f47b9f7d5cdfddbff79a5976270045844c1";
const APP_ID: u64 = 1248093577216442398;
/// The channel of most fixtures (cmd_incident_open.json uses another, set to this one).
const CHANNEL: &str = "1382358376775811085";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/discord/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A fixture moved to `CHANNEL`.
fn in_channel(name: &str) -> Value {
    let mut v = fixture(name);
    v["channel_id"] = json!(CHANNEL);
    v["channel"]["id"] = json!(CHANNEL);
    v
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sign(seed: &str, timestamp: &str, body: &[u8]) -> String {
    let key = SigningKey::from_bytes(&hex::decode(seed).unwrap().try_into().unwrap());
    let message = [timestamp.as_bytes(), body].concat();
    hex::encode(key.sign(&message).to_bytes())
}

struct Bot {
    fake: FakeDiscord,
    url: String,
    discord: Arc<Discord>,
    client: reqwest::Client,
    /// Stops the endpoint (graceful shutdown); `served` ends when it has drained.
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    served: tokio::task::JoinHandle<std::io::Result<()>>,
    _db: tempfile::TempDir,
}

async fn bot_with(clock: Clock, clusters: Option<Clusters>) -> Bot {
    bot_full(clock, clusters, false, None).await
}

async fn bot_full(
    clock: Clock,
    clusters: Option<Clusters>,
    threads: bool,
    policy: Option<warroom::access::Policy>,
) -> Bot {
    bot_in(clock, (clusters, policy), threads, PlaceLocales::default()).await
}

/// A bot whose server and channels have the configured `locales`.
async fn bot_in(
    clock: Clock,
    (clusters, policy): (Option<Clusters>, Option<warroom::access::Policy>),
    threads: bool,
    locales: PlaceLocales,
) -> Bot {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    let app = App::test(Store::connect(&db).await.unwrap(), clock);
    let app = App {
        clusters,
        policy,
        settings: Settings {
            locales,
            ..app.settings
        },
        ..app
    };
    let http = rest_client("test-token", Some(APP_ID), &fake.url);
    let discord = Arc::new(
        Discord::new(Arc::new(app), Arc::new(http))
            .unwrap()
            .with_threads(threads),
    );
    let endpoint = Arc::new(Endpoint::new(discord.clone(), PUBLIC_KEY).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(serve(listener, endpoint, async {
        let _ = stopped.await;
    }));
    Bot {
        fake,
        url,
        discord,
        client: reqwest::Client::new(),
        stop: Some(stop),
        served,
        _db: dir,
    }
}

async fn bot() -> Bot {
    bot_with(Clock::System, None).await
}

impl Bot {
    fn app(&self) -> &App {
        &self.discord.app
    }

    /// Posts `body` with the given headers; returns the status and the body.
    async fn post_raw(&self, body: Vec<u8>, headers: &[(&str, String)]) -> (u16, String) {
        let mut req = self
            .client
            .post(format!("{}/interactions", self.url))
            .header("content-type", "application/json")
            .body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Posts a payload signed now with the fixture key; returns the status and the JSON answer.
    async fn post(&self, payload: &Value) -> (u16, Value) {
        let body = serde_json::to_vec(payload).unwrap();
        let ts = now().to_string();
        let sig = sign(SEED, &ts, &body);
        let (status, text) = self
            .post_raw(
                body,
                &[("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
            )
            .await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Runs a typed command in `CHANNEL` directly through the core (setting the scene).
    async fn say(&self, line: &str) {
        let reply = handle(
            self.app(),
            &Invocation {
                actor: Actor {
                    id: "1".into(),
                    name: "alice".into(),
                    roles: vec![],
                },
                channel: CHANNEL.into(),
                input: Input::Line(line.into()),
                files: vec![],
                direct_message: false,
                locale: Default::default(),
            },
        )
        .await;
        assert!(!reply.is_error, "{line}: {}", reply.markdown);
    }

    /// (kind, outcome, summary) of every timeline entry.
    async fn timeline(&self) -> Vec<(String, String, String)> {
        let sql = "SELECT kind, outcome, summary FROM timeline_entries ORDER BY id";
        match &self.app().store {
            Store::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
            Store::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
        }
    }
}

/// Request headers as (name, value).
type Headers = Vec<(&'static str, String)>;

fn flags(answer: &Value) -> u64 {
    answer["data"]["flags"].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn ping_gets_pong() {
    let bot = bot().await;
    let (status, answer) = bot.post(&fixture("ping.json")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["type"], 1);
}

#[tokio::test]
async fn incident_open_defers_then_edits_the_announcement_in() {
    let bot = bot().await;
    let (status, answer) = bot.post(&fixture("cmd_incident_open.json")).await;
    assert_eq!((status, answer["type"].as_u64()), (200, Some(5)));
    assert_eq!(
        flags(&answer) & 64,
        0,
        "the defer of a command that may succeed is public"
    );
    let token = fixture("cmd_incident_open.json")["token"]
        .as_str()
        .unwrap()
        .to_string();
    let edit = bot
        .fake
        .wait_for(
            Method::PATCH,
            &format!("/webhooks/{APP_ID}/{token}/messages/@original"),
        )
        .await;
    let sent = edit.json.to_string();
    assert!(sent.contains("Incident announcement"), "{sent}");
    assert!(
        sent.contains("Checkout payments failing with 502s"),
        "{sent}"
    );
    assert_eq!(
        edit.json["embeds"][0]["title"],
        "Incident #1 · Checkout payments failing with 502s"
    );
    assert_eq!(edit.json["allowed_mentions"]["parse"], json!([]));
    let incident = bot
        .app()
        .store
        .active_incident("762638002815107086")
        .await
        .unwrap()
        .expect("the incident is bound to the fixture's channel");
    assert_eq!(incident.opened_by, "Priya (SRE on-call)");
    bot.fake
        .wait_for(Method::PUT, "/pins/1382371295232131102")
        .await;
    assert!(bot.fake.matching(&Method::POST, "/webhooks").is_empty());
}

#[tokio::test]
async fn without_permission_to_pin_the_opener_is_told_once_and_the_incident_stays_open() {
    let bot = bot().await;
    let mut payload = in_channel("cmd_incident_open.json");
    payload["app_permissions"] = json!("2048");
    bot.post(&payload).await;
    let note = bot
        .fake
        .wait_for(
            Method::POST,
            &format!(
                "/webhooks/{APP_ID}/{}",
                answer_token("cmd_incident_open.json")
            ),
        )
        .await;
    assert_eq!(note.json["flags"].as_u64().unwrap_or(0) & 64, 64);
    let content = note.json["content"].as_str().unwrap();
    assert!(
        content.contains("not pinned") && content.contains("Pin Messages"),
        "{content}"
    );
    let requests = bot.fake.requests();
    assert!(!requests.iter().any(|r| r.path.contains("/pins/")));
    let followups = requests
        .iter()
        .filter(|r| r.method == Method::POST && r.path.contains("/webhooks/"))
        .count();
    assert_eq!(followups, 1);
    assert!(
        bot.app()
            .store
            .active_incident(CHANNEL)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn unsigned_tampered_stale_or_foreign_requests_are_refused() {
    let bot = bot().await;
    let body = serde_json::to_vec(&fixture("cmd_incident_open.json")).unwrap();
    let ts = now().to_string();
    let good = sign(SEED, &ts, &body);
    let other_seed = "1f".repeat(32);
    let cases: Vec<(&str, Vec<u8>, Headers)> = vec![
        ("missing headers", body.clone(), vec![]),
        (
            "tampered body",
            String::from_utf8(body.clone())
                .unwrap()
                .replace("sev2", "sev1")
                .into_bytes(),
            vec![
                ("x-signature-ed25519", good.clone()),
                ("x-signature-timestamp", ts.clone()),
            ],
        ),
        (
            "wrong key",
            body.clone(),
            vec![
                ("x-signature-ed25519", sign(&other_seed, &ts, &body)),
                ("x-signature-timestamp", ts.clone()),
            ],
        ),
        ("stale timestamp", body.clone(), {
            let old = (now() - 360).to_string();
            vec![
                ("x-signature-ed25519", sign(SEED, &old, &body)),
                ("x-signature-timestamp", old),
            ]
        }),
        ("future timestamp", body.clone(), {
            let later = (now() + 360).to_string();
            vec![
                ("x-signature-ed25519", sign(SEED, &later, &body)),
                ("x-signature-timestamp", later),
            ]
        }),
        (
            "garbage signature",
            body.clone(),
            vec![
                ("x-signature-ed25519", "zz".into()),
                ("x-signature-timestamp", ts.clone()),
            ],
        ),
    ];
    for (case, body, headers) in cases {
        let (status, _) = bot.post_raw(body, &headers).await;
        assert_eq!(status, 401, "{case}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(bot.fake.requests().is_empty());
    assert!(bot.timeline().await.is_empty());
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let bot = bot().await;
    let body = vec![b' '; 2 * 1024 * 1024];
    let ts = now().to_string();
    let sig = sign(SEED, &ts, &body);
    let (status, _) = bot
        .post_raw(
            body,
            &[("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
        )
        .await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn an_unknown_command_gets_a_private_error() {
    let bot = bot().await;
    let mut payload = in_channel("cmd_postmortem.json");
    payload["data"]["name"] = json!("deploy");
    let (status, answer) = bot.post(&payload).await;
    assert_eq!((status, answer["type"].as_u64()), (200, Some(5)));
    assert_eq!(
        flags(&answer) & 64,
        64,
        "a command that cannot parse is deferred privately"
    );
    let edit = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let content = edit.json["content"].as_str().unwrap();
    assert!(content.contains("unknown command /deploy"), "{content}");
}

/// `payload` as Discord sends it to a user whose client speaks `user` in a server that speaks
/// `guild`.
fn spoken(mut payload: Value, user: &str, guild: &str) -> Value {
    payload["locale"] = json!(user);
    payload["guild_locale"] = json!(guild);
    payload
}

/// The reply that replaced the deferred answer to the interaction with `token`.
async fn edited(bot: &Bot, token: &str) -> Value {
    bot.fake
        .wait_for(
            Method::PATCH,
            &format!("/webhooks/{APP_ID}/{token}/messages/@original"),
        )
        .await
        .json
}

#[tokio::test]
async fn the_channel_reads_the_servers_language_and_each_user_their_own() {
    let bot = bot().await;
    // A Chinese server, an English-speaking user: the announcement is the channel's, in Chinese.
    let open = spoken(in_channel("cmd_incident_open.json"), "en-US", "zh-CN");
    bot.post(&open).await;
    let card = edited(&bot, open["token"].as_str().unwrap()).await;
    assert_eq!(
        card["embeds"][0]["title"],
        "故障 #1 · Checkout payments failing with 502s"
    );
    assert!(card.to_string().contains("故障通告"), "{card}");
    // Their mistake is shown to them alone, in their own language …
    let mut typo = spoken(in_channel("cmd_postmortem.json"), "en-US", "zh-CN");
    typo["data"]["name"] = json!("deploy");
    typo["token"] = json!("typo-in-english");
    let (_, answer) = bot.post(&typo).await;
    assert_eq!(flags(&answer) & 64, 64);
    let reply = edited(&bot, "typo-in-english").await;
    assert!(
        reply["content"]
            .as_str()
            .unwrap()
            .contains("unknown command /deploy: type /help for the list"),
        "{reply}"
    );
    // … and a Chinese-speaking user's in Chinese, with the usage line.
    let mut sev9 = spoken(in_channel("cmd_incident_open.json"), "zh-CN", "en-US");
    sev9["data"]["options"][0]["options"][1]["value"] = json!("sev9");
    sev9["token"] = json!("typo-in-chinese");
    bot.post(&sev9).await;
    let reply = edited(&bot, "typo-in-chinese").await;
    let content = reply["content"].as_str().unwrap();
    assert!(
        content.contains("选项 severity: 应为 sev1、sev2、sev3 或 sev4，实际是 \"sev9\""),
        "{content}"
    );
    assert!(content.contains("用法：/incident open"), "{content}");
    // The timeline keeps each record in the language of the server it happened in, whoever
    // read it: the English-speaking user's mistake in the Chinese server is recorded in Chinese.
    let timeline = bot.timeline().await;
    let summaries: Vec<&str> = timeline.iter().map(|(_, _, s)| s.as_str()).collect();
    assert_eq!(summaries.len(), 3, "{timeline:?}");
    assert_eq!(
        summaries[..2],
        [
            "发起了故障「Checkout payments failing with 502s」（sev2）",
            "没有 /deploy 这个命令：输入 /help 查看命令列表",
        ],
        "{timeline:?}"
    );
    assert!(
        summaries[2].starts_with("option severity: expected sev1, sev2, sev3 or sev4"),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_refusal_is_shown_privately_in_the_users_language() {
    let rules = "[[policy.rules]]\nusers = [\"1\"]\ncommands = [\"note\"]\n";
    let config = warroom::config::FileConfig::parse(rules).unwrap();
    let policy = warroom::access::Policy::from_config(&config.policy).unwrap();
    let bot = bot_full(Clock::System, None, false, Some(policy)).await;
    let mut payload = spoken(in_channel("cmd_postmortem.json"), "zh-CN", "en-US");
    payload["token"] = json!("refused-in-chinese");
    bot.post(&payload).await;
    let follow = bot
        .fake
        .wait_for(
            Method::POST,
            &format!("/webhooks/{APP_ID}/refused-in-chinese"),
        )
        .await;
    assert_eq!(follow.json["flags"].as_u64().unwrap_or(0) & 64, 64);
    assert_eq!(
        follow.json["content"],
        "🚫 你无权执行 /postmortem：没有任何策略规则包含你（用户 352533474181251090，角色 \
         558697109520515087, 844488423506051088, 1037370497433731089），没有规则时只能执行 \
         /help。请联系管理员添加一条 [[policy.rules]]，其中 users = [\"352533474181251090\"]\
         （或在 roles 中填写你的某个角色 ID），commands = [\"postmortem\"]。"
    );
    let timeline = bot.timeline().await;
    assert!(
        timeline[0]
            .2
            .starts_with("you may not run /postmortem: no policy rule names you"),
        "the record stays English: {timeline:?}"
    );
}

/// The title of the announcement a user speaking `user` in a server speaking `guild` gets in
/// `CHANNEL`, with the server's and channels' configured `locales`.
async fn announced_in(locales: PlaceLocales, user: &str, guild: &str) -> Value {
    let bot = bot_in(Clock::System, (None, None), false, locales).await;
    let open = spoken(in_channel("cmd_incident_open.json"), user, guild);
    bot.post(&open).await;
    edited(&bot, open["token"].as_str().unwrap()).await["embeds"][0]["title"].clone()
}

#[tokio::test]
async fn a_configured_locale_beats_the_servers_own() {
    use warroom::i18n::Locale;
    let channel_in_english = PlaceLocales {
        server: Some(Locale::ZhCn),
        channels: [(CHANNEL.to_string(), Locale::En)].into(),
    };
    assert_eq!(
        announced_in(channel_in_english, "zh-CN", "zh-CN").await,
        "Incident #1 · Checkout payments failing with 502s"
    );
    // A channel without its own takes the server's configured locale, whatever Discord
    // reports.
    let server_in_chinese = PlaceLocales {
        server: Some(Locale::ZhCn),
        ..PlaceLocales::default()
    };
    assert_eq!(
        announced_in(server_in_chinese, "en-US", "en-US").await,
        "故障 #1 · Checkout payments failing with 502s"
    );
}

#[tokio::test]
async fn bad_option_values_are_refused_and_only_the_failure_is_recorded() {
    let bot = bot().await;
    let mut payload = in_channel("cmd_incident_open.json");
    payload["data"]["options"][0]["options"][1]["value"] = json!("sev9");
    let (_, answer) = bot.post(&payload).await;
    assert_eq!(flags(&answer) & 64, 64);
    let edit = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let content = edit.json["content"].as_str().unwrap();
    assert!(
        content.contains("expected sev1, sev2, sev3 or sev4, found \"sev9\""),
        "{content}"
    );
    assert!(content.contains("usage: /incident open"), "{content}");
    let timeline = bot.timeline().await;
    assert_eq!(timeline.len(), 1, "{timeline:?}");
    assert_eq!(
        (timeline[0].0.as_str(), timeline[0].1.as_str()),
        ("incident", "error")
    );
    assert!(
        bot.app()
            .store
            .active_incident(CHANNEL)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_failure_found_while_running_replaces_the_public_placeholder_with_a_private_message() {
    let bot = bot().await;
    let (_, answer) = bot.post(&in_channel("cmd_status_update.json")).await;
    assert_eq!(flags(&answer) & 64, 0);
    let follow = bot
        .fake
        .wait_for(
            Method::POST,
            &format!(
                "/webhooks/{APP_ID}/{}",
                answer_token("cmd_status_update.json")
            ),
        )
        .await;
    assert_eq!(follow.json["flags"].as_u64().unwrap_or(0) & 64, 64);
    assert!(
        follow.json["content"]
            .as_str()
            .unwrap()
            .contains("there is no open incident in this channel")
    );
    assert_eq!(
        bot.fake
            .matching(&Method::DELETE, "/messages/@original")
            .len(),
        1
    );
}

fn answer_token(name: &str) -> String {
    fixture(name)["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_status_button_opens_a_prefilled_form_and_its_submission_posts_the_update() {
    let bot = bot().await;
    bot.say("/incident open title:\"Payments down\" severity:sev2 services:payment-service")
        .await;
    let (_, answer) = bot.post(&in_channel("cmd_status_update.json")).await;
    assert_eq!(answer["type"], 5);
    bot.fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;

    let mut click = in_channel("component_button.json");
    click["data"]["custom_id"] = json!("status:update");
    let (status, form) = bot.post(&click).await;
    assert_eq!((status, form["type"].as_u64()), (200, Some(9)));
    let inputs: Vec<&Value> = form["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| &row["components"][0])
        .collect();
    let ids: Vec<_> = inputs
        .iter()
        .map(|i| i["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["state", "done", "next", "risks"]);
    assert_eq!(inputs[0]["value"], "Mitigating");
    assert!(
        inputs[1]["value"]
            .as_str()
            .unwrap()
            .starts_with("Rolled back payment-service")
    );

    let (_, answer) = bot.post(&in_channel("modal_submit_status.json")).await;
    assert_eq!(answer["type"], 5);
    let token = answer_token("modal_submit_status.json");
    let edit = bot
        .fake
        .wait_for(Method::PATCH, &format!("{token}/messages/@original"))
        .await;
    let sent = edit.json.to_string();
    assert!(sent.contains("Monitoring"), "{sent}");
    assert!(
        sent.contains("Stripe webhooks still in retry queue"),
        "{sent}"
    );
    let updates = bot
        .timeline()
        .await
        .into_iter()
        .filter(|e| e.0 == "status.update" && e.1 == "ok")
        .count();
    assert_eq!(updates, 2);
}

#[tokio::test]
async fn a_bare_status_update_command_opens_the_form() {
    let bot = bot().await;
    let mut payload = in_channel("cmd_status_update.json");
    payload["data"]["options"][0]["options"] = json!([]);
    let (_, answer) = bot.post(&payload).await;
    assert_eq!(answer["type"], 9);
    assert_eq!(answer["data"]["custom_id"], "status:modal");
}

#[tokio::test]
async fn a_long_postmortem_is_an_embed_within_limits_plus_the_file() {
    let bot = bot().await;
    bot.say("/incident open title:\"Payments down\" severity:sev1 services:payment-service")
        .await;
    for i in 0..60 {
        let text = format!(
            "observation {i}: {}",
            "payment-service heap at 1.9 GiB of 2 GiB; ".repeat(16)
        );
        bot.say(&format!("/note text:\"{text}\" tag:went-wrong"))
            .await;
    }
    let (_, answer) = bot.post(&in_channel("cmd_postmortem.json")).await;
    assert_eq!(answer["type"], 5);
    let edit = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let (name, bytes) = &edit.files[0];
    assert_eq!(name, "postmortem-incident-1.md");
    assert!(bytes.len() >= 40_000, "{} bytes", bytes.len());
    let content = edit.json["content"].as_str().unwrap();
    assert!(content.chars().count() <= 2000);
    let embeds = edit.json["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 1);
    let total: usize = embeds
        .iter()
        .map(|e| {
            e["title"].as_str().unwrap_or("").chars().count()
                + e["description"].as_str().unwrap_or("").chars().count()
        })
        .sum();
    assert!(total <= 6000 && embeds[0]["description"].as_str().unwrap().chars().count() <= 4096);
    assert!(
        embeds[0]["title"]
            .as_str()
            .unwrap()
            .contains("Postmortem of incident #1")
    );
}

#[tokio::test]
async fn a_note_attachment_is_fetched_as_evidence_or_the_note_says_it_was_not() {
    let bot = bot().await;
    bot.say("/incident open title:\"Payments down\" severity:sev2 services:payment-service")
        .await;
    let attachment = "/data/resolved/attachments/1382361862242435105/url";
    let mut payload = in_channel("cmd_note_with_attachment.json");
    *payload.pointer_mut(attachment).unwrap() = json!(
        bot.fake
            .serve_file("grafana-p99-charges.png", b"p99 1.8s at 13:52")
    );
    bot.post(&payload).await;
    let edit = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let content = edit.json["content"].as_str().unwrap();
    assert!(
        content.contains("with evidence grafana-p99-charges.png"),
        "{content}"
    );

    let bot = bot_with(Clock::System, None).await;
    bot.say("/incident open title:\"Payments down\" severity:sev2 services:payment-service")
        .await;
    let mut payload = in_channel("cmd_note_with_attachment.json");
    *payload.pointer_mut(attachment).unwrap() =
        json!(format!("{}/files/missing.png", bot.fake.url));
    bot.post(&payload).await;
    let edit = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let content = edit.json["content"].as_str().unwrap();
    assert!(content.contains("could not be fetched"), "{content}");
    assert!(content.contains("Noted on incident #1"), "{content}");
}

#[tokio::test]
async fn autocomplete_suggests_workloads_from_the_cluster() {
    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let bot = bot_with(Clock::System, Some(clusters)).await;
    let mut payload = in_channel("autocomplete_triage_service.json");
    payload["data"]["options"][0]["options"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "namespace", "type": 3, "value": "production" }));
    let (status, answer) = bot.post(&payload).await;
    assert_eq!((status, answer["type"].as_u64()), (200, Some(8)));
    let names: Vec<&str> = answer["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"payment-service"), "{names:?}");
    assert!(
        names.len() <= 25 && names.iter().all(|n| n.contains("pay")),
        "{names:?}"
    );

    let without = bot_with(Clock::System, None).await;
    let (_, answer) = without.post(&payload).await;
    assert_eq!(answer["data"]["choices"], json!([]));

    // `/logs pod` suggests pods, not workloads.
    let mut logs = payload.clone();
    logs["data"]["name"] = json!("logs");
    logs["data"]["options"] = json!([
        { "name": "pod", "type": 3, "value": "payment-service-7d9c", "focused": true },
        { "name": "namespace", "type": 3, "value": "production" }
    ]);
    let (_, answer) = bot.post(&logs).await;
    let pods: Vec<&str> = answer["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(pods.len(), 15, "{pods:?}");
    assert!(
        pods.iter()
            .all(|p| p.starts_with("payment-service-7d9c8b6f5d-")),
        "{pods:?}"
    );

    // A user the policy does not let triage `production` gets no suggestions, and no request
    // is made; one it does gets them, read as the identity the policy grants.
    let policy = |namespaces: &str| {
        let c = warroom::config::FileConfig::parse(&format!(
            "[[policy.rules]]\nroles = [\"558697109520515087\"]\ncommands = [\"triage\"]\n\
             namespaces = [{namespaces}]\nclusters = [\"*\"]\n\
             impersonate_user = \"warroom:bot\"\nimpersonate_group = \"sre\"\n"
        ))
        .unwrap();
        Some(warroom::access::Policy::from_config(&c.policy).unwrap())
    };
    let before = server.requests().len();
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let scoped_out = bot_full(Clock::System, Some(clusters), false, policy("\"staging\"")).await;
    let (_, answer) = scoped_out.post(&payload).await;
    assert_eq!(answer["data"]["choices"], json!([]));
    assert_eq!(
        server.requests().len(),
        before,
        "nothing is read for a user out of scope"
    );
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let scoped_in = bot_full(
        Clock::System,
        Some(clusters),
        false,
        policy("\"production\""),
    )
    .await;
    let (_, answer) = scoped_in.post(&payload).await;
    assert!(
        answer["data"]["choices"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    let reads = server.requests();
    assert!(
        reads[before..]
            .iter()
            .all(|r| r.impersonate_groups == ["sre"])
    );
}

#[tokio::test]
async fn a_due_reminder_is_posted_to_its_channel_once() {
    let clock = Clock::manual(
        DateTime::parse_from_rfc3339("2026-11-26T14:05:00Z")
            .unwrap()
            .to_utc(),
    );
    let bot = bot_with(clock.clone(), None).await;
    bot.say("/incident open title:\"Payments down\" severity:sev2 services:payment-service")
        .await;
    assert_eq!(reminders::post_due(&bot.discord).await, 0);
    clock.advance(Duration::minutes(61));
    assert_eq!(reminders::post_due(&bot.discord).await, 1);
    assert_eq!(reminders::post_due(&bot.discord).await, 0);
    let posts = bot
        .fake
        .matching(&Method::POST, &format!("/channels/{CHANNEL}/messages"));
    assert_eq!(posts.len(), 1);
    let content = posts[0].json["content"].as_str().unwrap();
    assert!(content.contains("Status update due"), "{content}");
    assert_eq!(
        posts[0].json["components"][0]["components"][0]["custom_id"],
        "status:update"
    );
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let bot = bot().await;
    assert_eq!(bot.get("/healthz").await, (200, "ok".into()));
    assert_eq!(bot.get("/readyz").await.0, 200);
    bot.post(&fixture("ping.json")).await;
    let (status, text) = bot.get("/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("warroom_discord_interactions_total{command=\"ping\",outcome=\"ok\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("warroom_discord_response_seconds_count{stage=\"first\"} 1"),
        "{text}"
    );
    match &bot.app().store {
        Store::Sqlite(p) => p.close().await,
        Store::Postgres(p) => p.close().await,
    }
    let (status, reason) = bot.get("/readyz").await;
    assert_eq!(status, 503);
    assert!(reason.starts_with("database unavailable"), "{reason}");

    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let clusters = Clusters::new(vec![
        ClusterSpec::with_server("prod", server.url()),
        ClusterSpec::with_server("gone", gone),
    ])
    .unwrap();
    let bot = bot_with(Clock::System, Some(clusters)).await;
    let (status, body) = bot.get("/readyz").await;
    assert_eq!(
        status, 200,
        "a cluster outage does not take the bot out of service"
    );
    assert!(body.contains("cluster prod: reachable"), "{body}");
    assert!(body.contains("cluster gone: unreachable"), "{body}");
}

#[tokio::test]
async fn metrics_show_api_server_requests_and_triage_duration_after_a_triage() {
    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let bot = bot_with(Clock::System, Some(clusters)).await;
    let (_, before) = bot.get("/metrics").await;
    assert!(!before.contains("warroom_triage_seconds_count"), "{before}");
    let (status, _) = bot.post(&in_channel("cmd_triage_service.json")).await;
    assert_eq!(status, 200);
    bot.fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let (_, text) = bot.get("/metrics").await;
    let requests = server.requests();
    let pod_lists = requests
        .iter()
        .filter(|r| r.path == "/api/v1/namespaces/production/pods" && r.method == "GET")
        .count();
    assert!(pod_lists > 0);
    for line in [
        format!(
            "warroom_apiserver_requests_total{{resource=\"pods\",status=\"200\",verb=\"list\"}} \
             {pod_lists}"
        ),
        "warroom_apiserver_requests_total{resource=\"pods/log\",status=\"200\",verb=\"get\"}"
            .into(),
        "warroom_apiserver_requests_total{resource=\"pods.metrics.k8s.io\",status=\"404\",\
         verb=\"list\"} 1"
            .into(),
        "warroom_apiserver_request_seconds_bucket{resource=\"events\",verb=\"list\",le=\"10\"} 1"
            .into(),
        "warroom_triage_seconds_count{verdict=\"problems\"} 1".into(),
    ] {
        assert!(text.contains(&line), "{line} missing in:\n{text}");
    }
    let counted: u64 = text
        .lines()
        .filter(|l| l.starts_with("warroom_apiserver_requests_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum();
    assert_eq!(
        counted,
        requests.len() as u64,
        "every request the API server saw is counted once:\n{text}"
    );
}

#[tokio::test]
async fn a_triage_attaches_where_its_failing_pods_are_as_the_cards_picture() {
    let server = FakeApiServer::start(seed::seed_scenario()).await.unwrap();
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let bot = bot_with(Clock::System, Some(clusters)).await;
    let mut overview = in_channel("cmd_triage_service.json");
    overview["data"]["options"][0] = json!({
        "name": "overview", "type": 1,
        "options": [{ "name": "namespace", "type": 3, "value": "production" }]
    });
    for (payload, title) in [
        (in_channel("cmd_triage_service.json"), "payment-service"),
        (overview, "overview"),
    ] {
        let before = bot
            .fake
            .matching(&Method::PATCH, "/messages/@original")
            .len();
        let (status, _) = bot.post(&payload).await;
        assert_eq!(status, 200);
        let mut edit = None;
        for _ in 0..400 {
            let edits = bot.fake.matching(&Method::PATCH, "/messages/@original");
            if let Some(e) = edits.get(before) {
                edit = Some(e.clone());
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let edit = edit.unwrap_or_else(|| panic!("the {title} triage was not delivered"));
        let embed = &edit.json["embeds"][0];
        assert_eq!(
            embed["title"],
            format!("Triage · {title} · production"),
            "{embed:#}"
        );
        assert_eq!(embed["image"]["url"], "attachment://pods.png", "{embed:#}");
        let (_, png) = edit
            .files
            .iter()
            .find(|(name, _)| name == "pods.png")
            .unwrap_or_else(|| panic!("no pods.png among {:?}", edit.files));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        let attachments = edit.json["attachments"].as_array().unwrap();
        assert!(
            attachments.iter().any(|a| a["filename"] == "pods.png"),
            "{attachments:?}"
        );
    }
}

#[tokio::test]
async fn with_threads_on_the_announcement_gets_a_thread_whose_commands_act_on_the_incident() {
    let bot = bot_full(Clock::System, None, true, None).await;
    bot.post(&in_channel("cmd_incident_open.json")).await;
    let thread = bot
        .fake
        .wait_for(Method::POST, "/messages/1382371295232131102/threads")
        .await;
    assert_eq!(
        thread.json["name"],
        "Incident #1 · Checkout payments failing with 502s"
    );
    let mut update = in_channel("cmd_status_update.json");
    update["channel_id"] = json!("1382400000000000001");
    update["channel"] = json!({ "id": "1382400000000000001", "type": 11, "name": "Incident #1",
                                "parent_id": CHANNEL, "guild_id": "558691380101251083" });
    bot.post(&update).await;
    let token = answer_token("cmd_status_update.json");
    let edit = bot
        .fake
        .wait_for(Method::PATCH, &format!("{token}/messages/@original"))
        .await;
    assert!(
        edit.json.to_string().contains("Mitigating"),
        "{}",
        edit.json
    );
    assert!(
        bot.fake
            .matching(&Method::DELETE, "/messages/@original")
            .is_empty()
    );

    let without = bot_full(Clock::System, None, true, None).await;
    let mut payload = in_channel("cmd_incident_open.json");
    payload["app_permissions"] = json!("294205779008");
    without.post(&payload).await;
    let note = without
        .fake
        .wait_for(
            Method::POST,
            &format!(
                "/webhooks/{APP_ID}/{}",
                answer_token("cmd_incident_open.json")
            ),
        )
        .await;
    let content = note.json["content"].as_str().unwrap();
    assert!(
        content.contains("no thread opened") && !content.contains("not pinned"),
        "{content}"
    );
    assert!(
        without
            .fake
            .requests()
            .iter()
            .all(|r| !r.path.ends_with("/threads"))
    );
}

#[tokio::test]
async fn shutdown_waits_for_the_replies_in_progress() {
    // A cluster that answers slowly keeps a /triage working after its Defer was sent.
    let slow = seed::seed_scenario()
        .route_prefix(
            "/api/v1/namespaces/production/events",
            warroom::demo::apiserver::ApiReply::json(
                warroom::demo::apiserver::StatusCode::OK,
                r#"{"kind":"EventList","apiVersion":"v1","metadata":{},"items":[]}"#,
            ),
        )
        .delay(std::time::Duration::from_millis(800));
    let server = FakeApiServer::start(slow).await.unwrap();
    let clusters = Clusters::new(vec![ClusterSpec::with_server("prod", server.url())]).unwrap();
    let mut bot = bot_with(Clock::System, Some(clusters)).await;
    let (status, answer) = bot.post(&in_channel("cmd_triage_service.json")).await;
    assert_eq!(
        (status, answer["type"].as_u64()),
        (200, Some(5)),
        "deferred"
    );
    bot.stop.take().unwrap().send(()).unwrap();
    bot.served.await.unwrap().unwrap();
    let edits = bot.fake.matching(&Method::PATCH, "/messages/@original");
    assert_eq!(
        edits.len(),
        1,
        "the triage reply was delivered before the endpoint stopped"
    );
}
