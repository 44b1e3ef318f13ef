//! From a received payload to alert cards: each alert is routed to a channel; per channel the
//! group becomes one card (`Reply`) with the read-only triage of the workload its labels name,
//! run as an invocation of `/triage` by the `alertmanager` actor (at most once per workload and
//! interval, see `throttle`), and each alert becomes an entry on the channel's timeline — on
//! its open incident, if there is one — with its labels and annotations as evidence.

use std::collections::BTreeMap;

use serde_json::json;

use super::throttle::{Got, Triages, WorkloadKey};
use super::{ACTOR, Alert, Payload, Routes, Status, group_id};
use crate::app::App;
use crate::command::{RawCommand, RawOption, button};
use crate::evidence::{Evidence, EvidenceKind};
use crate::handlers;
use crate::i18n::{Arg, Msg, Text};
use crate::incident::{NewEntry, Outcome};
use crate::invocation::{Actor, Input, Invocation};
use crate::render::{Button, Card, Renderer, Reply};
use crate::store::StoreError;

/// Findings of the triage shown on a card.
const TOP_FINDINGS: usize = 3;

/// One card to post (or edit) in a channel.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub channel: String,
    /// Alertmanager's group key: the same group re-notified edits the same card.
    pub group_key: String,
    /// The name of the card's leading alert.
    pub alertname: String,
    pub status: Status,
    pub reply: Reply,
}

/// What a payload became.
#[derive(Debug, Default)]
pub struct Processed {
    pub deliveries: Vec<Delivery>,
    /// Alerts no route matched (and no default channel took).
    pub unrouted: usize,
    /// Triages run for the cards, and triages of the same workload reused.
    pub triages_ran: usize,
    pub triages_reused: usize,
}

/// Routes a payload's alerts and builds one card per channel; records alert entries on those
/// channels' timelines.
pub async fn process(
    app: &App,
    routes: &Routes,
    triages: &Triages,
    payload: &Payload,
) -> Result<Processed, StoreError> {
    let mut by_channel: BTreeMap<&str, Vec<&Alert>> = BTreeMap::new();
    let mut processed = Processed::default();
    for alert in &payload.alerts {
        match routes.channel(&alert.labels) {
            Some(channel) => by_channel.entry(channel).or_default().push(alert),
            None => {
                processed.unrouted += 1;
                tracing::warn!(alert = alert.name(), labels = ?alert.labels,
                               "no [[alerts.routes]] matches this alert and there is no default_channel: dropped");
            }
        }
    }
    for (channel, alerts) in by_channel {
        let r = app.channel_renderer(channel);
        record(app, &r, channel, &alerts).await?;
        let firing: Vec<&Alert> = alerts
            .iter()
            .copied()
            .filter(|a| a.status == Status::Firing)
            .collect();
        let status = if firing.is_empty() {
            Status::Resolved
        } else {
            Status::Firing
        };
        let triage = match firing.first() {
            Some(first) => Some(triage(app, &r, (routes, triages), channel, first).await),
            None => None,
        };
        match &triage {
            Some(Triage::Ran(_, None)) => processed.triages_ran += 1,
            Some(Triage::Ran(_, Some(_))) => processed.triages_reused += 1,
            _ => {}
        }
        let acknowledged = app
            .store
            .alert_card(channel, &payload.group_key)
            .await?
            .and_then(|c| Some((c.acknowledged_by?, c.acknowledged_at?)));
        let lead = firing.first().or(alerts.first()).copied();
        processed.deliveries.push(Delivery {
            channel: channel.to_string(),
            group_key: payload.group_key.clone(),
            alertname: lead.map_or("alert", Alert::name).to_string(),
            status,
            reply: card(
                &r,
                routes,
                payload,
                &alerts,
                triage.as_ref(),
                acknowledged.as_ref(),
            ),
        });
    }
    Ok(processed)
}

