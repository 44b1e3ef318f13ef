//! The verdict: the headline of a triage report, decided from what was read (`Coverage`),
//! what was found and what could not be checked. "Healthy" is said only when every read was
//! answered and nothing was found; a report whose needed reads failed says so first.

use chrono::Duration;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use super::finding::{Finding, Severity};
use super::{events, text, workload};
use crate::cluster::{Coverage, Failure, NotChecked, Outcome, Read, Snapshot, Target};

/// Most "not checked" items the headline names before "and N more".
const MAX_GAPS: usize = 4;
/// Restarts are counted over this window before the snapshot.
const RESTART_WINDOW_HOURS: i64 = 24;

/// What the report says first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The reads a conclusion needs failed: neither "broken" nor "healthy" can be said.
    CouldNotDiagnose {
        subject: String,
        reason: String,
        /// No request at all got an answer.
        nothing_checked: bool,
    },
    /// Nothing of that name exists where it was looked for.
    NotFound { subject: String, namespace: String },
    /// Critical or warning findings, or the target exists but something it needs does not.
    Problems {
        subject: String,
        critical: usize,
        warning: usize,
        /// "Deployment checkout has no pods", "Service cache/redis does not exist".
        missing: Vec<String>,
        /// Short "what (why)" items that could not be checked.
        not_checked: Vec<String>,
    },
    /// Every check ran and found nothing worse than info.
    Healthy { summary: Summary },
    /// Nothing found in what was checked, but some checks could not run.
    Inconclusive {
        summary: Option<Summary>,
        not_checked: Vec<String>,
    },
}

impl Verdict {
    /// A stable name for metrics and templates: `could_not_diagnose`, `healthy`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::CouldNotDiagnose { .. } => "could_not_diagnose",
            Verdict::NotFound { .. } => "not_found",
            Verdict::Problems { .. } => "problems",
            Verdict::Healthy { .. } => "healthy",
            Verdict::Inconclusive { .. } => "inconclusive",
        }
    }

    /// Whether the report can say the target is fine.
    pub fn is_healthy(&self) -> bool {
        matches!(self, Verdict::Healthy { .. })
    }

    /// The headline in English (the Discord card and the English template).
    pub fn headline(&self) -> String {
        match self {
            Verdict::CouldNotDiagnose {
                subject,
                reason,
                nothing_checked,
            } => {
                let tail = if *nothing_checked {
                    "nothing was checked"
                } else {
                    "no conclusion about its health is possible from what was read"
                };
                format!("Could not diagnose {subject}: {reason}; {tail}")
            }
            Verdict::NotFound { subject, namespace } => format!(
                "Could not diagnose {subject}: nothing of that name was found in namespace \
                 {namespace} (no Service with a selector, no pods labelled app={subject} or \
                 app.kubernetes.io/name={subject}, no Deployment, StatefulSet, DaemonSet, Job, \
                 CronJob, Ingress or HPA {subject}); check the name and the namespace"
            ),
            Verdict::Problems {
                subject,
                critical,
                warning,
                missing,
                not_checked,
            } => {
                let mut parts = Vec::new();
                let counts: Vec<String> = [(*critical, "critical"), (*warning, "warning")]
                    .into_iter()
                    .filter(|(n, _)| *n > 0)
                    .map(|(n, what)| format!("{n} {what}"))
                    .collect();
                if !counts.is_empty() {
                    let n = critical + warning;
                    parts.push(format!(
                        "{} {}",
                        counts.join(" and "),
                        if n == 1 { "finding" } else { "findings" }
                    ));
                }
                parts.extend(missing.iter().cloned());
                let mut line = format!("{subject}: {}", parts.join("; "));
                if !not_checked.is_empty() {
                    line.push_str(&format!("; not checked: {}", gaps(not_checked)));
                }
                line
            }
            Verdict::Healthy { summary } => summary.text(),
            Verdict::Inconclusive { not_checked, .. } => format!(
                "No problems found in what was checked; not checked: {}",
                gaps(not_checked)
            ),
        }
    }
}

