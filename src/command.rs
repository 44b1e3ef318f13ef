//! The command grammar: one `Command` enum, parsed from a typed text line (console) or from the
//! options of a Discord slash command. A parse failure is a value that points at the bad token
//! and carries the usage line; nothing here does I/O.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::incident::{Milestone, Severity};

/// A postmortem section a note can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteTag {
    /// The direct root cause.
    Cause,
    /// A deeper (contributing) cause.
    DeeperCause,
    Trigger,
    Detection,
    Resolution,
    WentWell,
    WentWrong,
    Lucky,
    Lesson,
}

impl NoteTag {
    pub const ALL: [NoteTag; 9] = [
        NoteTag::Cause,
        NoteTag::DeeperCause,
        NoteTag::Trigger,
        NoteTag::Detection,
        NoteTag::Resolution,
        NoteTag::WentWell,
        NoteTag::WentWrong,
        NoteTag::Lucky,
        NoteTag::Lesson,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoteTag::Cause => "cause",
            NoteTag::DeeperCause => "deeper-cause",
            NoteTag::Trigger => "trigger",
            NoteTag::Detection => "detection",
            NoteTag::Resolution => "resolution",
            NoteTag::WentWell => "went-well",
            NoteTag::WentWrong => "went-wrong",
            NoteTag::Lucky => "lucky",
            NoteTag::Lesson => "lesson",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// What `/triage` looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriageScope {
    Service(String),
    Overview,
}

/// The fields of a progress update (each optional; at least one is given).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusFields {
    pub state: Option<String>,
    pub done: Option<String>,
    pub next: Option<String>,
    pub risks: Option<String>,
}

impl StatusFields {
    pub fn is_empty(&self) -> bool {
        self.state.is_none() && self.done.is_none() && self.next.is_none() && self.risks.is_none()
    }
}

/// Every command warroom understands, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    IncidentOpen {
        title: String,
        severity: Severity,
        services: Vec<String>,
        teams: Vec<String>,
        /// When the impact began, if before the incident was declared.
        started: Option<ImpactStart>,
    },
    IncidentRole {
        commander: Option<String>,
        comms: Option<String>,
    },
    Milestone(Milestone),
    Triage {
        scope: TriageScope,
        namespace: Option<String>,
        cluster: Option<String>,
        /// `logs:current`: also read the current log of one ready pod, even when the workload
        /// is not degraded (it always is when it is).
        current_log: bool,
    },
    Logs {
        pod: String,
        namespace: Option<String>,
        container: Option<String>,
        previous: bool,
        tail: u32,
        cluster: Option<String>,
    },
    StatusUpdate(StatusFields),
    StatusCadence {
        minutes: u32,
    },
    Note {
        text: String,
        tag: Option<NoteTag>,
        /// Name of an attachment of the invocation that becomes evidence.
        file: Option<String>,
    },
    ActionAdd {
        owner: String,
        due: NaiveDate,
        text: String,
    },
    ActionDone {
        id: i64,
    },
    /// Records one finding of an earlier triage, with its evidence, on the open incident.
    EvidenceAdd {
        /// The triage's timeline entry.
        entry: i64,
        /// The finding's position in that triage (0 = the first listed).
        finding: usize,
    },
    Timeline {
        last: u32,
    },
    Postmortem,
}

/// When the impact began: a full timestamp, or a time of day today (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactStart {
    At(DateTime<Utc>),
    TimeOfDay(NaiveTime),
}

impl Command {
    /// The family/name recorded on the timeline, e.g. `incident.open`.
    pub fn kind(&self) -> &'static str {
        match self {
            Command::Help => "help",
            Command::IncidentOpen { .. } => "incident.open",
            Command::IncidentRole { .. } => "incident.role",
            Command::Milestone(Milestone::Mitigated) => "incident.mitigated",
            Command::Milestone(Milestone::Resolved) => "incident.resolve",
            Command::Milestone(Milestone::Closed) => "incident.close",
            Command::Triage { .. } => "triage",
            Command::Logs { .. } => "logs",
            Command::StatusUpdate(_) => "status.update",
            Command::StatusCadence { .. } => "status.cadence",
            Command::Note { .. } => "note",
            Command::ActionAdd { .. } => "action.add",
            Command::ActionDone { .. } => "action.done",
            Command::EvidenceAdd { .. } => "evidence.add",
            Command::Timeline { .. } => "timeline",
            Command::Postmortem => "postmortem",
        }
    }

    /// Whether the command reads the cluster (granted separately from incident commands).
    pub fn touches_cluster(&self) -> bool {
        matches!(self, Command::Triage { .. } | Command::Logs { .. })
    }
}

