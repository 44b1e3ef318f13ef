//! Health samples: a workload's pods ready / failing / total, restarts and the most common
//! failure, as one triage saw them. A triage records one on the incident open in its channel;
//! the progress update's "failing pods before → now" and the incident metrics read them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cluster::{Snapshot, Target};
use crate::diagnose::Verdict;
use crate::diagnose::{is_ready, restarts, status_column};

/// A workload's health at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct HealthSample {
    pub at: DateTime<Utc>,
    /// The workload as the triage named it (`/triage service:NAME`).
    pub service: String,
    pub namespace: Option<String>,
    pub cluster: String,
    pub ready: i64,
    /// Pods neither ready nor completed (a finished Job's pod is not failing).
    pub failing: i64,
    pub total: i64,
    /// Container restarts summed over the pods.
    pub restarts: i64,
    /// The most common status of the failing pods (`CrashLoopBackOff`, `Pending`, …).
    pub top_reason: Option<String>,
}

/// The sample a workload triage's snapshot gives; `None` for an overview (it reads only the
/// failing pods, so it has no totals) and when the pods could not be read or nothing of that
/// name exists (the verdict says so; a sample would claim zero pods).
pub fn sample(snapshot: &Snapshot, verdict: &Verdict, at: DateTime<Utc>) -> Option<HealthSample> {
    let service = snapshot.target.as_ref().and_then(Target::workload)?;
    if matches!(
        verdict,
        Verdict::CouldNotDiagnose { .. } | Verdict::NotFound { .. }
    ) {
        return None;
    }
    let pods = &snapshot.pods;
    let ready = pods.iter().filter(|p| is_ready(p)).count();
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for pod in pods.iter().filter(|p| !is_ready(p)) {
        let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
        if phase != Some("Succeeded") {
            *reasons.entry(status_column(pod)).or_default() += 1;
        }
    }
    let failing: usize = reasons.values().sum();
    // The most common reason; among equals the first by name, so the sample is reproducible.
    let top_reason = reasons
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(reason, _)| reason.to_string());
    Some(HealthSample {
        at,
        service: service.to_string(),
        namespace: snapshot.namespace.clone(),
        cluster: snapshot.cluster.clone(),
        ready: ready as i64,
        failing: failing as i64,
        total: pods.len() as i64,
        restarts: pods.iter().map(restarts).sum(),
        top_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::snapshot::ClusterPod;

    fn pod(ready: bool, phase: &str, waiting: Option<&str>, restarts: i32) -> ClusterPod {
        serde_json::from_value(serde_json::json!({
            "metadata": { "name": "p", "namespace": "production" },
            "status": {
                "phase": phase,
                "conditions": [{ "type": "Ready", "status": if ready { "True" } else { "False" } }],
                "containerStatuses": [{
                    "name": "app", "image": "app:1", "imageID": "", "ready": ready,
                    "restartCount": restarts,
                    "state": match waiting {
                        Some(r) => serde_json::json!({ "waiting": { "reason": r } }),
                        None => serde_json::json!({ "running": {} }),
                    },
                }],
            },
        }))
        .unwrap()
    }

    fn snapshot(pods: Vec<ClusterPod>) -> Snapshot {
        Snapshot {
            cluster: "prod".into(),
            namespace: Some("production".into()),
            target: Some(Target::Workload {
                name: "payment-service".into(),
            }),
            pods,
            ..Snapshot::default()
        }
    }

    fn problems() -> Verdict {
        Verdict::Problems {
            subject: "payment-service".into(),
            critical: 1,
            warning: 0,
            missing: vec![],
            not_checked: vec![],
        }
    }

    #[test]
    fn counts_ready_failing_and_the_most_common_reason() {
        let pods = vec![
            pod(true, "Running", None, 0),
            pod(false, "Running", Some("CrashLoopBackOff"), 7),
            pod(false, "Running", Some("CrashLoopBackOff"), 5),
            pod(false, "Pending", None, 0),
            pod(false, "Succeeded", None, 0),
        ];
        let at = DateTime::UNIX_EPOCH;
        let s = sample(&snapshot(pods), &problems(), at).unwrap();
        assert_eq!(
            (s.ready, s.failing, s.total, s.restarts),
            (1, 3, 5, 12),
            "{s:?}"
        );
        assert_eq!(s.top_reason.as_deref(), Some("CrashLoopBackOff"));
        assert_eq!(s.service, "payment-service");
        assert_eq!(s.cluster, "prod");
    }

    #[test]
    fn no_sample_without_pods_read_or_for_an_overview() {
        let at = DateTime::UNIX_EPOCH;
        let unread = Verdict::CouldNotDiagnose {
            subject: "payment-service".into(),
            reason: "forbidden".into(),
            nothing_checked: true,
        };
        assert_eq!(sample(&snapshot(vec![]), &unread, at), None);
        let overview = Snapshot {
            target: Some(Target::Overview),
            ..snapshot(vec![pod(false, "Running", Some("CrashLoopBackOff"), 1)])
        };
        assert_eq!(sample(&overview, &problems(), at), None);
        let healthy = sample(
            &snapshot(vec![pod(true, "Running", None, 0)]),
            &problems(),
            at,
        );
        assert_eq!(healthy.map(|s| (s.failing, s.top_reason)), Some((0, None)));
    }
}
