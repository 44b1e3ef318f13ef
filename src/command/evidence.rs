//! `/evidence add entry:<id> finding:<n>`: one finding of an earlier triage onto the timeline.

use super::Command;
use super::options::{Options, unknown_sub};
use super::syntax::{ParseError, RawCommand};

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    if raw.sub.as_deref() != Some("add") {
        return Err(unknown_sub(raw, "evidence", "add"));
    }
    let mut o = Options::new(raw, "evidence add");
    let entry = o
        .number("entry", 1..=i64::MAX)?
        .ok_or_else(|| o.missing("entry", raw.sub_span))?;
    let finding = o
        .number("finding", 1..=1000)?
        .ok_or_else(|| o.missing("finding", raw.sub_span))?;
    o.finish()?;
    Ok(Command::EvidenceAdd {
        entry,
        finding: finding as usize - 1,
    })
}
