//! `/status update` and `/status cadence`: templated progress updates, prefilled with what
//! changed since the last one, and the reminder schedule.

use chrono::Duration;
use serde_json::json;

use super::Ctx;
use crate::app::App;
use crate::command::StatusFields;
use crate::error::Result;
use crate::i18n::{Arg, Msg, Text};
use crate::incident::progress::Progress;
use crate::incident::{Incident, Outcome, State, TimelineEntry};
use crate::render::{Renderer, Reply};
use crate::store::chain::Head;

/// Splits a field into list items: one per line or `;`-separated part (`；` as a Chinese
/// keyboard types it).
fn items(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(['\n', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The name of a state in the language of `r` (the catalog's `state-STATE`).
pub fn state_name_in(r: &Renderer, state: State) -> String {
    r.t(&format!("state-{}", state.as_str()), &[])
}

pub async fn update(ctx: &Ctx<'_>, fields: &StatusFields) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    if fields.is_empty() {
        return draft(ctx, &incident).await;
    }
    let cadence = ctx
        .app
        .store
        .reminder(incident.id)
        .await?
        .map(|r| r.cadence_minutes)
        .unwrap_or(i64::from(ctx.app.settings.cadence_minutes));
    let mut context = update_context(ctx, &incident, fields, cadence).await?;
    let r = &ctx.renderer;
    let text = r.render("status_update", &context)?;
    let entry = ctx.entry(
        Some(&incident),
        "status.update",
        Outcome::Ok,
        Msg::new("record-status-update"),
        json!({ "fields": fields, "text": text }),
        Vec::new(),
    );
    let stored = ctx
        .app
        .store
        .record_status_update(&incident, &entry)
        .await?;
    // The channel's copy also shows the chain head that now includes this update.
    context["chain_head"] = json!(Head::of(&stored).to_string());
    Ok(Reply::text(r.render("status_update", &context)?))
}

/// What the status-update template is rendered with (`chain_head` is null until recorded).
async fn update_context(
    ctx: &Ctx<'_>,
    incident: &Incident,
    fields: &StatusFields,
    cadence: i64,
) -> Result<serde_json::Value> {
    let r = &ctx.renderer;
    let open_actions: Vec<_> = ctx
        .app
        .store
        .actions(incident.id)
        .await?
        .into_iter()
        .filter(|a| !a.done)
        .map(|a| json!({ "text": a.text, "owner": a.owner, "due": a.due.to_string() }))
        .collect();
    Ok(json!({
        "id": incident.id,
        "title": incident.title,
        "state_name": state_name_in(&ctx.renderer, incident.state),
        "at": r.time(ctx.at),
        "actor": ctx.actor.name,
        "current": items(fields.state.as_deref()),
        "done": items(fields.done.as_deref()),
        "next": items(fields.next.as_deref()),
        "risks": items(fields.risks.as_deref()),
        "open_actions": open_actions,
        "next_due": r.time(ctx.at + Duration::minutes(cadence)),
        "chain_head": null,
    }))
}

/// The prefilled fields of the channel's next progress update (the Discord form): what changed
/// since the last update as the state and what was done, the last update's next steps and
/// risks; empty when there is no open incident.
pub async fn last_fields(app: &App, channel: &str) -> Result<StatusFields> {
    let Some(incident) = app.store.active_incident(channel).await? else {
        return Ok(StatusFields::default());
    };
    let (progress, last) = progress(app, &incident).await?;
    Ok(prefill(
        &app.channel_renderer(channel),
        &progress,
        last.as_ref(),
    ))
}

/// What changed since the incident's last progress update (or its declaration), and that
/// update's entry.
pub async fn progress(app: &App, incident: &Incident) -> Result<(Progress, Option<TimelineEntry>)> {
    let last = app
        .store
        .last_entry_of_kind(incident.id, "status.update")
        .await?;
    let since = last.as_ref().map_or(incident.opened_at, |e| e.at);
    let samples = app.store.samples(incident.id).await?;
    let entries = app.store.metric_entries(incident).await?;
    let actions = app.store.actions(incident.id).await?;
    Ok((
        crate::incident::progress::since(since, &samples, &entries, &actions),
        last,
    ))
}

/// The fields a new update starts from: the state and what was done from what changed (each
/// the last update's text when nothing did), next steps and risks carried over.
fn prefill(r: &Renderer, progress: &Progress, last: Option<&TimelineEntry>) -> StatusFields {
    let last: StatusFields = last
        .and_then(|e| serde_json::from_value(e.payload.get("fields")?.clone()).ok())
        .unwrap_or_default();
    let state = progress.state_lines(r.catalog(), r.locale());
    let done = progress.done_lines();
    StatusFields {
        state: if state.is_empty() {
            last.state
        } else {
            Some(state.join("\n"))
        },
        done: if done.is_empty() {
            last.done
        } else {
            Some(done.join("\n"))
        },
        next: last.next,
        risks: last.risks,
    }
}

/// `/status update` without options (the console): a draft prefilled with what changed since
/// the last update, as a command line to edit and send. Posts nothing.
async fn draft(ctx: &Ctx<'_>, incident: &Incident) -> Result<Reply> {
    let (progress, last) = progress(ctx.app, incident).await?;
    let fields = prefill(&ctx.renderer, &progress, last.as_ref());
    let (key, at) = match &last {
        Some(e) => ("status-since-last", e.at),
        None => ("status-since-declared", incident.opened_at),
    };
    let r = &ctx.renderer;
    let at = [("at", Arg::from(r.time(at)))];
    let since = r.t(key, &at);
    let entry = ctx.entry(
        Some(incident),
        "status.draft",
        Outcome::Ok,
        Text::with(
            Msg::new("record-status-draft"),
            [("since", since.as_str().into())],
        ),
        json!({ "fields": fields }),
        Vec::new(),
    );
    ctx.app.store.append(&entry).await?;
    let since = Arg::from(since);
    if fields.is_empty() {
        return Ok(Reply::text(
            r.t("status-draft-nothing", &[("since", since)]),
        ));
    }
    let intro = r.t(
        "status-draft",
        &[("id", incident.id.into()), ("since", since)],
    );
    Ok(Reply::text(format!(
        "{intro}\n\n```text\n{}\n```",
        command_line(&fields)
    )))
}

/// `/status update state:"…" done:"…"` with the given fields (lines joined by `; `, which
/// the parser splits into items again).
fn command_line(fields: &StatusFields) -> String {
    let mut line = String::from("/status update");
    for (key, value) in [
        ("state", &fields.state),
        ("done", &fields.done),
        ("next", &fields.next),
        ("risks", &fields.risks),
    ] {
        if let Some(v) = value {
            let items: Vec<&str> = v.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            line.push_str(&format!(
                " {key}:\"{}\"",
                items.join("; ").replace('"', "\\\"")
            ));
        }
    }
    line
}

pub async fn cadence(ctx: &Ctx<'_>, minutes: u32) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let next = ctx.at + Duration::minutes(i64::from(minutes));
    let entry = ctx.entry(
        Some(&incident),
        "status.cadence",
        Outcome::Ok,
        Msg::new("record-status-cadence").arg("minutes", minutes),
        json!({ "minutes": minutes }),
        Vec::new(),
    );
    ctx.app
        .store
        .set_cadence(&incident, i64::from(minutes), next, &entry)
        .await?;
    let r = &ctx.renderer;
    Ok(Reply::text(r.t(
        "status-cadence-set",
        &[
            ("id", incident.id.into()),
            ("minutes", minutes.into()),
            ("next", r.time(next).into()),
        ],
    )))
}