/// One row of the command reference: the usage line and what it does.
pub struct Usage {
    pub path: &'static str,
    pub usage: &'static str,
    pub does: &'static str,
    pub example: &'static str,
}

/// The command reference, used by `/help`, parse errors and Discord registration.
pub const USAGE: &[Usage] = &[
    Usage {
        path: "incident open",
        usage: "/incident open title:<text> severity:<sev1|sev2|sev3|sev4> services:<a,b> [teams:<t1,t2>] [started:<HH:MM|RFC3339>]",
        does: "declare an incident in this channel and post the announcement",
        example: "/incident open title:\"Payment failures\" severity:sev1 services:payment-service,order-service teams:ops,dev,network,storage",
    },
    Usage {
        path: "incident role",
        usage: "/incident role [commander:<user>] [comms:<user>]",
        does: "record who commands the incident and who communicates",
        example: "/incident role commander:@alice comms:@bob",
    },
    Usage {
        path: "incident mitigated",
        usage: "/incident mitigated",
        does: "milestone: impact is mitigated",
        example: "/incident mitigated",
    },
    Usage {
        path: "incident resolve",
        usage: "/incident resolve",
        does: "milestone: the incident is resolved (ends the impact window)",
        example: "/incident resolve",
    },
    Usage {
        path: "incident close",
        usage: "/incident close",
        does: "milestone: close the incident (after resolve); stops reminders",
        example: "/incident close",
    },
    Usage {
        path: "triage service",
        usage: "/triage service:<name> [namespace:<ns>] [logs:current] [cluster:<name>]",
        does: "read-only diagnosis of one workload with ranked causes; logs:current adds a ready pod's current log",
        example: "/triage service:payment-service namespace:production",
    },
    Usage {
        path: "triage overview",
        usage: "/triage overview [namespace:<ns>] [cluster:<name>]",
        does: "failing pods by namespace and node pressure",
        example: "/triage overview",
    },
    Usage {
        path: "logs",
        usage: "/logs pod:<name> [namespace:<ns>] [previous:true] [container:<name>] [tail:<1-200>] [cluster:<name>]",
        does: "a redacted log excerpt, attached as evidence",
        example: "/logs pod:payment-service-7d9c8b6f5d-2xk4p namespace:production previous:true",
    },
    Usage {
        path: "status update",
        usage: "/status update [state:<text>] [done:<text>] [next:<text>] [risks:<text>]",
        does: "post the progress update; resets the reminder",
        example: "/status update state:\"25 of 32 pods recovered\" done:\"[storage] OSD.12 replaced\" next:\"all pods by 16:00\" risks:\"node-5 memory still high\"",
    },
    Usage {
        path: "status cadence",
        usage: "/status cadence every:<minutes|30m|2h>",
        does: "how often to remind the channel to post an update (default 60 min)",
        example: "/status cadence every:30m",
    },
    Usage {
        path: "note",
        usage: "/note text:<text> [tag:<cause|deeper-cause|trigger|detection|resolution|went-well|went-wrong|lucky|lesson>] [file:<attachment>]",
        does: "record a conclusion with evidence; tags feed the postmortem sections",
        example: "/note text:\"Ceph OSD.12 failed; capacity miscalculated\" tag:cause",
    },
    Usage {
        path: "action add",
        usage: "/action add owner:<who> due:<YYYY-MM-DD> text:<text>",
        does: "an improvement item for the postmortem",
        example: "/action add owner:\"storage team\" due:2026-12-01 text:\"Deploy Ceph OSD health monitoring\"",
    },
    Usage {
        path: "action done",
        usage: "/action done id:<number>",
        does: "mark an improvement item done",
        example: "/action done id:1",
    },
    Usage {
        path: "evidence add",
        usage: "/evidence add entry:<triage entry id> finding:<n>",
        does: "record finding n of an earlier /triage (and its evidence) on the incident",
        example: "/evidence add entry:12 finding:1",
    },
    Usage {
        path: "timeline",
        usage: "/timeline [last:<1-200>]",
        does: "the recent timeline",
        example: "/timeline last:10",
    },
    Usage {
        path: "postmortem",
        usage: "/postmortem",
        does: "export the postmortem report (Markdown)",
        example: "/postmortem",
    },
    Usage {
        path: "help",
        usage: "/help",
        does: "this list",
        example: "/help",
    },
];

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

