//! `/incident open|role|mitigated|resolve|close`: declaring an incident and its milestones.

use chrono::Duration;
use serde::Serialize;
use serde_json::json;

use super::Ctx;
use crate::command::{Command, ImpactStart};
use crate::error::{Result, UserError};
use crate::i18n::{Msg, Text};
use crate::incident::{Incident, LifecycleError, Milestone, Outcome, Severity, State};
use crate::render::{Card, Renderer, Reply, escape_markdown};
use crate::store::NewIncident;
use crate::store::chain::Head;

/// Discord-style colour per severity.
pub fn severity_color(s: Severity) -> u32 {
    match s {
        Severity::Sev1 => 0xD7_26_3D,
        Severity::Sev2 => 0xF4_6D_25,
        Severity::Sev3 => 0xF2_C1_2E,
        Severity::Sev4 => 0x2E_86_AB,
    }
}

#[derive(Serialize)]
struct TeamAction {
    team: String,
    action: String,
}

/// The seed's urgent action item for a team, by what its name says it does, in the language
/// of `r`.
fn team_action(r: &Renderer, team: &str, services: &[String]) -> String {
    let t = team.to_ascii_lowercase();
    let key = if t.contains("dev") || t.contains("app") || team.contains("开发") {
        "team-action-dev"
    } else if t.contains("net") || team.contains("网络") {
        "team-action-network"
    } else if t.contains("stor") || t.contains("ceph") || team.contains("存储") {
        "team-action-storage"
    } else if t.contains("ops") || t.contains("sre") || t.contains("infra") || team.contains("运维")
    {
        "team-action-ops"
    } else {
        "team-action-other"
    };
    let services = services.join(", ");
    r.t(key, &[("services", services.into())])
}

/// The announcement text of an incident, ending with the chain head after its entry.
pub fn announcement(ctx: &Ctx<'_>, incident: &Incident, head: &Head) -> Result<String> {
    let r = &ctx.renderer;
    let team_actions: Vec<TeamAction> = incident
        .teams
        .iter()
        .map(|t| TeamAction {
            team: t.trim_start_matches('@').to_string(),
            action: team_action(r, t, &incident.services),
        })
        .collect();
    Ok(r.render(
        "announcement",
        &json!({
            "id": incident.id,
            "title": incident.title,
            "severity": incident.severity.as_str(),
            "services": incident.services,
            "teams": incident.teams.iter().map(|t| t.trim_start_matches('@')).collect::<Vec<_>>(),
            "team_actions": team_actions,
            "opened_at": r.time(incident.opened_at),
            "impact_started_at": r.time(incident.impact_started_at),
            "opened_by": incident.opened_by,
            "commander": incident.commander,
            "comms": incident.comms,
            "cadence_minutes": ctx.app.settings.cadence_minutes,
            "chain_head": head.to_string(),
        }),
    )?)
}

pub async fn open(ctx: &Ctx<'_>, command: &Command) -> Result<Reply> {
    let Command::IncidentOpen {
        title,
        severity,
        services,
        teams,
        started,
    } = command
    else {
        return Err(UserError::new(Msg::new("error-not-incident-open")).into());
    };
    if let Some(active) = ctx.app.store.active_incident(ctx.channel).await? {
        return Err(UserError::new(
            Msg::new("error-incident-already-open")
                .arg("id", active.id)
                .arg("title", active.title)
                .arg("state", active.state.as_str()),
        )
        .into());
    }
    let impact_started_at = match started {
        None => ctx.at,
        Some(ImpactStart::At(t)) => *t,
        Some(ImpactStart::TimeOfDay(t)) => {
            let today = ctx.at.date_naive().and_time(*t).and_utc();
            if today > ctx.at {
                today - Duration::days(1)
            } else {
                today
            }
        }
    };
    if impact_started_at > ctx.at {
        return Err(UserError::new(Msg::new("error-started-in-future")).into());
    }
    let new = NewIncident {
        channel: ctx.channel.to_string(),
        title: title.clone(),
        severity: *severity,
        services: services.clone(),
        teams: teams.clone(),
        opened_by: ctx.actor.name.clone(),
        impact_started_at,
        opened_at: ctx.at,
        cadence_minutes: i64::from(ctx.app.settings.cadence_minutes),
    };
    let mut payload = json!({ "title": title, "severity": severity.as_str(), "services": services,
                              "teams": teams, "impact_started_at": impact_started_at,
                              "cadence_minutes": new.cadence_minutes });
    if let Some(alert) = declared_from(ctx, impact_started_at).await? {
        payload["alert"] = alert;
    }
    let entry = ctx.entry(
        None,
        command.kind(),
        Outcome::Ok,
        Msg::new("record-incident-open")
            .arg("title", quoted_inside(title))
            .arg("severity", severity.as_str()),
        payload,
        Vec::new(),
    );
    let (incident, stored) = ctx.app.store.open_incident(&new, &entry).await?;
    let text = announcement(ctx, &incident, &Head::of(&stored))?;
    let r = &ctx.renderer;
    Ok(Reply {
        cards: vec![Card {
            title: r.t(
                "card-incident-title",
                &[
                    ("id", incident.id.into()),
                    ("title", incident.title.as_str().into()),
                ],
            ),
            description: r.t(
                "card-incident-description",
                &[
                    ("severity", severity.as_str().into()),
                    ("services", services.join(", ").into()),
                ],
            ),
            color: Some(severity_color(*severity)),
            fields: Vec::new(),
            footer: Some(r.t(
                "card-incident-footer",
                &[
                    ("who", ctx.actor.name.as_str().into()),
                    ("at", r.time(ctx.at).into()),
                ],
            )),
            image: None,
        }],
        ..Reply::text(text)
    })
}

