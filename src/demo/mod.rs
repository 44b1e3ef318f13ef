//! The built-in demo: the seed incident's cluster served in-process, and a scripted session
//! (the seed's Alertmanager alert and its card → declared from the card → roles → triage →
//! notes → updates → a watch of the recovery, whose Mark mitigated button alice presses →
//! milestones → postmortem) that writes its transcript, the postmortem, the
//! triages' failing-pod pictures (the overview's is the seed's `pods.png`) and the incident's
//! chart (`timeline.png`, attached to the postmortem).
//! It needs no config, network, token or kubeconfig.

pub mod apiserver;
// Generated scenarios for tests and benches only (feature `testkit`), not shipped.
#[cfg(feature = "testkit")]
pub mod breadth;
#[cfg(feature = "testkit")]
pub mod scenario;
pub mod seed;
mod server_side;

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use http::{Method, StatusCode};

use crate::alerts::{self, AlertsConfig, Routes, Triages};
use crate::app::{App, Clock, Settings};
use crate::cluster::{ClusterSpec, Clusters};
use crate::command::button;
use crate::handlers;
use crate::i18n::Locale;
use crate::invocation::{Actor, InboundFile, Input, Invocation};
use crate::render::{Renderer, Reply};
use crate::scheduler::{self, Channels};
use crate::store::{Store, StoreError};
use crate::watch::Watcher;
use apiserver::{ApiReply, FakeApiServer, SELF_SUBJECT_ACCESS_REVIEWS};

/// Why the demo could not run.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot write to {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the built-in demo cluster: {0}")]
    Cluster(String),
    #[error("demo step {step:?} failed: {reply}")]
    Step { step: String, reply: String },
}

/// The seed's alert as Alertmanager's webhook delivers it: payment-service availability fell
/// to 83.5% at 18:14.
const SEED_ALERT: &str = include_str!("seed/alertmanager-firing.json");
/// When the seed's alert reaches warroom (minutes after 18:00).
const ALERT_MINUTE: i64 = 15;
/// When alice declares the incident from the alert card (minutes after 18:00).
const DECLARE_MINUTE: i64 = 19;
/// What alice adds to the form the alert prefilled.
const DECLARE_ADDS: &str = "order-service";
const DECLARE_TEAMS: &str = "ops,dev,network,storage";

/// One scripted step: when (minutes after 18:00 UTC on the seed day, the day the fixtures were recorded), who, and what:
/// the line as the team types it in English and in Chinese (the same line when it holds no words
/// of theirs).
struct Step {
    at_minute: i64,
    actor: &'static str,
    line: &'static str,
    line_zh: &'static str,
    file: Option<(&'static str, &'static str)>,
}

impl Step {
    /// The line as a team speaking `locale` types it.
    fn line(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.line,
            Locale::ZhCn => self.line_zh,
        }
    }
}

/// How many payment-service pods the demo cluster's watch sees recover, round by round, once
/// `/watch` follows them (served rounds also change later lists).
const RECOVERY: [usize; 2] = [8, 7];
/// The last minute (after 18:00) by which the watch's rounds must have offered Mark mitigated;
/// alice presses it then (the seed's mitigation, 19:43).
const MITIGATED_MINUTE: i64 = 103;

/// The demo cluster's answer to a SelfSubjectAccessReview (`/watch` asks one): allowed, as the
/// ClusterRole in deploy/ grants.
const REVIEW_ALLOWED: &str = r#"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{},"status":{"allowed":true}}"#;

/// The channel the scripted session runs in.
const CHANNEL: &str = "incident-payments";

/// A command the same in every language.
const fn step(at_minute: i64, actor: &'static str, line: &'static str) -> Step {
    said(at_minute, actor, line, line)
}

/// A command with the team's own words, in English and in Chinese.
const fn said(
    at_minute: i64,
    actor: &'static str,
    line: &'static str,
    line_zh: &'static str,
) -> Step {
    Step {
        at_minute,
        actor,
        line,
        line_zh,
        file: None,
    }
}

const PAYMENT_LOG: &str = include_str!("seed/payment-previous.log");

