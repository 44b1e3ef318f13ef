//! `/logs pod:<name>`: a redacted log excerpt of one pod, attached as evidence.

use super::Command;
use super::options::Options;
use super::syntax::{ParseError, RawCommand};
use crate::i18n::Msg;

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "logs");
    if raw.sub.is_some() {
        return Err(o.error(Msg::new("parse-logs-pod"), raw.sub_span));
    }
    let pod = o
        .name("pod", 253)?
        .ok_or_else(|| o.missing("pod", raw.name_span))?;
    let namespace = o.name("namespace", 63)?;
    let container = o.name("container", 63)?;
    let previous = o.flag("previous")?;
    let tail = o.number("tail", 1..=200)?.unwrap_or(100) as u32;
    let cluster = o.text("cluster", 63)?;
    o.finish()?;
    Ok(Command::Logs {
        pod,
        namespace,
        container,
        previous,
        tail,
        cluster,
    })
}
