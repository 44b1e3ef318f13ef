//! The incident model (incident, timeline entry, action item) and its lifecycle rules; its
//! health samples, metrics and the cross-incident report.

pub mod health;
pub mod metrics;
pub mod progress;
pub mod replay;
pub mod report;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::evidence::Recorded;

/// How bad an incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Sev1 => "sev1",
            Severity::Sev2 => "sev2",
            Severity::Sev3 => "sev3",
            Severity::Sev4 => "sev4",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

/// Where an incident is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Open,
    Mitigated,
    Resolved,
    Closed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Mitigated => "mitigated",
            State::Resolved => "resolved",
            State::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            State::Open,
            State::Mitigated,
            State::Resolved,
            State::Closed,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A milestone a user declares with `/incident mitigated|resolve|close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    Mitigated,
    Resolved,
    Closed,
}

impl Milestone {
    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
            Milestone::Closed => "closed",
        }
    }
}

/// A milestone that does not follow from the incident's state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("the incident is already {}", .0.as_str())]
    Already(State),
    #[error("the incident is {}: it can only be closed once it is resolved (run /incident resolve first)", .0.as_str())]
    CloseBeforeResolve(State),
    #[error("the incident is already resolved: run /incident close, or open a new incident")]
    MitigateAfterResolve,
}

impl State {
    /// The state after `milestone`, or why the milestone is out of order.
    pub fn advance(self, milestone: Milestone) -> Result<State, LifecycleError> {
        use Milestone as M;
        use State as S;
        match (self, milestone) {
            (S::Closed, _) => Err(LifecycleError::Already(S::Closed)),
            (S::Open, M::Mitigated) => Ok(S::Mitigated),
            (S::Mitigated, M::Mitigated) => Err(LifecycleError::Already(S::Mitigated)),
            (S::Resolved, M::Mitigated) => Err(LifecycleError::MitigateAfterResolve),
            (S::Open | S::Mitigated, M::Resolved) => Ok(S::Resolved),
            (S::Resolved, M::Resolved) => Err(LifecycleError::Already(S::Resolved)),
            (S::Resolved, M::Closed) => Ok(S::Closed),
            (s @ (S::Open | S::Mitigated), M::Closed) => Err(LifecycleError::CloseBeforeResolve(s)),
        }
    }
}

/// One incident, bound to the chat channel it was opened in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub id: i64,
    pub channel: String,
    pub title: String,
    pub severity: Severity,
    pub services: Vec<String>,
    pub teams: Vec<String>,
    pub state: State,
    pub opened_by: String,
    /// When the impact began (defaults to when the incident was opened).
    pub impact_started_at: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub commander: Option<String>,
    pub comms: Option<String>,
}

impl Incident {
    /// The impact window: from the impact start to resolution (or mitigation), if it has ended.
    pub fn impact_window(&self) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        (
            self.impact_started_at,
            self.resolved_at.or(self.mitigated_at),
        )
    }
}

/// How a recorded command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    /// The command was refused as bad input or out of order.
    Error,
    /// The access policy refused it.
    Denied,
    /// Written by warroom itself (reminders).
    System,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Denied => "denied",
            Outcome::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Outcome::Ok,
            Outcome::Error,
            Outcome::Denied,
            Outcome::System,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A timeline entry about to be appended (the store adds position and hashes).
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub channel: String,
    pub incident_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub outcome: Outcome,
    pub summary: String,
    pub payload: serde_json::Value,
    pub evidence: Vec<Recorded>,
}

/// A stored timeline entry with its place in the channel's hash chain.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub id: i64,
    pub channel: String,
    pub seq: i64,
    pub incident_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub outcome: Outcome,
    pub summary: String,
    pub payload: serde_json::Value,
    pub evidence: Vec<Recorded>,
    pub prev_hash: String,
    pub hash: String,
}

/// `HH:MM` on the seed incident's day (2026-11-26), UTC, for unit tests.
#[cfg(test)]
pub(crate) fn test_time(hhmm: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-26T{hhmm}:00Z"))
        .unwrap_or_else(|e| panic!("test time {hhmm:?}: {e}"))
        .to_utc()
}

#[cfg(test)]
impl TimelineEntry {
    /// An unchained entry of channel `c` for unit tests: alerts are `System`, the rest `Ok`.
    pub(crate) fn for_test(
        incident_id: Option<i64>,
        at: DateTime<Utc>,
        actor: &str,
        kind: &str,
        payload: serde_json::Value,
    ) -> Self {
        TimelineEntry {
            id: 0,
            channel: "c".into(),
            seq: 0,
            incident_id,
            at,
            actor: actor.into(),
            kind: kind.into(),
            outcome: if kind == "alert" {
                Outcome::System
            } else {
                Outcome::Ok
            },
            summary: String::new(),
            payload,
            evidence: vec![],
            prev_hash: String::new(),
            hash: String::new(),
        }
    }
}

/// An improvement item for the postmortem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionItem {
    pub id: i64,
    pub incident_id: i64,
    pub owner: String,
    pub due: NaiveDate,
    pub text: String,
    pub done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_follow_the_lifecycle() {
        assert_eq!(
            State::Open.advance(Milestone::Mitigated),
            Ok(State::Mitigated)
        );
        assert_eq!(
            State::Open.advance(Milestone::Resolved),
            Ok(State::Resolved)
        );
        assert_eq!(
            State::Resolved.advance(Milestone::Closed),
            Ok(State::Closed)
        );
        assert_eq!(
            State::Open.advance(Milestone::Closed),
            Err(LifecycleError::CloseBeforeResolve(State::Open))
        );
        assert_eq!(
            State::Closed.advance(Milestone::Closed),
            Err(LifecycleError::Already(State::Closed))
        );
        assert_eq!(
            State::Resolved.advance(Milestone::Mitigated),
            Err(LifecycleError::MitigateAfterResolve)
        );
    }
}
