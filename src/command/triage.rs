//! `/triage service:<name>|overview`: a read-only diagnosis of one workload or of a namespace.

use super::options::{Options, unknown_sub};
use super::syntax::{ParseError, RawCommand};
use super::{Command, TriageScope};

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
            let name = o.name("service", 63)?.ok_or_else(|| {
                o.error(
                    "missing option service: (or use /triage overview)",
                    raw.name_span,
                )
            })?;
            TriageScope::Service(name)
        }
        Some(_) => return Err(unknown_sub(raw, "triage", "service:<name>, overview")),
    };
    let namespace = o.name("namespace", 63)?;
    let cluster = o.text("cluster", 63)?;
    o.finish()?;
    Ok(Command::Triage {
        scope,
        namespace,
        cluster,
    })
}
