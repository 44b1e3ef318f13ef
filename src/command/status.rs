//! `/status update|cadence`: the progress update and how often the channel is reminded of it.

use super::options::{Options, unknown_sub};
use super::syntax::{ParseError, RawCommand};
use super::{Command, StatusFields};
use crate::i18n::Msg;

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    match raw.sub.as_deref() {
        Some("update") => update(raw),
        Some("cadence") => cadence(raw),
        _ => Err(unknown_sub(raw, "status", "update, cadence")),
    }
}

fn update(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "status update");
    let fields = StatusFields {
        state: o.text("state", 1000)?,
        done: o.text("done", 1000)?,
        next: o.text("next", 1000)?,
        risks: o.text("risks", 1000)?,
    };
    // Without options it is a draft (see `handlers::status`): nothing is posted.
    o.finish()?;
    Ok(Command::StatusUpdate(fields))
}

fn cadence(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "status cadence");
    let (value, span) = o
        .take("every")?
        .ok_or_else(|| o.missing("every", raw.sub_span))?;
    let minutes = parse_minutes(value).ok_or_else(|| {
        o.error(
            Msg::new("parse-bad-every").arg("value", format!("{value:?}")),
            span,
        )
    })?;
    o.finish()?;
    Ok(Command::StatusCadence { minutes })
}

fn parse_minutes(value: &str) -> Option<u32> {
    let v = value.trim().to_ascii_lowercase();
    let minutes = if let Some(h) = v.strip_suffix('h') {
        h.trim().parse::<u32>().ok()?.checked_mul(60)?
    } else {
        v.strip_suffix("min")
            .or_else(|| v.strip_suffix('m'))
            .unwrap_or(&v)
            .trim()
            .parse::<u32>()
            .ok()?
    };
    (5..=1440).contains(&minutes).then_some(minutes)
}
