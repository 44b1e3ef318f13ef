//! The verdict: the headline of a triage report, decided from what was read (`Coverage`),
//! what was found and what could not be checked. "Healthy" is said only when every read was
//! answered and nothing was found; a report whose needed reads failed says so first.

use chrono::Duration;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::finding::{Finding, Severity};
use super::{events, text, workload};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{Coverage, Failure, NotChecked, Outcome, Read, Snapshot, Target};
use crate::i18n::{Msg, Text};

/// Most "not checked" items the headline names before "and N more".
const MAX_GAPS: usize = 4;
/// Restarts are counted over this window before the snapshot.
const RESTART_WINDOW_HOURS: i64 = 24;

/// What the report says first. Its words are catalog messages (`headline`), shown in the
/// reader's locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The reads a conclusion needs failed: neither "broken" nor "healthy" can be said.
    CouldNotDiagnose {
        subject: Text,
        reason: Text,
        /// No request at all got an answer.
        nothing_checked: bool,
    },
    /// Nothing of that name exists where it was looked for (`None`: in any namespace).
    NotFound {
        subject: String,
        namespace: Option<String>,
        /// Other namespaces that hold something of that name (`Snapshot::found_in`).
        found_in: Vec<String>,
    },
    /// Critical or warning findings, or the target exists but something it needs does not.
    Problems {
        subject: Text,
        critical: usize,
        warning: usize,
        /// "Deployment checkout has no pods", "Service cache/redis does not exist".
        missing: Vec<Text>,
        /// Short "what (why)" items that could not be checked.
        not_checked: Vec<Text>,
    },
    /// Every check ran and found nothing worse than info.
    Healthy { summary: Summary },
    /// Nothing found in what was checked, but some checks could not run.
    Inconclusive {
        summary: Option<Summary>,
        not_checked: Vec<Text>,
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

    /// Whether no request at all got an answer (the report then has nothing below the
    /// headline but what was not checked).
    pub fn nothing_checked(&self) -> bool {
        matches!(
            self,
            Verdict::CouldNotDiagnose {
                nothing_checked: true,
                ..
            }
        )
    }

    /// The one line below the headline of an inconclusive verdict: what was read.
    pub fn summary(&self) -> Option<Text> {
        match self {
            Verdict::Inconclusive {
                summary: Some(summary),
                ..
            } => Some(summary.text()),
            _ => None,
        }
    }

    /// The headline (the Discord card and the report's first line).
    pub fn headline(&self) -> Text {
        match self {
            Verdict::CouldNotDiagnose {
                subject,
                reason,
                nothing_checked,
            } => Text::with(
                Msg::new(if *nothing_checked {
                    "verdict-nothing-checked"
                } else {
                    "verdict-no-conclusion"
                }),
                [("subject", subject.clone()), ("reason", reason.clone())],
            ),
            Verdict::NotFound {
                subject,
                namespace,
                found_in,
            } => match (namespace, found_in.first()) {
                (Some(ns), Some(first)) => Msg::new("verdict-not-found-elsewhere")
                    .arg("subject", subject.as_str())
                    .arg("namespace", ns.as_str())
                    .arg("found_in", found_in.join(", "))
                    .arg("count", found_in.len())
                    .arg("first", first.as_str())
                    .into(),
                (Some(ns), None) => Msg::new("verdict-not-found")
                    .arg("subject", subject.as_str())
                    .arg("namespace", ns.as_str())
                    .into(),
                (None, _) => Msg::new("verdict-not-found-anywhere")
                    .arg("subject", subject.as_str())
                    .into(),
            },
            Verdict::Problems {
                subject,
                critical,
                warning,
                missing,
                not_checked,
            } => {
                let mut parts = Vec::new();
                if critical + warning > 0 {
                    parts.push(
                        Msg::new("verdict-findings")
                            .arg("critical", *critical)
                            .arg("warning", *warning)
                            .into(),
                    );
                }
                parts.extend(missing.iter().cloned());
                if !not_checked.is_empty() {
                    parts.push(Text::with(
                        Msg::new("verdict-not-checked"),
                        [("gaps", gaps(not_checked))],
                    ));
                }
                let problems = parts
                    .into_iter()
                    .reduce(|head, tail| {
                        Text::with(
                            Msg::new("verdict-clauses"),
                            [("head", head), ("tail", tail)],
                        )
                    })
                    .unwrap_or_else(|| Text::Sentences(Vec::new()));
                Text::with(
                    Msg::new("verdict-problems"),
                    [("subject", subject.clone()), ("problems", problems)],
                )
            }
            Verdict::Healthy { summary } => summary.text(),
            Verdict::Inconclusive { not_checked, .. } => Text::with(
                Msg::new("verdict-inconclusive"),
                [("gaps", gaps(not_checked))],
            ),
        }
    }
}

