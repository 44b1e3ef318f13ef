//! Pure analyzers over a `cluster::Snapshot`: one file each, plus finding.rs and correlate.rs.
//!
//! `diagnose` runs every analyzer, sorts the findings by severity and ranks root-cause
//! hypotheses over them. Nothing here does I/O or reads the clock: "now" is `taken_at`.

pub mod changes;
pub mod correlate;
pub mod crash_cause;
pub mod crashloop;
pub mod daemonset;
pub mod events;
pub mod exit_codes;
pub mod finding;
pub mod hpa;
pub mod idle_policies;
pub(crate) mod index;
pub mod ingress;
pub mod jobs;
pub mod log_errors;
pub mod logs;
mod meta;
pub mod network;
pub mod node_conditions;
pub mod nodes;
pub mod pdb;
pub mod pod_state;
pub mod probes;
mod quantity;
pub mod replicas;
pub mod resources;
pub mod statefulset;
pub mod storage;
#[cfg(test)]
pub(crate) mod testdata;
pub(crate) mod text;
pub mod verdict;
pub mod volumes;
pub mod webhooks;
pub(crate) mod workload;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

pub use correlate::{Cause, Confidence, Hypothesis};
pub use finding::{Check, Finding, Severity, Signal};
pub use verdict::{Verdict, verdict};
/// A pod's readiness, restarts and `kubectl get pods` status, for the incident's health samples.
pub use workload::{is_ready, restarts, status_column};

pub(crate) use index::Index;

use crate::cluster::{NotChecked, Snapshot};
use crate::i18n::Text;

/// The result of one triage: findings (most severe first), ranked hypotheses, and what could
/// not be checked.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub findings: Vec<Finding>,
    /// Most likely first; `supporting` indexes `findings`.
    pub hypotheses: Vec<Hypothesis>,
    #[serde(serialize_with = "not_checked_list")]
    pub not_checked: Vec<NotChecked>,
}

fn not_checked_list<S: Serializer>(items: &[NotChecked], ser: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Line<'a> {
        what: &'a Text,
        why: &'a Text,
    }
    let mut seq = ser.serialize_seq(Some(items.len()))?;
    for n in items {
        seq.serialize_element(&Line {
            what: &n.what,
            why: &n.why,
        })?;
    }
    seq.end()
}

/// Every analyzer, in the order their findings are listed within one severity.
const ANALYZERS: &[fn(&Snapshot, &Index) -> Vec<Finding>] = &[
    crashloop::analyze,
    pod_state::analyze,
    replicas::analyze,
    exit_codes::analyze,
    logs::analyze,
    log_errors::analyze,
    crash_cause::analyze,
    storage::analyze,
    network::analyze,
    idle_policies::analyze,
    probes::analyze,
    resources::analyze,
    nodes::analyze,
    events::analyze,
    changes::analyze,
    webhooks::analyze,
    jobs::analyze,
    daemonset::analyze,
    statefulset::analyze,
    volumes::analyze,
    node_conditions::analyze,
    ingress::analyze,
    hpa::analyze,
    pdb::analyze,
];

/// Compiles the patterns the analyzers read logs with, which are otherwise compiled where a
/// diagnosis first runs them. A triage calls this on a spare thread as its reads start.
pub fn warm_up() {
    logs::warm_up();
    log_errors::warm_up();
    crash_cause::warm_up();
}

