//! Alertmanager's webhook end to end: payloads from tests/fixtures/alerts posted to the HTTP
//! endpoint with a bearer token, the seed cluster behind the triage, and a fake Discord that
//! records the cards warroom posts and edits.

#[path = "support/fake_discord.rs"]
pub mod fake_discord;

#[path = "support/db.rs"]
mod db;

use std::sync::Arc;

use axum::http::Method;
use serde_json::Value;
use warroom::alerts::{AlertsConfig, Receiver, Routes, Triages};
use warroom::app::{App, Clock};
use warroom::chat::discord::interactions::{Endpoint, serve};
use warroom::chat::discord::{Discord, rest_client};
use warroom::chat::listener::{self, Listener};
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::store::Store;

use fake_discord::FakeDiscord;

const PUBLIC_KEY: &str = "7deb15649a161c3d187c4dbb4ea29f47b9f7d5cdfddbff79a5976270045844c1";
const TOKEN: &str = "am-webhook-token-7f3a";
const PAYMENTS: &str = "1382358376775811085";
const FALLBACK: &str = "1382358376775811999";
const CARD_ID: &str = "1382371295232131102";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/alerts/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

struct Bot {
    fake: FakeDiscord,
    url: String,
    discord: Arc<Discord>,
    receiver: Arc<Receiver>,
    client: reqwest::Client,
    _cluster: warroom::demo::apiserver::FakeApiServer,
    _db: tempfile::TempDir,
}

async fn bot(routes_toml: &str) -> Bot {
    start(routes_toml, Mode::Interactions).await
}

/// How the bot serves: as the HTTP interactions endpoint, or as gateway mode's listener
/// (`--listen`: the alert webhook, health and metrics, no interactions).
#[derive(PartialEq)]
enum Mode {
    Interactions,
    GatewayListener,
}

async fn start(routes_toml: &str, mode: Mode) -> Bot {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    let (server, clusters) = warroom::demo::demo_cluster("demo", chrono::Utc::now())
        .await
        .unwrap();
    let app = App {
        clusters: Some(clusters),
        ..App::test(Store::connect(&db).await.unwrap(), Clock::System)
    };
    let http = rest_client("test-token", Some(1248093577216442398), &fake.url);
    let discord = Arc::new(Discord::new(Arc::new(app), Arc::new(http)).unwrap());
    let config: AlertsConfig = toml::from_str(routes_toml).unwrap();
    let receiver = Arc::new(Receiver::new(TOKEN, Routes::new(&config).unwrap()));
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", tcp.local_addr().unwrap());
    if mode == Mode::GatewayListener {
        let shared = Arc::new(
            Listener::new(discord.app.clone(), discord.metrics.clone())
                .with_alerts(receiver.clone(), discord.clone()),
        );
        let work = shared.work.clone();
        tokio::spawn(listener::serve(
            tcp,
            shared.router(),
            work,
            std::future::pending(),
        ));
    } else {
        let endpoint = Arc::new(
            Endpoint::new(discord.clone(), PUBLIC_KEY)
                .unwrap()
                .with_alerts(receiver.clone()),
        );
        tokio::spawn(serve(tcp, endpoint, std::future::pending()));
    }
    Bot {
        fake,
        url,
        discord,
        receiver,
        client: reqwest::Client::new(),
        _cluster: server,
        _db: dir,
    }
}

const ROUTES: &str = r#"
default_channel = "1382358376775811999"
[[routes]]
channel = "1382358376775811085"
match = { namespace = "production" }
match_re = { service = "payment-.*" }
"#;

