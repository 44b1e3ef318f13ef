//! Correlation: ranks root-cause hypotheses from the findings' signals, each with the findings
//! that support it and the remedies to try.

use serde::Serialize;

use super::finding::{Finding, Signal};
use super::text::MAX_NAMES;
use crate::i18n::{Msg, Text};

/// Most remedies listed for one hypothesis.
const MAX_REMEDIES: usize = 5;

/// The weight of an OutOfMemoryError in the logs for `Cause::MemoryExhaustion`.
const HEAP_WEIGHT: u32 = 25;
/// The rule of a JVM whose heap is not sized from its limit, whose fixes `remedies` keeps.
const JVM_RULE: &str = "jvm";

/// A root cause the correlator knows how to recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    MemoryExhaustion,
    ProbeKillsStartup,
    StorageFull,
    DnsBlocked,
    DependencyDown,
    BadRollout,
    AdmissionBlocked,
    ImageUnavailable,
    ContainersCannotStart,
    CannotSchedule,
    NodeFailure,
    RoutingBroken,
    JobFailing,
}

impl Cause {
    const ALL: [Cause; 13] = [
        Cause::MemoryExhaustion,
        Cause::ProbeKillsStartup,
        Cause::StorageFull,
        Cause::DnsBlocked,
        Cause::DependencyDown,
        Cause::BadRollout,
        Cause::AdmissionBlocked,
        Cause::ImageUnavailable,
        Cause::ContainersCannotStart,
        Cause::CannotSchedule,
        Cause::NodeFailure,
        Cause::RoutingBroken,
        Cause::JobFailing,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    fn of(score: u32) -> Self {
        match score {
            70.. => Confidence::High,
            40..=69 => Confidence::Medium,
            _ => Confidence::Low,
        }
    }

    /// The catalog message that names it ("high", "medium", "low" in English).
    pub fn key(self) -> &'static str {
        match self {
            Confidence::High => "confidence-high",
            Confidence::Medium => "confidence-medium",
            Confidence::Low => "confidence-low",
        }
    }
}

/// One ranked explanation of the incident.
#[derive(Debug, Clone, Serialize)]
pub struct Hypothesis {
    /// 1 is the most likely.
    pub rank: usize,
    pub cause: Cause,
    /// One line for chat: the cause, then the evidence that points to it.
    pub title: Text,
    /// Fixes to try, most direct first.
    pub remedies: Vec<Text>,
    /// 0-100: the sum of the weights of the distinct signals that support it.
    pub score: u32,
    pub confidence: Confidence,
    /// Indices into `Diagnosis::findings`.
    pub supporting: Vec<usize>,
}

/// How one signal supports one cause: a rule name (each counts once), its weight, and whether
/// it can carry the hypothesis on its own (a "key" signal) or only strengthens one.
struct Support {
    rule: &'static str,
    weight: u32,
    key: bool,
}

