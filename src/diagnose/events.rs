//! Warning events grouped by reason, with counts, first/last seen and the latest message.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text;
use crate::cluster::{ClusterEvent, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Reasons that mean pods cannot run at all.
const BLOCKING: &[&str] = &[
    "FailedMount",
    "FailedAttachVolume",
    "FailedScheduling",
    "Evicted",
    "OOMKilling",
    "SystemOOM",
    "FailedCreatePodSandBox",
    "FailedCreate",
    "NodeNotReady",
];

/// Events last seen longer than this many hours before the snapshot are ignored.
pub const WINDOW_HOURS: i64 = 6;
const WINDOW: Duration = Duration::hours(WINDOW_HOURS);
/// Longest message quoted in an evidence line.
const MAX_MESSAGE: usize = 160;
/// Longest message quoted in a detail.
const MAX_DETAIL_MESSAGE: usize = 400;

/// True when a Warning event is within the window before `now` (or when times are unknown).
pub fn is_recent(e: &ClusterEvent, now: Option<DateTime<Utc>>) -> bool {
    match (now, e.last_seen) {
        (Some(now), Some(last)) => now - last <= WINDOW,
        _ => true,
    }
}

/// The namespace of the event's object (the event's own when the reference has none;
/// `default`, where the API server files events without one, when neither says).
pub fn namespace(e: &ClusterEvent) -> &str {
    e.involved_object.namespace.as_deref().unwrap_or("default")
}

#[derive(Default)]
struct Group<'a> {
    events: Vec<&'a ClusterEvent>,
    total: u64,
    objects: HashSet<(&'a str, &'a str, &'a str)>,
    namespaces: BTreeSet<&'a str>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    let mut groups: HashMap<&str, Group> = HashMap::new();
    for e in &s.events {
        if e.type_.as_deref() != Some("Warning") {
            continue;
        }
        let (first, last, count) = (e.first_seen, e.last_seen, e.count);
        if let (Some(now), Some(last)) = (s.taken_at, last)
            && now - last > WINDOW
        {
            continue;
        }
        let reason = e.reason.as_deref().unwrap_or("Unknown");
        let g = groups.entry(reason).or_default();
        let o = &e.involved_object;
        g.objects.insert((
            o.kind.as_deref().unwrap_or(""),
            namespace(e),
            o.name.as_deref().unwrap_or(""),
        ));
        g.namespaces.insert(namespace(e));
        g.total += count;
        g.first = match (g.first, first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        g.last = g.last.max(last);
        g.events.push(e);
    }
    let mut out: Vec<Finding> = groups
        .into_iter()
        .map(|(reason, g)| finding(s, reason, g))
        .collect();
    out.sort_by(|a, b| {
        let reason_count = |f: &Finding| match &f.signal {
            Signal::WarningEvents { reason, count } => (reason.clone(), *count),
            _ => (String::new(), 0),
        };
        let ((ra, ca), (rb, cb)) = (reason_count(a), reason_count(b));
        a.severity
            .cmp(&b.severity)
            .then(cb.cmp(&ca))
            .then(ra.cmp(&rb))
    });
    out
}

fn finding(s: &Snapshot, reason: &str, mut g: Group) -> Finding {
    g.events.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then_with(|| b.count.cmp(&a.count))
    });
    let all_pods = g.objects.iter().all(|(kind, _, _)| *kind == "Pod");
    let title = Msg::new("finding-events-title")
        .arg("reason", reason)
        .arg("total", i64::try_from(g.total).unwrap_or(i64::MAX))
        .arg("objects", g.objects.len())
        .arg("kind", if all_pods { "pod" } else { "object" });

    let detail = detail(s, &g);
    let scope = match g.namespaces.iter().next() {
        Some(ns) if g.namespaces.len() == 1 => format!("-n {ns}"),
        _ => "-A".to_string(),
    };
    let command =
        format!("kubectl get events {scope} --field-selector type=Warning,reason={reason}");
    let content = text::lines_capped(
        Some("LAST SEEN  TYPE  REASON  OBJECT  COUNT  MESSAGE"),
        g.events.iter().map(|e| {
            let o = &e.involved_object;
            format!(
                "{}  Warning  {reason}  {}/{}  {}  {}",
                e.last_seen
                    .map_or_else(|| "?".to_string(), |t| t.format("%H:%M:%SZ").to_string()),
                o.kind.as_deref().unwrap_or("").to_lowercase(),
                o.name.as_deref().unwrap_or(""),
                e.count,
                text::truncate(e.message.as_deref().unwrap_or(""), MAX_MESSAGE)
            )
        }),
    );

    let mut subjects: Vec<String> = g
        .objects
        .iter()
        .map(|(_, ns, name)| format!("{ns}/{name}"))
        .collect();
    subjects.sort();

    Finding {
        check: Check::Events,
        severity: Severity::critical_if(BLOCKING.contains(&reason)),
        signal: Signal::WarningEvents {
            reason: reason.to_string(),
            count: g.total,
        },
        title: title.into(),
        detail,
        subjects,
        evidence: vec![Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-events").arg("reason", reason),
            Some(&command),
            &content,
        )],
        suggestion: suggestion(reason, &scope, g.events.first().copied()).map(Into::into),
    }
}

