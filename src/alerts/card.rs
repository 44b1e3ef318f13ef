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
use crate::incident::{NewEntry, Outcome};
use crate::invocation::{Actor, Input, Invocation};
use crate::render::{Button, Card, Reply};
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
        record(app, channel, &alerts).await?;
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
            Some(first) => Some(triage(app, routes, triages, channel, first).await),
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
                app,
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

/// Appends one entry per alert on the channel's timeline: on its open incident, if there is
/// one (a later `/incident open` finds the alert it was declared from among these).
async fn record(app: &App, channel: &str, alerts: &[&Alert]) -> Result<(), StoreError> {
    let incident = app.store.active_incident(channel).await?;
    for a in alerts {
        let summary = format!(
            "{} {}{}",
            a.name(),
            a.status.as_str(),
            a.annotations
                .get("summary")
                .map(|s| format!(": {s}"))
                .unwrap_or_default()
        );
        let evidence = vec![
            Evidence::new(
                EvidenceKind::CommandOutput,
                format!("alert labels: {}", a.name()),
                None,
                &key_values(&a.labels),
            ),
            Evidence::new(
                EvidenceKind::CommandOutput,
                format!("alert annotations: {}", a.name()),
                None,
                &key_values(&a.annotations),
            ),
        ];
        let entry = NewEntry {
            channel: channel.to_string(),
            incident_id: incident.as_ref().map(|i| i.id),
            at: app.clock.now(),
            actor: ACTOR.to_string(),
            kind: "alert".to_string(),
            outcome: Outcome::System,
            summary,
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
    routes: &Routes,
    triages: &Triages,
    channel: &str,
    alert: &Alert,
) -> Triage {
    let subject = routes.subject(&alert.labels);
    let Some(workload) = subject.workload else {
        return Triage::Skipped(
            "no label names a workload (see workload_labels in [alerts])".into(),
        );
    };
    if app.clusters.is_none() {
        return Triage::Skipped("no cluster is configured".into());
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
    };
    handlers::handle(app, &invocation).await
}

/// The card field that says who acknowledged an alert group, and when.
pub fn acknowledged_field(
    app: &App,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    (
        "Acknowledged".into(),
        format!("✋ {by} · {}", app.renderer.time(at)),
    )
}

/// The alert card of one channel's share of a group.
fn card(
    app: &App,
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
        return Reply::text("Alertmanager sent an empty group.");
    };
    let annotation = |key: &str| {
        lead.annotations
            .get(key)
            .or(payload.common_annotations.get(key))
            .cloned()
    };
    let title = card_title(lead.name(), firing, alerts);
    let mut description = annotation("summary").unwrap_or_else(|| lead.name().to_string());
    if let Some(d) = annotation("description") {
        description.push_str("\n\n");
        description.push_str(&d);
    }
    let mut fields = alert_fields(app, payload, alerts, lead, firing);
    fields.extend(triage_fields(app, routes, triage));
    // The triage's failing-pod picture, when it drew one, is the card's picture too.
    let picture = match triage {
        Some(Triage::Ran(reply, _)) => reply.files.iter().find(|f| f.is_image()).cloned(),
        _ => None,
    };
    if let Some((by, at)) = acknowledged {
        fields.push(acknowledged_field(app, by, *at));
    }
    let buttons = if firing > 0 {
        firing_buttons(routes, payload, alerts, lead, acknowledged.is_none())
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
            footer: Some(format!("Alertmanager · receiver {}", payload.receiver)),
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
fn card_title(name: &str, firing: usize, alerts: &[&Alert]) -> String {
    if firing > 0 {
        return format!("🔥 FIRING · {name}");
    }
    let ended = alerts.iter().filter_map(|a| a.ended_at()).max();
    let started = alerts.iter().map(|a| a.starts_at).min();
    match (started, ended) {
        (Some(s), Some(e)) => format!("✅ RESOLVED · {name} · after {}", duration(e - s)),
        _ => format!("✅ RESOLVED · {name}"),
    }
}

/// Severity, start, counts, labels and links of the group.
fn alert_fields(
    app: &App,
    payload: &Payload,
    alerts: &[&Alert],
    lead: &Alert,
    firing: usize,
) -> Vec<(String, String)> {
    let severity = lead
        .labels
        .get("severity")
        .cloned()
        .unwrap_or_else(|| "unknown".into());
    let mut fields = vec![
        ("Severity".to_string(), severity),
        (
            "Started".to_string(),
            app.renderer.time(started(alerts, lead)),
        ),
        (
            "Alerts".to_string(),
            match payload.truncated_alerts {
                0 => format!("{firing} firing of {}", alerts.len()),
                t => format!(
                    "{firing} firing of {} (+{t} left out by Alertmanager)",
                    alerts.len()
                ),
            },
        ),
        (
            "Labels".to_string(),
            lead.labels
                .iter()
                .filter(|(k, _)| k.as_str() != "alertname")
                .map(|(k, v)| format!("`{k}={v}`"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ];
    if !lead.generator_url.is_empty() {
        fields.push(("Source".into(), format!("[graph]({})", lead.generator_url)));
    }
    if !payload.external_url.is_empty() {
        fields.push(("Alertmanager".into(), payload.external_url.clone()));
    }
    fields
}

/// What the triage said (its top findings), or why it did not run.
fn triage_fields(app: &App, routes: &Routes, triage: Option<&Triage>) -> Vec<(String, String)> {
    match triage {
        Some(Triage::Ran(reply, reused)) => {
            let Some(t) = reply.cards.first() else {
                return Vec::new();
            };
            let mut said = t.description.clone();
            if let Some(ran_at) = reused {
                said.push_str(&format!(
                    "\n_(the triage of {}: one per workload every {})_",
                    app.renderer.time(*ran_at),
                    duration(
                        chrono::Duration::from_std(routes.triage_interval).unwrap_or_default()
                    )
                ));
            }
            std::iter::once(("Triage".into(), said))
                .chain(t.fields.iter().take(TOP_FINDINGS).cloned())
                .collect()
        }
        Some(Triage::Skipped(why)) => vec![("Triage".into(), format!("not run: {why}"))],
        None => Vec::new(),
    }
}

/// Declare incident, Full triage (when the alert names a workload) and Acknowledge (until
/// someone has).
fn firing_buttons(
    routes: &Routes,
    payload: &Payload,
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
        label: "Declare incident".into(),
    }];
    if let Some(workload) = &subject.workload {
        buttons.push(Button {
            custom_id: button::triage(
                workload,
                subject.namespace.as_deref(),
                subject.cluster.as_deref(),
            ),
            label: "Full triage".into(),
        });
    }
    if unacknowledged {
        buttons.push(Button {
            custom_id: button::acknowledge(&group_id(&payload.group_key)),
            label: "Acknowledge".into(),
        });
    }
    buttons
}

/// "48 min", "2 h 5 min", "30 s".
fn duration(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match (s / 3600, (s % 3600) / 60) {
        (0, 0) => format!("{s} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(chrono::Duration::seconds(30)), "30 s");
        assert_eq!(duration(chrono::Duration::minutes(48)), "48 min");
        assert_eq!(duration(chrono::Duration::minutes(125)), "2 h 5 min");
        assert_eq!(duration(chrono::Duration::hours(3)), "3 h");
    }
}