/// Why nothing could be diagnosed, when no read answered or the pods could not be read (a
/// workload's own list failed, even if the namespace's pod count answered); and whether
/// nothing at all was checked.
fn unread(s: &Snapshot, coverage: &Coverage, not_checked: &[NotChecked]) -> Option<(String, bool)> {
    if !coverage.any_answered() {
        return Some((nothing_answered(coverage, not_checked), true));
    }
    if coverage.answered("pods") && !s.pods_unread {
        return None;
    }
    let why = coverage
        .of("pods")
        .chain(coverage.first_failure())
        .find_map(|r| r.failure().map(|f| phrase(f, r)))
        .unwrap_or_else(|| "the request was not sent".into());
    Some((format!("its pods could not be read ({why})"), false))
}

/// A workload with no pods that the cluster does not hold either, or whose read failed.
fn not_found(s: &Snapshot, coverage: &Coverage, name: &str, subject: String) -> Verdict {
    let unread = coverage
        .reads
        .iter()
        .find(|r| r.name.as_deref() == Some(name) && r.failure().is_some());
    match unread {
        Some(r) => Verdict::CouldNotDiagnose {
            subject,
            reason: format!(
                "no pods match it, and whether a {} of that name exists could not be read ({})",
                kind_of(&r.resource),
                r.failure().map_or_else(String::new, |f| phrase(f, r))
            ),
            nothing_checked: false,
        },
        None => Verdict::NotFound {
            subject,
            namespace: s
                .namespace
                .clone()
                .unwrap_or_else(|| "all namespaces".into()),
        },
    }
}

/// What was not checked, short, except objects already said to be absent; else the first read
/// that failed.
fn gap_lines(not_checked: &[NotChecked], absent: &[&Read], coverage: &Coverage) -> Vec<String> {
    let mut gaps: Vec<String> = not_checked
        .iter()
        .filter(|n| !absent.iter().any(|r| n.what.contains(&object_name(r))))
        .map(|n| format!("{} ({})", short_what(&n.what), short_why(&n.why)))
        .collect();
    if gaps.is_empty()
        && let Some(r) = coverage.first_failure()
    {
        gaps.push(format!(
            "{} {} ({})",
            r.verb,
            r.resource,
            r.failure().map_or_else(String::new, Failure::short)
        ));
    }
    gaps.dedup();
    gaps
}

fn gaps(items: &[String]) -> String {
    text::join_capped(items, MAX_GAPS)
}

/// Decides the verdict of one triage. Pure: everything comes from the arguments.
pub fn verdict(
    s: &Snapshot,
    findings: &[Finding],
    not_checked: &[NotChecked],
    coverage: &Coverage,
) -> Verdict {
    let subject = subject(s);
    if let Some((reason, nothing_checked)) = unread(s, coverage, not_checked) {
        return Verdict::CouldNotDiagnose {
            subject,
            reason,
            nothing_checked,
        };
    }
    let workload = s.target.as_ref().and_then(Target::workload);
    let mut missing = Vec::new();
    if let Some(name) = workload
        && s.pods.is_empty()
    {
        match without_pods(s, name) {
            Some(Some(line)) => missing.push(line),
            Some(None) => {}
            None => return not_found(s, coverage, name, subject),
        }
    }
    let absent: Vec<&Read> = coverage
        .reads
        .iter()
        .filter(|r| r.outcome == Outcome::Missing)
        .filter(|r| !(r.name.as_deref() == workload && r.namespace == s.namespace))
        .collect();
    for r in &absent {
        let line = format!("{} {} does not exist", kind_of(&r.resource), object_name(r));
        if !missing.contains(&line) {
            missing.push(line);
        }
    }
    let gaps = gap_lines(not_checked, &absent, coverage);
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let (critical, warning) = (count(Severity::Critical), count(Severity::Warning));
    if critical + warning > 0 || !missing.is_empty() {
        return Verdict::Problems {
            subject,
            critical,
            warning,
            missing,
            not_checked: gaps,
        };
    }
    let summary = summary(s, coverage, &subject);
    if gaps.is_empty() {
        Verdict::Healthy { summary }
    } else {
        Verdict::Inconclusive {
            summary: Some(summary),
            not_checked: gaps,
        }
    }
}

