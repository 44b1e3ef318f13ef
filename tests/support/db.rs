//! Fresh databases for tests: a SQLite file in a temp dir, and — when
//! WARROOM_TEST_POSTGRES_URL is set — a new PostgreSQL database per test.

use std::sync::atomic::{AtomicU32, Ordering};

use warroom::store::Store;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database for one test; the temp dir (SQLite) lives as long as this value.
pub struct TestDb {
    pub backend: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn store(&self) -> Store {
        Store::connect(&self.url)
            .await
            .expect("connect to the test database")
    }
}

/// A fresh SQLite database, plus a fresh PostgreSQL one when the environment names a server.
pub async fn fresh_databases() -> Vec<TestDb> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("warroom.db").display());
    let mut dbs = vec![TestDb {
        backend: "sqlite",
        url,
        _dir: Some(dir),
    }];
    match std::env::var("WARROOM_TEST_POSTGRES_URL") {
        Ok(base) if !base.is_empty() => dbs.push(fresh_postgres(&base).await),
        _ => eprintln!(
            "skipped: PostgreSQL half of this test (WARROOM_TEST_POSTGRES_URL is not set)"
        ),
    }
    dbs
}

async fn fresh_postgres(base: &str) -> TestDb {
    use sqlx::Connection;
    let name = format!(
        "warroom_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default()
    );
    let mut conn = sqlx::PgConnection::connect(base)
        .await
        .expect("connect to PostgreSQL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (base, String::new()),
    };
    let server = match head.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => head.trim_end_matches('/'),
    };
    TestDb {
        backend: "postgres",
        url: format!("{server}/{name}{query}"),
        _dir: None,
    }
}
