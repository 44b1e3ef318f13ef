//! `/watch` end to end: the seed's payment-service pods recover step by step on the fake API
//! server's watch stream; the watch posts the changes that matter (and nothing else), each as a
//! timeline entry with evidence and a health sample, the healthy post with Mark mitigated;
//! a 410 Gone re-lists without a duplicate; a restarted process resumes without duplicates;
//! on PostgreSQL two replicas post each change once.

#[path = "support/db.rs"]
mod db;

use axum::http::Method;
use chrono::{DateTime, Duration};
use warroom::app::{App, Clock};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::command::button;
use warroom::demo::apiserver::{
    ApiReply, FakeApiServer, SELF_SUBJECT_ACCESS_REVIEWS, StatusCode, WatchRound,
};
use warroom::demo::seed;
use warroom::handlers::handle;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::render::Reply;
use warroom::scheduler::Channels;
use warroom::store::Store;
use warroom::watch::{WatchPost, Watcher};

const CHANNEL: &str = "payments";

/// A fresh SQLite database (the store's own tests cover both backends).
async fn sqlite() -> db::TestDb {
    db::fresh_databases()
        .await
        .into_iter()
        .find(|d| d.backend == "sqlite")
        .unwrap()
}

/// The seed cluster whose payment-service pods answer watches with `rounds`.
async fn server(rounds: Vec<WatchRound>) -> FakeApiServer {
    let scenario = seed::seed_scenario().watch_rounds(seed::PODS_PATH, rounds);
    FakeApiServer::start(scenario).await.unwrap()
}

fn app(store: Store, server: &FakeApiServer, clock: &Clock) -> App {
    App {
        clusters: Some(
            Clusters::new(vec![ClusterSpec::with_server(
                "prod-cluster-01",
                server.url(),
            )])
            .unwrap(),
        ),
        ..App::test(store, clock.clone())
    }
}

fn clock() -> Clock {
    Clock::manual(
        DateTime::parse_from_rfc3339("2026-11-26T18:25:00Z")
            .unwrap()
            .to_utc(),
    )
}

async fn say(app: &App, input: Input) -> Reply {
    handle(
        app,
        &Invocation {
            actor: Actor {
                id: "u1".into(),
                name: "alice".into(),
                roles: vec![],
            },
            channel: CHANNEL.into(),
            input,
            files: vec![],
            direct_message: false,
            locale: Default::default(),
        },
    )
    .await
}

async fn line(app: &App, text: &str) -> Reply {
    let r = say(app, Input::Line(text.into())).await;
    assert!(!r.is_error, "{text}: {}", r.markdown);
    r
}

/// Opens the incident and starts watching payment-service.
async fn start(app: &App) -> Reply {
    line(
        app,
        "/incident open title:\"Payments down\" severity:sev1 services:payment-service",
    )
    .await;
    line(
        app,
        "/watch service:payment-service namespace:production step:5",
    )
    .await
}

/// One round at `clock + seconds`; the posts' texts.
async fn round(w: &Watcher, app: &App, clock: &Clock, seconds: i64) -> Vec<WatchPost> {
    clock.advance(Duration::seconds(seconds));
    w.round(app, Channels::One(CHANNEL)).await.unwrap()
}

fn texts(posts: &[WatchPost]) -> Vec<String> {
    posts.iter().map(|p| p.reply.markdown.clone()).collect()
}

/// The summaries of the incident's watch posts, with how many evidence rows each has.
async fn watch_entries(app: &App) -> Vec<(String, usize)> {
    app.store
        .timeline(1)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "watch.post")
        .map(|e| (e.summary, e.evidence.len()))
        .collect()
}