/// `checkout`, `namespace production`, `all namespaces`.
fn subject(s: &Snapshot) -> String {
    match (&s.target, &s.namespace) {
        (Some(Target::Workload { name }), _) => name.clone(),
        (_, Some(ns)) => format!("namespace {ns}"),
        (_, None) => "all namespaces".into(),
    }
}

/// Why no request was answered, as one clause.
fn nothing_answered(coverage: &Coverage, not_checked: &[NotChecked]) -> String {
    let failures: Vec<(Failure, &Read)> = coverage
        .reads
        .iter()
        .filter_map(|r| Some((r.failure()?, r)))
        .collect();
    if failures.len() > 1 && failures.iter().all(|(f, _)| *f == Failure::Forbidden) {
        return "every read was forbidden (403); run warroom check to see which grants are \
                missing"
            .into();
    }
    match failures.first() {
        Some((f, r)) => phrase(*f, r),
        None => not_checked.first().map_or_else(
            || "no request was sent to the API server".into(),
            |n| n.why.clone(),
        ),
    }
}

/// A failure as a clause: "the API server did not answer within 10 s".
fn phrase(f: Failure, r: &Read) -> String {
    let scope = r
        .namespace
        .as_ref()
        .map_or_else(String::new, |ns| format!(" in namespace {ns}"));
    match f {
        Failure::Timeout { secs } => format!("the API server did not answer within {secs} s"),
        Failure::Deadline { secs } => {
            format!("the triage deadline of {secs} s passed before the API server answered")
        }
        Failure::Unreachable => "the API server could not be reached".into(),
        Failure::Unauthorized => "the API server rejected warroom's credentials (401)".into(),
        Failure::Forbidden => format!(
            "warroom may not {} {}{scope} (403 forbidden)",
            r.verb, r.resource
        ),
        Failure::NotServed => format!("{} is not served by this API server", r.resource),
        Failure::Status { code } => format!(
            "the API server answered {code} to {} {}{scope}",
            r.verb, r.resource
        ),
        Failure::Decode => format!(
            "the API server's answer to {} {}{scope} could not be read",
            r.verb, r.resource
        ),
        Failure::Stalled { secs } => format!("a log stream did not finish within {secs} s"),
        Failure::Refused => "the request was refused before it was sent".into(),
    }
}

/// The object that exists under the name although it has no pods: `Some(Some(line))` when
/// that is a problem ("Deployment web exists but has no pods"), `Some(None)` when it may be
/// normal (a CronJob between runs, a Job whose pods were removed: their analyzers judge their
/// status), `None` when nothing of that name was read.
fn without_pods(s: &Snapshot, name: &str) -> Option<Option<String>> {
    let desired = find(&s.deployments, name)
        .map(|d| ("Deployment", d.spec.replicas.unwrap_or(1)))
        .or_else(|| {
            find(&s.stateful_sets, name).map(|st| ("StatefulSet", st.spec.replicas.unwrap_or(1)))
        })
        .or_else(|| {
            find(&s.daemon_sets, name).map(|d| {
                let st = d.status.as_ref();
                ("DaemonSet", st.map_or(0, |st| st.desired_number_scheduled))
            })
        });
    if let Some((kind, desired)) = desired {
        return Some(Some(format!(
            "{kind} {name} exists but has no pods ({desired} desired)"
        )));
    }
    if find(&s.jobs, name).is_some() || find(&s.cron_jobs, name).is_some() {
        return Some(None);
    }
    if find(&s.ingresses, name).is_some() {
        return Some(Some(format!(
            "Ingress {name} exists but its backend Services select no pods"
        )));
    }
    if let Some(h) = find(&s.hpas, name) {
        let t = &h.spec.scale_target_ref;
        let ns = h.metadata.namespace.as_deref();
        // A target that does not exist is said by the HPA's own finding.
        return Some((!s.is_missing(&t.kind, ns, &t.name)).then(|| {
            format!(
                "HorizontalPodAutoscaler {name} exists but its {} {} has no pods",
                t.kind, t.name
            )
        }));
    }
    find(&s.services, name).map(|_| Some(format!("Service {name} exists but selects no pods")))
}

