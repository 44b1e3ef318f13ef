//! The `Finding` every analyzer returns: what is wrong, how bad, on what, with evidence and a fix.

use serde::Serialize;

use crate::evidence::Evidence;
use crate::i18n::Text;

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
    PodState,
    Replicas,
    Ingress,
    Autoscaling,
    Disruption,
    Webhooks,
    Jobs,
    DaemonSets,
    StatefulSets,
    Volumes,
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
            Check::PodState => "pod_state",
            Check::Replicas => "replicas",
            Check::Ingress => "ingress",
            Check::Autoscaling => "autoscaling",
            Check::Disruption => "disruption",
            Check::Webhooks => "webhooks",
            Check::Jobs => "jobs",
            Check::DaemonSets => "daemon_sets",
            Check::StatefulSets => "stateful_sets",
            Check::Volumes => "volumes",
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
    /// `Critical` when `critical` holds, else `Warning`.
    pub fn critical_if(critical: bool) -> Self {
        if critical {
            Severity::Critical
        } else {
            Severity::Warning
        }
    }

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
    /// A NetworkPolicy whose podSelector matches no pod of its namespace.
    PolicySelectsNothing,
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
    /// Containers wait because their image cannot be pulled.
    ImagePullFailed {
        pods: usize,
        /// The registry refused the credentials (or there were none).
        auth: bool,
    },
    /// Containers cannot be created: a ConfigMap, Secret or key they name is missing.
    ConfigMissing {
        pods: usize,
    },
    /// Containers cannot start for another reason (hook failed, runtime refused, ...).
    ContainerStartFailed {
        pods: usize,
    },
    /// Containers stuck in ContainerCreating.
    ContainerCreatingStuck {
        pods: usize,
    },
    /// Pods no node accepts (PodScheduled False, Unschedulable).
    Unschedulable {
        pods: usize,
    },
    /// Pods held back by scheduling gates.
    SchedulingGated {
        pods: usize,
    },
    /// Pods Pending for long without a more precise reason.
    PodsPending {
        pods: usize,
    },
    /// Pods evicted (status.reason Evicted) or otherwise Failed.
    PodsEvicted {
        pods: usize,
    },
    /// A controller runs fewer available/ready replicas than desired.
    ReplicasUnavailable {
        available: i32,
        desired: i32,
        /// The controller reports that it cannot create pods (ReplicaFailure / FailedCreate).
        create_failing: bool,
    },
    /// An Ingress routes to a Service that does not exist, or names a missing IngressClass.
    IngressBroken {
        missing_backend: bool,
    },
    /// A HorizontalPodAutoscaler whose target is missing or that cannot read metrics or scale.
    AutoscalerBroken,
    /// A HorizontalPodAutoscaler at its maxReplicas while it wants more.
    AutoscalerPinned,
    /// A PodDisruptionBudget that selects no pods or allows no disruption.
    DisruptionBlocked,
    /// An admission webhook whose Service is missing or has no ready endpoints.
    WebhookDown {
        /// failurePolicy Fail: every matching request is refused.
        blocks: bool,
    },
    /// A Job that failed or keeps retrying, or a CronJob that is suspended or failing.
    JobFailing,
    /// A DaemonSet with pods unready, unscheduled or misscheduled.
    DaemonSetDegraded,
    /// A StatefulSet whose governing Service (or storage class) is missing.
    StatefulSetWiring,
    /// A node condition beyond pressure set (NetworkUnavailable, KernelDeadlock, ...).
    NodeCondition {
        condition: String,
    },
    /// Nodes that run none of the triaged pods have trouble: one cluster-level line.
    OtherNodes,
    /// A PersistentVolume Released or Failed, or a claim Lost.
    VolumeUnusable,
    /// The exception a crashed container's previous instance logged last.
    CrashCause,
    /// A ready pod's current log is mostly errors or HTTP 5xx answers.
    LogErrors {
        lines: usize,
    },
}

/// One thing an analyzer found, ready to render in chat.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: Check,
    pub severity: Severity,
    pub signal: Signal,
    /// One line a human reads in chat (in the reader's locale once rendered).
    pub title: Text,
    /// A few sentences: what was compared with what.
    pub detail: Text,
    /// `namespace/pod`, `namespace/workload`, node or object names.
    pub subjects: Vec<String>,
    /// At least one piece, each with the kubectl command that reproduces it.
    pub evidence: Vec<Evidence>,
    /// A concrete fix, when there is one.
    pub suggestion: Option<Text>,
}