fn support(cause: Cause, signal: &Signal) -> Option<Support> {
    let s = |rule, weight, key| Some(Support { rule, weight, key });
    match (cause, signal) {
        (Cause::MemoryExhaustion, Signal::OomKilled { .. }) => s("oom", 40, true),
        (Cause::MemoryExhaustion, Signal::HeapExhausted) => s("heap", HEAP_WEIGHT, true),
        (Cause::MemoryExhaustion, Signal::MemoryNearLimit) => s("near", 15, true),
        (Cause::MemoryExhaustion, Signal::NodeMemoryPressure) => s("node", 10, false),
        (Cause::MemoryExhaustion, Signal::JvmWithoutMaxRam) => s(JVM_RULE, 5, false),
        (Cause::MemoryExhaustion, Signal::WarningEvents { reason, .. })
            if reason == "OOMKilling" || reason == "SystemOOM" =>
        {
            s("events", 10, false)
        }
        (Cause::ProbeKillsStartup, Signal::ProbeKilled { .. }) => s("killed", 40, true),
        (
            Cause::ProbeKillsStartup,
            Signal::LivenessBeforeStartup {
                kills_before_start: true,
            },
        ) => s("early", 35, true),
        (Cause::ProbeKillsStartup, Signal::LivenessBeforeStartup { .. }) => s("early", 20, true),
        (Cause::ProbeKillsStartup, Signal::LivenessFailing) => s("failing", 15, true),
        (Cause::ProbeKillsStartup, Signal::WarningEvents { reason, .. })
            if reason == "Unhealthy" =>
        {
            s("events", 5, false)
        }
        (Cause::StorageFull, Signal::VolumeFull) => s("full", 40, true),
        (Cause::StorageFull, Signal::PvcNotBound) => s("unbound", 35, true),
        (Cause::StorageFull, Signal::VolumeMountFailed) => s("mount", 25, true),
        (Cause::StorageFull, Signal::NoSpaceLeft) => s("logs", 20, true),
        (Cause::StorageFull, Signal::NodeDiskPressure) => s("node", 10, false),
        (Cause::StorageFull, Signal::WarningEvents { reason, .. }) if reason == "FailedMount" => {
            s("events", 5, false)
        }
        (Cause::DnsBlocked, Signal::DnsEgressBlocked) => s("policy", 40, true),
        (Cause::DnsBlocked, Signal::DnsFailure { .. }) => s("logs", 25, true),
        (Cause::DependencyDown, Signal::NoEndpoints { .. }) => s("endpoints", 30, true),
        (Cause::DependencyDown, Signal::ConnectionFailure) => s("logs", 20, true),
        (Cause::DependencyDown, Signal::LogErrors { .. }) => s("errors", 10, false),
        (Cause::BadRollout, Signal::Rollout { image_changed }) => {
            s("rollout", if *image_changed { 40 } else { 30 }, true)
        }
        (Cause::BadRollout, Signal::RolloutStalled) => s("stalled", 10, false),
        (Cause::BadRollout, Signal::CrashLoop { .. }) => s("crash", 10, false),
        (Cause::StorageFull, Signal::VolumeUnusable) => s("unusable", 30, true),
        (Cause::AdmissionBlocked, Signal::WebhookDown { blocks: true }) => s("webhook", 60, true),
        (Cause::AdmissionBlocked, Signal::WebhookDown { blocks: false }) => s("webhook", 20, true),
        (
            Cause::AdmissionBlocked,
            Signal::ReplicasUnavailable {
                create_failing: true,
                ..
            },
        ) => s("create", 20, false),
        (Cause::AdmissionBlocked, Signal::WarningEvents { reason, .. })
            if reason == "FailedCreate" =>
        {
            s("events", 10, false)
        }
        (Cause::ImageUnavailable, Signal::ImagePullFailed { .. }) => s("pull", 60, true),
        (Cause::ImageUnavailable, Signal::WarningEvents { reason, .. })
            if reason == "ErrImagePull" || reason == "ImagePullBackOff" || reason == "Failed" =>
        {
            s("events", 5, false)
        }
        (Cause::ContainersCannotStart, Signal::ConfigMissing { .. }) => s("config", 60, true),
        (Cause::ContainersCannotStart, Signal::ContainerStartFailed { .. }) => s("start", 50, true),
        (Cause::CannotSchedule, Signal::Unschedulable { .. }) => s("unschedulable", 55, true),
        (Cause::CannotSchedule, Signal::SchedulingGated { .. }) => s("gated", 45, true),
        (Cause::CannotSchedule, Signal::PodsPending { .. }) => s("pending", 35, true),
        (Cause::CannotSchedule, Signal::WarningEvents { reason, .. })
            if reason == "FailedScheduling" =>
        {
            s("events", 5, false)
        }
        (Cause::NodeFailure, Signal::NodeCondition { .. }) => s("condition", 45, true),
        (Cause::NodeFailure, Signal::NodeNotReady) => s("notready", 40, true),
        (Cause::NodeFailure, Signal::PodsEvicted { .. }) => s("evicted", 15, true),
        (Cause::NodeFailure, Signal::ContainerCreatingStuck { .. }) => s("creating", 10, false),
        (Cause::RoutingBroken, Signal::IngressBroken { missing_backend }) => {
            s("ingress", if *missing_backend { 45 } else { 30 }, true)
        }
        (Cause::JobFailing, Signal::JobFailing) => s("job", 40, true),
        _ => None,
    }
}

/// Ranks hypotheses over findings (indices in `supporting` refer to this slice).
pub fn rank(findings: &[Finding]) -> Vec<Hypothesis> {
    let mut out: Vec<Hypothesis> = Cause::ALL
        .into_iter()
        .filter_map(|cause| hypothesis(cause, findings))
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.cause.cmp(&b.cause)));
    for (i, h) in out.iter_mut().enumerate() {
        h.rank = i + 1;
    }
    out
}

