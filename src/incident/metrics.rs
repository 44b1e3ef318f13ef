//! Incident metrics, computed from the incident's milestones and its timeline: how long from
//! the impact start to detection, declaration, announcement, first triage, mitigation and
//! resolution, and whether the progress updates came when they were due. Pure functions; the
//! postmortem's Metrics section, `warroom report` and `/metrics` all use them.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{Incident, Outcome, Severity, TimelineEntry};

/// A duration measured from the impact start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The first alert reached the channel (the declaration, when no alert came first).
    Detect,
    /// The incident was declared (`/incident open`).
    Declare,
    /// The announcement was posted (warroom posts it as the reply to `/incident open`).
    Announce,
    /// The first triage ran (an alert card's triage counts, also before the declaration).
    FirstTriage,
    /// Mitigated (or resolved, when it was never marked mitigated).
    Mitigate,
    Resolve,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Detect,
        Measure::Declare,
        Measure::Announce,
        Measure::FirstTriage,
        Measure::Mitigate,
        Measure::Resolve,
    ];

    /// The label in `/metrics` and in `warroom report --format csv`; its title is the
    /// catalog's `measure-LABEL` ("Time to detect").
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Detect => "detect",
            Measure::Declare => "declare",
            Measure::Announce => "announce",
            Measure::FirstTriage => "first_triage",
            Measure::Mitigate => "mitigate",
            Measure::Resolve => "resolve",
        }
    }
}

/// Whether the progress updates came when they were due.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Punctuality {
    /// Due times reached (or met early) while the incident was not yet resolved.
    pub due: u32,
    /// Updates posted at or before their due time.
    pub on_time: u32,
    /// How late each late update was (after the first due time it missed), in order.
    pub lateness: Vec<Duration>,
}

impl Punctuality {
    /// The lateness of the most recent late update.
    pub fn latest_lateness(&self) -> Option<Duration> {
        self.lateness.last().copied()
    }
}

/// One incident's metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentMetrics {
    pub id: i64,
    pub severity: Severity,
    pub title: String,
    pub impact_started_at: DateTime<Utc>,
    /// The alert that detected it, when one did.
    pub detected_by: Option<String>,
    /// When each measure was reached (`None`: not yet).
    pub reached: Vec<(Measure, Option<DateTime<Utc>>)>,
    pub updates: Punctuality,
}

impl IncidentMetrics {
    /// When `measure` was reached.
    pub fn at(&self, measure: Measure) -> Option<DateTime<Utc>> {
        self.reached
            .iter()
            .find(|(m, _)| *m == measure)
            .and_then(|(_, at)| *at)
    }

    /// The time from the impact start to `measure` (never negative: an alert that fired
    /// before the impact start given by hand detects it at once).
    pub fn duration(&self, measure: Measure) -> Option<Duration> {
        self.at(measure)
            .map(|at| (at - self.impact_started_at).max(Duration::zero()))
    }
}

