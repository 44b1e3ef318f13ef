//! Durable state (sqlx): incidents, the hash-chained timeline with its evidence, action items,
//! reminder schedules and health samples, on SQLite (default) or PostgreSQL behind one `Store`
//! type.
//!
//! Every write that a command makes happens in one transaction together with the command's
//! timeline entry, so a command is either fully recorded or not at all.

pub mod chain;

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::evidence::{EvidenceKind, Recorded};
use crate::incident::{ActionItem, Incident, NewEntry, Outcome, Severity, State, TimelineEntry};
use chain::{ChainBreak, ExpectedHead, GENESIS, Hashed, Head};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("this channel already has an open incident: close it before opening another")]
    ChannelBusy,
    #[error("incident {0} does not exist")]
    NoSuchIncident(i64),
    #[error("the timeline is broken: {0}")]
    Chain(#[from] ChainBreak),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// The database could not be reached, dropped the connection or is shutting down (as
    /// opposed to refusing a statement): the work did not commit and may be retried once it is
    /// back. PostgreSQL reports a server stop as SQLSTATE class 57P (operator intervention) and
    /// a lost connection as class 08.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
                | sqlx::Error::Tls(_),
            ) => true,
            StoreError::Db(sqlx::Error::Database(d)) => d
                .code()
                .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database: SQLite or PostgreSQL, chosen by URL.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes cannot wait for the