fn hypothesis(cause: Cause, findings: &[Finding]) -> Option<Hypothesis> {
    let mut supporting = Vec::new();
    let mut rules: Vec<&'static str> = Vec::new();
    let mut score = 0u32;
    let mut has_key = false;
    for (i, f) in findings.iter().enumerate() {
        let Some(sup) = support(cause, &f.signal) else {
            continue;
        };
        supporting.push(i);
        has_key |= sup.key;
        if !rules.contains(&sup.rule) {
            rules.push(sup.rule);
            score += sup.weight;
        }
    }
    if !has_key {
        return None;
    }
    let picked: Vec<&Finding> = supporting.iter().filter_map(|i| findings.get(*i)).collect();
    score += bonus(cause, findings, &picked);
    let score = score.min(100);
    Some(Hypothesis {
        rank: 0,
        cause,
        title: title(cause, &picked, &rules),
        score,
        confidence: Confidence::of(score),
        remedies: remedies(cause, &picked),
        supporting,
    })
}

/// Extra weight when most crash-looping pods were OOMKilled (up to 20).
fn bonus(cause: Cause, all: &[Finding], picked: &[&Finding]) -> u32 {
    if cause != Cause::MemoryExhaustion {
        return 0;
    }
    let crashing: usize = all
        .iter()
        .map(|f| match f.signal {
            Signal::CrashLoop { pods } => pods,
            _ => 0,
        })
        .sum();
    let oom = oom_pods(picked);
    if crashing == 0 {
        return 0;
    }
    u32::try_from(20 * oom.min(crashing) / crashing).unwrap_or(0)
}

fn oom_pods(picked: &[&Finding]) -> usize {
    picked
        .iter()
        .map(|f| match f.signal {
            Signal::OomKilled { pods, .. } => pods,
            _ => 0,
        })
        .sum()
}

/// A hypothesis's title: a head naming the cause, then the evidence for it, each part said
/// when its rule supports the hypothesis.
fn title(cause: Cause, picked: &[&Finding], rules: &[&str]) -> Text {
    let mut t = Parts {
        rules,
        parts: Vec::new(),
    };
    let head = match cause {
        Cause::MemoryExhaustion => memory_title(&mut t, picked),
        Cause::ProbeKillsStartup => probe_title(&mut t, picked),
        Cause::StorageFull => storage_title(&mut t, picked),
        Cause::DnsBlocked => dns_title(&mut t, picked),
        Cause::DependencyDown => dependency_title(&mut t, picked),
        Cause::BadRollout => rollout_title(&mut t, picked),
        Cause::AdmissionBlocked => t.listed("hyp-admission", &["webhook", "create", "events"]),
        Cause::ImageUnavailable => {
            let auth = picked
                .iter()
                .any(|f| matches!(f.signal, Signal::ImagePullFailed { auth: true, .. }));
            if auth {
                t.say_key("hyp-image-auth");
            }
            t.listed("hyp-image", &["events"])
        }
        Cause::ContainersCannotStart => t.listed("hyp-containers", &["config", "start"]),
        Cause::CannotSchedule => t.listed("hyp-schedule", &["unschedulable", "gated", "pending"]),
        Cause::NodeFailure => node_title(&mut t, picked),
        Cause::RoutingBroken => {
            t.say_key("hyp-routing-missing");
            Msg::new("hyp-routing").into()
        }
        Cause::JobFailing => Msg::new("hyp-jobs").into(),
    };
    if t.parts.is_empty() {
        head
    } else {
        Text::with(
            Msg::new("hypothesis-title"),
            [("head", head), ("evidence", Text::Phrases(t.parts))],
        )
    }
}

/// The parts of a title after its head, and the rules that decide which are said.
struct Parts<'r> {
    rules: &'r [&'r str],
    parts: Vec<Text>,
}

impl Parts<'_> {
    fn has(&self, rule: &str) -> bool {
        self.rules.contains(&rule)
    }

    fn push(&mut self, part: impl Into<Text>) {
        self.parts.push(part.into());
    }

    /// Says message `key`.
    fn say_key(&mut self, key: &'static str) {
        self.push(Msg::new(key));
    }

    /// Says message `HEAD-RULE` for each of `rules` that supports the hypothesis, in order.
    fn say(&mut self, head: &str, rules: &[&str]) {
        for rule in rules {
            if self.has(rule) {
                self.push(Msg {
                    key: format!("{head}-{rule}").into(),
                    args: Vec::new(),
                });
            }
        }
    }

    /// `say`s the rules' parts and returns the head.
    fn listed(&mut self, head: &'static str, rules: &[&str]) -> Text {
        self.say(head, rules);
        Msg::new(head).into()
    }
}