/// Appends one entry per alert on the channel's timeline (in the channel's language `r`): on
/// its open incident, if there is one (a later `/incident open` finds the alert it was declared
/// from among these).
async fn record(
    app: &App,
    r: &Renderer,
    channel: &str,
    alerts: &[&Alert],
) -> Result<(), StoreError> {
    let incident = app.store.active_incident(channel).await?;
    for a in alerts {
        let line = Msg::new("record-alert")
            .arg("alert", a.name())
            .arg("status", a.status.as_str());
        let summary = match a.annotations.get("summary") {
            Some(s) => Text::with(
                Msg::new("record-alert-summary").arg("summary", s.as_str()),
                [("line", line.into())],
            ),
            None => line.into(),
        };
        let evidence = [
            Evidence::new(
                EvidenceKind::CommandOutput,
                Msg::new("evidence-alert-labels").arg("alert", a.name()),
                None,
                &key_values(&a.labels),
            ),
            Evidence::new(
                EvidenceKind::CommandOutput,
                Msg::new("evidence-alert-annotations").arg("alert", a.name()),
                None,
                &key_values(&a.annotations),
            ),
        ]
        .map(|e| e.recorded(r.catalog(), r.locale()))
        .into();
        let entry = NewEntry {
            channel: channel.to_string(),
            incident_id: incident.as_ref().map(|i| i.id),
            at: app.clock.now(),
            actor: ACTOR.to_string(),
            kind: "alert".to_string(),
            outcome: Outcome::System,
            summary: r.text(&summary),
            payload: json!({
                "alertname": a.name(),
                "status": a.status.as_str(),
                "fingerprint": a.fingerprint,
                "starts_at": a.starts_at,
                "ends_at": a.ended_at(),
                "generator_url": a.generator_url,
                "summary": a.annotations.get("summary"),
            }),
            evidence,
        };
        app.store.append(&entry).await?;
    }
    Ok(())
}

fn key_values(map: &super::Labels) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect::<String>()
}

/// What the triage of an alert's workload said.
enum Triage {
    /// The triage's reply (its card leads with the top hypothesis), and when it ran if it is
    /// the workload's earlier triage, reused.
    Ran(Reply, Option<chrono::DateTime<chrono::Utc>>),
    /// Why it did not run.
    Skipped(String),
}

/// Runs `/triage service:… namespace:… cluster:…` for the workload the alert's labels name,
/// as the `alertmanager` actor with the configured roles (the access policy decides whom it
/// reads as), or reuses that workload's triage of the last interval (`throttle`). The triage
/// records its own timeline entry.
async fn triage(
    app: &App,
    r: &Renderer,
    (routes, triages): (&Routes, &Triages),
    channel: &str,
    alert: &Alert,
) -> Triage {
    let subject = routes.subject(&alert.labels);
    let Some(workload) = subject.workload else {
        return Triage::Skipped(r.t("alert-skip-no-workload", &[]));
    };
    if app.clusters.is_none() {
        return Triage::Skipped(r.t("alert-skip-no-cluster", &[]));
    }
    let key = (subject.cluster, subject.namespace, workload);
    let run = run_triage(app, routes, channel, key.clone());
    match triages.get(key, app.clock.now(), run).await {
        Got::Ran(reply) if reply.is_error => Triage::Skipped(reply.markdown),
        Got::Ran(reply) => Triage::Ran(reply, None),
        Got::Reused { reply, ran_at } => Triage::Ran(reply, Some(ran_at)),
    }
}

/// The `/triage` invocation of an alert's workload, run through `handlers::handle`.
async fn run_triage(
    app: &App,
    routes: &Routes,
    channel: &str,
    (cluster, namespace, workload): WorkloadKey,
) -> Reply {
    let mut raw = RawCommand {
        name: "triage".into(),
        sub: Some("service".into()),
        ..RawCommand::default()
    };
    let options = [
        ("service", Some(workload)),
        ("namespace", namespace),
        ("cluster", cluster),
    ];
    for (key, value) in options {
        if let Some(value) = value {
            raw.options.push(RawOption {
                key: key.into(),
                value,
                span: None,
            });
        }
    }
    let invocation = Invocation {
        actor: Actor {
            id: ACTOR.into(),
            name: ACTOR.into(),
            roles: routes.roles.clone(),
        },
        channel: channel.to_string(),
        input: Input::Raw(raw),
        files: Vec::new(),
        direct_message: false,
        locale: Default::default(),
    };
    handlers::handle(app, &invocation).await
}

/// The card field that says who acknowledged an alert group, and when.
pub fn acknowledged_field(
    r: &Renderer,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    (
        r.t("alert-field-acknowledged", &[]),
        format!("✋ {by} · {}", r.time(at)),
    )
}

