//! What changed since the last progress update: per service the failing pods before → now (from
//! the health samples), alerts fired or resolved, improvement items done and milestones reached.
//! `/status update`'s form and the console's draft are prefilled with it, and the reminder says
//! it in one line.

use chrono::{DateTime, Utc};

use super::health::HealthSample;
use super::{ActionItem, Outcome, TimelineEntry};
use crate::i18n::{Arg, Catalog, Locale};

/// One service's health then and now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceChange {
    /// The last sample at or before the last update (`None`: none was taken by then).
    pub before: Option<HealthSample>,
    /// The latest sample, taken after the last update.
    pub now: HealthSample,
}

/// A fact recorded since the last update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// An Alertmanager alert fired (`resolved: false`) or resolved.
    Alert {
        name: String,
        resolved: bool,
        at: DateTime<Utc>,
    },
    /// An improvement item was marked done.
    ActionDone { text: String, owner: String },
    /// The incident was mitigated (`resolved: false`) or resolved.
    Milestone { resolved: bool, at: DateTime<Utc> },
}

/// Everything that changed since `since` (the last update, or the declaration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub since: DateTime<Utc>,
    /// Services sampled since then, in the order they were first sampled.
    pub services: Vec<ServiceChange>,
    pub facts: Vec<Fact>,
}

impl Progress {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.facts.is_empty()
    }

    /// The changes of the incident's state (services, alerts, milestones), one line each, in
    /// `locale`.
    pub fn state_lines(&self, catalog: &Catalog, locale: Locale) -> Vec<String> {
        let t = |key, args: &[(&str, Arg)]| catalog.t(locale, key, args);
        let mut lines: Vec<String> = self
            .services
            .iter()
            .map(|c| service_line(c, catalog, locale))
            .collect();
        lines.extend(self.facts.iter().filter_map(|f| match f {
            Fact::ActionDone { .. } => None,
            Fact::Alert { name, resolved, at } => Some(t(
                if *resolved {
                    "progress-alert-resolved"
                } else {
                    "progress-alert-fired"
                },
                &[("name", name.as_str().into()), ("at", hhmm(*at).into())],
            )),
            Fact::Milestone { resolved, at } => Some(t(
                if *resolved {
                    "progress-resolved"
                } else {
                    "progress-mitigated"
                },
                &[("at", hhmm(*at).into())],
            )),
        }));
        lines
    }

    /// The improvement items done, one line each.
    pub fn done_lines(&self) -> Vec<String> {
        self.facts
            .iter()
            .filter_map(|f| match f {
                Fact::ActionDone { text, owner } => Some(format!("{text} ({owner})")),
                _ => None,
            })
            .collect()
    }

    /// Everything in one line (the reminder's), in `locale`.
    pub fn one_line(&self, catalog: &Catalog, locale: Locale) -> String {
        let mut parts = self.state_lines(catalog, locale);
        parts.extend(
            self.done_lines()
                .into_iter()
                .map(|d| catalog.t(locale, "progress-done", &[("item", d.into())])),
        );
        parts.join(&catalog.t(locale, "progress-separator", &[]))
    }
}

fn hhmm(t: DateTime<Utc>) -> String {
    t.format("%H:%M UTC").to_string()
}

/// `payment-service: 15 → 3 pods failing (12/15 ready, top reason CrashLoopBackOff)`.
fn service_line(c: &ServiceChange, catalog: &Catalog, locale: Locale) -> String {
    let now = &c.now;
    let failing = match &c.before {
        Some(before) => format!("{} → {}", before.failing, now.failing),
        None => now.failing.to_string(),
    };
    let mut args = vec![
        ("service", Arg::from(now.service.as_str())),
        ("failing", failing.into()),
        ("ready", now.ready.into()),
        ("total", now.total.into()),
    ];
    match now.top_reason.as_deref().filter(|_| now.failing > 0) {
        Some(reason) => {
            args.push(("reason", reason.into()));
            catalog.t(locale, "progress-service-reason", &args)
        }
        None => catalog.t(locale, "progress-service", &args),
    }
}

