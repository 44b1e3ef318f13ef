//! Command handlers: one file per command family. `handle` is the one entry point: parse,
//! run, and record every command (failed ones too) on the timeline.

mod alert;
mod evidence;
mod incident;
mod postmortem;
mod status;
mod suggest;
mod triage;
mod watch;

pub use postmortem::render as postmortem_markdown;
pub use postmortem::{TIMELINE_PNG, chart_title, course as timeline_course};
pub use status::last_fields as last_status_fields;
pub use status::progress as status_progress;
pub use status::state_name_in as status_name;
pub use suggest::suggest;

use chrono::{DateTime, Utc};
use serde_json::json;
use tracing::error;

use crate::access::NamespaceScope;
use crate::app::App;
use crate::cluster::Identity;
use crate::command::{self, Command, RawCommand, TriageScope, USAGE};
use crate::error::{Error, Result, UserError};
use crate::evidence::{Recorded, redact};
use crate::i18n::{Arg, Msg, Text};
use crate::incident::{Incident, NewEntry, Outcome};
use crate::invocation::{Actor, InboundFile, Input, Invocation};
use crate::render::{Renderer, Reply};

/// What one invocation runs with.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub actor: &'a Actor,
    pub channel: &'a str,
    pub files: &'a [InboundFile],
    pub at: DateTime<Utc>,
    /// Whom cluster requests are made as (impersonation granted by the access policy).
    pub identity: Identity,
    /// The namespaces the granted command may read (unrestricted without a policy).
    pub namespaces: NamespaceScope,
    /// Renders in the channel's language: what everyone in the channel sees.
    pub renderer: Renderer,
    /// Renders in the user's own language: what only they see (errors, refusals, `/help`).
    pub user_renderer: Renderer,
}

impl Ctx<'_> {
    /// A timeline entry for this invocation, its summary written in the channel's language (as
    /// the channel's replies are): recorded once as text, which the hash chain then covers.
    pub fn entry(
        &self,
        incident: Option<&Incident>,
        kind: &str,
        outcome: Outcome,
        summary: impl Into<Text>,
        payload: serde_json::Value,
        evidence: Vec<Recorded>,
    ) -> NewEntry {
        NewEntry {
            channel: self.channel.to_string(),
            incident_id: incident.map(|i| i.id),
            at: self.at,
            actor: self.actor.name.clone(),
            kind: kind.to_string(),
            outcome,
            summary: self.renderer.text(&summary.into()),
            payload,
            evidence,
        }
    }

    /// The channel's open incident, or an error that says how to open one.
    pub async fn active_incident(&self) -> Result<Incident> {
        self.app
            .store
            .active_incident(self.channel)
            .await?
            .ok_or_else(|| UserError::new(Msg::new("error-no-open-incident")).into())
    }
}

/// Runs one invocation end to end and returns what to show. Never fails: errors become replies
/// and are recorded on the timeline. The reply is redacted here, whatever built it: cluster text
/// already is (by the cluster layer), but a user's own text can carry a secret too.
pub async fn handle(app: &App, inv: &Invocation) -> Reply {
    run_invocation(app, inv).await.redacted()
}

async fn run_invocation(app: &App, inv: &Invocation) -> Reply {
    let readers = app.readers(&inv.channel, inv.locale);
    let mut ctx = Ctx {
        app,
        actor: &inv.actor,
        channel: &inv.channel,
        files: &inv.files,
        at: app.clock.now(),
        identity: Identity::default(),
        namespaces: NamespaceScope::default(),
        renderer: readers.channel,
        user_renderer: readers.user,
    };
    let (typed, parsed) = match &inv.input {
        Input::Line(line) => (line.clone(), parse_redacted_line(line)),
        Input::Raw(raw) => (
            format!("/{} {}", raw.name, raw.sub.as_deref().unwrap_or("")),
            command::parse(&redacted_options(raw.clone())),
        ),
        Input::Button(id) => (format!("button {id}"), command::parse_button(id)),
    };
    let command = match parsed {
        Ok(c) => c,
        Err(e) => {
            let kind = typed
                .split_whitespace()
                .next()
                .map(|w| w.trim_start_matches('/'))
                .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()) && !w.is_empty())
                .unwrap_or("unknown")
                .to_string();
            let catalog = ctx.user_renderer.catalog();
            record_failure(
                &ctx,
                &kind,
                Outcome::Error,
                e.text(catalog, ctx.renderer.locale()),
                json!({ "input": typed }),
            )
            .await;
            let shown = e.text(catalog, ctx.user_renderer.locale());
            return Reply::error(format!("⚠️ {shown}"));
        }
    };
    if let Some(policy) = &app.policy {
        let (cluster, namespace) = scope(app, &command);
        match policy.authorize(&inv.actor, inv.direct_message, &command, cluster, namespace) {
            Ok(grant) => {
                ctx.identity = grant.identity;
                ctx.namespaces = grant.namespaces;
            }
            Err(denied) => {
                let catalog = ctx.user_renderer.catalog();
                record_failure(
                    &ctx,
                    command.kind(),
                    Outcome::Denied,
                    denied.text(catalog, ctx.renderer.locale()),
                    json!({ "input": typed }),
                )
                .await;
                let shown = denied.text(catalog, ctx.user_renderer.locale());
                return Reply::error(format!("🚫 {shown}"));
            }
        }
    }
    match run(&ctx, &command).await {
        Ok(reply) => reply,
        Err(e) => failed(&ctx, &command, &typed, e).await,
    }
}

