//! Prometheus metrics of the bot: Discord interactions by command and outcome, how long the
//! first response and the final reply took, reminders delivered and failed, database errors,
//! Alertmanager alerts and their triages; plus the cluster layer's (`with_cluster`); and the
//! incident metrics (time to detect … resolve, status-update lateness) as histograms over every
//! incident in the database, recomputed at most once a minute when `/metrics` is scraped. Kept
//! in explicit registries (no global state), rendered as Prometheus text by `GET /metrics`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use prometheus::proto::MetricFamily;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::cluster::ApiMetrics;
use crate::incident::metrics::{IncidentMetrics, Measure};
use crate::store::{Store, StoreError};

/// How long the incident histograms are served before the database is read again.
const INCIDENTS_FRESH: Duration = Duration::from_secs(60);
/// Histogram buckets of incident durations, in seconds: 1 min to 3 days.
const INCIDENT_BUCKETS: [f64; 12] = [
    60.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 43200.0, 86400.0, 259200.0,
];

/// The adapter's counters and histograms.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    interactions: IntCounterVec,
    latency: HistogramVec,
    reminders: IntCounterVec,
    database_errors: IntCounterVec,
    alerts: IntCounterVec,
    alert_triages: IntCounterVec,
    /// The incident histograms last computed, and when.
    incidents: Arc<Mutex<(Option<Instant>, Vec<MetricFamily>)>>,
}

/// A metric family that could not be registered (a programming error caught at start).
#[derive(Debug, thiserror::Error)]
#[error("cannot register metrics: {0}")]
pub struct MetricsError(#[from] prometheus::Error);

/// Which answer a latency is about.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The first response (PONG, defer, modal, autocomplete choices).
    First,
    /// The reply delivered over REST after the work.
    Final,
}

