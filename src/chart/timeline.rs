//! The data behind the incident's chart (`timeline.png`): per service the failing and ready
//! pods over time from the health samples, the milestones (impact start, declared, mitigated,
//! resolved), the status updates' times and the time axis that holds them all. Pure: reads the
//! incident, its samples and its timeline, nothing else.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::incident::health::HealthSample;
use crate::incident::{Incident, Outcome, TimelineEntry};

/// Services drawn by name; the others are counted in the header.
pub const MAX_SERVICES: usize = 6;

/// A milestone of the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneKind {
    ImpactStart,
    Declared,
    Mitigated,
    Resolved,
}

impl MilestoneKind {
    /// The catalog message of the milestone's label on the chart ("impact 18:14").
    pub fn key(self) -> &'static str {
        match self {
            MilestoneKind::ImpactStart => "chart-timeline-impact",
            MilestoneKind::Declared => "chart-timeline-declared",
            MilestoneKind::Mitigated => "chart-timeline-mitigated",
            MilestoneKind::Resolved => "chart-timeline-resolved",
        }
    }
}

/// A milestone and when it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub kind: MilestoneKind,
    pub at: DateTime<Utc>,
}

/// One service's health at one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at: DateTime<Utc>,
    pub failing: i64,
    pub ready: i64,
}

/// One service's samples, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCourse {
    /// The service's name; "namespace/name (cluster)" when the incident sampled two workloads
    /// of that name.
    pub name: String,
    pub points: Vec<Point>,
}

impl ServiceCourse {
    fn peak_failing(&self) -> i64 {
        self.points.iter().map(|p| p.failing).max().unwrap_or(0)
    }
}

/// The incident's course, as the chart draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// The time axis: everything below, with a margin on each side.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The impact window: from the impact start to resolution (or mitigation, or `now`).
    pub impact: (DateTime<Utc>, DateTime<Utc>),
    /// The services drawn: the most failing pods first (at equal peaks, by name).
    pub services: Vec<ServiceCourse>,
    /// Sampled services beyond `MAX_SERVICES`, not drawn.
    pub hidden_services: usize,
    /// The milestones reached, in time order.
    pub milestones: Vec<Marker>,
    /// When a status update was posted, in time order.
    pub updates: Vec<DateTime<Utc>>,
    /// The largest pod count drawn (0 without samples).
    pub peak: i64,
}

/// The course of `incident` from its `samples` and its `timeline` (the status updates), as of
/// `now` (the end of the axis while the incident is not resolved).
pub fn course(
    incident: &Incident,
    samples: &[HealthSample],
    timeline: &[TimelineEntry],
    now: DateTime<Utc>,
) -> Course {
    let milestones = milestones(incident);
    let mut updates: Vec<_> = timeline
        .iter()
        .filter(|e| e.kind == "status.update" && e.outcome == Outcome::Ok)
        .map(|e| e.at)
        .collect();
    updates.sort();
    let mut services = by_service(samples);
    let hidden_services = services.len().saturating_sub(MAX_SERVICES);
    services.truncate(MAX_SERVICES);
    let peak = services
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| p.failing.max(p.ready))
        .max()
        .unwrap_or(0);
    let impact_end = incident
        .resolved_at
        .or(incident.mitigated_at)
        .unwrap_or(now)
        .max(incident.impact_started_at);
    let times = milestones
        .iter()
        .map(|m| m.at)
        .chain(updates.iter().copied())
        .chain(services.iter().flat_map(|s| s.points.iter().map(|p| p.at)))
        .chain([impact_end]);
    let (first, last) = times.fold((impact_end, impact_end), |(lo, hi), t| {
        (lo.min(t), hi.max(t))
    });
    let margin = ((last - first) / 40).max(Duration::minutes(1));
    Course {
        from: first - margin,
        to: last + margin,
        impact: (incident.impact_started_at, impact_end),
        services,
        hidden_services,
        milestones,
        updates,
        peak,
    }
}

/// The milestones `incident` reached, in time order.
fn milestones(incident: &Incident) -> Vec<Marker> {
    let mut out: Vec<Marker> = [
        (MilestoneKind::ImpactStart, Some(incident.impact_started_at)),
        (MilestoneKind::Declared, Some(incident.opened_at)),
        (MilestoneKind::Mitigated, incident.mitigated_at),
        (MilestoneKind::Resolved, incident.resolved_at),
    ]
    .into_iter()
    .filter_map(|(kind, at)| at.map(|at| Marker { kind, at }))
    .collect();
    out.sort_by_key(|m| m.at);
    out
}

