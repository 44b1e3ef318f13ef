//! Replays an incident's chained timeline entries into the facts its postmortem states
//! (title, severity, services, roles, milestones, action items and their states), and compares
//! them with the incident and action-item rows, which the hash chain does not cover by itself.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::Value;

use super::{ActionItem, Incident, Outcome, Severity, State, TimelineEntry};

/// An improvement item as the timeline records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainedAction {
    /// The item's id, when its `action.add` entry names it (entries written before ids were
    /// recorded are paired with the table by position).
    pub id: Option<i64>,
    pub owner: String,
    pub due: NaiveDate,
    pub text: String,
    /// Where it was added.
    pub seq: i64,
}

/// What an incident's timeline says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    pub incident: Incident,
    /// Which entry set each incident field last (by field name).
    sources: Vec<(&'static str, i64)>,
    pub actions: Vec<ChainedAction>,
    /// Ids that `action.done` entries completed, with their entries.
    pub done: Vec<(i64, i64)>,
}

/// Where the stored rows and the timeline disagree (or the timeline cannot be replayed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Disagreement(pub String);

fn text(e: &TimelineEntry, key: &str) -> Result<String, Disagreement> {
    e.payload
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| {
            Disagreement(format!(
                "timeline entry #{} ({}) has no {key:?} in its payload",
                e.seq, e.kind
            ))
        })
}

fn list(e: &TimelineEntry, key: &str) -> Result<Vec<String>, Disagreement> {
    serde_json::from_value(e.payload.get(key).cloned().unwrap_or(Value::Null)).map_err(|_| {
        Disagreement(format!(
            "timeline entry #{} ({}) has no list {key:?} in its payload",
            e.seq, e.kind
        ))
    })
}

