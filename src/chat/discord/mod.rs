//! The Discord adapter: converts interactions into `Invocation`s, fits `Reply`s to Discord's
//! limits, and serves them over the gateway or the HTTP interactions endpoint
//! (`interactions`), beside the shared listener (`chat::listener`). Only this folder knows
//! serenity.

pub mod alerts;
pub mod convert;
pub mod dispatch;
pub mod gateway;
pub mod interactions;
pub mod limits;
pub mod register;
pub mod reminders;
pub mod watches;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ApplicationId, GuildId, Http, HttpBuilder};

use crate::app::App;
use crate::chat::listener::{self, Listener};
use crate::chat::metrics::{Metrics, MetricsError};

/// Discord's API; any other base URL is treated as a proxy (tests, a shared rate limiter).
pub const DISCORD_API: &str = "https://discord.com";
/// How often due reminders are looked for, unless `ServeOptions::reminder_every` says otherwise.
pub const REMINDER_PERIOD: Duration = Duration::from_secs(30);

/// What both modes share: the app, the REST client, metrics.
#[derive(Debug)]
pub struct Discord {
    pub app: Arc<App>,
    pub http: Arc<Http>,
    pub metrics: Metrics,
    /// Open a thread on each incident announcement; commands in a thread then count for its
    /// parent channel's incident.
    pub create_threads: bool,
    /// The first pause before a failed reminder post is retried (doubled each time).
    pub reminder_backoff: Duration,
    /// Fetches attachments sent with `/note`.
    downloads: reqwest::Client,
}

impl Discord {
    pub fn new(app: Arc<App>, http: Arc<Http>) -> Result<Self, ServeError> {
        let downloads = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(ServeError::Client)?;
        let metrics = match &app.clusters {
            Some(clusters) => Metrics::new()?.with_cluster(clusters.metrics())?,
            None => Metrics::new()?,
        };
        Ok(Discord {
            app,
            http,
            metrics,
            create_threads: false,
            reminder_backoff: Duration::from_secs(1),
            downloads,
        })
    }

    /// The same, pausing `first` before the first retry of a failed reminder post.
    pub fn with_reminder_backoff(self, first: Duration) -> Self {
        Discord {
            reminder_backoff: first,
            ..self
        }
    }

    /// The same, opening a thread on each incident announcement when `on`.
    pub fn with_threads(self, on: bool) -> Self {
        Discord {
            create_threads: on,
            ..self
        }
    }
}

/// The REST client. A base URL other than Discord's is used as a proxy; serenity only applies
/// a proxy when its own rate limiter is off, so it is turned off then (the proxy or the fake
/// Discord of the tests answers 429s itself).
pub fn rest_client(token: &str, application_id: Option<u64>, api_url: &str) -> Http {
    let mut b = HttpBuilder::new(token);
    if let Some(id) = application_id.filter(|id| *id != 0) {
        b = b.application_id(ApplicationId::new(id));
    }
    let api_url = api_url.trim_end_matches('/');
    if api_url != DISCORD_API {
        b = b.proxy(api_url).ratelimiter_disabled(true);
    }
    b.build()
}

/// How `warroom serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Serve the HTTP interactions endpoint here instead of connecting to the gateway.
    pub http: Option<SocketAddr>,
    /// Gateway mode: serve the listener (alert webhook, health, metrics) here.
    pub listen: Option<SocketAddr>,
    /// Discord's API base URL, or a proxy.
    pub api_url: String,
    /// Register commands in this guild (gateway mode); globally when `None`.
    pub guild_id: Option<u64>,
    /// Open a thread on each incident announcement.
    pub create_threads: bool,
    /// How often due reminders are looked for.
    pub reminder_every: Duration,
    /// The `[alerts]` routes; the webhook is served (on `--http` or `--listen`) when
    /// WARROOM_ALERTS_TOKEN is set.
    pub alerts: Option<crate::alerts::Routes>,
}

/// Why `warroom serve` could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    #[error("environment variable {name}: {reason}")]
    BadEnv { name: &'static str, reason: String },
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "--listen (or [http] listen) is for gateway mode: with --http {0}, that address already \
         serves /alerts/alertmanager, /healthz, /readyz and /metrics; drop one of them"
    )]
    ListenWithHttp(SocketAddr),
    #[error("Discord gateway: {0}")]
    Gateway(#[source] Box<serenity::Error>),
}

impl From<serenity::Error> for ServeError {
    fn from(e: serenity::Error) -> Self {
        ServeError::Gateway(Box::new(e))
    }
}

fn env(name: &'static str) -> Result<String, ServeError> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or(ServeError::MissingEnv(name))
}

fn env_id(name: &'static str) -> Result<Option<u64>, ServeError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            v.trim().parse().map(Some).map_err(|_| ServeError::BadEnv {
                name,
                reason: format!("{v:?} is not a Discord id (a number)"),
            })
        }
        _ => Ok(None),
    }
}

/// Resolves on SIGTERM (Kubernetes stopping the pod) or Ctrl-C.
pub async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = terminate => {},
        _ = tokio::signal::ctrl_c() => {},
    }
    tracing::info!("shutting down: finishing the replies in progress");
}