/// The first of `items` called `name`.
fn find<'a, T>(items: &'a [T], name: &str) -> Option<&'a T>
where
    T: k8s_openapi::Metadata<Ty = ObjectMeta>,
{
    items
        .iter()
        .find(|o| o.metadata().name.as_deref() == Some(name))
}

/// `namespace/name` or `name`.
fn object_name(r: &Read) -> String {
    let name = r.name.as_deref().unwrap_or("?");
    match &r.namespace {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_string(),
    }
}

/// `services` → `Service`, `deployments.apps` → `Deployment`.
fn kind_of(resource: &str) -> String {
    let plural = resource.split(['.', '/']).next().unwrap_or(resource);
    let known = [
        ("services", "Service"),
        ("deployments", "Deployment"),
        ("statefulsets", "StatefulSet"),
        ("daemonsets", "DaemonSet"),
        ("replicasets", "ReplicaSet"),
        ("persistentvolumeclaims", "PersistentVolumeClaim"),
        ("persistentvolumes", "PersistentVolume"),
        ("pods", "pod"),
        ("nodes", "node"),
    ];
    known
        .iter()
        .find(|(p, _)| *p == plural)
        .map_or_else(|| plural.to_string(), |(_, k)| (*k).to_string())
}

/// The object part of a "not checked" line: `events in namespace production` → `events`.
fn short_what(what: &str) -> String {
    let cut = [
        " in namespace",
        " in all namespaces",
        " at the cluster",
        " (",
    ]
    .iter()
    .filter_map(|m| what.find(m))
    .min()
    .unwrap_or(what.len());
    what[..cut].to_string()
}

/// The reason part, in a few words: `forbidden`, `no answer within 10 s`.
fn short_why(why: &str) -> String {
    let within = || {
        why.split("within ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .map_or_else(
                || "no answer".to_string(),
                |n| format!("no answer within {n} s"),
            )
    };
    let fixed = [
        ("forbidden", "forbidden"),
        ("skipped: this triage's budget", "request budget used up"),
        ("skipped: only", "over the lookup limit"),
        (
            "skipped: the API server",
            "skipped: the API server stopped answering",
        ),
        ("this triage's deadline", "triage deadline reached"),
        ("the log stream started", "log stream too slow"),
        ("the kubelet did not answer", "the kubelet did not answer"),
        ("cannot reach the API server", "API server unreachable"),
        ("the API server rejected", "credentials refused"),
        (
            "could not read the API server's answer",
            "unreadable answer",
        ),
        ("a triage reads at most", "list cut short"),
        ("metrics.k8s.io is not served", "metrics API not served"),
        ("metrics.k8s.io is registered", "metrics API unavailable"),
    ];
    if let Some((_, short)) = fixed.iter().find(|(p, _)| why.starts_with(p)) {
        return (*short).to_string();
    }
    if why.contains("did not answer within") {
        return within();
    }
    if let Some(rest) = why.strip_prefix("the API server answered ") {
        return format!("error {}", rest.split(' ').next().unwrap_or("?"));
    }
    if why.contains("not served") {
        return "not served".into();
    }
    if why.contains("not found") {
        return "not found".into();
    }
    if why.starts_with("skipped") {
        return "skipped".into();
    }
    text::truncate(why.split([':', ';', '(']).next().unwrap_or(why).trim(), 40)
}

