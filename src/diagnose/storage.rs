//! Storage: the pods' PersistentVolumeClaims (phase, capacity), FailedMount events and
//! "No space left on device", joined per claim.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use k8s_openapi::api::core::v1::PersistentVolumeClaim;

use super::events as ev;
use super::finding::{Check, Finding, Severity, Signal};
use super::quantity;
use super::text::{self, MAX_NAMES};
use super::workload::{self as wl};
use super::{Index, meta};
use crate::cluster::snapshot::ClusterPod;
use crate::cluster::{ClusterEvent, PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind, redact};
use crate::i18n::{Msg, Text};

const NO_SPACE: &str = "no space left on device";
/// Longest event message quoted in a detail.
const MAX_MESSAGE: usize = 300;

/// `namespace`, claim name.
type ClaimKey = (String, String);

/// What was seen about one claim, or about one non-claim volume that failed to mount.
#[derive(Default)]
struct Trouble<'a> {
    mount_events: Vec<&'a ClusterEvent>,
    mount_pods: BTreeSet<String>,
    no_space_logs: Vec<(&'a PodLog, String)>,
}

impl Trouble<'_> {
    fn no_space(&self) -> bool {
        !self.no_space_logs.is_empty()
            || self
                .mount_events
                .iter()
                .any(|e| lower(e.message.as_deref()).contains(NO_SPACE))
    }
}

fn lower(s: Option<&str>) -> String {
    s.unwrap_or("").to_lowercase()
}

/// The volume an event message names: `... for volume "pvc-123" : ...`.
fn volume_in(message: &str) -> Option<&str> {
    let rest = &message[message.find("volume \"")? + 8..];
    Some(&rest[..rest.find('"')?])
}

fn claim_of_volume(pod: &ClusterPod, volume: &str) -> Option<String> {
    pod.spec
        .as_ref()?
        .volumes
        .iter()
        .flatten()
        .find(|v| v.name == volume)?
        .persistent_volume_claim
        .as_ref()
        .map(|c| c.claim_name.clone())
}

fn claim_name(c: &PersistentVolumeClaim) -> &str {
    meta::name(&c.metadata)
}

fn claim_ns(c: &PersistentVolumeClaim) -> &str {
    meta::ns(&c.metadata)
}

fn capacity(c: &PersistentVolumeClaim) -> Option<&str> {
    let from_status = c
        .status
        .as_ref()
        .and_then(|st| st.capacity.as_ref())
        .and_then(|cap| cap.get("storage"));
    let from_spec = || {
        c.spec
            .as_ref()?
            .resources
            .as_ref()?
            .requests
            .as_ref()?
            .get("storage")
    };
    from_status.or_else(from_spec).map(|q| q.0.as_str())
}

fn phase(c: &PersistentVolumeClaim) -> &str {
    c.status
        .as_ref()
        .and_then(|st| st.phase.as_deref())
        .unwrap_or("Pending")
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let users = claim_users(s);
    let (mut claims, other) = troubles(s, ix);
    let mut out = Vec::new();
    for c in &s.pvcs {
        let key = (claim_ns(c).to_string(), claim_name(c).to_string());
        let used_by = users.get(&key).map(Vec::as_slice).unwrap_or_default();
        if !s.pods.is_empty() && used_by.is_empty() {
            continue;
        }
        let trouble = claims.remove(&key).unwrap_or_default();
        if let Some(f) = claim_finding(s, c, used_by, &trouble, ix) {
            out.push(f);
        }
    }
    // Claims the events or logs name but the snapshot does not hold.
    for ((ns, claim), t) in claims {
        out.push(volume_finding(s, &ns, ("pvc", &claim), &t));
    }
    for ((ns, volume), t) in other {
        out.push(volume_finding(s, &ns, ("volume", &volume), &t));
    }
    out
}

/// Which pods use which claim.
fn claim_users(s: &Snapshot) -> HashMap<ClaimKey, Vec<&ClusterPod>> {
    let mut users: HashMap<ClaimKey, Vec<&ClusterPod>> = HashMap::new();
    for p in &s.pods {
        let claims = p.spec.iter().flat_map(|sp| sp.volumes.iter().flatten());
        for v in claims {
            if let Some(c) = &v.persistent_volume_claim {
                users
                    .entry((wl::namespace(p).to_string(), c.claim_name.clone()))
                    .or_default()
                    .push(p);
            }
        }
    }
    users
}

