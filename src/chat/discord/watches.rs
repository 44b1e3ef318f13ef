//! Runs the watches of Discord channels (`watch::Watcher`) every `watch::ROUND` and posts
//! what they decided into their channels. A post is already recorded on the timeline when it
//! is sent; one Discord refuses is logged, not repeated (a watch says a change once).

use std::sync::Arc;

use serenity::all::ChannelId;
use tokio::task::JoinHandle;
use tracing::warn;

use super::Discord;
use super::limits::{self, DEFAULT_ATTACHMENT_BYTES};
use crate::scheduler::Channels;
use crate::watch::{ROUND, Watcher};

/// One round of the watches this process holds; returns how many posts were sent.
pub async fn post_round(d: &Discord, watcher: &Watcher) -> usize {
    let posts = match watcher.round(&d.app, Channels::Discord).await {
        Ok(posts) => posts,
        Err(e) => {
            d.metrics.database_error("watches");
            warn!(error = %e, "cannot run the watches");
            return 0;
        }
    };
    let mut sent = 0;
    for post in posts {
        let Ok(channel) = post.channel.parse::<u64>() else {
            continue;
        };
        let r = d.app.channel_renderer(&post.channel);
        let message = limits::fit(&r, &post.reply, DEFAULT_ATTACHMENT_BYTES, "watch");
        match ChannelId::new(channel)
            .send_message(&*d.http, message.channel_message())
            .await
        {
            Ok(_) => sent += 1,
            Err(e) => warn!(error = %e, channel, incident = post.incident_id,
                            "cannot post a watch's change"),
        }
    }
    sent
}

/// Runs the watches every `watch::ROUND`, until the task is aborted.
pub fn spawn(d: Arc<Discord>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let watcher = Watcher::new();
        let mut tick = tokio::time::interval(ROUND);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            post_round(&d, &watcher).await;
        }
    })
}
