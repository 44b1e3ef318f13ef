//! Status-update reminders. Due times live in the database: a reminder is claimed there before
//! it is posted, so after a restart reminders resume, and two processes never post one twice.

use chrono::Duration;
use serde_json::json;

use crate::app::App;
use crate::error::Result;
use crate::handlers::status_name;
use crate::incident::{NewEntry, Outcome};

/// A reminder to post in a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub channel: String,
    pub incident_id: i64,
    pub markdown: String,
}

/// Claims every due reminder, records it on the timeline and returns what to post. The next
/// reminder is one cadence from now (a bot that was down posts once, not once per missed hour).
pub async fn due_notices(app: &App) -> Result<Vec<Notice>> {
    let now = app.clock.now();
    let mut notices = Vec::new();
    for reminder in app.store.due_reminders(now).await? {
        let incident = app.store.incident(reminder.incident_id).await?;
        let last = app
            .store
            .last_entry_of_kind(incident.id, "status.update")
            .await?;
        let r = &app.renderer;
        let markdown = r.render(
            "reminder",
            &json!({
                "id": incident.id,
                "title": incident.title,
                "state_name": status_name(r.locale(), incident.state),
                "last_update": last.map(|e| r.time(e.at)),
                "cadence_minutes": reminder.cadence_minutes,
            }),
        )?;
        let entry = NewEntry {
            channel: reminder.channel.clone(),
            incident_id: Some(incident.id),
            at: now,
            actor: "warroom".into(),
            kind: "status.reminder".into(),
            outcome: Outcome::System,
            summary: "status update due: reminded the channel".into(),
            payload: json!({ "due_at": reminder.next_due_at }),
            evidence: Vec::new(),
        };
        let next = now + Duration::minutes(reminder.cadence_minutes);
        if app
            .store
            .claim_reminder(&reminder, next, &entry)
            .await?
            .is_some()
        {
            notices.push(Notice {
                channel: reminder.channel,
                incident_id: incident.id,
                markdown,
            });
        }
    }
    Ok(notices)
}
