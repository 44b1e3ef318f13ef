//! The one path every interaction takes, in gateway and HTTP mode alike: choose the first
//! response (PONG, defer, modal, autocomplete choices), then — after it is sent — run the
//! command through `handlers::handle` and deliver the reply over REST.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serenity::all::{
    AutoArchiveDuration, AutocompleteChoice, ChannelId, CommandInteraction, ComponentInteraction,
    ComponentInteractionDataKind, CreateAutocompleteResponse, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateThread, EditMessage, GuildId, Interaction, Member, ModalInteraction, PartialChannel,
    Permissions, User,
};
use serenity::builder::Builder;
use tracing::{error, warn};

use super::Discord;
use super::convert::{self, AttachmentRef};
use super::limits::{self, Message};
use crate::chat::metrics::Stage;
use crate::command::{self, Command, RawCommand, USAGE, button};
use crate::handlers;
use crate::i18n::Locale;
use crate::invocation::{InboundFile, Input, Invocation, LocaleHints};
use crate::render::Renderer;

/// How long autocomplete may wait for the cluster (Discord drops answers after 3 s).
const AUTOCOMPLETE_BUDGET: Duration = Duration::from_secs(2);
/// Largest attachment fetched for `/note`, whatever Discord allows.
const MAX_DOWNLOAD: u64 = 25 * 1024 * 1024;
/// Discord's PIN_MESSAGES permission (newer than serenity 0.12.5's constants); before it,
/// MANAGE_MESSAGES allowed pinning.
const PIN_MESSAGES: u64 = 1 << 51;

/// The first response to an interaction, and the work to run once it has been sent.
pub struct Answer {
    pub response: CreateInteractionResponse,
    pub then: Option<BoxFuture<'static, ()>>,
}

impl Answer {
    fn only(response: CreateInteractionResponse) -> Self {
        Answer {
            response,
            then: None,
        }
    }
}

/// The answer to `interaction`, received at `received` (for the latency metric).
pub async fn answer(d: &Arc<Discord>, interaction: Interaction, received: Instant) -> Answer {
    match interaction {
        Interaction::Ping(_) => {
            d.metrics.interaction("ping", "ok");
            Answer::only(CreateInteractionResponse::Pong)
        }
        Interaction::Command(c) => slash_command(d, c, received).await,
        Interaction::Autocomplete(a) => autocomplete(d, &a).await,
        Interaction::Component(b) => component(d, b, received).await,
        Interaction::Modal(m) => modal(d, m, received),
        other => {
            warn!(kind = ?other.kind(), "interaction of a kind warroom does not handle");
            d.metrics.interaction("other", "ignored");
            Answer::only(CreateInteractionResponse::Acknowledge)
        }
    }
}

/// What a deferred command needs to finish in the background.
struct Job {
    discord: Arc<Discord>,
    token: String,
    invocation: Invocation,
    attachments: Vec<AttachmentRef>,
    attachment_limit: u64,
    /// The defer was ephemeral (the reply was known to be private up front).
    private: bool,
    label: &'static str,
    file_stem: String,
    received: Instant,
    /// For `/incident open`: the bot's permissions in the channel, to pin the announcement and
    /// open its thread.
    opened_with: Option<Permissions>,
    /// For an alert card's Acknowledge: the card, to say on it who acknowledged.
    acknowledges: Option<Box<serenity::all::Message>>,
}

/// A bounded metrics label: the registered command name, or `unknown`.
fn label(name: &str) -> &'static str {
    USAGE
        .iter()
        .filter_map(|u| u.path.split(' ').next())
        .find(|n| *n == name)
        .unwrap_or("unknown")
}

/// Where an interaction happened: its channel id, the channel as sent, its server.
type Place<'a> = (ChannelId, Option<&'a PartialChannel>, Option<GuildId>);

/// The languages an interaction reports: the user's `locale` and the server's `guild_locale`.
fn hints(user: &str, guild: Option<&str>) -> LocaleHints {
    LocaleHints {
        guild: guild.and_then(Locale::from_discord),
        user: Locale::from_discord(user),
    }
}