/// Why nothing could be diagnosed, when no read answered or the pods could not be read (a
/// workload's own list failed, even if the namespace's pod count answered); and whether
/// nothing at all was checked.
fn unread(s: &Snapshot, coverage: &Coverage, not_checked: &[NotChecked]) -> Option<(Text, bool)> {
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
        .unwrap_or_else(|| Msg::new("verdict-why-not-sent"));
    Some((
        Text::with(Msg::new("verdict-pods-unread"), [("why", why.into())]),
        false,
    ))
}

/// A workload with no pods that the cluster does not hold either, or whose read failed.
fn not_found(s: &Snapshot, coverage: &Coverage, name: &str, subject: Text) -> Verdict {
    let unread = coverage
        .reads
        .iter()
        .find(|r| r.name.as_deref() == Some(name) && r.failure().is_some());
    match unread {
        Some(r) => Verdict::CouldNotDiagnose {
            subject,
            reason: match r.failure() {
                Some(f) => Text::with(
                    Msg::new("verdict-kind-unread").arg("kind", kind_of(&r.resource)),
                    [("why", phrase(f, r).into())],
                ),
                None => Msg::new("verdict-kind-unread")
                    .arg("kind", kind_of(&r.resource))
                    .arg("why", "")
                    .into(),
            },
            nothing_checked: false,
        },
        None => Verdict::NotFound {
            subject: name.to_string(),
            namespace: s.namespace.clone(),
            found_in: s.found_in.clone(),
        },
    }
}

/// What was not checked, short, except objects already said to be absent; else the first read
/// that failed.
fn gap_lines(not_checked: &[NotChecked], absent: &[&Read], coverage: &Coverage) -> Vec<Text> {
    let mut gaps: Vec<Text> = not_checked
        .iter()
        .filter(|n| {
            !absent
                .iter()
                .any(|r| n.object.as_deref() == Some(object_name(r).as_str()))
        })
        .map(|n| {
            Text::with(
                Msg::new("verdict-gap"),
                [("what", n.short_what.clone()), ("why", n.short_why.clone())],
            )
        })
        .collect();
    if gaps.is_empty()
        && let Some(r) = coverage.first_failure()
        && let Some(f) = r.failure()
    {
        gaps.push(Text::with(
            Msg::new("verdict-gap-read")
                .arg("verb", r.verb)
                .arg("resource", r.resource.as_str()),
            [("why", f.short().into())],
        ));
    }
    gaps.dedup();
    gaps
}

