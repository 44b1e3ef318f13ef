//! The rounds of running watches. Every `ROUND`, a process claims each running watch of the
//! channels it serves (a lease in the database renewed every round, `LEASE` long, so exactly
//! one replica runs a watch; one that dies hands it on when its lease lapses), ends it when its
//! time is up, else follows it one round and decides. A post is recorded — what the channel is
//! told, the timeline entry with its evidence, the health sample — in one transaction before
//! it is handed to the chat adapter: a watch posts a change at most once, even across restarts.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::follow::{self, Live};
use super::state::{self, Counts, Post};
use crate::app::App;
use crate::cluster::{Identity, ReadOnly};
use crate::command::button;
use crate::error::{Result, UserError};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};
use crate::incident::health::HealthSample;
use crate::incident::{NewEntry, Outcome};
use crate::render::{Button, Reply};
use crate::scheduler::Channels;
use crate::store::Watch;

/// How often a process runs a round of its watches.
pub const ROUND: std::time::Duration = std::time::Duration::from_secs(15);
/// How long a claim keeps other processes off a watch (renewed every round).
pub const LEASE: Duration = Duration::minutes(2);

/// A post for a channel.
#[derive(Debug, Clone)]
pub struct WatchPost {
    pub channel: String,
    pub incident_id: i64,
    pub reply: Reply,
}

/// Runs watches in this process: its lease holder name and the pods of the watches it holds.
#[derive(Debug)]
pub struct Watcher {
    holder: String,
    live: Mutex<HashMap<i64, Live>>,
}

impl Default for Watcher {
    fn default() -> Self {
        Watcher::new()
    }
}

impl Watcher {
    /// A watcher with a name of its own (host, process id and a random part).
    pub fn new() -> Watcher {
        use std::hash::{BuildHasher, Hasher};
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let host = std::env::var("HOSTNAME").unwrap_or_default();
        Watcher {
            holder: format!("{host}:{}:{random:016x}", std::process::id()),
            live: Mutex::new(HashMap::new()),
        }
    }

    fn take(&self, id: i64) -> Option<Live> {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id)
    }

    fn keep(&self, id: i64, live: Live) {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, live);
    }

    /// One round over the watches of `channels`: the posts to send. A watch that cannot be
    /// followed this round (the cluster does not answer) is logged and tried next round.
    pub async fn round(&self, app: &App, channels: Channels<'_>) -> Result<Vec<WatchPost>> {
        let now = app.clock.now();
        let mut posts = Vec::new();
        let mut held = BTreeSet::new();
        for w in app
            .store
            .claimable_watches(now, &self.holder, channels.only())
            .await?
        {
            if !channels.serves(&w.channel)
                || !app
                    .store
                    .claim_watch(w.id, &self.holder, now, now + LEASE)
                    .await?
            {
                continue;
            }
            if now >= w.until {
                posts.push(end(app, &w, now).await?);
                continue;
            }
            held.insert(w.id);
            match self.follow(app, &w, now).await {
                Ok(Some(post)) => posts.push(post),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, watch = w.id, service = %w.service,
                                         "cannot follow a watch this round"),
            }
        }
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|id, _| held.contains(id));
        Ok(posts)
    }

    /// Follows watch `w` one round: list or watch, decide, record the post if there is one.
    async fn follow(&self, app: &App, w: &Watch, now: DateTime<Utc>) -> Result<Option<WatchPost>> {
        let ro = connect(app, w).await?;
        let live = match self.take(w.id) {
            Some(live) => follow::watch_round(&ro, &w.namespace, &w.selector, live).await,
            None => None,
        };
        let live = match live {
            Some(live) => live,
            None => follow::list(&ro, &w.namespace, &w.selector).await?,
        };
        let counts = live.pods.counts();
        let pressure = follow::node_pressure(&ro, &live.pods).await;
        self.keep(w.id, live);
        let mut told = w.told.clone();
        let Some(post) = state::decide(&mut told, &counts, &pressure, w.step, now) else {
            if told != w.told {
                app.store.save_told(w.id, &told).await?;
            }
            return Ok(None);
        };
        let reply = post_reply(app, w, &post)?;
        let sample = sample(w.into(), &counts, now);
        let r = app.channel_renderer(&w.channel);
        let entry = NewEntry {
            channel: w.channel.clone(),
            incident_id: Some(w.incident_id),
            at: now,
            actor: "warroom".into(),
            kind: "watch.post".into(),
            outcome: Outcome::System,
            summary: app
                .channel_renderer(&w.channel)
                .text(&summary(&w.service, &post)),
            payload: json!({
                "watch": w.id,
                "service": w.service,
                "namespace": w.namespace,
                "cluster": w.cluster,
                "post": post,
                "health": sample,
            }),
            evidence: vec![
                evidence(&ro, w.into(), &counts, &pressure).recorded(r.catalog(), r.locale()),
            ],
        };
        app.store
            .record_watch_post(w.id, &told, &entry, &sample)
            .await?;
        Ok(Some(WatchPost {
            channel: w.channel.clone(),
            incident_id: w.incident_id,
            // Cluster text is redacted where it enters; the whole post once more on its way
            // out, as every handler's reply is.
            reply: reply.redacted(),
        }))
    }
}

