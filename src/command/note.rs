//! `/note text:<text> [tag:] [file:]`: a conclusion with evidence; tags feed the postmortem.

use super::options::Options;
use super::syntax::{ParseError, RawCommand};
use super::{Command, NoteTag};
use crate::i18n::Msg;

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "note");
    let text = o.required("text", 2000)?;
    let tag = match o.text("tag", 20)? {
        None => None,
        Some(t) => Some(NoteTag::parse(&t).ok_or_else(|| {
            let all: Vec<_> = NoteTag::ALL.iter().map(|t| t.as_str()).collect();
            o.error(
                Msg::new("parse-bad-tag")
                    .arg("tags", all.join(", "))
                    .arg("value", format!("{t:?}")),
                o.span_of("tag"),
            )
        })?),
    };
    let file = o.text("file", 500)?;
    o.finish()?;
    Ok(Command::Note { text, tag, file })
}