fn invocation(
    d: &Discord,
    (user, member, locale): (&User, Option<&Member>, LocaleHints),
    (channel_id, channel, guild): Place<'_>,
    input: Input,
) -> Invocation {
    Invocation {
        actor: convert::actor(user, member),
        channel: convert::incident_channel(channel_id, channel, d.create_threads),
        input,
        files: Vec::new(),
        direct_message: guild.is_none(),
        locale,
    }
}

async fn slash_command(d: &Arc<Discord>, c: CommandInteraction, received: Instant) -> Answer {
    let (raw, attachments) = convert::raw_command(&c.data);
    let inv = invocation(
        d,
        (
            &c.user,
            c.member.as_deref(),
            hints(&c.locale, c.guild_locale.as_deref()),
        ),
        (c.channel_id, c.channel.as_ref(), c.guild_id),
        Input::Raw(raw.clone()),
    );
    if convert::is_bare_status_update(&raw) {
        return status_modal(d, &inv, "status").await;
    }
    let parsed = command::parse(&raw);
    let private = matches!(parsed, Err(_) | Ok(Command::Help));
    let opened_with = matches!(parsed, Ok(Command::IncidentOpen { .. }))
        .then(|| c.app_permissions.unwrap_or_default());
    deferred(Job {
        discord: d.clone(),
        token: c.token,
        invocation: inv,
        attachments,
        attachment_limit: u64::from(c.attachment_size_limit),
        private,
        label: label(&raw.name),
        file_stem: raw.name,
        received,
        opened_with,
        acknowledges: None,
    })
}

async fn component(d: &Arc<Discord>, b: ComponentInteraction, received: Instant) -> Answer {
    // A select menu's option carries the id of the button it stands for.
    let id = match &b.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => {
            values.first().cloned().unwrap_or_default()
        }
        _ => b.data.custom_id.clone(),
    };
    let inv = invocation(
        d,
        (
            &b.user,
            b.member.as_ref(),
            hints(&b.locale, b.guild_locale.as_deref()),
        ),
        (b.channel_id, b.channel.as_ref(), b.guild_id),
        Input::Button(id.clone()),
    );
    if id == button::STATUS_UPDATE {
        return status_modal(d, &inv, "button").await;
    }
    let summary = b
        .message
        .embeds
        .first()
        .and_then(|e| e.description.as_deref().or(e.title.as_deref()))
        .and_then(|t| t.lines().next())
        .unwrap_or_default();
    let user = d.app.readers(&inv.channel, inv.locale).user;
    if let Some(form) = convert::declare_modal(&user, &id, summary) {
        d.metrics.interaction("button", "modal");
        return Answer::only(CreateInteractionResponse::Modal(form));
    }
    let acknowledges = id.starts_with(button::ACK).then(|| b.message.clone());
    deferred(Job {
        discord: d.clone(),
        token: b.token,
        invocation: inv,
        attachments: Vec::new(),
        attachment_limit: u64::from(b.attachment_size_limit),
        private: acknowledges.is_some() || command::parse_button(&id).is_err(),
        label: "button",
        file_stem: "reply".into(),
        received,
        opened_with: None,
        acknowledges,
    })
}

fn modal(d: &Arc<Discord>, m: ModalInteraction, received: Instant) -> Answer {
    let input = if m.data.custom_id.starts_with(convert::STATUS_MODAL) {
        Input::Raw(convert::status_update_from_modal(&m.data.components))
    } else if m.data.custom_id == convert::DECLARE_MODAL {
        Input::Raw(convert::incident_open_from_modal(&m.data.components))
    } else {
        Input::Button(m.data.custom_id.clone())
    };
    let private = match &input {
        Input::Raw(raw) => command::parse(raw).is_err(),
        _ => true,
    };
    let inv = invocation(
        d,
        (
            &m.user,
            m.member.as_ref(),
            hints(&m.locale, m.guild_locale.as_deref()),
        ),
        (m.channel_id, m.channel.as_ref(), m.guild_id),
        input,
    );
    deferred(Job {
        discord: d.clone(),
        token: m.token,
        invocation: inv,
        attachments: Vec::new(),
        attachment_limit: u64::from(m.attachment_size_limit),
        private,
        label: "modal",
        file_stem: "status".into(),
        received,
        opened_with: None,
        acknowledges: None,
    })
}

