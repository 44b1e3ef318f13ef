//! Keeps an alert storm off the cluster: the triage of one workload runs at most once per
//! `triage_interval_secs` (later alerts of that workload reuse its report, and alerts that
//! arrive while it runs wait for it instead of starting another), and at most
//! `max_concurrent_triages` triages of different workloads run at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, Utc};
use tokio::sync::{Mutex, Semaphore};

use crate::render::Reply;

/// Workload entries kept before stale ones are dropped.
const PRUNE_ABOVE: usize = 1024;

/// The workload an alert's triage reads: cluster, namespace and name as the labels give them.
pub type WorkloadKey = (Option<String>, Option<String>, String);

/// A triage report and when it ran.
#[derive(Debug, Clone)]
struct Report {
    ran_at: DateTime<Utc>,
    reply: Reply,
}

/// What `Triages::get` gave.
#[derive(Debug, Clone)]
pub enum Got {
    /// The triage ran for this alert.
    Ran(Reply),
    /// The workload's triage that ran at `ran_at`, within the interval, reused.
    Reused { reply: Reply, ran_at: DateTime<Utc> },
}

/// The per-workload throttle and the concurrency limit, shared by every payload of a process.
#[derive(Debug)]
pub struct Triages {
    interval: Duration,
    limit: Semaphore,
    by_workload: std::sync::Mutex<HashMap<WorkloadKey, Arc<Mutex<Option<Report>>>>>,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl Triages {
    /// One triage per workload per `interval`, at most `max_concurrent` at once (at least 1).
    pub fn new(interval: std::time::Duration, max_concurrent: usize) -> Self {
        Triages {
            interval: Duration::from_std(interval).unwrap_or(Duration::MAX),
            limit: Semaphore::new(max_concurrent.max(1)),
            by_workload: std::sync::Mutex::new(HashMap::new()),
            in_flight: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// The workload's report: reused when its last successful triage ran less than the interval
    /// before `now`, else from `run` (once a concurrency permit is free). Failed triages
    /// (`Reply::is_error`) are not kept.
    pub async fn get(
        &self,
        key: WorkloadKey,
        now: DateTime<Utc>,
        run: impl Future<Output = Reply>,
    ) -> Got {
        let slot = self.slot(key, now);
        let mut kept = slot.lock().await;
        if let Some(report) = kept.as_ref().filter(|r| now - r.ran_at < self.interval) {
            return Got::Reused {
                reply: report.reply.clone(),
                ran_at: report.ran_at,
            };
        }
        let reply = {
            // The semaphore is never closed, so acquiring only fails if it were; run anyway.
            let _permit = self.limit.acquire().await.ok();
            let running = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(running, Ordering::SeqCst);
            let reply = run.await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            reply
        };
        if !reply.is_error {
            *kept = Some(Report {
                ran_at: now,
                reply: reply.clone(),
            });
        }
        Got::Ran(reply)
    }

    /// The most triages that ran at once since start.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// The workload's slot, dropping stale slots nobody holds once there are many.
    fn slot(&self, key: WorkloadKey, now: DateTime<Utc>) -> Arc<Mutex<Option<Report>>> {
        let mut map = self
            .by_workload
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, slot| {
                Arc::strong_count(slot) > 1
                    || slot.try_lock().map_or(true, |r| {
                        r.as_ref().is_some_and(|r| now - r.ran_at < self.interval)
                    })
            });
        }
        map.entry(key).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> WorkloadKey {
        (None, Some("production".into()), name.into())
    }

    #[tokio::test]
    async fn a_workload_is_triaged_once_per_interval() {
        let triages = Triages::new(std::time::Duration::from_secs(300), 2);
        let t0 = DateTime::parse_from_rfc3339("2026-11-26T14:32:00Z")
            .unwrap()
            .to_utc();
        let first = triages
            .get(key("payment-service"), t0, async { Reply::text("first") })
            .await;
        assert!(matches!(first, Got::Ran(r) if r.markdown == "first"));
        let again = triages
            .get(key("payment-service"), t0 + Duration::minutes(4), async {
                Reply::text("second")
            })
            .await;
        assert!(
            matches!(&again, Got::Reused { reply, ran_at } if reply.markdown == "first" && *ran_at == t0),
            "{again:?}"
        );
        let other = triages
            .get(key("order-service"), t0, async { Reply::text("order") })
            .await;
        assert!(matches!(other, Got::Ran(_)));
        let later = triages
            .get(key("payment-service"), t0 + Duration::minutes(5), async {
                Reply::text("third")
            })
            .await;
        assert!(matches!(later, Got::Ran(r) if r.markdown == "third"));
        let failed = triages
            .get(key("web"), t0, async { Reply::error("denied") })
            .await;
        assert!(matches!(failed, Got::Ran(r) if r.is_error));
        let retried = triages
            .get(key("web"), t0, async { Reply::text("now") })
            .await;
        assert!(
            matches!(retried, Got::Ran(r) if r.markdown == "now"),
            "a failed triage is not kept"
        );
    }
}
