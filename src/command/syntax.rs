//! A typed line split into a command name, a subcommand and `key:value` options, and the
//! `ParseError` every grammar returns: it points at the bad token and carries the usage line.

use std::fmt;

use crate::i18n::{Catalog, Locale, Msg};

/// A byte range in the typed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A command as typed, before validation: from a text line or from Discord options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawCommand {
    /// `incident`, `triage`, `help`, ...
    pub name: String,
    pub name_span: Option<Span>,
    /// The subcommand, if any (`open`, `update`, `service`).
    pub sub: Option<String>,
    pub sub_span: Option<Span>,
    pub options: Vec<RawOption>,
}

/// One `key:value` option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawOption {
    pub key: String,
    pub value: String,
    pub span: Option<Span>,
}

/// Why a command could not be parsed: shown to the user (`text`) with a caret and the usage
/// line. Its `Display` is the message key, the caret and the usage line, for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The catalog message (`templates/i18n/*/errors.ftl`, `parse-*`).
    pub message: Msg,
    pub span: Option<Span>,
    /// The typed line, when there was one.
    pub line: Option<String>,
    pub usage: Option<&'static str>,
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// The error as the user reads it in `locale`: the message, the typed line with a caret
    /// under the mistake, and the usage line.
    pub fn text(&self, catalog: &Catalog, locale: Locale) -> String {
        let message = catalog.msg(locale, &self.message);
        let usage = self
            .usage
            .map(|u| catalog.t(locale, "parse-usage", &[("usage", u.into())]));
        self.shown(&message, usage.as_deref())
    }

    fn shown(&self, message: &str, usage: Option<&str>) -> String {
        let mut out = message.to_string();
        if let (Some(line), Some(span)) = (&self.line, self.span) {
            let pad = line[..span.start.min(line.len())].chars().count();
            let width = line[span.start.min(line.len())..span.end.min(line.len())]
                .chars()
                .count()
                .max(1);
            out.push_str(&format!(
                "\n    {line}\n    {}{}",
                " ".repeat(pad),
                "^".repeat(width)
            ));
        }
        if let Some(usage) = usage {
            out.push('\n');
            out.push_str(usage);
        }
        out
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let usage = self.usage.map(|u| format!("usage: {u}"));
        f.write_str(&self.shown(&self.message.key, usage.as_deref()))
    }
}

pub(super) fn err(message: Msg, span: Option<Span>, usage: Option<&'static str>) -> ParseError {
    ParseError {
        message,
        span,
        line: None,
        usage,
    }
}

/// Splits a typed line into a `RawCommand`.
pub fn tokenize(line: &str) -> Result<RawCommand, ParseError> {
    let mut tokens = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut text = String::new();
        let mut quoted_from = None;
        while i < bytes.len() && !(bytes[i].is_ascii_whitespace() && quoted_from.is_none()) {
            let c = line[i..].chars().next().unwrap_or(' ');
            match c {
                '"' if quoted_from.is_none() => quoted_from = Some(i),
                '"' => quoted_from = None,
                '\\' if quoted_from.is_some() && line[i + 1..].starts_with('"') => {
                    text.push('"');
                    i += 1;
                }
                c => text.push(c),
            }
            i += c.len_utf8();
        }
        if let Some(q) = quoted_from {
            return Err(err(
                Msg::new("parse-unclosed-quote"),
                Some(Span {
                    start: q,
                    end: q + 1,
                }),
                None,
            ));
        }
        tokens.push((text, Span { start, end: i }));
    }
    let mut tokens = tokens.into_iter();
    let Some((first, first_span)) = tokens.next() else {
        return Err(err(Msg::new("parse-empty"), None, None));
    };
    let Some(name) = first.strip_prefix('/') else {
        return Err(err(Msg::new("parse-no-slash"), Some(first_span), None));
    };
    let mut raw = RawCommand {
        name: name.to_ascii_lowercase(),
        name_span: Some(first_span),
        ..RawCommand::default()
    };
    for (text, span) in tokens {
        match text.split_once(':') {
            Some((key, value)) if !key.is_empty() && !key.contains(' ') => {
                raw.options.push(RawOption {
                    key: key.to_ascii_lowercase(),
                    value: value.to_string(),
                    span: Some(span),
                })
            }
            _ if raw.sub.is_none() && raw.options.is_empty() => {
                raw.sub = Some(text.to_ascii_lowercase());
                raw.sub_span = Some(span);
            }
            _ => {
                return Err(err(
                    Msg::new("parse-not-an-option").arg("found", format!("{text:?}")),
                    Some(span),
                    None,
                ));
            }
        }
    }
    Ok(raw)
}