fn gaps(items: &[Text]) -> Text {
    Text::Items {
        items: items.to_vec(),
        max: MAX_GAPS,
    }
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
            Some(Some(line)) => missing.push(line.into()),
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
        let line: Text = Msg::new("verdict-does-not-exist")
            .arg("kind", kind_of(&r.resource))
            .arg("name", object_name(r))
            .into();
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
    let summary = summary(s, coverage, subject);
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
fn subject(s: &Snapshot) -> Text {
    match (&s.target, &s.namespace) {
        (Some(Target::Workload { name }), _) => {
            Msg::new("verdict-subject").arg("name", name.as_str())
        }
        (_, Some(ns)) => Msg::new("verdict-subject-namespace").arg("namespace", ns.as_str()),
        (_, None) => Msg::new("verdict-subject-all-namespaces"),
    }
    .into()
}

/// Why no request was answered, as one clause.
fn nothing_answered(coverage: &Coverage, not_checked: &[NotChecked]) -> Text {
    let failures: Vec<(Failure, &Read)> = coverage
        .reads
        .iter()
        .filter_map(|r| Some((r.failure()?, r)))
        .collect();
    if failures.len() > 1 && failures.iter().all(|(f, _)| *f == Failure::Forbidden) {
        return Msg::new("verdict-why-all-forbidden").into();
    }
    match failures.first() {
        Some((f, r)) => phrase(*f, r).into(),
        None => not_checked.first().map_or_else(
            || Msg::new("verdict-why-nothing-sent").into(),
            |n| n.why.clone(),
        ),
    }
}

/// A failure as a clause: "the API server did not answer within 10 s".
fn phrase(f: Failure, r: &Read) -> Msg {
    let read = |key: &'static str, key_in: &'static str| {
        let m = match &r.namespace {
            Some(ns) => Msg::new(key_in).arg("namespace", ns.as_str()),
            None => Msg::new(key),
        };
        m.arg("verb", r.verb).arg("resource", r.resource.as_str())
    };
    match f {
        Failure::Timeout { secs } => Msg::new("verdict-why-timeout").arg("secs", secs),
        Failure::Deadline { secs } => Msg::new("verdict-why-deadline").arg("secs", secs),
        Failure::Unreachable => Msg::new("verdict-why-unreachable"),
        Failure::Unauthorized => Msg::new("verdict-why-unauthorized"),
        Failure::Forbidden => read("verdict-why-forbidden", "verdict-why-forbidden-in"),
        Failure::NotServed => {
            Msg::new("verdict-why-not-served").arg("resource", r.resource.as_str())
        }
        Failure::Status { code } => {
            read("verdict-why-status", "verdict-why-status-in").arg("code", u32::from(code))
        }
        Failure::Decode => read("verdict-why-decode", "verdict-why-decode-in"),
        Failure::Stalled { secs } => Msg::new("verdict-why-stalled").arg("secs", secs),
        Failure::Refused => Msg::new("verdict-why-refused"),
    }
}

/// The object that exists under the name although it has no pods: `Some(Some(line))` when
/// that is a problem ("Deployment web exists but has no pods"), `Some(None)` when it may be
/// normal (a CronJob between runs, a Job whose pods were removed: their analyzers judge their
/// status), `None` when nothing of that name was read.
fn without_pods(s: &Snapshot, name: &str) -> Option<Option<Msg>> {
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
        return Some(Some(
            Msg::new("verdict-no-pods")
                .arg("kind", kind)
                .arg("name", name)
                .arg("desired", i64::from(desired)),
        ));
    }
    if find(&s.jobs, name).is_some() || find(&s.cron_jobs, name).is_some() {
        return Some(None);
    }
    if find(&s.ingresses, name).is_some() {
        return Some(Some(Msg::new("verdict-ingress-no-pods").arg("name", name)));
    }
    if let Some(h) = find(&s.hpas, name) {
        let t = &h.spec.scale_target_ref;
        let ns = h.metadata.namespace.as_deref();
        // A target that does not exist is said by the HPA's own finding.
        return Some((!s.is_missing(&t.kind, ns, &t.name)).then(|| {
            Msg::new("verdict-hpa-no-pods")
                .arg("name", name)
                .arg("kind", t.kind.as_str())
                .arg("target", t.name.as_str())
        }));
    }
    find(&s.services, name).map(|_| Some(Msg::new("verdict-service-no-pods").arg("name", name)))
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

/// The state in one line, stating only what was read: "web-frontend: 3/3 ready, 0 restarts in
/// 24 h, no warning events in 6 h"; for an overview, "namespace production: no failing pods, no
/// warning events in 6 h, 4/4 nodes ready". The fields let each locale's template phrase it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub subject: Text,
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
    /// The line, in the reader's locale.
    pub fn text(&self) -> Text {
        let mut parts: Vec<Text> = Vec::new();
        if let (Some(ready), Some(pods)) = (self.ready, self.pods) {
            parts.push(
                Msg::new("verdict-summary-ready")
                    .arg("ready", ready)
                    .arg("pods", pods)
                    .into(),
            );
        }
        if let Some(n) = self.restarts {
            parts.push(
                Msg::new("verdict-summary-restarts")
                    .arg("count", n)
                    .arg("hours", RESTART_WINDOW_HOURS)
                    .into(),
            );
        }
        if let Some(n) = self.failing_pods {
            parts.push(Msg::new("verdict-summary-failing").arg("count", n).into());
        }
        if let Some(n) = self.warning_events {
            parts.push(
                Msg::new("verdict-summary-events")
                    .arg("count", n)
                    .arg("hours", events::WINDOW_HOURS)
                    .into(),
            );
        }
        if let (Some(ready), Some(nodes)) = (self.nodes_ready, self.nodes) {
            parts.push(
                Msg::new("verdict-summary-nodes")
                    .arg("ready", ready)
                    .arg("nodes", nodes)
                    .into(),
            );
        }
        Text::with(
            Msg::new("verdict-summary"),
            [
                ("subject", self.subject.clone()),
                ("parts", Text::Phrases(parts)),
            ],
        )
    }
}

