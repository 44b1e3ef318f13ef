//! The HTTP interactions endpoint (`warroom serve --http ADDR`): `POST /interactions` checks
//! Discord's Ed25519 signature and the timestamp's age, answers at once (PONG, defer, modal,
//! autocomplete) and does the work after the answer has been sent; `POST /alerts/alertmanager`
//! takes Alertmanager's webhook (see `alerts`); plus `/healthz`, `/readyz` and `/metrics`. Nothing is kept in memory between requests, so several instances on one
//! database behave as one bot.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_util::task::TaskTracker;
use tracing::{debug, warn};

use super::discord::Discord;
use super::discord::alerts::deliver;
use super::discord::dispatch;
use super::discord::metrics::Stage;
use crate::alerts::{AlertError, Receiver, TOKEN_ENV};

/// Largest interaction body accepted (larger ones get 413).
pub const MAX_BODY: usize = 1024 * 1024;
/// How far a signed timestamp may be from now, either way, in seconds (replay window).
pub const MAX_SKEW_SECS: i64 = 300;
/// How long the work after a defer waits for the defer to leave before going ahead anyway.
const SEND_WAIT: Duration = Duration::from_secs(3);

/// The endpoint's state: the shared Discord adapter and the application's public key.
pub struct Endpoint {
    discord: Arc<Discord>,
    verifier: Verifier,
    /// The work deferred interactions still owe (edits over REST), waited for at shutdown.
    work: TaskTracker,
    /// `POST /alerts/alertmanager` is served when set.
    alerts: Option<Arc<Receiver>>,
}

impl Endpoint {
    /// `public_key` is the application's public key as 64 hex digits.
    pub fn new(discord: Arc<Discord>, public_key: &str) -> Result<Self, String> {
        let bytes: [u8; 32] = hex::decode(public_key.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("expected 64 hex digits")?;
        let verifier = Verifier::try_new(bytes).map_err(|e| e.to_string())?;
        Ok(Endpoint {
            discord,
            verifier,
            work: TaskTracker::new(),
            alerts: None,
        })
    }

    /// The same, also receiving Alertmanager's webhook.
    pub fn with_alerts(self, receiver: Receiver) -> Self {
        Endpoint {
            alerts: Some(Arc::new(receiver)),
            ..self
        }
    }

    /// Why a request is not from Discord (or is a replay), if it is not.
    fn reject(&self, headers: &HeaderMap, body: &[u8]) -> Option<&'static str> {
        let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(signature), Some(timestamp)) = (
            header("x-signature-ed25519"),
            header("x-signature-timestamp"),
        ) else {
            return Some("missing signature headers");
        };
        let Ok(signed_at) = timestamp.parse::<i64>() else {
            return Some("bad timestamp");
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        if (now - signed_at).abs() > MAX_SKEW_SECS {
            return Some("timestamp outside the replay window");
        }
        self.verifier
            .verify(signature, timestamp, body)
            .err()
            .map(|()| "bad signature")
    }
}

/// The routes: `POST /interactions`, `POST /alerts/alertmanager`, `GET /healthz`,
/// `GET /readyz`, `GET /metrics`. Bodies over `MAX_BODY` (the same for alerts,
/// `alerts::MAX_BODY`) get 413.
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/interactions", post(interactions))
        .route("/alerts/alertmanager", post(alertmanager))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(endpoint)
}

/// How long shutdown waits for deferred work to finish (Kubernetes' default grace is 30 s).
const DRAIN: Duration = Duration::from_secs(25);

/// Serves the routes on `listener` until `shutdown` completes; then stops accepting requests
/// and waits (up to `DRAIN`) for the replies still being worked on, so none is lost.
pub async fn serve(
    listener: TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let work = endpoint.work.clone();
    let served = axum::serve(listener, router(endpoint))
        .with_graceful_shutdown(shutdown)
        .await;
    work.close();
    if tokio::time::timeout(DRAIN, work.wait()).await.is_err() {
        warn!(
            left = work.len(),
            "shutting down with replies still being worked on"
        );
    }
    served
}

