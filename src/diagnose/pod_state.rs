//! Pod state: pods that cannot run, judged from their status (waiting reasons other than
//! CrashLoopBackOff, scheduling conditions, gates, evictions, long Pending), with the pods'
//! Warning events as corroboration only — a verdict never depends on an event still existing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text::{self, MAX_NAMES};
use super::workload::{self as wl, WorkloadRef};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{ClusterEvent, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// A pod Pending (or ContainerCreating) longer than this is stuck.
const STUCK_AFTER: Duration = Duration::minutes(5);
/// Longest waiting or condition message quoted in a title.
const MAX_TITLE_MESSAGE: usize = 160;

/// Words of a pull error that mean the registry refused the credentials.
const AUTH_WORDS: &[&str] = &[
    "unauthorized",
    "authentication required",
    "pull access denied",
    "access denied",
    "403 forbidden",
    "no basic auth credentials",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    ImagePull,
    ConfigError,
    StartFailed,
    Unschedulable,
    Gated,
    Pending,
    CreatingStuck,
    Evicted,
}

/// The problem a container's waiting reason names, if it is one that keeps the pod from running.
fn waiting_problem(reason: &str) -> Option<Problem> {
    Some(match reason {
        "ImagePullBackOff"
        | "ErrImagePull"
        | "InvalidImageName"
        | "ErrImageNeverPull"
        | "RegistryUnavailable" => Problem::ImagePull,
        "CreateContainerConfigError" => Problem::ConfigError,
        "CreateContainerError"
        | "PreStartHookError"
        | "PostStartHookError"
        | "RunContainerError"
        | "ContainerCannotRun" => Problem::StartFailed,
        _ => return None,
    })
}

/// Why one pod cannot run.
struct Trouble<'a> {
    pod: &'a ClusterPod,
    container: Option<&'a str>,
    reason: String,
    message: String,
}

fn created(pod: &ClusterPod) -> Option<DateTime<Utc>> {
    pod.metadata
        .creation_timestamp
        .as_ref()
        .and_then(text::time)
}

/// True when the pod is older than `STUCK_AFTER` (or its age is unknown).
fn stuck(pod: &ClusterPod, now: Option<DateTime<Utc>>) -> bool {
    match (now, created(pod)) {
        (Some(now), Some(at)) => now - at > STUCK_AFTER,
        _ => true,
    }
}

fn phase(pod: &ClusterPod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("")
}

fn classify(pod: &ClusterPod, now: Option<DateTime<Utc>>) -> Option<(Problem, Trouble<'_>)> {
    let status = pod.status.as_ref()?;
    let trouble = |container, reason: &str, message: Option<&str>| Trouble {
        pod,
        container,
        reason: reason.to_string(),
        message: message.unwrap_or("").to_string(),
    };
    if phase(pod) == "Failed" {
        let reason = status.reason.as_deref().unwrap_or("Failed");
        return Some((
            Problem::Evicted,
            trouble(None, reason, status.message.as_deref()),
        ));
    }
    for cs in wl::container_statuses(pod) {
        let Some(w) = cs.state.as_ref().and_then(|s| s.waiting.as_ref()) else {
            continue;
        };
        let reason = w.reason.as_deref().unwrap_or("");
        let problem = match waiting_problem(reason) {
            Some(p) => p,
            None if reason == "ContainerCreating" && stuck(pod, now) => Problem::CreatingStuck,
            None => continue,
        };
        return Some((
            problem,
            trouble(Some(cs.name.as_str()), reason, w.message.as_deref()),
        ));
    }
    if phase(pod) != "Pending" {
        return None;
    }
    let scheduled = status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "PodScheduled");
    if let Some(c) = scheduled.filter(|c| c.status == "False") {
        let reason = c.reason.as_deref().unwrap_or("");
        let problem = match reason {
            "SchedulingGated" => Problem::Gated,
            "Unschedulable" => Problem::Unschedulable,
            _ if stuck(pod, now) => Problem::Pending,
            _ => return None,
        };
        return Some((problem, trouble(None, reason, c.message.as_deref())));
    }
    let gated = pod
        .spec
        .as_ref()
        .and_then(|s| s.scheduling_gates.as_ref())
        .is_some_and(|g| !g.is_empty());
    if gated {
        return Some((Problem::Gated, trouble(None, "SchedulingGated", None)));
    }
    if wl::node_name(pod).is_none() && stuck(pod, now) {
        return Some((Problem::Pending, trouble(None, "Pending", None)));
    }
    let creating =
        wl::container_statuses(pod).any(|cs| cs.state.as_ref().is_none_or(|s| s.waiting.is_some()));
    if wl::node_name(pod).is_some() && stuck(pod, now) && creating {
        return Some((
            Problem::CreatingStuck,
            trouble(None, "ContainerCreating", None),
        ));
    }
    None
}