/// The samples grouped per workload (cluster, namespace, service), the most failing first.
fn by_service(samples: &[HealthSample]) -> Vec<ServiceCourse> {
    type Key<'a> = (&'a str, Option<&'a str>, &'a str);
    let mut order: Vec<Key> = Vec::new();
    let mut points: HashMap<Key, Vec<Point>> = HashMap::new();
    for s in samples {
        let key = (
            s.cluster.as_str(),
            s.namespace.as_deref(),
            s.service.as_str(),
        );
        let series = points.entry(key).or_insert_with(|| {
            order.push(key);
            Vec::new()
        });
        series.push(Point {
            at: s.at,
            failing: s.failing,
            ready: s.ready,
        });
    }
    let mut out: Vec<ServiceCourse> = order
        .iter()
        .map(|key @ (cluster, namespace, service)| {
            let shared = order.iter().filter(|(_, _, s)| s == service).count() > 1;
            let name = if shared {
                format!("{}/{service} ({cluster})", namespace.unwrap_or("-"))
            } else {
                service.to_string()
            };
            let mut points = points.remove(key).unwrap_or_default();
            points.sort_by_key(|p| p.at);
            ServiceCourse { name, points }
        })
        .collect();
    out.sort_by(|a, b| {
        b.peak_failing()
            .cmp(&a.peak_failing())
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use super::*;
    use crate::incident::{Severity, State, test_time as at};

    /// The seed incident: impact 18:14, declared 18:19, mitigated 19:43, resolved 20:01.
    pub(crate) fn seed_incident() -> Incident {
        Incident {
            id: 1,
            channel: "incident-payments".into(),
            title: "Payment failures".into(),
            severity: Severity::Sev1,
            services: vec!["payment-service".into(), "order-service".into()],
            teams: Vec::new(),
            state: State::Resolved,
            opened_by: "alice".into(),
            impact_started_at: at("18:14"),
            opened_at: at("18:19"),
            mitigated_at: Some(at("19:43")),
            resolved_at: Some(at("20:01")),
            closed_at: None,
            commander: None,
            comms: None,
        }
    }

    pub(crate) fn sample(hhmm: &str, service: &str, failing: i64, ready: i64) -> HealthSample {
        HealthSample {
            at: at(hhmm),
            service: service.into(),
            namespace: Some("production".into()),
            cluster: "prod".into(),
            ready,
            failing,
            total: failing + ready,
            restarts: 0,
            top_reason: None,
        }
    }

    pub(crate) fn entry(hhmm: &str, kind: &str, outcome: Outcome) -> TimelineEntry {
        TimelineEntry {
            outcome,
            ..TimelineEntry::for_test(Some(1), at(hhmm), "bob", kind, json!({}))
        }
    }

    #[test]
    fn samples_become_one_series_per_service_the_most_failing_first() {
        let samples = [
            sample("18:23", "payment-service", 15, 0),
            sample("18:26", "order-service", 17, 0),
            sample("19:00", "payment-service", 9, 6),
            sample("19:30", "order-service", 0, 17),
        ];
        let c = course(&seed_incident(), &samples, &[], at("20:30"));
        let names: Vec<_> = c.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["order-service", "payment-service"]);
        assert_eq!(
            c.services[1].points,
            [
                Point {
                    at: at("18:23"),
                    failing: 15,
                    ready: 0
                },
                Point {
                    at: at("19:00"),
                    failing: 9,
                    ready: 6
                },
            ]
        );
        assert_eq!(c.peak, 17);
        assert_eq!(c.hidden_services, 0);
    }

    #[test]
    fn milestones_updates_and_the_axis_cover_the_incident() {
        let timeline = [
            entry("18:19", "incident.open", Outcome::Ok),
            entry("19:20", "status.update", Outcome::Ok),
            entry("19:25", "status.update", Outcome::Error),
            entry("19:50", "status.update", Outcome::Ok),
        ];
        let c = course(&seed_incident(), &[], &timeline, at("23:00"));
        let kinds: Vec<_> = c.milestones.iter().map(|m| (m.kind, m.at)).collect();
        assert_eq!(
            kinds,
            [
                (MilestoneKind::ImpactStart, at("18:14")),
                (MilestoneKind::Declared, at("18:19")),
                (MilestoneKind::Mitigated, at("19:43")),
                (MilestoneKind::Resolved, at("20:01")),
            ]
        );
        assert_eq!(c.updates, [at("19:20"), at("19:50")]);
        // 18:14 to 20:01 is 107 min; a 40th of it (2 min 40.5 s) on each side.
        let margin = Duration::milliseconds(160_500);
        assert_eq!((c.from, c.to), (at("18:14") - margin, at("20:01") + margin));
        assert_eq!(c.impact, (at("18:14"), at("20:01")));
        assert_eq!((c.peak, c.services.len()), (0, 0));
    }

    #[test]
    fn an_open_incident_runs_to_now_and_late_samples_widen_the_axis() {
        let mut open = seed_incident();
        open.mitigated_at = None;
        open.resolved_at = None;
        let c = course(&open, &[], &[], at("18:30"));
        assert_eq!(c.impact, (at("18:14"), at("18:30")));
        assert_eq!(c.milestones.len(), 2);
        // 16 min: the margin is at least a minute.
        assert_eq!(
            (c.from, c.to),
            (at("18:13"), at("18:31")),
            "{:?}",
            (c.from, c.to)
        );
        let late = [sample("20:54", "payment-service", 0, 15)];
        let c = course(&seed_incident(), &late, &[], at("23:00"));
        assert_eq!(c.to, at("20:54") + Duration::minutes(4));
        assert_eq!(c.impact.1, at("20:01"));
    }

    #[test]
    fn the_most_failing_services_are_drawn_and_namesakes_told_apart() {
        let mut samples: Vec<_> = (0..8)
            .map(|i| sample("18:30", &format!("svc-{i}"), i, 1))
            .collect();
        let mut elsewhere = sample("18:40", "svc-7", 2, 0);
        elsewhere.namespace = Some("staging".into());
        samples.push(elsewhere);
        let c = course(&seed_incident(), &samples, &[], at("20:30"));
        let names: Vec<_> = c.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "production/svc-7 (prod)",
                "svc-6",
                "svc-5",
                "svc-4",
                "svc-3",
                "staging/svc-7 (prod)"
            ]
        );
        assert_eq!(c.hidden_services, 3);
        assert_eq!(c.peak, 7);
    }
}
