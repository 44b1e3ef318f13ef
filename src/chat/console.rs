//! The console adapter: one command per line on stdin, each reply as Markdown on stdout; due
//! reminders and watch posts of its channel are printed between commands (never another
//! channel's: a console
//! sharing the bot's database leaves those to the bot). A prompt is shown only when stdin is a
//! terminal. `/alert file:PATH` feeds an Alertmanager payload by hand, as the webhook would.
//! Pictures a reply carries (a triage's `pods.png`) are written to a folder and their paths
//! printed under the reply.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use crate::alerts::{self, Routes, Triages};
use crate::app::App;
use crate::command;
use crate::command::button;
use crate::handlers;
use crate::invocation::{Actor, InboundFile, Input, Invocation};
use crate::render::{FileAttachment, Reply};
use crate::scheduler::{self, Channels};
use crate::watch::Watcher;

/// Who the console runs as, and where.
#[derive(Debug, Clone)]
pub struct ConsoleIdentity {
    pub name: String,
    pub channel: String,
}

/// Turns a typed line into an invocation; `file:PATH` options are read from disk here so the
/// handler sees them as attachments (an unreadable path is reported by the handler).
pub fn invocation(identity: &ConsoleIdentity, line: &str) -> Invocation {
    let mut files = Vec::new();
    if let Ok(raw) = command::tokenize(line) {
        for option in raw.options.iter().filter(|o| o.key == "file") {
            if let Ok(bytes) = std::fs::read(&option.value) {
                files.push(InboundFile {
                    name: option.value.clone(),
                    bytes,
                });
            }
        }
    }
    Invocation {
        actor: Actor {
            id: identity.name.clone(),
            name: identity.name.clone(),
            roles: Vec::new(),
        },
        channel: identity.channel.clone(),
        input: Input::Line(line.to_string()),
        files,
        direct_message: false,
        locale: Default::default(),
    }
}

/// Answers one typed line: `/alert file:PATH` routes the payload in that file to this
/// console's channel and answers with its cards (their triage throttled by `triages`); any
/// other line is a command.
pub async fn answer(
    app: &App,
    identity: &ConsoleIdentity,
    (routes, triages): (&Routes, &Triages),
    line: &str,
) -> Reply {
    let Some(raw) = command::tokenize(line).ok().filter(|r| r.name == "alert") else {
        return handlers::handle(app, &invocation(identity, line)).await;
    };
    let Some(path) = raw.options.iter().find(|o| o.key == "file") else {
        return Reply::text(app.renderer.t("console-alert-usage", &[]));
    };
    let body = match std::fs::read(&path.value) {
        Ok(b) => b,
        Err(e) => {
            return Reply::text(app.renderer.t(
                "console-alert-unreadable",
                &[
                    ("path", path.value.as_str().into()),
                    ("error", e.to_string().into()),
                ],
            ));
        }
    };
    let payload = match alerts::parse(&body) {
        Ok(p) => p,
        Err(e) => {
            let error = app.renderer.msg(&e.msg());
            return Reply::text(app.renderer.t(
                "alert-rejected",
                &[
                    ("path", path.value.as_str().into()),
                    ("error", error.into()),
                ],
            ));
        }
    };
    match alerts::card::process(app, &routes.only(&identity.channel), triages, &payload).await {
        Ok(p) if p.deliveries.is_empty() => Reply::text(app.renderer.t("console-alert-empty", &[])),
        Ok(p) => Reply {
            files: p
                .deliveries
                .iter()
                .flat_map(|d| d.reply.files.clone())
                .collect(),
            ..Reply::text(
                p.deliveries
                    .iter()
                    .map(|d| d.reply.markdown.trim_end())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            )
        },
        Err(e) => Reply::text(app.renderer.t(
            "console-alert-not-recorded",
            &[("error", e.to_string().into())],
        )),
    }
}

/// The folder the console writes pictures to when `--out` is not given.
pub fn default_out() -> PathBuf {
    std::env::temp_dir().join("warroom-console")
}