fn image<'a>(pod: &'a ClusterPod, container: Option<&str>) -> Option<&'a str> {
    let c = wl::container(pod, container?)?;
    c.image.as_deref()
}

fn pull_secrets(pod: &ClusterPod) -> Vec<&str> {
    pod.spec
        .iter()
        .flat_map(|s| s.image_pull_secrets.iter().flatten())
        .map(|r| r.name.as_str())
        .collect()
}

fn is_auth(message: &str) -> bool {
    let m = message.to_lowercase();
    AUTH_WORDS.iter().any(|w| m.contains(w))
}

/// `configmap "app-config" not found` → ("ConfigMap", "app-config").
fn missing_object(message: &str) -> Option<(&'static str, &str)> {
    let lower = message.to_lowercase();
    for (word, kind) in [("configmap \"", "ConfigMap"), ("secret \"", "Secret")] {
        if let Some(at) = lower.find(word) {
            let rest = &message[at + word.len()..];
            return Some((kind, &rest[..rest.find('"')?]));
        }
    }
    None
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut groups: BTreeMap<(Problem, WorkloadRef), Vec<Trouble>> = BTreeMap::new();
    for pod in &s.pods {
        if let Some((problem, t)) = classify(pod, s.taken_at) {
            groups
                .entry((problem, ix.workload(pod)))
                .or_default()
                .push(t);
        }
    }
    let mut out: Vec<Finding> = groups
        .into_iter()
        .filter_map(|((problem, w), troubles)| finding(s, problem, &w, &troubles))
        .collect();
    out.sort_by_key(|f| f.severity);
    out
}

/// What one group's finding says: everything but the severity, detail and evidence, which
/// follow from the problem and the pods.
struct Said {
    signal: Signal,
    title: Text,
    suggestion: Msg,
}

/// One workload's pods with one problem, and the words every problem's finding uses.
struct Group<'g, 'p> {
    w: &'g WorkloadRef,
    ts: &'g [Trouble<'p>],
    first: &'g Trouble<'p>,
    /// The first pod's name.
    pod: &'p str,
    /// The first pod's message, cut for a title.
    message: String,
    /// `kubectl describe pod` of the first pod.
    describe: String,
    /// How long the first pod has existed, when known: ("min", 12) or ("h", 3).
    age: Option<(&'static str, i64)>,
}

impl Group<'_, '_> {
    fn ns(&self) -> &str {
        &self.w.namespace
    }

    fn n(&self) -> usize {
        self.ts.len()
    }

    /// Title message `key` about "3 web pods".
    fn head(&self, key: &'static str) -> Msg {
        Msg::new(key)
            .arg("pods", self.n())
            .arg("workload", self.w.name.as_str())
    }

    /// `msg` with the first pod's message, and whether there is one.
    fn said(&self, msg: Msg) -> Msg {
        msg.arg("said", if self.message.is_empty() { "no" } else { "yes" })
            .arg("message", self.message.as_str())
    }

    /// `msg` with how long the first pod has existed.
    fn aged(&self, msg: Msg) -> Msg {
        let (unit, count) = self.age.unwrap_or(("none", 0));
        msg.arg("age", unit).arg("count", count)
    }
}