/// The incident's metrics. `entries` are timeline entries of its channel in order: its own,
/// and those of no incident between the impact start and the declaration (the alert that
/// detected it and the alert card's triage) — other entries are ignored, so the channel's
/// whole chain may be passed. `cadence_minutes` is the update cadence when the opening entry
/// does not record one; updates are due until the incident is resolved (or `now`).
pub fn measure<'a>(
    incident: &Incident,
    entries: impl IntoIterator<Item = &'a TimelineEntry>,
    cadence_minutes: i64,
    now: DateTime<Utc>,
) -> IncidentMetrics {
    let relevant: Vec<&TimelineEntry> = entries
        .into_iter()
        .filter(|e| matches!(e.outcome, Outcome::Ok | Outcome::System))
        .filter(|e| {
            e.incident_id == Some(incident.id)
                || (e.incident_id.is_none()
                    && e.at >= incident.impact_started_at
                    && e.at <= incident.opened_at)
        })
        .collect();
    let first = |kind: &str, also: &dyn Fn(&TimelineEntry) -> bool| {
        relevant.iter().find(|e| e.kind == kind && also(e)).copied()
    };
    let alert = first("alert", &|e| e.payload["status"] == "firing");
    let detected_at = alert.map_or(incident.opened_at, |a| a.at.min(incident.opened_at));
    let detected_by = alert
        .filter(|a| a.at <= incident.opened_at)
        .and_then(|a| a.payload["alertname"].as_str())
        .map(str::to_string);
    let triage = first("triage", &|e| e.outcome == Outcome::Ok).map(|e| e.at);
    let cadence = first("incident.open", &|_| true)
        .and_then(|open| open.payload["cadence_minutes"].as_i64())
        .unwrap_or(cadence_minutes);
    let end = incident.resolved_at.or(incident.closed_at).unwrap_or(now);
    IncidentMetrics {
        id: incident.id,
        severity: incident.severity,
        title: incident.title.clone(),
        impact_started_at: incident.impact_started_at,
        detected_by,
        reached: vec![
            (Measure::Detect, Some(detected_at)),
            (Measure::Declare, Some(incident.opened_at)),
            (Measure::Announce, Some(incident.opened_at)),
            (Measure::FirstTriage, triage),
            (
                Measure::Mitigate,
                incident.mitigated_at.or(incident.resolved_at),
            ),
            (Measure::Resolve, incident.resolved_at),
        ],
        updates: punctuality(incident, &relevant, cadence, end),
    }
}

/// Replays the update schedule as the reminders keep it: the first update is due one cadence
/// after the declaration, each next one a cadence after the last update (or after a cadence
/// change); a due time passed without an update is missed, and the update that follows is late
/// by the time since that first missed due time.
fn punctuality(
    incident: &Incident,
    entries: &[&TimelineEntry],
    cadence_minutes: i64,
    end: DateTime<Utc>,
) -> Punctuality {
    let mut p = Punctuality::default();
    let mut cadence = Duration::minutes(cadence_minutes.max(1));
    let mut due = incident.opened_at + cadence;
    for e in entries.iter().filter(|e| e.at <= end) {
        let (is_update, new_cadence) = match e.kind.as_str() {
            "status.update" if e.outcome == Outcome::Ok => (true, None),
            "status.cadence" if e.outcome == Outcome::Ok => {
                (false, e.payload["minutes"].as_i64().map(Duration::minutes))
            }
            _ => continue,
        };
        let mut missed_since = None;
        while due < e.at {
            p.due += 1;
            missed_since.get_or_insert(due);
            due += cadence;
        }
        if is_update {
            match missed_since {
                Some(missed) => p.lateness.push(e.at - missed),
                None => {
                    p.due += 1;
                    p.on_time += 1;
                }
            }
        }
        if let Some(c) = new_cadence {
            cadence = c.max(Duration::minutes(1));
        }
        due = e.at + cadence;
    }
    while due <= end {
        p.due += 1;
        due += cadence;
    }
    p
}

/// The median and the 90th percentile of some durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// How many values.
    pub n: usize,
    /// The middle value (the mean of the two middle ones for an even count).
    pub median: Duration,
    /// The nearest-rank 90th percentile: the smallest value at least 90% of them do not exceed.
    pub p90: Duration,
}

impl Spread {
    /// `None` for no values.
    pub fn of(mut values: Vec<Duration>) -> Option<Spread> {
        values.sort();
        let n = values.len();
        let median = match n {
            0 => return None,
            n if n % 2 == 1 => values[n / 2],
            n => (values[n / 2 - 1] + values[n / 2]) / 2,
        };
        let rank = (n * 9).div_ceil(10).max(1);
        Some(Spread {
            n,
            median,
            p90: values[rank - 1],
        })
    }
}