/// The reply to a command that failed, recorded on the timeline (in the channel's language,
/// like every record, while the reply is in the user's): a user error as its message, an
/// unreachable database as such, anything else logged and shown by its reference.
async fn failed(ctx: &Ctx<'_>, command: &Command, typed: &str, error: Error) -> Reply {
    let input = json!({ "input": typed });
    let r = &ctx.user_renderer;
    match error {
        Error::User(e) => {
            record_failure(ctx, command.kind(), Outcome::Error, e.0.clone(), input).await;
            Reply::error(format!("⚠️ {}", r.text(&e.0)))
        }
        Error::DatabaseUnavailable(source) => {
            error!(command = command.kind(), error = %source, "the database is not answering");
            Reply {
                database_error: true,
                ..Reply::error(format!("⚠️ {}", r.t("error-database-unavailable", &[])))
            }
        }
        other => {
            let reference = format!("{:08x}", error_reference());
            error!(%reference, command = command.kind(), error = %other, "command failed");
            record_failure(
                ctx,
                command.kind(),
                Outcome::Error,
                Msg::new("record-internal-error").arg("reference", reference.as_str()),
                input,
            )
            .await;
            let reference = Arg::from(reference);
            let text = match &other {
                // The API server's own words help the on-call engineer; the reference ties
                // them to the log line.
                Error::Cluster(e) => r.t(
                    "error-cluster-internal",
                    &[("detail", e.to_string().into()), ("reference", reference)],
                ),
                _ => r.t("error-internal", &[("reference", reference)]),
            };
            let text = format!("⚠️ {text}");
            Reply {
                database_error: matches!(other, Error::Store(_)),
                ..Reply::error(text)
            }
        }
    }
}

/// `command::parse_line` with the option values redacted (see `redacted_options`); an error
/// still shows the line as typed, with its caret where the user put the mistake.
fn parse_redacted_line(line: &str) -> Result<Command, command::ParseError> {
    let line = line.trim();
    command::tokenize(line)
        .map(redacted_options)
        .and_then(|raw| command::parse(&raw))
        .map_err(|mut e| {
            e.line = Some(line.to_string());
            e
        })
}

/// The command's option values with secrets masked: what users type enters warroom redacted,
/// like what the cluster says, so an incident's rows and its chained entries hold the same text.
fn redacted_options(mut raw: RawCommand) -> RawCommand {
    for option in &mut raw.options {
        if let std::borrow::Cow::Owned(masked) = redact(&option.value) {
            option.value = masked;
        }
    }
    raw
}

/// A short random reference for an internal error, tying the user's message to the log line
/// (std's `RandomState` is freshly keyed per call, so two errors never share one by accident).
fn error_reference() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish() as u32
}

/// Where one workload or pod is looked for when no namespace is given (as kubectl does).
pub(crate) const DEFAULT_NAMESPACE: &str = "default";

/// The cluster and namespace a command reads, as the access policy judges them: the named or
/// default cluster; the named namespace, "default" for one workload or pod, none (all) for an
/// overview without one. Incident commands read no cluster.
fn scope<'a>(app: &'a App, command: &'a Command) -> (&'a str, Option<&'a str>) {
    let cluster = |named: &'a Option<String>| {
        named
            .as_deref()
            .or_else(|| app.clusters.as_ref().map(|c| c.default_name()))
            .unwrap_or("")
    };
    match command {
        Command::Triage {
            scope: TriageScope::Overview,
            namespace,
            cluster: c,
            ..
        } => (cluster(c), namespace.as_deref()),
        Command::Triage {
            namespace,
            cluster: c,
            ..
        }
        | Command::Logs {
            namespace,
            cluster: c,
            ..
        }
        | Command::Watch {
            namespace,
            cluster: c,
            ..
        } => (
            cluster(c),
            Some(namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE)),
        ),
        _ => ("", None),
    }
}