fn finding(s: &Snapshot, problem: Problem, w: &WorkloadRef, ts: &[Trouble]) -> Option<Finding> {
    let first = ts.first()?;
    let pod = wl::name(first.pod);
    let g = Group {
        w,
        ts,
        first,
        pod,
        message: text::truncate(&first.message, MAX_TITLE_MESSAGE),
        describe: format!("kubectl describe pod {pod} -n {}", w.namespace),
        age: match (s.taken_at, created(first.pod)) {
            (Some(now), Some(at)) => Some(minutes(now - at)),
            _ => None,
        },
    };
    let said = match problem {
        Problem::ImagePull => image_pull(&g),
        Problem::ConfigError => config_error(&g),
        Problem::StartFailed => start_failed(&g),
        Problem::CreatingStuck => creating_stuck(&g),
        Problem::Unschedulable => unschedulable(&g),
        Problem::Gated => gated(&g),
        Problem::Pending => pending(&g),
        Problem::Evicted => evicted(&g),
    };
    let mut evidence = vec![
        Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-pods-reason")
                .arg("count", g.n())
                .arg("workload", w.key())
                .arg("reason", first.reason.as_str()),
            Some(&wl::get_pods_command(first.pod)),
            &text::lines_capped(
                Some(wl::POD_ROW_HEADER),
                ts.iter().map(|t| wl::pod_row(t.pod)),
            ),
        ),
        Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-pod-status").arg("pod", pod),
            Some(&g.describe),
            &describe_excerpt(first),
        ),
    ];
    if let Some(e) = corroboration(s, g.ns(), ts) {
        evidence.push(e);
    }
    Some(Finding {
        check: Check::PodState,
        // Evicted pods are replaced by their controller; every other problem keeps pods down.
        severity: Severity::critical_if(problem != Problem::Evicted),
        signal: said.signal,
        title: said.title,
        detail: detail(g.ns(), ts),
        subjects: vec![w.key()],
        evidence,
        suggestion: Some(said.suggestion.into()),
    })
}

fn image_pull(g: &Group) -> Said {
    let (first, ns) = (g.first, g.ns());
    let img = image(first.pod, first.container).unwrap_or("none");
    let auth = g.ts.iter().any(|t| is_auth(&t.message));
    let secrets = pull_secrets(first.pod);
    let title = g
        .head("finding-pod-pull")
        .arg("image", img)
        .arg("reason", first.reason.as_str());
    let (refused, suggestion) = match (auth, secrets.as_slice()) {
        (true, []) => (
            "yes",
            Msg::new("pod-pull-auth-fix")
                .arg(
                    "command",
                    format!(
                        "kubectl create secret docker-registry regcred -n {ns} \
                         --docker-server=<registry> --docker-username=<user> \
                         --docker-password=<token>"
                    ),
                )
                .arg("workload", g.w.name.as_str()),
        ),
        (true, names) => (
            "no",
            Msg::new("pod-pull-secret-fix")
                .arg("secrets", names.join(", "))
                .arg("secret", names.first().copied().unwrap_or_default())
                .arg("namespace", ns),
        ),
        (false, _) => (
            "no",
            Msg::new("pod-pull-fix")
                .arg("image", img)
                .arg("workload", g.w.name.as_str())
                .arg("describe", g.describe.as_str()),
        ),
    };
    Said {
        signal: Signal::ImagePullFailed { pods: g.n(), auth },
        title: title.arg("refused", refused).into(),
        suggestion,
    }
}

fn config_error(g: &Group) -> Said {
    let ns = g.ns();
    let workload = g.w.name.as_str();
    let suggestion = match missing_object(&g.first.message) {
        Some(("Secret", name)) => Msg::new("pod-config-secret-fix")
            .arg("name", name)
            .arg("namespace", ns)
            .arg("workload", workload),
        Some((kind, name)) => Msg::new("pod-config-object-fix")
            .arg("kind", kind)
            .arg("name", name)
            .arg("namespace", ns)
            .arg("workload", workload)
            .arg(
                "command",
                format!("kubectl get {} {name} -n {ns}", kind.to_lowercase()),
            ),
        None => Msg::new("pod-config-fix").arg("describe", g.describe.as_str()),
    };
    Said {
        signal: Signal::ConfigMissing { pods: g.n() },
        title: g
            .head("finding-pod-config")
            .arg("message", g.message.as_str())
            .into(),
        suggestion,
    }
}

fn start_failed(g: &Group) -> Said {
    let describe = g.describe.as_str();
    Said {
        signal: Signal::ContainerStartFailed { pods: g.n() },
        title: g
            .said(g.head("finding-pod-start"))
            .arg("container", g.first.container.unwrap_or("?"))
            .arg("reason", g.first.reason.as_str())
            .into(),
        suggestion: if g.first.reason.ends_with("HookError") {
            Msg::new("pod-hook-fix").arg("describe", describe)
        } else {
            Msg::new("pod-start-fix").arg("describe", describe)
        },
    }
}