/// When the group's events were seen, and the latest one's object and message.
fn detail(s: &Snapshot, g: &Group) -> Text {
    let when = |t| text::when_text(t, s.taken_at);
    let seen = match (g.first, g.last) {
        (Some(first), Some(last)) => Some(Text::with(
            Msg::new("finding-events-seen"),
            [("first", when(first)), ("last", when(last))],
        )),
        (first, last) => first
            .or(last)
            .map(|t| Text::with(Msg::new("finding-events-seen-once"), [("at", when(t))])),
    };
    let latest = g.events.first().map(|e| {
        let o = &e.involved_object;
        Msg::new("finding-events-latest")
            .arg("kind", o.kind.as_deref().unwrap_or("none"))
            .arg("namespace", namespace(e))
            .arg("name", o.name.as_deref().unwrap_or(""))
            .arg(
                "message",
                text::truncate(e.message.as_deref().unwrap_or(""), MAX_DETAIL_MESSAGE),
            )
            .into()
    });
    Text::Sentences(seen.into_iter().chain(latest).collect())
}

/// What to do about events of `reason`, for the reasons warroom knows; `scope` is the
/// namespace flag of the events' objects (`-n NS` or `-A`), `latest` the latest event.
fn suggestion(reason: &str, scope: &str, latest: Option<&ClusterEvent>) -> Option<Msg> {
    Some(Msg::new(match reason {
        "BackOff" => "events-fix-backoff",
        "Unhealthy" => "events-fix-unhealthy",
        "FailedMount" | "FailedAttachVolume" => {
            return Some(
                Msg::new("events-fix-mount")
                    .arg("command", format!("kubectl describe pvc {scope}")),
            );
        }
        "FailedScheduling" => "events-fix-scheduling",
        "Evicted" => "events-fix-evicted",
        "OOMKilling" | "SystemOOM" => "events-fix-oom",
        "FailedCreatePodSandBox" => "events-fix-sandbox",
        "Failed" | "ErrImagePull" | "ImagePullBackOff" => {
            let pod = latest
                .map(|e| &e.involved_object)
                .filter(|o| o.kind.as_deref() == Some("Pod"))
                .and_then(|o| o.name.as_deref());
            let command = match (pod, latest) {
                (Some(pod), Some(e)) => format!("kubectl describe pod {pod} -n {}", namespace(e)),
                _ => format!("kubectl describe pods {scope}"),
            };
            return Some(Msg::new("events-fix-image").arg("command", command));
        }
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_warnings_grouped_by_reason_with_counts() {
        let f = testdata::seed_titles(
            analyze,
            "Warning events FailedMount ×160 on 32 pods
             Warning events BackOff ×3072 on 32 pods
             Warning events Unhealthy ×672 on 32 pods",
        );
        let mount = &f[0];
        assert_eq!(mount.severity, Severity::Critical);
        assert!(testdata::en(&mount.detail).starts_with(
            "First seen 17:36:07Z (48 min before the snapshot), last seen 17:40:07Z (44 min before the snapshot)."
        ));
        testdata::expect_detail(mount, "No space left on device");
        assert_eq!(
            testdata::fix(mount),
            "Check the volume and its claim: kubectl describe pvc -n production; free space or \
             expand it"
        );
        testdata::expect_command(
            mount,
            0,
            "kubectl get events -n production --field-selector type=Warning,reason=FailedMount",
        );
        assert!(mount.evidence[0].content().ends_with("… and 12 more\n"));
        assert_eq!(f[2].severity, Severity::Warning);
        testdata::expect_zh_finding(
            mount,
            "首次出现于 17:36:07Z（快照前 48 分钟），最近一次出现于 17:40:07Z（快照前 44 分钟）。\
             最近一条消息（Pod production/",
        );
        testdata::expect_zh_finding(&f[1], "”");
        testdata::expect_zh_finding(&f[2], "：“Liveness probe failed: HTTP probe failed");
        let fixes: Vec<String> = f
            .iter()
            .map(|f| testdata::zh(f.suggestion.as_ref().unwrap()))
            .collect();
        assert_eq!(
            fixes,
            [
                "检查存储卷及其 PVC，清理空间或扩容：kubectl describe pvc -n production",
                "容器在反复崩溃：原因见退出码和上次日志的发现",
                "探针失败：把探针的时间参数和应用的启动耗时对比一下（见探针的发现）",
            ]
        );
    }

    #[test]
    fn every_known_reason_has_a_fix_in_both_languages() {
        let reasons = [
            ("FailedAttachVolume", "检查存储卷及其 PVC"),
            ("FailedScheduling", "没有节点能容纳这些 Pod"),
            ("Evicted", "节点资源压力导致 Pod 被驱逐"),
            ("OOMKilling", "节点内存耗尽"),
            ("SystemOOM", "节点内存耗尽"),
            ("FailedCreatePodSandBox", "Pod 网络初始化失败"),
            ("Failed", "检查镜像名称、tag 和 imagePullSecrets"),
            ("ErrImagePull", "检查镜像名称"),
            ("ImagePullBackOff", "检查镜像名称"),
        ];
        let mut s = testdata::healthy();
        for (reason, _) in reasons {
            s.events.push(testdata::warning(
                "web-6b7f9c5d4-00001",
                reason,
                2,
                "something went wrong",
            ));
        }
        let found = testdata::run(analyze, &s);
        assert_eq!(found.len(), reasons.len());
        for (reason, fix) in reasons {
            let f = found
                .iter()
                .find(|f| testdata::en(&f.title).contains(&format!(" {reason} ")))
                .unwrap_or_else(|| panic!("no {reason} finding in {found:#?}"));
            testdata::expect_zh_finding(
                f,
                "最近一条消息（Pod shop/web-6b7f9c5d4-00001）：“something went wrong”",
            );
            assert!(!testdata::fix(f).is_empty(), "{reason} has no English fix");
            let zh = testdata::zh(f.suggestion.as_ref().unwrap());
            assert!(zh.starts_with(fix), "{reason}: {zh}");
        }
        // The image fix names the pod it is about, never a placeholder.
        let pull = found
            .iter()
            .find(|f| testdata::en(&f.title).contains(" ErrImagePull "))
            .unwrap();
        assert_eq!(
            testdata::fix(pull),
            "Check the image name, tag and pull secret: kubectl describe pod \
             web-6b7f9c5d4-00001 -n shop"
        );
    }

    #[test]
    fn an_unknown_reason_has_no_fix_and_an_event_with_one_time_is_seen_once() {
        let mut s = testdata::healthy();
        let mut e = testdata::event("web-6b7f9c5d4-00001", "Warning", "Custom", 1, "odd");
        e["firstTimestamp"] = json!(null);
        e["involvedObject"]["kind"] = json!(null);
        s.events.push(testdata::from(e));
        let f = testdata::single(analyze, &s);
        assert_eq!(f.suggestion, None);
        assert_eq!(
            testdata::en(&f.detail),
            "Seen 18:20:00Z (5 min before the snapshot). \
             Latest message (object shop/web-6b7f9c5d4-00001): odd"
        );
        testdata::expect_zh_finding(
            &f,
            "出现于 18:20:00Z（快照前 5 分钟）。最近一条消息（对象 shop/web-6b7f9c5d4-00001）：“odd”",
        );
    }

    #[test]
    fn fires_alone_and_counts_series_and_event_time() {
        let mut s = testdata::healthy();
        let mut e = testdata::event("web-6b7f9c5d4-00001", "Warning", "FailedScheduling", 1, "");
        e["message"] = json!("0/1 nodes are available: 1 Insufficient memory.");
        e["firstTimestamp"] = json!(null);
        e["lastTimestamp"] = json!(null);
        e["eventTime"] = json!("2026-11-26T18:05:00.000000Z");
        e["series"] = json!({"count": 12, "lastObservedTime": "2026-11-26T18:24:00.000000Z"});
        s.events.push(testdata::from(e));
        let f = testdata::lone(
            &s,
            Check::Events,
            "Warning events FailedScheduling ×12 on 1 pod",
        );
        testdata::expect_detail(
            &f,
            "First seen 18:05:00Z (20 min before the snapshot)
             last seen 18:24:00Z (1 min before the snapshot)
             Insufficient memory",
        );
        testdata::expect_zh_finding(
            &f,
            "首次出现于 18:05:00Z（快照前 20 分钟），最近一次出现于 18:24:00Z（快照前 1 分钟）。",
        );
    }

    #[test]
    fn old_warnings_and_normal_events_are_ignored() {
        let mut s = testdata::healthy();
        let mut e = testdata::event("web-6b7f9c5d4-00001", "Warning", "BackOff", 3, "old");
        e["lastTimestamp"] = json!("2026-11-25T10:00:00Z");
        s.events.push(testdata::from(e));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
