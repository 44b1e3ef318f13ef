//! The command grammar: one `Command` enum, parsed from a typed text line (console) or from the
//! options of a Discord slash command. A parse failure is a value that points at the bad token
//! and carries the usage line; nothing here does I/O.
//!
//! One file per command family holds its grammar (`incident.rs`, `triage.rs`, ...); `parse`
//! only names the family's function. `syntax.rs` splits a typed line, `options.rs` validates
//! option values, `usage.rs` is the command reference and `button.rs` the ids of buttons.

mod action;
pub mod button;
mod evidence;
mod incident;
mod logs;
mod note;
mod options;
mod status;
mod syntax;
mod triage;
mod usage;
mod view;
mod watch;

use crate::i18n::Msg;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::incident::{Milestone, Severity};

pub use button::parse_button;
pub use options::is_dns1123;
pub use syntax::{ParseError, RawCommand, RawOption, Span, tokenize};
pub use usage::{USAGE, Usage};

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
    /// "Acknowledge" on an alert card: records who took the alert group on.
    AlertAck {
        /// The group's id (`alerts::group_id` of its group key).
        group: String,
    },
    /// Follows a workload's pods for `minutes`, posting the changes that matter.
    Watch {
        service: String,
        namespace: Option<String>,
        cluster: Option<String>,
        minutes: u32,
        /// A failing count that moved by at least this much is posted.
        step: u32,
    },
    /// Ends the incident's watches (of one workload, when named).
    WatchStop {
        service: Option<String>,
    },
}

/// When the impact began: a full timestamp, or a time of day today (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactStart {
    At(DateTime<Utc>),
    TimeOfDay(NaiveTime),
}

/// A command family: the command's first word, and what a policy rule's `commands` grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Help,
    Incident,
    Triage,
    Logs,
    Status,
    Note,
    Action,
    Evidence,
    Timeline,
    Postmortem,
    /// Buttons on alert cards (no slash command).
    Alert,
    Watch,
}

impl Family {
    pub const ALL: [Family; 12] = [
        Family::Help,
        Family::Incident,
        Family::Triage,
        Family::Logs,
        Family::Status,
        Family::Note,
        Family::Action,
        Family::Evidence,
        Family::Timeline,
        Family::Postmortem,
        Family::Alert,
        Family::Watch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Help => "help",
            Family::Incident => "incident",
            Family::Triage => "triage",
            Family::Logs => "logs",
            Family::Status => "status",
            Family::Note => "note",
            Family::Action => "action",
            Family::Evidence => "evidence",
            Family::Timeline => "timeline",
            Family::Postmortem => "postmortem",
            Family::Alert => "alert",
            Family::Watch => "watch",
        }
    }

    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether the family's commands read the cluster (granted apart from incident commands).
    pub fn reads_cluster(self) -> bool {
        matches!(self, Family::Triage | Family::Logs | Family::Watch)
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Command {
    /// The command's family.
    pub fn family(&self) -> Family {
        match self {
            Command::Help => Family::Help,
            Command::IncidentOpen { .. } | Command::IncidentRole { .. } | Command::Milestone(_) => {
                Family::Incident
            }
            Command::Triage { .. } => Family::Triage,
            Command::Logs { .. } => Family::Logs,
            Command::StatusUpdate(_) | Command::StatusCadence { .. } => Family::Status,
            Command::Note { .. } => Family::Note,
            Command::ActionAdd { .. } | Command::ActionDone { .. } => Family::Action,
            Command::EvidenceAdd { .. } => Family::Evidence,
            Command::Timeline { .. } => Family::Timeline,
            Command::Postmortem => Family::Postmortem,
            Command::AlertAck { .. } => Family::Alert,
            Command::Watch { .. } | Command::WatchStop { .. } => Family::Watch,
        }
    }

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
            Command::AlertAck { .. } => "alert.ack",
            Command::Watch { .. } => "watch",
            Command::WatchStop { .. } => "watch.stop",
        }
    }

    /// Whether the command reads the cluster (granted separately from incident commands).
    /// `/watch stop` is of a cluster family but reads nothing: no namespace scope applies.
    pub fn touches_cluster(&self) -> bool {
        !matches!(self, Command::WatchStop { .. }) && self.family().reads_cluster()
    }
}

/// Parses a typed line into a validated `Command`.
pub fn parse_line(line: &str) -> Result<Command, ParseError> {
    let line = line.trim();
    tokenize(line).and_then(|raw| parse(&raw)).map_err(|mut e| {
        e.line = Some(line.to_string());
        e
    })
}