/// The state in one line, stating only what was read: "web-frontend: 3/3 ready, 0 restarts in
/// 24 h, no warning events in 6 h"; for an overview, "namespace production: no failing pods, no
/// warning events in 6 h, 4/4 nodes ready". The fields let each locale's template phrase it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub subject: String,
    /// Workload: pods with Ready=True, of `pods`.
    pub ready: Option<usize>,
    pub pods: Option<usize>,
    /// Workload: restarts of containers whose last restart is within the window.
    pub restarts: Option<i64>,
    /// Overview: failing pods.
    pub failing_pods: Option<usize>,
    /// `None` when events were not read.
    pub warning_events: Option<i64>,
    /// Overview: Ready nodes, of `nodes`.
    pub nodes_ready: Option<usize>,
    pub nodes: Option<usize>,
}

impl Summary {
    /// The line in English.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(ready), Some(pods)) = (self.ready, self.pods) {
            parts.push(format!("{ready}/{pods} ready"));
        }
        if let Some(n) = self.restarts {
            parts.push(match n {
                0 => format!("0 restarts in {RESTART_WINDOW_HOURS} h"),
                1 => format!("1 restart in {RESTART_WINDOW_HOURS} h"),
                n => format!("{n} restarts, the latest within {RESTART_WINDOW_HOURS} h"),
            });
        }
        match self.failing_pods {
            Some(0) => parts.push("no failing pods".into()),
            Some(n) => parts.push(text::count(n, "failing pod", "failing pods")),
            None => {}
        }
        match self.warning_events {
            Some(0) => parts.push(format!("no warning events in {} h", events::WINDOW_HOURS)),
            Some(n) => parts.push(format!(
                "{} in {} h",
                text::count(
                    usize::try_from(n).unwrap_or(usize::MAX),
                    "warning event",
                    "warning events",
                ),
                events::WINDOW_HOURS
            )),
            None => {}
        }
        if let (Some(ready), Some(nodes)) = (self.nodes_ready, self.nodes) {
            parts.push(format!("{ready}/{nodes} nodes ready"));
        }
        format!("{}: {}", self.subject, parts.join(", "))
    }
}

fn summary(s: &Snapshot, coverage: &Coverage, subject: &str) -> Summary {
    let workload = s.target.as_ref().and_then(Target::workload).is_some();
    let events_read = coverage.answered("events") || coverage.answered("events.events.k8s.io");
    let mut involved: Vec<&str> = s
        .pods
        .iter()
        .filter_map(|p| p.metadata.name.as_deref())
        .collect();
    involved.extend(
        s.replica_sets
            .iter()
            .filter_map(|r| r.metadata.name.as_deref()),
    );
    involved.extend(
        s.deployments
            .iter()
            .filter_map(|d| d.metadata.name.as_deref()),
    );
    involved.extend(
        s.stateful_sets
            .iter()
            .filter_map(|d| d.metadata.name.as_deref()),
    );
    let warning_events = events_read.then(|| {
        s.events
            .iter()
            .filter(|e| e.type_.as_deref() == Some("Warning"))
            .filter(|e| events::is_recent(e, s.taken_at))
            .filter(|e| {
                !workload
                    || e.involved_object
                        .name
                        .as_deref()
                        .is_some_and(|n| involved.contains(&n))
            })
            .map(|e| i64::from(e.count.unwrap_or(1).max(1)))
            .sum()
    });
    let nodes_read = !workload && coverage.answered("nodes") && !s.nodes.is_empty();
    let node_ready = |n: &&k8s_openapi::api::core::v1::Node| {
        n.status
            .as_ref()
            .and_then(|st| st.conditions.as_ref())
            .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
    };
    Summary {
        subject: subject.to_string(),
        ready: workload.then(|| s.pods.iter().filter(|p| workload::is_ready(p)).count()),
        pods: workload.then_some(s.pods.len()),
        restarts: workload.then(|| restarts(&s.pods, s)),
        failing_pods: (!workload).then_some(s.pods.len()),
        warning_events,
        nodes_ready: nodes_read.then(|| s.nodes.iter().filter(node_ready).count()),
        nodes: nodes_read.then_some(s.nodes.len()),
    }
}