#[tokio::test]
async fn the_watch_posts_what_matters_then_healthy_with_mark_mitigated() {
    // A 410 Gone first, then 3, 5 and 7 pods recover (15 in all).
    let mut rounds = vec![WatchRound::gone()];
    rounds.extend(seed::recovery_rounds("payment-service", &[3, 5, 7]));
    let server = server(rounds).await;
    let db = sqlite().await;
    let clock = clock();
    let app = app(db.store().await, &server, &clock);
    let started = start(&app).await;
    assert!(
        started
            .markdown
            .contains("**Watching payment-service** in production (cluster prod-cluster-01)"),
        "{}",
        started.markdown
    );
    assert!(
        started
            .markdown
            .contains("0/15 ready, 15 failing (mostly CrashLoopBackOff)"),
        "{}",
        started.markdown
    );
    assert!(
        started
            .markdown
            .contains("node under pressure: node-5 MemoryPressure")
    );

    let w = Watcher::new();
    // The first round lists; the second meets the 410 and lists again; the third sees 3 pods
    // recover (under the step of 5): nothing to say.
    for _ in 0..3 {
        assert!(texts(&round(&w, &app, &clock, 15).await).is_empty());
    }
    // 5 more recover: 15 → 7 failing.
    let posts = texts(&round(&w, &app, &clock, 15).await);
    assert_eq!(
        posts,
        vec!["👀 **payment-service**: failing 15 → 7 of 15 (8 ready).\n"]
    );
    // The last 7 recover 30 s later: held back (one post a minute), then posted.
    assert!(texts(&round(&w, &app, &clock, 30).await).is_empty());
    let posts = round(&w, &app, &clock, 30).await;
    assert_eq!(
        texts(&posts),
        vec!["👀 **payment-service**: no pod failing (15/15 ready; was 7 failing).\n"]
    );
    assert!(posts[0].reply.buttons.is_empty());
    // Ten minutes of every pod ready and no restart: the healthy post, with the button.
    assert!(texts(&round(&w, &app, &clock, 9 * 60).await).is_empty());
    let posts = round(&w, &app, &clock, 60).await;
    assert_eq!(
        texts(&posts),
        vec![
            "✅ **payment-service healthy for 10 min** (15/15 ready, no restarts). Mark the \
             incident mitigated?\n"
        ]
    );
    let mark = &posts[0].reply.buttons;
    assert_eq!(mark.len(), 1);
    assert_eq!(mark[0].label, "Mark mitigated");
    assert!(texts(&round(&w, &app, &clock, 600).await).is_empty());

    assert_eq!(
        watch_entries(&app).await,
        vec![
            (
                "payment-service: failing 15 → 7 of 15 (8 ready)".to_string(),
                1
            ),
            (
                "payment-service: failing 7 → 0 of 15 (15 ready)".to_string(),
                1
            ),
            (
                "payment-service: healthy for 10 min (15/15 ready, no restarts)".to_string(),
                1
            ),
        ]
    );
    let samples = app.store.samples(1).await.unwrap();
    let failing: Vec<i64> = samples.iter().map(|s| s.failing).collect();
    assert_eq!(failing, vec![15, 7, 0, 0]);

    // The button records the milestone, as /incident mitigated does.
    let pressed = say(&app, Input::Button(mark[0].custom_id.clone())).await;
    assert!(!pressed.is_error, "{}", pressed.markdown);
    assert_eq!(mark[0].custom_id, button::MARK_MITIGATED);
    let incident = app.store.incident(1).await.unwrap();
    assert!(incident.mitigated_at.is_some());

    // Every request was a GET; the watch asked for the pods with the workload's selector.
    assert!(server.non_get_requests().is_empty());
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.param("watch") == Some("true")
                && r.param("labelSelector") == Some("app=payment-service"))
    );
}

#[tokio::test]
async fn a_restarted_process_resumes_without_duplicates_and_resolve_ends_the_watch() {
    let server = server(seed::recovery_rounds("payment-service", &[8, 7])).await;
    let db = sqlite().await;
    let clock = clock();
    let app = app(db.store().await, &server, &clock);
    start(&app).await;
    let first = Watcher::new();
    assert!(round(&first, &app, &clock, 15).await.is_empty());
    assert_eq!(round(&first, &app, &clock, 15).await.len(), 1, "15 → 7");
    // The process dies; another starts on the same database after the lease lapsed. It lists
    // afresh (7 failing, as the channel was told): nothing is posted again.
    drop(first);
    let second = Watcher::new();
    assert!(round(&second, &app, &clock, 5 * 60).await.is_empty());
    // It goes on watching from there.
    let posts = texts(&round(&second, &app, &clock, 15).await);
    assert_eq!(
        posts,
        vec!["👀 **payment-service**: no pod failing (15/15 ready; was 7 failing).\n"]
    );
    assert_eq!(watch_entries(&app).await.len(), 2);

    // /incident resolve ends the watch: no more rounds for it.
    line(&app, "/incident resolve").await;
    assert!(app.store.running_watches(1).await.unwrap().is_empty());
    assert!(round(&second, &app, &clock, 11 * 60).await.is_empty());
}