/// The handle a watch reads through: its cluster, as the identity it was started with.
pub async fn connect(app: &App, w: &Watch) -> Result<ReadOnly> {
    let clusters = app
        .clusters
        .as_ref()
        .ok_or_else(|| UserError::new(Msg::new("error-no-cluster")))?;
    let identity = Identity {
        user: w.impersonate_user.clone(),
        groups: w.impersonate_groups.clone(),
    };
    Ok(clusters.get(Some(&w.cluster), &identity).await?)
}

/// Ends a watch whose time is up, with its entry and the post saying so.
async fn end(app: &App, w: &Watch, now: DateTime<Utc>) -> Result<WatchPost> {
    let markdown = app.channel_renderer(&w.channel).render(
        "watch",
        &json!({
            "kind": "ended",
            "service": w.service,
            "namespace": w.namespace,
            "minutes": (w.until - w.started_at).num_minutes(),
        }),
    )?;
    let entry = NewEntry {
        channel: w.channel.clone(),
        incident_id: Some(w.incident_id),
        at: now,
        actor: "warroom".into(),
        kind: "watch.end".into(),
        outcome: Outcome::System,
        summary: app.channel_renderer(&w.channel).text(
            &Msg::new("record-watch-end")
                .arg("service", w.service.as_str())
                .into(),
        ),
        payload: json!({ "watch": w.id, "service": w.service, "until": w.until }),
        evidence: Vec::new(),
    };
    app.store.end_watch(w.id, &entry).await?;
    Ok(WatchPost {
        channel: w.channel.clone(),
        incident_id: w.incident_id,
        reply: Reply::text(markdown),
    })
}

/// What a watch follows: the workload, where, and the selector of its pods.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub service: &'a str,
    pub namespace: &'a str,
    pub cluster: &'a str,
    pub selector: &'a str,
}

impl<'a> From<&'a Watch> for Subject<'a> {
    fn from(w: &'a Watch) -> Self {
        Subject {
            service: &w.service,
            namespace: &w.namespace,
            cluster: &w.cluster,
            selector: &w.selector,
        }
    }
}

/// The health sample of a watched workload.
pub fn sample(w: Subject<'_>, counts: &Counts, at: DateTime<Utc>) -> HealthSample {
    HealthSample {
        at,
        service: w.service.to_string(),
        namespace: Some(w.namespace.to_string()),
        cluster: w.cluster.to_string(),
        ready: counts.ready,
        failing: counts.failing,
        total: counts.total,
        restarts: counts.restarts,
        top_reason: counts.top_reason().map(str::to_string),
    }
}