fn optional(e: &TimelineEntry, key: &str) -> Option<String> {
    e.payload
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Replays the entries of one incident (in chain order). Only commands that succeeded count.
pub fn replay(incident_id: i64, entries: &[TimelineEntry]) -> Result<Replayed, Disagreement> {
    let mut ok = entries
        .iter()
        .filter(|e| e.incident_id == Some(incident_id) && e.outcome == Outcome::Ok);
    let open = ok.find(|e| e.kind == "incident.open").ok_or_else(|| {
        Disagreement(format!(
            "incident #{incident_id} has no incident.open entry on the timeline"
        ))
    })?;
    let mut replayed = Replayed {
        incident: opened(incident_id, open)?,
        sources: OPENED_FIELDS.into_iter().map(|f| (f, open.seq)).collect(),
        actions: Vec::new(),
        done: Vec::new(),
    };
    for e in ok {
        replayed.apply(e)?;
    }
    Ok(replayed)
}

/// The fields the `incident.open` entry sets.
const OPENED_FIELDS: [&str; 8] = [
    "title",
    "severity",
    "services",
    "teams",
    "state",
    "opened_by",
    "impact_started_at",
    "opened_at",
];

/// The incident as its `incident.open` entry declared it.
fn opened(incident_id: i64, open: &TimelineEntry) -> Result<Incident, Disagreement> {
    let severity = text(open, "severity")?;
    let impact = text(open, "impact_started_at")?;
    Ok(Incident {
        id: incident_id,
        channel: open.channel.clone(),
        title: text(open, "title")?,
        severity: Severity::parse(&severity).ok_or_else(|| {
            Disagreement(format!(
                "timeline entry #{} names an unknown severity {severity:?}",
                open.seq
            ))
        })?,
        services: list(open, "services")?,
        teams: list(open, "teams")?,
        state: State::Open,
        opened_by: open.actor.clone(),
        impact_started_at: DateTime::parse_from_rfc3339(&impact)
            .map_err(|_| {
                Disagreement(format!(
                    "timeline entry #{} has an unreadable impact start {impact:?}",
                    open.seq
                ))
            })?
            .to_utc(),
        opened_at: open.at,
        mitigated_at: None,
        resolved_at: None,
        closed_at: None,
        commander: None,
        comms: None,
    })
}

impl Replayed {
    /// Records that entry `seq` set `field`.
    fn set(&mut self, field: &'static str, seq: i64) {
        self.sources.push((field, seq));
    }

    /// Applies one successful entry after the opening one.
    fn apply(&mut self, e: &TimelineEntry) -> Result<(), Disagreement> {
        match e.kind.as_str() {
            "incident.role" => {
                if let Some(c) = optional(e, "commander") {
                    self.incident.commander = Some(c);
                    self.set("commander", e.seq);
                }
                if let Some(c) = optional(e, "comms") {
                    self.incident.comms = Some(c);
                    self.set("comms", e.seq);
                }
            }
            "incident.mitigated" => {
                self.incident.state = State::Mitigated;
                self.incident.mitigated_at = Some(e.at);
                self.set("state", e.seq);
                self.set("mitigated_at", e.seq);
            }
            "incident.resolve" => {
                self.incident.state = State::Resolved;
                self.incident.resolved_at = Some(e.at);
                if self.incident.mitigated_at.is_none() {
                    self.incident.mitigated_at = Some(e.at);
                    self.set("mitigated_at", e.seq);
                }
                self.set("state", e.seq);
                self.set("resolved_at", e.seq);
            }
            "incident.close" => {
                self.incident.state = State::Closed;
                self.incident.closed_at = Some(e.at);
                self.set("state", e.seq);
                self.set("closed_at", e.seq);
            }
            "action.add" => self.actions.push(added(e)?),
            "action.done" => {
                if let Some(id) = e.payload.get("id").and_then(Value::as_i64) {
                    self.done.push((id, e.seq));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The action item an `action.add` entry added.
fn added(e: &TimelineEntry) -> Result<ChainedAction, Disagreement> {
    let due = text(e, "due")?;
    Ok(ChainedAction {
        id: e.payload.get("id").and_then(Value::as_i64),
        owner: text(e, "owner")?,
        due: due.parse().map_err(|_| {
            Disagreement(format!(
                "timeline entry #{} has an unreadable due date {due:?}",
                e.seq
            ))
        })?,
        text: text(e, "text")?,
        seq: e.seq,
    })
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_else(|| "(none)".into())
}

fn or_none(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "(none)".into())
}

impl Replayed {
    /// The entry that last set `field` (`0` when none did: the field is still unset).
    fn source(&self, field: &str) -> i64 {
        self.sources
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, seq)| *seq)
            .unwrap_or(0)
    }

    /// Checks the stored incident row and action-item rows against the timeline; the first
    /// difference names the column, both values and the entry that says otherwise.
    pub fn compare(&self, stored: &Incident, rows: &[ActionItem]) -> Result<(), Disagreement> {
        let c = &self.incident;
        let fields: [(&'static str, String, String); 15] = [
            ("id", stored.id.to_string(), c.id.to_string()),
            ("channel", stored.channel.clone(), c.channel.clone()),
            ("title", stored.title.clone(), c.title.clone()),
            (
                "severity",
                stored.severity.as_str().into(),
                c.severity.as_str().into(),
            ),
            ("services", stored.services.join(","), c.services.join(",")),
            ("teams", stored.teams.join(","), c.teams.join(",")),
            (
                "state",
                stored.state.as_str().into(),
                c.state.as_str().into(),
            ),
            ("opened_by", stored.opened_by.clone(), c.opened_by.clone()),
            (
                "impact_started_at",
                time(Some(stored.impact_started_at)),
                time(Some(c.impact_started_at)),
            ),
            (
                "opened_at",
                time(Some(stored.opened_at)),
                time(Some(c.opened_at)),
            ),
            (
                "mitigated_at",
                time(stored.mitigated_at),
                time(c.mitigated_at),
            ),
            ("resolved_at", time(stored.resolved_at), time(c.resolved_at)),
            ("closed_at", time(stored.closed_at), time(c.closed_at)),
            (
                "commander",
                or_none(&stored.commander),
                or_none(&c.commander),
            ),
            ("comms", or_none(&stored.comms), or_none(&c.comms)),
        ];
        for (field, in_table, on_timeline) in fields {
            if in_table != on_timeline {
                let source = match self.source(field) {
                    0 => "no timeline entry sets it".to_string(),
                    seq => format!("timeline entry #{seq} says {on_timeline:?}"),
                };
                return Err(Disagreement(format!(
                    "incident #{} column {field} was altered: the incidents table says {in_table:?}, {source}",
                    c.id
                )));
            }
        }
        if rows.len() != self.actions.len() {
            return Err(Disagreement(format!(
                "the action items of incident #{} were altered: the table holds {} but the timeline records {}",
                c.id,
                rows.len(),
                self.actions.len()
            )));
        }
        for (chained, row) in self.actions.iter().zip(rows) {
            let id = chained.id.unwrap_or(row.id);
            let done = self.done.iter().rev().find(|(d, _)| *d == id);
            let state = |d: bool| if d { "done" } else { "open" }.to_string();
            let checks: [(&str, String, String, i64); 5] = [
                ("id", row.id.to_string(), id.to_string(), chained.seq),
                (
                    "owner",
                    row.owner.clone(),
                    chained.owner.clone(),
                    chained.seq,
                ),
                (
                    "due",
                    row.due.to_string(),
                    chained.due.to_string(),
                    chained.seq,
                ),
                ("text", row.text.clone(), chained.text.clone(), chained.seq),
                (
                    "state",
                    state(row.done),
                    state(done.is_some()),
                    done.map(|(_, seq)| *seq).unwrap_or(chained.seq),
                ),
            ];
            for (field, in_table, on_timeline, seq) in checks {
                if in_table != on_timeline {
                    return Err(Disagreement(format!(
                        "action item #{id} column {field} was altered: the action_items table says \
                         {in_table:?}, timeline entry #{seq} says {on_timeline:?}"
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(seq: i64, kind: &str, payload: Value) -> TimelineEntry {
        TimelineEntry {
            id: seq,
            channel: "c".into(),
            seq,
            incident_id: Some(1),
            at: DateTime::from_timestamp(1_724_162_700 + seq * 60, 0).unwrap_or_default(),
            actor: "alice".into(),
            kind: kind.into(),
            outcome: Outcome::Ok,
            summary: String::new(),
            payload,
            evidence: Vec::new(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn timeline() -> Vec<TimelineEntry> {
        vec![
            entry(
                1,
                "incident.open",
                json!({ "title": "Payments", "severity": "sev1", "services": ["pay"],
                        "teams": [], "impact_started_at": "2024-08-20T14:00:00Z" }),
            ),
            entry(
                2,
                "incident.role",
                json!({ "commander": "bob", "comms": null }),
            ),
            entry(
                3,
                "action.add",
                json!({ "id": 7, "owner": "ops", "due": "2024-09-01", "text": "alerts" }),
            ),
            entry(4, "action.done", json!({ "id": 7 })),
            entry(5, "incident.resolve", json!({ "state": "resolved" })),
        ]
    }

    #[test]
    fn the_timeline_replays_into_the_incident_and_its_actions() {
        let r = replay(1, &timeline()).unwrap();
        assert_eq!(r.incident.title, "Payments");
        assert_eq!(r.incident.commander.as_deref(), Some("bob"));
        assert_eq!(r.incident.state, State::Resolved);
        assert_eq!(r.incident.resolved_at, r.incident.mitigated_at);
        assert_eq!(r.actions.len(), 1);
        assert_eq!(r.done, vec![(7, 4)]);
        let rows = vec![ActionItem {
            id: 7,
            incident_id: 1,
            owner: "ops".into(),
            due: "2024-09-01".parse().unwrap(),
            text: "alerts".into(),
            done: true,
        }];
        r.compare(&r.incident.clone(), &rows).unwrap();
        let mut reopened = rows.clone();
        reopened[0].done = false;
        let e = r.compare(&r.incident.clone(), &reopened).unwrap_err();
        assert_eq!(
            e.0,
            "action item #7 column state was altered: the action_items table says \"open\", \
             timeline entry #4 says \"done\""
        );
        let mut later = r.incident.clone();
        later.resolved_at = Some(later.opened_at);
        let e = r.compare(&later, &rows).unwrap_err();
        assert!(
            e.0.starts_with("incident #1 column resolved_at was altered")
                && e.0.contains("timeline entry #5 says"),
            "{e}"
        );
    }

    proptest::proptest! {
        /// Changing any one column of the incident row or of an action row is caught.
        #[test]
        fn any_single_column_edit_is_detected(column in 0usize..19, text in "[a-z]{1,6}") {
            let r = replay(1, &timeline()).unwrap();
            let mut incident = r.incident.clone();
            let mut rows = vec![ActionItem {
                id: 7,
                incident_id: 1,
                owner: "ops".into(),
                due: "2024-09-01".parse().unwrap(),
                text: "alerts".into(),
                done: true,
            }];
            proptest::prop_assert_eq!(r.compare(&incident, &rows), Ok(()));
            let later = chrono::Duration::minutes(1);
            match column {
                0 => incident.id += 1,
                1 => incident.channel.push_str(&text),
                2 => incident.title.push_str(&text),
                3 => incident.severity = Severity::Sev4,
                4 => incident.services.push(text),
                5 => incident.teams.push(text),
                6 => incident.state = State::Closed,
                7 => incident.opened_by.push_str(&text),
                8 => incident.impact_started_at += later,
                9 => incident.opened_at += later,
                10 => incident.mitigated_at = None,
                11 => incident.resolved_at = incident.resolved_at.map(|t| t + later),
                12 => incident.closed_at = Some(incident.opened_at),
                13 => incident.commander = Some(text),
                14 => incident.comms = Some(text),
                15 => rows[0].owner.push_str(&text),
                16 => rows[0].due = rows[0].due.succ_opt().unwrap(),
                17 => rows[0].text.push_str(&text),
                _ => rows[0].done = false,
            }
            proptest::prop_assert!(r.compare(&incident, &rows).is_err(), "column {}", column);
        }
    }

    #[test]
    fn an_incident_without_its_open_entry_does_not_replay() {
        let e = replay(1, &timeline()[1..]).unwrap_err();
        assert_eq!(
            e.0,
            "incident #1 has no incident.open entry on the timeline"
        );
    }
}
