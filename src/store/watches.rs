//! `/watch` rows: a watch started with its entry and first sample, stopped, claimed by one
//! process at a time (a lease renewed every round, as reminders are claimed), and each post
//! recorded with what the channel was told, its entry and its sample in one transaction.

use chrono::{DateTime, Utc};

use super::{Result, Store, StoreError, WriteTransaction, append_entry, with_retry};
use crate::incident::health::HealthSample;
use crate::incident::{NewEntry, TimelineEntry};
use crate::watch::Told;

/// A watch about to start.
#[derive(Debug, Clone)]
pub struct NewWatch {
    pub incident_id: i64,
    pub channel: String,
    pub service: String,
    pub namespace: String,
    /// The cluster's configured name.
    pub cluster: String,
    /// The label selector of the workload's pods.
    pub selector: String,
    pub step: i64,
    /// Whom the watch reads as (the identity granted to whoever started it).
    pub impersonate_user: Option<String>,
    pub impersonate_groups: Vec<String>,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub told: Told,
}

/// A stored watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub id: i64,
    pub incident_id: i64,
    pub channel: String,
    pub service: String,
    pub namespace: String,
    pub cluster: String,
    pub selector: String,
    pub step: i64,
    pub impersonate_user: Option<String>,
    pub impersonate_groups: Vec<String>,
    pub started_at: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub told: Told,
}

#[derive(sqlx::FromRow)]
struct WatchRow {
    id: i64,
    incident_id: i64,
    channel: String,
    service: String,
    namespace: String,
    cluster: String,
    selector: String,
    step: i64,
    impersonate_user: Option<String>,
    impersonate_groups: String,
    started_at: DateTime<Utc>,
    until_at: DateTime<Utc>,
    told: String,
}

impl TryFrom<WatchRow> for Watch {
    type Error = StoreError;

    fn try_from(r: WatchRow) -> Result<Watch> {
        Ok(Watch {
            id: r.id,
            incident_id: r.incident_id,
            channel: r.channel,
            service: r.service,
            namespace: r.namespace,
            cluster: r.cluster,
            selector: r.selector,
            step: r.step,
            impersonate_user: r.impersonate_user,
            impersonate_groups: r
                .impersonate_groups
                .split(',')
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect(),
            started_at: r.started_at,
            until: r.until_at,
            told: from_json(&r.told)?,
        })
    }
}

fn from_json(text: &str) -> Result<Told> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("a watch's stored state: {e}")))
}

fn to_json(told: &Told) -> Result<String> {
    serde_json::to_string(told).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// `SELECT` of the columns of `WatchRow`, followed by the rest of the query.
macro_rules! select_watches {
    ($rest:literal) => {
        concat!(
            "SELECT id, incident_id, channel, service, namespace, cluster, selector, step, ",
            "impersonate_user, impersonate_groups, started_at, until_at, told FROM watches ",
            $rest
        )
    };
}

impl Store {
    /// Starts a watch: its row, the command's entry and, on the incident, the first sample.
    pub async fn start_watch(
        &self,
        new: &NewWatch,
        entry: &NewEntry,
        sample: &HealthSample,
    ) -> Result<(i64, TimelineEntry)> {
        let told = to_json(&new.told)?;
        let groups = new.impersonate_groups.join(",");
        in_write_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO watches (incident_id, channel, service, namespace, cluster, \
                 selector, step, impersonate_user, impersonate_groups, started_by, started_at, \
                 until_at, told) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 RETURNING id",
            )
            .bind(new.incident_id)
            .bind(&new.channel)
            .bind(&new.service)
            .bind(&new.namespace)
            .bind(&new.cluster)
            .bind(&new.selector)
            .bind(new.step)
            .bind(&new.impersonate_user)
            .bind(&groups)
            .bind(&new.started_by)
            .bind(new.started_at)
            .bind(new.until)
            .bind(&told)
            .fetch_one(&mut *tx)
            .await?;
            let stored = append_entry(&mut tx, entry).await?;
            insert_sample!(tx, new.incident_id, stored.id, sample);
            (id, stored)
        })
    }

    /// The incident's running watches, oldest first.
    pub async fn running_watches(&self, incident_id: i64) -> Result<Vec<Watch>> {
        const SQL: &str =
            select_watches!("WHERE incident_id = $1 AND ended_at IS NULL ORDER BY id");
        let rows: Vec<WatchRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(incident_id).fetch_all(pool).await?);
        rows.into_iter().map(Watch::try_from).collect()
    }

    /// Running watches of `channel` (of every channel when `None`) that no other process holds.
    pub async fn claimable_watches(
        &self,
        now: DateTime<Utc>,
        by: &str,
        channel: Option<&str>,
    ) -> Result<Vec<Watch>> {
        const SQL: &str = select_watches!(
            "WHERE ended_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $1 \
             OR claimed_by = $2) AND ($3 IS NULL OR channel = $3) ORDER BY id"
        );
        let rows: Vec<WatchRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(now).bind(by).bind(channel).fetch_all(pool).await?
        });
        rows.into_iter().map(Watch::try_from).collect()
    }

    /// Claims (or renews) the lease on a running watch for process `by` until `until`;
    /// `false` when another process holds it or the watch ended.
    pub async fn claim_watch(
        &self,
        id: i64,
        by: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE watches SET claimed_by = $1, claimed_until = $2 \
             WHERE id = $3 AND ended_at IS NULL \
             AND (claimed_until IS NULL OR claimed_until <= $4 OR claimed_by = $1)";
        let claimed = on_pool!(self, pool => {
            sqlx::query(SQL)
                .bind(by)
                .bind(until)
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(claimed == 1)
    }

    /// Stores what the channel was told (healthy tracking moves without a post).
    pub async fn save_told(&self, id: i64, told: &Told) -> Result<()> {
        let told = to_json(told)?;
        on_pool!(self, pool => {
            sqlx::query("UPDATE watches SET told = $1 WHERE id = $2")
                .bind(&told)
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records a post of watch `id`: what the channel is told, the post's entry and its
    /// sample, in one transaction (a post is recorded once or not at all).
    pub async fn record_watch_post(
        &self,
        id: i64,
        told: &Told,
        entry: &NewEntry,
        sample: &HealthSample,
    ) -> Result<TimelineEntry> {
        let told = to_json(told)?;
        let incident_id = entry
            .incident_id
            .ok_or_else(|| StoreError::Corrupt("a watch post without its incident".into()))?;
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE watches SET told = $1 WHERE id = $2")
                .bind(&told)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let stored = append_entry(&mut tx, entry).await?;
            insert_sample!(tx, incident_id, stored.id, sample);
            stored
        })
    }

    /// Ends the incident's running watches (of `service` only, when given) with `entry`;
    /// returns how many ended.
    pub async fn stop_watches(
        &self,
        incident_id: i64,
        service: Option<&str>,
        entry: &NewEntry,
    ) -> Result<(u64, TimelineEntry)> {
        in_write_tx!(self, tx => {
            let ended = sqlx::query(
                "UPDATE watches SET ended_at = $1 WHERE incident_id = $2 AND ended_at IS NULL \
                 AND ($3 IS NULL OR service = $3)",
            )
            .bind(entry.at)
            .bind(incident_id)
            .bind(service)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            (ended, append_entry(&mut tx, entry).await?)
        })
    }

    /// Ends watch `id` (its time is up) with `entry`.
    pub async fn end_watch(&self, id: i64, entry: &NewEntry) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE watches SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
                .bind(entry.at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append_entry(&mut tx, entry).await?
        })
    }
}