/// Alert entries of the channel looked at for the alert an incident is declared from.
const RECENT_ALERTS: i64 = 100;

/// The alert an incident with this impact start is declared from: the channel's latest firing
/// alert (recorded when Alertmanager sent it) that started then — the alert card's Declare
/// button proposes exactly its start. Kept on the opening entry, so the postmortem's Detection
/// section states it from the hash chain.
async fn declared_from(
    ctx: &Ctx<'_>,
    impact_started_at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<serde_json::Value>> {
    let alerts = ctx
        .app
        .store
        .recent_channel_entries(ctx.channel, "alert", RECENT_ALERTS)
        .await?;
    Ok(alerts
        .iter()
        .rev()
        .filter(|e| e.payload["status"] == "firing")
        .find(|e| {
            serde_json::from_value::<chrono::DateTime<chrono::Utc>>(e.payload["starts_at"].clone())
                .is_ok_and(|t| t == impact_started_at)
        })
        .map(|e| {
            json!({
                "name": e.payload["alertname"],
                "starts_at": e.payload["starts_at"],
                "summary": e.payload["summary"],
                "received_at": e.at,
                "entry_seq": e.seq,
            })
        }))
}

pub async fn roles(ctx: &Ctx<'_>, commander: Option<&str>, comms: Option<&str>) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let r = &ctx.renderer;
    // The record keeps the names as given; the reply escapes them for Markdown.
    let roles = |shown: fn(&str) -> String| {
        let named = [("role-commander", commander), ("role-comms", comms)]
            .into_iter()
            .filter_map(|(key, user)| Some(Msg::new(key).arg("user", shown(user?)).into()));
        Text::Phrases(named.collect())
    };
    let entry = ctx.entry(
        Some(&incident),
        "incident.role",
        Outcome::Ok,
        Text::with(Msg::new("record-roles"), [("roles", roles(str::to_string))]),
        json!({ "commander": commander, "comms": comms }),
        Vec::new(),
    );
    ctx.app
        .store
        .set_roles(&incident, commander, comms, &entry)
        .await?;
    Ok(Reply::text(r.t(
        "reply-roles-set",
        &[
            ("id", incident.id.into()),
            ("roles", r.text(&roles(escape_markdown)).into()),
        ],
    )))
}

/// What the user reads when a milestone is out of order.
fn lifecycle_message(e: &LifecycleError) -> Msg {
    match e {
        LifecycleError::Already(s) => Msg::new("error-lifecycle-already").arg("state", s.as_str()),
        LifecycleError::CloseBeforeResolve(s) => {
            Msg::new("error-lifecycle-close-before-resolve").arg("state", s.as_str())
        }
        LifecycleError::MitigateAfterResolve => Msg::new("error-lifecycle-mitigate-after-resolve"),
    }
}

pub async fn milestone(ctx: &Ctx<'_>, milestone: Milestone) -> Result<Reply> {
    let incident = match ctx.app.store.active_incident(ctx.channel).await? {
        Some(i) => i,
        None => {
            return Err(match ctx.app.store.latest_incident(ctx.channel).await? {
                Some(last) if last.state == State::Closed => {
                    UserError::new(Msg::new("error-incident-closed").arg("id", last.id))
                }
                _ => UserError::new(Msg::new("error-no-open-incident")),
            }
            .into());
        }
    };
    let next = incident
        .state
        .advance(milestone)
        .map_err(|e| UserError::new(lifecycle_message(&e)))?;
    let kind = match milestone {
        Milestone::Mitigated => "incident.mitigated",
        Milestone::Resolved => "incident.resolve",
        Milestone::Closed => "incident.close",
    };
    let entry = ctx.entry(
        Some(&incident),
        kind,
        Outcome::Ok,
        Msg::new(match milestone {
            Milestone::Mitigated => "record-mitigated",
            Milestone::Resolved => "record-resolved",
            Milestone::Closed => "record-closed",
        }),
        json!({ "state": next.as_str() }),
        Vec::new(),
    );
    ctx.app.store.set_state(&incident, next, &entry).await?;
    let updated = ctx.app.store.incident(incident.id).await?;
    let r = &ctx.renderer;
    let (start, end) = updated.impact_window();
    let window = r.window(start, end, ctx.at);
    let key = match next {
        State::Mitigated => "reply-mitigated",
        State::Resolved => "reply-resolved",
        State::Closed => "reply-closed",
        State::Open => "reply-still-open",
    };
    Ok(Reply::text(r.t(
        key,
        &[
            ("id", updated.id.into()),
            ("at", r.time(ctx.at).into()),
            ("window", window.into()),
        ],
    )))
}

/// `text` as `{text:?}` writes it, without the quotes around it: escaped, so a title stays on
/// one line, and quoted by the catalog message ("…" / 「…」).
fn quoted_inside(text: &str) -> String {
    let quoted = format!("{text:?}");
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}