/// Metrics across incidents: counts by severity, the spread of each measure, punctuality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub incidents: usize,
    /// Incidents per severity, sev1 first (severities without incidents included).
    pub by_severity: Vec<(Severity, usize)>,
    /// Each measure's spread over the incidents that reached it.
    pub spreads: Vec<(Measure, Option<Spread>)>,
    pub updates_due: u32,
    pub updates_on_time: u32,
    /// The spread of the late updates' lateness.
    pub lateness: Option<Spread>,
}

impl Summary {
    pub fn of<'a>(metrics: impl IntoIterator<Item = &'a IncidentMetrics>) -> Summary {
        let all: Vec<&IncidentMetrics> = metrics.into_iter().collect();
        Summary {
            incidents: all.len(),
            by_severity: Severity::ALL
                .into_iter()
                .map(|s| (s, all.iter().filter(|m| m.severity == s).count()))
                .collect(),
            spreads: Measure::ALL
                .into_iter()
                .map(|m| {
                    (
                        m,
                        Spread::of(all.iter().filter_map(|i| i.duration(m)).collect()),
                    )
                })
                .collect(),
            updates_due: all.iter().map(|m| m.updates.due).sum(),
            updates_on_time: all.iter().map(|m| m.updates.on_time).sum(),
            lateness: Spread::of(
                all.iter()
                    .flat_map(|m| m.updates.lateness.iter().copied())
                    .collect(),
            ),
        }
    }

    /// The share of due updates posted on time, in whole percent (`None` when none was due).
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.updates_due > 0).then(|| {
            (f64::from(self.updates_on_time) * 100.0 / f64::from(self.updates_due)).round() as u32
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::State;
    use serde_json::json;

    use crate::incident::test_time as t;

    fn incident() -> Incident {
        Incident {
            id: 1,
            channel: "c".into(),
            title: "Payment failures".into(),
            severity: Severity::Sev1,
            services: vec!["payment-service".into()],
            teams: vec![],
            state: State::Resolved,
            opened_by: "alice".into(),
            impact_started_at: t("18:14"),
            opened_at: t("18:19"),
            mitigated_at: Some(t("19:43")),
            resolved_at: Some(t("20:01")),
            closed_at: None,
            commander: None,
            comms: None,
        }
    }

    fn entry(
        incident_id: Option<i64>,
        at: &str,
        kind: &str,
        payload: serde_json::Value,
    ) -> TimelineEntry {
        TimelineEntry::for_test(incident_id, t(at), "alice", kind, payload)
    }

    /// The seed's course: the alert fires and its card's triage runs before the declaration,
    /// an update comes one minute after the reminder.
    fn seed_entries() -> Vec<TimelineEntry> {
        vec![
            entry(None, "17:50", "triage", json!({})),
            entry(
                None,
                "18:15",
                "alert",
                json!({ "status": "firing", "alertname": "PaymentServiceAvailability" }),
            ),
            entry(None, "18:15", "triage", json!({})),
            entry(
                Some(1),
                "18:19",
                "incident.open",
                json!({ "cadence_minutes": 60 }),
            ),
            entry(Some(1), "18:22", "triage", json!({})),
            entry(Some(1), "19:19", "status.reminder", json!({})),
            entry(Some(1), "19:20", "status.update", json!({})),
            entry(Some(2), "19:30", "status.update", json!({})),
        ]
    }

    #[test]
    fn the_seed_incident_measures_from_the_impact_start() {
        let m = measure(&incident(), &seed_entries(), 30, t("21:00"));
        let minutes = |measure| m.duration(measure).map(|d| d.num_minutes());
        assert_eq!(minutes(Measure::Detect), Some(1));
        assert_eq!(minutes(Measure::Declare), Some(5));
        assert_eq!(minutes(Measure::Announce), Some(5));
        assert_eq!(minutes(Measure::FirstTriage), Some(1));
        assert_eq!(minutes(Measure::Mitigate), Some(89));
        assert_eq!(minutes(Measure::Resolve), Some(107));
        assert_eq!(m.detected_by.as_deref(), Some("PaymentServiceAvailability"));
        // Due 19:19 (the recorded 60-min cadence, not the default 30), posted 19:20; the next
        // due time (20:20) comes after the resolution.
        assert_eq!(m.updates.due, 1);
        assert_eq!(m.updates.on_time, 0);
        assert_eq!(m.updates.latest_lateness(), Some(Duration::minutes(1)));
    }

    #[test]
    fn without_an_alert_detection_is_the_declaration_and_open_measures_are_none() {
        let open = Incident {
            mitigated_at: None,
            resolved_at: None,
            state: State::Open,
            ..incident()
        };
        let entries = vec![entry(Some(1), "18:19", "incident.open", json!({}))];
        let m = measure(&open, &entries, 60, t("18:40"));
        assert_eq!(m.at(Measure::Detect), Some(t("18:19")));
        assert_eq!(m.detected_by, None);
        assert_eq!(m.at(Measure::FirstTriage), None);
        assert_eq!(m.at(Measure::Mitigate), None);
        assert_eq!(m.at(Measure::Resolve), None);
        assert_eq!(m.updates, Punctuality::default());
    }

    #[test]
    fn resolved_without_mitigation_is_mitigated_at_the_resolution() {
        let m = measure(
            &Incident {
                mitigated_at: None,
                ..incident()
            },
            &[],
            60,
            t("21:00"),
        );
        assert_eq!(m.at(Measure::Mitigate), Some(t("20:01")));
    }

    #[test]
    fn punctuality_follows_updates_cadence_changes_and_missed_due_times() {
        // Open 18:19, every 30 min: due 18:49 (posted 18:40, on time) → due 19:10 (none) →
        // 19:40 (none) → the 19:55 update is late by 45 min after 19:10 → cadence 15 min at
        // 20:00 → due 20:15, missed → 20:30 missed → resolved 20:40.
        let entries = vec![
            entry(Some(1), "18:19", "incident.open", json!({})),
            entry(Some(1), "18:40", "status.update", json!({})),
            entry(Some(1), "19:55", "status.update", json!({})),
            entry(Some(1), "20:00", "status.cadence", json!({ "minutes": 15 })),
        ];
        let i = Incident {
            resolved_at: Some(t("20:40")),
            ..incident()
        };
        let p = measure(&i, &entries, 30, t("23:00")).updates;
        assert_eq!((p.due, p.on_time), (5, 1), "{p:?}");
        assert_eq!(p.lateness, vec![Duration::minutes(45)]);
    }

    #[test]
    fn spreads_use_the_middle_and_the_nearest_rank() {
        let mins = |v: &[i64]| v.iter().map(|m| Duration::minutes(*m)).collect::<Vec<_>>();
        let s = Spread::of(mins(&[10, 1, 5])).unwrap();
        assert_eq!(
            (s.n, s.median, s.p90),
            (3, Duration::minutes(5), Duration::minutes(10))
        );
        let s = Spread::of(mins(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 100])).unwrap();
        assert_eq!(s.median, Duration::seconds(330));
        assert_eq!(s.p90, Duration::minutes(9));
        assert_eq!(Spread::of(vec![]), None);
    }

    #[test]
    fn a_summary_counts_severities_and_updates() {
        let a = measure(&incident(), &seed_entries(), 60, t("21:00"));
        let b = IncidentMetrics {
            id: 2,
            severity: Severity::Sev3,
            updates: Punctuality {
                due: 3,
                on_time: 3,
                lateness: vec![],
            },
            ..a.clone()
        };
        let s = Summary::of([&a, &b]);
        assert_eq!(s.incidents, 2);
        assert_eq!(
            s.by_severity,
            vec![
                (Severity::Sev1, 1),
                (Severity::Sev2, 0),
                (Severity::Sev3, 1),
                (Severity::Sev4, 0)
            ]
        );
        assert_eq!((s.updates_due, s.updates_on_time), (4, 3));
        assert_eq!(s.on_time_percent(), Some(75));
        assert_eq!(s.lateness.map(|l| l.n), Some(1));
    }
}
