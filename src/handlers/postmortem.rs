//! `/postmortem` and `warroom export`: the postmortem report from the incident's milestones,
//! tagged notes, improvement items and the timeline with its evidence — all taken from the
//! record as verified against the hash chain.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::Ctx;
use super::status::state_name_in;
use crate::app::App;
use crate::chart::{self, Course};
use crate::error::{Result, UserError};
use crate::i18n::Msg;
use crate::incident::metrics::{self, IncidentMetrics, Measure};
use crate::incident::{Incident, Outcome, State, TimelineEntry};
use crate::render::{Card, FileAttachment, Renderer, Reply};
use crate::store::Verified;
use crate::store::chain::{ExpectedHead, Head};

/// Notes tagged `tag`, oldest first.
fn tagged(timeline: &[TimelineEntry], tag: &str) -> Vec<String> {
    timeline
        .iter()
        .filter(|e| e.kind == "note" && e.outcome == Outcome::Ok)
        .filter(|e| e.payload.get("tag").and_then(|t| t.as_str()) == Some(tag))
        .filter_map(|e| {
            e.payload
                .get("text")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .collect()
}

/// The postmortem of an incident as Markdown. Every fact it states comes from the verified
/// record (`Store::verified`); it fails when the chain is broken, its tail was removed, it does
/// not reach `witnessed` (a head the channel showed), or a stored row disagrees with it.
pub async fn render(
    app: &App,
    incident_id: i64,
    witnessed: Option<&ExpectedHead>,
    now: DateTime<Utc>,
) -> Result<String> {
    let verified = app.store.verified(incident_id, witnessed).await?;
    markdown(app, &app.renderer, &verified, now)
}

/// The postmortem of a verified record as Markdown.
fn markdown(app: &App, r: &Renderer, verified: &Verified, now: DateTime<Utc>) -> Result<String> {
    let Verified {
        incident,
        timeline,
        before,
        actions,
        head,
    } = verified;
    let (start, end) = incident.impact_window();
    let milestones = milestones(r, incident);
    let hypotheses = hypotheses(timeline);
    let entries: Vec<_> = timeline.iter().map(entry).collect();
    let chain = chain(r, incident.id, timeline.len(), head.as_ref());
    let duration = r.duration(end.unwrap_or(now) - start);
    let course = before.iter().chain(timeline);
    let measured = metrics::measure(incident, course, app.settings.cadence_minutes.into(), now);
    let detected_by = timeline
        .iter()
        .find(|e| e.kind == "incident.open" && e.outcome == Outcome::Ok)
        .and_then(|open| detected_by(r, open));
    Ok(r.render_value(
        "postmortem",
        json!({
            "id": incident.id,
            "title": incident.title,
            "date": incident.impact_started_at.format("%Y-%m-%d").to_string(),
            "severity": incident.severity.as_str(),
            "state_name": state_name_in(r, incident.state),
            "services": incident.services,
            "commander": incident.commander,
            "comms": incident.comms,
            "opened_by": incident.opened_by,
            "opened_at": r.time(incident.opened_at),
            "window": r.window(start, end, now),
            "duration": duration,
            "milestones": milestones,
            "causes": tagged(timeline, "cause"),
            "deeper_causes": tagged(timeline, "deeper-cause"),
            "hypotheses": hypotheses,
            "trigger": tagged(timeline, "trigger"),
            "detection": tagged(timeline, "detection"),
            "detected_by": detected_by,
            "metrics": metrics_section(r, &measured),
            "resolution": tagged(timeline, "resolution"),
            "actions": actions.iter().map(|a| json!({
                "text": a.text, "owner": a.owner, "due": a.due.to_string(), "done": a.done,
            })).collect::<Vec<_>>(),
            "went_well": tagged(timeline, "went-well"),
            "went_wrong": tagged(timeline, "went-wrong"),
            "lucky": tagged(timeline, "lucky"),
            "lessons": tagged(timeline, "lesson"),
            "timeline": entries,
            "chain": chain,
        }),
    )?)
}

/// The Metrics section: each measure's time from the impact start (or "not yet") and when it
/// was reached, and whether the progress updates came when due.
fn metrics_section(r: &Renderer, m: &IncidentMetrics) -> serde_json::Value {
    let rows: Vec<_> = Measure::ALL
        .into_iter()
        .map(|measure| {
            let at = m.at(measure).map(|t| match (measure, &m.detected_by) {
                (Measure::Detect, Some(alert)) => r.t(
                    "pm-at-by-alert",
                    &[("at", r.time(t).into()), ("alert", alert.as_str().into())],
                ),
                _ => r.time(t),
            });
            json!({
                "name": r.t(&format!("measure-{}", measure.as_str()), &[]),
                "took": m.duration(measure).map(|d| r.duration(d)),
                "at": at,
            })
        })
        .collect();
    json!({
        "rows": rows,
        "updates_due": m.updates.due,
        "updates_on_time": m.updates.on_time,
        "updates_late": m.updates.lateness.len(),
        "latest_lateness": m.updates.latest_lateness().map(|d| r.duration(d)),
    })
}

/// The incident's milestones that happened, in order, with their times.
fn milestones(r: &Renderer, incident: &Incident) -> Vec<serde_json::Value> {
    [
        ("milestone-impact", Some(incident.impact_started_at)),
        ("milestone-declared", Some(incident.opened_at)),
        ("milestone-mitigated", incident.mitigated_at),
        ("milestone-resolved", incident.resolved_at),
        ("milestone-closed", incident.closed_at),
    ]
    .into_iter()
    .filter_map(|(key, at)| at.map(|t| json!({ "name": r.t(key, &[]), "at": r.time(t) })))
    .collect()
}

/// The top hypothesis of each triage that ran: "payment-service (18:21): …".
fn hypotheses(timeline: &[TimelineEntry]) -> Vec<String> {
    timeline
        .iter()
        .filter(|e| e.kind == "triage" && e.outcome == Outcome::Ok)
        .filter_map(|e| {
            let top = e.payload.get("top_hypothesis")?.as_str()?;
            let target = e
                .payload
                .get("target")
                .and_then(|t| t.as_str())
                .unwrap_or("triage");
            Some(format!("{target} ({}): {top}", e.at.format("%H:%M")))
        })
        .collect()
}

/// One timeline entry with its evidence, for the template.
fn entry(e: &TimelineEntry) -> serde_json::Value {
    let evidence: Vec<_> = e
        .evidence
        .iter()
        .map(|ev| {
            json!({
                "title": ev.title(),
                "source_command": ev.source_command(),
                "sha256_short": &ev.sha256()[..12],
                "excerpt": ev.excerpt(12, 1500),
            })
        })
        .collect();
    json!({
        "at": e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "actor": e.actor,
        "kind": e.kind,
        "outcome": e.outcome.as_str(),
        "summary": e.summary,
        "evidence": evidence,
    })
}

/// The verified chain's head and how to check it against the channel.
fn chain(r: &Renderer, id: i64, entries: usize, head: Option<&Head>) -> String {
    match head {
        Some(head) => r.t(
            "pm-chain-verified",
            &[
                ("entries", entries.into()),
                ("head", head.to_string().into()),
                ("id", id.into()),
            ],
        ),
        None => r.t("pm-chain-empty", &[]),
    }
}

/// The alert the incident was declared from, as its opening entry recorded it: name, summary,
/// when it fired and when Alertmanager delivered it, and how long until the declaration.
fn detected_by(r: &Renderer, open: &TimelineEntry) -> Option<serde_json::Value> {
    let alert = open.payload.get("alert")?;
    let time = |key: &str| serde_json::from_value::<DateTime<Utc>>(alert.get(key)?.clone()).ok();
    let fired = time("starts_at")?;
    Some(json!({
        "name": alert.get("name")?.as_str()?,
        "summary": alert.get("summary").and_then(|s| s.as_str()),
        "fired_at": r.time(fired),
        "received_at": time("received_at").map(|t| r.time(t)),
        "declared_at": r.time(open.at),
        "declared_by": open.actor,
        "until_declared": r.duration(open.at - fired),
    }))
}

pub async fn export(ctx: &Ctx<'_>) -> Result<Reply> {
    let incident = match ctx.app.store.active_incident(ctx.channel).await? {
        Some(i) => i,
        None => ctx
            .app
            .store
            .latest_incident(ctx.channel)
            .await?
            .ok_or_else(|| UserError::new(Msg::new("error-no-incident-yet")))?,
    };
    let entry = ctx.entry(
        Some(&incident),
        "postmortem",
        Outcome::Ok,
        Msg::new("record-postmortem"),
        json!({}),
        Vec::new(),
    );
    ctx.app.store.append(&entry).await?;
    let verified = ctx.app.store.verified(incident.id, None).await?;
    let drawing = draw_chart(
        ctx.app,
        &ctx.renderer,
        &verified.incident,
        &verified.timeline,
        ctx.at,
    )
    .await?;
    let markdown = markdown(ctx.app, &ctx.renderer, &verified, ctx.at)?;
    let name = format!("postmortem-incident-{}.md", incident.id);
    let r = &ctx.renderer;
    let title = r.t(
        "reply-postmortem-title",
        &[
            ("id", incident.id.into()),
            (
                "title",
                crate::render::escape_markdown(&incident.title).into(),
            ),
        ],
    );
    let file_line = r.t(
        if incident.state == State::Closed {
            "reply-postmortem-file"
        } else {
            "reply-postmortem-file-draft"
        },
        &[
            ("title", title.as_str().into()),
            ("file", name.as_str().into()),
        ],
    );
    let chart = drawn(drawing).await;
    Ok(Reply {
        cards: chart
            .iter()
            .map(|c| chart_card(&ctx.renderer, &verified.incident, &title, c, ctx.at))
            .collect(),
        files: [FileAttachment {
            name: name.clone(),
            bytes: markdown.clone().into_bytes(),
        }]
        .into_iter()
        .chain(chart)
        .collect(),
        ..Reply::text(format!("{file_line}\n\n{markdown}"))
    })
}

/// The chart attached to `/postmortem` and `/timeline`.
pub const TIMELINE_PNG: &str = "timeline.png";

/// The incident's course for its chart: its health samples, milestones and the status updates
/// of `timeline`, as of `now`.
pub async fn course(
    app: &App,
    incident: &Incident,
    timeline: &[TimelineEntry],
    now: DateTime<Utc>,
) -> Result<Course> {
    let samples = app.store.samples(incident.id).await?;
    Ok(chart::course(incident, &samples, timeline, now))
}

/// The chart's title in `r`'s locale: "Incident #1 · Payment failures · SEV1".
pub fn chart_title(r: &Renderer, incident: &Incident) -> String {
    r.t(
        "chart-timeline-title",
        &[
            ("id", incident.id.into()),
            ("title", incident.title.as_str().into()),
            ("severity", incident.severity.as_str().to_uppercase().into()),
        ],
    )
}

/// `timeline.png` of the incident in `r`'s locale, drawn on a blocking thread (CPU work)
/// while the caller goes on; see `drawn`.
pub(super) async fn draw_chart(
    app: &App,
    r: &Renderer,
    incident: &Incident,
    timeline: &[TimelineEntry],
    now: DateTime<Utc>,
) -> Result<tokio::task::JoinHandle<Option<FileAttachment>>> {
    let course = course(app, incident, timeline, now).await?;
    let title = chart_title(r, incident);
    let id = incident.id;
    let r = r.clone();
    Ok(tokio::task::spawn_blocking(
        move || match chart::timeline_png::draw(&r, &course, &title) {
            Ok(bytes) => Some(FileAttachment {
                name: TIMELINE_PNG.into(),
                bytes,
            }),
            Err(e) => {
                tracing::warn!(error = %e, incident = id, "the incident's chart was left out");
                None
            }
        },
    ))
}

/// The chart `draw_chart` drew; `None` when it could not be drawn (logged): the reply goes out
/// without it.
pub(super) async fn drawn(
    drawing: tokio::task::JoinHandle<Option<FileAttachment>>,
) -> Option<FileAttachment> {
    drawing.await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the incident's chart was left out");
        None
    })
}

/// The card that shows the chart (Discord's embed image): the impact window and milestones.
fn chart_card(
    r: &Renderer,
    incident: &Incident,
    title: &str,
    chart: &FileAttachment,
    now: DateTime<Utc>,
) -> Card {
    let (start, end) = incident.impact_window();
    let milestones: Vec<String> = milestones(r, incident)
        .iter()
        .filter_map(|m| {
            Some(format!(
                "{}: {}",
                m.get("name")?.as_str()?,
                m.get("at")?.as_str()?
            ))
        })
        .collect();
    let (window, key) = (r.t("pm-chart-window", &[]), r.t("pm-chart-key", &[]));
    Card {
        title: title.to_string(),
        description: format!(
            "{window}: {}\n{}\n{key}",
            r.window(start, end, now),
            milestones.join(" · ")
        ),
        image: Some(chart.name.clone()),
        ..Card::default()
    }
}
