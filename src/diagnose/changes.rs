//! Changes: Deployment rollouts and image changes shortly before the snapshot (with
//! kubernetes.io/change-cause), and rollouts stuck past their progress deadline.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};

use super::finding::{Check, Finding, Severity, Signal};
use super::text::{self, MAX_NAMES};
use super::{Index, meta};
use crate::cluster::Snapshot;
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::{Msg, Text};

/// Rollouts this long before the snapshot or less count as recent.
const WINDOW: Duration = Duration::hours(2);
const REVISION: &str = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

fn revision(rs: &ReplicaSet) -> Option<u64> {
    rs.metadata
        .annotations
        .as_ref()?
        .get(REVISION)?
        .parse()
        .ok()
}

fn change_cause(rs: &ReplicaSet) -> Option<&str> {
    rs.metadata
        .annotations
        .as_ref()?
        .get(CHANGE_CAUSE)
        .map(String::as_str)
}

/// Container name -> image of a ReplicaSet's pod template.
fn images(rs: &ReplicaSet) -> BTreeMap<&str, &str> {
    rs.spec
        .template
        .as_ref()
        .and_then(|t| t.spec.as_ref())
        .map(|ps| {
            ps.containers
                .iter()
                .map(|c| (c.name.as_str(), c.image.as_deref().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default()
}

fn name(d: &Deployment) -> &str {
    meta::name(&d.metadata)
}

fn ns(d: &Deployment) -> &str {
    meta::ns(&d.metadata)
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &s.deployments {
        let mut sets = ix.replica_sets_of(ns(d), name(d)).to_vec();
        sets.sort_by_key(|rs| std::cmp::Reverse(revision(rs)));
        if let Some(f) = rollout(s, d, &sets) {
            out.push(f);
        }
        if let Some(f) = stalled(d, &sets) {
            out.push(f);
        }
    }
    out
}

fn history(d: &Deployment, sets: &[&ReplicaSet]) -> Evidence {
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-rollout-history").arg("deployment", name(d)),
        Some(&format!(
            "kubectl rollout history deployment/{} -n {}",
            name(d),
            ns(d)
        )),
        &text::lines_capped(
            Some("REVISION  REPLICASET  CREATED  IMAGES  CHANGE-CAUSE"),
            sets.iter().map(|rs| {
                let imgs: Vec<&str> = images(rs).into_values().collect();
                format!(
                    "{}  {}  {}  {}  {}",
                    revision(rs).map_or_else(|| "?".into(), |r| r.to_string()),
                    rs.metadata.name.as_deref().unwrap_or(""),
                    rs.metadata
                        .creation_timestamp
                        .as_ref()
                        .and_then(text::time)
                        .map_or_else(|| "?".into(), |t| t.to_rfc3339()),
                    imgs.join(","),
                    change_cause(rs).unwrap_or("<none>")
                )
            }),
        ),
    )
}

fn rollout(s: &Snapshot, d: &Deployment, sets: &[&ReplicaSet]) -> Option<Finding> {
    let newest = sets.first()?;
    let rev = revision(newest).filter(|r| *r >= 2)?;
    let created = newest
        .metadata
        .creation_timestamp
        .as_ref()
        .and_then(text::time);
    if let (Some(now), Some(created)) = (s.taken_at, created)
        && now - created > WINDOW
    {
        return None;
    }
    let previous = sets.get(1);
    let (new_images, old_images) = (
        images(newest),
        previous.map(|p| images(p)).unwrap_or_default(),
    );
    let changed: Vec<String> = new_images
        .iter()
        .filter_map(|(c, img)| {
            let old = old_images.get(c)?;
            (old != img).then(|| format!("{c} {old} → {img}"))
        })
        .collect();
    let cause = change_cause(newest).or_else(|| {
        d.metadata
            .annotations
            .as_ref()?
            .get(CHANGE_CAUSE)
            .map(String::as_str)
    });
    let mut texts = vec![("images", Text::list(&changed, MAX_NAMES))];
    if let Some(t) = created {
        texts.push(("when", text::ago_msg(t, s.taken_at.unwrap_or(t)).into()));
    }
    let title = Text::with(
        Msg::new("finding-rollout")
            .arg("workload", name(d))
            .arg("revision", rev)
            .arg("dated", if created.is_some() { "yes" } else { "no" })
            .arg("changed", changed.len())
            .arg("caused", if cause.is_some() { "yes" } else { "no" })
            .arg(
                "cause",
                cause.map(|c| text::truncate(c, 120)).unwrap_or_default(),
            ),
        texts,
    );
    let status = d.status.as_ref();
    let unavailable = status.and_then(|st| st.unavailable_replicas).unwrap_or(0);
    let detail = rollout_detail(s, d, sets, rev, created);
    let command = format!("kubectl rollout undo deployment/{} -n {}", name(d), ns(d));
    let command = match previous.and_then(|p| revision(p)) {
        Some(prev) => format!("{command} --to-revision={prev}"),
        None => command,
    };
    Some(Finding {
        check: Check::Changes,
        severity: if unavailable > 0 {
            Severity::Warning
        } else {
            Severity::Info
        },
        signal: Signal::Rollout {
            image_changed: !changed.is_empty(),
        },
        title,
        detail,
        subjects: vec![format!("{}/{}", ns(d), name(d))],
        evidence: vec![history(d, sets)],
        suggestion: Some(
            Msg::new("finding-rollout-fix")
                .arg("command", command)
                .into(),
        ),
    })
}

/// The new ReplicaSet, when it was created, the one it replaced and how many replicas are
/// unavailable.
fn rollout_detail(
    s: &Snapshot,
    d: &Deployment,
    sets: &[&ReplicaSet],
    rev: u64,
    created: Option<DateTime<Utc>>,
) -> Text {
    let (newest, previous) = (sets.first(), sets.get(1));
    let status = d.status.as_ref();
    let unavailable = status.and_then(|st| st.unavailable_replicas).unwrap_or(0);
    let mut when = Vec::new();
    if let Some(t) = created {
        when.push(("when", text::when_text(t, s.taken_at)));
    }
    Text::with(
        Msg::new("finding-rollout-detail")
            .arg("namespace", ns(d))
            .arg("workload", name(d))
            .arg(
                "replicaset",
                newest
                    .and_then(|rs| rs.metadata.name.as_deref())
                    .unwrap_or(""),
            )
            .arg("revision", rev)
            .arg("dated", if created.is_some() { "yes" } else { "no" })
            .arg("replacing", if previous.is_some() { "yes" } else { "no" })
            .arg(
                "previous",
                previous
                    .and_then(|p| p.metadata.name.as_deref())
                    .unwrap_or(""),
            )
            .arg(
                "previous_revision",
                previous
                    .and_then(|p| revision(p))
                    .map_or_else(|| "?".into(), |r| r.to_string()),
            )
            .arg("unavailable", i64::from(unavailable))
            .arg(
                "replicas",
                i64::from(status.and_then(|st| st.replicas).unwrap_or(0)),
            ),
        when,
    )
}

fn stalled(d: &Deployment, sets: &[&ReplicaSet]) -> Option<Finding> {
    let status = d.status.as_ref()?;
    let cond = status.conditions.as_ref()?.iter().find(|c| {
        c.type_.as_deref() == Some("Progressing")
            && c.status.as_deref() == Some("False")
            && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
    })?;
    let replicas = status.replicas.unwrap_or(0);
    let available = status.available_replicas.unwrap_or(0);
    Some(Finding {
        check: Check::Changes,
        severity: Severity::Warning,
        signal: Signal::RolloutStalled,
        title: Msg::new("finding-rollout-stalled")
            .arg("workload", name(d))
            .arg("available", i64::from(available))
            .arg("replicas", i64::from(replicas))
            .into(),
        detail: match cond.message.as_deref() {
            Some(message) => Msg::new("finding-rollout-stalled-detail").arg("message", message),
            None => Msg::new("finding-rollout-stalled-deadline"),
        }
        .arg("namespace", ns(d))
        .arg("workload", name(d))
        .into(),
        subjects: vec![format!("{}/{}", ns(d), name(d))],
        evidence: vec![
            Evidence::new(
                EvidenceKind::CommandOutput,
                Msg::new("evidence-rollout-status").arg("deployment", name(d)),
                Some(&format!(
                    "kubectl rollout status deployment/{} -n {} --timeout=1s",
                    name(d),
                    ns(d)
                )),
                &format!(
                    "error: deployment \"{}\" exceeded its progress deadline\n{}\n",
                    name(d),
                    cond.message.as_deref().unwrap_or("")
                ),
            ),
            history(d, sets),
        ],
        suggestion: Some(
            Msg::new("finding-rollout-stalled-fix")
                .arg(
                    "command",
                    format!("kubectl rollout undo deployment/{} -n {}", name(d), ns(d)),
                )
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_rollouts_are_stalled_not_recent() {
        let f = testdata::seed_titles(
            analyze,
            "order-service rollout stalled (ProgressDeadlineExceeded): 0 of 17 replicas available
             payment-service rollout stalled (ProgressDeadlineExceeded): 0 of 15 replicas \
             available",
        );
        testdata::expect_detail(
            &f[1],
            "ReplicaSet \"payment-service-7d9c8b6f5d\" has timed out progressing.",
        );
        testdata::expect_command(
            &f[1],
            1,
            "kubectl rollout history deployment/payment-service -n production",
        );
        testdata::expect_zh_finding(
            &f[1],
            "Deployment production/payment-service 的 rollout 超过了进度期限：\
             “ReplicaSet \"payment-service-7d9c8b6f5d\" has timed out progressing.”",
        );
        assert_eq!(
            testdata::fix(&f[1]),
            "Fix why the new pods never become ready (the findings above), or roll back: \
             kubectl rollout undo deployment/payment-service -n production"
        );
        assert_eq!(
            testdata::zh(f[1].suggestion.as_ref().unwrap()),
            "先查清新 Pod 为什么一直无法就绪（见上面的发现），或者回滚：\
             kubectl rollout undo deployment/payment-service -n production"
        );
    }

    #[test]
    fn a_stalled_rollout_without_a_message_says_the_deadline_passed() {
        let mut s = testdata::healthy();
        s.deployments[0].status = Some(testdata::from(json!({
            "replicas": 3, "availableReplicas": 1,
            "conditions": [{"type": "Progressing", "status": "False",
                "reason": "ProgressDeadlineExceeded"}]})));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "web rollout stalled (ProgressDeadlineExceeded): 1 of 3 replicas available",
        );
        assert_eq!(
            testdata::en(&f.detail),
            "Deployment shop/web: progress deadline exceeded"
        );
        testdata::expect_zh_finding(
            &f,
            "Deployment shop/web 的 rollout 超过了进度期限（ProgressDeadlineExceeded）",
        );
    }

    /// Revision `rev` of Deployment `web`, running image `registry.example/web:1.{rev - 1}.0`.
    fn rs(rev: u32, created: &str, cause: Option<&str>) -> ReplicaSet {
        let image = format!("registry.example/web:1.{}.0", rev - 1);
        let mut ann = json!({"deployment.kubernetes.io/revision": rev.to_string()});
        if let Some(c) = cause {
            ann["kubernetes.io/change-cause"] = json!(c);
        }
        testdata::from(json!({
            "metadata": {"name": format!("web-rev{rev}"), "namespace": "shop",
                "creationTimestamp": created, "annotations": ann,
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                    "uid": "d", "controller": true}]},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [{"name": "web", "image": image}]}}}
        }))
    }

    #[test]
    fn fires_alone_on_a_recent_image_change() {
        let mut s = testdata::healthy();
        s.replica_sets.push(rs(
            2,
            "2026-11-26T17:47:00Z",
            Some("kubectl set image deployment/web web=registry.example/web:1.1.0"),
        ));
        let f = testdata::lone(
            &s,
            Check::Changes,
            "web rolled out revision 2 38 min before the snapshot: image web \
             registry.example/web:1.0.0 → registry.example/web:1.1.0 (change-cause: kubectl set \
             image deployment/web web=registry.example/web:1.1.0)",
        );
        testdata::expect_zh_title(
            &f,
            "web 于快照前 38 分钟发布了 revision 2：镜像 web registry.example/web:1.0.0 → \
             registry.example/web:1.1.0（change-cause：kubectl set image deployment/web \
             web=registry.example/web:1.1.0）",
        );
        assert_eq!(
            f.signal,
            Signal::Rollout {
                image_changed: true
            }
        );
        assert!(testdata::fix(&f).contains("--to-revision=1"));
        testdata::expect_evidence(&f, 0, "2  web-rev2  2026-11-26T17:47:00+00:00");
        assert_eq!(
            testdata::en(&f.detail),
            "Deployment shop/web: ReplicaSet web-rev2 (revision 2) created 17:47:00Z (38 min \
             before the snapshot), replacing web-6b7f9c5d4 (revision 1). 0 of 3 replicas \
             unavailable."
        );
        testdata::expect_zh_finding(
            &f,
            "Deployment shop/web：ReplicaSet web-rev2（revision 2）创建于 17:47:00Z（快照前 38 分钟），\
             替换了 web-6b7f9c5d4（revision 1）。3 个副本中有 0 个不可用。",
        );
        assert_eq!(
            testdata::zh(f.suggestion.as_ref().unwrap()),
            "如果问题是这次发布引起的，就回滚：\
             kubectl rollout undo deployment/web -n shop --to-revision=1"
        );
    }

    #[test]
    fn a_first_rollout_on_record_replaces_nothing_known() {
        let mut s = testdata::healthy();
        s.replica_sets = vec![rs(2, "2026-11-26T17:47:00Z", None)];
        let f = testdata::single(analyze, &s);
        assert_eq!(
            testdata::en(&f.detail),
            "Deployment shop/web: ReplicaSet web-rev2 (revision 2) created 17:47:00Z (38 min \
             before the snapshot). 0 of 3 replicas unavailable."
        );
        assert_eq!(
            testdata::fix(&f),
            "If this revision is the cause, roll back: kubectl rollout undo deployment/web -n shop"
        );
        testdata::expect_zh_finding(
            &f,
            "ReplicaSet web-rev2（revision 2）创建于 17:47:00Z（快照前 38 分钟）。3 个副本中有 0 个不可用。",
        );
    }

    #[test]
    fn a_rollout_just_before_the_snapshot_without_a_change_cause() {
        let mut s = testdata::healthy();
        s.replica_sets.push(rs(2, "2026-11-26T18:24:30Z", None));
        let f = testdata::single(analyze, &s);
        testdata::expect_title(
            &f,
            "web rolled out revision 2 just before the snapshot: image web \
             registry.example/web:1.0.0 → registry.example/web:1.1.0",
        );
        testdata::expect_zh_title(
            &f,
            "web 于快照前不久发布了 revision 2：镜像 web registry.example/web:1.0.0 → \
             registry.example/web:1.1.0",
        );
    }

    #[test]
    fn old_rollouts_are_not_news() {
        let mut s = testdata::healthy();
        s.replica_sets.push(rs(2, "2026-11-26T14:00:00Z", None));
        assert!(testdata::run(analyze, &s).is_empty());
    }

    #[test]
    fn healthy_deployments_have_no_changes() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