fn creating_stuck(g: &Group) -> Said {
    Said {
        signal: Signal::ContainerCreatingStuck { pods: g.n() },
        title: g.aged(g.head("finding-pod-creating")).into(),
        suggestion: Msg::new("pod-creating-fix").arg("describe", g.describe.as_str()),
    }
}

fn unschedulable(g: &Group) -> Said {
    Said {
        signal: Signal::Unschedulable { pods: g.n() },
        title: g
            .head("finding-pod-unschedulable")
            .arg("message", g.message.as_str())
            .into(),
        suggestion: Msg::new("pod-unschedulable-fix"),
    }
}

fn gated(g: &Group) -> Said {
    let gates: BTreeSet<&str> =
        g.ts.iter()
            .filter_map(|t| t.pod.spec.as_ref()?.scheduling_gates.as_ref())
            .flatten()
            .map(|g| g.name.as_str())
            .collect();
    let gates: Vec<&str> = gates.into_iter().collect();
    let (pod, ns) = (g.pod, g.ns());
    let gated = if gates.is_empty() { "no" } else { "yes" };
    Said {
        signal: Signal::SchedulingGated { pods: g.n() },
        title: Text::with(
            g.head("finding-pod-gated").arg("gated", gated),
            [("gates", Text::list(&gates, MAX_NAMES))],
        ),
        suggestion: Msg::new("pod-gated-fix").arg(
            "command",
            format!("kubectl get pod {pod} -n {ns} -o jsonpath='{{.spec.schedulingGates}}'"),
        ),
    }
}

fn pending(g: &Group) -> Said {
    Said {
        signal: Signal::PodsPending { pods: g.n() },
        title: g.aged(g.head("finding-pod-pending")).into(),
        suggestion: Msg::new("pod-pending-fix").arg("describe", g.describe.as_str()),
    }
}

fn evicted(g: &Group) -> Said {
    Said {
        signal: Signal::PodsEvicted { pods: g.n() },
        title: g
            .said(g.head("finding-pod-evicted"))
            .arg("reason", g.first.reason.as_str())
            .into(),
        suggestion: Msg::new("pod-evicted-fix").arg("namespace", g.ns()),
    }
}

/// One line a pod (the first `MAX_NAMES`): name, container, reason and message.
fn detail(ns: &str, ts: &[Trouble]) -> Text {
    let n = ts.len();
    Text::Lines(
        ts.iter()
            .take(MAX_NAMES)
            .map(|t| {
                Msg::new("pod-trouble")
                    .arg("pod", format!("{ns}/{}", wl::name(t.pod)))
                    .arg("named", if t.container.is_some() { "yes" } else { "no" })
                    .arg("container", t.container.unwrap_or_default())
                    .arg("reason", t.reason.as_str())
                    .arg("said", if t.message.is_empty() { "no" } else { "yes" })
                    .arg("message", text::truncate(&t.message, 400))
                    .into()
            })
            .chain((n > MAX_NAMES).then(|| {
                Msg::new("pod-trouble-more")
                    .arg("count", n - MAX_NAMES)
                    .into()
            }))
            .collect(),
    )
}

/// How long a pod has existed, in the unit a title uses: ("min", 85) or ("h", 3).
fn minutes(d: Duration) -> (&'static str, i64) {
    match d.num_minutes() {
        m if m < 120 => ("min", m),
        m => ("h", m / 60),
    }
}

fn describe_excerpt(t: &Trouble) -> String {
    let mut out = format!("Name: {}\nStatus: {}\n", wl::name(t.pod), phase(t.pod));
    if let Some(node) = wl::node_name(t.pod) {
        out.push_str(&format!("Node: {node}\n"));
    }
    match t.container {
        Some(c) => {
            out.push_str(&format!("Container {c}:\n  State: Waiting\n"));
            if let Some(img) = image(t.pod, Some(c)) {
                out.push_str(&format!("  Image: {img}\n"));
            }
            out.push_str(&format!("  Reason: {}\n", t.reason));
            if !t.message.is_empty() {
                out.push_str(&format!("  Message: {}\n", t.message));
            }
        }
        None => {
            out.push_str(&format!("Reason: {}\n", t.reason));
            if !t.message.is_empty() {
                out.push_str(&format!("Message: {}\n", t.message));
            }
        }
    }
    out
}

