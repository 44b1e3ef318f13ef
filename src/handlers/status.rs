//! `/status update` and `/status cadence`: templated progress updates, prefilled with what
//! changed since the last one, and the reminder schedule.

use chrono::Duration;
use serde_json::json;

use super::Ctx;
use crate::app::App;
use crate::command::StatusFields;
use crate::error::Result;
use crate::incident::progress::Progress;
use crate::incident::{Incident, Outcome, State, TimelineEntry};
use crate::render::Reply;
use crate::store::chain::Head;

/// Splits a field into list items: one per line or `;`-separated part.
fn items(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The localized name of a state.
pub fn state_name(ctx: &Ctx<'_>, state: State) -> &'static str {
    state_name_in(ctx.app.renderer.locale(), state)
}

/// The name of a state in a locale.
pub fn state_name_in(locale: crate::render::Locale, state: State) -> &'static str {
    match (locale, state) {
        (crate::render::Locale::En, s) => s.as_str(),
        (crate::render::Locale::ZhCn, State::Open) => "处理中",
        (crate::render::Locale::ZhCn, State::Mitigated) => "已缓解",
        (crate::render::Locale::ZhCn, State::Resolved) => "已恢复",
        (crate::render::Locale::ZhCn, State::Closed) => "已关闭",
    }
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
    let r = &ctx.app.renderer;
    let text = r.render("status_update", &context)?;
    let entry = ctx.entry(
        Some(&incident),
        "status.update",
        Outcome::Ok,
        "posted a progress update",
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
    let r = &ctx.app.renderer;
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
        "state_name": state_name(ctx, incident.state),
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
    Ok(prefill(app, &progress, last.as_ref()))
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
fn prefill(app: &App, progress: &Progress, last: Option<&TimelineEntry>) -> StatusFields {
    let last: StatusFields = last
        .and_then(|e| serde_json::from_value(e.payload.get("fields")?.clone()).ok())
        .unwrap_or_default();
    let zh = app.renderer.locale() == crate::render::Locale::ZhCn;
    let state = progress.state_lines(zh);
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
    let fields = prefill(ctx.app, &progress, last.as_ref());
    let since = match &last {
        Some(e) => format!("the last update ({})", ctx.app.renderer.time(e.at)),
        None => format!(
            "the declaration ({})",
            ctx.app.renderer.time(incident.opened_at)
        ),
    };
    let entry = ctx.entry(
        Some(incident),
        "status.draft",
        Outcome::Ok,
        format!("drafted a progress update from what changed since {since}"),
        json!({ "fields": fields }),
        Vec::new(),
    );
    ctx.app.store.append(&entry).await?;
    if fields.is_empty() {
        return Ok(Reply::text(format!(
            "📝 Nothing was recorded since {since}: write the update with \
             `/status update state:… done:… next:… risks:…`."
        )));
    }
    Ok(Reply::text(format!(
        "📝 Draft progress update for incident #{}, from what changed since {since}. Edit it \
         and send it:\n\n```text\n{}\n```",
        incident.id,
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
        format!("status updates every {minutes} min"),
        json!({ "minutes": minutes }),
        Vec::new(),
    );
    ctx.app
        .store
        .set_cadence(&incident, i64::from(minutes), next, &entry)
        .await?;
    Ok(Reply::text(format!(
        "⏰ Incident #{}: status-update reminders every {minutes} min; the next is due {}.",
        incident.id,
        ctx.app.renderer.time(next)
    )))
}