/// The alert receiver when WARROOM_ALERTS_TOKEN is set (with the `[alerts]` routes, or the
/// defaults); `[alerts]` without the token is an error, as the webhook could not be served.
fn alert_receiver(
    routes: Option<crate::alerts::Routes>,
) -> Result<Option<crate::alerts::Receiver>, ServeError> {
    use crate::alerts::{Receiver, Routes, TOKEN_ENV};
    match (env(TOKEN_ENV), routes) {
        (Ok(token), routes) => {
            let routes = match routes {
                Some(r) => r,
                None => Routes::new(&Default::default()).map_err(|e| ServeError::BadEnv {
                    name: TOKEN_ENV,
                    reason: e.to_string(),
                })?,
            };
            tracing::info!("receiving Alertmanager's webhook at POST /alerts/alertmanager");
            Ok(Some(Receiver::new(token, routes)))
        }
        (Err(_), Some(_)) => Err(ServeError::MissingEnv(TOKEN_ENV)),
        (Err(_), None) => Ok(None),
    }
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Listen { addr, source })
}

/// Runs the bot until it fails or is stopped: the HTTP endpoint when `options.http` is set
/// (needs DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID, DISCORD_TOKEN), else the gateway
/// (DISCORD_TOKEN). Both register the commands (DISCORD_GUILD_ID overrides `options.guild_id`)
/// and post reminders. HTTP mode serves the interactions endpoint and the listener on `options.http`;
/// gateway mode serves the listener on `options.listen`, when given, beside the gateway.
pub async fn serve(app: App, options: ServeOptions) -> Result<(), ServeError> {
    let token = env("DISCORD_TOKEN")?;
    let app = Arc::new(app);
    let guild = env_id("DISCORD_GUILD_ID")?
        .or(options.guild_id)
        .map(GuildId::new);
    match options.http {
        Some(addr) => {
            if options.listen.is_some() {
                return Err(ServeError::ListenWithHttp(addr));
            }
            let public_key = env("DISCORD_PUBLIC_KEY")?;
            let application_id = env_id("DISCORD_APPLICATION_ID")?
                .ok_or(ServeError::MissingEnv("DISCORD_APPLICATION_ID"))?;
            let http = rest_client(&token, Some(application_id), &options.api_url);
            let discord =
                Arc::new(Discord::new(app, Arc::new(http))?.with_threads(options.create_threads));
            let mut endpoint =
                interactions::Endpoint::new(discord.clone(), &public_key).map_err(|reason| {
                    ServeError::BadEnv {
                        name: "DISCORD_PUBLIC_KEY",
                        reason,
                    }
                })?;
            if let Some(receiver) = alert_receiver(options.alerts)? {
                endpoint = endpoint.with_alerts(receiver);
            }
            let listener = bind(addr).await?;
            // No READY arrives over HTTP: the commands are registered at start (an idempotent
            // overwrite, so several instances may all do it).
            match register::register(&discord.http, guild, discord.app.renderer.catalog()).await {
                Ok(n) => tracing::info!(commands = n, ?guild, "registered slash commands"),
                Err(e) => tracing::warn!(error = %e, "cannot register slash commands; \
                                         those registered before keep working"),
            }
            let watches = watches::spawn(discord.clone());
            let reminders = reminders::spawn(discord, options.reminder_every);
            tracing::info!(%addr, "serving Discord interactions over HTTP");
            let served = interactions::serve(listener, Arc::new(endpoint), shutdown_signal()).await;
            reminders.abort();
            watches.abort();
            served.map_err(|source| ServeError::Listen { addr, source })
        }
        None => {
            let application_id = env_id("DISCORD_APPLICATION_ID")?;
            let http = rest_client(&token, application_id, &options.api_url);
            let discord =
                Arc::new(Discord::new(app, Arc::new(http))?.with_threads(options.create_threads));
            let listening = match options.listen {
                Some(addr) => {
                    let mut shared = Listener::new(discord.app.clone(), discord.metrics.clone());
                    if let Some(receiver) = alert_receiver(options.alerts)? {
                        shared = shared.with_alerts(receiver, discord.clone());
                    }
                    let shared = Arc::new(shared);
                    let tcp = bind(addr).await?;
                    tracing::info!(%addr, "serving /alerts/alertmanager, /healthz, /readyz and /metrics");
                    Some((addr, tcp, shared))
                }
                None if env(crate::alerts::TOKEN_ENV).is_ok() => {
                    tracing::warn!(
                        "WARROOM_ALERTS_TOKEN is set but gateway mode has no listener: pass \
                         --listen ADDR (or [http] listen) to receive Alertmanager's webhook"
                    );
                    None
                }
                None => None,
            };
            let reminders = reminders::spawn(discord.clone(), options.reminder_every);
            let watches = watches::spawn(discord.clone());
            let run = match listening {
                Some((addr, tcp, shared)) => {
                    let router = shared.router();
                    let work = shared.work.clone();
                    tokio::select! {
                        run = gateway::run(discord, &token, guild) => run.map_err(ServeError::from),
                        served = listener::serve(tcp, router, work, shutdown_signal()) =>
                            served.map_err(|source| ServeError::Listen { addr, source }),
                    }
                }
                None => gateway::run(discord, &token, guild)
                    .await
                    .map_err(ServeError::from),
            };
            reminders.abort();
            watches.abort();
            run
        }
    }
}
