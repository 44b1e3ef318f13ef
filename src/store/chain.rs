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
        "the timeline continues past its recorded head {head} to entry #{last}: entries after #{} were not appended by warroom",
        .head.seq
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::incident::Outcome;

    /// The content of one entry before it is chained.
    type Content = (String, String, String, i64);

    /// A channel's chain of `contents`, linked and hashed as the store does it.
    fn chain(contents: &[Content]) -> Vec<TimelineEntry> {
        let mut prev = GENESIS.to_string();
        let mut out = Vec::new();
        for (i, (actor, kind, summary, minute)) in contents.iter().enumerate() {
            let mut e = TimelineEntry {
                id: i as i64 + 1,
                channel: "c".into(),
                seq: i as i64 + 1,
                incident_id: Some(1),
                at: chrono::DateTime::from_timestamp(1_724_162_700 + minute * 60, 0)
                    .unwrap_or_default(),
                actor: actor.clone(),
                kind: kind.clone(),
                outcome: Outcome::Ok,
                summary: summary.clone(),
                payload: serde_json::json!({ "text": summary }),
                evidence: Vec::new(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            e.hash = entry_hash(&e);
            prev = e.hash.clone();
            out.push(e);
        }
        out
    }

    /// Verifies as `Store::verified` does: links and hashes, then the recorded head.
    fn check(entries: &[TimelineEntry], head: &Head) -> Result<(), ChainBreak> {
        verify(entries)?;
        check_head(entries, Some(head))
    }

    fn contents() -> impl Strategy<Value = Vec<Content>> {
        prop::collection::vec(
            ("[a-z]{1,8}", "[a-z.]{1,12}", "\\PC{0,40}", 0i64..10_000),
            2..24,
        )
    }

    /// One change to a stored chain.
    #[derive(Debug, Clone)]
    enum Tamper {
        /// Change one field of entry `at` (0 actor, 1 kind, 2 summary, 3 time, 4 payload,
        /// 5 incident, 6 outcome).
        Edit {
            at: usize,
            field: u8,
        },
        Delete {
            at: usize,
        },
        /// Swap two entries' places, keeping (`renumber: false`) or swapping their positions.
        Reorder {
            a: usize,
            b: usize,
            renumber: bool,
        },
        /// Remove the last `n` entries.
        Truncate {
            n: usize,
        },
    }

    fn tamper() -> impl Strategy<Value = Tamper> {
        prop_oneof![
            (any::<usize>(), 0u8..7).prop_map(|(at, field)| Tamper::Edit { at, field }),
            any::<usize>().prop_map(|at| Tamper::Delete { at }),
            (any::<usize>(), any::<usize>(), any::<bool>())
                .prop_map(|(a, b, renumber)| { Tamper::Reorder { a, b, renumber } }),
            any::<usize>().prop_map(|n| Tamper::Truncate { n }),
        ]
    }

    /// Applies `t` (indexes taken modulo the length); `None` when it would change nothing.
    fn apply(t: &Tamper, mut entries: Vec<TimelineEntry>) -> Option<Vec<TimelineEntry>> {
        let len = entries.len();
        match *t {
            Tamper::Edit { at, field } => {
                let e = &mut entries[at % len];
                match field {
                    0 => e.actor.push('x'),
                    1 => e.kind.push('x'),
                    2 => e.summary.push('x'),
                    3 => e.at += chrono::Duration::seconds(1),
                    4 => e.payload = serde_json::json!({ "text": "edited" , "was": e.payload }),
                    5 => e.incident_id = Some(2),
                    _ => e.outcome = Outcome::Error,
                }
            }
            Tamper::Delete { at } => {
                entries.remove(at % len);
            }
            Tamper::Reorder { a, b, renumber } => {
                let (a, b) = (a % len, b % len);
                if a == b {
                    return None;
                }
                entries.swap(a, b);
                if renumber {
                    let (sa, sb) = (entries[a].seq, entries[b].seq);
                    entries[a].seq = sb;
                    entries[b].seq = sa;
                }
            }
            Tamper::Truncate { n } => {
                entries.truncate(len - (1 + n % len));
            }
        }
        Some(entries)
    }

    proptest! {
        #[test]
        fn an_untouched_chain_verifies(contents in contents()) {
            let entries = chain(&contents);
            let head = Head::of(entries.last().unwrap());
            prop_assert_eq!(check(&entries, &head), Ok(()));
            let seen: ExpectedHead = head.to_string().parse().unwrap();
            prop_assert_eq!(check_witness(&entries, &seen), Ok(()));
        }

        #[test]
        fn any_single_edit_delete_reorder_or_truncation_is_detected(
            contents in contents(),
            t in tamper(),
        ) {
            let entries = chain(&contents);
            let head = Head::of(entries.last().unwrap());
            let seen: ExpectedHead = head.to_string().parse().unwrap();
            if let Some(tampered) = apply(&t, entries) {
                prop_assert!(check(&tampered, &head).is_err(), "{:?} passed", t);
                // What the channel witnessed catches it too, even with the recorded head
                // rewritten to match the tampered chain.
                let rewritten = tampered.last().map(Head::of);
                let passes_alone = verify(&tampered).is_ok()
                    && check_head(&tampered, rewritten.as_ref()).is_ok();
                prop_assert!(
                    !passes_alone || check_witness(&tampered, &seen).is_err(),
                    "{:?} passed against the witnessed head", t
                );
            }
        }
    }

    #[test]
    fn the_recorded_head_catches_a_cut_tail_and_entries_appended_behind_it() {
        let contents: Vec<Content> = (0..4)
            .map(|i| ("alice".into(), "note".into(), format!("n{i}"), i))
            .collect();
        let entries = chain(&contents);
        let head = Head::of(&entries[3]);
        let cut = check_head(&entries[..2], Some(&head)).unwrap_err();
        assert_eq!(
            cut.to_string(),
            format!(
                "the timeline ends at entry #2 but its recorded head is 4:{}: entries after #2 were removed",
                &head.hash[..SHORT_HASH]
            )
        );
        let behind = check_head(&entries, Some(&Head::of(&entries[2]))).unwrap_err();
        assert!(
            behind
                .to_string()
                .starts_with("the timeline continues past its recorded head 3:"),
            "{behind}"
        );
        assert_eq!(
            check_head(&entries, None),
            Err(ChainBreak::HeadMissing { last: 4 })
        );
        assert_eq!(check_head(&[], None), Ok(()));
    }

    #[test]
    fn a_head_reads_back_from_what_the_channel_shows() {
        let head = Head {
            seq: 42,
            hash: "1f3a9c0b7d2e5566778899aabbccddeeff00112233445566778899aabbccddee".into(),
        };
        assert_eq!(head.to_string(), "42:1f3a9c0b7d2e");
        let seen: ExpectedHead = "42:1F3A9C0B7D2E".parse().unwrap();
        assert_eq!(seen.hash_prefix, "1f3a9c0b7d2e");
        for bad in [
            "42",
            "x:1f3a9c0b",
            "42:1f3a",
            "0:1f3a9c0b7d2e",
            "42:1f3a9c0bzz",
        ] {
            assert!(bad.parse::<ExpectedHead>().is_err(), "{bad}");
        }
    }
}
