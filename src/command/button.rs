//! Button ids warroom puts under its replies, and the commands they stand for.

use super::syntax::{self, ParseError, RawCommand, RawOption};
use super::{Command, usage};
use crate::i18n::Msg;

/// "Previous logs" of a pod: `logs:NAMESPACE/POD` or `logs:NAMESPACE/POD@CLUSTER`.
pub fn previous_logs(namespace: &str, pod: &str, cluster: Option<&str>) -> String {
    match cluster {
        Some(c) => format!("logs:{namespace}/{pod}@{c}"),
        None => format!("logs:{namespace}/{pod}"),
    }
}

/// "Add to timeline": finding `index` (0-based) of the triage recorded as `entry`.
pub fn add_finding(entry: i64, index: usize) -> String {
    format!("finding:{entry}:{index}")
}

/// "Mark mitigated" under a watch's healthy post: the `/incident mitigated` milestone.
pub const MARK_MITIGATED: &str = "incident:mitigated";

/// "Post status update": chat adapters answer it with a form.
pub const STATUS_UPDATE: &str = "status:update";

/// "Declare incident" on an alert card: `declare:SEV:UNIX_START:SERVICES`, the services cut
/// to keep the id within Discord's 100 characters. Chat adapters answer it with a form
/// prefilled from it and the card (the title is the card's summary).
pub fn declare(severity: &str, started: i64, services: &str) -> String {
    let mut id = format!("{DECLARE}{severity}:{started}:");
    for c in services.chars() {
        if id.len() + c.len_utf8() > 100 {
            break;
        }
        id.push(c);
    }
    id
}

/// "Acknowledge" on an alert card: `ack:GROUP_ID`.
pub fn acknowledge(group_id: &str) -> String {
    format!("{ACK}{group_id}")
}

/// The prefix of `acknowledge` ids.
pub const ACK: &str = "ack:";

/// The prefix of `declare` ids.
pub const DECLARE: &str = "declare:";

/// The severity, impact start (Unix seconds) and services of a `declare` id.
pub fn parse_declare(id: &str) -> Option<(&str, i64, &str)> {
    let mut parts = id.strip_prefix(DECLARE)?.splitn(3, ':');
    let severity = parts.next()?;
    let started = parts.next()?.parse().ok()?;
    Some((severity, started, parts.next().unwrap_or("")))
}

/// "Full triage" of a workload (alert cards): `triage-of:NAMESPACE/NAME@CLUSTER` (not
/// `triage:`, which older replies used for buttons no longer supported), the
/// namespace and cluster optional.
pub fn triage(name: &str, namespace: Option<&str>, cluster: Option<&str>) -> String {
    format!(
        "triage-of:{}/{name}{}",
        namespace.unwrap_or(""),
        cluster.map(|c| format!("@{c}")).unwrap_or_default()
    )
}

/// Parses the id of a clicked button into the command it stands for.
pub fn parse_button(custom_id: &str) -> Result<Command, ParseError> {
    let unknown = || {
        syntax::err(
            Msg::new("parse-button-gone").arg("id", format!("{custom_id:?}")),
            None,
            None,
        )
    };
    if custom_id == STATUS_UPDATE {
        return Err(syntax::err(
            Msg::new("parse-button-status"),
            None,
            usage::usage_of("status update"),
        ));
    }
    if custom_id == MARK_MITIGATED {
        return Ok(Command::Milestone(crate::incident::Milestone::Mitigated));
    }
    if let Some(rest) = custom_id.strip_prefix("finding:") {
        let (entry, index) = rest.split_once(':').ok_or_else(unknown)?;
        return match (entry.parse::<i64>(), index.parse::<usize>()) {
            (Ok(entry), Ok(finding)) if entry > 0 => Ok(Command::EvidenceAdd { entry, finding }),
            _ => Err(unknown()),
        };
    }
    if let Some(group) = custom_id.strip_prefix(ACK) {
        return if !group.is_empty() && group.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Command::AlertAck {
                group: group.to_string(),
            })
        } else {
            Err(unknown())
        };
    }
    if custom_id.starts_with(DECLARE) {
        return Err(syntax::err(
            Msg::new("parse-button-declare"),
            None,
            usage::usage_of("incident open"),
        ));
    }
    if let Some(target) = custom_id.strip_prefix("triage-of:") {
        let (target, cluster) = match target.split_once('@') {
            Some((t, c)) => (t, Some(c)),
            None => (target, None),
        };
        let (namespace, name) = target.split_once('/').ok_or_else(unknown)?;
        let mut raw = RawCommand {
            name: "triage".into(),
            sub: Some("service".into()),
            ..RawCommand::default()
        };
        for (key, value) in [
            ("service", Some(name)),
            ("namespace", Some(namespace).filter(|n| !n.is_empty())),
            ("cluster", cluster),
        ] {
            if let Some(value) = value {
                raw.options.push(RawOption {
                    key: key.into(),
                    value: value.into(),
                    span: None,
                });
            }
        }
        return super::parse(&raw);
    }
    let Some(target) = custom_id.strip_prefix("logs:") else {
        return Err(unknown());
    };
    let (target, cluster) = match target.split_once('@') {
        Some((t, c)) => (t, Some(c)),
        None => (target, None),
    };
    let (namespace, pod) = target.split_once('/').ok_or_else(unknown)?;
    let mut raw = RawCommand {
        name: "logs".into(),
        ..RawCommand::default()
    };
    let mut option = |key: &str, value: &str| {
        raw.options.push(RawOption {
            key: key.into(),
            value: value.into(),
            span: None,
        })
    };
    option("pod", pod);
    option("namespace", namespace);
    option("previous", "true");
    if let Some(c) = cluster {
        option("cluster", c);
    }
    super::parse(&raw)
}