/// The status-update form, prefilled from the channel's last update.
async fn status_modal(d: &Discord, inv: &Invocation, label: &str) -> Answer {
    let prefill = match handlers::last_status_fields(&d.app, &inv.channel).await {
        Ok(f) => f,
        Err(e) => {
            warn!(error = %e, "cannot read the last status update: the form starts empty");
            Default::default()
        }
    };
    d.metrics.interaction(label, "modal");
    let user = d.app.readers(&inv.channel, inv.locale).user;
    Answer::only(CreateInteractionResponse::Modal(convert::status_modal(
        &user, &prefill,
    )))
}

fn deferred(job: Job) -> Answer {
    let message = CreateInteractionResponseMessage::new().ephemeral(job.private);
    Answer {
        response: CreateInteractionResponse::Defer(message),
        then: Some(Box::pin(job.run())),
    }
}

impl Job {
    async fn run(mut self) {
        let readers = self
            .discord
            .app
            .readers(&self.invocation.channel, self.invocation.locale);
        let mut notes = Vec::new();
        for a in std::mem::take(&mut self.attachments) {
            match download(&self.discord.downloads, &a, self.attachment_limit).await {
                Ok(bytes) => self.invocation.files.push(InboundFile {
                    name: a.name,
                    bytes,
                }),
                Err(why) => {
                    if let Input::Raw(raw) = &mut self.invocation.input {
                        drop_file_option(raw, &a.name);
                    }
                    notes.push(readers.user.t(
                        "note-attachment-unfetched",
                        &[
                            ("name", crate::render::escape_markdown(&a.name).into()),
                            ("why", why.to_string().into()),
                        ],
                    ));
                }
            }
        }
        let d = &self.discord;
        let mut reply = handlers::handle(&d.app, &self.invocation).await;
        if reply.database_error {
            d.metrics.database_error("command");
        }
        if !notes.is_empty() {
            notes.push(reply.markdown);
            reply.markdown = notes.join("\n");
        }
        let shown_in = if self.private || reply.ephemeral {
            &readers.user
        } else {
            &readers.channel
        };
        let message = limits::fit(shown_in, &reply, self.attachment_limit, &self.file_stem);
        let outcome = match deliver(d, &self.token, self.private, &message).await {
            Ok(_) if reply.is_error => "error",
            Ok(edited) => {
                if let (Some(permissions), Some(announcement)) = (self.opened_with, edited) {
                    let name = reply.cards.first().map_or("incident", |c| c.title.as_str());
                    let opened = (self.token.as_str(), permissions, &announcement);
                    after_open(d, &readers.user, opened, name).await;
                }
                if let Some(card) = &self.acknowledges {
                    mark_acknowledged(d, card, &self.invocation.actor.name).await;
                }
                "ok"
            }
            Err(e) => {
                error!(error = %e, command = self.label, "cannot deliver the reply to Discord");
                "undelivered"
            }
        };
        d.metrics.interaction(self.label, outcome);
        d.metrics.latency(Stage::Final, self.received.elapsed());
    }
}

/// Adds who acknowledged to an alert card (the handler recorded it; a later edit of the card
/// re-renders it from that record).
async fn mark_acknowledged(d: &Discord, card: &serenity::all::Message, by: &str) {
    let r = d.app.channel_renderer(&card.channel_id.to_string());
    let (name, value) = crate::alerts::card::acknowledged_field(&r, by, d.app.clock.now());
    let embeds: Vec<CreateEmbed> = card
        .embeds
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let embed = CreateEmbed::from(e.clone());
            if i == 0 {
                embed.field(name.clone(), value.clone(), false)
            } else {
                embed
            }
        })
        .collect();
    let edit = EditMessage::new().embeds(embeds);
    if let Err(e) = card.channel_id.edit_message(&*d.http, card.id, edit).await {
        warn!(error = %e, "cannot show the acknowledgement on the alert card");
    }
}

fn drop_file_option(raw: &mut RawCommand, name: &str) {
    raw.options
        .retain(|o| !(o.key == "file" && o.value == name));
}

