//! The `warroom` binary: parses the command line, sets up logging, builds the `App` and runs the
//! chosen mode.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use warroom::app::{App, Clock, Settings};
use warroom::chat::console::{self, ConsoleIdentity};
use warroom::cluster::{ClusterSpec, Clusters};
use warroom::config::{DEFAULT_DATABASE_URL, FileConfig};
use warroom::demo::apiserver::FakeApiServer;
use warroom::render::{Locale, Renderer};
use warroom::store::chain::ExpectedHead;
use warroom::store::{Store, StoreError};

/// warroom: run a Kubernetes incident from the chat channel.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// Configuration file (TOML).
    #[arg(long, global = true, env = "WARROOM_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://PATH (default sqlite://warroom.db) or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "WARROOM_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Language of the console, exports and the demo, and the chat's default: en or zh-CN.
    #[arg(long, global = true, env = "WARROOM_LOCALE")]
    locale: Option<Locale>,
    /// Folder of NAME.md.tera files that replace the built-in templates.
    #[arg(long, global = true)]
    templates: Option<PathBuf>,
    /// Kubeconfig of a cluster to diagnose (added as cluster "default"). Without it and without
    /// [[clusters]] in the config file, the console uses the built-in demo cluster.
    #[arg(long, global = true)]
    kubeconfig: Option<PathBuf>,
    /// Kubeconfig context (with --kubeconfig).
    #[arg(long, global = true)]
    context: Option<String>,
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Read commands from stdin (one per line) and print each reply as Markdown.
    Console {
        /// The name your actions are recorded under.
        #[arg(long = "as", default_value_t = default_user())]
        user: String,
        /// The channel the console stands for (an incident is bound to one channel).
        #[arg(long, default_value = "console")]
        channel: String,
        /// Where to write the pictures replies carry (a triage's pods.png); default:
        /// warroom-console in the system's temporary folder. Each path is printed.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run the seed incident as a scripted session and write the transcript and postmortem.
    Demo {
        /// Where to write transcript.md, postmortem.md, the triages' pictures (pods.png) and
        /// the incident's chart (timeline.png).
        #[arg(long, default_value = "warroom-demo")]
        out: PathBuf,
    },
    /// Export an incident's postmortem after verifying its timeline's hash chain.
    Export {
        /// The incident id (see /timeline or the announcement).
        #[arg(long)]
        incident: i64,
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A chain head the channel showed (`N:HASH`, printed under every status update,
        /// reminder, announcement and postmortem): the export fails unless the stored
        /// timeline still reaches it, which detects a removed tail.
        #[arg(long, value_name = "N:HASH")]
        expect_head: Option<ExpectedHead>,
        /// Also write the incident's chart (failing and ready pods per service over time, the
        /// milestones and status updates) to this PNG file.
        #[arg(long, value_name = "FILE.png")]
        chart: Option<PathBuf>,
    },
    /// Incident metrics across incidents: counts by severity, the median and p90 of the time
    /// to detect, declare, announce, first triage, mitigate and resolve, and status-update
    /// punctuality. Exits 2 when an incident's timeline fails verification, as export does.
    Report {
        /// Incidents declared within this long before now: 30d, 12h, 90m, 2w.
        #[arg(long, default_value = "30d", value_parser = parse_since)]
        since: chrono::Duration,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Run the Discord bot: over the gateway (DISCORD_TOKEN; DISCORD_GUILD_ID or [discord]
    /// guild_id registers the commands in one server), or as the HTTP interactions endpoint with
    /// --http (DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID, DISCORD_TOKEN).
    Serve {
        /// Serve the HTTP interactions endpoint on this address (e.g. 127.0.0.1:8080).
        #[arg(long)]
        http: Option<std::net::SocketAddr>,
        /// Gateway mode: serve /alerts/alertmanager, /healthz, /readyz and /metrics on this
        /// address (e.g. 0.0.0.0:8080); overrides [http] listen.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Discord's API base URL; anything else is used as a proxy (serenity's own rate
        /// limiter is then off, as a proxy only applies without it).
        #[arg(long, env = "DISCORD_API_URL", default_value = warroom::chat::discord::DISCORD_API)]
        discord_api_url: String,
        /// Seconds between looks for due reminders (each instance looks; a reminder is
        /// claimed in the database, so it is posted once).
        #[arg(long, value_name = "SECONDS", default_value_t = warroom::chat::discord::REMINDER_PERIOD.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..))]
        reminder_every: u64,
    },
    /// Preflight: check the access policy and ask each cluster what warroom's identity may read
    /// (and must not do); exits non-zero when a cluster is unreachable or a needed read is missing.
    Check {
        /// Check namespaced reads in this namespace (repeatable); default: cluster-wide.
        #[arg(long = "namespace", short = 'n')]
        namespaces: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
}

/// `30d`, `12h`, `90m`, `2w` as a duration.
fn parse_since(s: &str) -> Result<chrono::Duration, String> {
    let bad = || format!("{s:?} is not a period: give a number and a unit (m, h, d, w), e.g. 30d");
    let s = s.trim();
    let unit = s.chars().last().ok_or_else(bad)?;
    let n: i64 = s[..s.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let period = match unit {
        'm' => chrono::Duration::try_minutes(n),
        'h' => chrono::Duration::try_hours(n),
        'd' => chrono::Duration::try_days(n),
        'w' => chrono::Duration::try_weeks(n),
        _ => None,
    };
    period
        .filter(|p| *p > chrono::Duration::zero())
        .ok_or_else(bad)
}

fn default_user() -> String {
    std::env::var("USER").unwrap_or_else(|_| "operator".into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let console = matches!(cli.mode, Mode::Console { .. });
    std::thread::spawn(warroom::evidence::warm_up);
    match runtime(console) {
        Ok(runtime) => runtime.block_on(start(cli)),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The console serves one operator on one runtime thread: a triage's many small reads then hand
/// no work across threads (a 10,000-pod triage took ~11 % less time, A/B in BENCHMARKS.md). The
/// bot gets a thread per core for its many users. Blocking work has its own threads either way.
fn runtime(console: bool) -> std::io::Result<tokio::runtime::Runtime> {
    if console {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Runtime::new()
    }
}

async fn start(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,warroom=info,kube_client=off".into()),
        )
        .with_writer(|| warroom::evidence::RedactingWriter(std::io::stderr()))
        .init();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let file = match &cli.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    match &cli.mode {
        Mode::Check { namespaces } => check(&cli, &file, namespaces).await,
        Mode::Demo { out } => {
            let transcript = warroom::demo::run(renderer(&cli, &file)?, out).await?;
            println!("{transcript}");
            Ok(ExitCode::SUCCESS)
        }
        Mode::Report { since, format } => {
            let store = open_store(&database_url(&cli, &file)).await?;
            let now = chrono::Utc::now();
            let from = now - *since;
            // Metrics only from records that verify, as an export is.
            for incident in store.incidents_since(from).await? {
                match store.verify_incident_chain(&incident).await {
                    Ok(()) => {}
                    Err(StoreError::Chain(broken)) => {
                        eprintln!("warroom report: incident #{}: {broken}", incident.id);
                        return Ok(ExitCode::from(TAMPERED));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            let cadence = i64::from(file.status_cadence_minutes.unwrap_or(60));
            let metrics = store.incident_metrics(from, cadence, now).await?;
            let text = match format {
                ReportFormat::Md => warroom::incident::report::markdown(from, &metrics),
                ReportFormat::Csv => warroom::incident::report::csv(&metrics),
            };
            print!("{}", warroom::evidence::redact(&text));
            Ok(ExitCode::SUCCESS)
        }
        Mode::Migrate => {
            let url = database_url(&cli, &file);
            open_store(&url).await?;
            println!("migrations applied to {}", warroom::evidence::redact(&url));
            Ok(ExitCode::SUCCESS)
        }
        Mode::Console { user, channel, out } => {
            // The built-in demo cluster's server lives as long as the console's session.
            let (app, _demo_server) = build_app(&cli, &file, true).await?;
            let identity = ConsoleIdentity {
                name: user.clone(),
                channel: channel.clone(),
            };
            let routes = warroom::alerts::Routes::new(&file.alerts.clone().unwrap_or_default())?;
            let out = out.clone().unwrap_or_else(console::default_out);
            console::run(&app, &identity, &routes, &out).await?;
            app.store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Mode::Export {
            incident,
            format,
            out,
            expect_head,
            chart,
        } => {
            let (app, _) = build_app(&cli, &file, false).await?;
            let to = Destinations {
                text: out.as_deref(),
                chart: chart.as_deref(),
            };
            export(&app, *incident, *format, to, expect_head.as_ref()).await
        }
        Mode::Serve {
            http,
            listen,
            discord_api_url,
            reminder_every,
        } => {
            let options = warroom::chat::discord::ServeOptions {
                http: *http,
                listen: listen.or(file.http.listen),
                api_url: discord_api_url.clone(),
                guild_id: file.discord.guild_id,
                create_threads: file.discord.create_threads,
                reminder_every: std::time::Duration::from_secs(*reminder_every),
                alerts: file
                    .alerts
                    .as_ref()
                    .map(warroom::alerts::Routes::new)
                    .transpose()?,
            };
            let (app, _) = build_app(&cli, &file, false).await?;
            // Chat users get the access policy (deny by default), unlike the console's operator.
            let app = App {
                policy: Some(warroom::access::Policy::from_config(&file.policy)?),
                settings: Settings {
                    locales: file.discord.place_locales(),
                    ..app.settings
                },
                ..app
            };
            warroom::chat::discord::serve(app, options).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `warroom check`: the access policy and what each cluster lets warroom's identity read.
async fn check(cli: &Cli, file: &FileConfig, namespaces: &[String]) -> Result<ExitCode> {
    let plan = warroom::check::CheckPlan {
        clusters: file.clusters.clone(),
        kubeconfig: cli.kubeconfig.clone(),
        context: cli.context.clone(),
        namespaces: namespaces.to_vec(),
    };
    let report = warroom::check::run(&plan, &file.policy).await?;
    print!("{report}");
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The templates in the chosen locale: the command line's choice, else the config file's.
fn renderer(cli: &Cli, file: &FileConfig) -> Result<Renderer> {
    let (locale, templates) = renderer_choice(cli, file);
    Ok(Renderer::new(locale, templates.as_deref())?)
}

/// The locale and the template folder the renderer is built with.
fn renderer_choice(cli: &Cli, file: &FileConfig) -> (Locale, Option<PathBuf>) {
    let locale = cli.locale.or(file.locale).unwrap_or_default();
    let templates = cli.templates.clone().or(file.templates.clone());
    (locale, templates)
}

fn database_url(cli: &Cli, file: &FileConfig) -> String {
    cli.database_url
        .clone()
        .or(file.database_url.as_ref().map(|u| u.0.clone()))
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string())
}

/// Opens the database and applies pending migrations.
async fn open_store(url: &str) -> Result<Store> {
    Store::connect(url).await.with_context(|| {
        format!(
            "cannot open the database {}",
            warroom::evidence::redact(url)
        )
    })
}

/// The `App` of the modes that run commands: the database, the templates and the clusters (the
/// config file's, plus --kubeconfig as "default"). With none and `demo_cluster`, the built-in
/// demo cluster, whose server is returned to live as long as the caller keeps it.
async fn build_app(
    cli: &Cli,
    file: &FileConfig,
    demo_cluster: bool,
) -> Result<(App, Option<FakeApiServer>)> {
    // The database opens and migrates while the templates and the catalogs compile on a
    // blocking thread: a one-shot console command waits for the slower of the two, not both.
    let url = database_url(cli, file);
    let store = tokio::spawn(async move { open_store(&url).await });
    let (locale, templates) = renderer_choice(cli, file);
    let renderer =
        tokio::task::spawn_blocking(move || Renderer::new(locale, templates.as_deref())).await??;
    let mut specs = file.clusters.clone();
    if cli.kubeconfig.is_some() || cli.context.is_some() {
        specs.push(ClusterSpec {
            kubeconfig: cli.kubeconfig.clone(),
            context: cli.context.clone(),
            server: None,
            ..ClusterSpec::with_server("default", "")
        });
    }
    let (demo_server, clusters) = if !specs.is_empty() {
        (None, Some(Clusters::new(specs)?))
    } else if demo_cluster {
        eprintln!("{}", renderer.t("console-demo-cluster", &[]));
        let (server, clusters) = warroom::demo::demo_cluster("demo", chrono::Utc::now()).await?;
        (Some(server), Some(clusters))
    } else {
        (None, None)
    };
    let app = App {
        store: store.await??,
        renderer,
        clock: Clock::System,
        settings: Settings {
            cadence_minutes: file.status_cadence_minutes.unwrap_or(60),
            ..Settings::default()
        },
        clusters,
        policy: None,
    };
    Ok((app, demo_server))
}

/// Exit status of an export or a report whose record fails verification.
const TAMPERED: u8 = 2;

/// Where `warroom export` writes: the report (stdout without a path) and the chart (none
/// without a path).
struct Destinations<'a> {
    text: Option<&'a Path>,
    chart: Option<&'a Path>,
}

async fn export(
    app: &App,
    id: i64,
    format: Format,
    to: Destinations<'_>,
    expect_head: Option<&ExpectedHead>,
) -> Result<ExitCode> {
    let verified = match app.store.verified(id, expect_head).await {
        Ok(v) => v,
        Err(StoreError::Chain(broken)) => {
            eprintln!("warroom export: incident #{id}: {broken}");
            return Ok(ExitCode::from(TAMPERED));
        }
        Err(e) => return Err(e.into()),
    };
    // Stored rows are redacted already; the export is redacted again on its way out.
    let text = match format {
        Format::Md => warroom::evidence::redact(
            &warroom::handlers::postmortem_markdown(app, id, expect_head, app.clock.now()).await?,
        )
        .into_owned(),
        Format::Json => serde_json::to_string_pretty(&warroom::evidence::redact_json_value(
            &serde_json::json!({
                "incident": verified.incident,
                "timeline": verified.timeline,
                "action_items": verified.actions,
                "chain_head": verified.head.map(|h| h.to_string()),
            }),
        ))?,
    };
    match to.text {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    if let Some(path) = to.chart {
        let now = app.clock.now();
        let course =
            warroom::handlers::timeline_course(app, &verified.incident, &verified.timeline, now)
                .await?;
        let title = warroom::handlers::chart_title(&app.renderer, &verified.incident);
        let png = warroom::chart::timeline_png::draw(&app.renderer, &course, &title)?;
        std::fs::write(path, png).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