fn memory_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    let limit = picked.iter().find_map(|f| match &f.signal {
        Signal::OomKilled {
            memory_limit: Some(l),
            ..
        } => Some(l.clone()),
        _ => None,
    });
    if t.has("oom") {
        t.push(Msg::new("hyp-memory-oom").arg("pods", oom_pods(picked)));
    }
    t.say("hyp-memory", &["heap", "near", "node", "events", "jvm"]);
    let kind = if t.has("heap") { "heap" } else { "memory" };
    let limit = limit.unwrap_or_else(|| "none".into());
    Msg::new("hyp-memory")
        .arg("kind", kind)
        .arg("limit", limit)
        .into()
}

fn storage_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    if t.has("full") {
        let names: Vec<&str> = picked
            .iter()
            .filter(|f| f.signal == Signal::VolumeFull)
            .filter_map(|f| f.subjects.first().map(String::as_str))
            .collect();
        t.push(Text::with(
            Msg::new("hyp-storage-full"),
            [("volumes", Text::list(&names, MAX_NAMES))],
        ));
    }
    if t.has("unbound") {
        t.say_key("hyp-storage-unbound");
    }
    if t.has("mount") || t.has("events") {
        t.say_key("hyp-storage-mount");
    }
    t.listed("hyp-storage", &["logs", "node"])
}

/// The head says no more than its signals show: "kills containers before start-up completes"
/// only when the probe's failures add up to a kill before the logged start-up time; "kills
/// containers" when the kubelet killed some for failed probes; "checks the app before it has
/// started" when it merely begins before that time; else "fails".
fn probe_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    let has = |wanted: fn(&Signal) -> bool| picked.iter().any(|f| wanted(&f.signal));
    let head = if has(|s| {
        matches!(
            s,
            Signal::LivenessBeforeStartup {
                kills_before_start: true
            }
        )
    }) {
        "hyp-probe"
    } else if has(|s| matches!(s, Signal::ProbeKilled { .. })) {
        "hyp-probe-kills"
    } else if has(|s| matches!(s, Signal::LivenessBeforeStartup { .. })) {
        "hyp-probe-checks-early"
    } else {
        "hyp-probe-fails"
    };
    t.say("hyp-probe", &["killed", "early", "failing", "events"]);
    Msg::new(head).into()
}

fn dns_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    if t.has("policy") {
        t.say_key("hyp-dns-policy");
    }
    let host = picked.iter().find_map(|f| match &f.signal {
        Signal::DnsFailure { host: Some(h) } => Some(h.clone()),
        _ => None,
    });
    if t.has("logs") {
        t.push(match host {
            Some(h) => Msg::new("hyp-dns-host").arg("host", h),
            None => Msg::new("hyp-dns-logs"),
        });
    }
    Msg::new(if t.has("policy") {
        "hyp-dns-blocked"
    } else {
        "hyp-dns"
    })
    .into()
}

fn dependency_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    let services: Vec<String> = picked
        .iter()
        .filter_map(|f| match &f.signal {
            Signal::NoEndpoints { service, namespace } => Some(format!("{namespace}/{service}")),
            _ => None,
        })
        .collect();
    if !services.is_empty() {
        t.push(Text::with(
            Msg::new("hyp-dependency-service"),
            [("services", Text::list(&services, MAX_NAMES))],
        ));
    }
    t.listed("hyp-dependency", &["logs"])
}

fn rollout_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    let image = picked.iter().any(|f| {
        f.signal
            == Signal::Rollout {
                image_changed: true,
            }
    });
    t.say_key(if image {
        "hyp-rollout-image"
    } else {
        "hyp-rollout-revision"
    });
    t.listed("hyp-rollout", &["stalled", "crash"])
}

fn node_title(t: &mut Parts, picked: &[&Finding]) -> Text {
    let conditions: Vec<String> = picked
        .iter()
        .filter_map(|f| match &f.signal {
            Signal::NodeCondition { condition } => Some(condition.clone()),
            _ => None,
        })
        .collect();
    if !conditions.is_empty() {
        // Condition names as the cluster spells them, one phrase each.
        t.push(Text::Phrases(
            conditions.iter().map(|c| Text::list(&[c], 1)).collect(),
        ));
    }
    t.listed("hyp-node", &["notready", "evicted"])
}

