//! Posts due status-update reminders into their Discord channels. The reminders are claimed in
//! the database first (`scheduler::due_notices`), so several warroom processes on one database
//! post each reminder once.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::ChannelId;
use tokio::task::JoinHandle;
use tracing::warn;

use super::Discord;
use super::limits::{self, DEFAULT_ATTACHMENT_BYTES};
use crate::command::button;
use crate::render::{Button, Reply};
use crate::scheduler;

/// Posts every reminder due now; returns how many were posted.
pub async fn post_due(d: &Discord) -> usize {
    let notices = match scheduler::due_notices(&d.app).await {
        Ok(n) => n,
        Err(e) => {
            warn!(error = %e, "cannot check due reminders");
            return 0;
        }
    };
    let mut posted = 0;
    for notice in notices {
        let Some(channel) = notice.channel.parse::<u64>().ok().filter(|id| *id != 0) else {
            warn!(channel = %notice.channel, incident = notice.incident_id,
                  "a due reminder's channel is not a Discord channel: not posted");
            continue;
        };
        let reply = Reply {
            buttons: vec![Button {
                custom_id: button::STATUS_UPDATE.into(),
                label: "Post status update".into(),
            }],
            ..Reply::text(notice.markdown)
        };
        let message = limits::fit(&reply, DEFAULT_ATTACHMENT_BYTES, "reminder");
        match ChannelId::new(channel)
            .send_message(&*d.http, message.channel_message())
            .await
        {
            Ok(_) => posted += 1,
            Err(e) => warn!(error = %e, channel, incident = notice.incident_id,
                            "cannot post a due reminder"),
        }
    }
    posted
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
