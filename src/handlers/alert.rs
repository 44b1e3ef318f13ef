//! The alert card's Acknowledge button: records who took an Alertmanager group on, on the
//! card's row (so the card keeps saying so when it is edited) and on the channel's timeline —
//! the open incident's, if there is one.

use serde_json::json;

use super::Ctx;
use crate::alerts::group_id;
use crate::error::{Result, UserError};
use crate::i18n::{Arg, Msg};
use crate::incident::Outcome;
use crate::render::Reply;

pub async fn acknowledge(ctx: &Ctx<'_>, group: &str) -> Result<Reply> {
    let card = ctx
        .app
        .store
        .alert_cards(ctx.channel)
        .await?
        .into_iter()
        .find(|c| group_id(&c.group_key) == group)
        .ok_or_else(|| UserError::new(Msg::new("error-unknown-alert-card")))?;
    if let (Some(by), Some(at)) = (&card.acknowledged_by, card.acknowledged_at) {
        return Err(UserError::new(
            Msg::new("error-alert-already-acknowledged")
                .arg("by", by.as_str())
                .arg("alert", card.alertname.as_str())
                .arg("at", ctx.renderer.time(at)),
        )
        .into());
    }
    let incident = ctx.app.store.active_incident(ctx.channel).await?;
    let entry = ctx.entry(
        incident.as_ref(),
        "alert.ack",
        Outcome::Ok,
        Msg::new("record-alert-ack").arg("alert", card.alertname.as_str()),
        json!({ "alertname": card.alertname, "group_key": card.group_key }),
        Vec::new(),
    );
    let recorded = ctx
        .app
        .store
        .acknowledge_alert_card(&card.group_key, &ctx.actor.name, &entry)
        .await?;
    if recorded.is_none() {
        return Err(UserError::new(
            Msg::new("error-alert-acknowledged-meanwhile").arg("alert", card.alertname.as_str()),
        )
        .into());
    }
    let r = &ctx.user_renderer;
    let mut args = vec![
        ("alert", Arg::from(card.alertname.as_str())),
        ("at", r.time(ctx.at).into()),
    ];
    let key = match incident {
        Some(i) => {
            args.push(("id", i.id.into()));
            "reply-alert-acknowledged-on"
        }
        None => "reply-alert-acknowledged",
    };
    Ok(Reply {
        ephemeral: true,
        ..Reply::text(r.t(key, &args))
    })
}