/// PV name -> claim, from the claims' volumeName and the PVs' claimRef.
fn claims_by_pv(s: &Snapshot) -> HashMap<&str, ClaimKey> {
    let mut by_pv: HashMap<&str, ClaimKey> = HashMap::new();
    for c in &s.pvcs {
        if let Some(v) = c.spec.as_ref().and_then(|sp| sp.volume_name.as_deref()) {
            by_pv.insert(v, (claim_ns(c).to_string(), claim_name(c).to_string()));
        }
    }
    for pv in &s.pvs {
        let (Some(name), Some(r)) = (
            pv.metadata.name.as_deref(),
            pv.spec.as_ref().and_then(|sp| sp.claim_ref.as_ref()),
        ) else {
            continue;
        };
        if let (Some(ns), Some(claim)) = (&r.namespace, &r.name) {
            by_pv
                .entry(name)
                .or_insert_with(|| (ns.clone(), claim.clone()));
        }
    }
    by_pv
}

/// The recent mount failures and "No space left on device" log lines, sorted to the claims
/// they concern, and to (namespace, volume) for volumes that are not claims.
type Troubles<'s> = (
    BTreeMap<ClaimKey, Trouble<'s>>,
    BTreeMap<(String, String), Trouble<'s>>,
);

fn troubles<'s>(s: &'s Snapshot, ix: &Index) -> Troubles<'s> {
    let by_pv = claims_by_pv(s);
    let mut claims: BTreeMap<ClaimKey, Trouble> = BTreeMap::new();
    let mut other: BTreeMap<(String, String), Trouble> = BTreeMap::new();
    for e in &s.events {
        let reason = e.reason.as_deref().unwrap_or("");
        if !matches!(reason, "FailedMount" | "FailedAttachVolume") || !ev::is_recent(e, s.taken_at)
        {
            continue;
        }
        let ns = ev::namespace(e);
        let pod_name = e.involved_object.name.as_deref().unwrap_or("");
        let volume = volume_in(e.message.as_deref().unwrap_or("")).unwrap_or("");
        let claim = by_pv.get(volume).cloned().or_else(|| {
            let pod = ix.pod(ns, pod_name)?;
            claim_of_volume(pod, volume).map(|c| (ns.to_string(), c))
        });
        let t = match claim {
            Some(key) => claims.entry(key).or_default(),
            None => other
                .entry((ns.to_string(), volume.to_string()))
                .or_default(),
        };
        t.mount_events.push(e);
        t.mount_pods.insert(format!("{ns}/{pod_name}"));
    }
    for log in &s.logs {
        let Some(pod) = ix.pod(&log.namespace, &log.pod) else {
            continue;
        };
        for line in log
            .text
            .lines()
            .filter(|l| l.to_lowercase().contains(NO_SPACE))
        {
            if let Some(claim) = claim_of_log_line(pod, &log.container, line) {
                claims
                    .entry((log.namespace.clone(), claim))
                    .or_default()
                    .no_space_logs
                    .push((log, line.trim().to_string()));
            }
        }
    }
    (claims, other)
}

/// The claim a "No space left on device" line writes to, from the path before the error and
/// the container's volume mounts.
fn claim_of_log_line(pod: &ClusterPod, container: &str, line: &str) -> Option<String> {
    let before = &line[..line.to_lowercase().find(NO_SPACE)?];
    let c = wl::container(pod, container)?;
    let volume = c
        .volume_mounts
        .iter()
        .flatten()
        .filter(|m| before.contains(&format!("{}/", m.mount_path.trim_end_matches('/'))))
        .max_by_key(|m| m.mount_path.len())?;
    claim_of_volume(pod, &volume.name)
}

