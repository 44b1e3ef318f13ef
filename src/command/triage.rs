//! `/triage service:<name>|overview`: a read-only diagnosis of one workload or of a namespace
//! (`logs:current` also reads a ready pod's current log). Typed, `/triage <name>` is short for
//! `/triage service:<name>`.

use super::options::{Options, is_dns1123, unknown_sub};
use super::syntax::{ParseError, RawCommand};
use super::{Command, TriageScope};
use crate::i18n::Msg;

pub(super) fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    let sub = raw.sub.as_deref();
    let path = if sub == Some("overview") {
        "triage overview"
    } else {
        "triage service"
    };
    let mut o = Options::new(raw, path);
    let scope = match sub {
        Some("overview") => TriageScope::Overview,
        None | Some("service") => {
            let name = o
                .name("service", 63)?
                .ok_or_else(|| o.error(Msg::new("parse-triage-missing-service"), raw.name_span))?;
            TriageScope::Service(name)
        }
        // `/triage payment-service`: the name alone.
        Some(name) if is_dns1123(name, 63) && !raw.options.iter().any(|o| o.key == "service") => {
            TriageScope::Service(name.to_string())
        }
        Some(_) => return Err(unknown_sub(raw, "triage", "service:<name>, overview")),
    };
    let namespace = o.name("namespace", 63)?;
    let cluster = o.text("cluster", 63)?;
    let current_log = match scope {
        TriageScope::Service(_) => current_log(&mut o)?,
        TriageScope::Overview => false,
    };
    o.finish()?;
    Ok(Command::Triage {
        scope,
        namespace,
        cluster,
        current_log,
    })
}

/// `logs:current` of `/triage service`: whether to read a ready pod's current log.
fn current_log(o: &mut Options) -> Result<bool, ParseError> {
    let Some((value, span)) = o.take("logs")? else {
        return Ok(false);
    };
    match value.trim() {
        "current" => Ok(true),
        other => Err(o.error(
            Msg::new("parse-bad-logs").arg("value", format!("{other:?}")),
            span,
        )),
    }
}
