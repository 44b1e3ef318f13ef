//! The timeline's hash chain: each entry's SHA-256 covers its content, its evidence hashes and
//! the previous entry's hash, so an edited, removed or reordered row is detected; the chain's
//! head (entry count and short hash), recorded beside it and printed in the channel, makes a
//! removed tail detectable too.

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
    #[error(
        "the timeline ends at entry #{last} but its recorded head is {head}: entries after #{last} were removed"
    )]
    Truncated { last: i64, head: Head },
    #[error(
        "the timeline's recorded head is {head} but entry #{} has hash {}: the head or the entry was altered",
        .head.seq, short(.found)
    )]
    HeadAltered { head: Head, found: String },
    #[error(
        "entries #{} to #{last} follow the recorded head {head}: they were not appended by warroom",
        .head.seq + 1
    )]
    Extended { head: Head, last: i64 },
    #[error("the timeline has {last} entries but no recorded head: the head was removed")]
    HeadMissing { last: i64 },
    #[error(
        "the channel saw head {expected}, but the stored timeline ends at entry #{last}: entries after #{last} were removed"
    )]
    WitnessBeyondEnd { expected: ExpectedHead, last: i64 },
    #[error(
        "the channel saw head {expected}, but the stored entry #{} has hash {}: the timeline was rewritten",
        .expected.seq, short(.found)
    )]
    WitnessMismatch {
        expected: ExpectedHead,
        found: String,
    },
    #[error("{0}")]
    Facts(#[from] crate::incident::replay::Disagreement),
}

/// How many hex digits of a hash are printed (48 bits: enough to witness a head).
pub const SHORT_HASH: usize = 12;

fn short(hash: &str) -> &str {
    hash.get(..SHORT_HASH).unwrap_or(hash)
}

/// The last entry of a channel's chain: how many entries it has and the last hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    pub fn of(entry: &TimelineEntry) -> Self {
        Head {
            seq: entry.seq,
            hash: entry.hash.clone(),
        }
    }
}

/// `42:1f3a9c0b7d2e`: what the channel shows and `warroom export --expect-head` takes.
impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, short(&self.hash))
    }
}

/// A head someone saw in the channel: `N:HASH` with at least 8 hex digits of the hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedHead {
    pub seq: i64,
    pub hash_prefix: String,
}

impl std::fmt::Display for ExpectedHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash_prefix)
    }
}

impl std::str::FromStr for ExpectedHead {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not a chain head: give N:HASH as printed in the channel, e.g. 42:1f3a9c0b7d2e"
            )
        };
        let (seq, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() < 8 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(ExpectedHead {
            seq,
            hash_prefix: hash,
        })
    }
}

/// Checks a verified chain (from its first entry) against its recorded head.
pub fn check_head(chain: &[TimelineEntry], recorded: Option<&Head>) -> Result<(), ChainBreak> {
    let last = chain.last();
    match (last, recorded) {
        (None, None) => Ok(()),
        (Some(last), None) => Err(ChainBreak::HeadMissing { last: last.seq }),
        (last, Some(head)) => {
            let last_seq = last.map(|e| e.seq).unwrap_or(0);
            if last_seq < head.seq {
                return Err(ChainBreak::Truncated {
                    last: last_seq,
                    head: head.clone(),
                });
            }
            match chain.iter().find(|e| e.seq == head.seq) {
                Some(e) if e.hash == head.hash && last_seq == head.seq => Ok(()),
                Some(e) if e.hash == head.hash => Err(ChainBreak::Extended {
                    head: head.clone(),
                    last: last_seq,
                }),
                Some(e) => Err(ChainBreak::HeadAltered {
                    head: head.clone(),
                    found: e.hash.clone(),
                }),
                None => Err(ChainBreak::HeadAltered {
                    head: head.clone(),
                    found: String::new(),
                }),
            }
        }
    }
}

/// Checks a verified chain against a head the channel witnessed.
pub fn check_witness(chain: &[TimelineEntry], expected: &ExpectedHead) -> Result<(), ChainBreak> {
    match chain.iter().find(|e| e.seq == expected.seq) {
        Some(e) if e.hash.starts_with(&expected.hash_prefix) => Ok(()),
        Some(e) => Err(ChainBreak::WitnessMismatch {
            expected: expected.clone(),
            found: e.hash.clone(),
        }),
        None => Err(ChainBreak::WitnessBeyondEnd {
            expected: expected.clone(),
            last: chain.last().map(|e| e.seq).unwrap_or(0),
        }),
    }
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