fn claim_finding(
    s: &Snapshot,
    c: &PersistentVolumeClaim,
    used_by: &[&ClusterPod],
    t: &Trouble,
    ix: &Index,
) -> Option<Finding> {
    let bound = phase(c) == "Bound";
    if bound && t.mount_events.is_empty() && t.no_space_logs.is_empty() {
        return None;
    }
    let (severity, signal, title) = claim_headline(c, used_by, t, ix);
    let mut detail = vec![
        Msg::new("pvc-detail")
            .arg("claim", claim_name(c))
            .arg("phase", phase(c))
            .arg("capacity", capacity(c).unwrap_or("none"))
            .arg("class", storage_class(c).unwrap_or("none"))
            .into(),
    ];
    if !used_by.is_empty() {
        let mut users: Vec<String> = used_by.iter().map(|p| ix.workload(p).name).collect();
        users.sort();
        users.dedup();
        detail.push(Text::with(
            Msg::new("pvc-mounted-by").arg("pods", used_by.len()),
            [("workloads", Text::list(&users, MAX_NAMES))],
        ));
    }
    detail.extend(trouble_detail(s, t));
    let mut evidence = vec![claim_evidence(c)];
    evidence.extend(trouble_evidence(claim_ns(c), t));
    Some(Finding {
        check: Check::Storage,
        severity,
        signal,
        title: title.into(),
        detail: Text::Sentences(detail),
        subjects: std::iter::once(claim_subject(c))
            .chain(t.mount_pods.iter().cloned())
            .collect(),
        evidence,
        suggestion: Some(claim_suggestion(c, t).into()),
    })
}

fn storage_class(c: &PersistentVolumeClaim) -> Option<&str> {
    c.spec.as_ref()?.storage_class_name.as_deref()
}

/// Not bound, full, or failing to mount: severity, signal and title.
fn claim_headline(
    c: &PersistentVolumeClaim,
    used_by: &[&ClusterPod],
    t: &Trouble,
    ix: &Index,
) -> (Severity, Signal, Msg) {
    let claim = |key| {
        Msg::new(key)
            .arg("claim", claim_name(c))
            .arg("namespace", claim_ns(c))
            .arg("size", capacity(c).unwrap_or("none"))
    };
    if phase(c) != "Bound" {
        let title = claim("finding-pvc-unbound")
            .arg("phase", phase(c))
            .arg("pods", used_by.len());
        return (Severity::Critical, Signal::PvcNotBound, title);
    }
    if !t.no_space() {
        let title = claim("finding-pvc-mount").arg("pods", t.mount_pods.len());
        return (Severity::Critical, Signal::VolumeMountFailed, title);
    }
    let mount = if t.mount_events.is_empty() {
        0
    } else {
        t.mount_pods.len()
    };
    let app = t.no_space_logs.first().map_or_else(
        || "none".to_string(),
        |(log, _)| {
            ix.pod(&log.namespace, &log.pod)
                .map(|p| ix.workload(p).name)
                .unwrap_or_else(|| log.pod.clone())
        },
    );
    let title = claim("finding-volume-full")
        .arg("mount", mount)
        .arg("app", app);
    (Severity::Critical, Signal::VolumeFull, title)
}

/// `kubectl get pvc` of the claim.
fn claim_evidence(c: &PersistentVolumeClaim) -> Evidence {
    let (ns, name) = (claim_ns(c), claim_name(c));
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-pvc").arg("name", name),
        Some(&format!("kubectl get pvc {name} -n {ns}")),
        &format!(
            "NAME  STATUS  VOLUME  CAPACITY  STORAGECLASS\n{name}  {}  {}  {}  {}\n",
            phase(c),
            c.spec
                .as_ref()
                .and_then(|sp| sp.volume_name.as_deref())
                .unwrap_or(""),
            capacity(c).unwrap_or(""),
            storage_class(c).unwrap_or("")
        ),
    )
}

fn claim_suggestion(c: &PersistentVolumeClaim, t: &Trouble) -> Msg {
    let (ns, name) = (claim_ns(c), claim_name(c));
    if phase(c) != "Bound" {
        return Msg::new("pvc-unbound-fix")
            .arg("claim", name)
            .arg("namespace", ns);
    }
    if !t.no_space() {
        // The first pod that fails to mount it ("ns/name"), else every pod of the namespace.
        let command = match t.mount_pods.iter().next().and_then(|p| p.split_once('/')) {
            Some((pod_ns, pod)) => format!("kubectl describe pod {pod} -n {pod_ns}"),
            None => format!("kubectl describe pods -n {ns}"),
        };
        return Msg::new("pvc-mount-fix").arg("command", command);
    }
    let grow = capacity(c).and_then(quantity::doubled);
    let dir = t.no_space_logs.first().and_then(|(_, line)| {
        let before = &line[..line.to_lowercase().find(NO_SPACE)?];
        let path = before
            .split_whitespace()
            .rev()
            .find(|w| w.starts_with('/'))?;
        path.rsplit_once('/').map(|(d, _)| d.to_string())
    });
    let size = grow.as_deref().unwrap_or("<size>");
    Msg::new("volume-full-fix")
        .arg("size", grow.as_deref().unwrap_or("none"))
        .arg(
            "command",
            format!(
                "kubectl patch pvc {name} -n {ns} -p \
                 '{{\"spec\":{{\"resources\":{{\"requests\":{{\"storage\":\"{size}\"}}}}}}}}'"
            ),
        )
        .arg("dir", dir.unwrap_or_else(|| "none".into()))
}

