//! `/help`, `/timeline [last:]` and `/postmortem`: commands that show what warroom has.

use super::Command;
use super::options::Options;
use super::syntax::{ParseError, RawCommand};

pub(super) fn help(raw: &RawCommand) -> Result<Command, ParseError> {
    Options::new(raw, "help").finish()?;
    Ok(Command::Help)
}

pub(super) fn timeline(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "timeline");
    let last = o.number("last", 1..=200)?.unwrap_or(20) as u32;
    o.finish()?;
    Ok(Command::Timeline { last })
}

pub(super) fn postmortem(raw: &RawCommand) -> Result<Command, ParseError> {
    Options::new(raw, "postmortem").finish()?;
    Ok(Command::Postmortem)
}