/// Why a command could not be parsed: shown to the user with a caret and the usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Option<Span>,
    /// The typed line, when there was one.
    pub line: Option<String>,
    pub usage: Option<&'static str>,
}

impl std::error::Error for ParseError {}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let (Some(line), Some(span)) = (&self.line, self.span) {
            let pad = line[..span.start.min(line.len())].chars().count();
            let width = line[span.start.min(line.len())..span.end.min(line.len())]
                .chars()
                .count()
                .max(1);
            write!(
                f,
                "\n    {line}\n    {}{}",
                " ".repeat(pad),
                "^".repeat(width)
            )?;
        }
        if let Some(usage) = self.usage {
            write!(f, "\nusage: {usage}")?;
        }
        Ok(())
    }
}

fn err(message: impl Into<String>, span: Option<Span>, usage: Option<&'static str>) -> ParseError {
    ParseError {
        message: message.into(),
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
                "this quote is never closed",
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
        return Err(err("type a command, for example /help", None, None));
    };
    let Some(name) = first.strip_prefix('/') else {
        return Err(err(
            "commands start with '/', for example /help",
            Some(first_span),
            None,
        ));
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
                    format!("expected an option like key:value, found {text:?}"),
                    Some(span),
                    None,
                ));
            }
        }
    }
    Ok(raw)
}

/// Parses a typed line into a validated `Command`.
pub fn parse_line(line: &str) -> Result<Command, ParseError> {
    let line = line.trim();
    tokenize(line).and_then(|raw| parse(&raw)).map_err(|mut e| {
        e.line = Some(line.to_string());
        e
    })
}

fn usage_of(path: &str) -> Option<&'static str> {
    USAGE.iter().find(|u| u.path == path).map(|u| u.usage)
}

/// Options of one command, consumed as they are validated; leftovers are errors.
struct Options<'a> {
    raw: &'a RawCommand,
    used: Vec<bool>,
    usage: Option<&'static str>,
}

impl<'a> Options<'a> {
    fn new(raw: &'a RawCommand, path: &str) -> Self {
        Options {
            raw,
            used: vec![false; raw.options.len()],
            usage: usage_of(path),
        }
    }

    fn error(&self, message: impl Into<String>, span: Option<Span>) -> ParseError {
        err(message, span, self.usage)
    }

    fn take(&mut self, key: &str) -> Result<Option<(&'a str, Option<Span>)>, ParseError> {
        let mut found = None;
        for (i, o) in self.raw.options.iter().enumerate() {
            if o.key == key {
                if found.is_some() {
                    return Err(self.error(format!("option {key}: is given twice"), o.span));
                }
                self.used[i] = true;
                found = Some((o.value.as_str(), o.span));
            }
        }
        Ok(found)
    }

    fn text(&mut self, key: &str, max: usize) -> Result<Option<String>, ParseError> {
        let Some((value, span)) = self.take(key)? else {
            return Ok(None);
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(self.error(format!("option {key}: is empty"), span));
        }
        if value.chars().count() > max {
            return Err(self.error(
                format!("option {key}: is longer than {max} characters"),
                span,
            ));
        }
        Ok(Some(value.to_string()))
    }

    fn required(&mut self, key: &str, max: usize) -> Result<String, ParseError> {
        let name_span = self.raw.sub_span.or(self.raw.name_span);
        self.text(key, max)?
            .ok_or_else(|| self.error(format!("missing option {key}:"), name_span))
    }

    fn name(&mut self, key: &str, max: usize) -> Result<Option<String>, ParseError> {
        let span = self
            .raw
            .options
            .iter()
            .find(|o| o.key == key)
            .and_then(|o| o.span);
        match self.text(key, max)? {
            Some(v) if is_dns1123(&v, max) => Ok(Some(v)),
            Some(v) => Err(self.error(
                format!(
                    "option {key}: {v:?} is not a valid Kubernetes name (lowercase letters, digits and '-', \
                     starting and ending with a letter or digit, at most {max} characters)"
                ),
                span,
            )),
            None => Ok(None),
        }
    }