/// Restarts of the containers whose last termination is within the window (their whole
/// count: a container's count does not say when each restart happened).
fn restarts(pods: &[Pod], s: &Snapshot) -> i64 {
    let recent = |pod: &Pod| -> i64 {
        workload::container_statuses(pod)
            .filter(|cs| {
                let finished = cs
                    .last_state
                    .as_ref()
                    .and_then(|st| st.terminated.as_ref())
                    .and_then(|t| t.finished_at.as_ref())
                    .and_then(text::time);
                match (finished, s.taken_at) {
                    (Some(at), Some(now)) => now - at <= Duration::hours(RESTART_WINDOW_HOURS),
                    _ => cs.restart_count > 0,
                }
            })
            .map(|cs| i64::from(cs.restart_count))
            .sum()
    };
    pods.iter().map(recent).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{diagnose, testdata};

    fn read(verb: &'static str, resource: &str, ns: Option<&str>, outcome: Outcome) -> Read {
        Read {
            verb,
            resource: resource.into(),
            namespace: ns.map(str::to_string),
            name: None,
            outcome,
        }
    }

    fn all_answered() -> Coverage {
        Coverage {
            reads: [
                "services",
                "pods",
                "events",
                "nodes",
                "networkpolicies.networking.k8s.io",
            ]
            .iter()
            .map(|r| read("list", r, Some("shop"), Outcome::Answered))
            .collect(),
        }
    }

    fn judge(s: &Snapshot, c: &Coverage) -> Verdict {
        let d = diagnose(s);
        verdict(s, &d.findings, &d.not_checked, c)
    }

    fn note(what: &str, why: &str) -> NotChecked {
        NotChecked {
            what: what.into(),
            why: why.into(),
        }
    }

    #[test]
    fn a_hung_api_server_is_never_no_problems_found() {
        let mut s = testdata::healthy();
        s.pods.clear();
        s.events.clear();
        s.not_checked = vec![note(
            "services in namespace shop",
            "the API server at http://k did not answer within 10 s (it may be overloaded; …)",
        )];
        let c = Coverage {
            reads: vec![read(
                "list",
                "services",
                Some("shop"),
                Outcome::Failed(Failure::Timeout { secs: 10 }),
            )],
        };
        let v = judge(&s, &c);
        assert_eq!(
            v.headline(),
            "Could not diagnose web: the API server did not answer within 10 s; nothing was checked"
        );
        assert_eq!(v.kind(), "could_not_diagnose");
    }

    #[test]
    fn every_read_forbidden_says_so() {
        let mut s = testdata::healthy();
        s.pods.clear();
        let forbidden = Outcome::Failed(Failure::Forbidden);
        let c = Coverage {
            reads: vec![
                read("list", "services", Some("shop"), forbidden),
                read("list", "pods", Some("shop"), forbidden),
            ],
        };
        assert_eq!(
            judge(&s, &c).headline(),
            "Could not diagnose web: every read was forbidden (403); run warroom check to see \
             which grants are missing; nothing was checked"
        );
    }

    #[test]
    fn pods_unreadable_is_no_conclusion() {
        let mut s = testdata::healthy();
        s.pods.clear();
        let mut c = all_answered();
        c.reads[1].outcome = Outcome::Failed(Failure::Status { code: 500 });
        assert_eq!(
            judge(&s, &c).headline(),
            "Could not diagnose web: its pods could not be read (the API server answered 500 to \
             list pods in namespace shop); no conclusion about its health is possible from what \
             was read"
        );
    }

    #[test]
    fn a_healthy_workload_on_a_pressured_node_still_gets_the_short_report() {
        let mut s = testdata::healthy();
        let mut n = testdata::node("node-1");
        n["status"]["conditions"][0]["status"] = serde_json::json!("True");
        s.nodes = vec![testdata::from(n)];
        let v = judge(&s, &all_answered());
        assert_eq!(
            v.headline(),
            "web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h"
        );
    }

    #[test]
    fn a_healthy_workload_gets_the_short_report() {
        let s = testdata::healthy();
        let v = judge(&s, &all_answered());
        assert_eq!(
            v.headline(),
            "web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h"
        );
        assert!(v.is_healthy());
    }

    #[test]
    fn warning_events_older_than_the_events_window_are_not_counted_in_the_healthy_line() {
        let mut s = testdata::healthy();
        let mut old = testdata::event("web-6b7f9c5d4-00000", "Warning", "BackOff", 12, "Back-off");
        old["firstTimestamp"] = serde_json::json!("2026-11-25T09:00:00Z");
        old["lastTimestamp"] = serde_json::json!("2026-11-26T12:00:00Z");
        s.events.push(testdata::from(old));
        let v = judge(&s, &all_answered());
        assert_eq!(
            v.headline(),
            "web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h"
        );
        // One within the window is counted, and the events analyzer reports it.
        s.events.push(testdata::warning(
            "web-6b7f9c5d4-00001",
            "BackOff",
            2,
            "Back-off",
        ));
        let findings = diagnose(&s).findings;
        assert!(
            findings
                .iter()
                .any(|f| f.check == crate::diagnose::Check::Events),
            "{findings:?}"
        );
        assert_eq!(summary(&s, &all_answered(), "web").warning_events, Some(2));
    }

    #[test]
    fn partly_checked_names_what_was_not() {
        let mut s = testdata::healthy();
        s.not_checked = vec![note(
            "events in namespace shop",
            "forbidden: warroom's identity may not list events in namespace \"shop\" (grant …)",
        )];
        let mut c = all_answered();
        c.reads[2].outcome = Outcome::Failed(Failure::Forbidden);
        let v = judge(&s, &c);
        assert_eq!(
            v.headline(),
            "No problems found in what was checked; not checked: events (forbidden)"
        );
        // Events were not read: the summary does not claim "no warning events".
        let Verdict::Inconclusive {
            summary: Some(summary),
            not_checked,
        } = &v
        else {
            panic!("{v:?}")
        };
        assert_eq!(summary.text(), "web: 3/3 ready, 0 restarts in 24 h");
        assert_eq!(summary.warning_events, None);
        assert_eq!(not_checked, &["events (forbidden)"]);
    }

    #[test]
    fn a_failed_read_without_a_note_still_blocks_healthy() {
        let s = testdata::healthy();
        let mut c = all_answered();
        c.reads[3].outcome = Outcome::Failed(Failure::Timeout { secs: 3 });
        let v = judge(&s, &c);
        assert_eq!(
            v.headline(),
            "No problems found in what was checked; not checked: list nodes (no answer within 3 s)"
        );
    }

    #[test]
    fn a_broken_workload_counts_its_findings_and_gaps() {
        let mut c = all_answered();
        let mut s = testdata::seed();
        s.not_checked.push(note(
            "previous logs of p-1 (container app; 3 pod(s): OOMKilled)",
            "the log stream started but did not finish within 1 s (…)",
        ));
        c.reads.push(read(
            "list",
            "pods.metrics.k8s.io",
            Some("production"),
            Outcome::Failed(Failure::NotServed),
        ));
        let v = judge(&s, &c);
        let Verdict::Problems {
            critical, warning, ..
        } = &v
        else {
            panic!("{v:?}")
        };
        assert!(*critical > 0 && *warning > 0);
        let h = v.headline();
        assert_eq!(
            h,
            format!(
                "namespace production: {critical} critical and {warning} warning findings; not \
                 checked: pod and node usage (not served) and previous logs of p-1 (log stream \
                 too slow)"
            )
        );
    }

    #[test]
    fn a_target_without_pods_or_a_missing_dependency_is_a_problem() {
        let mut s = testdata::healthy();
        s.pods.clear();
        s.events.clear();
        let v = judge(&s, &all_answered());
        assert_eq!(
            v.headline(),
            "web: Deployment web exists but has no pods (3 desired)"
        );

        let s = testdata::healthy();
        let mut c = all_answered();
        c.reads.push(Read {
            name: Some("redis".into()),
            ..read("get", "services", Some("cache"), Outcome::Missing)
        });
        let mut s2 = s.clone();
        s2.not_checked = vec![note(
            "dependency cache/redis (named by web)",
            "namespace cache has no Service redis: the host redis.cache cannot resolve (…)",
        )];
        assert_eq!(
            judge(&s2, &c).headline(),
            "web: Service cache/redis does not exist"
        );
    }

    #[test]
    fn every_kind_a_name_resolves_to_is_found_even_without_pods() {
        let base = Snapshot {
            pods: Vec::new(),
            events: Vec::new(),
            deployments: Vec::new(),
            services: Vec::new(),
            ..testdata::healthy()
        };
        let named = |extra: serde_json::Value| {
            let mut v = serde_json::json!({"metadata": {"name": "web", "namespace": "shop"}});
            if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
                o.extend(e.clone());
            }
            v
        };
        let mut ds = base.clone();
        ds.daemon_sets.push(testdata::from(named(
            serde_json::json!({"spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {}}, "status": {"desiredNumberScheduled": 2,
                "currentNumberScheduled": 0, "numberMisscheduled": 0, "numberReady": 0}}),
        )));
        assert_eq!(
            judge(&ds, &all_answered()).headline(),
            "web: 1 critical finding; DaemonSet web exists but has no pods (2 desired)"
        );
        let mut ing = base.clone();
        ing.ingresses
            .push(testdata::from(named(serde_json::json!({}))));
        assert_eq!(
            judge(&ing, &all_answered()).headline(),
            "web: Ingress web exists but its backend Services select no pods"
        );
        // A CronJob between runs has no pods, and that is no problem by itself.
        let mut cron = base.clone();
        cron.cron_jobs.push(testdata::from(named(
            serde_json::json!({"spec": {"schedule": "0 2 * * *", "jobTemplate": {}}}),
        )));
        let v = judge(&cron, &all_answered());
        assert!(v.is_healthy(), "{}", v.headline());
    }

    #[test]
    fn an_unknown_name_is_not_found() {
        let mut s = testdata::healthy();
        s.pods.clear();
        s.deployments.clear();
        s.services.clear();
        let mut c = all_answered();
        c.reads.push(Read {
            name: Some("web".into()),
            ..read("get", "deployments.apps", Some("shop"), Outcome::Missing)
        });
        let v = judge(&s, &c);
        assert_eq!(
            v,
            Verdict::NotFound {
                subject: "web".into(),
                namespace: "shop".into()
            }
        );
        assert!(
            v.headline()
                .starts_with("Could not diagnose web: nothing of that name")
        );
    }

    #[test]
    fn short_reasons_read_naturally() {
        assert_eq!(short_what("pods of web (app=web)"), "pods of web");
        assert_eq!(short_what("pod and node usage"), "pod and node usage");
        assert_eq!(
            short_why("the API server at http://x did not answer within 10 s (it may be …)"),
            "no answer within 10 s"
        );
        assert_eq!(
            short_why("the API server answered 500 to list events in namespace \"a\": boom"),
            "error 500"
        );
        assert_eq!(
            short_why("skipped: the API server did not answer in time"),
            "skipped: the API server stopped answering"
        );
    }
}
