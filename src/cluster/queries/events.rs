//! Events folded as their pages arrive: kept only when they are about an object the triage
//! looks at, and repeats of one event (same type, reason, object and message) merged into one
//! whose count is the sum and whose first/last times span them all, as the API server itself
//! aggregates repeats. Counts by reason and object stay exact while the kept list stays small.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use serde::{Deserialize, Deserializer};

use crate::cluster::ClusterEvent;
use crate::cluster::snapshot::EventFields;

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

/// An event decoded straight into the record a triage keeps (`ClusterEvent`, through
/// `EventFields`): a page of 500 events then holds no whole `Event` (~1 KB each before its
/// strings), and the fields a triage never reads are skipped, not built.
#[derive(Debug, Clone)]
pub(super) struct ArrivedEvent {
    pub(super) event: ClusterEvent,
    /// Counted by core/v1 `count`, with first and last times: what merging needs.
    mergeable: bool,
}

impl From<EventFields> for ArrivedEvent {
    fn from(e: EventFields) -> Self {
        ArrivedEvent {
            mergeable: e.mergeable(),
            event: ClusterEvent::from(e),
        }
    }
}

impl<'de> Deserialize<'de> for ArrivedEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        EventFields::deserialize(d).map(ArrivedEvent::from)
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
        // Where each event goes: `retain` visits them once each, in order.
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(self.events.len());
        let mut kept = 0;
        self.events.retain(|e| {
            let keeps = keep(e);
            moved.push(keeps.then_some(kept));
            kept += usize::from(keeps);
            keeps
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

    /// The slim decoder reads what k8s-openapi's `Event` reads, for every event of a real API
    /// server's list (the seed's).
    #[test]
    fn the_seed_events_decode_as_k8s_openapi_reads_them() {
        use crate::diagnose::text::time;
        use k8s_openapi::api::core::v1::Event;
        #[derive(Deserialize)]
        struct List<T> {
            items: Vec<T>,
        }
        let body = include_str!("../../demo/seed/events-core-v1.json");
        let full: List<Event> = serde_json::from_str(body).unwrap();
        let slim: List<ArrivedEvent> = serde_json::from_str(body).unwrap();
        assert_eq!(full.items.len(), 128);
        for (f, a) in full.items.iter().zip(&slim.items) {
            let o = &f.involved_object;
            let expected = ClusterEvent {
                type_: f.type_.clone(),
                reason: f.reason.clone(),
                message: f.message.clone(),
                involved_object: crate::cluster::EventObject {
                    kind: o.kind.clone(),
                    name: o.name.clone(),
                    namespace: o.namespace.clone(),
                },
                count: f.count.map_or(1, |c| c as u64),
                first_seen: f.first_timestamp.as_ref().and_then(time),
                last_seen: f.last_timestamp.as_ref().and_then(time),
            };
            assert_eq!(a.event, expected);
            assert!(a.mergeable);
        }
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