/// lock and fails with "database is locked" when another writer is active.
trait WriteTransaction: Sized {
    type Db: sqlx::Database;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl WriteTransaction for SqlitePool {
    type Db = sqlx::Sqlite;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl WriteTransaction for PgPool {
    type Db = sqlx::Postgres;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Serializes appends to one channel's hash chain inside a write transaction. SQLite's
/// `BEGIN IMMEDIATE` already holds the only write lock; PostgreSQL takes a transaction-scoped
/// advisory lock on the channel, so concurrent replicas queue instead of colliding on the
/// chain position (the `(channel, seq)` key and `with_retry` remain the safety net).
trait ChainLock {
    fn lock_chain(&mut self, channel: &str)
    -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

impl ChainLock for sqlx::Transaction<'static, sqlx::Sqlite> {
    async fn lock_chain(&mut self, _channel: &str) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

impl ChainLock for sqlx::Transaction<'static, sqlx::Postgres> {
    async fn lock_chain(&mut self, channel: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(channel)
            .execute(&mut **self)
            .await
            .map(|_| ())
    }
}

/// Runs the same code against whichever pool the store holds (the SQL text is shared: `$n`
/// placeholders and `RETURNING` work on both backends).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in a write transaction (see `WriteTransaction`) on whichever pool the store
/// holds, committing when it evaluates to a value and retrying when a concurrent writer took
/// the same chain position. `return Ok(x)` inside the body ends early without writing.
macro_rules! in_write_tx {
    ($store:expr, $tx:ident => $body:block) => {
        with_retry(|| async {
            on_pool!($store, pool => {
                let mut $tx = pool.begin_write().await?;
                let out = $body;
                $tx.commit().await?;
                Ok(out)
            })
        })
        .await
    };
}

/// Evidence rows per INSERT statement: 7 values each stays far below SQLite's 32,766 and
/// PostgreSQL's 65,535 bound parameters.
const EVIDENCE_ROWS_PER_INSERT: usize = 500;

/// Appends a timeline entry inside an open write transaction and returns the stored entry: its
/// place in the channel's chain (locked, see `ChainLock`), its hash, the chain head and its
/// evidence. Retries are not needed inside one transaction: a concurrent writer to the same
/// channel makes the `(channel, seq)` unique key fail, and the whole command is retried by
/// `with_retry`. Generic over the backend: the bounds say which values each binds and reads.
// Not an `async fn`: its future would not be `Send` for every lifetime through the
// higher-ranked bounds below (callers' futures then fail "Send is not general enough"); the
// explicit `Send` future is checked here once.
#[allow(clippy::manual_async_fn)]
fn append_entry<'a, DB>(
    tx: &'a mut sqlx::Transaction<'static, DB>,
    entry: &'a NewEntry,
) -> impl Future<Output = Result<TimelineEntry>> + Send + 'a
where
    DB: sqlx::Database,
    sqlx::Transaction<'static, DB>: ChainLock,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB> + Default,
    for<'r> (i64, String): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    async move {
        // The last guard before the database: summary and payload redacted (evidence is).
        let entry = crate::evidence::redacted_entry(entry);
        tx.lock_chain(&entry.channel).await?;
        let last: Option<(i64, String)> = sqlx::query_as(
            "SELECT seq, hash FROM timeline_entries WHERE channel = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(entry.channel.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let (seq, prev_hash) = last.map_or((1, GENESIS.to_string()), |(seq, h)| (seq + 1, h));
        let (mut e, payload) = chained(entry, seq, prev_hash);
        (e.id,) = sqlx::query_as(
            "INSERT INTO timeline_entries \
             (channel, seq, incident_id, at, actor, kind, outcome, summary, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(e.channel.as_str())
        .bind(e.seq)
        .bind(e.incident_id)
        .bind(e.at)
        .bind(e.actor.as_str())
        .bind(e.kind.as_str())
        .bind(e.outcome.as_str())
        .bind(e.summary.as_str())
        .bind(payload.as_str())
        .bind(e.prev_hash.as_str())
        .bind(e.hash.as_str())
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO chain_heads (channel, seq, hash) VALUES ($1, $2, $3) \
             ON CONFLICT (channel) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        )
        .bind(e.channel.as_str())
        .bind(e.seq)
        .bind(e.hash.as_str())
        .execute(&mut **tx)
        .await?;
        // One statement per `EVIDENCE_ROWS_PER_INSERT` rows: a triage records ~25 pieces of
        // evidence, and each statement is a round trip to the database (a thread hop for SQLite).
        let numbered: Vec<_> = e.evidence.iter().enumerate().collect();
        for rows in numbered.chunks(EVIDENCE_ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::<DB>::new(
                "INSERT INTO evidence \
                 (entry_id, position, kind, title, source_command, content, sha256) ",
            );
            insert.push_values(rows, |mut row, &(position, ev)| {
                row.push_bind(e.id)
                    .push_bind(position as i64)
                    .push_bind(ev.kind().as_str())
                    .push_bind(ev.title().as_str())
                    .push_bind(ev.source_command())
                    .push_bind(ev.content())
                    .push_bind(ev.sha256());
            });
            insert.build().execute(&mut **tx).await?;
        }
        Ok(e)
    }
}

/// `entry` as entry number `seq` of its channel's chain after `prev_hash`, with its hash (the
/// id is set once it is inserted), and its payload as stored.
fn chained(entry: NewEntry, seq: i64, prev_hash: String) -> (TimelineEntry, String) {
    let payload = entry.payload.to_string();
    let hash = Hashed {
        channel: &entry.channel,
        seq,
        incident_id: entry.incident_id,
        at: entry.at,
        actor: &entry.actor,
        kind: &entry.kind,
        outcome: entry.outcome.as_str(),
        summary: &entry.summary,
        payload: &payload,
        evidence_sha256: entry.evidence.iter().map(|e| e.sha256()).collect(),
        prev_hash: &prev_hash,
    }
    .hash();
    let stored = TimelineEntry {
        id: 0,
        channel: entry.channel,
        seq,
        incident_id: entry.incident_id,
        at: entry.at,
        actor: entry.actor,
        kind: entry.kind,
        outcome: entry.outcome,
        summary: entry.summary,
        payload: entry.payload,
        evidence: entry.evidence,
        prev_hash,
        hash,
    };
    (stored, payload)
}

/// `SELECT` of every incident column, followed by the rest of the query.
macro_rules! select_incidents {
    ($rest:literal) => {
        concat!(
            "SELECT id, channel, title, severity, services, teams, state, opened_by, ",
            "impact_started_at, opened_at, mitigated_at, resolved_at, closed_at, commander, comms ",
            "FROM incidents ",
            $rest
        )
    };
}

/// `SELECT` of every timeline-entry column, followed by the rest of the query.
macro_rules! select_entries {
    ($rest:literal) => {
        concat!(
            "SELECT id, channel, seq, incident_id, at, actor, kind, outcome, summary, payload, ",
            "prev_hash, hash FROM timeline_entries ",
            $rest
        )
    };
}

#[macro_use]
mod samples;
mod watches;

pub use watches::{NewWatch, Watch};

/// A new incident, as `/incident open` asks for it.
#[derive(Debug, Clone)]
pub struct NewIncident {
    pub channel: String,
    pub title: String,
    pub severity: Severity,
    pub services: Vec<String>,
    pub teams: Vec<String>,
    pub opened_by: String,
    pub impact_started_at: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub cadence_minutes: i64,
}

/// An incident's record after `Store::verified` checked it against its hash chain.
#[derive(Debug, Clone)]
pub struct Verified {
    pub incident: Incident,
    /// The incident's entries, in chain order.
    pub timeline: Vec<TimelineEntry>,
    /// The channel's entries of no incident from the impact start to the declaration (the
    /// alert that detected it, its card's triage), in chain order: the metrics count them.
    pub before: Vec<TimelineEntry>,
    pub actions: Vec<ActionItem>,
    /// The channel's chain head (`None` only for a channel without entries).
    pub head: Option<Head>,
}

/// The card of an Alertmanager group in a channel.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AlertCard {
    pub group_key: String,
    pub alertname: String,
    pub status: String,
    /// The chat message of the card.
    pub message_id: String,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// A reminder schedule row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Reminder {
    pub incident_id: i64,
    pub channel: String,
    pub cadence_minutes: i64,
    pub next_due_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct IncidentRow {
    id: i64,
    channel: String,
    title: String,
    severity: String,
    services: String,
    teams: String,
    state: String,
    opened_by: String,
    impact_started_at: DateTime<Utc>,
    opened_at: DateTime<Utc>,
    mitigated_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    commander: Option<String>,
    comms: Option<String>,
}

impl TryFrom<IncidentRow> for Incident {
    type Error = StoreError;

