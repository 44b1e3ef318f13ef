//! `/watch service:<name> [namespace:] [cluster:] [for:] [step:]` and `/watch stop [service:]`:
//! follow a workload's recovery, posting only the changes that matter.

use super::Command;
use super::options::{Options, unknown_sub};
use super::syntax::{ParseError, RawCommand};
use crate::i18n::Msg;

/// How long a watch runs when `for:` is not given (minutes).
pub const DEFAULT_MINUTES: u32 = 120;
/// The failing count must move by this much to be posted when `step:` is not given.
pub const DEFAULT_STEP: u32 = 5;

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    match raw.sub.as_deref() {
        None | Some("service") => start(raw),
        Some("stop") => stop(raw),
        Some(_) => Err(unknown_sub(raw, "watch", "service:<name>, stop")),
    }
}

fn start(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "watch service");
    let service = o
        .name("service", 63)?
        .ok_or_else(|| o.error(Msg::new("parse-watch-missing-service"), raw.name_span))?;
    let namespace = o.name("namespace", 63)?;
    let cluster = o.text("cluster", 63)?;
    let minutes = match o.take("for")? {
        None => DEFAULT_MINUTES,
        Some((value, span)) => parse_duration(value).ok_or_else(|| {
            o.error(
                Msg::new("parse-bad-for").arg("value", format!("{value:?}")),
                span,
            )
        })?,
    };
    let step = o
        .number("step", 1..=1000)?
        .map_or(DEFAULT_STEP, |n| n as u32);
    o.finish()?;
    Ok(Command::Watch {
        service,
        namespace,
        cluster,
        minutes,
        step,
    })
}

fn stop(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "watch stop");
    let service = o.name("service", 63)?;
    o.finish()?;
    Ok(Command::WatchStop { service })
}

/// `30m`, `90`, `2h`, `1h30m` → minutes, from 10 to 1440.
fn parse_duration(value: &str) -> Option<u32> {
    let v = value.trim().to_ascii_lowercase();
    let (hours, rest) = match v.split_once('h') {
        Some((h, rest)) => (h.trim().parse::<u32>().ok()?, rest),
        None => (0, v.as_str()),
    };
    let rest = rest.trim();
    let minutes = if rest.is_empty() {
        0
    } else {
        rest.strip_suffix("min")
            .or_else(|| rest.strip_suffix('m'))
            .unwrap_or(rest)
            .trim()
            .parse::<u32>()
            .ok()?
    };
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (10..=1440).contains(&total).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::super::parse_line;
    use super::super::tests::english;
    use super::*;

    #[test]
    fn watch_parses_its_options_and_defaults() {
        assert_eq!(
            parse_line("/watch service:payment-service namespace:production").unwrap(),
            Command::Watch {
                service: "payment-service".into(),
                namespace: Some("production".into()),
                cluster: None,
                minutes: 120,
                step: 5,
            }
        );
        assert_eq!(
            parse_line("/watch service:web for:1h30m step:2 cluster:prod").unwrap(),
            Command::Watch {
                service: "web".into(),
                namespace: None,
                cluster: Some("prod".into()),
                minutes: 90,
                step: 2,
            }
        );
        assert_eq!(
            parse_line("/watch stop").unwrap(),
            Command::WatchStop { service: None }
        );
        assert_eq!(
            parse_line("/watch stop service:web").unwrap(),
            Command::WatchStop {
                service: Some("web".into())
            }
        );
    }

    #[test]
    fn watch_refuses_bad_durations_and_names() {
        let e = parse_line("/watch service:web for:5m")
            .map_err(english)
            .unwrap_err();
        assert!(
            e.contains("option for: expected 10 minutes to 24 hours"),
            "{e}"
        );
        assert!(e.contains("usage: /watch service:<name>"), "{e}");
        assert!(parse_line("/watch service:web for:25h").is_err());
        assert!(parse_line("/watch service:web for:soon").is_err());
        let e = parse_line("/watch namespace:x")
            .map_err(english)
            .unwrap_err();
        assert!(e.contains("missing option service:"), "{e}");
        let e = parse_line("/watch service:Web_1")
            .map_err(english)
            .unwrap_err();
        assert!(e.contains("not a valid Kubernetes name"), "{e}");
        let e = parse_line("/watch pause").map_err(english).unwrap_err();
        assert!(e.contains("unknown subcommand /watch pause"), "{e}");
    }
}
