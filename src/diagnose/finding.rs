//! The `Finding` every analyzer returns: what is wrong, how bad, on what, with evidence and a fix.

use serde::Serialize;

use crate::evidence::Evidence;

/// Which analyzer produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    CrashLoop,
    ExitCodes,
    Logs,
    Events,
    Nodes,
    Storage,
    Network,
    Probes,
    Resources,
    Changes,
}

impl Check {
    /// A short stable name ("crash_loop", "exit_codes", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Check::CrashLoop => "crash_loop",
            Check::ExitCodes => "exit_codes",
            Check::Logs => "logs",
            Check::Events => "events",
            Check::Nodes => "nodes",
            Check::Storage => "storage",
            Check::Network => "network",
            Check::Probes => "probes",
            Check::Resources => "resources",
            Check::Changes => "changes",
        }
    }
}

/// How urgent a finding is. Sorting puts `Critical` first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a finding establishes, in a form `correlate` can reason about without parsing text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// Pods waiting in CrashLoopBackOff.
    CrashLoop {
        pods: usize,
    },
    /// Containers whose last termination was OOMKilled (exit 137).
    OomKilled {
        pods: usize,
        memory_limit: Option<String>,
    },
    /// Containers killed with exit 137 after failing their liveness probe.
    ProbeKilled {
        pods: usize,
    },
    /// Any other non-zero exit code.
    Exited {
        code: i32,
        pods: usize,
    },
    /// `java.lang.OutOfMemoryError` in a container log.
    HeapExhausted,
    /// A name lookup failed (`UnknownHostException`, "no such host", ...).
    DnsFailure {
        host: Option<String>,
    },
    /// "No space left on device" in a container log.
    NoSpaceLeft,
    /// Connection refused or timed out.
    ConnectionFailure,
    /// The application reported that its start-up failed.
    StartupFailed,
    /// Warning events of one reason.
    WarningEvents {
        reason: String,
        count: u64,
    },
    NodeNotReady,
    NodeMemoryPressure,
    NodeDiskPressure,
    NodePidPressure,
    /// Node usage near its allocatable capacity (metrics.k8s.io).
    NodeUsageHigh,
    /// A PersistentVolumeClaim that is not Bound.
    PvcNotBound,
    /// A volume could not be mounted.
    VolumeMountFailed,
    /// A volume that a workload writes to is full.
    VolumeFull,
    /// NetworkPolicies deny DNS egress for selected pods.
    DnsEgressBlocked,
    /// NetworkPolicies deny all ingress to selected pods.
    IngressBlocked,
    /// A Service has no ready endpoints.
    NoEndpoints {
        service: String,
        namespace: String,
    },
    /// The liveness probe begins before the application has started.
    LivenessBeforeStartup {
        kills_before_start: bool,
    },
    /// Liveness probe failures without a start time to compare with.
    LivenessFailing,
    /// Memory usage near the container limit (metrics.k8s.io).
    MemoryNearLimit,
    /// A JVM sized without `-XX:MaxRAMPercentage`.
    JvmWithoutMaxRam,
    /// A Deployment rolled out a new revision recently.
    Rollout {
        image_changed: bool,
    },
    /// A Deployment rollout exceeded its progress deadline.
    RolloutStalled,
}

/// One thing an analyzer found, ready to render in chat.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: Check,
    pub severity: Severity,
    pub signal: Signal,
    /// One line a human reads in chat.
    pub title: String,
    /// A few sentences: what was compared with what.
    pub detail: String,
    /// `namespace/pod`, `namespace/workload`, node or object names.
    pub subjects: Vec<String>,
    /// At least one piece, each with the kubectl command that reproduces it.
    pub evidence: Vec<Evidence>,
    /// A concrete fix, when there is one.
    pub suggestion: Option<String>,
}