/// The seed incident, as the on-call team would type it.
const SCRIPT: &[Step] = &[
    step(20, "alice", "/incident role commander:@alice comms:@bob"),
    step(22, "alice", "/triage overview namespace:production"),
    step(
        23,
        "alice",
        "/triage service:payment-service namespace:production",
    ),
    step(
        25,
        "carol",
        "/logs pod:payment-service-7d9c8b6f5d-22mfr namespace:production previous:true",
    ),
    step(
        26,
        "carol",
        "/triage service:order-service namespace:production",
    ),
    Step {
        file: Some(("payment-previous.log", PAYMENT_LOG)),
        ..said(
            30,
            "carol",
            "/note text:\"App log says 'started successfully' but the previous container died: OutOfMemoryError after warm-up\" file:payment-previous.log",
            "/note text:\"应用日志显示 `Application started successfully`，但上一个容器预热后因 OutOfMemoryError 退出\" file:payment-previous.log",
        )
    },
    said(
        36,
        "dave",
        "/note text:\"Storage: payment-data volume on Ceph is 100% full (OSD.12 failed, capacity miscalculated)\" tag:cause",
        "/note text:\"存储：Ceph 上的 payment-data 卷使用率 100%（OSD.12 故障导致容量计算错误）\" tag:cause",
    ),
    said(
        38,
        "alice",
        "/action add owner:\"storage team\" due:2026-12-01 text:\"Deploy Ceph OSD-level health monitoring\"",
        "/action add owner:\"存储团队\" due:2026-12-01 text:\"部署 Ceph OSD 健康监控\"",
    ),
    said(
        39,
        "alice",
        "/action add owner:\"ops team\" due:2026-11-29 text:\"Enable PVC auto-expansion (StorageClass allowVolumeExpansion)\"",
        "/action add owner:\"运维团队\" due:2026-11-29 text:\"启用 PVC 自动扩容（StorageClass allowVolumeExpansion）\"",
    ),
    said(
        40,
        "alice",
        "/action add owner:\"architecture group\" due:2026-12-17 text:\"Multi-AZ replicas for the storage pools\"",
        "/action add owner:\"架构组\" due:2026-12-17 text:\"实施存储多 AZ 副本策略\"",
    ),
    said(
        41,
        "bob",
        "/action add owner:\"dev team\" due:2026-12-03 text:\"Memory limit 4Gi and -XX:MaxRAMPercentage=80 for payment-service and order-service; startupProbe instead of a 2 s liveness delay\"",
        "/action add owner:\"开发团队\" due:2026-12-03 text:\"payment-service 和 order-service 内存 limit 调整为 4Gi 并加 -XX:MaxRAMPercentage=80；用 startupProbe 替代 2 秒的 liveness 初始延迟\"",
    ),
];

const SCRIPT_LATER: &[Step] = &[
    said(
        80,
        "bob",
        "/status update state:\"25 of 32 pods recovered, 7 still restarting; root cause confirmed: Ceph volume full (OSD.12 failure miscalculated capacity)\" done:\"[storage] OSD.12 replaced, storage cluster healthy; [ops] PVC expanded to 100Gi, pods on failing nodes evicted; [dev] rolled back the config change suspected of leaking memory\" next:\"all pods recovered by 19:45; storage architecture review tonight 22:00\" risks:\"node-5 memory still above 90% (add capacity)\"",
        "/status update state:\"已恢复 25 个 Pod，剩余 7 个仍在重启；确认根因：Ceph 存储卷空间耗尽（OSD.12 故障导致容量计算错误）\" done:\"[存储团队] 已完成 OSD.12 替换，存储集群恢复健康；[运维团队] 受影响 PVC 扩容至 100Gi，已驱逐故障节点上的 Pod；[开发团队] 已回滚可能导致内存泄漏的配置变更\" next:\"19:45 前完成所有 Pod 恢复；今晚 22:00 进行存储系统架构评审\" risks:\"节点 node-5 内存使用率仍高于 90%（建议后续扩容）\"",
    ),
    step(
        88,
        "alice",
        "/watch service:payment-service namespace:production",
    ),
    said(
        104,
        "dave",
        "/note text:\"Storage capacity monitoring does not cover OSD-level metrics\" tag:deeper-cause",
        "/note text:\"存储容量监控未覆盖 OSD 级指标\" tag:deeper-cause",
    ),
    said(
        104,
        "dave",
        "/note text:\"PVC auto-expansion is not enabled\" tag:deeper-cause",
        "/note text:\"PVC 自动扩容策略未启用\" tag:deeper-cause",
    ),
    said(
        105,
        "carol",
        "/note text:\"Ceph OSD.12 disk failure; settlement-cache warm-up then exhausted a 2Gi heap\" tag:trigger",
        "/note text:\"Ceph OSD.12 磁盘故障；随后 settlement-cache 预热耗尽了 2Gi 堆内存\" tag:trigger",
    ),
    said(
        106,
        "bob",
        "/note text:\"Replaced OSD.12, expanded the PVC to 100Gi, raised the memory limit to 4Gi, allowed DNS egress\" tag:resolution",
        "/note text:\"已替换 OSD.12，PVC 扩容至 100Gi，内存 limit 提高到 4Gi，放通 DNS 出站流量\" tag:resolution",
    ),
    step(121, "alice", "/incident resolve"),
    said(
        128,
        "alice",
        "/note text:\"Announcement with per-team action items within 5 minutes; every conclusion came with evidence\" tag:went-well",
        "/note text:\"5 分钟内发出带各团队紧急行动项的故障通告；所有结论都附带了证据\" tag:went-well",
    ),
    said(
        128,
        "alice",
        "/note text:\"Liveness probe fired 2 s after start while the JVM needs ~12 s, masking the OOM\" tag:went-wrong",
        "/note text:\"livenessProbe 在启动 2 秒后就开始探测，而 JVM 启动需要约 12 秒，掩盖了 OOM\" tag:went-wrong",
    ),
    said(
        129,
        "alice",
        "/note text:\"The default-deny NetworkPolicy also blocked DNS; found only because the logs showed UnknownHostException\" tag:lucky",
        "/note text:\"default-deny NetworkPolicy 同时拦截了 DNS；靠日志里的 UnknownHostException 才发现\" tag:lucky",
    ),
    said(
        129,
        "alice",
        "/note text:\"Storage incident runbook section 3.2 added; JVM memory settings training for the dev team\" tag:lesson",
        "/note text:\"新增《存储故障应急手册》第 3.2 节；开发团队完成 JVM 内存配置培训\" tag:lesson",
    ),
    step(138, "alice", "/incident close"),
    step(139, "alice", "/postmortem"),
];

