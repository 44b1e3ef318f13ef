//! The timeline's hash chain: each entry's SHA-256 covers its content, its evidence hashes and
//! the previous entry's hash, so an edited, removed or reordered row is detected.

use chrono::SecondsFormat;
use sha2::{Digest, Sha256};

use crate::incident::TimelineEntry;

/// `prev_hash` of the first entry of a channel.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields an entry's hash covers.
pub struct Hashed<'a> {
    pub channel: &'a str,
    pub seq: i64,
    pub incident_id: Option<i64>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: &'a str,
    pub kind: &'a str,
    pub outcome: &'a str,
    pub summary: &'a str,
    pub payload: &'a str,
    pub evidence_sha256: Vec<&'a str>,
    pub prev_hash: &'a str,
}

impl Hashed<'_> {
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        let incident = self.incident_id.map(|i| i.to_string()).unwrap_or_default();
        let at = self.at.to_rfc3339_opts(SecondsFormat::Micros, true);
        let seq = self.seq.to_string();
        let fields: [&str; 9] = [
            self.channel,
            &seq,
            &incident,
            &at,
            self.actor,
            self.kind,
            self.outcome,
            self.summary,
            self.payload,
        ];
        for f in fields.iter().chain(self.evidence_sha256.iter()) {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        h.update(self.prev_hash.as_bytes());
        hex::encode(h.finalize())
    }
}

/// Where a chain stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("timeline entry #{seq} (id {id}) was altered: its content no longer matches its hash")]
    Altered { id: i64, seq: i64 },
    #[error(
        "timeline entry #{seq} (id {id}) does not follow the entry before it (an entry was removed or reordered)"
    )]
    Unlinked { id: i64, seq: i64 },
    #[error("evidence {title:?} of timeline entry #{seq} was altered")]
    Evidence { seq: i64, title: String },
}

/// The hash an entry should have, recomputed from its fields.
pub fn entry_hash(e: &TimelineEntry) -> String {
    let payload = e.payload.to_string();
    Hashed {
        channel: &e.channel,
        seq: e.seq,
        incident_id: e.incident_id,
        at: e.at,
        actor: &e.actor,
        kind: &e.kind,
        outcome: e.outcome.as_str(),
        summary: &e.summary,
        payload: &payload,
        evidence_sha256: e.evidence.iter().map(|ev| ev.sha256()).collect(),
        prev_hash: &e.prev_hash,
    }
    .hash()
}

/// Checks a channel's entries, in `seq` order from the first one.
pub fn verify(entries: &[TimelineEntry]) -> Result<(), ChainBreak> {
    let mut prev = GENESIS.to_string();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.prev_hash != prev || e.seq != expected_seq {
            return Err(ChainBreak::Unlinked {
                id: e.id,
                seq: e.seq,
            });
        }
        if entry_hash(e) != e.hash {
            return Err(ChainBreak::Altered {
                id: e.id,
                seq: e.seq,
            });
        }
        prev = e.hash.clone();
    }
    Ok(())
}
