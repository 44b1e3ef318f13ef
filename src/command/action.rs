//! `/action add|done`: improvement items for the postmortem, with owner and due date.

use crate::i18n::Msg;
use chrono::NaiveDate;

use super::Command;
use super::options::{Options, unknown_sub};
use super::syntax::{ParseError, RawCommand};

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    match raw.sub.as_deref() {
        Some("add") => add(raw),
        Some("done") => done(raw),
        _ => Err(unknown_sub(raw, "action", "add, done")),
    }
}

fn add(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "action add");
    let owner = o.required("owner", 100)?;
    let due_text = o.required("due", 20)?;
    let due = NaiveDate::parse_from_str(&due_text, "%Y-%m-%d").map_err(|_| {
        o.error(
            Msg::new("parse-bad-date").arg("value", format!("{due_text:?}")),
            o.span_of("due"),
        )
    })?;
    let text = o.required("text", 500)?;
    o.finish()?;
    Ok(Command::ActionAdd { owner, due, text })
}

fn done(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "action done");
    let id = o
        .number("id", 1..=i64::MAX)?
        .ok_or_else(|| o.missing("id", raw.sub_span))?;
    o.finish()?;
    Ok(Command::ActionDone { id })
}