/// The alert card of one channel's share of a group.
fn card(
    r: &Renderer,
    routes: &Routes,
    payload: &Payload,
    alerts: &[&Alert],
    triage: Option<&Triage>,
    acknowledged: Option<&(String, chrono::DateTime<chrono::Utc>)>,
) -> Reply {
    let firing = alerts.iter().filter(|a| a.status == Status::Firing).count();
    let lead = alerts
        .iter()
        .find(|a| a.status == Status::Firing)
        .or(alerts.first())
        .copied();
    let Some(lead) = lead else {
        return Reply::text(r.t("alert-empty-group", &[]));
    };
    let annotation = |key: &str| {
        lead.annotations
            .get(key)
            .or(payload.common_annotations.get(key))
            .cloned()
    };
    let title = card_title(r, lead.name(), firing, alerts);
    let mut description = annotation("summary").unwrap_or_else(|| lead.name().to_string());
    if let Some(d) = annotation("description") {
        description.push_str("\n\n");
        description.push_str(&d);
    }
    let mut fields = alert_fields(r, payload, alerts, lead, firing);
    fields.extend(triage_fields(r, routes, triage));
    // The triage's failing-pod picture, when it drew one, is the card's picture too.
    let picture = match triage {
        Some(Triage::Ran(reply, _)) => reply.files.iter().find(|f| f.is_image()).cloned(),
        _ => None,
    };
    if let Some((by, at)) = acknowledged {
        fields.push(acknowledged_field(r, by, *at));
    }
    let buttons = if firing > 0 {
        firing_buttons(r, (routes, payload), alerts, lead, acknowledged.is_none())
    } else {
        Vec::new()
    };
    let markdown = format!(
        "**{title}**\n{description}\n\n{}",
        fields
            .iter()
            .map(|(k, v)| format!("- **{k}**: {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    Reply {
        cards: vec![Card {
            title,
            description,
            color: Some(if firing > 0 { 0xD7_26_3D } else { 0x2E_A0_43 }),
            fields,
            footer: Some(r.t(
                "alert-footer",
                &[("receiver", payload.receiver.as_str().into())],
            )),
            image: picture.as_ref().map(|p| p.name.clone()),
        }],
        files: picture.into_iter().collect(),
        buttons,
        ..Reply::text(markdown)
    }
}

/// When the group's first alert started.
fn started(alerts: &[&Alert], lead: &Alert) -> chrono::DateTime<chrono::Utc> {
    alerts
        .iter()
        .map(|a| a.starts_at)
        .min()
        .unwrap_or(lead.starts_at)
}

/// "🔥 FIRING · name", or "✅ RESOLVED · name · after 48 min".
fn card_title(r: &Renderer, name: &str, firing: usize, alerts: &[&Alert]) -> String {
    let name = Arg::from(name);
    if firing > 0 {
        return r.t("alert-firing", &[("name", name)]);
    }
    let ended = alerts.iter().filter_map(|a| a.ended_at()).max();
    let started = alerts.iter().map(|a| a.starts_at).min();
    match (started, ended) {
        (Some(s), Some(e)) => r.t(
            "alert-resolved-after",
            &[("name", name), ("duration", duration(r, e - s).into())],
        ),
        _ => r.t("alert-resolved", &[("name", name)]),
    }
}

/// Severity, start, counts, labels and links of the group.
fn alert_fields(
    r: &Renderer,
    payload: &Payload,
    alerts: &[&Alert],
    lead: &Alert,
    firing: usize,
) -> Vec<(String, String)> {
    let severity = lead
        .labels
        .get("severity")
        .cloned()
        .unwrap_or_else(|| r.t("alert-severity-unknown", &[]));
    let count = [
        ("firing", Arg::from(firing)),
        ("total", alerts.len().into()),
    ];
    let mut fields = vec![
        (r.t("alert-field-severity", &[]), severity),
        (
            r.t("alert-field-started", &[]),
            r.time(started(alerts, lead)),
        ),
        (
            r.t("alert-field-alerts", &[]),
            match payload.truncated_alerts {
                0 => r.t("alert-count", &count),
                t => {
                    let mut args = count.to_vec();
                    args.push(("left", t.into()));
                    r.t("alert-count-truncated", &args)
                }
            },
        ),
        (
            r.t("alert-field-labels", &[]),
            lead.labels
                .iter()
                .filter(|(k, _)| k.as_str() != "alertname")
                .map(|(k, v)| format!("`{k}={v}`"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ];
    if !lead.generator_url.is_empty() {
        fields.push((
            r.t("alert-field-source", &[]),
            format!(
                "[{}]({})",
                r.t("alert-source-link", &[]),
                lead.generator_url
            ),
        ));
    }
    if !payload.external_url.is_empty() {
        fields.push(("Alertmanager".into(), payload.external_url.clone()));
    }
    fields
}

/// What the triage said (its top findings), or why it did not run.
fn triage_fields(r: &Renderer, routes: &Routes, triage: Option<&Triage>) -> Vec<(String, String)> {
    match triage {
        Some(Triage::Ran(reply, reused)) => {
            let Some(t) = reply.cards.first() else {
                return Vec::new();
            };
            let mut said = t.description.clone();
            if let Some(ran_at) = reused {
                let every = chrono::Duration::from_std(routes.triage_interval).unwrap_or_default();
                said.push('\n');
                said.push_str(&r.t(
                    "alert-triage-reused",
                    &[
                        ("at", r.time(*ran_at).into()),
                        ("every", duration(r, every).into()),
                    ],
                ));
            }
            std::iter::once((r.t("alert-field-triage", &[]), said))
                .chain(t.fields.iter().take(TOP_FINDINGS).cloned())
                .collect()
        }
        Some(Triage::Skipped(why)) => vec![(
            r.t("alert-field-triage", &[]),
            r.t("alert-triage-not-run", &[("why", why.as_str().into())]),
        )],
        None => Vec::new(),
    }
}

/// Declare incident, Full triage (when the alert names a workload) and Acknowledge (until
/// someone has).
fn firing_buttons(
    r: &Renderer,
    (routes, payload): (&Routes, &Payload),
    alerts: &[&Alert],
    lead: &Alert,
    unacknowledged: bool,
) -> Vec<Button> {
    let subject = routes.subject(&lead.labels);
    let mut buttons = vec![Button {
        custom_id: button::declare(
            &routes.severity(&lead.labels),
            started(alerts, lead).timestamp(),
            subject.workload.as_deref().unwrap_or(""),
        ),
        label: r.t("button-declare-incident", &[]),
    }];
    if let Some(workload) = &subject.workload {
        buttons.push(Button {
            custom_id: button::triage(
                workload,
                subject.namespace.as_deref(),
                subject.cluster.as_deref(),
            ),
            label: r.t("button-full-triage", &[]),
        });
    }
    if unacknowledged {
        buttons.push(Button {
            custom_id: button::acknowledge(&group_id(&payload.group_key)),
            label: r.t("button-acknowledge", &[]),
        });
    }
    buttons
}

/// "48 min", "2 h 5 min", "30 s" (in Chinese "48分钟", "2小时5分钟", "30秒").
fn duration(r: &Renderer, d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    let (h, m) = (s / 3600, (s % 3600) / 60);
    match (h, m) {
        (0, 0) => r.t("duration-seconds", &[("s", s.into())]),
        (0, m) => r.t("duration-minutes", &[("m", m.into())]),
        (h, 0) => r.t("duration-hours", &[("h", h.into())]),
        (h, m) => r.t(
            "duration-hours-minutes",
            &[("h", h.into()), ("m", m.into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn durations_read_as_people_say_them() {
        let r = Renderer::new(Locale::En, None).unwrap();
        assert_eq!(duration(&r, chrono::Duration::seconds(30)), "30 s");
        assert_eq!(duration(&r, chrono::Duration::minutes(48)), "48 min");
        assert_eq!(duration(&r, chrono::Duration::minutes(125)), "2 h 5 min");
        assert_eq!(duration(&r, chrono::Duration::hours(3)), "3 h");
        let zh = r.in_locale(Locale::ZhCn);
        assert_eq!(duration(&zh, chrono::Duration::seconds(30)), "30秒");
        assert_eq!(duration(&zh, chrono::Duration::minutes(125)), "2小时5分钟");
    }
}
