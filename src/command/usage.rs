//! The command reference: one row per command, used by `/help`, parse errors and Discord
//! registration.

/// One row of the command reference: the usage line and what it does.
pub struct Usage {
    pub path: &'static str,
    pub usage: &'static str,
    /// The catalog message (`templates/i18n/*/commands.ftl`) saying what the command does.
    pub does: &'static str,
    pub example: &'static str,
}

/// The command reference, used by `/help`, parse errors and Discord registration.
pub const USAGE: &[Usage] = &[
    Usage {
        path: "incident open",
        usage: "/incident open title:<text> severity:<sev1|sev2|sev3|sev4> services:<a,b> [teams:<t1,t2>] [started:<HH:MM|RFC3339>]",
        does: "command-incident-open",
        example: "/incident open title:\"Payment failures\" severity:sev1 services:payment-service,order-service teams:ops,dev,network,storage",
    },
    Usage {
        path: "incident role",
        usage: "/incident role [commander:<user>] [comms:<user>]",
        does: "command-incident-role",
        example: "/incident role commander:@alice comms:@bob",
    },
    Usage {
        path: "incident mitigated",
        usage: "/incident mitigated",
        does: "command-incident-mitigated",
        example: "/incident mitigated",
    },
    Usage {
        path: "incident resolve",
        usage: "/incident resolve",
        does: "command-incident-resolve",
        example: "/incident resolve",
    },
    Usage {
        path: "incident close",
        usage: "/incident close",
        does: "command-incident-close",
        example: "/incident close",
    },
    Usage {
        path: "triage service",
        usage: "/triage service:<name> [namespace:<ns>] [logs:current] [cluster:<name>]",
        does: "command-triage-service",
        example: "/triage service:payment-service namespace:production",
    },
    Usage {
        path: "triage overview",
        usage: "/triage overview [namespace:<ns>] [cluster:<name>]",
        does: "command-triage-overview",
        example: "/triage overview",
    },
    Usage {
        path: "watch service",
        usage: "/watch service:<name> [namespace:<ns>] [for:<30m|2h>] [step:<1-1000>] [cluster:<name>]",
        does: "command-watch-service",
        example: "/watch service:payment-service namespace:production for:2h",
    },
    Usage {
        path: "watch stop",
        usage: "/watch stop [service:<name>]",
        does: "command-watch-stop",
        example: "/watch stop service:payment-service",
    },
    Usage {
        path: "logs",
        usage: "/logs pod:<name> [namespace:<ns>] [previous:true] [container:<name>] [tail:<1-200>] [cluster:<name>]",
        does: "command-logs",
        example: "/logs pod:payment-service-7d9c8b6f5d-2xk4p namespace:production previous:true",
    },
    Usage {
        path: "status update",
        usage: "/status update [state:<text>] [done:<text>] [next:<text>] [risks:<text>]",
        does: "command-status-update",
        example: "/status update state:\"25 of 32 pods recovered\" done:\"[storage] OSD.12 replaced\" next:\"all pods by 16:00\" risks:\"node-5 memory still high\"",
    },
    Usage {
        path: "status cadence",
        usage: "/status cadence every:<minutes|30m|2h>",
        does: "command-status-cadence",
        example: "/status cadence every:30m",
    },
    Usage {
        path: "note",
        usage: "/note text:<text> [tag:<cause|deeper-cause|trigger|detection|resolution|went-well|went-wrong|lucky|lesson>] [file:<attachment>]",
        does: "command-note",
        example: "/note text:\"Ceph OSD.12 failed; capacity miscalculated\" tag:cause",
    },
    Usage {
        path: "action add",
        usage: "/action add owner:<who> due:<YYYY-MM-DD> text:<text>",
        does: "command-action-add",
        example: "/action add owner:\"storage team\" due:2026-12-01 text:\"Deploy Ceph OSD health monitoring\"",
    },
    Usage {
        path: "action done",
        usage: "/action done id:<number>",
        does: "command-action-done",
        example: "/action done id:1",
    },
    Usage {
        path: "evidence add",
        usage: "/evidence add entry:<triage entry id> finding:<n>",
        does: "command-evidence-add",
        example: "/evidence add entry:12 finding:1",
    },
    Usage {
        path: "timeline",
        usage: "/timeline [last:<1-200>]",
        does: "command-timeline",
        example: "/timeline last:10",
    },
    Usage {
        path: "postmortem",
        usage: "/postmortem",
        does: "command-postmortem",
        example: "/postmortem",
    },
    Usage {
        path: "help",
        usage: "/help",
        does: "command-help",
        example: "/help",
    },
];

/// The usage line of the command at `path` (`"incident open"`), for parse errors.
pub(super) fn usage_of(path: &str) -> Option<&'static str> {
    USAGE.iter().find(|u| u.path == path).map(|u| u.usage)
}