impl Bot {
    async fn post(&self, body: &str, token: Option<&str>) -> (u16, String) {
        let mut req = self
            .client
            .post(format!("{}/alerts/alertmanager", self.url))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The embed of the `n`th card request (POST or PATCH) to a channel's messages.
    async fn card(&self, method: Method, suffix: &str) -> Value {
        self.fake.wait_for(method, suffix).await.json["embeds"][0].clone()
    }
}

fn field<'a>(embed: &'a Value, name: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {embed:#}"))
}

#[tokio::test]
async fn refused_requests_get_the_reason_and_leave_nothing_behind() {
    let bot = bot(ROUTES).await;
    let firing = fixture("firing.json");
    let (status, body) = bot.post(&firing, None).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("WARROOM_ALERTS_TOKEN"), "{body}");
    let (status, _) = bot.post(&firing, Some("am-webhook-token-7f3b")).await;
    assert_eq!(status, 401);
    let (status, body) = bot.post(&fixture("malformed.json"), Some(TOKEN)).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.starts_with("not an Alertmanager webhook payload: missing field `status` at line 1"),
        "{body}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(bot.fake.requests().is_empty(), "{:?}", bot.fake.requests());
    let store = &bot.discord.app.store;
    assert!(
        store.head(PAYMENTS).await.unwrap().is_none(),
        "nothing recorded"
    );
    assert!(
        bot.metrics()
            .await
            .contains("warroom_alerts_total{result=\"refused\"} 3")
    );
}

