//! `/incident open|role|mitigated|resolve|close`: declaring an incident, its roles and milestones.

use crate::i18n::Msg;
use chrono::{DateTime, NaiveTime, Utc};

use super::options::{Options, is_dns1123, list, unknown_sub};
use super::syntax::{ParseError, RawCommand};
use super::{Command, ImpactStart};
use crate::incident::{Milestone, Severity};

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    match raw.sub.as_deref() {
        Some("open") => open(raw),
        Some("role") => role(raw),
        Some(m @ ("mitigated" | "resolve" | "close")) => milestone(raw, m),
        _ => Err(unknown_sub(
            raw,
            "incident",
            "open, role, mitigated, resolve, close",
        )),
    }
}

fn open(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "incident open");
    let title = o.required("title", 200)?;
    let sev_text = o.required("severity", 10)?;
    let severity = Severity::parse(&sev_text).ok_or_else(|| {
        o.error(
            Msg::new("parse-bad-severity").arg("value", format!("{sev_text:?}")),
            o.span_of("severity"),
        )
    })?;
    let services = list(&o.required("services", 1000)?);
    if let Some(bad) = services.iter().find(|s| !is_dns1123(s, 63)) {
        return Err(o.error(
            Msg::new("parse-bad-service").arg("value", format!("{bad:?}")),
            o.span_of("services"),
        ));
    }
    let teams = o.text("teams", 500)?.map(|t| list(&t)).unwrap_or_default();
    let started = match o.text("started", 40)? {
        None => None,
        Some(t) => Some(parse_start(&t).ok_or_else(|| {
            o.error(
                Msg::new("parse-bad-started").arg("value", format!("{t:?}")),
                o.span_of("started"),
            )
        })?),
    };
    o.finish()?;
    Ok(Command::IncidentOpen {
        title,
        severity,
        services,
        teams,
        started,
    })
}

fn role(raw: &RawCommand) -> Result<Command, ParseError> {
    let mut o = Options::new(raw, "incident role");
    let commander = o.text("commander", 100)?;
    let comms = o.text("comms", 100)?;
    if commander.is_none() && comms.is_none() {
        return Err(o.error(Msg::new("parse-role-needs-one"), raw.sub_span));
    }
    o.finish()?;
    Ok(Command::IncidentRole { commander, comms })
}

fn milestone(raw: &RawCommand, name: &str) -> Result<Command, ParseError> {
    Options::new(raw, &format!("incident {name}")).finish()?;
    Ok(Command::Milestone(match name {
        "mitigated" => Milestone::Mitigated,
        "resolve" => Milestone::Resolved,
        _ => Milestone::Closed,
    }))
}

fn parse_start(value: &str) -> Option<ImpactStart> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(ImpactStart::At(t.with_timezone(&Utc)));
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .ok()
        .map(ImpactStart::TimeOfDay)
}