fn summary(s: &Snapshot, coverage: &Coverage, subject: Text) -> Summary {
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
            .map(|e| i64::try_from(e.count).unwrap_or(i64::MAX))
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
        subject,
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
fn restarts(pods: &[ClusterPod], s: &Snapshot) -> i64 {
    let recent = |pod: &ClusterPod| -> i64 {
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
    use crate::cluster::{ClusterError, Kind, Place, What, Why};
    use crate::diagnose::testdata::en;
    use crate::diagnose::{diagnose, testdata};
    use crate::i18n::{Catalog, Locale, english_runs};

    /// The verdict's headline (and summary line) in Chinese, checked for English sentences.
    #[track_caller]
    fn zh(v: &Verdict) -> String {
        let c = Catalog::new(None).expect("the embedded catalogs load");
        let mut text = c.text(Locale::ZhCn, &v.headline());
        if let Some(summary) = v.summary() {
            text.push('\n');
            text.push_str(&c.text(Locale::ZhCn, &summary));
        }
        assert_eq!(english_runs(&text), Vec::<String>::new(), "{text}");
        text
    }

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

    /// `previous logs of p-1 (container app; 3 pod(s): …)`.
    fn previous_logs() -> What {
        What::msg(Msg::new("nc-previous-logs-of").arg("name", "p-1")).detail(
            Msg::new("nc-log-group")
                .arg("container", "app")
                .arg("count", 3usize)
                .arg("group", "p, OOMKilled, exit code 137"),
        )
    }

    /// `dependency cache/redis (named by web)`.
    fn dependency() -> What {
        What::msg(
            Msg::new("nc-dependency")
                .arg("namespace", "cache")
                .arg("name", "redis"),
        )
        .detail(Msg::new("nc-named-by").arg("name", "web"))
        .about("cache", "redis")
    }

    #[test]
    fn a_hung_api_server_is_never_no_problems_found() {
        let mut s = testdata::healthy();
        s.pods.clear();
        s.events.clear();
        s.not_checked = vec![What::list(Kind::Services, Some("shop")).because(Why::error(
            &ClusterError::Timeout {
                server: "http://k".into(),
                secs: 10,
            },
        ))];
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
            en(&v.headline()),
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
            en(&judge(&s, &c).headline()),
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
            en(&judge(&s, &c).headline()),
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
            en(&v.headline()),
            "web: 3/3 ready, 0 restarts in 24 h, no warning events in 6 h"
        );
    }

    #[test]
    fn a_healthy_workload_gets_the_short_report() {
        let s = testdata::healthy();
        let v = judge(&s, &all_answered());
        assert_eq!(
            en(&v.headline()),
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
            en(&v.headline()),
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
        assert_eq!(
            summary(&s, &all_answered(), subject(&s)).warning_events,
            Some(2)
        );
    }

    #[test]
    fn partly_checked_names_what_was_not() {
        let mut s = testdata::healthy();
        s.not_checked = vec![What::list(Kind::Events, Some("shop")).because(Why::error(
            &ClusterError::Forbidden {
                verb: "list",
                resource: "events".into(),
                scope: Place::Namespace("shop".into()),
                message: "events is forbidden".into(),
            },
        ))];
        let mut c = all_answered();
        c.reads[2].outcome = Outcome::Failed(Failure::Forbidden);
        let v = judge(&s, &c);
        assert_eq!(
            en(&v.headline()),
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
        assert_eq!(en(&summary.text()), "web: 3/3 ready, 0 restarts in 24 h");
        assert_eq!(summary.warning_events, None);
        let gaps: Vec<String> = not_checked.iter().map(en).collect();
        assert_eq!(gaps, ["events (forbidden)"]);
    }

    #[test]
    fn a_failed_read_without_a_note_still_blocks_healthy() {
        let s = testdata::healthy();
        let mut c = all_answered();
        c.reads[3].outcome = Outcome::Failed(Failure::Timeout { secs: 3 });
        let v = judge(&s, &c);
        assert_eq!(
            en(&v.headline()),
            "No problems found in what was checked; not checked: list nodes (no answer within 3 s)"
        );
    }

    #[test]
    fn a_broken_workload_counts_its_findings_and_gaps() {
        let mut c = all_answered();
        let mut s = testdata::seed();
        s.not_checked
            .push(previous_logs().because(Why::error(&ClusterError::StreamStalled { secs: 1 })));
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
        let h = en(&v.headline());
        assert_eq!(
            h,
            format!(
                "namespace production: {critical} critical and {warning} warning findings; not \
                 checked: pod and node usage (metrics API not served) and previous logs of p-1 \
                 (log stream too slow)"
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
            en(&v.headline()),
            "web: Deployment web exists but has no pods (3 desired)"
        );

        let s = testdata::healthy();
        let mut c = all_answered();
        c.reads.push(Read {
            name: Some("redis".into()),
            ..read("get", "services", Some("cache"), Outcome::Missing)
        });
        let mut s2 = s.clone();
        let service = |key| Msg::new(key).arg("namespace", "cache").arg("name", "redis");
        s2.not_checked = vec![dependency().because(Why::new(
            service("nc-why-no-service"),
            service("nc-short-no-service"),
        ))];
        assert_eq!(
            en(&judge(&s2, &c).headline()),
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
            en(&judge(&ds, &all_answered()).headline()),
            "web: 1 critical finding; DaemonSet web exists but has no pods (2 desired)"
        );
        let mut ing = base.clone();
        ing.ingresses
            .push(testdata::from(named(serde_json::json!({}))));
        assert_eq!(
            en(&judge(&ing, &all_answered()).headline()),
            "web: Ingress web exists but its backend Services select no pods"
        );
        // A CronJob between runs has no pods, and that is no problem by itself.
        let mut cron = base.clone();
        cron.cron_jobs.push(testdata::from(named(
            serde_json::json!({"spec": {"schedule": "0 2 * * *", "jobTemplate": {}}}),
        )));
        let v = judge(&cron, &all_answered());
        assert!(v.is_healthy(), "{}", en(&v.headline()));
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
                namespace: Some("shop".into()),
                found_in: Vec::new(),
            }
        );
        assert!(en(&v.headline()).starts_with("Could not diagnose web: nothing of that name"));
        s.found_in = vec!["shop-eu".into(), "shop-us".into()];
        let v = judge(&s, &c);
        assert_eq!(
            en(&v.headline()),
            "Could not diagnose web: nothing of that name was found in namespace shop, but \
             namespaces shop-eu, shop-us hold something named web: /triage service:web \
             namespace:shop-eu"
        );
        assert_eq!(
            zh(&v),
            "无法诊断 web：命名空间 shop 中找不到该名称，但另外 2 个命名空间（shop-eu, shop-us）中有名为 \
             web 的对象：/triage service:web namespace:shop-eu"
        );
    }

    #[test]
    fn every_kind_of_verdict_reads_in_chinese() {
        let mut s = testdata::healthy();
        assert_eq!(
            zh(&judge(&s, &all_answered())),
            "web：3/3 就绪，24 小时内无重启，6 小时内无警告事件"
        );
        let mut c = all_answered();
        c.reads[3].outcome = Outcome::Failed(Failure::Timeout { secs: 3 });
        assert_eq!(
            zh(&judge(&s, &c)),
            "在已检查的范围内未发现问题；未检查：`list nodes`（3 秒内无响应）\n\
             web：3/3 就绪，24 小时内无重启，6 小时内无警告事件"
        );
        s.not_checked = vec![
            What::msg(Msg::new("nc-usage")).because(Why::new(
                Msg::new("nc-why-metrics-not-served"),
                Msg::new("verdict-short-metrics-not-served"),
            )),
            previous_logs().because(Why::error(&ClusterError::StreamStalled { secs: 1 })),
            dependency().because(Why::new(
                Msg::new("nc-why-out-of-scope")
                    .arg("rule", 1usize)
                    .arg("allowed", "shop"),
                Msg::new("verdict-short-out-of-scope"),
            )),
        ];
        assert_eq!(
            zh(&judge(&s, &all_answered())),
            "在已检查的范围内未发现问题；未检查：节点和 Pod 的资源用量（未提供 metrics API）、p-1 的上次日志（日志流过慢） 和 依赖 cache/redis（超出你的授权范围）\n\
             web：3/3 就绪，24 小时内无重启，6 小时内无警告事件"
        );

        let mut seed = testdata::seed();
        seed.not_checked.clear();
        let v = judge(&seed, &all_answered());
        let Verdict::Problems {
            critical, warning, ..
        } = &v
        else {
            panic!("{v:?}")
        };
        assert_eq!(
            zh(&v),
            format!("命名空间 production：严重 {critical} 项，警告 {warning} 项")
        );

        let mut empty = testdata::healthy();
        empty.pods.clear();
        empty.events.clear();
        let mut c = all_answered();
        c.reads.push(Read {
            name: Some("redis".into()),
            ..read("get", "services", Some("cache"), Outcome::Missing)
        });
        assert_eq!(
            zh(&judge(&empty, &c)),
            "web：Deployment web 存在，但没有 Pod（期望 3 个）；Service cache/redis 不存在"
        );

        let mut c = all_answered();
        c.reads[1].outcome = Outcome::Failed(Failure::Forbidden);
        assert_eq!(
            zh(&judge(&empty, &c)),
            "无法诊断 web：无法读取其 Pod（warroom 无权在命名空间 shop 中执行 `list pods`（403 \
             forbidden））；根据已读取的内容无法判断其健康状况"
        );
        let forbidden = Outcome::Failed(Failure::Forbidden);
        let none = Coverage {
            reads: vec![
                read("list", "services", Some("shop"), forbidden),
                read("list", "pods", Some("shop"), forbidden),
            ],
        };
        assert_eq!(
            zh(&judge(&empty, &none)),
            "无法诊断 web：所有读取均被拒绝（403）；运行 `warroom check` 查看缺少哪些授权；未检查任何内容"
        );

        let mut unknown = empty.clone();
        unknown.deployments.clear();
        unknown.services.clear();
        assert!(
            zh(&judge(&unknown, &all_answered()))
                .starts_with("无法诊断 web：命名空间 shop 中找不到该名称（"),
        );
        let overview = Snapshot {
            target: Some(Target::Overview),
            ..testdata::healthy()
        };
        assert!(zh(&judge(&overview, &all_answered())).starts_with("命名空间 shop："),);
    }
}
