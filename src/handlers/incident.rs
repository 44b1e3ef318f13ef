//! `/incident open|role|mitigated|resolve|close`: declaring an incident and its milestones.

use chrono::Duration;
use serde::Serialize;
use serde_json::json;

use super::Ctx;
use crate::command::{Command, ImpactStart};
use crate::error::{Result, UserError};
use crate::incident::{Incident, Milestone, Outcome, Severity, State};
use crate::render::{Card, Reply};
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

/// The seed's urgent action item for a team, by what its name says it does.
fn team_action(team: &str, services: &[String], zh: bool) -> String {
    let t = team.to_ascii_lowercase();
    let svc = services.join(", ");
    let pick = |en: String, cn: String| if zh { cn } else { en };
    if t.contains("dev") || t.contains("app") || team.contains("开发") {
        pick(
            format!(
                "Share the releases and config changes of the last hour for {svc} (Git commits + Helm revisions)."
            ),
            format!("请提供{svc}最近1小时内的发布记录和配置变更（Git提交记录+Helm版本）"),
        )
    } else if t.contains("net") || team.contains("网络") {
        pick(
            "Verify connectivity: node to API server (`nc -zv <apiserver> 6443`), DNS and cross-namespace traffic; check NetworkPolicies.".into(),
            "验证端口连通性：节点到API Server（`nc -zv <apiserver> 6443`）、DNS解析与跨命名空间通信；检查NetworkPolicy".into(),
        )
    } else if t.contains("stor") || t.contains("ceph") || team.contains("存储") {
        pick(
            "Check the storage cluster (`ceph -s`, `ceph osd tree`) and the capacity of the affected volumes.".into(),
            "检查Ceph集群状态（`ceph -s`、`ceph osd tree`）及受影响存储卷容量".into(),
        )
    } else if t.contains("ops") || t.contains("sre") || t.contains("infra") || team.contains("运维")
    {
        pick(
            format!(
                "Collecting failing-pod distribution and key component logs (API server, kubelet, CNI) for {svc}: `/triage service:…`; sync in 5 minutes."
            ),
            format!(
                "正在收集{svc}异常Pod分布及关键组件日志（API Server、kubelet、CNI插件）：`/triage service:…`，预计5分钟同步"
            ),
        )
    } else {
        pick(
            format!("Check your components for impact on {svc} and report here with evidence."),
            format!("请检查各自组件对{svc}的影响，并附证据在本频道同步"),
        )
    }
}

/// The announcement text of an incident, ending with the chain head after its entry.
pub fn announcement(ctx: &Ctx<'_>, incident: &Incident, head: &Head) -> Result<String> {
    let r = &ctx.app.renderer;
    let zh = r.locale() == crate::render::Locale::ZhCn;
    let team_actions: Vec<TeamAction> = incident
        .teams
        .iter()
        .map(|t| TeamAction {
            team: t.trim_start_matches('@').to_string(),
            action: team_action(t, &incident.services, zh),
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
        return Err(UserError::new("not an /incident open command").into());
    };
    if let Some(active) = ctx.app.store.active_incident(ctx.channel).await? {
        return Err(UserError::new(format!(
            "this channel already has an open incident: #{} {:?} ({}). Resolve and close it before opening another",
            active.id,
            active.title,
            active.state.as_str()
        ))
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
        return Err(
            UserError::new("started: is in the future: give when the impact began (UTC)").into(),
        );
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
        format!("opened the incident {title:?} ({})", severity.as_str()),
        payload,
        Vec::new(),
    );
    let (incident, stored) = ctx.app.store.open_incident(&new, &entry).await?;
    let text = announcement(ctx, &incident, &Head::of(&stored))?;
    Ok(Reply {
        cards: vec![Card {
            title: format!("Incident #{} · {}", incident.id, incident.title),
            description: format!(
                "Severity {} · services: {}",
                severity.as_str(),
                services.join(", ")
            ),
            color: Some(severity_color(*severity)),
            fields: Vec::new(),
            footer: Some(format!(
                "Declared by {} · {}",
                ctx.actor.name,
                ctx.app.renderer.time(ctx.at)
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
    let mut said = Vec::new();
    if let Some(c) = commander {
        said.push(format!("commander: {c}"));
    }
    if let Some(c) = comms {
        said.push(format!("comms: {c}"));
    }
    let summary = format!("roles set — {}", said.join(", "));
    let entry = ctx.entry(
        Some(&incident),
        "incident.role",
        Outcome::Ok,
        &summary,
        json!({ "commander": commander, "comms": comms }),
        Vec::new(),
    );
    ctx.app
        .store
        .set_roles(&incident, commander, comms, &entry)
        .await?;
    Ok(Reply::text(format!(
        "Incident #{} {}",
        incident.id,
        crate::render::escape_markdown(&summary)
    )))
}

pub async fn milestone(ctx: &Ctx<'_>, milestone: Milestone) -> Result<Reply> {
    let incident = match ctx.app.store.active_incident(ctx.channel).await? {
        Some(i) => i,
        None => {
            return Err(match ctx.app.store.latest_incident(ctx.channel).await? {
                Some(last) if last.state == State::Closed => UserError::new(format!(
                    "incident #{} is already closed; nothing changed. Open a new one with /incident open",
                    last.id
                )),
                _ => UserError::new(
                    "there is no open incident in this channel: open one with /incident open title:<text> severity:<sev1-4> services:<a,b>",
                ),
            }
            .into());
        }
    };
    let next = incident
        .state
        .advance(milestone)
        .map_err(|e| UserError::new(format!("{e}; nothing changed")))?;
    let kind = match milestone {
        Milestone::Mitigated => "incident.mitigated",
        Milestone::Resolved => "incident.resolve",
        Milestone::Closed => "incident.close",
    };
    let entry = ctx.entry(
        Some(&incident),
        kind,
        Outcome::Ok,
        format!("incident {}", milestone.as_str()),
        json!({ "state": next.as_str() }),
        Vec::new(),
    );
    ctx.app.store.set_state(&incident, next, &entry).await?;
    let updated = ctx.app.store.incident(incident.id).await?;
    let r = &ctx.app.renderer;
    let (start, end) = updated.impact_window();
    let window = r.window(start, end, ctx.at);
    let text = match next {
        State::Mitigated => format!(
            "✅ Incident #{} mitigated at {}. Impact so far: {window}.",
            updated.id,
            r.time(ctx.at)
        ),
        State::Resolved => format!(
            "✅ Incident #{} resolved at {}. Impact window: {window}.",
            updated.id,
            r.time(ctx.at)
        ),
        State::Closed => format!(
            "🔒 Incident #{} closed at {}. Impact window: {window}. Reminders stopped. Export the report with /postmortem.",
            updated.id,
            r.time(ctx.at)
        ),
        State::Open => format!("Incident #{} is open.", updated.id),
    };
    Ok(Reply::text(text))
}
