//! Events folded as their pages arrive: kept only when they are about an object the triage
//! looks at, and repeats of one event (same type, reason, object and message) merged into one
//! whose count is the sum and whose first/last times span them all, as the API server itself
//! aggregates repeats. Counts by reason and object stay exact while the kept list stays small.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use k8s_openapi::api::core::v1::Event;
use serde::{Deserialize, Deserializer};

use crate::cluster::ClusterEvent;

/// Type, reason, involved object (kind, name) and message: what makes two events repeats.
type Key<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn key(e: &ClusterEvent) -> Key<'_> {
    let o = &e.involved_object;
    (
        e.type_.as_deref().unwrap_or_default(),
        e.reason.as_deref().unwrap_or_default(),
        o.kind.as_deref().unwrap_or_default(),
        o.name.as_deref().unwrap_or_default(),
        e.message.as_deref().unwrap_or_default(),
    )
}

/// An event decoded straight into the record a triage keeps (`ClusterEvent`): a page of 500
/// events then holds no whole `Event` (~1 KB each before its strings).
#[derive(Debug, Clone)]
pub(super) struct ArrivedEvent {
    pub(super) event: ClusterEvent,
    /// Counted by core/v1 `count`, with first and last times: what merging needs. Events
    /// counted by `series` (events.k8s.io style) or without timestamps are kept as they are.
    mergeable: bool,
}

impl From<Event> for ArrivedEvent {
    fn from(e: Event) -> Self {
        let mergeable =
            e.series.is_none() && e.first_timestamp.is_some() && e.last_timestamp.is_some();
        ArrivedEvent {
            event: ClusterEvent::from(e),
            mergeable,
        }
    }
}

impl<'de> Deserialize<'de> for ArrivedEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Event::deserialize(d).map(ArrivedEvent::from)
    }
}

/// The events kept so far, in arrival order, with an index of the mergeable ones by the hash
/// of their key (the kept event holds the key itself: no copy of its strings is made).
#[derive(Default)]
pub(super) struct EventFold {
    events: Vec<ClusterEvent>,
    index: HashMap<u64, usize>,
    hasher: RandomState,
}

impl EventFold {
    /// Adds one event, merging it into an earlier repeat when there is one.
    pub(super) fn add(&mut self, arrived: ArrivedEvent) {
        let ArrivedEvent {
            event: e,
            mergeable,
        } = arrived;
        if !mergeable {
            self.push(e);
            return;
        }
        let hash = self.hasher.hash_one(key(&e));
        match self.index.get(&hash) {
            Some(&at) if key(&self.events[at]) == key(&e) => merge(&mut self.events[at], &e),
            // Another key with the same hash (or none yet): kept apart, counts stay exact.
            Some(_) => self.push(e),
            None => {
                self.index.insert(hash, self.events.len());
                self.push(e);
            }
        }
    }

    /// Keeps `e`, growing the list by a quarter at a time rather than doubling it: a namespace
    /// can hold tens of thousands of events.
    fn push(&mut self, e: ClusterEvent) {
        if self.events.len() == self.events.capacity() {
            self.events.reserve_exact(self.events.len() / 4 + 64);
        }
        self.events.push(e);
    }

    /// Keeps only the events `keep` accepts; repeats of a kept event still merge into it.
    pub(super) fn retain(&mut self, keep: impl Fn(&ClusterEvent) -> bool) {
        let mut kept = 0;
        let moved: Vec<Option<usize>> = self
            .events
            .iter()
            .map(|e| {
                keep(e).then(|| {
                    kept += 1;
                    kept - 1
                })
            })
            .collect();
        let mut at = 0;
        self.events.retain(|_| {
            at += 1;
            moved[at - 1].is_some()
        });
        self.index.retain(|_, i| match moved[*i] {
            Some(to) => {
                *i = to;
                true
            }
            None => false,
        });
    }

    pub(super) fn into_events(self) -> Vec<ClusterEvent> {
        self.events
    }
}

/// `kept` becomes the merge of itself and `repeat` (same type, reason, object and message):
/// counts add up and times span both.
fn merge(kept: &mut ClusterEvent, repeat: &ClusterEvent) {
    kept.count = kept.count.saturating_add(repeat.count);
    kept.first_seen = kept.first_seen.min(repeat.first_seen);
    kept.last_seen = kept.last_seen.max(repeat.last_seen);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(name: &str, pod: &str, count: i32, first: &str, last: &str) -> ArrivedEvent {
        serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": pod, "namespace": "shop"},
            "type": "Warning", "reason": "BackOff", "message": "Back-off restarting",
            "count": count, "firstTimestamp": first, "lastTimestamp": last
        }))
        .unwrap()
    }

    #[test]
    fn repeats_merge_with_summed_counts_and_spanning_times() {
        let mut fold = EventFold::default();
        fold.add(event(
            "a",
            "web-1",
            3,
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        ));
        fold.add(event(
            "b",
            "web-1",
            4,
            "2026-11-26T09:00:00Z",
            "2026-11-26T12:00:00Z",
        ));
        fold.add(event(
            "c",
            "web-2",
            1,
            "2026-11-26T10:00:00Z",
            "2026-11-26T10:00:00Z",
        ));
        let events = fold.into_events();
        assert_eq!(events.len(), 2);
        let web1 = &events[0];
        assert_eq!(web1.count, 7);
        assert_eq!(
            web1.first_seen.map(|t| t.to_rfc3339()),
            Some("2026-11-26T09:00:00+00:00".to_string())
        );
        assert_eq!(
            web1.last_seen.map(|t| t.to_rfc3339()),
            Some("2026-11-26T12:00:00+00:00".to_string())
        );
        assert_eq!(events[1].involved_object.name.as_deref(), Some("web-2"));
    }

    #[test]
    fn repeats_still_merge_after_a_retain() {
        let mut fold = EventFold::default();
        let at = |h: u8| format!("2026-11-26T{h:02}:00:00Z");
        fold.add(event("a", "web-1", 1, &at(9), &at(9)));
        fold.add(event("b", "api-1", 1, &at(9), &at(9)));
        fold.add(event("c", "web-2", 2, &at(9), &at(10)));
        fold.retain(|e| e.involved_object.name.as_deref() != Some("web-1"));
        fold.add(event("d", "web-2", 3, &at(8), &at(11)));
        fold.add(event("e", "api-1", 1, &at(12), &at(12)));
        fold.add(event("f", "web-1", 1, &at(12), &at(12)));
        let events = fold.into_events();
        let seen: Vec<(&str, u64)> = events
            .iter()
            .map(|e| {
                (
                    e.involved_object.name.as_deref().unwrap_or_default(),
                    e.count,
                )
            })
            .collect();
        assert_eq!(seen, [("api-1", 2), ("web-2", 5), ("web-1", 1)]);
    }
}