/// The supporting findings' suggestions: one per rule first (strongest rule first), then the
/// rest, without repeats.
///
/// The JVM sizing fixes, one per container, come just before the OutOfMemoryError's, whatever
/// their weight: where they are given, the OutOfMemoryError's fix leaves the heap's size to them
/// (`logs::suggestion`), so none of them may be the one `MAX_REMEDIES` cuts.
fn remedies(cause: Cause, picked: &[&Finding]) -> Vec<Text> {
    let mut ordered: Vec<(&'static str, u32, &Text)> = picked
        .iter()
        .filter_map(|f| {
            let s = support(cause, &f.signal)?;
            Some((s.rule, s.weight, f.suggestion.as_ref()?))
        })
        .collect();
    ordered.sort_by_key(|&(rule, weight, _)| match rule {
        JVM_RULE => (std::cmp::Reverse(HEAP_WEIGHT), 0),
        _ => (std::cmp::Reverse(weight), 1),
    });
    let mut seen_rules: Vec<&str> = Vec::new();
    let (mut first, mut rest): (Vec<&Text>, Vec<&Text>) = (Vec::new(), Vec::new());
    for (rule, _, suggestion) in ordered {
        if seen_rules.contains(&rule) && rule != JVM_RULE {
            rest.push(suggestion);
        } else {
            seen_rules.push(rule);
            first.push(suggestion);
        }
    }
    let mut out: Vec<Text> = Vec::new();
    for s in first.into_iter().chain(rest) {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out.truncate(MAX_REMEDIES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{Check, Severity, diagnose, testdata};

    fn finding(signal: Signal, suggestion: &str) -> Finding {
        Finding {
            check: Check::Logs,
            severity: Severity::Warning,
            signal,
            title: String::new().into(),
            detail: String::new().into(),
            subjects: vec!["shop/web".into()],
            evidence: Vec::new(),
            suggestion: Some(suggestion.into()),
        }
    }

    #[test]
    fn seed_ranks_heap_exhaustion_first() {
        let d = diagnose(&testdata::seed());
        let h = &d.hypotheses;
        assert_eq!(h[0].rank, 1);
        assert_eq!(h[0].cause, Cause::MemoryExhaustion);
        assert_eq!(
            testdata::en(&h[0].title),
            "Heap exhaustion under a 2Gi memory limit — OOMKilled ×28, OutOfMemoryError in \
             previous logs, node MemoryPressure, JVM heap not sized from the limit"
        );
        assert_eq!(h[0].confidence, Confidence::High);
        let remedies: Vec<String> = h[0].remedies.iter().map(testdata::en).collect();
        let remedies = remedies.join("\n");
        assert!(remedies.contains("from 2Gi to 4Gi"), "{remedies}");
        // The heap's size is said once per container, by the JVM finding's fix, before the
        // OutOfMemoryError's fix that says how to find what fills it.
        assert!(
            remedies.contains(
                "Set JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=80 on container payment (heap ≈ 1.6Gi \
                 of the 2Gi limit, the rest for metaspace, threads and buffers); raise the limit \
                 too if the heap needs more\n\
                 Find what fills the heap: add -XX:+HeapDumpOnOutOfMemoryError"
            ),
            "{remedies}"
        );
        assert!(!remedies.contains("Size the heap"), "{remedies}");
        assert_eq!(remedies.matches("HeapDumpOnOutOfMemoryError").count(), 1);
        let supporting: Vec<String> = h[0]
            .supporting
            .iter()
            .map(|i| testdata::en(&d.findings[*i].title))
            .collect();
        assert!(
            supporting
                .iter()
                .any(|t| t
                    == "15 payment-service pods OOMKilled (exit 137) under a 2Gi memory limit")
        );
        let causes: Vec<Cause> = h.iter().map(|h| h.cause).collect();
        assert_eq!(
            causes,
            [
                Cause::MemoryExhaustion,
                Cause::StorageFull,
                Cause::DnsBlocked,
                Cause::DependencyDown,
                Cause::ProbeKillsStartup,
            ]
        );
        let dns = h.iter().find(|h| h.cause == Cause::DnsBlocked).unwrap();
        assert_eq!(
            testdata::en(&dns.title),
            "DNS blocked by NetworkPolicy — NetworkPolicy denies egress without port 53, \
             UnknownHostException for redis.cache in logs"
        );
        assert!(testdata::en(&dns.remedies[0]).contains("name: allow-dns"));
        let dep = h.iter().find(|h| h.cause == Cause::DependencyDown).unwrap();
        assert_eq!(
            testdata::en(&dep.title),
            "A dependency is down — Service cache/redis has no ready endpoints"
        );
    }

    #[test]
    fn supporting_signals_alone_make_no_hypothesis() {
        let h = rank(&[
            finding(Signal::NodeMemoryPressure, "add nodes"),
            finding(Signal::RolloutStalled, "undo"),
        ]);
        assert!(h.is_empty(), "{h:#?}");
    }

    #[test]
    fn a_recent_image_change_with_crash_loops_is_a_bad_rollout() {
        let h = rank(&[
            finding(Signal::CrashLoop { pods: 3 }, "read logs"),
            finding(
                Signal::Rollout {
                    image_changed: true,
                },
                "kubectl rollout undo",
            ),
        ]);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].cause, Cause::BadRollout);
        assert_eq!(
            testdata::en(&h[0].title),
            "Bad rollout — new image rolled out recently, pods crash-looping"
        );
        assert_eq!(h[0].supporting, [0, 1]);
        assert_eq!(
            h[0].remedies.iter().map(testdata::en).collect::<Vec<_>>(),
            ["kubectl rollout undo", "read logs"]
        );
        assert_eq!(h[0].score, 50);
    }

    #[test]
    fn the_jvm_sizing_fix_is_not_the_remedy_cut() {
        let h = rank(&[
            finding(
                Signal::OomKilled {
                    pods: 3,
                    memory_limit: Some("1Gi".into()),
                },
                "raise the limit",
            ),
            finding(Signal::HeapExhausted, "take a heap dump"),
            finding(Signal::MemoryNearLimit, "watch the usage"),
            finding(Signal::NodeMemoryPressure, "relieve the nodes"),
            finding(
                Signal::WarningEvents {
                    reason: "OOMKilling".into(),
                    count: 3,
                },
                "read the kernel log",
            ),
            finding(Signal::JvmWithoutMaxRam, "size the heap"),
        ]);
        assert_eq!(h[0].cause, Cause::MemoryExhaustion);
        assert_eq!(
            h[0].remedies.iter().map(testdata::en).collect::<Vec<_>>(),
            [
                "raise the limit",
                "size the heap",
                "take a heap dump",
                "watch the usage",
                "relieve the nodes"
            ]
        );
    }

    #[test]
    fn a_webhook_that_is_down_ranks_above_the_pods_it_keeps_from_existing() {
        let h = rank(&[
            finding(
                Signal::ReplicasUnavailable {
                    available: 0,
                    desired: 3,
                    create_failing: true,
                },
                "describe the deployment",
            ),
            finding(
                Signal::NoEndpoints {
                    service: "web".into(),
                    namespace: "shop".into(),
                },
                "start the pods",
            ),
            finding(Signal::WebhookDown { blocks: true }, "restore the webhook"),
        ]);
        assert_eq!(h[0].cause, Cause::AdmissionBlocked);
        assert_eq!(
            testdata::en(&h[0].title),
            "An admission webhook that is down blocks object creation — webhook backend \
             missing or without ready endpoints, controllers report FailedCreate"
        );
        assert_eq!(testdata::en(&h[0].remedies[0]), "restore the webhook");
        assert!(h[0].score > h[1].score);
    }

    #[test]
    fn a_probe_that_only_begins_early_is_not_said_to_kill() {
        let early = |kills_before_start| {
            finding(
                Signal::LivenessBeforeStartup { kills_before_start },
                "add a startupProbe",
            )
        };
        let title = |findings: &[Finding]| testdata::en(&rank(findings)[0].title);
        assert_eq!(
            title(&[early(false), finding(Signal::LivenessFailing, "relax it")]),
            "Liveness probe checks the app before it has started — liveness probe begins \
             before the logged start-up time, liveness failures without a startupProbe"
        );
        assert_eq!(
            title(&[early(true)]),
            "Liveness probe kills containers before start-up completes — liveness probe \
             begins before the logged start-up time"
        );
        assert_eq!(
            title(&[
                early(false),
                finding(Signal::ProbeKilled { pods: 2 }, "relax it")
            ]),
            "Liveness probe kills containers — containers killed after liveness failures \
             (exit 137), liveness probe begins before the logged start-up time"
        );
        assert_eq!(
            title(&[finding(Signal::LivenessFailing, "relax it")]),
            "Liveness probe fails — liveness failures without a startupProbe"
        );
    }

    #[test]
    fn healthy_namespace_has_no_hypotheses() {
        assert!(diagnose(&testdata::healthy()).hypotheses.is_empty());
    }
}
