//! The HTTP listener both Discord modes share: `POST /alerts/alertmanager` (Alertmanager's
//! webhook, see `alerts`), `GET /healthz`, `GET /readyz` and `GET /metrics`. The interactions
//! endpoint (`chat::discord::interactions`) adds its route to these; gateway mode serves them
//! alone (`--listen ADDR`). It knows no chat platform: accepted alert payloads go to an
//! `AlertSink`, which posts the cards.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures::future::BoxFuture;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;
use tracing::warn;

use super::metrics::Metrics;
use crate::alerts::{AlertError, Payload, Receiver, TOKEN_ENV};
use crate::app::App;

/// Largest request body accepted (larger ones get 413), interactions and alerts alike.
pub const MAX_BODY: usize = 1024 * 1024;
/// How long shutdown waits for work still running (Kubernetes' default grace is 30 s).
const DRAIN: Duration = Duration::from_secs(25);
/// How long readiness waits for the database.
const DATABASE_PROBE: Duration = Duration::from_secs(2);
/// How long readiness waits for each cluster.
const CLUSTER_PROBE: Duration = Duration::from_secs(2);

/// Where accepted Alertmanager payloads go: the chat adapter that routes, triages and posts
/// their cards.
pub trait AlertSink: Send + Sync + 'static {
    /// Processes one accepted payload; runs after the webhook has been answered.
    fn deliver(
        self: Arc<Self>,
        receiver: Arc<Receiver>,
        payload: Payload,
    ) -> BoxFuture<'static, ()>;
}

/// The listener's state.
pub struct Listener {
    pub app: Arc<App>,
    pub metrics: Metrics,
    /// Work still owed after a response (alert cards, deferred interaction replies), waited
    /// for at shutdown.
    pub work: TaskTracker,
    /// `POST /alerts/alertmanager` is served when set.
    alerts: Option<(Arc<Receiver>, Arc<dyn AlertSink>)>,
}

impl Listener {
    pub fn new(app: Arc<App>, metrics: Metrics) -> Self {
        Listener {
            app,
            metrics,
            work: TaskTracker::new(),
            alerts: None,
        }
    }

    /// The same, also receiving Alertmanager's webhook and handing its payloads to `sink`.
    pub fn with_alerts(self, receiver: impl Into<Arc<Receiver>>, sink: Arc<dyn AlertSink>) -> Self {
        Listener {
            alerts: Some((receiver.into(), sink)),
            ..self
        }
    }

    /// The routes: `POST /alerts/alertmanager`, `GET /healthz`, `GET /readyz`, `GET /metrics`.
    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/alerts/alertmanager", post(alertmanager))
            .route("/healthz", get(|| async { "ok" }))
            .route("/readyz", get(readyz))
            .route("/metrics", get(metrics))
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(self.clone())
    }
}

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting requests and
/// waits (up to `DRAIN`) for the work in `work`, so no reply or card is lost.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    work: TaskTracker,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await;
    work.close();
    if tokio::time::timeout(DRAIN, work.wait()).await.is_err() {
        warn!(
            left = work.len(),
            "shutting down with work still in progress"
        );
    }
    served
}

/// Alertmanager's webhook: 401 for a missing or wrong token, 400 with the reason for a body
/// that is not a version 4 payload (nothing is stored for either); otherwise 200 at once, and
/// the cards are posted after the answer (Alertmanager's webhook times out in seconds, a
/// triage may take longer).
async fn alertmanager(State(l): State<Arc<Listener>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some((receiver, sink)) = l.alerts.clone() else {
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
            l.metrics.alerts("refused", 1);
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
    l.work.spawn(sink.deliver(receiver, payload));
    (StatusCode::OK, answer).into_response()
}

/// Ready when the database answers (every command needs it). Each cluster's reachability is
/// reported too, but an unreachable cluster does not make the bot unready: incident commands
/// still work and triage says what it could not check — taking the bot out of service when
/// the cluster is down would silence it in exactly the incident it is for.
async fn readyz(State(l): State<Arc<Listener>>) -> (StatusCode, String) {
    let app = &l.app;
    let ping = match tokio::time::timeout(DATABASE_PROBE, app.store.ping()).await {
        Ok(answered) => answered.map_err(|err| err.to_string()),
        Err(_) => Err(format!("no answer within {} s", DATABASE_PROBE.as_secs())),
    };
    if let Err(err) = ping {
        l.metrics.database_error("readyz");
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

async fn metrics(State(l): State<Arc<Listener>>) -> impl IntoResponse {
    let app = &l.app;
    let cadence = i64::from(app.settings.cadence_minutes);
    l.metrics
        .refresh_incidents(&app.store, cadence, app.clock.now())
        .await;
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        l.metrics.render(),
    )
}