fn seed_start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn invocation(actor: &str, line: String, file: Option<(&str, &str)>) -> Invocation {
    Invocation {
        actor: Actor {
            id: actor.into(),
            name: actor.into(),
            roles: Vec::new(),
        },
        channel: CHANNEL.into(),
        input: Input::Line(line),
        files: file
            .map(|(name, text)| {
                vec![InboundFile {
                    name: name.into(),
                    bytes: text.as_bytes().to_vec(),
                }]
            })
            .unwrap_or_default(),
        direct_message: false,
        locale: Default::default(),
    }
}

/// Starts the built-in demo cluster (the seed incident served in-process by a fake API server,
/// as if recorded at `now`: see `seed::seed_scenario_at`) and a `Clusters` with one cluster,
/// `name`, pointing at it. Keep the server alive while the clusters are used.
pub async fn demo_cluster(
    name: &str,
    now: DateTime<Utc>,
) -> Result<(FakeApiServer, Clusters), DemoError> {
    let recovery = seed::recovery_rounds_at("payment-service", &RECOVERY, now);
    let scenario = seed::seed_scenario_at(now)
        .watch_rounds(seed::PODS_PATH, recovery)
        .route(
            Method::POST,
            SELF_SUBJECT_ACCESS_REVIEWS,
            ApiReply::json(StatusCode::CREATED, REVIEW_ALLOWED),
        );
    let server = FakeApiServer::start(scenario)
        .await
        .map_err(|e| DemoError::Cluster(e.to_string()))?;
    let clusters = Clusters::new(vec![ClusterSpec::with_server(name, server.url())])
        .map_err(|e| DemoError::Cluster(e.to_string()))?;
    Ok((server, clusters))
}

