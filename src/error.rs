//! Errors a handler can end with: a `UserError` is shown as its catalog message in the
//! reader's language; anything else is logged with context and the user sees "internal error
//! (ref …)".

use crate::cluster::ClusterError;
use crate::i18n::{Msg, Text};
use crate::render::RenderError;
use crate::store::StoreError;

/// A problem with what the user asked for: the catalog message that says what happened and
/// what to do (`templates/i18n/*/errors.ftl`). Its `Display` is the message key, for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.key())]
pub struct UserError(pub Text);

impl UserError {
    pub fn new(text: impl Into<Text>) -> Self {
        UserError(text.into())
    }

    /// The key of the message that says it.
    fn key(&self) -> &str {
        match &self.0 {
            Text::Msg(m) | Text::With { msg: m, .. } => &m.key,
            _ => "text",
        }
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
    /// The database did not answer; the command's transaction did not commit (the user reads
    /// `error-database-unavailable`).
    #[error("the database is not answering")]
    DatabaseUnavailable(#[source] StoreError),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::ChannelBusy => Error::User(UserError::new(Msg::new("error-channel-busy"))),
            StoreError::Chain(b) => Error::User(UserError::new(
                Msg::new("error-chain-broken").arg("detail", b.to_string()),
            )),
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
            Error::User(UserError::new(Text::with(
                Msg::new("error-cluster"),
                [("detail", e.reason())],
            )))
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