    fn number(
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
                format!(
                    "option {key}: expected a number from {} to {}, found {value:?}",
                    range.start(),
                    range.end()
                ),
                span,
            )),
        }
    }

    fn flag(&mut self, key: &str) -> Result<bool, ParseError> {
        let Some((value, span)) = self.take(key)? else {
            return Ok(false);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "" => Ok(true),
            "false" | "no" | "0" => Ok(false),
            _ => Err(self.error(
                format!("option {key}: expected true or false, found {value:?}"),
                span,
            )),
        }
    }

    fn finish(self) -> Result<(), ParseError> {
        for (o, used) in self.raw.options.iter().zip(&self.used) {
            if !used {
                return Err(self.error(format!("unknown option {}:", o.key), o.span));
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

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `logs:current` of `/triage service`: whether to read a ready pod's current log.
fn triage_logs(o: &mut Options) -> Result<bool, ParseError> {
    let Some((value, span)) = o.take("logs")? else {
        return Ok(false);
    };
    match value.trim() {
        "current" => Ok(true),
        other => Err(o.error(
            format!("option logs: expected current, found {other:?}"),
            span,
        )),
    }
}

/// Validates a `RawCommand` into a `Command`.
pub fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    let sub = raw.sub.as_deref();
    let unknown_sub = |family: &str, subs: &str| {
        let span = raw.sub_span.or(raw.name_span);
        match sub {
            Some(s) => err(
                format!("unknown subcommand /{family} {s}: expected one of {subs}"),
                span,
                None,
            ),
            None => err(
                format!("/{family} needs a subcommand: one of {subs}"),
                span,
                None,
            ),
        }
    };
    match raw.name.as_str() {
        "help" => {
            Options::new(raw, "help").finish()?;
            Ok(Command::Help)
        }
        "incident" => {
            match sub {
                Some("open") => {
                    let mut o = Options::new(raw, "incident open");
                    let title = o.required("title", 200)?;
                    let sev_text = o.required("severity", 10)?;
                    let sev_span = raw
                        .options
                        .iter()
                        .find(|x| x.key == "severity")
                        .and_then(|x| x.span);
                    let severity = Severity::parse(&sev_text).ok_or_else(|| {
                    o.error(format!("option severity: expected sev1, sev2, sev3 or sev4, found {sev_text:?}"), sev_span)
                })?;
                    let services_text = o.required("services", 1000)?;
                    let services = list(&services_text);
                    let svc_span = raw
                        .options
                        .iter()
                        .find(|x| x.key == "services")
                        .and_then(|x| x.span);
                    if let Some(bad) = services.iter().find(|s| !is_dns1123(s, 63)) {
                        return Err(o.error(
                        format!("option services: {bad:?} is not a valid service name (lowercase letters, digits and '-')"),
                        svc_span,
                    ));
                    }
                    let teams = o.text("teams", 500)?.map(|t| list(&t)).unwrap_or_default();
                    let started_span = raw
                        .options
                        .iter()
                        .find(|x| x.key == "started")
                        .and_then(|x| x.span);
                    let started = match o.text("started", 40)? {
                    None => None,
                    Some(t) => Some(parse_start(&t).ok_or_else(|| {
                        o.error(format!("option started: expected HH:MM (UTC) or an RFC 3339 time, found {t:?}"), started_span)
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
                Some("role") => {
                    let mut o = Options::new(raw, "incident role");
                    let commander = o.text("commander", 100)?;
                    let comms = o.text("comms", 100)?;
                    if commander.is_none() && comms.is_none() {
                        return Err(o.error("give commander: or comms: (or both)", raw.sub_span));
                    }
                    o.finish()?;
                    Ok(Command::IncidentRole { commander, comms })
                }
                Some(m @ ("mitigated" | "resolve" | "close")) => {
                    let path = format!("incident {m}");
                    Options::new(raw, &path).finish()?;
                    Ok(Command::Milestone(match m {
                        "mitigated" => Milestone::Mitigated,
                        "resolve" => Milestone::Resolved,
                        _ => Milestone::Closed,
                    }))
                }
                _ => Err(unknown_sub(
                    "incident",
                    "open, role, mitigated, resolve, close",
                )),
            }
        }
        "triage" => {
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
                Some(_) => return Err(unknown_sub("triage", "service:<name>, overview")),
            };
            let namespace = o.name("namespace", 63)?;
            let cluster = o.text("cluster", 63)?;
            let current_log = match scope {
                TriageScope::Service(_) => triage_logs(&mut o)?,
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
        "logs" => {
            let mut o = Options::new(raw, "logs");
            if sub.is_some() {
                return Err(o.error("write the pod as pod:<name>", raw.sub_span));
            }
            let pod = o
                .name("pod", 253)?
                .ok_or_else(|| o.error("missing option pod:", raw.name_span))?;
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
        "status" => match sub {
            Some("update") => {
                let mut o = Options::new(raw, "status update");
                let fields = StatusFields {
                    state: o.text("state", 1000)?,
                    done: o.text("done", 1000)?,
                    next: o.text("next", 1000)?,
                    risks: o.text("risks", 1000)?,
                };
                if fields.is_empty() {
                    return Err(o.error(
                        "give at least one of state:, done:, next:, risks:",
                        raw.sub_span,
                    ));
                }
                o.finish()?;
                Ok(Command::StatusUpdate(fields))
            }
            Some("cadence") => {
                let mut o = Options::new(raw, "status cadence");
                let (value, span) = o
                    .take("every")?
                    .ok_or_else(|| o.error("missing option every:", raw.sub_span))?;
                let minutes = parse_minutes(value).ok_or_else(|| {
                    o.error(format!("option every: expected 5 to 1440 minutes (e.g. 60, 30m, 2h), found {value:?}"), span)
                })?;
                o.finish()?;
                Ok(Command::StatusCadence { minutes })
            }
            _ => Err(unknown_sub("status", "update, cadence")),
        },
        "note" => {
            let mut o = Options::new(raw, "note");
            let text = o.required("text", 2000)?;
            let tag_span = raw
                .options
                .iter()
                .find(|x| x.key == "tag")
                .and_then(|x| x.span);
            let tag = match o.text("tag", 20)? {
                None => None,
                Some(t) => Some(NoteTag::parse(&t).ok_or_else(|| {
                    let all: Vec<_> = NoteTag::ALL.iter().map(|t| t.as_str()).collect();
                    o.error(
                        format!(
                            "option tag: expected one of {}, found {t:?}",
                            all.join(", ")
                        ),
                        tag_span,
                    )
                })?),
            };
            let file = o.text("file", 500)?;
            o.finish()?;
            Ok(Command::Note { text, tag, file })
        }
        "action" => match sub {
            Some("add") => {
                let mut o = Options::new(raw, "action add");
                let owner = o.required("owner", 100)?;
                let due_text = o.required("due", 20)?;
                let due_span = raw
                    .options
                    .iter()
                    .find(|x| x.key == "due")
                    .and_then(|x| x.span);
                let due = NaiveDate::parse_from_str(&due_text, "%Y-%m-%d").map_err(|_| {
                    o.error(
                        format!("option due: expected a date as YYYY-MM-DD, found {due_text:?}"),
                        due_span,
                    )
                })?;
                let text = o.required("text", 500)?;
                o.finish()?;
                Ok(Command::ActionAdd { owner, due, text })
            }
            Some("done") => {
                let mut o = Options::new(raw, "action done");
                let id = o
                    .number("id", 1..=i64::MAX)?
                    .ok_or_else(|| o.error("missing option id:", raw.sub_span))?;
                o.finish()?;
                Ok(Command::ActionDone { id })
            }
            _ => Err(unknown_sub("action", "add, done")),
        },
        "evidence" => match sub {
            Some("add") => {
                let mut o = Options::new(raw, "evidence add");
                let entry = o
                    .number("entry", 1..=i64::MAX)?
                    .ok_or_else(|| o.error("missing option entry:", raw.sub_span))?;
                let finding = o
                    .number("finding", 1..=1000)?
                    .ok_or_else(|| o.error("missing option finding:", raw.sub_span))?;
                o.finish()?;
                Ok(Command::EvidenceAdd {
                    entry,
                    finding: finding as usize - 1,
                })
            }
            _ => Err(unknown_sub("evidence", "add")),
        },
        "timeline" => {
            let mut o = Options::new(raw, "timeline");
            let last = o.number("last", 1..=200)?.unwrap_or(20) as u32;
            o.finish()?;
            Ok(Command::Timeline { last })
        }
        "postmortem" => {
            Options::new(raw, "postmortem").finish()?;
            Ok(Command::Postmortem)
        }
        other => Err(err(
            format!("unknown command /{other}: type /help for the list"),
            raw.name_span,
            None,
        )),
    }
}

/// Button ids warroom puts under its replies, and the commands they stand for.
pub mod button {
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
}

/// Parses the id of a clicked button into the command it stands for.
pub fn parse_button(custom_id: &str) -> Result<Command, ParseError> {
    let unknown = || {
        err(
            format!("this button ({custom_id:?}) is no longer supported: run the command instead"),
            None,
            None,
        )
    };
    if custom_id == button::STATUS_UPDATE {
        return Err(err(
            "post the update with /status update state:… done:… next:… risks:…",
            None,
            usage_of("status update"),
        ));
    }
    if let Some(rest) = custom_id.strip_prefix("finding:") {
        let (entry, index) = rest.split_once(':').ok_or_else(unknown)?;
        return match (entry.parse::<i64>(), index.parse::<usize>()) {
            (Ok(entry), Ok(finding)) if entry > 0 => Ok(Command::EvidenceAdd { entry, finding }),
            _ => Err(unknown()),
        };
    }
    if custom_id.starts_with(button::DECLARE) {
        return Err(err(
            "declare the incident with /incident open title:… severity:… services:… started:…",
            None,
            usage_of("incident open"),
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
        return parse(&raw);
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
    parse(&raw)
}

fn parse_minutes(value: &str) -> Option<u32> {
    let v = value.trim().to_ascii_lowercase();
    let minutes = if let Some(h) = v.strip_suffix('h') {
        h.trim().parse::<u32>().ok()?.checked_mul(60)?
    } else {
        v.strip_suffix("min")
            .or_else(|| v.strip_suffix('m'))
            .unwrap_or(&v)
            .trim()
            .parse::<u32>()
            .ok()?
    };
    (5..=1440).contains(&minutes).then_some(minutes)
}

fn parse_start(value: &str) -> Option<ImpactStart> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(ImpactStart::At(t.with_timezone(&Utc)));
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .ok()
        .map(ImpactStart::TimeOfDay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_incident_open_with_quotes_and_lists() {
        let c = parse_line(
            r#"/incident open title:"Payment failures" severity:SEV1 services:payment-service,order-service teams:ops,dev started:14:00"#,
        )
        .unwrap();
        assert_eq!(
            c,
            Command::IncidentOpen {
                title: "Payment failures".into(),
                severity: Severity::Sev1,
                services: vec!["payment-service".into(), "order-service".into()],
                teams: vec!["ops".into(), "dev".into()],
                started: Some(ImpactStart::TimeOfDay(
                    NaiveTime::from_hms_opt(14, 0, 0).unwrap()
                )),
            }
        );
    }

    #[test]
    fn a_bad_value_points_at_its_token_and_prints_usage() {
        let e = parse_line("/incident open title:x severity:sev9 services:a").unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("expected sev1, sev2, sev3 or sev4, found \"sev9\""),
            "{shown}"
        );
        assert!(
            shown.contains("                          ^^^^^^^^^^^^^"),
            "{shown}"
        );
        assert!(
            shown.contains("usage: /incident open title:<text>"),
            "{shown}"
        );
    }

    #[test]
    fn rejects_unknown_commands_options_and_duplicates() {
        assert!(
            parse_line("/deploy now")
                .unwrap_err()
                .to_string()
                .contains("unknown command /deploy")
        );
        assert!(
            parse_line("/timeline last:5 colour:red")
                .unwrap_err()
                .to_string()
                .contains("unknown option colour:")
        );
        assert!(
            parse_line("/timeline last:5 last:6")
                .unwrap_err()
                .to_string()
                .contains("given twice")
        );
        assert!(
            parse_line("/timeline last:0")
                .unwrap_err()
                .to_string()
                .contains("from 1 to 200")
        );
        assert!(
            parse_line("help")
                .unwrap_err()
                .to_string()
                .contains("start with '/'")
        );
        assert!(
            parse_line(r#"/note text:"open"#)
                .unwrap_err()
                .to_string()
                .contains("never closed")
        );
        assert!(
            parse_line("/incident")
                .unwrap_err()
                .to_string()
                .contains("needs a subcommand")
        );
    }

    #[test]
    fn validates_kubernetes_names_before_anything_runs() {
        let e = parse_line("/triage service:Payment_Service")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a valid Kubernetes name"), "{e}");
        assert_eq!(
            parse_line("/triage service:web logs:current").unwrap(),
            Command::Triage {
                scope: TriageScope::Service("web".into()),
                namespace: None,
                cluster: None,
                current_log: true,
            }
        );
        let e = parse_line("/triage service:web logs:previous")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("option logs: expected current, found \"previous\""),
            "{e}"
        );
        let e = parse_line("/triage overview logs:current")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown option logs:"), "{e}");
        assert!(parse_line(&format!("/logs pod:{}", "a".repeat(254))).is_err());
        assert_eq!(
            parse_line("/triage service:payment-service namespace:production").unwrap(),
            Command::Triage {
                scope: TriageScope::Service("payment-service".into()),
                namespace: Some("production".into()),
                cluster: None,
                current_log: false,
            }
        );
        assert_eq!(
            parse_line("/triage overview").unwrap(),
            Command::Triage {
                scope: TriageScope::Overview,
                namespace: None,
                cluster: None,
                current_log: false,
            }
        );
    }

    #[test]
    fn buttons_stand_for_commands() {
        let id = button::previous_logs(
            "production",
            "payment-service-7d9c8b6f5d-2xk4p",
            Some("prod"),
        );
        assert_eq!(
            parse_button(&id).unwrap(),
            Command::Logs {
                pod: "payment-service-7d9c8b6f5d-2xk4p".into(),
                namespace: Some("production".into()),
                container: None,
                previous: true,
                tail: 100,
                cluster: Some("prod".into()),
            }
        );
        assert!(parse_button("logs:Bad_NS/x").is_err());
        assert_eq!(
            parse_button(&button::triage("payment-service", Some("production"), None)).unwrap(),
            Command::Triage {
                scope: TriageScope::Service("payment-service".into()),
                namespace: Some("production".into()),
                cluster: None,
                current_log: false,
            }
        );
        assert!(parse_button(&button::triage("Bad Name", None, Some("prod"))).is_err());
        let id = button::declare("sev1", 1_795_703_520, "payment-service");
        assert_eq!(id, "declare:sev1:1795703520:payment-service");
        assert_eq!(
            button::parse_declare(&id),
            Some(("sev1", 1_795_703_520, "payment-service"))
        );
        assert!(button::declare("sev1", 1, &"x".repeat(200)).len() <= 100);
        assert_eq!(
            parse_button(&button::add_finding(12, 0)).unwrap(),
            Command::EvidenceAdd {
                entry: 12,
                finding: 0
            }
        );
        assert_eq!(
            parse_line("/evidence add entry:12 finding:1").unwrap(),
            Command::EvidenceAdd {
                entry: 12,
                finding: 0
            }
        );
        assert!(parse_line("/evidence add entry:12 finding:0").is_err());
        assert!(
            parse_button("deploy:prod")
                .unwrap_err()
                .to_string()
                .contains("no longer supported")
        );
    }

    #[test]
    fn status_and_cadence_and_actions() {
        assert!(
            parse_line("/status update")
                .unwrap_err()
                .to_string()
                .contains("at least one of")
        );
        assert_eq!(
            parse_line("/status cadence every:2h").unwrap(),
            Command::StatusCadence { minutes: 120 }
        );
        assert_eq!(
            parse_line("/status cadence every:30m").unwrap(),
            Command::StatusCadence { minutes: 30 }
        );
        assert!(parse_line("/status cadence every:1m").is_err());
        let e = parse_line("/action add owner:ops due:2026-13-40 text:x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert_eq!(
            parse_line("/note text:\"disk full\" tag:cause").unwrap(),
            Command::Note {
                text: "disk full".into(),
                tag: Some(NoteTag::Cause),
                file: None
            }
        );
    }
}