/// Runs every analyzer over the snapshot and one shared index of it, sorts the findings by
/// severity (stable: analyzer order within one severity) and ranks hypotheses over them.
pub fn diagnose(s: &Snapshot) -> Diagnosis {
    let ix = Index::new(s);
    let mut findings: Vec<Finding> = ANALYZERS
        .iter()
        .flat_map(|analyze| analyze(s, &ix))
        .collect();
    findings.sort_by_key(|f| f.severity);
    Diagnosis {
        hypotheses: correlate::rank(&findings),
        findings,
        not_checked: s.not_checked.clone(),
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn seed_diagnosis_tells_the_whole_story() {
        let d = diagnose(&testdata::seed());
        let titles: Vec<String> = d.findings.iter().map(|f| testdata::en(&f.title)).collect();
        let has = |needle: &str| titles.iter().any(|t| t.contains(needle));
        for expected in [
            "32 pods in CrashLoopBackOff in production: 17 order-service and 15 payment-service",
            "15 payment-service pods OOMKilled (exit 137) under a 2Gi memory limit",
            "13 order-service pods OOMKilled (exit 137) under a 2Gi memory limit",
            "java.lang.OutOfMemoryError: Java heap space in the previous logs",
            "4 nodes under MemoryPressure: node-5, node-6, node-7 and node-8",
            "payment-service liveness probe starts at 2 s but the app needs 11.74 s to start, \
             and there is no startupProbe",
            "order-service liveness probe starts at 2 s but the app needs 7.6 s to start",
            "Volume payment-data (50Gi) in production is full: FailedMount",
            "Warning events FailedMount ×160 on 32 pods",
            "NetworkPolicy default-deny-all blocks DNS egress (UDP 53) for 32 pods in production",
            "Service redis (namespace cache) has no ready endpoints",
        ] {
            assert!(has(expected), "missing {expected:?} in {titles:#?}");
        }
        assert_eq!(testdata::en(&d.findings[0].title), titles[0]);
        assert!(testdata::en(&d.findings[0].title).starts_with("32 pods in CrashLoopBackOff"));
        assert!(
            d.findings
                .windows(2)
                .all(|w| w[0].severity <= w[1].severity)
        );
        for f in &d.findings {
            assert!(!f.evidence.is_empty(), "{:?} has no evidence", f.title);
            for e in &f.evidence {
                let cmd = e.source_command().unwrap_or_default();
                assert!(cmd.starts_with("kubectl "), "{:?}: {cmd:?}", f.title);
            }
        }
        assert_eq!(d.hypotheses[0].cause, Cause::MemoryExhaustion);
        assert!(
            testdata::en(&d.hypotheses[0].title)
                .starts_with("Heap exhaustion under a 2Gi memory limit")
        );

        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["findings"][0]["severity"], "critical");
        assert_eq!(json["findings"][0]["check"], "crash_loop");
        assert_eq!(json["hypotheses"][0]["cause"], "memory_exhaustion");
        assert_eq!(json["not_checked"][0]["what"]["key"], "nc-usage");
        assert_eq!(
            json["not_checked"][0]["why"]["key"],
            "nc-why-metrics-not-served"
        );
        assert!(
            !json.to_string().contains("s3cr3t"),
            "the DB password leaked"
        );
    }

    #[test]
    fn healthy_namespace_produces_no_findings_at_all() {
        let d = diagnose(&testdata::healthy());
        assert!(d.findings.is_empty(), "{:#?}", d.findings);
        assert!(d.hypotheses.is_empty());
        assert!(d.not_checked.is_empty());
    }

    #[test]
    fn ten_thousand_pods_and_fifty_thousand_events_stay_readable() {
        // Speed is measured in benches/triage.rs; this checks what large inputs look like.
        let s = testdata::large(100, 100);
        assert_eq!((s.pods.len(), s.events.len()), (10_000, 50_000));
        let d = diagnose(&s);
        let crash = d
            .findings
            .iter()
            .find(|f| f.check == Check::CrashLoop)
            .unwrap();
        assert!(testdata::en(&crash.title).starts_with("5000 pods in CrashLoopBackOff in shop: "));
        assert!(testdata::en(&crash.title).ends_with(" and 45 more"));
        for f in &d.findings {
            assert!(
                f.evidence.len() <= 100,
                "{:?}: {} evidence",
                f.title,
                f.evidence.len()
            );
            for e in &f.evidence {
                assert!(
                    e.content().len() < 8_000,
                    "{}: {} bytes",
                    testdata::en(e.title()),
                    e.content().len()
                );
            }
        }
        assert_eq!(d.hypotheses[0].cause, Cause::MemoryExhaustion);
    }
}
