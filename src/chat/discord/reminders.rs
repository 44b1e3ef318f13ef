//! Posts due status-update reminders into their Discord channels: claimed in the database
//! first (`scheduler::claim_due`), posted with retries and backoff when Discord answers 5xx
//! or 429 or cannot be reached, then recorded on the timeline as posted or as
//! "reminder failed: …". Several warroom processes on one database post each reminder once.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::ChannelId;
use serenity::http::HttpError;
use tokio::task::JoinHandle;
use tracing::warn;

use super::Discord;
use super::limits::{self, DEFAULT_ATTACHMENT_BYTES};
use crate::command::button;
use crate::render::{Button, Reply};
use crate::scheduler::{self, Channels, Notice};

/// Attempts per reminder before it is recorded as failed.
pub const ATTEMPTS: u32 = 4;

/// Whether a failed post is worth retrying (Discord overloaded, rate limited or unreachable),
/// and how to name it.
fn classify(e: &serenity::Error) -> (bool, String) {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            let status = r.status_code;
            let retry = status.is_server_error() || status.as_u16() == 429;
            let what = if r.error.message.is_empty() {
                format!("Discord answered {status}")
            } else {
                format!("Discord answered {status} ({})", r.error.message)
            };
            (retry, what)
        }
        serenity::Error::Http(HttpError::Request(e)) => {
            (true, format!("Discord could not be reached: {e}"))
        }
        other => (false, other.to_string()),
    }
}

/// Posts one reminder, retrying with exponential backoff from `d.reminder_backoff`.
async fn post(d: &Discord, channel: u64, notice: &Notice) -> Result<(), String> {
    let r = d.app.channel_renderer(&notice.channel);
    let reply = Reply {
        buttons: vec![Button {
            custom_id: button::STATUS_UPDATE.into(),
            label: r.t("button-post-status-update", &[]),
        }],
        ..Reply::text(notice.markdown.clone())
    };
    let message = limits::fit(&r, &reply, DEFAULT_ATTACHMENT_BYTES, "reminder");
    let mut delay = d.reminder_backoff;
    let mut attempt = 1;
    loop {
        match ChannelId::new(channel)
            .send_message(&*d.http, message.channel_message())
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) => {
                let (retry, what) = classify(&e);
                warn!(error = %what, channel, incident = notice.incident_id, attempt,
                      "cannot post a due reminder");
                if !retry {
                    return Err(what);
                }
                if attempt >= ATTEMPTS {
                    return Err(format!("{what}; gave up after {attempt} attempts"));
                }
            }
        }
        tokio::time::sleep(delay).await;
        delay *= 2;
        attempt += 1;
    }
}

/// Posts every reminder due now and records each as posted or failed; returns how many were
/// posted.
pub async fn post_due(d: &Discord) -> usize {
    let claimed = match scheduler::claim_due(&d.app, Channels::Discord).await {
        Ok(c) => c,
        Err(e) => {
            d.metrics.database_error("reminders");
            warn!(error = %e, "cannot check due reminders");
            return 0;
        }
    };
    let (mut delivered, mut failed) = (0, 0);
    for c in claimed {
        let posted = match c.notice.channel.parse::<u64>() {
            Ok(channel) => post(d, channel, &c.notice).await,
            Err(_) => Err(format!("{:?} is not a Discord channel", c.notice.channel)),
        };
        match &posted {
            Ok(()) => delivered += 1,
            Err(_) => failed += 1,
        }
        if let Err(e) = scheduler::record(&d.app, &c, &posted).await {
            d.metrics.database_error("reminders");
            warn!(error = %e, incident = c.notice.incident_id,
                  "cannot record a reminder on the timeline");
        }
    }
    d.metrics.reminders(delivered, failed);
    delivered
}

/// Checks for due reminders every `every`, until the task is aborted.
pub fn spawn(d: Arc<Discord>, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            post_due(&d).await;
        }
    })
}
