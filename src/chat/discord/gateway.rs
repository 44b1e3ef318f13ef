//! Gateway mode: a serenity client whose `ready` registers the commands and whose
//! `interaction_create` takes the same path as the HTTP endpoint (`dispatch::answer`), sending
//! the first response over REST.

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, GuildId, Interaction, Ready,
};
use serenity::async_trait;
use serenity::builder::Builder;
use tracing::{error, info, warn};

use super::{Discord, dispatch, register};
use crate::chat::metrics::Stage;

struct Handler {
    discord: Arc<Discord>,
    guild: Option<GuildId>,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.discord.http.set_application_id(ready.application.id);
        match register::register(&ctx.http, self.guild, self.discord.app.renderer.catalog()).await {
            Ok(n) => info!(commands = n, guild = ?self.guild, "registered slash commands"),
            Err(e) => error!(error = %e, "cannot register slash commands"),
        }
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        handle_interaction(&self.discord, interaction).await;
    }
}

/// Answers one interaction that arrived over the gateway: the first response over REST, then
/// the work (which edits that response).
pub async fn handle_interaction(d: &Arc<Discord>, interaction: Interaction) {
    let received = Instant::now();
    let (id, token) = (interaction.id(), interaction.token().to_string());
    let answer = dispatch::answer(d, interaction, received).await;
    if let Err(e) = answer.response.execute(&*d.http, (id, &token)).await {
        warn!(error = %e, "cannot send the first response to an interaction");
        return;
    }
    d.metrics.latency(Stage::First, received.elapsed());
    if let Some(then) = answer.then {
        then.await;
    }
}

/// Connects to the gateway (through the same API base URL as the REST client) and serves until
/// the connection fails for good.
pub async fn run(
    discord: Arc<Discord>,
    token: &str,
    guild: Option<GuildId>,
) -> Result<(), serenity::Error> {
    let http = super::rest_client(
        token,
        discord.http.application_id().map(|id| id.get()),
        discord.http.proxy.as_deref().unwrap_or(super::DISCORD_API),
    );
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .event_handler(Handler { discord, guild })
        .await?;
    client.start().await
}
