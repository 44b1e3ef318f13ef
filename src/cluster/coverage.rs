//! `Coverage`: every request one triage sent and how the API server answered it, so the verdict
//! can tell "read and found nothing" from "could not read".

use std::sync::{Arc, Mutex, PoisonError};

use super::error::ClusterError;
use crate::i18n::Msg;

/// Why a request got no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// 403: RBAC refused it.
    Forbidden,
    /// 401: the credentials were refused.
    Unauthorized,
    /// 404 on a list: the API is not served.
    NotServed,
    /// No answer within the per-request timeout (seconds).
    Timeout { secs: u64 },
    /// The triage's overall deadline (seconds) passed before the answer.
    Deadline { secs: u64 },
    /// No connection, or the connection broke.
    Unreachable,
    /// Another error status.
    Status { code: u16 },
    /// The answer could not be decoded.
    Decode,
    /// A log stream started but did not finish in time (seconds).
    Stalled { secs: u64 },
    /// Refused before sending (invalid input or configuration).
    Refused,
}

impl Failure {
    /// The failure a `ClusterError` stands for.
    pub fn of(err: &ClusterError) -> Failure {
        match err {
            ClusterError::Forbidden { .. } => Failure::Forbidden,
            ClusterError::Unauthorized => Failure::Unauthorized,
            ClusterError::NotServed { .. } | ClusterError::PodNotFound { .. } => Failure::NotServed,
            ClusterError::Timeout { secs, .. } => Failure::Timeout { secs: *secs },
            ClusterError::DeadlineReached { secs } => Failure::Deadline { secs: *secs },
            ClusterError::Unreachable { .. } => Failure::Unreachable,
            ClusterError::Api { code, .. } => Failure::Status { code: *code },
            ClusterError::Decode { .. } => Failure::Decode,
            ClusterError::StreamStalled { secs, .. } => Failure::Stalled { secs: *secs },
            ClusterError::InvalidName { .. }
            | ClusterError::TailOutOfRange { .. }
            | ClusterError::ChooseContainer { .. }
            | ClusterError::UnknownCluster { .. }
            | ClusterError::Config(_) => Failure::Refused,
        }
    }

    /// A few words for a headline: `forbidden`, `no answer within 10 s`, `error 500`.
    pub fn short(self) -> Msg {
        match self {
            Failure::Forbidden => Msg::new("verdict-short-forbidden"),
            Failure::Unauthorized => Msg::new("verdict-short-credentials"),
            Failure::NotServed => Msg::new("verdict-short-not-served"),
            Failure::Timeout { secs } => {
                Msg::new("verdict-short-no-answer-within").arg("secs", secs)
            }
            Failure::Deadline { secs } => Msg::new("verdict-short-deadline-of").arg("secs", secs),
            Failure::Unreachable => Msg::new("verdict-short-unreachable"),
            Failure::Status { code } => {
                Msg::new("verdict-short-error").arg("code", u32::from(code))
            }
            Failure::Decode => Msg::new("verdict-short-unreadable"),
            Failure::Stalled { secs } => Msg::new("verdict-short-stalled").arg("secs", secs),
            Failure::Refused => Msg::new("verdict-short-refused"),
        }
    }
}

/// How one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The API server answered with the object or list.
    Answered,
    /// A get answered 404: the object does not exist.
    Missing,
    /// No usable answer.
    Failed(Failure),
}

/// One request of a triage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// `list`, `get`.
    pub verb: &'static str,
    /// RBAC-style resource: `pods`, `deployments.apps`, `pods/log`.
    pub resource: String,
    /// `None`: all namespaces or cluster-scoped.
    pub namespace: Option<String>,
    /// The object's name, for a get or a log.
    pub name: Option<String>,
    pub outcome: Outcome,
}

impl Read {
    /// Whether the API server gave a usable answer (an object, a list, or "no such object").
    pub fn answered(&self) -> bool {
        !matches!(self.outcome, Outcome::Failed(_))
    }

    /// The failure, if the request failed.
    pub fn failure(&self) -> Option<Failure> {
        match self.outcome {
            Outcome::Failed(f) => Some(f),
            _ => None,
        }
    }
}

/// Every request of one triage, in the order they finished.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub reads: Vec<Read>,
}

impl Coverage {
    /// Whether any request got a usable answer.
    pub fn any_answered(&self) -> bool {
        self.reads.iter().any(Read::answered)
    }

    /// The reads of `resource` (`pods`, `events`, ...).
    pub fn of<'a>(&'a self, resource: &'a str) -> impl Iterator<Item = &'a Read> + 'a {
        self.reads.iter().filter(move |r| r.resource == resource)
    }

    /// Whether some read of `resource` was answered.
    pub fn answered(&self, resource: &str) -> bool {
        self.of(resource).any(Read::answered)
    }

    /// The first failed read.
    pub fn first_failure(&self) -> Option<&Read> {
        self.reads.iter().find(|r| !r.answered())
    }
}

/// Collects the `Read`s of one triage; clones share the record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recorder {
    reads: Arc<Mutex<Vec<Read>>>,
}

impl Recorder {
    pub(crate) fn record(&self, read: Read) {
        self.reads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(read);
    }

    pub(crate) fn coverage(&self) -> Coverage {
        Coverage {
            reads: self
                .reads
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        }
    }
}