/// The evidence of a post or a start: the counts per reason and the pressured nodes, with the
/// kubectl command that shows the same pods.
pub fn evidence(
    ro: &ReadOnly,
    w: Subject<'_>,
    counts: &Counts,
    pressure: &BTreeSet<String>,
) -> Evidence {
    let mut text = format!(
        "{} pods: {} ready, {} failing, {} restarts\n",
        counts.total, counts.ready, counts.failing, counts.restarts
    );
    for (reason, n) in &counts.reasons {
        text.push_str(&format!("{n:>6}  {reason}\n"));
    }
    for p in pressure {
        text.push_str(&format!("node under pressure: {p}\n"));
    }
    let command = ro.kubectl(&format!(
        "get pods -n {} -l {} -o wide",
        w.namespace, w.selector
    ));
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-watch-pods").arg("service", w.service),
        Some(&command),
        &text,
    )
}

/// The timeline summary of a post about `service` (in the channel's language when it is
/// recorded).
fn summary(service: &str, post: &Post) -> Text {
    let c = &post.counts;
    let head = if post.healthy {
        Msg::new("record-watch-healthy").arg("minutes", state::HEALTHY_FOR.num_minutes())
    } else {
        Msg::new("record-watch-failing")
            .arg("before", post.failing_before)
            .arg("failing", c.failing)
    };
    let mut parts = vec![
        head.arg("service", service)
            .arg("ready", c.ready)
            .arg("total", c.total)
            .into(),
    ];
    parts.extend(post.new_reasons.iter().map(|r| {
        Msg::new("record-watch-reason")
            .arg("reason", r.as_str())
            .into()
    }));
    parts.extend(post.new_pressure.iter().map(|p| {
        Msg::new("record-watch-pressure")
            .arg("pressure", p.as_str())
            .into()
    }));
    Text::Clauses(parts)
}

/// The post as the channel sees it; the healthy one offers Mark mitigated.
fn post_reply(app: &App, w: &Watch, post: &Post) -> Result<Reply> {
    let r = app.channel_renderer(&w.channel);
    let markdown = r.render(
        "watch",
        &json!({
            "kind": "post",
            "service": w.service,
            "namespace": w.namespace,
            "counts": post.counts,
            "failing_before": post.failing_before,
            "new_reasons": post.new_reasons,
            "new_pressure": post.new_pressure,
            "healthy": post.healthy,
            "healthy_minutes": state::HEALTHY_FOR.num_minutes(),
        }),
    )?;
    let buttons = if post.healthy {
        vec![Button {
            custom_id: button::MARK_MITIGATED.into(),
            label: r.t("button-mark-mitigated", &[]),
        }]
    } else {
        Vec::new()
    };
    Ok(Reply {
        buttons,
        ..Reply::text(markdown)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalog, Locale};

    #[test]
    fn a_post_is_recorded_in_the_channels_language() {
        let post = Post {
            counts: Counts {
                ready: 8,
                failing: 7,
                total: 15,
                ..Counts::default()
            },
            failing_before: 15,
            new_reasons: vec!["ImagePullBackOff".into()],
            new_pressure: vec!["node-5 MemoryPressure".into()],
            healthy: false,
        };
        let c = Catalog::new(None).expect("the embedded catalogs load");
        let text = summary("payment-service", &post);
        assert_eq!(
            c.text(Locale::En, &text),
            "payment-service: failing 15 → 7 of 15 (8 ready); new reason ImagePullBackOff; \
             node-5 MemoryPressure"
        );
        assert_eq!(
            c.text(Locale::ZhCn, &text),
            "payment-service：异常 Pod 15 → 7（共 15 个，8 个就绪）；新的异常原因 ImagePullBackOff；\
             节点资源压力 node-5 MemoryPressure"
        );
    }
}