/// Validates a `RawCommand` into a `Command`.
pub fn parse(raw: &RawCommand) -> Result<Command, ParseError> {
    match raw.name.as_str() {
        "help" => view::help(raw),
        "incident" => incident::parse(raw),
        "triage" => triage::parse(raw),
        "logs" => logs::parse(raw),
        "status" => status::parse(raw),
        "note" => note::parse(raw),
        "action" => action::parse(raw),
        "evidence" => evidence::parse(raw),
        "timeline" => view::timeline(raw),
        "postmortem" => view::postmortem(raw),
        "watch" => watch::parse(raw),
        other => Err(syntax::err(
            Msg::new("parse-unknown-command").arg("name", other),
            raw.name_span,
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `/triage` of the workload (`None`: overview) in `namespace`, on the default cluster.
    fn triage(workload: Option<&str>, namespace: Option<&str>, current_log: bool) -> Command {
        Command::Triage {
            scope: workload.map_or(TriageScope::Overview, |w| TriageScope::Service(w.into())),
            namespace: namespace.map(Into::into),
            cluster: None,
            current_log,
        }
    }

    /// A parse error as an English reader sees it.
    pub(super) fn english(e: ParseError) -> String {
        let catalog = crate::i18n::Catalog::new(None).expect("the embedded catalogs load");
        e.text(&catalog, crate::i18n::Locale::En)
    }

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
        let shown = english(e);
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
                .map_err(english)
                .unwrap_err()
                .contains("unknown command /deploy")
        );
        assert!(
            parse_line("/timeline last:5 colour:red")
                .map_err(english)
                .unwrap_err()
                .contains("unknown option colour:")
        );
        assert!(
            parse_line("/timeline last:5 last:6")
                .map_err(english)
                .unwrap_err()
                .contains("given twice")
        );
        assert!(
            parse_line("/timeline last:0")
                .map_err(english)
                .unwrap_err()
                .contains("from 1 to 200")
        );
        assert!(
            parse_line("help")
                .map_err(english)
                .unwrap_err()
                .contains("start with '/'")
        );
        assert!(
            parse_line(r#"/note text:"open"#)
                .map_err(english)
                .unwrap_err()
                .contains("never closed")
        );
        assert!(
            parse_line("/incident")
                .map_err(english)
                .unwrap_err()
                .contains("needs a subcommand")
        );
    }

    #[test]
    fn validates_kubernetes_names_before_anything_runs() {
        let e = parse_line("/triage service:Payment_Service")
            .map_err(english)
            .unwrap_err();
        assert!(e.contains("not a valid Kubernetes name"), "{e}");
        assert_eq!(
            parse_line("/triage service:web logs:current").unwrap(),
            triage(Some("web"), None, true)
        );
        let e = parse_line("/triage service:web logs:previous")
            .map_err(english)
            .unwrap_err();
        assert!(
            e.contains("option logs: expected current, found \"previous\""),
            "{e}"
        );
        let e = parse_line("/triage overview logs:current")
            .map_err(english)
            .unwrap_err();
        assert!(e.contains("unknown option logs:"), "{e}");
        assert!(parse_line(&format!("/logs pod:{}", "a".repeat(254))).is_err());
        assert_eq!(
            parse_line("/triage service:payment-service namespace:production").unwrap(),
            triage(Some("payment-service"), Some("production"), false)
        );
        assert_eq!(
            parse_line("/triage overview").unwrap(),
            triage(None, None, false)
        );
    }

    #[test]
    fn a_triage_names_its_workload_alone_or_with_service() {
        assert_eq!(
            parse_line("/triage payment-service namespace:production logs:current").unwrap(),
            triage(Some("payment-service"), Some("production"), true)
        );
        for line in ["/triage Payment_Service", "/triage web service:api"] {
            let e = parse_line(line).map_err(english).unwrap_err();
            assert!(e.contains("unknown subcommand /triage"), "{line}: {e}");
            assert!(
                e.contains("expected one of service:<name>, overview"),
                "{e}"
            );
        }
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
            triage(Some("payment-service"), Some("production"), false)
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
            parse_button(&button::acknowledge("8c3f2b1a9d4e5f60")).unwrap(),
            Command::AlertAck {
                group: "8c3f2b1a9d4e5f60".into()
            }
        );
        assert!(parse_button("ack:").is_err());
        assert!(parse_button("ack:../x").is_err());
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
                .map_err(english)
                .unwrap_err()
                .contains("no longer supported")
        );
    }

    #[test]
    fn status_and_cadence_and_actions() {
        // Without options: the console's draft from what changed (nothing is posted).
        assert_eq!(
            parse_line("/status update").unwrap(),
            Command::StatusUpdate(StatusFields::default())
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
            .map_err(english)
            .unwrap_err();
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