/// The group's pods' Warning events, when any still exist.
fn corroboration(s: &Snapshot, ns: &str, ts: &[Trouble]) -> Option<Evidence> {
    let names: BTreeSet<&str> = ts.iter().map(|t| wl::name(t.pod)).collect();
    let events: Vec<&ClusterEvent> = s
        .events
        .iter()
        .filter(|e| e.type_.as_deref() == Some("Warning"))
        .filter(|e| {
            e.involved_object.kind.as_deref() == Some("Pod")
                && e.involved_object.namespace.as_deref().unwrap_or(ns) == ns
                && e.involved_object
                    .name
                    .as_deref()
                    .is_some_and(|n| names.contains(n))
        })
        .collect();
    let first = events.first()?;
    let pod = first.involved_object.name.as_deref().unwrap_or("");
    Some(Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-pod-warning-events").arg("count", events.len()),
        Some(&format!(
            "kubectl get events -n {ns} --field-selector involvedObject.name={pod},type=Warning"
        )),
        &text::lines_capped(
            Some("REASON  OBJECT  COUNT  MESSAGE"),
            events.iter().map(|e| {
                format!(
                    "{}  pod/{}  {}  {}",
                    e.reason.as_deref().unwrap_or(""),
                    e.involved_object.name.as_deref().unwrap_or(""),
                    e.count,
                    text::truncate(e.message.as_deref().unwrap_or(""), 160)
                )
            }),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnose::{diagnose, testdata};

    fn with_pods(edit: impl Fn(&mut Value)) -> Snapshot {
        let mut s = testdata::healthy();
        s.pods = (0..3)
            .map(|i| {
                let mut p = testdata::pod("web", i, "node-1");
                p["metadata"]["creationTimestamp"] = json!("2026-11-26T17:00:00Z");
                p["status"]["conditions"][0]["status"] = json!("False");
                p["status"]["containerStatuses"][0]["ready"] = json!(false);
                edit(&mut p);
                testdata::from(p)
            })
            .collect();
        s
    }

    fn waiting(reason: &str, message: &str) -> impl Fn(&mut Value) {
        let (reason, message) = (reason.to_string(), message.to_string());
        move |p: &mut Value| {
            p["status"]["phase"] = json!("Pending");
            p["status"]["containerStatuses"][0]["state"] =
                json!({"waiting": {"reason": reason, "message": message}});
        }
    }

    fn only(s: &Snapshot) -> Finding {
        let all = diagnose(s).findings;
        let mine: Vec<&Finding> = all.iter().filter(|f| f.check == Check::PodState).collect();
        assert_eq!(mine.len(), 1, "{all:#?}");
        assert!(
            all.iter()
                .all(|f| f.check == Check::PodState || f.check == Check::Replicas),
            "{all:#?}"
        );
        let f = mine[0].clone();
        assert!(f.suggestion.is_some());
        assert!(f.evidence.len() >= 2);
        f
    }

    #[test]
    fn image_pull_backoff_is_found_without_any_event() {
        let f = only(&with_pods(waiting(
            "ImagePullBackOff",
            "Back-off pulling image \"registry.example/web:1.0.0\"",
        )));
        assert_eq!(f.severity, Severity::Critical);
        testdata::expect_title(
            &f,
            "3 web pods cannot pull image registry.example/web:1.0.0 (ImagePullBackOff)",
        );
        testdata::expect_command(&f, 1, "kubectl describe pod web-6b7f9c5d4-00000 -n shop");
        testdata::expect_evidence(&f, 1, "Reason: ImagePullBackOff");
        assert_eq!(f.evidence.len(), 2, "no events to corroborate");
        testdata::expect_detail(
            &f,
            "shop/web-6b7f9c5d4-00000 (container web): ImagePullBackOff — Back-off pulling image",
        );
        assert_eq!(
            testdata::fix(&f),
            "Check that registry.example/web:1.0.0 exists (repository and tag) and that the nodes \
             reach the registry; then fix the image in the pod template of web (kubectl describe \
             pod web-6b7f9c5d4-00000 -n shop shows the pull error)"
        );
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 无法拉取镜像 registry.example/web:1.0.0（ImagePullBackOff）",
        );
        testdata::expect_zh_finding(
            &f,
            "shop/web-6b7f9c5d4-00000（容器 web）：ImagePullBackOff——「Back-off pulling image",
        );
    }

    #[test]
    fn a_refused_pull_without_a_pull_secret_says_so_and_events_corroborate() {
        let mut s = with_pods(waiting(
            "ErrImagePull",
            "failed to pull: 401 Unauthorized: authentication required",
        ));
        s.events.push(testdata::warning(
            "web-6b7f9c5d4-00001",
            "Failed",
            4,
            "Failed to pull image: unauthorized",
        ));
        let all = diagnose(&s).findings;
        let f = all.iter().find(|f| f.check == Check::PodState).unwrap();
        assert!(
            testdata::en(&f.title)
                .ends_with("the registry refused access and no imagePullSecret is set"),
            "{:?}",
            f.title
        );
        assert_eq!(
            f.signal,
            Signal::ImagePullFailed {
                pods: 3,
                auth: true
            }
        );
        assert!(testdata::fix(f).contains("imagePullSecrets"));
        testdata::expect_evidence(f, 2, "Failed  pod/web-6b7f9c5d4-00001  4");
        testdata::expect_zh_finding(f, "ErrImagePull——「failed to pull: 401 Unauthorized");
        assert!(testdata::zh_title(f).ends_with("：镜像仓库拒绝访问，且没有设置 imagePullSecret"));
        assert!(testdata::zh_fix(f).contains("`imagePullSecrets: [{name: regcred}]`"));

        for p in &mut s.pods {
            std::sync::Arc::make_mut(p.spec.as_mut().unwrap()).image_pull_secrets =
                Some(vec![testdata::from(json!({"name": "regcred"}))]);
        }
        let f = testdata::single(analyze, &s);
        assert_eq!(
            testdata::fix(&f),
            "The registry refused the pull secret regcred: check it holds valid credentials for \
             this registry (warroom does not read Secrets): kubectl get secret regcred -n shop"
        );
        testdata::expect_zh_finding(&f, "ErrImagePull");
        assert!(testdata::zh_fix(&f).starts_with("镜像仓库不接受拉取凭据 regcred"));
    }

    #[test]
    fn a_missing_config_map_is_named_with_its_fix() {
        let f = only(&with_pods(waiting(
            "CreateContainerConfigError",
            "configmap \"web-config\" not found",
        )));
        assert_eq!(
            testdata::en(&f.title),
            "3 web pods cannot create containers (CreateContainerConfigError): configmap \
             \"web-config\" not found"
        );
        assert!(testdata::fix(&f).contains("kubectl get configmap web-config -n shop"));
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 无法创建容器（CreateContainerConfigError）：「configmap \"web-config\" not found」",
        );
        testdata::expect_zh_finding(&f, "CreateContainerConfigError");
        assert!(testdata::zh_fix(&f).starts_with("在命名空间 shop 中创建 ConfigMap web-config"));
        for (message, en, zh) in [
            (
                "secret \"db\" not found",
                "Create Secret db in shop or fix the reference in the pod template of web \
                 (warroom does not read Secrets): kubectl get secret db -n shop",
                "在命名空间 shop 中创建 Secret db",
            ),
            (
                "couldn't find key url",
                "Fix the ConfigMap/Secret reference the message names (kubectl describe pod \
                 web-6b7f9c5d4-00000 -n shop)",
                "修正报错信息里提到的 ConfigMap/Secret 引用",
            ),
        ] {
            let f = only(&with_pods(waiting("CreateContainerConfigError", message)));
            assert_eq!(testdata::fix(&f), en);
            testdata::expect_zh_finding(&f, "CreateContainerConfigError");
            assert!(
                testdata::zh_fix(&f).starts_with(zh),
                "{}",
                testdata::zh_fix(&f)
            );
        }
    }

    #[test]
    fn hook_failures_and_stuck_creation_are_found() {
        let f = only(&with_pods(waiting("PreStartHookError", "hook exited 1")));
        testdata::expect_title(
            &f,
            "3 web pods cannot start container web (PreStartHookError): hook exited 1",
        );
        assert!(testdata::fix(&f).starts_with("Fix the container's lifecycle hook"));
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 无法启动容器 web（PreStartHookError）：「hook exited 1」",
        );
        testdata::expect_zh_finding(&f, "PreStartHookError——「hook exited 1」");
        let f = only(&with_pods(waiting("RunContainerError", "")));
        testdata::expect_title(
            &f,
            "3 web pods cannot start container web (RunContainerError)",
        );
        testdata::expect_detail(
            &f,
            "shop/web-6b7f9c5d4-00002 (container web): RunContainerError",
        );
        testdata::expect_zh_finding(
            &f,
            "shop/web-6b7f9c5d4-00002（容器 web）：RunContainerError",
        );
        assert!(testdata::zh_fix(&f).starts_with("检查并修正容器的 command"));
        let f = only(&with_pods(waiting("ContainerCreating", "")));
        testdata::expect_title(&f, "3 web pods stuck in ContainerCreating for 85 min");
        testdata::expect_zh_title(&f, "web 的 3 个 Pod 卡在 ContainerCreating 已 85 分钟");
        testdata::expect_zh_finding(&f, "ContainerCreating");
    }

    #[test]
    fn more_than_five_pods_are_counted_in_the_detail() {
        let mut s = with_pods(waiting("ErrImagePull", "not found"));
        for i in 3..8 {
            let mut p = testdata::pod("web", i, "node-1");
            waiting("ErrImagePull", "not found")(&mut p);
            s.pods.push(testdata::from(p));
        }
        let f = testdata::single(analyze, &s);
        testdata::expect_detail(&f, "… and 3 more pods");
        testdata::expect_zh_finding(&f, "…… 另外还有 3 个 Pod");
    }

    #[test]
    fn fresh_pods_still_creating_are_not_stuck() {
        let s = with_pods(|p| {
            waiting("ContainerCreating", "")(p);
            p["metadata"]["creationTimestamp"] = json!("2026-11-26T18:23:00Z");
        });
        assert!(testdata::run(analyze, &s).is_empty());
    }

    #[test]
    fn scheduling_gates_unschedulable_and_long_pending_pods() {
        let pending = |reason: &'static str, message: &'static str| {
            move |p: &mut Value| {
                p["spec"]["nodeName"] = json!(null);
                p["status"] = json!({"phase": "Pending", "conditions": [{"type": "PodScheduled",
                    "status": "False", "reason": reason, "message": message}]});
            }
        };
        let s = with_pods(|p| {
            pending(
                "SchedulingGated",
                "Scheduling is blocked due to non-empty scheduling gates",
            )(p);
            p["spec"]["schedulingGates"] = json!([{"name": "example.com/quota"}]);
        });
        let f = only(&s);
        assert_eq!(
            testdata::en(&f.title),
            "3 web pods held back by scheduling gates example.com/quota"
        );
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 被调度门控 example.com/quota 挡住，还没有被调度",
        );
        testdata::expect_zh_finding(&f, "SchedulingGated——「Scheduling is blocked");
        let s = with_pods(pending(
            "Unschedulable",
            "0/3 nodes are available: 3 Insufficient cpu.",
        ));
        let f = only(&s);
        testdata::expect_title(
            &f,
            "3 web pods cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.",
        );
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 无法调度：「0/3 nodes are available: 3 Insufficient cpu.」",
        );
        testdata::expect_zh_finding(&f, "Unschedulable——「0/3 nodes are available");
        let s = with_pods(|p| {
            p["spec"]["nodeName"] = json!(null);
            p["status"] = json!({"phase": "Pending"});
        });
        let f = only(&s);
        assert_eq!(
            testdata::en(&f.title),
            "3 web pods Pending for 85 min without being scheduled"
        );
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 处于 Pending 已 85 分钟，一直没有被调度",
        );
        testdata::expect_zh_finding(&f, "shop/web-6b7f9c5d4-00000：Pending");
    }

    #[test]
    fn evicted_pods_are_found_from_status_reason() {
        let s = with_pods(|p| {
            p["status"] = json!({"phase": "Failed", "reason": "Evicted",
                "message": "The node was low on resource: memory."});
        });
        let f = only(&s);
        assert_eq!(f.severity, Severity::Warning);
        testdata::expect_title(
            &f,
            "3 web pods evicted: The node was low on resource: memory.",
        );
        testdata::expect_zh_title(
            &f,
            "web 的 3 个 Pod 被驱逐：「The node was low on resource: memory.」",
        );
        testdata::expect_zh_finding(&f, "Evicted——「The node was low on resource: memory.」");
        assert!(testdata::zh_fix(&f).starts_with("节点资源不足，驱逐了这些 Pod"));
    }

    #[test]
    fn healthy_pods_have_no_state_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
        assert!(testdata::run(analyze, &testdata::seed()).is_empty());
    }
}
