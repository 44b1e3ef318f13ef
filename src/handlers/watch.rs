//! `/watch` and `/watch stop`: start following a workload's pods for the channel's incident
//! (resolved to a selector as `/triage` resolves it, listed once for the starting state), and
//! end the incident's watches. The rounds themselves run in `watch::runner`.

use chrono::Duration;
use serde_json::json;

use super::triage::connect;
use super::{Ctx, DEFAULT_NAMESPACE};
use crate::cluster::{ReadOnly, may_on_pods, queries};
use crate::error::{Result, UserError};
use crate::i18n::{Msg, Text};
use crate::incident::Outcome;
use crate::render::{Renderer, Reply};
use crate::store::NewWatch;
use crate::watch::{HEALTHY_FOR, Subject, Told, follow, runner};

/// `/watch service:… [namespace:] [cluster:] [for:] [step:]`.
pub async fn start(
    ctx: &Ctx<'_>,
    service: &str,
    namespace: Option<&str>,
    cluster: Option<&str>,
    minutes: u32,
    step: u32,
) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let namespace = namespace.unwrap_or(DEFAULT_NAMESPACE);
    not_watched_yet(ctx, incident.id, service, namespace).await?;
    let ro = connect(ctx, cluster).await?;
    may_watch(&ro, namespace).await?;
    let selector = selector_of(&ctx.user_renderer, &ro, service, namespace).await?;
    let live = follow::list(&ro, namespace, &selector).await?;
    let counts = live.pods.counts();
    let pressure = follow::node_pressure(&ro, &live.pods).await;
    let until = ctx.at + Duration::minutes(i64::from(minutes));
    let subject = Subject {
        service,
        namespace,
        cluster: ro.cluster(),
        selector: &selector,
    };
    let new = NewWatch {
        incident_id: incident.id,
        channel: ctx.channel.to_string(),
        service: service.to_string(),
        namespace: namespace.to_string(),
        cluster: ro.cluster().to_string(),
        selector: selector.clone(),
        step: i64::from(step),
        impersonate_user: ctx.identity.user.clone(),
        impersonate_groups: ctx.identity.groups.clone(),
        started_by: ctx.actor.name.clone(),
        started_at: ctx.at,
        until,
        told: Told::start(&counts, &pressure),
    };
    let sample = runner::sample(subject, &counts, ctx.at);
    let entry = ctx.entry(
        Some(&incident),
        "watch",
        Outcome::Ok,
        Msg::new("record-watch")
            .arg("service", service)
            .arg("namespace", namespace)
            .arg("until", ctx.renderer.time(until))
            .arg("ready", counts.ready)
            .arg("total", counts.total)
            .arg("failing", counts.failing),
        json!({
            "service": service,
            "namespace": namespace,
            "cluster": ro.cluster(),
            "selector": selector,
            "until": until,
            "step": step,
            "health": sample,
        }),
        vec![
            runner::evidence(&ro, subject, &counts, &pressure)
                .recorded(ctx.renderer.catalog(), ctx.renderer.locale()),
        ],
    );
    ctx.app.store.start_watch(&new, &entry, &sample).await?;
    let started = json!({
        "kind": "started",
        "service": service,
        "namespace": namespace,
        "cluster": ro.cluster(),
        "until": ctx.renderer.time(until),
        "counts": counts,
        "top_reason": counts.top_reason(),
        "pressure": pressure,
        "step": step,
        "healthy_minutes": HEALTHY_FOR.num_minutes(),
    });
    Ok(Reply::text(ctx.renderer.render("watch", &started)?))
}

/// Refuses a second watch of the same workload in one incident.
async fn not_watched_yet(
    ctx: &Ctx<'_>,
    incident_id: i64,
    service: &str,
    namespace: &str,
) -> Result<()> {
    let running = ctx.app.store.running_watches(incident_id).await?;
    match running
        .iter()
        .find(|w| w.service == service && w.namespace == namespace)
    {
        Some(w) => Err(UserError::new(
            Msg::new("error-watch-running")
                .arg("service", service)
                .arg("namespace", namespace)
                .arg("until", ctx.renderer.time(w.until)),
        )
        .into()),
        None => Ok(()),
    }
}

/// The label selector of the workload's pods, resolved as `/triage` resolves a name; when
/// none is found, the error says why in the words of `r`'s reader.
async fn selector_of(
    r: &Renderer,
    ro: &ReadOnly,
    service: &str,
    namespace: &str,
) -> Result<String> {
    match queries::pod_selector(ro, namespace, service).await? {
        Ok(selector) => Ok(selector),
        Err(notes) => {
            let lines = notes
                .into_iter()
                .map(|n| Text::with(Msg::new("nc-line"), [("what", n.what), ("why", n.why)]))
                .reduce(|head, tail| {
                    Text::with(Msg::new("nc-lines"), [("head", head), ("tail", tail)])
                });
            let why = lines.map_or_else(String::new, |lines| {
                r.text(&Text::with(
                    Msg::new("error-watch-no-pods-because"),
                    [("lines", lines)],
                ))
            });
            Err(UserError::new(
                Msg::new("error-watch-no-pods")
                    .arg("service", service)
                    .arg("namespace", namespace)
                    .arg("why", why),
            )
            .into())
        }
    }
}

/// Asks the API server whether this identity may watch pods in `namespace` (a
/// SelfSubjectAccessReview): a refusal stops here with what to grant; a review that cannot be
/// asked is logged and the watch tries anyway (its reads then say what failed).
async fn may_watch(ro: &ReadOnly, namespace: &str) -> Result<()> {
    match may_on_pods(ro, "watch", namespace).await {
        Ok(check) if !check.allowed => {
            let why = check.reason.map(|r| format!(" ({r})")).unwrap_or_default();
            Err(UserError::new(
                Msg::new("error-watch-forbidden")
                    .arg("namespace", namespace)
                    .arg("why", why),
            )
            .into())
        }
        Ok(_) => Ok(()),
        Err(e) => {
            tracing::warn!(error = %e, namespace, "cannot ask whether pods may be watched");
            Ok(())
        }
    }
}

/// `/watch stop [service:]`.
pub async fn stop(ctx: &Ctx<'_>, service: Option<&str>) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let mut services: Vec<String> = ctx
        .app
        .store
        .running_watches(incident.id)
        .await?
        .into_iter()
        .map(|w| w.service)
        .filter(|s| service.is_none_or(|wanted| wanted == s))
        .collect();
    services.dedup();
    if services.is_empty() {
        let msg = match service {
            Some(s) => Msg::new("error-watch-none-of").arg("service", s),
            None => Msg::new("error-watch-none"),
        };
        return Err(UserError::new(msg).into());
    }
    let entry = ctx.entry(
        Some(&incident),
        "watch.stop",
        Outcome::Ok,
        Text::with(
            Msg::new("record-watch-stop"),
            [(
                "services",
                Text::Phrases(services.iter().map(|s| s.as_str().into()).collect()),
            )],
        ),
        json!({ "services": services }),
        Vec::new(),
    );
    ctx.app
        .store
        .stop_watches(incident.id, service, &entry)
        .await?;
    let markdown = ctx
        .renderer
        .render("watch", &json!({ "kind": "stopped", "services": services }))?;
    Ok(Reply::text(markdown))
}