impl Metrics {
    pub fn new() -> Result<Self, MetricsError> {
        let registry = Registry::new();
        let interactions = IntCounterVec::new(
            Opts::new(
                "warroom_discord_interactions_total",
                "Discord interactions handled, by command and outcome",
            ),
            &["command", "outcome"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "warroom_discord_response_seconds",
                "Seconds from receiving an interaction to its first response or final reply",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["stage"],
        )?;
        let reminders = IntCounterVec::new(
            Opts::new(
                "warroom_reminders_total",
                "Status-update reminders by result: delivered, or failed (recorded on the timeline)",
            ),
            &["result"],
        )?;
        let database_errors = IntCounterVec::new(
            Opts::new(
                "warroom_database_errors_total",
                "Database errors, by what was being done: command, reminders, readyz",
            ),
            &["during"],
        )?;
        let alerts = IntCounterVec::new(
            Opts::new(
                "warroom_alerts_total",
                "Alertmanager alerts: received, unrouted (no route and no default channel), \
                 refused (bad token or body), failed (card not delivered)",
            ),
            &["result"],
        )?;
        let alert_triages = IntCounterVec::new(
            Opts::new(
                "warroom_alert_triages_total",
                "Triages for alert cards: ran (read the cluster), reused (the workload's triage \
                 of the last triage_interval_secs)",
            ),
            &["result"],
        )?;
        registry.register(Box::new(alerts.clone()))?;
        registry.register(Box::new(alert_triages.clone()))?;
        registry.register(Box::new(interactions.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(reminders.clone()))?;
        registry.register(Box::new(database_errors.clone()))?;
        Ok(Metrics {
            registry,
            interactions,
            latency,
            reminders,
            database_errors,
            alerts,
            alert_triages,
            incidents: Arc::default(),
        })
    }

    /// Recomputes the incident histograms from the database unless they are fresher than
    /// `INCIDENTS_FRESH`; on a database error the last ones stay (and the error is counted).
    pub async fn refresh_incidents(&self, store: &Store, cadence_minutes: i64, now: DateTime<Utc>) {
        let stale = self
            .incidents
            .lock()
            .map(|cached| cached.0.is_none_or(|at| at.elapsed() >= INCIDENTS_FRESH))
            .unwrap_or(true);
        if !stale {
            return;
        }
        let computed = store
            .incident_metrics(DateTime::UNIX_EPOCH, cadence_minutes, now)
            .await
            .map_err(IncidentMetricsError::from)
            .and_then(|m| incident_families(&m));
        match computed {
            Ok(families) => {
                if let Ok(mut cached) = self.incidents.lock() {
                    *cached = (Some(Instant::now()), families);
                }
            }
            Err(e) => {
                self.database_error("metrics");
                tracing::warn!(error = %e, "cannot compute the incident metrics: serving the last ones");
            }
        }
    }

    /// Adds the cluster layer's metrics (API-server requests by verb, resource and status with
    /// their latency; triage durations) to what `/metrics` renders.
    pub fn with_cluster(self, cluster: &ApiMetrics) -> Result<Self, MetricsError> {
        cluster.register(&self.registry)?;
        Ok(self)
    }

    /// Counts one interaction; `command` is a registered command name or a fixed kind
    /// (`ping`, `button`, `modal`, `autocomplete`), so the label set stays small.
    pub fn interaction(&self, command: &str, outcome: &str) {
        self.interactions
            .with_label_values(&[command, outcome])
            .inc();
    }

    pub fn latency(&self, stage: Stage, took: Duration) {
        let stage = match stage {
            Stage::First => "first",
            Stage::Final => "final",
        };
        self.latency
            .with_label_values(&[stage])
            .observe(took.as_secs_f64());
    }

    /// Counts a round of reminders: how many were delivered and how many failed.
    pub fn reminders(&self, delivered: usize, failed: usize) {
        for (result, n) in [("delivered", delivered), ("failed", failed)] {
            self.reminders.with_label_values(&[result]).inc_by(n as u64);
        }
    }

    /// Counts a database error met `during` a command, the reminder round or a readiness check.
    pub fn database_error(&self, during: &str) {
        self.database_errors.with_label_values(&[during]).inc();
    }

    /// Counts `n` alerts (or refused webhook requests) by result.
    pub fn alerts(&self, result: &str, n: usize) {
        self.alerts.with_label_values(&[result]).inc_by(n as u64);
    }

    /// Counts the triages alert cards ran and reused.
    pub fn alert_triages(&self, ran: usize, reused: usize) {
        for (result, n) in [("ran", ran), ("reused", reused)] {
            self.alert_triages
                .with_label_values(&[result])
                .inc_by(n as u64);
        }
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut families = self.registry.gather();
        if let Ok(cached) = self.incidents.lock() {
            families.extend(cached.1.iter().cloned());
        }
        let mut out = Vec::new();
        match TextEncoder::new().encode(&families, &mut out) {
            Ok(()) => String::from_utf8_lossy(&out).into_owned(),
            Err(e) => {
                tracing::error!(error = %e, "cannot encode metrics");
                String::new()
            }
        }
    }
}

/// Why the incident histograms could not be computed.
#[derive(Debug, thiserror::Error)]
enum IncidentMetricsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Prometheus(#[from] prometheus::Error),
}

/// The incident histograms of `incidents`: `warroom_incident_seconds{measure,severity}` (from
/// the impact start to each measure), `warroom_status_update_lateness_seconds` and
/// `warroom_status_updates{result="due|on_time"}`.
fn incident_families(
    incidents: &[IncidentMetrics],
) -> Result<Vec<MetricFamily>, IncidentMetricsError> {
    let registry = Registry::new();
    let durations = HistogramVec::new(
        HistogramOpts::new(
            "warroom_incident_seconds",
            "Seconds from an incident's impact start to its detection, declaration, \
             announcement, first triage, mitigation and resolution, over every incident",
        )
        .buckets(INCIDENT_BUCKETS.to_vec()),
        &["measure", "severity"],
    )?;
    let lateness = HistogramVec::new(
        HistogramOpts::new(
            "warroom_status_update_lateness_seconds",
            "How late each late status update was, after the due time it missed",
        )
        .buckets(INCIDENT_BUCKETS.to_vec()),
        &["severity"],
    )?;
    let updates = IntGaugeVec::new(
        Opts::new(
            "warroom_status_updates",
            "Status updates due over every incident, and those posted on time",
        ),
        &["result"],
    )?;
    registry.register(Box::new(durations.clone()))?;
    registry.register(Box::new(lateness.clone()))?;
    registry.register(Box::new(updates.clone()))?;
    let (mut due, mut on_time) = (0, 0);
    for m in incidents {
        let severity = m.severity.as_str();
        for measure in Measure::ALL {
            if let Some(d) = m.duration(measure) {
                durations
                    .with_label_values(&[measure.as_str(), severity])
                    .observe(d.num_milliseconds() as f64 / 1000.0);
            }
        }
        for late in &m.updates.lateness {
            lateness
                .with_label_values(&[severity])
                .observe(late.num_milliseconds() as f64 / 1000.0);
        }
        due += i64::from(m.updates.due);
        on_time += i64::from(m.updates.on_time);
    }
    updates.with_label_values(&["due"]).set(due);
    updates.with_label_values(&["on_time"]).set(on_time);
    Ok(registry.gather())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_latencies_show_in_the_text_format() {
        let m = Metrics::new().unwrap();
        m.interaction("incident", "ok");
        m.interaction("incident", "ok");
        m.latency(Stage::First, Duration::from_millis(3));
        let text = m.render();
        assert!(
            text.contains(
                "warroom_discord_interactions_total{command=\"incident\",outcome=\"ok\"} 2"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "warroom_discord_response_seconds_bucket{stage=\"first\",le=\"0.005\"} 1"
            ),
            "{text}"
        );
    }
}