#[tokio::test]
async fn watch_stop_and_the_duration_end_a_watch() {
    let server = server(Vec::new()).await;
    let db = sqlite().await;
    let clock = clock();
    let app = app(db.store().await, &server, &clock);
    start(&app).await;
    let again = say(
        &app,
        Input::Line("/watch service:payment-service namespace:production".into()),
    )
    .await;
    assert!(again.is_error);
    assert!(
        again.markdown.contains(
            "payment-service in production is already watched until 2026-11-26 20:25 UTC"
        ),
        "{}",
        again.markdown
    );
    let stopped = line(&app, "/watch stop").await;
    assert_eq!(
        stopped.markdown,
        "👀 Stopped watching **payment-service**.\n"
    );
    let none = say(&app, Input::Line("/watch stop".into())).await;
    assert!(
        none.markdown
            .contains("no watch is running on this incident")
    );

    let missing = say(
        &app,
        Input::Line("/watch service:billing namespace:production".into()),
    )
    .await;
    assert!(missing.is_error);
    assert!(
        missing
            .markdown
            .contains("found no pods of billing in namespace production"),
        "{}",
        missing.markdown
    );

    line(
        &app,
        "/watch service:payment-service namespace:production for:30m",
    )
    .await;
    let w = Watcher::new();
    assert!(round(&w, &app, &clock, 15).await.is_empty());
    let posts = texts(&round(&w, &app, &clock, 30 * 60).await);
    assert_eq!(
        posts,
        vec![
            "👀 Stopped watching **payment-service** in production: its 30 min are up. Start \
             again with `/watch service:payment-service namespace:production`.\n"
        ]
    );
    assert!(app.store.running_watches(1).await.unwrap().is_empty());
    let kinds: Vec<String> = app
        .store
        .timeline(1)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.starts_with("watch"))
        .map(|e| format!("{} {}", e.kind, e.outcome.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "watch ok",
            "watch error",
            "watch.stop ok",
            "watch.stop error",
            "watch error",
            "watch ok",
            "watch.end system",
        ]
    );
}

#[tokio::test]
async fn a_watch_the_api_server_refuses_is_not_started() {
    let denied = r#"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
        "metadata":{},"spec":{},"status":{"allowed":false,"reason":"no RBAC policy matched"}}"#;
    let scenario = seed::seed_scenario().route(
        Method::POST,
        SELF_SUBJECT_ACCESS_REVIEWS,
        ApiReply::json(StatusCode::CREATED, denied),
    );
    let server = FakeApiServer::start(scenario).await.unwrap();
    let db = sqlite().await;
    let app = app(db.store().await, &server, &clock());
    line(
        &app,
        "/incident open title:\"Payments down\" severity:sev1 services:payment-service",
    )
    .await;
    let refused = say(
        &app,
        Input::Line("/watch service:payment-service namespace:production".into()),
    )
    .await;
    assert!(refused.is_error);
    assert!(
        refused.markdown.contains(
            "warroom may not watch pods in namespace production (no RBAC policy matched): grant \
             get, list and watch on pods"
        ),
        "{}",
        refused.markdown
    );
    assert!(app.store.running_watches(1).await.unwrap().is_empty());
}

#[tokio::test]
async fn two_replicas_on_postgres_post_each_change_once() {
    let Some(db) = db::fresh_databases()
        .await
        .into_iter()
        .find(|d| d.backend == "postgres")
    else {
        return;
    };
    let store = db.store().await;
    let server = server(seed::recovery_rounds("payment-service", &[8, 7])).await;
    let clock = clock();
    let a = app(store.clone(), &server, &clock);
    let b = app(store, &server, &clock);
    start(&a).await;
    let (wa, wb) = (Watcher::new(), Watcher::new());
    let mut posted = Vec::new();
    for _ in 0..4 {
        clock.advance(Duration::seconds(61));
        let (pa, pb) = tokio::join!(
            wa.round(&a, Channels::One(CHANNEL)),
            wb.round(&b, Channels::One(CHANNEL))
        );
        let (pa, pb) = (pa.unwrap(), pb.unwrap());
        assert!(
            pa.is_empty() || pb.is_empty(),
            "only the lease holder posts"
        );
        posted.extend(texts(&pa));
        posted.extend(texts(&pb));
    }
    assert_eq!(
        posted,
        vec![
            "👀 **payment-service**: failing 15 → 7 of 15 (8 ready).\n",
            "👀 **payment-service**: no pod failing (15/15 ready; was 7 failing).\n",
        ]
    );
    assert_eq!(watch_entries(&a).await.len(), 2);
}