/// What changed after `since`: the incident's samples (oldest first), its timeline entries
/// and its improvement items (to name the ones marked done).
pub fn since(
    since: DateTime<Utc>,
    samples: &[HealthSample],
    entries: &[TimelineEntry],
    actions: &[ActionItem],
) -> Progress {
    let mut services: Vec<ServiceChange> = Vec::new();
    for s in samples.iter().filter(|s| s.at > since) {
        match services.iter_mut().find(|c| c.now.service == s.service) {
            Some(change) => change.now = s.clone(),
            None => services.push(ServiceChange {
                before: samples
                    .iter()
                    .rfind(|b| b.service == s.service && b.at <= since)
                    .cloned(),
                now: s.clone(),
            }),
        }
    }
    let facts = entries
        .iter()
        .filter(|e| e.at > since && matches!(e.outcome, Outcome::Ok | Outcome::System))
        .filter_map(|e| match e.kind.as_str() {
            "alert" => Some(Fact::Alert {
                name: e.payload["alertname"].as_str()?.to_string(),
                resolved: e.payload["status"] == "resolved",
                at: e.at,
            }),
            "action.done" => {
                let id = e.payload["id"].as_i64()?;
                let item = actions.iter().find(|a| a.id == id)?;
                Some(Fact::ActionDone {
                    text: item.text.clone(),
                    owner: item.owner.clone(),
                })
            }
            "incident.mitigated" => Some(Fact::Milestone {
                resolved: false,
                at: e.at,
            }),
            "incident.resolve" => Some(Fact::Milestone {
                resolved: true,
                at: e.at,
            }),
            _ => None,
        })
        .collect();
    Progress {
        since,
        services,
        facts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    use crate::incident::test_time as t;

    fn sample(at: &str, service: &str, ready: i64, total: i64) -> HealthSample {
        HealthSample {
            at: t(at),
            service: service.into(),
            namespace: Some("production".into()),
            cluster: "prod".into(),
            ready,
            failing: total - ready,
            total,
            restarts: 0,
            top_reason: (ready < total).then(|| "CrashLoopBackOff".into()),
        }
    }

    fn entry(at: &str, kind: &str, payload: serde_json::Value) -> TimelineEntry {
        TimelineEntry::for_test(Some(1), t(at), "bob", kind, payload)
    }

    #[test]
    fn says_what_changed_since_the_last_update() {
        let samples = [
            sample("18:23", "payment-service", 0, 15),
            sample("18:26", "order-service", 0, 17),
            sample("19:30", "payment-service", 10, 15),
            sample("19:40", "payment-service", 12, 15),
            sample("19:41", "cache", 3, 3),
        ];
        let entries = [
            entry("19:00", "incident.mitigated", json!({})),
            entry(
                "19:35",
                "alert",
                json!({ "alertname": "PaymentServiceAvailability", "status": "resolved" }),
            ),
            entry("19:36", "action.done", json!({ "id": 7 })),
            entry("19:43", "incident.mitigated", json!({})),
        ];
        let actions = [ActionItem {
            id: 7,
            incident_id: 1,
            owner: "ops team".into(),
            due: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            text: "Enable PVC auto-expansion".into(),
            done: true,
        }];
        let p = since(t("19:20"), &samples, &entries, &actions);
        let c = Catalog::new(None).unwrap();
        assert_eq!(
            p.state_lines(&c, Locale::En),
            vec![
                "payment-service: 15 → 3 pods failing (12/15 ready, top reason CrashLoopBackOff)",
                "cache: 0 pods failing (3/3 ready)",
                "alert PaymentServiceAvailability resolved at 19:35 UTC",
                "incident mitigated at 19:43 UTC",
            ]
        );
        assert_eq!(p.done_lines(), vec!["Enable PVC auto-expansion (ops team)"]);
        assert_eq!(
            p.state_lines(&c, Locale::ZhCn)[0],
            "payment-service：异常Pod 15 → 3（就绪 12/15，主要原因 CrashLoopBackOff）"
        );
        assert!(
            p.one_line(&c, Locale::En)
                .ends_with("; done: Enable PVC auto-expansion (ops team)")
        );
        assert!(
            p.one_line(&c, Locale::ZhCn)
                .ends_with("故障已于 19:43 UTC 缓解；已完成：Enable PVC auto-expansion (ops team)")
        );
        assert!(since(t("19:45"), &samples, &entries, &actions).is_empty());
    }
}