#[tokio::test]
async fn a_firing_group_gets_one_card_with_its_triage_edited_until_resolved() {
    let bot = bot(ROUTES).await;
    let (status, body) = bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    let suffix = format!("/channels/{PAYMENTS}/messages");
    let card = bot.card(Method::POST, &suffix).await;
    assert_eq!(card["title"], "🔥 FIRING · PaymentServiceAvailability");
    assert!(
        card["description"]
            .as_str()
            .unwrap()
            .starts_with("payment-service availability 83.5% (SLO 99.99%)")
    );
    assert_eq!(field(&card, "Severity"), "critical");
    assert_eq!(field(&card, "Started"), "2026-11-26 14:32 UTC");
    let triage = field(&card, "Triage");
    assert!(
        triage.contains("\nMost likely: Heap exhaustion"),
        "{triage}"
    );
    assert_eq!(
        card["image"]["url"], "attachment://pods.png",
        "the triage's failing-pod picture is the card's"
    );
    let requests = bot.fake.requests();
    let posted = requests.iter().find(|r| r.method == Method::POST).unwrap();
    let files: Vec<_> = posted.files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(files, ["pods.png"]);
    let buttons = posted.json["components"][0]["components"].clone();
    assert_eq!(buttons[0]["label"], "Declare incident");
    assert_eq!(buttons[1]["label"], "Full triage");
    assert_eq!(
        buttons[1]["custom_id"],
        "triage-of:production/payment-service"
    );

    // Alertmanager re-notifies the same group: the card is edited, not posted again.
    let (status, _) = bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    assert_eq!(status, 200);
    let edit = format!("/channels/{PAYMENTS}/messages/{CARD_ID}");
    let edited = bot.fake.wait_for(Method::PATCH, &edit).await;
    assert_eq!(
        edited.json["embeds"][0]["image"]["url"],
        "attachment://pods.png"
    );
    assert_eq!(
        edited.files.len(),
        1,
        "the edited card's picture replaces the old one"
    );
    let (status, _) = bot.post(&fixture("resolved.json"), Some(TOKEN)).await;
    assert_eq!(status, 200);
    let resolved = loop {
        let patches = bot.fake.matching(&Method::PATCH, &edit);
        if patches.len() == 2 {
            assert_eq!(
                patches[1].json["attachments"],
                serde_json::json!([]),
                "a resolved card has no triage, so no picture"
            );
            break patches[1].json["embeds"][0].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        resolved["title"],
        "✅ RESOLVED · PaymentServiceAvailability · after 48 min"
    );
    assert_eq!(bot.fake.matching(&Method::POST, &suffix).len(), 1);
}

#[tokio::test]
async fn alerts_on_an_open_incident_are_timeline_entries_and_unrouted_ones_are_counted() {
    let bot = bot(
        "[[routes]]\nchannel = \"1382358376775811085\"\nmatch = { namespace = \"production\" }\n",
    )
    .await;
    let app = &bot.discord.app;
    let opened = handle(
        app,
        &Invocation {
            actor: Actor {
                id: "1".into(),
                name: "alice".into(),
                roles: Vec::new(),
            },
            channel: PAYMENTS.into(),
            input: Input::Line(
                "/incident open title:\"payments down\" severity:sev1 services:payment-service"
                    .into(),
            ),
            files: Vec::new(),
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!opened.is_error, "{}", opened.markdown);
    let unrouted = fixture("firing.json").replace("\"production\"", "\"staging\"");
    bot.post(&unrouted, Some(TOKEN)).await;
    bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    bot.fake
        .wait_for(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    let incident = app.store.active_incident(PAYMENTS).await.unwrap().unwrap();
    let timeline = app.store.timeline(incident.id).await.unwrap();
    let alert = timeline
        .iter()
        .find(|e| e.kind == "alert")
        .expect("an alert entry");
    assert_eq!(alert.actor, "alertmanager");
    assert_eq!(
        alert.summary,
        "PaymentServiceAvailability firing: payment-service availability 83.5% (SLO 99.99%)"
    );
    let shown = format!("{:?}", alert);
    assert!(shown.contains("service=payment-service"), "{shown}");
    assert!(shown.contains("payment failure rate 15%"), "{shown}");
    assert!(
        timeline
            .iter()
            .any(|e| e.kind == "triage" && e.actor == "alertmanager"),
        "the alert's triage is on the incident too"
    );
    assert!(
        bot.metrics()
            .await
            .contains("warroom_alerts_total{result=\"unrouted\"} 1")
    );
    assert!(bot.fake.matching(&Method::POST, FALLBACK).is_empty());
}

#[tokio::test]
async fn the_console_feeds_a_payload_by_hand() {
    use warroom::chat::console::{ConsoleIdentity, answer};
    let bot = bot(ROUTES).await;
    let identity = ConsoleIdentity {
        name: "alice".into(),
        channel: "console".into(),
    };
    let routes = Routes::new(&AlertsConfig::default()).unwrap();
    let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
    let alerts = (&routes, &triages);
    let path = format!(
        "{}/tests/fixtures/alerts/firing.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let card = answer(
        &bot.discord.app,
        &identity,
        alerts,
        &format!("/alert file:{path}"),
    )
    .await
    .markdown;
    assert!(
        card.starts_with("**🔥 FIRING · PaymentServiceAvailability**"),
        "{card}"
    );
    assert!(card.contains("\nMost likely: Heap exhaustion"), "{card}");
    let malformed = answer(
        &bot.discord.app,
        &identity,
        alerts,
        &format!("/alert file:{}", path.replace("firing", "malformed")),
    )
    .await
    .markdown;
    assert!(
        malformed.contains("not an Alertmanager webhook payload"),
        "{malformed}"
    );
    let usage = answer(&bot.discord.app, &identity, alerts, "/alert")
        .await
        .markdown;
    assert!(usage.starts_with("⚠️ usage: /alert file:"), "{usage}");
}

const SIGNING_SEED: &str = "bf7ad210042f9a18c2c632a8a6e785ae028c237a822c28ad32f47010a3e299ff";

/// Posts a Discord interaction (a fixture with `edit` applied), signed as Discord would.
async fn interact(bot: &Bot, fixture_name: &str, edit: impl FnOnce(&mut Value)) -> Value {
    use ed25519_dalek::{Signer, SigningKey};
    let path = format!(
        "{}/tests/fixtures/discord/{fixture_name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["channel_id"] = PAYMENTS.into();
    v["channel"]["id"] = PAYMENTS.into();
    edit(&mut v);
    let body = serde_json::to_vec(&v).unwrap();
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let key = SigningKey::from_bytes(&hex::decode(SIGNING_SEED).unwrap().try_into().unwrap());
    let signature = hex::encode(key.sign(&[timestamp.as_bytes(), &body].concat()).to_bytes());
    let res = bot
        .client
        .post(format!("{}/interactions", bot.url))
        .header("content-type", "application/json")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    serde_json::from_str(&res.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn declare_from_the_card_opens_the_incident_at_the_alerts_start() {
    let bot = bot(ROUTES).await;
    bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    let posted = bot
        .fake
        .wait_for(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    let declare = posted.json["components"][0]["components"][0].clone();
    assert_eq!(declare["label"], "Declare incident");
    let id = declare["custom_id"].as_str().unwrap().to_string();
    let embeds = posted.json["embeds"].clone();
    let form = interact(&bot, "component_button.json", |v| {
        v["data"]["custom_id"] = id.clone().into();
        v["message"]["embeds"] = embeds;
    })
    .await;
    assert_eq!(form["type"], 9, "a modal: {form:#}");
    let values: Vec<(String, String)> = form["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let input = &row["components"][0];
            (
                input["custom_id"].as_str().unwrap().to_string(),
                input["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let value = |k: &str| values.iter().find(|(id, _)| id == k).unwrap().1.clone();
    assert_eq!(
        value("title"),
        "payment-service availability 83.5% (SLO 99.99%)"
    );
    assert_eq!(value("severity"), "sev1");
    assert_eq!(value("services"), "payment-service");
    assert_eq!(value("started"), "2026-11-26T14:32:00Z");

    let submitted: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            serde_json::json!({ "id": i * 2 + 1, "type": 1, "components": [
                { "id": i * 2 + 2, "type": 4, "custom_id": k, "value": v }
            ]})
        })
        .collect();
    interact(&bot, "modal_submit_status.json", |v| {
        v["data"]["custom_id"] = "declare:modal".into();
        v["data"]["components"] = submitted.into();
    })
    .await;
    bot.fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let incident = bot
        .discord
        .app
        .store
        .active_incident(PAYMENTS)
        .await
        .unwrap()
        .expect("the incident was declared");
    assert_eq!(
        incident.title,
        "payment-service availability 83.5% (SLO 99.99%)"
    );
    assert_eq!(
        incident.impact_started_at.to_rfc3339(),
        "2026-11-26T14:32:00+00:00"
    );
}

/// The Debian package's binary; the test is skipped (and says so) without it.
const ALERTMANAGER: &str = "/usr/bin/prometheus-alertmanager";

#[tokio::test]
async fn a_real_alertmanager_fires_and_resolves_through_the_webhook() {
    if !std::path::Path::new(ALERTMANAGER).exists() {
        eprintln!("skipped: needs {ALERTMANAGER} (apt-get install prometheus-alertmanager)");
        return;
    }
    let bot = bot(ROUTES).await;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = dir.path().join("alertmanager.yml");
    std::fs::write(
        &config,
        format!(
            "route:\n  receiver: warroom\n  group_by: [alertname, namespace, service]\n  \
             group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n\
             receivers:\n  - name: warroom\n    webhook_configs:\n      \
             - url: {}/alerts/alertmanager\n        send_resolved: true\n        \
             http_config:\n          authorization:\n            type: Bearer\n            \
             credentials: {TOKEN}\n",
            bot.url
        ),
    )
    .unwrap();
    let _alertmanager = tokio::process::Command::new(ALERTMANAGER)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.path={}", dir.path().display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--cluster.listen-address=")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let api = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(r) = bot.client.get(format!("{api}/-/ready")).send().await
            && r.status().is_success()
        {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "Alertmanager did not become ready on {api}");
    let started = chrono::Utc::now() - chrono::Duration::minutes(3);
    let alert = |ends: Option<chrono::DateTime<chrono::Utc>>| {
        let mut a = serde_json::json!([{
            "labels": { "alertname": "PaymentServiceAvailability", "namespace": "production",
                        "service": "payment-service", "severity": "critical" },
            "annotations": { "summary": "payment-service availability 83.5% (SLO 99.99%)" },
            "startsAt": started.to_rfc3339(),
            "generatorURL": "http://prometheus.monitoring:9090/graph"
        }]);
        if let Some(e) = ends {
            a[0]["endsAt"] = e.to_rfc3339().into();
        }
        a
    };
    let pushed = bot
        .client
        .post(format!("{api}/api/v2/alerts"))
        .header("content-type", "application/json")
        .body(alert(None).to_string())
        .send()
        .await
        .unwrap();
    assert!(pushed.status().is_success(), "{}", pushed.status());
    let card = bot
        .card(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    assert_eq!(card["title"], "🔥 FIRING · PaymentServiceAvailability");
    let triage = field(&card, "Triage");
    assert!(triage.contains("Most likely: Heap exhaustion"), "{triage}");

    let resolved = bot
        .client
        .post(format!("{api}/api/v2/alerts"))
        .header("content-type", "application/json")
        .body(alert(Some(chrono::Utc::now())).to_string())
        .send()
        .await
        .unwrap();
    assert!(resolved.status().is_success());
    let edit = bot
        .card(
            Method::PATCH,
            &format!("/channels/{PAYMENTS}/messages/{CARD_ID}"),
        )
        .await;
    assert!(
        edit["title"]
            .as_str()
            .unwrap()
            .starts_with("✅ RESOLVED · PaymentServiceAvailability · after 3 min"),
        "{edit:#}"
    );
    assert_eq!(
        bot.fake
            .matching(&Method::POST, &format!("/channels/{PAYMENTS}/messages"))
            .len(),
        1,
        "one card per group"
    );
}

#[tokio::test]
async fn a_groups_card_and_its_acknowledgement_are_remembered_per_channel_on_both_backends() {
    for db in db::fresh_databases().await {
        let store = db.store().await;
        let backend = db.backend;
        let at = chrono::Utc::now();
        let group = "{}/{namespace=\"production\"}:{alertname=\"PaymentServiceAvailability\"}";
        let name = "PaymentServiceAvailability";
        assert_eq!(store.alert_card(PAYMENTS, group).await.unwrap(), None);
        for (channel, status, message) in [
            (PAYMENTS, "firing", "11"),
            (PAYMENTS, "resolved", "12"),
            (FALLBACK, "firing", "13"),
        ] {
            store
                .save_alert_card(channel, group, name, status, message, at)
                .await
                .unwrap();
        }
        let card = store.alert_card(PAYMENTS, group).await.unwrap().unwrap();
        assert_eq!(
            (card.message_id.as_str(), card.status.as_str()),
            ("12", "resolved"),
            "{backend}"
        );
        assert_eq!(
            store
                .alert_card(FALLBACK, group)
                .await
                .unwrap()
                .unwrap()
                .message_id,
            "13",
            "{backend}"
        );
        let entry = |actor: &str| warroom::incident::NewEntry {
            channel: PAYMENTS.into(),
            incident_id: None,
            at: chrono::DateTime::parse_from_rfc3339("2026-11-26T14:35:00Z")
                .unwrap()
                .to_utc(),
            actor: actor.into(),
            kind: "alert.ack".into(),
            outcome: warroom::incident::Outcome::Ok,
            summary: format!("acknowledged the alert {name}"),
            payload: serde_json::json!({}),
            evidence: Vec::new(),
        };
        let first = store
            .acknowledge_alert_card(group, "alice", &entry("alice"))
            .await
            .unwrap();
        assert!(first.is_some(), "{backend}");
        let second = store
            .acknowledge_alert_card(group, "bob", &entry("bob"))
            .await
            .unwrap();
        assert!(
            second.is_none(),
            "{backend}: the first acknowledgement stays"
        );
        store
            .save_alert_card(PAYMENTS, group, name, "firing", "12", at)
            .await
            .unwrap();
        let card = store.alert_card(PAYMENTS, group).await.unwrap().unwrap();
        assert_eq!(card.acknowledged_by.as_deref(), Some("alice"), "{backend}");
        assert_eq!(
            card.acknowledged_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-26T14:35:00+00:00"),
            "{backend}: a re-notification keeps the acknowledgement"
        );
        assert_eq!(
            store.head(PAYMENTS).await.unwrap().map(|h| h.seq),
            Some(1),
            "{backend}: only the acknowledgement that counted is on the timeline"
        );
    }
}

/// Opens an incident in `channel` as alice, as a typed command.
async fn open_incident(app: &App, channel: &str, line: &str) {
    let opened = handle(
        app,
        &Invocation {
            actor: Actor {
                id: "1".into(),
                name: "alice".into(),
                roles: Vec::new(),
            },
            channel: channel.into(),
            input: Input::Line(line.into()),
            files: Vec::new(),
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!opened.is_error, "{}", opened.markdown);
}

fn button_id(posted: &Value, label: &str) -> Option<String> {
    posted["components"]
        .as_array()?
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == label)
        .and_then(|b| b["custom_id"].as_str().map(str::to_string))
}

#[tokio::test]
async fn gateway_modes_listener_serves_the_webhook_health_and_metrics_but_no_interactions() {
    let bot = start(ROUTES, Mode::GatewayListener).await;
    let get = |path: &str| {
        let request = bot.client.get(format!("{}{path}", bot.url)).send();
        async move {
            let res = request.await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    assert_eq!(get("/healthz").await, (200, "ok".to_string()));
    let (status, ready) = get("/readyz").await;
    assert_eq!(status, 200, "{ready}");
    assert!(
        ready.starts_with("ready: database ok\ncluster demo: reachable"),
        "{ready}"
    );
    let (status, _) = bot.post(&fixture("firing.json"), Some("wrong")).await;
    assert_eq!(status, 401);
    let (status, body) = bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    let card = bot
        .card(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    assert_eq!(card["title"], "🔥 FIRING · PaymentServiceAvailability");
    let metrics = bot.metrics().await;
    assert!(
        metrics.contains("warroom_alerts_total{result=\"received\"} 1")
            && metrics.contains("warroom_alerts_total{result=\"refused\"} 1"),
        "{metrics}"
    );
    let interactions = bot
        .client
        .post(format!("{}/interactions", bot.url))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        interactions.status(),
        404,
        "gateway mode takes no HTTP interactions"
    );
}

#[tokio::test]
async fn acknowledge_says_who_took_it_on_the_card_and_the_incidents_timeline() {
    let bot = bot(ROUTES).await;
    let app = bot.discord.app.clone();
    open_incident(
        &app,
        PAYMENTS,
        "/incident open title:\"payments down\" severity:sev1 services:payment-service",
    )
    .await;
    bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    let posted = bot
        .fake
        .wait_for(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    let ack = button_id(&posted.json, "Acknowledge").expect("an Acknowledge button");
    let embeds = posted.json["embeds"].clone();
    let click = |ack: String, embeds: Value| {
        move |v: &mut Value| {
            v["data"]["custom_id"] = ack.into();
            v["message"]["id"] = CARD_ID.into();
            v["message"]["channel_id"] = PAYMENTS.into();
            v["message"]["embeds"] = embeds;
        }
    };
    let first = interact(
        &bot,
        "component_button.json",
        click(ack.clone(), embeds.clone()),
    )
    .await;
    assert_eq!(
        (first["type"].as_u64(), first["data"]["flags"].as_u64()),
        (Some(5), Some(64))
    );
    let card_path = format!("/channels/{PAYMENTS}/messages/{CARD_ID}");
    let marked = bot.card(Method::PATCH, &card_path).await;
    let confirmed = bot
        .fake
        .wait_for(Method::PATCH, "/messages/@original")
        .await;
    let incident = app.store.active_incident(PAYMENTS).await.unwrap().unwrap();
    let timeline = app.store.timeline(incident.id).await.unwrap();
    let entry = timeline
        .iter()
        .find(|e| e.kind == "alert.ack")
        .expect("the acknowledgement is on the incident's timeline");
    assert_eq!(
        entry.summary,
        "acknowledged the alert PaymentServiceAvailability"
    );
    let who = entry.actor.clone();
    let acknowledged = field(&marked, "Acknowledged");
    assert!(
        acknowledged.starts_with(&format!("✋ {who} · ")),
        "{acknowledged}"
    );
    let said = confirmed.json["content"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("✋ You acknowledged PaymentServiceAvailability at ")
            && said.ends_with(&format!("(on incident #{}'s timeline).", incident.id)),
        "{said}"
    );

    // Alertmanager re-notifies: the edited card still says who took it, and offers no
    // second acknowledgement.
    bot.post(&fixture("firing.json"), Some(TOKEN)).await;
    let renotified = loop {
        let patches = bot.fake.matching(&Method::PATCH, &card_path);
        if patches.len() == 2 {
            break patches[1].json.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(field(&renotified["embeds"][0], "Acknowledged").starts_with(&format!("✋ {who} · ")));
    assert_eq!(button_id(&renotified, "Acknowledge"), None);
    assert!(button_id(&renotified, "Declare incident").is_some());

    interact(&bot, "component_button.json", click(ack, embeds)).await;
    let refused = loop {
        let edits = bot.fake.matching(&Method::PATCH, "/messages/@original");
        if edits.len() == 2 {
            break edits[1].json["content"]
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        refused.contains(&format!(
            "{who} already acknowledged PaymentServiceAvailability at "
        )),
        "{refused}"
    );
}

#[tokio::test]
async fn an_alert_storm_triages_each_workload_once_within_the_concurrency_limit() {
    let bot = bot(&format!(
        "default_channel = \"{FALLBACK}\"\nmax_concurrent_triages = 3\n"
    ))
    .await;
    let template: Value = serde_json::from_str(&fixture("firing.json")).unwrap();
    let payloads: Vec<String> = (0..100)
        .map(|i| {
            let mut p = template.clone();
            let service = format!("svc-{}", i % 30);
            p["groupKey"] = format!("{{}}:{{alertname=\"Storm\", n=\"{i}\"}}").into();
            p["alerts"][0]["labels"]["service"] = service.clone().into();
            p["alerts"][0]["labels"]["n"] = i.to_string().into();
            p["commonLabels"]["service"] = service.into();
            p.to_string()
        })
        .collect();
    let answers =
        futures::future::join_all(payloads.iter().map(|p| bot.post(p, Some(TOKEN)))).await;
    assert!(
        answers.iter().all(|(status, _)| *status == 200),
        "{answers:?}"
    );
    let suffix = format!("/channels/{FALLBACK}/messages");
    let mut waited = 0;
    while bot.fake.matching(&Method::POST, &suffix).len() < 100 {
        assert!(
            waited < 1200,
            "only {} cards posted",
            bot.fake.matching(&Method::POST, &suffix).len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let metrics = bot.metrics().await;
    assert!(
        metrics.contains("warroom_alert_triages_total{result=\"ran\"} 30")
            && metrics.contains("warroom_alert_triages_total{result=\"reused\"} 70"),
        "one triage per workload: {metrics}"
    );
    let peak = bot.receiver.triages.peak();
    assert!((2..=3).contains(&peak), "{peak} triages ran at once");
    let reused = bot
        .fake
        .matching(&Method::POST, &suffix)
        .iter()
        .filter(|r| {
            r.json["embeds"][0]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| {
                    f["name"] == "Triage"
                        && f["value"]
                            .as_str()
                            .is_some_and(|v| v.contains(": one per workload every 5 min)_"))
                })
        })
        .count();
    assert_eq!(reused, 70, "the cards that reuse a triage say so");
}

#[tokio::test]
async fn a_group_spanning_two_routes_gets_a_card_in_each_channel() {
    let bot = bot(ROUTES).await;
    let (status, body) = bot.post(&fixture("grouped.json"), Some(TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "accepted 3 alerts of group {}:{alertname=\"KubePodCrashLooping\"}"
    );
    let payments = bot
        .card(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    assert_eq!(payments["title"], "🔥 FIRING · KubePodCrashLooping");
    assert!(
        payments["description"]
            .as_str()
            .unwrap()
            .starts_with("payment-service pods are restarting")
    );
    assert_eq!(field(&payments, "Alerts"), "1 firing of 1");
    let fallback = bot
        .fake
        .wait_for(Method::POST, &format!("/channels/{FALLBACK}/messages"))
        .await;
    let embed = &fallback.json["embeds"][0];
    assert!(
        embed["description"]
            .as_str()
            .unwrap()
            .starts_with("order-service pods are restarting")
    );
    assert_eq!(field(embed, "Alerts"), "1 firing of 2");
    assert_eq!(
        button_id(&fallback.json, "Full triage").as_deref(),
        Some("triage-of:production/order-service")
    );
}

#[tokio::test]
async fn a_truncated_group_says_how_many_alertmanager_left_out() {
    let bot = bot(ROUTES).await;
    let (status, body) = bot.post(&fixture("truncated.json"), Some(TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    let card = bot
        .card(Method::POST, &format!("/channels/{PAYMENTS}/messages"))
        .await;
    assert_eq!(card["title"], "🔥 FIRING · KubePodNotReady");
    assert_eq!(
        field(&card, "Alerts"),
        "2 firing of 2 (+7 left out by Alertmanager)"
    );
    assert_eq!(field(&card, "Started"), "2026-11-26 14:31 UTC");
}

#[tokio::test]
async fn malformed_bodies_get_400_with_the_reason() {
    let bot = bot(ROUTES).await;
    for (name, reason) in [
        ("malformed.json", "missing field `status` at line 1 column"),
        (
            "malformed-time.json",
            "input contains invalid characters at line 2",
        ),
        (
            "malformed-cut.json",
            "EOF while parsing a string at line 21 column",
        ),
    ] {
        let (status, body) = bot.post(&fixture(name), Some(TOKEN)).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert!(
            body.starts_with("not an Alertmanager webhook payload: ") && body.contains(reason),
            "{name}: {body}"
        );
    }
    let version = fixture("firing.json").replace("\"version\": \"4\"", "\"version\": \"3\"");
    let (status, body) = bot.post(&version, Some(TOKEN)).await;
    assert_eq!(
        (status, body.contains("unsupported payload version \"3\"")),
        (400, true),
        "{body}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(bot.fake.requests().is_empty(), "{:?}", bot.fake.requests());
    assert!(
        bot.metrics()
            .await
            .contains("warroom_alerts_total{result=\"refused\"} 4")
    );
}

async fn postmortem(app: &App, channel: &str) -> String {
    let reply = handle(
        app,
        &Invocation {
            actor: Actor {
                id: "1".into(),
                name: "alice".into(),
                roles: Vec::new(),
            },
            channel: channel.into(),
            input: Input::Line("/postmortem".into()),
            files: Vec::new(),
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await;
    assert!(!reply.is_error, "{}", reply.markdown);
    String::from_utf8(reply.files[0].bytes.clone()).unwrap()
}

#[tokio::test]
async fn an_incident_declared_from_an_alert_names_it_in_the_postmortems_detection_on_both_backends()
{
    use warroom::command::button;
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-11-26T{t}:00Z"))
            .unwrap()
            .to_utc()
    };
    for db in db::fresh_databases().await {
        let backend = db.backend;
        let clock = Clock::manual(at("14:33"));
        let app = App::test(db.store().await, clock.clone());
        let routes = Routes::new(&AlertsConfig::default()).unwrap();
        let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
        let payload = warroom::alerts::parse(fixture("firing.json").as_bytes()).unwrap();
        let mut declare = None;
        for channel in [PAYMENTS, FALLBACK] {
            let processed =
                warroom::alerts::card::process(&app, &routes.only(channel), &triages, &payload)
                    .await
                    .unwrap();
            declare = processed.deliveries[0]
                .reply
                .buttons
                .iter()
                .find(|b| b.label == "Declare incident")
                .map(|b| b.custom_id.clone());
        }
        let declare = declare.expect("a Declare incident button");
        let (severity, started, services) = button::parse_declare(&declare).unwrap();
        clock.set(at("14:38"));
        let started = chrono::DateTime::from_timestamp(started, 0).unwrap();
        open_incident(
            &app,
            PAYMENTS,
            &format!(
                "/incident open title:\"payments down\" severity:{severity} services:{services} \
                 started:{}",
                started.to_rfc3339()
            ),
        )
        .await;
        let report = postmortem(&app, PAYMENTS).await;
        for expected in [
            "| Impact window | 2026-11-26 14:32 UTC–ongoing (6 min so far) |",
            "## Detection\n\n- Alertmanager alert **PaymentServiceAvailability** fired at \
             2026-11-26 14:32 UTC (payment-service availability 83.5% (SLO 99.99%)); warroom \
             posted its card at 2026-11-26 14:33 UTC.\n- Declared from the alert 6 min after it \
             fired, at 2026-11-26 14:38 UTC, by alice.\n\n## Resolution",
        ] {
            assert!(
                report.contains(expected),
                "{backend}: {expected:?} in:\n{report}"
            );
        }

        // Opened by hand, its impact starting when it was declared: no alert is claimed.
        open_incident(
            &app,
            FALLBACK,
            "/incident open title:\"checkout slow\" severity:sev3 services:checkout",
        )
        .await;
        let report = postmortem(&app, FALLBACK).await;
        assert!(
            report.contains(
                "## Detection\n\n- Declared in chat at 2026-11-26 14:38 UTC by alice.\n\n"
            ),
            "{backend}: {report}"
        );
        assert!(!report.contains("Alertmanager alert"), "{backend}");
    }
}