/// The demo's opening: Alertmanager delivers the seed's alert, warroom posts its card with the
/// triage of payment-service, and alice declares the incident with the card's Declare button —
/// the form prefilled from the alert (title, severity, service, impact start), to which she adds
/// order-service and the teams. Returns the transcript of both; the card's picture is
/// written to `out`.
async fn declare_from_the_alert(app: &App, clock: &Clock, out: &Path) -> Result<String, DemoError> {
    let failed = |step: &str, reply: String| DemoError::Step {
        step: step.into(),
        reply,
    };
    clock.set(seed_start() + Duration::minutes(ALERT_MINUTE));
    let payload = alerts::parse(SEED_ALERT.as_bytes())
        .map_err(|e| failed("the seed's alert", e.to_string()))?;
    let routes = Routes::new(&AlertsConfig::default())
        .map_err(|e| failed("the alert routes", e.to_string()))?
        .only(CHANNEL);
    let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
    let processed = alerts::card::process(app, &routes, &triages, &payload).await?;
    let card = processed
        .deliveries
        .first()
        .map(|d| d.reply.clone())
        .ok_or_else(|| failed("the alert card", "the seed's alert made no card".into()))?;
    let r = &app.renderer;
    let mut transcript = format!(
        "**{}** · {}\n\n{}{}\n\n---\n\n",
        r.time(clock.now()),
        r.t("demo-alert", &[]),
        card.markdown.trim_end(),
        pictures(r, out, &card, "pods-alert.png")?
    );
    let (severity, started, services) = card
        .buttons
        .iter()
        .find_map(|b| button::parse_declare(&b.custom_id))
        .ok_or_else(|| failed("the alert card", "no Declare incident button".into()))?;
    let title = card
        .cards
        .first()
        .and_then(|c| c.description.lines().next())
        .unwrap_or("payment failures");
    let started = DateTime::from_timestamp(started, 0)
        .ok_or_else(|| failed("the alert card", format!("impact start {started}")))?;
    let line = format!(
        "/incident open title:\"{title}\" severity:{severity} services:{services},{DECLARE_ADDS} \
         teams:{DECLARE_TEAMS} started:{}",
        started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    clock.set(seed_start() + Duration::minutes(DECLARE_MINUTE));
    let reply = handlers::handle(app, &invocation("alice", line.clone(), None)).await;
    if reply.is_error {
        return Err(failed(&line, reply.markdown));
    }
    let declared = r.t(
        "demo-declare",
        &[
            ("who", "alice".into()),
            ("button", r.t("button-declare-incident", &[]).into()),
            ("adds", DECLARE_ADDS.into()),
        ],
    );
    transcript.push_str(&format!(
        "**{}** · {declared}\n\n```text\n{line}\n```\n\n{}\n\n---\n\n",
        r.time(clock.now()),
        reply.markdown.trim_end()
    ));
    Ok(transcript)
}

/// The file a step's picture is written to: the postmortem's chart is `timeline.png`, a
/// workload's triage picture is named after it, the overview's is the seed's `pods.png`.
fn picture_name(line: &str) -> String {
    if line.starts_with("/postmortem") {
        return handlers::TIMELINE_PNG.into();
    }
    match line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("service:"))
    {
        Some(service) => format!("pods-{service}.png"),
        None => "pods.png".into(),
    }
}