/// How a hypothesis names a claim: `PVC production/payment-data (PV pvc-8f1c…)`.
fn claim_subject(c: &PersistentVolumeClaim) -> String {
    let pv = c
        .spec
        .as_ref()
        .and_then(|sp| sp.volume_name.as_deref())
        .map(|v| format!(" (PV {v})"))
        .unwrap_or_default();
    format!("PVC {}/{}{pv}", claim_ns(c), claim_name(c))
}

/// A mount failure of a volume that is not a claim in the snapshot: `volume` is its kind
/// ("pvc" or "volume") and name.
fn volume_finding(s: &Snapshot, ns: &str, volume: (&str, &str), t: &Trouble) -> Finding {
    let full = t.no_space();
    let (kind, name) = volume;
    let what = match kind {
        "pvc" => format!("PVC {name}"),
        _ => format!("Volume {name}"),
    };
    Finding {
        check: Check::Storage,
        severity: Severity::Critical,
        signal: if full {
            Signal::VolumeFull
        } else {
            Signal::VolumeMountFailed
        },
        title: Msg::new("finding-volume-mount")
            .arg("kind", kind)
            .arg("name", name)
            .arg("namespace", ns)
            .arg("pods", t.mount_pods.len())
            .arg("full", if full { "yes" } else { "no" })
            .into(),
        detail: Text::Sentences(trouble_detail(s, t)),
        // The volume first: a hypothesis names what is full by its first subject.
        subjects: std::iter::once(format!("{what} in {ns}"))
            .chain(t.mount_pods.iter().cloned())
            .collect(),
        evidence: trouble_evidence(ns, t),
        suggestion: Some(
            Msg::new("volume-mount-fix")
                .arg(
                    "pod",
                    t.mount_pods
                        .iter()
                        .next()
                        .and_then(|p| p.split_once('/').map(|(_, n)| n))
                        .unwrap_or("<pod>"),
                )
                .arg("namespace", ns)
                .into(),
        ),
    }
}

/// What the mount events and the logs say: one sentence for the events, one a log line.
fn trouble_detail(s: &Snapshot, t: &Trouble) -> Vec<Text> {
    let mut out = Vec::new();
    if let Some(e) = t.mount_events.iter().max_by_key(|e| e.last_seen) {
        let total: u64 = t.mount_events.iter().map(|e| e.count).sum();
        let msg = Msg::new("mount-events")
            .arg("total", total)
            .arg("pods", t.mount_pods.len())
            .arg(
                "message",
                text::truncate(e.message.as_deref().unwrap_or(""), MAX_MESSAGE),
            );
        out.push(match e.last_seen {
            Some(last) => Text::with(
                msg.arg("last", "yes"),
                [("when", text::when_text(last, s.taken_at))],
            ),
            None => msg.arg("last", "no").into(),
        });
    }
    for (log, line) in t.no_space_logs.iter().take(MAX_NAMES) {
        out.push(
            Msg::new("no-space-logged")
                .arg("pod", format!("{}/{}", log.namespace, log.pod))
                .arg("line", text::truncate(&redact(line), MAX_MESSAGE))
                .into(),
        );
    }
    out
}

