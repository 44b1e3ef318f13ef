//! Pure choices over fetched objects: label selectors, which pods are failing, and which pods'
//! logs represent each failure group.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ContainerState, ContainerStatus, PodStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::jiff::Timestamp;

use crate::cluster::snapshot::ClusterPod;

/// `a=b,c=d` from a label map (sorted, as a `BTreeMap` is). `None` for an empty map, which would
/// select everything.
pub fn map_selector(labels: &BTreeMap<String, String>) -> Option<String> {
    if labels.is_empty() {
        return None;
    }
    Some(
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The query form of a `LabelSelector` (`matchLabels` and `matchExpressions`). `None` when it is
/// empty (selects everything) or uses an unknown operator.
pub fn label_selector(selector: &LabelSelector) -> Option<String> {
    let mut parts: Vec<String> = selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for req in selector.match_expressions.iter().flatten() {
        let values = req.values.clone().unwrap_or_default().join(",");
        parts.push(match req.operator.as_str() {
            "In" => format!("{} in ({values})", req.key),
            "NotIn" => format!("{} notin ({values})", req.key),
            "Exists" => req.key.clone(),
            "DoesNotExist" => format!("!{}", req.key),
            _ => return None,
        });
    }
    (!parts.is_empty()).then(|| parts.join(","))
}

/// Whether a Service-style selector (equality only) selects an object with `labels`.
pub fn selects(
    selector: &BTreeMap<String, String>,
    labels: Option<&BTreeMap<String, String>>,
) -> bool {
    !selector.is_empty()
        && selector
            .iter()
            .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v))
}

/// Whether a `LabelSelector` (`matchLabels` and `matchExpressions`) selects an object with
/// `labels`. An empty selector selects everything, as in a NetworkPolicy's `podSelector: {}`;
/// an unknown operator selects nothing.
pub fn matches(selector: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> bool {
    let value = |key: &str| labels.and_then(|l| l.get(key));
    let labels_match = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| value(k) == Some(v));
    labels_match
        && selector.match_expressions.iter().flatten().all(|req| {
            let values = req.values.as_deref().unwrap_or_default();
            match req.operator.as_str() {
                "In" => value(&req.key).is_some_and(|v| values.contains(v)),
                "NotIn" => value(&req.key).is_none_or(|v| !values.contains(v)),
                "Exists" => value(&req.key).is_some(),
                "DoesNotExist" => value(&req.key).is_none(),
                _ => false,
            }
        })
}

/// Waiting reasons that are a normal step of starting a container, not a failure.
const STARTING: &[&str] = &["ContainerCreating", "PodInitializing"];

/// Whether a pod needs attention: not scheduled or failed, a container waiting on an error
/// (CrashLoopBackOff, ImagePullBackOff, ...), terminated with an error, or running unready.
pub fn is_failing(status: Option<&PodStatus>) -> bool {
    status.is_none_or(|s| {
        failing_by_state(
            s.phase.as_deref(),
            s.init_container_statuses.as_deref(),
            s.container_statuses.as_deref(),
        )
    })
}

/// What `is_failing` reads of a container's status.
pub trait ContainerHealth {
    fn state(&self) -> Option<&ContainerState>;
    fn ready(&self) -> bool;
}

impl ContainerHealth for ContainerStatus {
    fn state(&self) -> Option<&ContainerState> {
        self.state.as_ref()
    }
    fn ready(&self) -> bool {
        self.ready
    }
}

/// `is_failing` from what it reads of a pod's status: its phase, and its init and main
/// containers' states and readiness.
pub fn failing_by_state<C: ContainerHealth>(
    phase: Option<&str>,
    init_containers: Option<&[C]>,
    containers: Option<&[C]>,
) -> bool {
    match phase {
        Some("Succeeded") => return false,
        Some("Pending") | Some("Failed") | Some("Unknown") | None => return true,
        _ => {}
    }
    let mut all = init_containers.into_iter().chain(containers).flatten();
    all.any(|c| container_failing(c.state(), c.ready()))
}

