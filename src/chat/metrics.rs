//! Prometheus metrics of the bot: Discord interactions by command and outcome, how long the
//! first response and the final reply took, reminders delivered and failed, database errors,
//! Alertmanager alerts and their triages; plus the cluster layer's (`with_cluster`). Kept in an explicit registry (no global state),
//! rendered as Prometheus text by `GET /metrics`.

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

use crate::cluster::ApiMetrics;

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
        })
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
        let mut out = Vec::new();
        match TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            Ok(()) => String::from_utf8_lossy(&out).into_owned(),
            Err(e) => {
                tracing::error!(error = %e, "cannot encode metrics");
                String::new()
            }
        }
    }
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
