//! Text helpers for findings: counts with nouns, capped lists, times relative to the snapshot.

use chrono::{DateTime, Utc};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
use k8s_openapi::jiff::Timestamp;

use crate::i18n::{Msg, Text};

/// Most lines an evidence listing shows before "… and N more".
pub const MAX_EVIDENCE_LINES: usize = 20;

/// Most names a title or detail lists before "and N more".
pub const MAX_NAMES: usize = 5;

/// A status condition as `kubectl describe` lists it: type, status, reason and message.
pub fn condition(type_: &str, status: &str, reason: Option<&str>, message: Option<&str>) -> String {
    let (reason, message) = (reason.unwrap_or(""), message.unwrap_or(""));
    format!("{type_}  {status}  {reason}  {message}")
}

/// "a, b and c" / "a, b, c and 4 more" (at most `max` names).
pub fn join_capped<S: AsRef<str>>(items: &[S], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(AsRef::as_ref).collect();
    let rest = items.len().saturating_sub(max);
    match (shown.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => (*one).to_string(),
        (many, 0) => {
            let (last, head) = many.split_last().unwrap_or((&"", &[]));
            format!("{} and {last}", head.join(", "))
        }
        (many, rest) => format!("{} and {rest} more", many.join(", ")),
    }
}

/// Lines joined with newlines, at most `MAX_EVIDENCE_LINES`, then "… and N more". Only the
/// lines shown are produced: a lazily mapped iterator formats no more than that.
pub fn lines_capped<I>(header: Option<&str>, lines: I) -> String
where
    I: IntoIterator<Item = String>,
    I::IntoIter: ExactSizeIterator,
{
    let lines = lines.into_iter();
    let extra = lines.len().saturating_sub(MAX_EVIDENCE_LINES);
    let mut out = String::new();
    if let Some(h) = header {
        out.push_str(h);
        out.push('\n');
    }
    for line in lines.take(MAX_EVIDENCE_LINES) {
        out.push_str(&line);
        out.push('\n');
    }
    if extra > 0 {
        out.push_str(&format!("… and {extra} more\n"));
    }
    out
}

/// The text cut to `max` characters, with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Seconds as a person writes them: "2 s", "11.74 s".
pub fn seconds(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        let t = format!("{s:.2}");
        format!("{} s", t.trim_end_matches('0').trim_end_matches('.'))
    }
}

fn from_jiff(t: Timestamp) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(t.subsec_nanosecond()).ok()?;
    DateTime::from_timestamp(t.as_second(), nanos)
}

pub fn time(t: &Time) -> Option<DateTime<Utc>> {
    from_jiff(t.0)
}

pub fn micro_time(t: &MicroTime) -> Option<DateTime<Utc>> {
    from_jiff(t.0)
}

/// "17:41:07Z", or with the date when it differs from `now`'s.
pub fn stamp(t: DateTime<Utc>, now: Option<DateTime<Utc>>) -> String {
    if now.is_some_and(|n| n.date_naive() == t.date_naive()) {
        t.format("%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// "17:41:07Z (44 min before the snapshot)" in the reader's locale; the date is shown when it
/// differs from `now`'s.
pub fn when_text(t: DateTime<Utc>, now: Option<DateTime<Utc>>) -> Text {
    let msg = Msg::new("snapshot-time").arg("stamp", stamp(t, now));
    match now {
        Some(n) => Text::with(msg.arg("relative", "yes"), [("ago", ago_msg(t, n).into())]),
        None => msg.arg("relative", "no").into(),
    }
}

/// How long before `now` `t` was, in the unit a reader wants: ("just", 0), ("min", 44),
/// ("h", 3) or ("days", 2).
fn before(t: DateTime<Utc>, now: DateTime<Utc>) -> (&'static str, i64) {
    let secs = (now - t).num_seconds();
    match secs {
        i64::MIN..=59 => ("just", 0),
        60..=5_399 => ("min", secs / 60),
        5_400..=172_799 => ("h", (secs + 1_800) / 3_600),
        _ => ("days", secs / 86_400),
    }
}

/// "44 min before the snapshot", "3 h before the snapshot", "just before the snapshot", as a
/// catalog message.
pub fn ago_msg(t: DateTime<Utc>, now: DateTime<Utc>) -> Msg {
    let (unit, n) = before(t, now);
    Msg::new("before-snapshot")
        .arg("unit", unit)
        .arg("count", n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn lists_are_capped_with_a_count_of_the_rest() {
        assert_eq!(join_capped(&["a"], 5), "a");
        assert_eq!(join_capped(&["a", "b", "c"], 5), "a, b and c");
        assert_eq!(join_capped(&["a", "b", "c", "d"], 2), "a, b and 2 more");
        let text = lines_capped(Some("NAME"), (0..25).map(|i| format!("pod-{i}")));
        assert!(text.starts_with("NAME\npod-0\n"));
        assert!(text.contains("pod-19\n"));
        assert!(!text.contains("pod-20"));
        assert!(text.ends_with("… and 5 more\n"));
    }

    #[test]
    fn seconds_and_times_read_naturally() {
        assert_eq!(seconds(2.0), "2 s");
        assert_eq!(seconds(11.74), "11.74 s");
        assert_eq!(seconds(7.6), "7.6 s");
        let now = DateTime::parse_from_rfc3339("2026-11-26T18:25:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let t = DateTime::parse_from_rfc3339("2026-11-26T17:41:07Z")
            .unwrap()
            .with_timezone(&Utc);
        let said = when_text(t, Some(now));
        assert_eq!(
            testdata::en(&said),
            "17:41:07Z (43 min before the snapshot)"
        );
        assert_eq!(testdata::zh(&said), "17:41:07Z（快照前 43 分钟）");
        assert_eq!(testdata::zh(&when_text(t, None)), "2026-11-26T17:41:07Z");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }
}