fn container_failing(state: Option<&ContainerState>, ready: bool) -> bool {
    let waiting_on_error = state
        .and_then(|s| s.waiting.as_ref())
        .is_some_and(|w| !STARTING.contains(&w.reason.as_deref().unwrap_or("")));
    let terminated_with_error = state
        .and_then(|s| s.terminated.as_ref())
        .is_some_and(|t| t.exit_code != 0);
    let running_unready = state.and_then(|s| s.running.as_ref()).is_some() && !ready;
    waiting_on_error || terminated_with_error || running_unready
}

/// A container log worth reading: the representative of one failure group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPick {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// Read the previous instance (the container restarted) rather than the current one.
    pub previous: bool,
    /// `owner, reason, exit code` of the group, for messages.
    pub group: String,
    /// How many pods share this failure.
    pub pods_in_group: usize,
}

/// One representative log per failure group (owner + container + last termination reason + exit
/// code), largest groups first, at most `max`. The representative is the pod whose container
/// terminated last.
pub fn representative_logs(pods: &[ClusterPod], max: usize) -> Vec<LogPick> {
    struct Group<'a> {
        key: (String, String, String, i32),
        count: usize,
        best: (&'a ClusterPod, &'a ContainerStatus, bool, Option<Timestamp>),
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    for pod in pods {
        let owner = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.controller == Some(true))
            .map_or_else(|| "none".to_string(), |o| format!("{}/{}", o.kind, o.name));
        let statuses = pod.status.iter().flat_map(|s| {
            s.init_container_statuses
                .iter()
                .flatten()
                .chain(s.container_statuses.iter().flatten())
        });
        for c in statuses {
            let state = c.state.as_ref();
            let last = c.last_state.as_ref().and_then(|s| s.terminated.as_ref());
            let current = state
                .and_then(|s| s.terminated.as_ref())
                .filter(|t| t.exit_code != 0);
            let (terminated, previous) = match (last, current) {
                (_, Some(t)) => (t, false),
                (Some(t), None) => (t, true),
                (None, None) => continue,
            };
            let finished = terminated.finished_at.as_ref().map(|t| t.0);
            let key = (
                owner.clone(),
                c.name.clone(),
                terminated
                    .reason
                    .clone()
                    .unwrap_or_else(|| "Unknown".into()),
                terminated.exit_code,
            );
            match groups.iter_mut().find(|g| g.key == key) {
                Some(g) => {
                    g.count += 1;
                    if finished > g.best.3 {
                        g.best = (pod, c, previous, finished);
                    }
                }
                None => groups.push(Group {
                    key,
                    count: 1,
                    best: (pod, c, previous, finished),
                }),
            }
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    groups
        .into_iter()
        .take(max)
        .map(|g| {
            let (pod, c, previous, _) = g.best;
            let (owner, _, reason, code) = g.key;
            LogPick {
                namespace: pod.metadata.namespace.clone().unwrap_or_default(),
                pod: pod.metadata.name.clone().unwrap_or_default(),
                container: c.name.clone(),
                previous,
                group: format!("{owner}, {reason}, exit code {code}"),
                pods_in_group: g.count,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;
    use serde_json::json;

    fn pod(
        name: &str,
        owner: &str,
        container: &str,
        reason: &str,
        code: i32,
        finished: &str,
    ) -> ClusterPod {
        serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": "production",
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner,
                    "uid": "u", "controller": true}]},
            "status": {"phase": "Running", "containerStatuses": [{
                "name": container, "ready": false, "restartCount": 7, "image": "i", "imageID": "",
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"exitCode": code, "reason": reason,
                    "finishedAt": finished}}}]}
        }))
        .unwrap()
    }

    #[test]
    fn one_log_per_failure_group_largest_first_latest_pod() {
        let pods = vec![
            pod(
                "pay-a",
                "pay-rs",
                "payment",
                "OOMKilled",
                137,
                "2026-11-26T13:58:00Z",
            ),
            pod(
                "pay-b",
                "pay-rs",
                "payment",
                "OOMKilled",
                137,
                "2026-11-26T13:59:00Z",
            ),
            pod(
                "pay-c",
                "pay-rs",
                "payment",
                "OOMKilled",
                137,
                "2026-11-26T13:57:00Z",
            ),
            pod(
                "ord-a",
                "ord-rs",
                "order",
                "Error",
                1,
                "2026-11-26T13:58:00Z",
            ),
        ];
        let picks = representative_logs(&pods, 4);
        assert_eq!(picks.len(), 2);
        assert_eq!(picks[0].pod, "pay-b");
        assert_eq!(picks[0].pods_in_group, 3);
        assert!(picks[0].previous);
        assert_eq!(
            picks[0].group,
            "ReplicaSet/pay-rs, OOMKilled, exit code 137"
        );
        assert_eq!(picks[1].pod, "ord-a");
        assert_eq!(representative_logs(&pods, 1).len(), 1);
    }

    #[test]
    fn many_groups_are_capped() {
        let pods: Vec<ClusterPod> = (0..40)
            .map(|i| {
                pod(
                    &format!("p{i}"),
                    &format!("rs{i}"),
                    "c",
                    "Error",
                    1,
                    "2026-11-26T13:58:00Z",
                )
            })
            .collect();
        assert_eq!(representative_logs(&pods, 4).len(), 4);
    }

    #[test]
    fn failing_pods() {
        let crashing = pod("a", "rs", "c", "OOMKilled", 137, "2026-11-26T13:58:00Z");
        assert!(is_failing(crashing.status.as_ref()));
        let healthy: ClusterPod = serde_json::from_value(json!({
            "metadata": {"name": "ok"},
            "status": {"phase": "Running", "containerStatuses": [{"name": "c", "ready": true,
                "restartCount": 0, "image": "i", "imageID": "", "state": {"running": {}}}]}
        }))
        .unwrap();
        assert!(!is_failing(healthy.status.as_ref()));
        let starting: ClusterPod = serde_json::from_value(json!({
            "metadata": {"name": "s"},
            "status": {"phase": "Running", "containerStatuses": [{"name": "c", "ready": false,
                "restartCount": 0, "image": "i", "imageID": "",
                "state": {"waiting": {"reason": "ContainerCreating"}}}]}
        }))
        .unwrap();
        assert!(!is_failing(starting.status.as_ref()));
        let pending: ClusterPod = serde_json::from_value(
            json!({"metadata": {"name": "p"}, "status": {"phase": "Pending"}}),
        )
        .unwrap();
        assert!(is_failing(pending.status.as_ref()));
    }

    #[test]
    fn selectors() {
        let labels: BTreeMap<String, String> = [
            ("app".into(), "payment-service".into()),
            ("tier".into(), "web".into()),
        ]
        .into();
        assert_eq!(
            map_selector(&labels).as_deref(),
            Some("app=payment-service,tier=web")
        );
        assert_eq!(map_selector(&BTreeMap::new()), None);
        let sel: BTreeMap<String, String> = [("app".into(), "payment-service".into())].into();
        assert!(selects(&sel, Some(&labels)));
        assert!(!selects(&BTreeMap::new(), Some(&labels)));
        assert!(!selects(&labels, Some(&sel)));
        let expr = LabelSelector {
            match_labels: Some(sel),
            match_expressions: Some(vec![
                LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: "In".into(),
                    values: Some(vec!["web".into(), "api".into()]),
                },
                LabelSelectorRequirement {
                    key: "canary".into(),
                    operator: "DoesNotExist".into(),
                    values: None,
                },
            ]),
        };
        assert_eq!(
            label_selector(&expr).as_deref(),
            Some("app=payment-service,tier in (web,api),!canary")
        );
        assert_eq!(label_selector(&LabelSelector::default()), None);
    }
}