/// Records a command that failed or was refused, with what went wrong in the channel's
/// language (not the user's own: the record is the channel's).
async fn record_failure(
    ctx: &Ctx<'_>,
    kind: &str,
    outcome: Outcome,
    message: impl Into<Text>,
    payload: serde_json::Value,
) {
    let incident = ctx
        .app
        .store
        .active_incident(ctx.channel)
        .await
        .ok()
        .flatten();
    let entry = ctx.entry(
        incident.as_ref(),
        kind,
        outcome,
        message,
        payload,
        Vec::new(),
    );
    if let Err(e) = ctx.app.store.append(&entry).await {
        error!(error = %e, "could not record a failed command on the timeline");
    }
}

async fn run(ctx: &Ctx<'_>, command: &Command) -> Result<Reply> {
    match command {
        Command::Help => help(ctx).await,
        Command::IncidentOpen { .. } => incident::open(ctx, command).await,
        Command::IncidentRole { commander, comms } => {
            incident::roles(ctx, commander.as_deref(), comms.as_deref()).await
        }
        Command::Milestone(m) => incident::milestone(ctx, *m).await,
        Command::StatusUpdate(fields) => status::update(ctx, fields).await,
        Command::StatusCadence { minutes } => status::cadence(ctx, *minutes).await,
        Command::Note { text, tag, file } => evidence::note(ctx, text, *tag, file.as_deref()).await,
        Command::ActionAdd { owner, due, text } => {
            evidence::add_action(ctx, owner, *due, text).await
        }
        Command::ActionDone { id } => evidence::complete_action(ctx, *id).await,
        Command::Timeline { last } => evidence::timeline(ctx, *last).await,
        Command::EvidenceAdd { entry, finding } => {
            evidence::add_finding(ctx, *entry, *finding).await
        }
        Command::Postmortem => postmortem::export(ctx).await,
        Command::AlertAck { group } => alert::acknowledge(ctx, group).await,
        Command::Watch {
            service,
            namespace,
            cluster,
            minutes,
            step,
        } => {
            // Boxed: resolving the workload (as a triage does) makes a large future.
            Box::pin(watch::start(
                ctx,
                service,
                namespace.as_deref(),
                cluster.as_deref(),
                *minutes,
                *step,
            ))
            .await
        }
        Command::WatchStop { service } => watch::stop(ctx, service.as_deref()).await,
        Command::Triage {
            scope,
            namespace,
            cluster,
            current_log,
        } => {
            triage::triage(
                ctx,
                scope,
                namespace.as_deref(),
                cluster.as_deref(),
                *current_log,
            )
            .await
        }
        Command::Logs {
            pod,
            namespace,
            container,
            previous,
            tail,
            cluster,
        } => {
            triage::logs(
                ctx,
                pod,
                namespace.as_deref(),
                container.as_deref(),
                *previous,
                *tail,
                cluster.as_deref(),
            )
            .await
        }
    }
}

async fn help(ctx: &Ctx<'_>) -> Result<Reply> {
    let r = &ctx.user_renderer;
    let mut md = format!("{}\n", r.t("help-title", &[]));
    let example = r.t("help-example", &[]);
    for u in USAGE {
        md.push_str(&format!(
            "- `{}` — {}\n  {example} `{}`\n",
            u.usage,
            r.t(u.does, &[]),
            u.example
        ));
    }
    let incident = ctx.app.store.active_incident(ctx.channel).await?;
    let entry = ctx.entry(
        incident.as_ref(),
        "help",
        Outcome::Ok,
        Msg::new("record-help"),
        json!({}),
        Vec::new(),
    );
    ctx.app.store.append(&entry).await?;
    Ok(Reply {
        ephemeral: true,
        ..Reply::text(md)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_references_differ() {
        let refs: std::collections::HashSet<u32> =
            (0..100).map(|_| super::error_reference()).collect();
        assert!(refs.len() > 95, "{} distinct of 100", refs.len());
    }
}