/// Writes the pictures of a reply into `out` (a later picture of the same name replaces the
/// earlier one) and returns a line per picture with the path written, or why not.
pub fn write_pictures(files: &[FileAttachment], out: &Path) -> String {
    let mut lines = Vec::new();
    for file in files.iter().filter(|f| f.is_image()) {
        let path = out.join(&file.name);
        let written =
            std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &file.bytes));
        lines.push(match written {
            Ok(()) => format!("📎 {}: {}", file.name, path.display()),
            Err(e) => format!(
                "⚠️ {} was not written to {}: {e} (choose another folder with --out)",
                file.name,
                path.display()
            ),
        });
    }
    lines.join("\n")
}

/// Runs the console until stdin closes; `routes` name the labels an alert's triage reads;
/// pictures go to `out`.
pub async fn run(
    app: &App,
    identity: &ConsoleIdentity,
    routes: &Routes,
    out: &Path,
) -> std::io::Result<()> {
    let triages = Triages::new(routes.triage_interval, routes.max_concurrent_triages);
    let interactive = std::io::stdin().is_terminal();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut stdout = tokio::io::stdout();
    // Due reminders and watch rounds are checked every 30 s, the first time a second after the
    // start: a one-shot command piped in is answered without waiting for (or racing) them.
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + Duration::from_secs(1),
        Duration::from_secs(30),
    );
    let watcher = Watcher::new();
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    if interactive {
        stdout
            .write_all(b"warroom console: type /help for the commands, Ctrl-D to quit\n")
            .await?;
    }
    loop {
        if interactive {
            stdout
                .write_all(format!("{}> ", identity.channel).as_bytes())
                .await?;
            stdout.flush().await?;
        }
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let reply = answer(app, identity, (routes, &triages), line).await;
                let pictures = write_pictures(&reply.files, out);
                let printed = if pictures.is_empty() {
                    reply.markdown
                } else {
                    format!("{}\n\n{pictures}", reply.markdown.trim_end())
                };
                write_block(&mut stdout, &printed).await?;
            }
            _ = tick.tick() => {
                print_reminders(app, &identity.channel, &mut stdout).await?;
                print_watch_posts(app, &watcher, &identity.channel, &mut stdout).await?;
            }
        }
    }
    Ok(())
}

/// Prints the reminders of `channel` that are due now and records them as posted.
pub async fn print_reminders<W: AsyncWrite + Unpin>(
    app: &App,
    channel: &str,
    out: &mut W,
) -> std::io::Result<()> {
    let claimed = match scheduler::claim_due(app, Channels::One(channel)).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "could not check due reminders");
            return Ok(());
        }
    };
    for c in claimed {
        let written = write_block(out, &c.notice.markdown).await;
        let posted = written
            .as_ref()
            .map(|_| ())
            .map_err(|e| format!("cannot write to the console: {e}"));
        if let Err(e) = scheduler::record(app, &c, &posted).await {
            tracing::warn!(error = %e, "could not record a reminder on the timeline");
        }
        written?;
    }
    Ok(())
}

/// Runs a round of `channel`'s watches and prints what they post (already recorded).
pub async fn print_watch_posts<W: AsyncWrite + Unpin>(
    app: &App,
    watcher: &Watcher,
    channel: &str,
    out: &mut W,
) -> std::io::Result<()> {
    let posts = match watcher.round(app, Channels::One(channel)).await {
        Ok(posts) => posts,
        Err(e) => {
            tracing::warn!(error = %e, "could not run the watches");
            return Ok(());
        }
    };
    for post in posts {
        let mut text = post.reply.markdown.trim_end().to_string();
        if post
            .reply
            .buttons
            .iter()
            .any(|b| b.custom_id == button::MARK_MITIGATED)
        {
            text.push('\n');
            text.push_str(&app.renderer.t("console-mark-mitigated", &[]));
        }
        write_block(out, &text).await?;
    }
    Ok(())
}

/// Writes `markdown` and a blank line in one write: tokio's stdout hands each write to a
/// blocking thread and waits for it before taking the next.
async fn write_block<W: AsyncWrite + Unpin>(out: &mut W, markdown: &str) -> std::io::Result<()> {
    let mut block = String::with_capacity(markdown.len() + 2);
    block.push_str(markdown.trim_end());
    block.push_str("\n\n");
    out.write_all(block.as_bytes()).await?;
    out.flush().await
}
