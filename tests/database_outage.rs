//! PostgreSQL going away during a command (a TCP proxy in front of it is cut, mid-transaction
//! or between commands, and restored): the command fails with a clear error, nothing is half
//! written, `/readyz` reports it, and commands work again once it is back, without a restart.
//! Skipped with a message when WARROOM_TEST_POSTGRES_URL is not set.

#[path = "support/db.rs"]
mod db;

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use warroom::app::{App, Clock};
use warroom::chat::discord::interactions::{Endpoint, serve};
use warroom::chat::discord::{Discord, rest_client};
use warroom::handlers::handle;
use warroom::incident::State;
use warroom::invocation::{Actor, Input, Invocation};
use warroom::render::Reply;
use warroom::store::Store;

const CHANNEL: &str = "incident-payments";
const PUBLIC_KEY: &str = "7deb15649a161c3d187c4dbb4ea29f47b9f7d5cdfddbff79a5976270045844c1";

/// What the proxy does with traffic.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Up,
    /// Cut every connection and refuse new ones.
    Down,
    /// Pass traffic until the client sends these bytes, then go `Down` before forwarding them.
    CutOn(&'static str),
}

/// A TCP proxy in front of PostgreSQL that a test cuts and restores.
struct Proxy {
    addr: String,
    /// The line, and how many times it was set (a connection lives within one setting).
    line: watch::Sender<(u64, Line)>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (line, _) = watch::channel((0, Line::Up));
        let shared = line.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if shared.borrow().1 == Line::Down {
                    continue; // dropped: connection refused in effect
                }
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                tokio::spawn(pipe(client, server, shared.clone()));
            }
        });
        Proxy { addr, line }
    }

    /// Cuts every open connection (the pool reconnects on next use), then applies `line`.
    fn set(&self, line: Line) {
        self.line.send_modify(|(generation, now)| {
            *generation += 1;
            *now = line;
        });
    }
}

/// Forwards both ways until either side closes or the line goes down.
async fn pipe(mut client: TcpStream, mut server: TcpStream, line: watch::Sender<(u64, Line)>) {
    let mut changes = line.subscribe();
    let born = changes.borrow_and_update().0;
    let (mut cr, mut cw) = client.split();
    let (mut sr, mut sw) = server.split();
    let mut up = [0u8; 16 * 1024];
    let mut down = [0u8; 16 * 1024];
    loop {
        tokio::select! {
            n = cr.read(&mut up) => {
                let Ok(n @ 1..) = n else { return };
                let cut_on = match &line.borrow().1 {
                    Line::CutOn(pattern) => Some(*pattern),
                    _ => None,
                };
                if let Some(pattern) = cut_on
                    && up[..n].windows(pattern.len()).any(|w| w == pattern.as_bytes())
                {
                    line.send_modify(|(generation, now)| {
                        *generation += 1;
                        *now = Line::Down;
                    });
                    return;
                }
                if sw.write_all(&up[..n]).await.is_err() { return }
            }
            n = sr.read(&mut down) => {
                let Ok(n @ 1..) = n else { return };
                if cw.write_all(&down[..n]).await.is_err() { return }
            }
            _ = changes.changed() => {
                if changes.borrow_and_update().0 != born { return }
            }
        }
    }
}

/// `url` with its host and port replaced by `addr`, without TLS (so the proxy can see which
/// statement is being sent).
fn through(url: &str, addr: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let user = authority
        .rsplit_once('@')
        .map(|(u, _)| format!("{u}@"))
        .unwrap_or_default();
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{scheme}://{user}{addr}/{path}{join}sslmode=disable")
}

/// The host and port of a PostgreSQL URL.
fn host_port(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split_once('/').map_or(rest, |(a, _)| a);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:5432")
    }
}

async fn say(app: &App, line: &str) -> Reply {
    let inv = Invocation {
        actor: Actor {
            id: "u1".into(),
            name: "alice".into(),
            roles: vec![],
        },
        channel: CHANNEL.into(),
        input: Input::Line(line.into()),
        files: vec![],
        direct_message: false,
        locale: Default::default(),
    };
    handle(app, &inv).await
}

async fn entries(store: &Store) -> i64 {
    match store {
        Store::Postgres(p) => sqlx::query_scalar("SELECT COUNT(*) FROM timeline_entries")
            .fetch_one(p)
            .await
            .unwrap(),
        Store::Sqlite(_) => unreachable!("PostgreSQL only"),
    }
}

#[tokio::test]
async fn postgres_cut_mid_command_fails_clearly_writes_nothing_and_recovers_without_restart() {
    let Some(db) = db::fresh_databases()
        .await
        .into_iter()
        .find(|d| d.backend == "postgres")
    else {
        eprintln!("skipped: needs PostgreSQL (set WARROOM_TEST_POSTGRES_URL)");
        return;
    };
    let direct = db.store().await;
    let proxy = Proxy::start(host_port(&db.url)).await;
    let app = Arc::new(App::test(
        Store::connect(&through(&db.url, &proxy.addr))
            .await
            .unwrap(),
        Clock::System,
    ));
    let http = rest_client("test-token", Some(1), "http://127.0.0.1:9");
    let discord = Arc::new(Discord::new(app.clone(), Arc::new(http)).unwrap());
    let endpoint = Arc::new(Endpoint::new(discord.clone(), PUBLIC_KEY).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let readyz = format!("http://{}/readyz", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, endpoint, std::future::pending()));
    let ready = async || {
        let r = reqwest::get(&readyz).await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };

    let opened = say(
        &app,
        "/incident open title:\"Payments\" severity:sev1 services:pay",
    )
    .await;
    assert!(!opened.is_error, "{}", opened.markdown);
    assert_eq!(ready().await.0, 200);
    let before = entries(&direct).await;

    // Cut while `/incident mitigated` is inside its transaction: the incident row is already
    // updated when the timeline entry is sent.
    proxy.set(Line::CutOn("INSERT INTO timeline_entries"));
    let started = std::time::Instant::now();
    let failed = say(&app, "/incident mitigated").await;
    assert!(
        failed.is_error && failed.markdown.contains("the database is not answering"),
        "{}",
        failed.markdown
    );
    assert!(failed.markdown.contains("nothing was recorded"));
    assert!(failed.database_error, "counted as a database error");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "answered within the pool's acquire timeout: {:?}",
        started.elapsed()
    );
    let (status, body) = ready().await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("database unavailable"), "{body}");
    assert!(
        discord
            .metrics
            .render()
            .contains("warroom_database_errors_total{during=\"readyz\"}")
    );
    let incident = direct.active_incident(CHANNEL).await.unwrap().unwrap();
    assert_eq!(
        incident.state,
        State::Open,
        "the half-done update rolled back"
    );
    assert_eq!(entries(&direct).await, before, "nothing half written");
    direct.verify_incident_chain(&incident).await.unwrap();

    // While it stays down, a command fails the same way, and nothing is written.
    let down = say(&app, "/note text:\"while down\"").await;
    assert!(down.markdown.contains("the database is not answering"));

    // Back: the same process works again.
    proxy.set(Line::Up);
    assert_eq!(ready().await.0, 200);
    let again = say(&app, "/incident mitigated").await;
    assert!(!again.is_error, "{}", again.markdown);
    let incident = direct.active_incident(CHANNEL).await.unwrap().unwrap();
    assert_eq!(incident.state, State::Mitigated);
    assert_eq!(entries(&direct).await, before + 1);
    direct.verify_incident_chain(&incident).await.unwrap();
}
