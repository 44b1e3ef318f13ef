//! `Msg`: a catalog key with its arguments, kept as a value until it is shown, so the code
//! that decides what to say never decides the language.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// One argument of a message: a number (Fluent picks plural forms by it) or a text, which is
/// shown as given (a name, a user's words, a value from the cluster are never translated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Int(n.into())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

/// A message of the catalog: its key and named arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub key: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Msg {
            key: Cow::Borrowed(key),
            args: Vec::new(),
        }
    }

    /// The message with argument `name` set to `value`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }
}
