//! Pure analyzers over a `cluster::Snapshot`: one file each, plus finding.rs and correlate.rs.
//!
//! `diagnose` runs every analyzer, sorts the findings by severity and ranks root-cause
//! hypotheses over them. Nothing here does I/O or reads the clock: "now" is `taken_at`.

pub mod changes;
pub mod correlate;
pub mod crashloop;
pub mod events;
pub mod exit_codes;
pub mod finding;
pub mod logs;
pub mod network;
pub mod nodes;
pub mod probes;
mod quantity;
pub mod resources;
pub mod storage;
#[cfg(test)]
pub(crate) mod testdata;
mod text;
mod workload;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

pub use correlate::{Cause, Confidence, Hypothesis};
pub use finding::{Check, Finding, Severity, Signal};

use crate::cluster::{NotChecked, Snapshot};

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
        what: &'a str,
        why: &'a str,
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
const ANALYZERS: &[fn(&Snapshot) -> Vec<Finding>] = &[
    crashloop::analyze,
    exit_codes::analyze,
    logs::analyze,
    storage::analyze,
    network::analyze,
    probes::analyze,
    resources::analyze,
    nodes::analyze,
    events::analyze,
    changes::analyze,
];

/// Runs every analyzer over the snapshot, sorts the findings by severity (stable: analyzer
/// order within one severity) and ranks hypotheses over them.
pub fn diagnose(s: &Snapshot) -> Diagnosis {
    let mut findings: Vec<Finding> = ANALYZERS.iter().flat_map(|analyze| analyze(s)).collect();
    findings.sort_by_key(|f| f.severity);
    Diagnosis {
        hypotheses: correlate::rank(&findings),
        findings,
        not_checked: s.not_checked.clone(),
    }
}
