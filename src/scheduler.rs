//! Status-update reminders: claim → post → record. Due times live in the database; a reminder
//! is claimed there (a lease) before it is posted, then recorded on the timeline as posted or
//! as "reminder failed: …", so after a restart reminders resume, two running processes never
//! post one twice, and a reminder that could not be posted is visible rather than logged as
//! sent. (A process killed between posting and recording leaves its claim to lapse, and the
//! reminder is posted again then: at least once, never silently lost.)

use chrono::Duration;
use serde_json::json;

use crate::app::App;
use crate::handlers::status_name;
use crate::i18n::Msg;
use crate::incident::{NewEntry, Outcome};
use crate::store::{Reminder, Result};

/// How long a claim keeps other processes off a reminder while one posts it (with retries).
/// A process that dies holding a claim delays that reminder by at most this.
pub const CLAIM: Duration = Duration::minutes(5);

/// Which channels' reminders a process posts: a console serves its one channel; the Discord
/// bot serves Discord channels (numeric ids) and never claims a console's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels<'a> {
    One(&'a str),
    Discord,
}

impl Channels<'_> {
    pub fn serves(&self, channel: &str) -> bool {
        match self {
            Channels::One(c) => *c == channel,
            Channels::Discord => channel.parse::<u64>().is_ok_and(|id| id != 0),
        }
    }

    /// The one channel served, if it is one.
    pub fn only(&self) -> Option<&str> {
        match self {
            Channels::One(c) => Some(c),
            Channels::Discord => None,
        }
    }
}

/// A reminder to post in a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub channel: String,
    pub incident_id: i64,
    pub markdown: String,
}

/// A reminder this process claimed: post `notice`, then `record` how that went.
#[derive(Debug, Clone)]
pub struct Claimed {
    reminder: Reminder,
    pub notice: Notice,
}

/// Claims every due reminder of `channels` (see `CLAIM`) and returns what to post. A reminder
/// whose text cannot be rendered is recorded as failed here.
pub async fn claim_due(app: &App, channels: Channels<'_>) -> Result<Vec<Claimed>> {
    let now = app.clock.now();
    let mut claimed = Vec::new();
    for reminder in app.store.due_reminders(now, channels.only()).await? {
        if !channels.serves(&reminder.channel)
            || !app
                .store
                .claim_reminder(&reminder, now, now + CLAIM)
                .await?
        {
            continue;
        }
        match notice(app, &reminder).await {
            Ok(notice) => claimed.push(Claimed { reminder, notice }),
            Err(e) => {
                let failed = Claimed {
                    notice: Notice {
                        channel: reminder.channel.clone(),
                        incident_id: reminder.incident_id,
                        markdown: String::new(),
                    },
                    reminder,
                };
                record(app, &failed, &Err(e.to_string())).await?;
            }
        }
    }
    Ok(claimed)
}

/// Records how posting a claimed reminder went — "reminded the channel" or "reminder failed:
/// why" — and releases the claim. The next reminder is one cadence from now (a bot that was
/// down posts once, not once per missed hour).
pub async fn record(app: &App, claimed: &Claimed, posted: &Result<(), String>) -> Result<()> {
    let reminder = &claimed.reminder;
    let at = app.clock.now();
    let (summary, payload) = match posted {
        Ok(()) => (
            Msg::new("record-reminded"),
            json!({ "due_at": reminder.next_due_at }),
        ),
        Err(why) => (
            Msg::new("record-reminder-failed").arg("why", why.as_str()),
            json!({ "due_at": reminder.next_due_at, "error": why }),
        ),
    };
    let entry = NewEntry {
        channel: reminder.channel.clone(),
        incident_id: Some(reminder.incident_id),
        at,
        actor: "warroom".into(),
        kind: "status.reminder".into(),
        outcome: Outcome::System,
        summary: app.channel_renderer(&reminder.channel).msg(&summary),
        payload,
        evidence: Vec::new(),
    };
    let next = at + Duration::minutes(reminder.cadence_minutes);
    app.store.record_reminder(reminder, next, &entry).await?;
    Ok(())
}

/// The reminder's text, ending with the channel's chain head.
async fn notice(app: &App, reminder: &Reminder) -> crate::error::Result<Notice> {
    let incident = app.store.incident(reminder.incident_id).await?;
    let (progress, last) = crate::handlers::status_progress(app, &incident).await?;
    let r = app.channel_renderer(&reminder.channel);
    let head = app.store.head(&reminder.channel).await?;
    let markdown = r.render(
        "reminder",
        &json!({
            "id": incident.id,
            "title": incident.title,
            "state_name": status_name(&r, incident.state),
            "last_update": last.map(|e| r.time(e.at)),
            "cadence_minutes": reminder.cadence_minutes,
            "since_last": (!progress.is_empty()).then(|| progress.one_line(r.catalog(), r.locale())),
            "chain_head": head.map(|h| h.to_string()),
        }),
    )?;
    Ok(Notice {
        channel: reminder.channel.clone(),
        incident_id: incident.id,
        markdown,
    })
}

#[cfg(test)]
mod tests {
    use super::Channels;

    #[test]
    fn the_bot_serves_discord_channels_and_a_console_its_own() {
        assert!(Channels::Discord.serves("1382371295232131102"));
        assert!(!Channels::Discord.serves("payments"));
        assert!(!Channels::Discord.serves("0"));
        assert!(Channels::One("payments").serves("payments"));
        assert!(!Channels::One("payments").serves("1382371295232131102"));
    }
}
