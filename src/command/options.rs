//! Option values, validated as they are taken: text, Kubernetes names, numbers, flags; an option
//! given twice or left unused is an error that points at it.

use super::syntax::{ParseError, RawCommand, Span, err};
use super::usage::usage_of;
use crate::i18n::Msg;

/// Options of one command, consumed as they are validated; leftovers are errors.
pub(super) struct Options<'a> {
    raw: &'a RawCommand,
    used: Vec<bool>,
    usage: Option<&'static str>,
}

impl<'a> Options<'a> {
    pub(super) fn new(raw: &'a RawCommand, path: &str) -> Self {
        Options {
            raw,
            used: vec![false; raw.options.len()],
            usage: usage_of(path),
        }
    }

    /// Where option `key` was typed, to point an error at it.
    pub(super) fn span_of(&self, key: &str) -> Option<Span> {
        self.raw
            .options
            .iter()
            .find(|o| o.key == key)
            .and_then(|o| o.span)
    }

    /// Where the command was typed: its subcommand, else its name.
    pub(super) fn command_span(&self) -> Option<Span> {
        self.raw.sub_span.or(self.raw.name_span)
    }

    pub(super) fn error(&self, message: Msg, span: Option<Span>) -> ParseError {
        err(message, span, self.usage)
    }

    /// The error for option `key` left out, pointing at `span`.
    pub(super) fn missing(&self, key: &str, span: Option<Span>) -> ParseError {
        self.error(Msg::new("parse-missing").arg("key", key.to_string()), span)
    }

    pub(super) fn take(
        &mut self,
        key: &str,
    ) -> Result<Option<(&'a str, Option<Span>)>, ParseError> {
        let mut found = None;
        for (i, o) in self.raw.options.iter().enumerate() {
            if o.key == key {
                if found.is_some() {
                    return Err(self.error(
                        Msg::new("parse-given-twice").arg("key", key.to_string()),
                        o.span,
                    ));
                }
                self.used[i] = true;
                found = Some((o.value.as_str(), o.span));
            }
        }
        Ok(found)
    }

    pub(super) fn text(&mut self, key: &str, max: usize) -> Result<Option<String>, ParseError> {
        let Some((value, span)) = self.take(key)? else {
            return Ok(None);
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(self.error(
                Msg::new("parse-empty-option").arg("key", key.to_string()),
                span,
            ));
        }
        if value.chars().count() > max {
            return Err(self.error(
                Msg::new("parse-too-long")
                    .arg("key", key.to_string())
                    .arg("max", max),
                span,
            ));
        }
        Ok(Some(value.to_string()))
    }

    pub(super) fn required(&mut self, key: &str, max: usize) -> Result<String, ParseError> {
        self.text(key, max)?
            .ok_or_else(|| self.missing(key, self.command_span()))
    }

    pub(super) fn name(&mut self, key: &str, max: usize) -> Result<Option<String>, ParseError> {
        let span = self.span_of(key);
        match self.text(key, max)? {
            Some(v) if is_dns1123(&v, max) => Ok(Some(v)),
            Some(v) => Err(self.error(
                Msg::new("parse-bad-name")
                    .arg("key", key.to_string())
                    .arg("value", format!("{v:?}"))
                    .arg("max", max),
                span,
            )),
            None => Ok(None),
        }
    }

    pub(super) fn number(
        &mut self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>, ParseError> {
        let Some((value, span)) = self.take(key)? else {
            return Ok(None);
        };
        match value.trim().parse::<i64>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(self.error(
                Msg::new("parse-bad-number")
                    .arg("key", key.to_string())
                    .arg("min", *range.start())
                    .arg("max", *range.end())
                    .arg("value", format!("{value:?}")),
                span,
            )),
        }
    }

    pub(super) fn flag(&mut self, key: &str) -> Result<bool, ParseError> {
        let Some((value, span)) = self.take(key)? else {
            return Ok(false);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "" => Ok(true),
            "false" | "no" | "0" => Ok(false),
            _ => Err(self.error(
                Msg::new("parse-bad-flag")
                    .arg("key", key.to_string())
                    .arg("value", format!("{value:?}")),
                span,
            )),
        }
    }

    pub(super) fn finish(self) -> Result<(), ParseError> {
        for (o, used) in self.raw.options.iter().zip(&self.used) {
            if !used {
                return Err(self.error(
                    Msg::new("parse-unknown-option").arg("key", o.key.clone()),
                    o.span,
                ));
            }
        }
        Ok(())
    }
}

/// RFC 1123 label (`max` 63) or subdomain (`max` 253) as Kubernetes validates names.
pub fn is_dns1123(name: &str, max: usize) -> bool {
    let ok_char = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (max > 63 && c == '.')
    };
    !name.is_empty()
        && name.len() <= max
        && name.chars().all(ok_char)
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

pub(super) fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The error for a missing or unknown subcommand of `family`, listing the ones it has.
pub(super) fn unknown_sub(raw: &RawCommand, family: &str, subs: &str) -> ParseError {
    let span = raw.sub_span.or(raw.name_span);
    match raw.sub.as_deref() {
        Some(s) => err(
            Msg::new("parse-unknown-sub")
                .arg("family", family)
                .arg("sub", s)
                .arg("subs", subs),
            span,
            None,
        ),
        None => err(
            Msg::new("parse-needs-sub")
                .arg("family", family)
                .arg("subs", subs),
            span,
            None,
        ),
    }
}