/// Replaces the "thinking…" response with the reply, and returns the edited message. A private
/// reply after a public defer cannot be made private by an edit: the public placeholder is
/// deleted and the reply sent as an ephemeral follow-up.
async fn deliver(
    d: &Discord,
    token: &str,
    private: bool,
    message: &Message,
) -> Result<Option<serenity::all::Message>, serenity::Error> {
    if message.ephemeral && !private {
        d.http.delete_original_interaction_response(token).await?;
        message.followup().execute(&*d.http, (None, token)).await?;
        Ok(None)
    } else {
        message.edit().execute(&*d.http, token).await.map(Some)
    }
}

/// After a new incident's announcement is posted: pins it and, when configured, opens a thread
/// on it. What the bot may not do is told once, privately, to the user who opened the incident;
/// the incident stays open either way.
async fn after_open(
    d: &Discord,
    r: &Renderer,
    (token, permissions, announcement): (&str, Permissions, &serenity::all::Message),
    thread_name: &str,
) {
    let mut problems = Vec::new();
    let may_pin = permissions.contains(Permissions::MANAGE_MESSAGES)
        || permissions.bits() & PIN_MESSAGES != 0;
    if !may_pin {
        problems.push(r.t("open-not-pinned-permission", &[]));
    } else if let Err(e) = announcement.pin(&*d.http).await {
        problems.push(r.t("open-not-pinned", &[("error", e.to_string().into())]));
    }
    if d.create_threads {
        let thread = CreateThread::new(limits::truncate(thread_name, 100))
            .auto_archive_duration(AutoArchiveDuration::OneWeek);
        if !permissions.contains(Permissions::CREATE_PUBLIC_THREADS) {
            problems.push(r.t("open-no-thread-permission", &[]));
        } else if let Err(e) = announcement
            .channel_id
            .create_thread_from_message(&*d.http, announcement.id, thread)
            .await
        {
            problems.push(r.t("open-no-thread", &[("error", e.to_string().into())]));
        }
    }
    if problems.is_empty() {
        return;
    }
    warn!(?problems, "the incident announcement was not fully set up");
    let note = CreateInteractionResponseFollowup::new()
        .ephemeral(true)
        .content(r.t(
            "open-setup-incomplete",
            &[(
                "problems",
                problems.join(&r.t("progress-separator", &[])).into(),
            )],
        ))
        .allowed_mentions(limits::no_mentions());
    if let Err(e) = note.execute(&*d.http, (None, token)).await {
        warn!(error = %e, "cannot tell the user what was not set up");
    }
}

/// Why an attachment was not fetched.
#[derive(Debug, thiserror::Error)]
enum DownloadError {
    #[error("{0} bytes is over the {1} bytes warroom fetches")]
    TooLarge(u64, u64),
    #[error("{0}")]
    Request(#[from] reqwest::Error),
}

async fn download(
    client: &reqwest::Client,
    a: &AttachmentRef,
    limit: u64,
) -> Result<Vec<u8>, DownloadError> {
    let cap = limit.min(MAX_DOWNLOAD);
    if a.size > cap {
        return Err(DownloadError::TooLarge(a.size, cap));
    }
    let mut response = client.get(&a.url).send().await?.error_for_status()?;
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > cap {
            return Err(DownloadError::TooLarge(bytes.len() as u64, cap));
        }
    }
    Ok(bytes)
}

async fn autocomplete(d: &Discord, a: &CommandInteraction) -> Answer {
    let (raw, _) = convert::raw_command(&a.data);
    let (focused, typed) = a
        .data
        .autocomplete()
        .map(|f| (f.name, f.value))
        .unwrap_or_default();
    let actor = convert::actor(&a.user, a.member.as_deref());
    let suggest = handlers::suggest(&d.app, &actor, a.guild_id.is_none(), &raw, focused, typed);
    let choices = tokio::time::timeout(AUTOCOMPLETE_BUDGET, suggest)
        .await
        .unwrap_or_else(|_| {
            warn!("autocomplete: the cluster did not answer in time");
            Vec::new()
        });
    d.metrics.interaction("autocomplete", "ok");
    Answer::only(CreateInteractionResponse::Autocomplete(
        CreateAutocompleteResponse::new().set_choices(
            choices
                .into_iter()
                .take(25)
                .map(|n| AutocompleteChoice::new(n.clone(), n))
                .collect(),
        ),
    ))
}