fn trouble_evidence(ns: &str, t: &Trouble) -> Vec<Evidence> {
    let mut out = Vec::new();
    if !t.mount_events.is_empty() {
        out.push(Evidence::new(
            EvidenceKind::CommandOutput,
            Msg::new("evidence-events").arg("reason", "FailedMount"),
            Some(&format!(
                "kubectl get events -n {ns} --field-selector reason=FailedMount"
            )),
            &text::lines_capped(
                Some("OBJECT  COUNT  MESSAGE"),
                t.mount_events.iter().map(|e| {
                    format!(
                        "pod/{}  {}  {}",
                        e.involved_object.name.as_deref().unwrap_or(""),
                        e.count,
                        e.message.as_deref().unwrap_or("")
                    )
                }),
            ),
        ));
    }
    for (log, line) in &t.no_space_logs {
        out.push(Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-no-space-log").arg("pod", log.pod.as_str()),
            Some(&log.command),
            line,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_volume_is_full() {
        let f = &testdata::single(analyze, &testdata::seed());
        assert_eq!(
            testdata::en(&f.title),
            "Volume payment-data (50Gi) in production is full: FailedMount \"No space left on \
             device\" on 32 pods; order-service writes fail"
        );
        assert_eq!(f.signal, Signal::VolumeFull);
        testdata::expect_detail(
            f,
            "mounted by 32 pods of order-service and payment-service
             160 FailedMount events on 32 pods",
        );
        testdata::expect_commands(
            f,
            "kubectl get pvc payment-data -n production
             kubectl get events -n production --field-selector reason=FailedMount
             kubectl logs order-service-5f6b9c7d48-5zhjp -n production -c order --previous --tail=200",
        );
        let fix = testdata::fix(f);
        assert!(fix.contains("Expand the PVC to 100Gi"), "{fix}");
        assert!(
            fix.contains("old files under /var/lib/order/journal"),
            "{fix}"
        );
        testdata::expect_zh_finding(
            f,
            "order-service 和 payment-service 的 32 个 Pod 挂载了它。32 个 Pod 上共有 160 次 \
             FailedMount 事件，最近一次在 17:40:07Z（快照前 44 分钟）：「MountVolume.SetUp failed",
        );
        let zh = testdata::zh_fix(f);
        assert!(
            zh.starts_with(
                "清理空间（/var/lib/order/journal 下的旧文件），或者把 PVC 扩容到 100Gi"
            ),
            "{zh}"
        );
    }

    #[test]
    fn fires_alone_on_a_pending_claim() {
        let mut s = testdata::healthy();
        s.pvcs[0].status = Some(testdata::from(json!({"phase": "Pending"})));
        let f = testdata::lone(
            &s,
            Check::Storage,
            "PVC web-data in shop is Pending: 3 pods cannot start",
        );
        testdata::expect_command(&f, 0, "kubectl get pvc web-data -n shop");
        testdata::expect_detail(
            &f,
            "PVC web-data: phase Pending, capacity 10Gi, storage class default. It is mounted \
             by 3 pods of web.",
        );
        testdata::expect_zh_finding(
            &f,
            "PVC web-data：状态 Pending，容量 10Gi，StorageClass 为默认。web 的 3 个 Pod 挂载了它。",
        );
        assert!(testdata::zh_fix(&f).starts_with("查一下它为什么没有绑定"));
    }

    #[test]
    fn mount_failure_of_a_bound_claim() {
        let mut s = testdata::healthy();
        s.events.push(testdata::warning(
            "web-6b7f9c5d4-00001",
            "FailedMount",
            2,
            "MountVolume.MountDevice failed for volume \"data\" : rpc error: code = DeadlineExceeded",
        ));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "PVC web-data (10Gi) in shop fails to mount on 1 pod");
        testdata::expect_detail(
            &f,
            "2 FailedMount events on 1 pod, last 18:20:00Z (5 min before the snapshot): \
             MountVolume.MountDevice failed",
        );
        assert_eq!(
            testdata::fix(&f),
            "Read the mount error: kubectl describe pod web-6b7f9c5d4-00001 -n shop; check the CSI \
             driver's pods"
        );
        testdata::expect_zh_finding(
            &f,
            "1 个 Pod 上共有 2 次 FailedMount 事件，最近一次在 18:20:00Z（快照前 5 分钟）：\
             「MountVolume.MountDevice failed for volume \"data\" : rpc error: code = DeadlineExceeded」。",
        );
    }

    #[test]
    fn mount_failure_of_a_config_volume() {
        let mut s = testdata::healthy();
        s.events.push(testdata::warning(
            "web-6b7f9c5d4-00001",
            "FailedMount",
            4,
            "MountVolume.SetUp failed for volume \"settings\" : configmap \"web-settings\" not found",
        ));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "Volume settings in shop fails to mount on 1 pod");
        testdata::expect_detail(&f, "configmap \"web-settings\" not found");
        assert_eq!(
            testdata::fix(&f),
            "Read the mount error: kubectl describe pod web-6b7f9c5d4-00001 -n shop"
        );
        testdata::expect_zh_title(
            &f,
            "命名空间 shop 中的存储卷 settings 在 1 个 Pod 上挂载失败",
        );
        testdata::expect_zh_finding(&f, "「MountVolume.SetUp failed for volume \"settings\"");
    }

    #[test]
    fn healthy_storage_has_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
