//! Discord's HTTP interactions endpoint (`warroom serve --http ADDR`): `POST /interactions`
//! checks Discord's Ed25519 signature and the timestamp's age, answers at once (PONG, defer,
//! modal, autocomplete) and does the work after the answer has been sent. It is served beside
//! the shared listener's routes (`chat::listener`: the alert webhook, `/healthz`, `/readyz`,
//! `/metrics`). Nothing is kept in memory between requests, so several instances on one
//! database behave as one bot.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tracing::{debug, warn};

use super::{Discord, dispatch};
use crate::alerts::Receiver;
use crate::chat::listener::{self, Listener, MAX_BODY};
use crate::chat::metrics::Stage;
/// How far a signed timestamp may be from now, either way, in seconds (replay window).
pub const MAX_SKEW_SECS: i64 = 300;
/// How long the work after a defer waits for the defer to leave before going ahead anyway.
const SEND_WAIT: Duration = Duration::from_secs(3);

/// The endpoint's state: the shared Discord adapter, the application's public key and the
/// listener whose routes it is served beside (and whose work tracker it shares).
pub struct Endpoint {
    discord: Arc<Discord>,
    verifier: Verifier,
    listener: Arc<Listener>,
}

impl Endpoint {
    /// `public_key` is the application's public key as 64 hex digits.
    pub fn new(discord: Arc<Discord>, public_key: &str) -> Result<Self, String> {
        let bytes: [u8; 32] = hex::decode(public_key.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("expected 64 hex digits")?;
        let verifier = Verifier::try_new(bytes).map_err(|e| e.to_string())?;
        let listener = Arc::new(Listener::new(discord.app.clone(), discord.metrics.clone()));
        Ok(Endpoint {
            discord,
            verifier,
            listener,
        })
    }

    /// The same, also receiving Alertmanager's webhook (cards posted by this Discord adapter).
    pub fn with_alerts(self, receiver: impl Into<Arc<Receiver>>) -> Self {
        let listener = Listener::new(self.discord.app.clone(), self.discord.metrics.clone())
            .with_alerts(receiver, self.discord.clone());
        Endpoint {
            listener: Arc::new(listener),
            ..self
        }
    }
}

/// Why a request is not from Discord (or is a replay), if it is not.
fn reject(verifier: &Verifier, headers: &HeaderMap, body: &[u8]) -> Option<&'static str> {
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
    verifier
        .verify(signature, timestamp, body)
        .err()
        .map(|()| "bad signature")
}

/// Serves `POST /interactions` and the listener's routes on `listener` until `shutdown`
/// completes, then waits for the replies and cards still being worked on.
pub async fn serve(
    listener: TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let shared = endpoint.listener.clone();
    let interactions = Router::new()
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(endpoint);
    let router = shared.router().merge(interactions);
    listener::serve(listener, router, shared.work.clone(), shutdown).await
}

async fn interactions(State(e): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let received = Instant::now();
    if let Some(why) = reject(&e.verifier, &headers, &body) {
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
            e.listener.work.spawn(async move {
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
