//! Health samples and what the incident metrics and the progress update's prefill read: a
//! triage's entry with its sample in one transaction, an incident's samples, incidents since
//! a time, and the timeline entries the metrics are computed from (without evidence).

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{
    ACTIVE_INCIDENT, EntryRow, IncidentRow, Result, Store, StoreError, WriteTransaction,
    append_entry, with_retry,
};
use crate::incident::health::HealthSample;
use crate::incident::metrics::{self, IncidentMetrics};
use crate::incident::{Incident, NewEntry, TimelineEntry};

/// Inserts a health sample: incident, entry, then the `HealthSample` fields in order.
pub(super) const INSERT_SAMPLE: &str = "INSERT INTO health_samples (incident_id, entry_id, at, \
     service, namespace, cluster, ready, failing, total, restarts, top_reason) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// Inserts `$sample` (a `&HealthSample`) of incident `$incident` recorded by entry `$entry`
/// inside the open transaction `$tx`.
macro_rules! insert_sample {
    ($tx:ident, $incident:expr, $entry:expr, $sample:expr) => {
        sqlx::query($crate::store::samples::INSERT_SAMPLE)
            .bind($incident)
            .bind($entry)
            .bind($sample.at)
            .bind(&$sample.service)
            .bind(&$sample.namespace)
            .bind(&$sample.cluster)
            .bind($sample.ready)
            .bind($sample.failing)
            .bind($sample.total)
            .bind($sample.restarts)
            .bind(&$sample.top_reason)
            .execute(&mut *$tx)
            .await?
    };
}

impl Store {
    /// Appends a triage's entry to the channel's open incident, if it has one, looked up in the
    /// same write transaction (the entry's `incident_id` is set from it): a triage is never
    /// recorded against an incident closed meanwhile, and a one-shot command needs one database
    /// connection, not two (a connection released just before is still being tested by sqlx
    /// when the next is asked for, so the pool opened another). With a sample and an incident,
    /// also records the sample on the incident (and in the entry's payload as `health`, so the
    /// chain covers it). Returns the stored entry and the incident.
    pub async fn append_triage(
        &self,
        entry: &NewEntry,
        sample: Option<&HealthSample>,
    ) -> Result<(TimelineEntry, Option<Incident>)> {
        in_write_tx!(self, tx => {
            let row: Option<IncidentRow> = sqlx::query_as(ACTIVE_INCIDENT)
                .bind(entry.channel.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let incident = row.map(Incident::try_from).transpose()?;
            let sample = sample.filter(|_| incident.is_some());
            let entry = on_incident(entry, incident.as_ref(), sample)?;
            let stored = append_entry(&mut tx, &entry).await?;
            if let (Some(incident), Some(sample)) = (&incident, sample) {
                insert_sample!(tx, incident.id, stored.id, sample);
            }
            (stored, incident)
        })
    }

    /// The incident's health samples, oldest first.
    pub async fn samples(&self, incident_id: i64) -> Result<Vec<HealthSample>> {
        const SQL: &str = "SELECT at, service, namespace, cluster, ready, failing, total, \
             restarts, top_reason FROM health_samples WHERE incident_id = $1 ORDER BY at, id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(incident_id).fetch_all(pool).await?))
    }

    /// Incidents declared at or after `since`, oldest first.
    pub async fn incidents_since(&self, since: DateTime<Utc>) -> Result<Vec<Incident>> {
        const SQL: &str = select_incidents!("WHERE opened_at >= $1 ORDER BY opened_at, id");
        let rows: Vec<IncidentRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(since).fetch_all(pool).await?);
        rows.into_iter().map(Incident::try_from).collect()
    }

    /// The entries the metrics and the progress update's prefill read, in chain order and
    /// without evidence: the incident's own, and its channel's entries of no incident since
    /// the impact start up to the declaration (the alert that detected it, its card's triage).
    pub async fn metric_entries(&self, incident: &Incident) -> Result<Vec<TimelineEntry>> {
        const SQL: &str = select_entries!(
            "WHERE (incident_id = $1 OR (incident_id IS NULL AND channel = $2 \
             AND at >= $3 AND at <= $4)) AND kind IN ('incident.open', 'incident.mitigated', \
             'incident.resolve', 'alert', 'triage', 'status.update', 'status.cadence', \
             'action.done') ORDER BY channel, seq"
        );
        let rows: Vec<EntryRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(incident.id)
                .bind(&incident.channel)
                .bind(incident.impact_started_at)
                .bind(incident.opened_at)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(|r| r.into_entry(Vec::new())).collect()
    }
}

impl Store {
    /// The metrics of every incident declared at or after `since`, oldest first (see
    /// `incident::metrics::measure`; `cadence_minutes` for incidents whose opening entry does
    /// not record theirs).
    pub async fn incident_metrics(
        &self,
        since: DateTime<Utc>,
        cadence_minutes: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<IncidentMetrics>> {
        let mut out = Vec::new();
        for incident in self.incidents_since(since).await? {
            let entries = self.metric_entries(&incident).await?;
            out.push(metrics::measure(&incident, &entries, cadence_minutes, now));
        }
        Ok(out)
    }
}

/// `entry` recorded on `incident` (or on none), with `sample` in its payload as `health`.
fn on_incident<'e>(
    entry: &'e NewEntry,
    incident: Option<&Incident>,
    sample: Option<&HealthSample>,
) -> Result<Cow<'e, NewEntry>> {
    let incident_id = incident.map(|i| i.id);
    if entry.incident_id == incident_id && sample.is_none() {
        return Ok(Cow::Borrowed(entry));
    }
    let mut entry = entry.clone();
    entry.incident_id = incident_id;
    if let (Some(sample), Some(fields)) = (sample, entry.payload.as_object_mut()) {
        let health =
            serde_json::to_value(sample).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        fields.insert("health".into(), health);
    }
    Ok(Cow::Owned(entry))
}
