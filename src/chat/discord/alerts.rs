//! Delivers alert cards to Discord (the `AlertSink` of the shared listener): posts the card of
//! a new Alertmanager group in its routed channel and remembers the message, edits that message
//! when the group is re-notified or resolved, and counts received, unrouted and failed alerts
//! and the triages run and reused in the metrics.

use std::sync::Arc;

use futures::future::BoxFuture;
use serenity::all::{ChannelId, MessageId};
use tracing::warn;

use super::Discord;
use super::limits::{self, DEFAULT_ATTACHMENT_BYTES};
use crate::alerts::card::{self, Delivery};
use crate::alerts::{Payload, Receiver};
use crate::chat::listener::AlertSink;
use crate::render::Reply;

impl AlertSink for Discord {
    fn deliver(
        self: Arc<Self>,
        receiver: Arc<Receiver>,
        payload: Payload,
    ) -> BoxFuture<'static, ()> {
        Box::pin(async move { deliver(&self, &receiver, &payload).await })
    }
}

/// Processes one accepted payload: routes, triages, records, then posts or edits each card.
pub async fn deliver(d: &Discord, receiver: &Receiver, payload: &Payload) {
    d.metrics.alerts("received", payload.alerts.len());
    let processed = match card::process(&d.app, &receiver.routes, &receiver.triages, payload).await
    {
        Ok(p) => p,
        Err(e) => {
            d.metrics.database_error("alerts");
            warn!(error = %e, group = payload.group_key, "cannot process an alert group");
            return;
        }
    };
    d.metrics.alerts("unrouted", processed.unrouted);
    d.metrics
        .alert_triages(processed.triages_ran, processed.triages_reused);
    for delivery in processed.deliveries {
        if let Err(why) = post_or_edit(d, &delivery).await {
            d.metrics.alerts("failed", 1);
            warn!(error = %why, channel = delivery.channel, group = delivery.group_key,
                  "cannot post an alert card");
        }
    }
}

async fn post_or_edit(d: &Discord, delivery: &Delivery) -> Result<(), String> {
    let channel = delivery
        .channel
        .parse::<u64>()
        .map(ChannelId::new)
        .map_err(|_| format!("{:?} is not a Discord channel", delivery.channel))?;
    // The card carries everything; the Markdown twin is for the console.
    let reply = Reply {
        markdown: String::new(),
        ..delivery.reply.clone()
    };
    let r = d.app.channel_renderer(&delivery.channel);
    let message = limits::fit(&r, &reply, DEFAULT_ATTACHMENT_BYTES, "alert");
    let known = d
        .app
        .store
        .alert_card(&delivery.channel, &delivery.group_key)
        .await
        .map_err(|e| e.to_string())?;
    let posted = match known.and_then(|card| card.message_id.parse::<u64>().ok()) {
        Some(id) => channel
            .edit_message(&*d.http, MessageId::new(id), message.channel_edit())
            .await
            .map_err(|e| format!("editing the card: {e}"))?,
        None => channel
            .send_message(&*d.http, message.channel_message())
            .await
            .map_err(|e| format!("posting the card: {e}"))?,
    };
    d.app
        .store
        .save_alert_card(
            &delivery.channel,
            &delivery.group_key,
            &delivery.alertname,
            delivery.status.as_str(),
            &posted.id.get().to_string(),
            d.app.clock.now(),
        )
        .await
        .map_err(|e| e.to_string())
}