    fn try_from(r: IncidentRow) -> Result<Self> {
        let list = |s: &str| {
            serde_json::from_str::<Vec<String>>(s)
                .map_err(|e| StoreError::Corrupt(format!("incident {}: {e}", r.id)))
        };
        Ok(Incident {
            id: r.id,
            severity: Severity::parse(&r.severity)
                .ok_or_else(|| StoreError::Corrupt(format!("severity {:?}", r.severity)))?,
            state: State::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt(format!("state {:?}", r.state)))?,
            services: list(&r.services)?,
            teams: list(&r.teams)?,
            channel: r.channel,
            title: r.title,
            opened_by: r.opened_by,
            impact_started_at: r.impact_started_at,
            opened_at: r.opened_at,
            mitigated_at: r.mitigated_at,
            resolved_at: r.resolved_at,
            closed_at: r.closed_at,
            commander: r.commander,
            comms: r.comms,
        })
    }
}

/// A timeline row as `select_entries!` reads it, or as one element (an array of the same
/// columns) of the JSON array `Store::channel_chain` reads.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct EntryRow {
    id: i64,
    channel: String,
    seq: i64,
    incident_id: Option<i64>,
    at: DateTime<Utc>,
    actor: String,
    kind: String,
    outcome: String,
    summary: String,
    payload: String,
    prev_hash: String,
    hash: String,
}

impl EntryRow {
    fn into_entry(self, evidence: Vec<Recorded>) -> Result<TimelineEntry> {
        let r = self;
        Ok(TimelineEntry {
            id: r.id,
            seq: r.seq,
            incident_id: r.incident_id,
            at: r.at,
            outcome: Outcome::parse(&r.outcome)
                .ok_or_else(|| StoreError::Corrupt(format!("outcome {:?}", r.outcome)))?,
            payload: serde_json::from_str(&r.payload)
                .map_err(|e| StoreError::Corrupt(format!("entry {}: {e}", r.id)))?,
            channel: r.channel,
            actor: r.actor,
            kind: r.kind,
            summary: r.summary,
            prev_hash: r.prev_hash,
            hash: r.hash,
            evidence,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    entry_id: i64,
    kind: String,
    title: String,
    source_command: Option<String>,
    content: String,
    sha256: String,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    incident_id: i64,
    owner: String,
    due: NaiveDate,
    text: String,
    state: String,
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Runs a write up to a few times when a concurrent writer took the same chain position.
async fn with_retry<T, F, Fut>(mut f: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut attempt = 0;
    loop {
        match f().await {
            Err(StoreError::Db(e)) if is_unique_violation(&e) && attempt < 5 => attempt += 1,
            other => return other,
        }
    }
}

/// Leaves the write-ahead log in place when a SQLite connection closes. By default the last
/// connection to close checkpoints the WAL into the database file and deletes it: two fsyncs
/// at every exit of a short command (a console run), and two more at its next start, which
/// creates the WAL and syncs its directory again. Commits stay exactly as durable (each still
/// syncs the WAL, `synchronous=FULL`); `Store::close` moves a log past 1 MiB into the database
/// file (SQLite's automatic checkpoint, at 1,000 pages, rarely completes in a short command).
/// A copy of the database is `warroom.db` with its
/// `-wal` file (or `sqlite3 warroom.db .backup`), as it always was while the bot runs.
async fn keep_wal_on_close(
    conn: &mut sqlx::SqliteConnection,
) -> std::result::Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is an open connection, locked for this call by `handle`; this option takes
    // an int (1: on) and an optional out-pointer for the new setting, here null.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            1 as std::ffi::c_int,
            std::ptr::null_mut::<std::ffi::c_int>(),
        )
    };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sqlx::Error::Configuration(
            format!("SQLite refused SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (code {rc})").into(),
        ));
    }
    Ok(())
}