/// Writes the reply's picture (if it has one) to `out` as `name`, and returns the transcript's
/// line that shows it.
fn pictures(r: &Renderer, out: &Path, reply: &Reply, name: &str) -> Result<String, DemoError> {
    let Some(picture) = reply.files.iter().find(|f| f.is_image()) else {
        return Ok(String::new());
    };
    let path = out.join(name);
    std::fs::write(&path, &picture.bytes).map_err(|source| DemoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let shows = if picture.name == handlers::TIMELINE_PNG {
        "timeline"
    } else {
        "pods"
    };
    let alt = r.t(
        "demo-picture",
        &[
            ("shows", shows.into()),
            ("file", picture.name.as_str().into()),
        ],
    );
    Ok(format!("\n\n![{alt}]({name})"))
}

fn write(path: &Path, text: &str) -> Result<(), DemoError> {
    std::fs::write(path, text).map_err(|source| DemoError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The watch's rounds, one a minute, from the minute after `/watch` until it offers Mark
/// mitigated, which alice presses at `MITIGATED_MINUTE`: the posts and the press, as transcript.
async fn follow_the_watch(app: &App, clock: &Clock) -> Result<String, DemoError> {
    let failed = |reply: String| DemoError::Step {
        step: "watch round".into(),
        reply,
    };
    let watcher = Watcher::new();
    let mut transcript = String::new();
    let mark = loop {
        clock.advance(Duration::minutes(1));
        if clock.now() >= seed_start() + Duration::minutes(MITIGATED_MINUTE) {
            return Err(failed(
                "the watch did not offer Mark mitigated in time".into(),
            ));
        }
        let posts = watcher
            .round(app, Channels::One(CHANNEL))
            .await
            .map_err(|e| failed(e.to_string()))?;
        let mut offered = None;
        for post in posts {
            transcript.push_str(&format!(
                "**{}** · {}\n\n{}\n\n---\n\n",
                app.renderer.time(clock.now()),
                app.renderer.t("demo-watch", &[]),
                post.reply.markdown.trim_end()
            ));
            offered = offered.or_else(|| {
                post.reply
                    .buttons
                    .into_iter()
                    .find(|b| b.custom_id == button::MARK_MITIGATED)
            });
        }
        if let Some(mark) = offered {
            break mark;
        }
    };
    clock.set(seed_start() + Duration::minutes(MITIGATED_MINUTE));
    let pressed = handlers::handle(
        app,
        &Invocation {
            input: Input::Button(mark.custom_id.clone()),
            ..invocation("alice", String::new(), None)
        },
    )
    .await;
    if pressed.is_error {
        return Err(failed(pressed.markdown));
    }
    let r = &app.renderer;
    transcript.push_str(&format!(
        "**{}** · {}\n\n{}\n\n---\n\n",
        r.time(clock.now()),
        r.t(
            "demo-pressed",
            &[
                ("who", "alice".into()),
                ("button", mark.label.as_str().into())
            ],
        ),
        pressed.markdown.trim_end()
    ));
    Ok(transcript)
}

/// Runs the scripted seed incident into `out` (transcript.md, postmortem.md and the SQLite
/// database it used) and returns a short summary.
pub async fn run(renderer: Renderer, out: &Path) -> Result<String, DemoError> {
    std::fs::create_dir_all(out).map_err(|source| DemoError::Io {
        path: out.display().to_string(),
        source,
    })?;
    let db = out.join("warroom-demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let path = out.join(format!("warroom-demo.db{suffix}"));
        if path.exists() {
            std::fs::remove_file(&path).map_err(|source| DemoError::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    let store = Store::connect(&format!("sqlite://{}", db.display())).await?;
    let (server, clusters) = demo_cluster("prod-cluster-01", seed::recorded_at()).await?;
    let clock = Clock::manual(seed_start());
    let app = App {
        store,
        renderer,
        clock: clock.clone(),
        settings: Settings::default(),
        clusters: Some(clusters),
        policy: None,
    };
    let locale = app.renderer.locale();
    let mut transcript = format!("# {}\n\n", app.renderer.t("demo-title", &[]));
    let mut postmortem = String::new();
    transcript.push_str(&declare_from_the_alert(&app, &clock, out).await?);
    for (i, s) in SCRIPT.iter().chain(SCRIPT_LATER).enumerate() {
        let at = seed_start() + Duration::minutes(s.at_minute);
        if i == SCRIPT.len() {
            clock.set(at - Duration::minutes(1));
            let step = |e: crate::store::StoreError| DemoError::Step {
                step: "reminder".into(),
                reply: e.to_string(),
            };
            let mut reminders = Vec::new();
            for c in scheduler::claim_due(&app, Channels::One(CHANNEL))
                .await
                .map_err(step)?
            {
                scheduler::record(&app, &c, &Ok(())).await.map_err(step)?;
                reminders.push(c.notice.markdown);
            }
            for markdown in reminders {
                transcript.push_str(&format!(
                    "**{}** · {}\n\n{}\n\n---\n\n",
                    app.renderer.time(clock.now()),
                    app.renderer.t("demo-reminder", &[]),
                    markdown.trim_end()
                ));
            }
        }
        clock.set(at);
        let line = s.line(locale);
        let reply = handlers::handle(&app, &invocation(s.actor, line.to_string(), s.file)).await;
        if reply.is_error {
            return Err(DemoError::Step {
                step: line.into(),
                reply: reply.markdown,
            });
        }
        transcript.push_str(&format!(
            "**{}** · {}\n\n```text\n{}\n```\n\n{}{}\n\n---\n\n",
            app.renderer.time(at),
            s.actor,
            line,
            reply.markdown.trim_end(),
            pictures(&app.renderer, out, &reply, &picture_name(line))?
        ));
        if let Some(file) = reply
            .files
            .iter()
            .find(|f| f.name.starts_with("postmortem"))
        {
            postmortem = String::from_utf8_lossy(&file.bytes).into_owned();
        }
        if line.starts_with("/watch ") {
            transcript.push_str(&follow_the_watch(&app, &clock).await?);
        }
    }
    drop(server);
    write(&out.join("transcript.md"), &transcript)?;
    write(&out.join("postmortem.md"), &postmortem)?;
    Ok(format!(
        "demo finished: {} commands\n  transcript:   {}\n  postmortem:   {}\n  failing pods: {}\n  chart:        {}\n  database:     {}",
        SCRIPT.len() + SCRIPT_LATER.len() + 1,
        out.join("transcript.md").display(),
        out.join("postmortem.md").display(),
        out.join("pods.png").display(),
        out.join(handlers::TIMELINE_PNG).display(),
        db.display()
    ))
}