async fn interactions(State(e): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let received = Instant::now();
    if let Some(why) = e.reject(&headers, &body) {
        debug!(why, "refused an interaction request");
        e.discord.metrics.interaction("unverified", "refused");
        return (StatusCode::UNAUTHORIZED, why).into_response();
    }
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(i) => i,
        Err(err) => {
            warn!(error = %err, "a signed request is not an interaction warroom can read");
            e.discord.metrics.interaction("unreadable", "refused");
            return (StatusCode::BAD_REQUEST, "not an interaction").into_response();
        }
    };
    let answer = dispatch::answer(&e.discord, interaction, received).await;
    let json = match serde_json::to_vec(&answer.response) {
        Ok(j) => j,
        Err(err) => {
            warn!(error = %err, "cannot encode an interaction response");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    e.discord.metrics.latency(Stage::First, received.elapsed());
    let len = json.len();
    let body = match answer.then {
        None => Body::from(json),
        Some(work) => {
            let (sent, was_sent) = oneshot::channel::<()>();
            e.work.spawn(async move {
                let _ = tokio::time::timeout(SEND_WAIT, was_sent).await;
                work.await;
            });
            Body::from_stream(SignalWhenSent {
                bytes: Some(Bytes::from(json)),
                _sent: sent,
            })
        }
    };
    (
        [
            (CONTENT_TYPE, "application/json".to_string()),
            (CONTENT_LENGTH, len.to_string()),
        ],
        body,
    )
        .into_response()
}

/// Alertmanager's webhook: 401 for a missing or wrong token, 400 with the reason for a body
/// that is not a version 4 payload (nothing is stored for either); otherwise 200 at once, and
/// the cards are posted after the answer (Alertmanager's webhook times out in seconds, a
/// triage may take longer).
async fn alertmanager(State(e): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(receiver) = e.alerts.clone() else {
        return (
            StatusCode::NOT_FOUND,
            format!("alerts are not enabled: set {TOKEN_ENV} and restart warroom"),
        )
            .into_response();
    };
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let payload = match receiver.accept(authorization, &body) {
        Ok(p) => p,
        Err(err) => {
            e.discord.metrics.alerts("refused", 1);
            warn!(error = %err, "refused an Alertmanager webhook request");
            let status = match err {
                AlertError::Unauthorized => StatusCode::UNAUTHORIZED,
                AlertError::Malformed(_) | AlertError::Version(_) => StatusCode::BAD_REQUEST,
            };
            return (status, err.to_string()).into_response();
        }
    };
    let answer = format!(
        "accepted {} alerts of group {}",
        payload.alerts.len(),
        payload.group_key
    );
    let discord = e.discord.clone();
    e.work.spawn(async move {
        deliver(&discord, &receiver.routes, &payload).await;
    });
    (StatusCode::OK, answer).into_response()
}

/// A one-chunk body whose drop (the server is done with it) lets the deferred work start: an
/// edit of the original response must not reach Discord before the defer does.
struct SignalWhenSent {
    bytes: Option<Bytes>,
    _sent: oneshot::Sender<()>,
}

impl futures::Stream for SignalWhenSent {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.bytes.take().map(Ok))
    }
}

/// How long readiness waits for the database.
const DATABASE_PROBE: Duration = Duration::from_secs(2);
/// How long readiness waits for each cluster.
const CLUSTER_PROBE: Duration = Duration::from_secs(2);

/// Ready when the database answers (every command needs it). Each cluster's reachability is
/// reported too, but an unreachable cluster does not make the bot unready: incident commands
/// still work and triage says what it could not check — taking the bot out of service when
/// the cluster is down would silence it in exactly the incident it is for.
async fn readyz(State(e): State<Arc<Endpoint>>) -> (StatusCode, String) {
    let app = &e.discord.app;
    let ping = match tokio::time::timeout(DATABASE_PROBE, app.store.ping()).await {
        Ok(answered) => answered.map_err(|err| err.to_string()),
        Err(_) => Err(format!("no answer within {} s", DATABASE_PROBE.as_secs())),
    };
    if let Err(err) = ping {
        e.discord.metrics.database_error("readyz");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unavailable: {}", crate::evidence::redact(&err)),
        );
    }
    let mut body = String::from("ready: database ok");
    if let Some(clusters) = &app.clusters {
        for name in clusters.names() {
            let probe = async {
                clusters
                    .get(Some(name), &crate::cluster::Identity::default())
                    .await?
                    .reachable()
                    .await
            };
            let state = match tokio::time::timeout(CLUSTER_PROBE, probe).await {
                Ok(Ok(())) => "reachable".to_string(),
                Ok(Err(err)) => format!("unreachable ({err})"),
                Err(_) => format!("no answer within {} s", CLUSTER_PROBE.as_secs()),
            };
            body.push_str(&format!("\ncluster {name}: {state}"));
        }
    }
    (StatusCode::OK, body)
}

async fn metrics(State(e): State<Arc<Endpoint>>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        e.discord.metrics.render(),
    )
}