/// Size past which `Store::close` checkpoints SQLite's write-ahead log into the database and
/// truncates it (a seed triage adds about 100 KB; the automatic checkpoint would wait for 4 MB).
const WAL_LIMIT_BYTES: u64 = 1 << 20;

/// The channel's incident that is not closed (at most one is), bound to `$1`, the channel.
const ACTIVE_INCIDENT: &str = select_incidents!("WHERE channel = $1 AND state <> 'closed'");

impl Store {
    /// Closes the pool. A SQLite write-ahead log past `WAL_LIMIT_BYTES` is first checkpointed
    /// into the database and truncated: the checkpoint at close is off (`keep_wal_on_close`),
    /// and the automatic one rarely completes in a short command, whose connections read while
    /// it writes; without this the log grew run after run (17 MB after a few hundred console
    /// triages), and every start reads it whole to rebuild its index.
    pub async fn close(&self) {
        match self {
            Store::Sqlite(pool) => {
                let options = pool.connect_options();
                let mut wal = options.get_filename().as_os_str().to_owned();
                wal.push("-wal");
                let large = std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_LIMIT_BYTES);
                if large
                    && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                        .execute(pool)
                        .await
                {
                    tracing::warn!(error = %e, "could not checkpoint the write-ahead log");
                }
                pool.close().await;
            }
            Store::Postgres(pool) => pool.close().await,
        }
    }

    /// Connects (creating a SQLite file if missing, in WAL mode) and applies migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .after_connect(|conn, _| Box::pin(keep_wal_on_close(conn)))
                .connect_with(opts)
                .await?;
            Store::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // A short acquire timeout: when PostgreSQL is down a command fails within seconds
            // with a clear error instead of hanging; the pool reconnects once it is back.
            Store::Postgres(
                PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(std::time::Duration::from_secs(5))
                    .connect(url)
                    .await?,
            )
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations (append-only, per backend).
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Store::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// The card posted for an Alertmanager group in a channel.
    pub async fn alert_card(&self, channel: &str, group_key: &str) -> Result<Option<AlertCard>> {
        const SQL: &str = "SELECT group_key, alertname, status, message_id, acknowledged_by, \
             acknowledged_at FROM alert_cards WHERE channel = $1 AND group_key = $2";
        Ok(on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(channel).bind(group_key).fetch_optional(pool).await?
        }))
    }

    /// The cards of every Alertmanager group posted in a channel.
    pub async fn alert_cards(&self, channel: &str) -> Result<Vec<AlertCard>> {
        const SQL: &str = "SELECT group_key, alertname, status, message_id, acknowledged_by, \
             acknowledged_at FROM alert_cards WHERE channel = $1 ORDER BY group_key";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(channel).fetch_all(pool).await?))
    }

    /// Remembers the card of an Alertmanager group in a channel, the alert's name and the
    /// group's last status (an acknowledgement stays).
    pub async fn save_alert_card(
        &self,
        channel: &str,
        group_key: &str,
        alertname: &str,
        status: &str,
        message_id: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO alert_cards \
             (channel, group_key, alertname, status, message_id, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel, group_key) DO UPDATE SET \
             alertname = excluded.alertname, status = excluded.status, \
             message_id = excluded.message_id, updated_at = excluded.updated_at";
        on_pool!(self, pool => {
            sqlx::query(SQL)
                .bind(channel)
                .bind(group_key)
                .bind(alertname)
                .bind(status)
                .bind(message_id)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    /// Records who acknowledged a group's card, with its timeline entry, atomically;
    /// `Ok(None)` (nothing written) when someone acknowledged it first.
    pub async fn acknowledge_alert_card(
        &self,
        group_key: &str,
        by: &str,
        entry: &NewEntry,
    ) -> Result<Option<TimelineEntry>> {
        in_write_tx!(self, tx => {
            let acknowledged = sqlx::query(
                "UPDATE alert_cards SET acknowledged_by = $1, acknowledged_at = $2 \
                 WHERE channel = $3 AND group_key = $4 AND acknowledged_by IS NULL",
            )
            .bind(by)
            .bind(entry.at)
            .bind(&entry.channel)
            .bind(group_key)
            .execute(&mut *tx)
            .await?;
            if acknowledged.rows_affected() == 0 {
                return Ok(None);
            }
            let stored = append_entry(&mut tx, entry).await?;
            Some(stored)
        })
    }

    /// A channel's latest entries of one kind (any incident or none), newest first.
    pub async fn recent_channel_entries(
        &self,
        channel: &str,
        kind: &str,
        limit: i64,
    ) -> Result<Vec<TimelineEntry>> {
        const SQL: &str = select_entries!(
            "WHERE channel = $1 AND kind = $2 AND outcome = 'system' ORDER BY seq DESC LIMIT $3"
        );
        let rows: Vec<EntryRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(channel).bind(kind).bind(limit).fetch_all(pool).await?
        });
        let mut entries = self.with_evidence(rows).await?;
        entries.reverse();
        Ok(entries)
    }

    /// Answers a trivial query: for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ())?);
        Ok(())
    }

    /// Appends one timeline entry (for commands that change nothing else).
    pub async fn append(&self, entry: &NewEntry) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            append_entry(&mut tx, entry).await?
        })
    }

    /// Opens an incident, records `/incident open` and schedules its first reminder, atomically.
    pub async fn open_incident(
        &self,
        new: &NewIncident,
        entry: &NewEntry,
    ) -> Result<(Incident, TimelineEntry)> {
        let services =
            serde_json::to_string(&new.services).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let teams =
            serde_json::to_string(&new.teams).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let next_due = new.opened_at + chrono::Duration::minutes(new.cadence_minutes);
        let result = in_write_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO incidents (channel, title, severity, services, teams, state, \
                 opened_by, impact_started_at, opened_at) \
                 VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) RETURNING id",
            )
            .bind(&new.channel)
            .bind(&new.title)
            .bind(new.severity.as_str())
            .bind(&services)
            .bind(&teams)
            .bind(&new.opened_by)
            .bind(new.impact_started_at)
            .bind(new.opened_at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::ChannelBusy } else { e.into() })?;
            sqlx::query(
                "INSERT INTO reminders (incident_id, channel, cadence_minutes, next_due_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&new.channel)
            .bind(new.cadence_minutes)
            .bind(next_due)
            .execute(&mut *tx)
            .await?;
            let entry = NewEntry { incident_id: Some(id), ..entry.clone() };
            let stored = append_entry(&mut tx, &entry).await?;
            (id, stored)
        })?;
        let incident = self.incident(result.0).await?;
        Ok((incident, result.1))
    }

    /// The incident of a channel that is not closed yet.
    pub async fn active_incident(&self, channel: &str) -> Result<Option<Incident>> {
        let row: Option<IncidentRow> = on_pool!(self, pool => {
            sqlx::query_as(ACTIVE_INCIDENT).bind(channel).fetch_optional(pool).await?
        });
        row.map(Incident::try_from).transpose()
    }

    /// The most recent incident of a channel, open or closed.
    pub async fn latest_incident(&self, channel: &str) -> Result<Option<Incident>> {
        const SQL: &str = select_incidents!("WHERE channel = $1 ORDER BY id DESC LIMIT 1");
        let row: Option<IncidentRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(channel).fetch_optional(pool).await?);
        row.map(Incident::try_from).transpose()
    }

    /// One incident by id.
    pub async fn incident(&self, id: i64) -> Result<Incident> {
        const SQL: &str = select_incidents!("WHERE id = $1");
        let row: Option<IncidentRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?);
        row.map(Incident::try_from)
            .transpose()?
            .ok_or(StoreError::NoSuchIncident(id))
    }

    /// Records a milestone: the new state, its time, and the entry. Resolving ends the
    /// incident's watches; closing drops the reminder.
    pub async fn set_state(
        &self,
        incident: &Incident,
        state: State,
        entry: &NewEntry,
    ) -> Result<TimelineEntry> {
        let column = match state {
            State::Mitigated => "UPDATE incidents SET state = $1, mitigated_at = $2 WHERE id = $3",
            State::Resolved => {
                "UPDATE incidents SET state = $1, resolved_at = $2, \
                 mitigated_at = COALESCE(mitigated_at, $2) WHERE id = $3"
            }
            State::Closed => "UPDATE incidents SET state = $1, closed_at = $2 WHERE id = $3",
            State::Open => "UPDATE incidents SET state = $1 WHERE id = $3 AND $2 IS NOT NULL",
        };
        in_write_tx!(self, tx => {
            sqlx::query(column)
                .bind(state.as_str())
                .bind(entry.at)
                .bind(incident.id)
                .execute(&mut *tx)
                .await?;
            if matches!(state, State::Resolved | State::Closed) {
                // A watch ends at /incident resolve.
                sqlx::query(
                    "UPDATE watches SET ended_at = $1 WHERE incident_id = $2 AND ended_at IS NULL",
                )
                .bind(entry.at)
                .bind(incident.id)
                .execute(&mut *tx)
                .await?;
            }
            if state == State::Closed {
                sqlx::query("DELETE FROM reminders WHERE incident_id = $1")
                    .bind(incident.id)
                    .execute(&mut *tx)
                    .await?;
            }
            append_entry(&mut tx, entry).await?
        })
    }

    /// Records the commander and comms roles (a `None` keeps the current holder).
    pub async fn set_roles(
        &self,
        incident: &Incident,
        commander: Option<&str>,
        comms: Option<&str>,
        entry: &NewEntry,
    ) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            sqlx::query(
                "UPDATE incidents SET commander = COALESCE($1, commander), \
                 comms = COALESCE($2, comms) WHERE id = $3",
            )
            .bind(commander)
            .bind(comms)
            .bind(incident.id)
            .execute(&mut *tx)
            .await?;
            append_entry(&mut tx, entry).await?
        })
    }

    /// Adds an improvement item and its entry.
    pub async fn add_action(
        &self,
        incident: &Incident,
        owner: &str,
        due: NaiveDate,
        text: &str,
        entry: &NewEntry,
    ) -> Result<(ActionItem, TimelineEntry)> {
        let (id, stored) = in_write_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO action_items (incident_id, owner, due, text, state, created_at) \
                 VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
            )
            .bind(incident.id)
            .bind(owner)
            .bind(due)
            .bind(text)
            .bind(entry.at)
            .fetch_one(&mut *tx)
            .await?;
            let mut payload = entry.payload.clone();
            if let Some(fields) = payload.as_object_mut() {
                fields.insert("id".into(), id.into());
            }
            let entry = NewEntry { payload, ..entry.clone() };
            let stored = append_entry(&mut tx, &entry).await?;
            (id, stored)
        })?;
        let item = ActionItem {
            id,
            incident_id: incident.id,
            owner: owner.to_string(),
            due,
            text: text.to_string(),
            done: false,
        };
        Ok((item, stored))
    }

    /// Marks an improvement item done; `Ok(None)` when the incident has no such item.
    pub async fn complete_action(
        &self,
        incident: &Incident,
        action_id: i64,
        entry: &NewEntry,
    ) -> Result<Option<TimelineEntry>> {
        in_write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE action_items SET state = 'done' WHERE id = $1 AND incident_id = $2",
            )
            .bind(action_id)
            .bind(incident.id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(None);
            }
            let stored = append_entry(&mut tx, entry).await?;
            Some(stored)
        })
    }

    /// The incident's improvement items, oldest first.
    pub async fn actions(&self, incident_id: i64) -> Result<Vec<ActionItem>> {
        const SQL: &str = "SELECT id, incident_id, owner, due, text, state FROM action_items \
             WHERE incident_id = $1 ORDER BY id";
        let rows: Vec<ActionRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(incident_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|r| ActionItem {
                id: r.id,
                incident_id: r.incident_id,
                owner: r.owner,
                due: r.due,
                text: r.text,
                done: r.state == "done",
            })
            .collect())
    }

    /// The incident's timeline, oldest first, with evidence.
    pub async fn timeline(&self, incident_id: i64) -> Result<Vec<TimelineEntry>> {
        const SQL: &str = select_entries!("WHERE incident_id = $1 ORDER BY seq");
        let rows: Vec<EntryRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(incident_id).fetch_all(pool).await?);
        self.with_evidence(rows).await
    }

    /// One timeline entry of a channel, with its evidence.
    pub async fn entry(&self, channel: &str, id: i64) -> Result<Option<TimelineEntry>> {
        const SQL: &str = select_entries!("WHERE channel = $1 AND id = $2");
        let rows: Vec<EntryRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(channel).bind(id).fetch_all(pool).await?
        });
        Ok(self.with_evidence(rows).await?.pop())
    }

    /// A channel's whole chain up to and including `seq`, in order: what `verify` checks.
    ///
    /// The database hands the entries over as one JSON array (each entry an array of the
    /// columns `select_entries!` names, in that order): a whole chain crosses the driver as one
    /// value, where row by row the driver's per-row and per-value copies were most of the
    /// postmortem's time for a 10,000-entry incident.
    pub async fn channel_chain(&self, channel: &str, up_to_seq: i64) -> Result<Vec<TimelineEntry>> {
        macro_rules! aggregated {
            ($aggregate:literal, $wrap:literal) => {
                concat!(
                    "SELECT ",
                    $aggregate,
                    "(",
                    $wrap,
                    "(id, channel, seq, incident_id, at, actor, ",
                    "kind, outcome, summary, payload, prev_hash, hash) ORDER BY seq) ",
                    "FROM timeline_entries WHERE channel = $1 AND seq <= $2"
                )
            };
        }
        const SQLITE: &str = aggregated!("json_group_array", "json_array");
        const POSTGRES: &str = concat!(
            "SELECT COALESCE(j, '[]')::text FROM (",
            aggregated!("json_agg", "json_build_array"),
            ") AS chain(j)"
        );
        let sql = match self {
            Store::Sqlite(_) => SQLITE,
            Store::Postgres(_) => POSTGRES,
        };
        let json: String = on_pool!(self, pool => {
            sqlx::query_scalar(sql).bind(channel).bind(up_to_seq).fetch_one(pool).await?
        });
        let rows: Vec<EntryRow> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("timeline of channel {channel}: {e}")))?;
        self.with_evidence(rows).await
    }

    /// Verifies the incident's channel chain (see `verified`).
    pub async fn verify_incident_chain(&self, incident: &Incident) -> Result<()> {
        self.verified(incident.id, None).await.map(|_| ())
    }

    /// The current head of a channel's chain, as recorded beside it.
    pub async fn head(&self, channel: &str) -> Result<Option<Head>> {
        const SQL: &str = "SELECT seq, hash FROM chain_heads WHERE channel = $1";
        let row: Option<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(channel).fetch_optional(pool).await?);
        Ok(row.map(|(seq, hash)| Head { seq, hash }))
    }

    /// An incident whose record is verified: the channel's whole chain links and matches its
    /// hashes and its recorded head (and `witnessed`, a head the channel showed); the incident
    /// row and its action items agree with what the timeline replays. Everything the postmortem
    /// prints comes from here.
    pub async fn verified(
        &self,
        incident_id: i64,
        witnessed: Option<&ExpectedHead>,
    ) -> Result<Verified> {
        let incident = self.incident(incident_id).await?;
        let chain = self.channel_chain(&incident.channel, i64::MAX).await?;
        chain::verify(&chain)?;
        let head = self.head(&incident.channel).await?;
        chain::check_head(&chain, head.as_ref())?;
        if let Some(expected) = witnessed {
            chain::check_witness(&chain, expected)?;
        }
        let actions = self.actions(incident_id).await?;
        let replayed =
            crate::incident::replay::replay(incident_id, &chain).map_err(ChainBreak::from)?;
        replayed
            .compare(&incident, &actions)
            .map_err(ChainBreak::from)?;
        let (timeline, before): (Vec<TimelineEntry>, Vec<TimelineEntry>) = chain
            .into_iter()
            .filter(|e| {
                e.incident_id == Some(incident_id)
                    || (e.incident_id.is_none()
                        && e.at >= incident.impact_started_at
                        && e.at <= incident.opened_at)
            })
            .partition(|e| e.incident_id == Some(incident_id));
        Ok(Verified {
            incident,
            timeline,
            before,
            actions,
            head,
        })
    }

    /// The most recent entry of a kind with outcome ok (e.g. the last status update).
    pub async fn last_entry_of_kind(
        &self,
        incident_id: i64,
        kind: &str,
    ) -> Result<Option<TimelineEntry>> {
        const SQL: &str = select_entries!(
            "\
             WHERE incident_id = $1 AND kind = $2 AND outcome = 'ok' ORDER BY seq DESC LIMIT 1"
        );
        let rows: Vec<EntryRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(incident_id).bind(kind).fetch_all(pool).await?
        });
        Ok(self.with_evidence(rows).await?.pop())
    }

    async fn with_evidence(&self, rows: Vec<EntryRow>) -> Result<Vec<TimelineEntry>> {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        const SQL: &str = "SELECT e.entry_id, e.kind, e.title, e.source_command, e.content, e.sha256 \
             FROM evidence e JOIN timeline_entries t ON t.id = e.entry_id \
             WHERE t.channel = $1 AND t.seq BETWEEN $2 AND $3 ORDER BY e.entry_id, e.position";
        let evidence: Vec<EvidenceRow> = on_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(&first.channel)
                .bind(first.seq)
                .bind(last.seq)
                .fetch_all(pool)
                .await?
        });
        let mut out = Vec::with_capacity(rows.len());
        let mut evidence = evidence.into_iter().peekable();
        let mut rows = rows;
        rows.sort_by_key(|r| r.id);
        for r in rows {
            let mut attached = Vec::new();
            while let Some(ev) = evidence.next_if(|e| e.entry_id <= r.id) {
                if ev.entry_id < r.id {
                    continue;
                }
                let kind = EvidenceKind::parse(&ev.kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("evidence kind {:?}", ev.kind)))?;
                let title = ev.title.clone();
                let e =
                    Recorded::from_stored(kind, ev.title, ev.source_command, ev.content, ev.sha256)
                        .map_err(|_| ChainBreak::Evidence { seq: r.seq, title })?;
                attached.push(e);
            }
            out.push(r.into_entry(attached)?);
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// Records a status update and pushes the incident's next reminder one cadence out.
    pub async fn record_status_update(
        &self,
        incident: &Incident,
        entry: &NewEntry,
    ) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            let cadence: Option<(i64,)> =
                sqlx::query_as("SELECT cadence_minutes FROM reminders WHERE incident_id = $1")
                    .bind(incident.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((minutes,)) = cadence {
                sqlx::query("UPDATE reminders SET next_due_at = $1 WHERE incident_id = $2")
                    .bind(entry.at + chrono::Duration::minutes(minutes))
                    .bind(incident.id)
                    .execute(&mut *tx)
                    .await?;
            }
            append_entry(&mut tx, entry).await?
        })
    }

    /// The reminder schedule of an incident.
    pub async fn reminder(&self, incident_id: i64) -> Result<Option<Reminder>> {
        const SQL: &str = "SELECT incident_id, channel, cadence_minutes, next_due_at FROM reminders \
             WHERE incident_id = $1";
        Ok(
            on_pool!(self, pool => sqlx::query_as(SQL).bind(incident_id).fetch_optional(pool).await?),
        )
    }

    /// Sets the reminder cadence and the next due time, with the command's entry.
    pub async fn set_cadence(
        &self,
        incident: &Incident,
        cadence_minutes: i64,
        next_due_at: DateTime<Utc>,
        entry: &NewEntry,
    ) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            sqlx::query(
                "UPDATE reminders SET cadence_minutes = $1, next_due_at = $2 WHERE incident_id = $3",
            )
            .bind(cadence_minutes)
            .bind(next_due_at)
            .bind(incident.id)
            .execute(&mut *tx)
            .await?;
            append_entry(&mut tx, entry).await?
        })
    }

    /// Reminders whose due time has passed and that nobody is posting right now; only those
    /// of `channel` when given (a console serves one channel).
    pub async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        channel: Option<&str>,
    ) -> Result<Vec<Reminder>> {
        const SQL: &str = "SELECT incident_id, channel, cadence_minutes, next_due_at FROM reminders \
             WHERE next_due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1) \
             AND ($2 IS NULL OR channel = $2) ORDER BY next_due_at, incident_id";
        Ok(on_pool!(self, pool => {
            sqlx::query_as(SQL).bind(now).bind(channel).fetch_all(pool).await?
        }))
    }

    /// Claims a due reminder until `until`: while the claim holds, no other process posts it.
    /// `false` when another process claimed it first or its due time moved (a status update
    /// came in), so a reminder is posted once. A claim that is never recorded (the process
    /// died) lapses at `until` and the reminder is posted then.
    pub async fn claim_reminder(
        &self,
        seen: &Reminder,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE reminders SET claimed_until = $1 WHERE incident_id = $2 \
             AND next_due_at = $3 AND (claimed_until IS NULL OR claimed_until <= $4)";
        let claimed = on_pool!(self, pool => {
            sqlx::query(SQL)
                .bind(until)
                .bind(seen.incident_id)
                .bind(seen.next_due_at)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(claimed == 1)
    }

    /// Records how a claimed reminder ended (posted or failed): releases the claim, moves the
    /// due time to `next` (unless a status update moved it meanwhile) and appends `entry`, in
    /// one transaction.
    pub async fn record_reminder(
        &self,
        seen: &Reminder,
        next: DateTime<Utc>,
        entry: &NewEntry,
    ) -> Result<TimelineEntry> {
        in_write_tx!(self, tx => {
            sqlx::query(
                "UPDATE reminders SET claimed_until = NULL, next_due_at = \
                 CASE WHEN next_due_at = $1 THEN $2 ELSE next_due_at END WHERE incident_id = $3",
            )
            .bind(seen.next_due_at)
            .bind(next)
            .bind(seen.incident_id)
            .execute(&mut *tx)
            .await?;
            append_entry(&mut tx, entry).await?
        })
    }
}
