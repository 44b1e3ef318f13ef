//! Errors a handler can end with: a `UserError` is shown as written; anything else is logged
//! with context and the user sees "internal error (ref …)".

use crate::cluster::ClusterError;
use crate::render::RenderError;
use crate::store::StoreError;

/// A problem with what the user asked for: shown to them as written, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError(message.into())
    }
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    User(#[from] UserError),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A cluster read failed in a way the user cannot fix (the API server's 5xx, an answer that
    /// does not decode): logged with a reference; the user sees the message and the reference.
    #[error(transparent)]
    Cluster(ClusterError),
    /// The database did not answer; the command's transaction did not commit.
    #[error(
        "the database is not answering: nothing was recorded and nothing changed. Try the command again in a minute (warroom reconnects by itself); if it persists, whoever runs warroom should check the database (/readyz reports it)"
    )]
    DatabaseUnavailable(#[source] StoreError),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::ChannelBusy => Error::User(UserError::new(
                "this channel already has an open incident: close it (/incident resolve, then /incident close) before opening another",
            )),
            StoreError::Chain(b) => Error::User(UserError::new(format!(
                "the timeline failed its integrity check: {b}. Export it with `warroom export` to see the record as stored"
            ))),
            other if other.is_unavailable() => Error::DatabaseUnavailable(other),
            other => Error::Store(other),
        }
    }
}

impl From<ClusterError> for Error {
    fn from(e: ClusterError) -> Self {
        if e.is_internal() {
            Error::Cluster(e)
        } else {
            Error::User(UserError::new(e.to_string()))
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
