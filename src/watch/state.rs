//! The pure core of `/watch`: a workload's pods as list and watch events leave them, and the
//! decision whether the channel hears about it. No I/O: the runner feeds pods and node
//! pressures in, and stores `Told` (what the channel was last told) between rounds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::cluster::snapshot::ClusterPod;
use crate::diagnose::{is_ready, restarts, status_column};

/// How long a workload is healthy before the "healthy" post with its Mark mitigated button.
pub const HEALTHY_FOR: Duration = Duration::minutes(10);
/// At most one post per this interval per watch; the latest state wins.
pub const MIN_GAP: Duration = Duration::minutes(1);

/// What a watch keeps of one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    pub ready: bool,
    /// Neither ready nor a finished Job's pod.
    pub failing: bool,
    pub restarts: i64,
    /// Its failure reasons: the status column and the last exit code (`exit 137`).
    pub reasons: Vec<String>,
    /// The node it runs on.
    pub node: Option<String>,
}

impl PodView {
    pub fn of(pod: &ClusterPod) -> PodView {
        let ready = is_ready(pod);
        let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
        let failing = !ready && phase != Some("Succeeded");
        let mut reasons = Vec::new();
        if failing {
            reasons.push(status_column(pod).to_string());
            let statuses = pod
                .status
                .as_ref()
                .and_then(|s| s.container_statuses.as_ref());
            for cs in statuses.into_iter().flatten() {
                let ended = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref());
                let now = cs.state.as_ref().and_then(|s| s.terminated.as_ref());
                if let Some(t) = now.or(ended).filter(|t| t.exit_code != 0) {
                    reasons.push(format!("exit {}", t.exit_code));
                }
            }
            reasons.sort();
            reasons.dedup();
        }
        PodView {
            ready,
            failing,
            restarts: restarts(pod),
            reasons,
            node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
        }
    }
}

/// One change of the watched pods.
#[derive(Debug, Clone)]
pub enum PodEvent {
    /// Added or modified.
    Upsert(String, PodView),
    Deleted(String),
}

/// The watched pods, by name.
#[derive(Debug, Clone, Default)]
pub struct Pods {
    pods: HashMap<String, PodView>,
}

/// The watched pods counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub ready: i64,
    pub failing: i64,
    pub total: i64,
    pub restarts: i64,
    /// Failing pods per reason.
    pub reasons: BTreeMap<String, i64>,
}

impl Counts {
    /// The most common status of the failing pods (among equals the first by name).
    pub fn top_reason(&self) -> Option<&str> {
        self.reasons
            .iter()
            .filter(|(r, _)| !r.starts_with("exit "))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(r, _)| r.as_str())
    }
}

impl Pods {
    /// The pods of a fresh list (a re-list replaces everything known).
    pub fn from_list(pods: impl IntoIterator<Item = (String, PodView)>) -> Pods {
        Pods {
            pods: pods.into_iter().collect(),
        }
    }

    pub fn apply(&mut self, event: PodEvent) {
        match event {
            PodEvent::Upsert(name, view) => {
                self.pods.insert(name, view);
            }
            PodEvent::Deleted(name) => {
                self.pods.remove(&name);
            }
        }
    }

    /// The nodes of the failing pods, by name.
    pub fn failing_nodes(&self) -> BTreeSet<&str> {
        self.pods
            .values()
            .filter(|p| p.failing)
            .filter_map(|p| p.node.as_deref())
            .collect()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            total: self.pods.len() as i64,
            ..Counts::default()
        };
        for p in self.pods.values() {
            c.ready += i64::from(p.ready);
            c.failing += i64::from(p.failing);
            c.restarts += p.restarts;
            for r in &p.reasons {
                *c.reasons.entry(r.clone()).or_default() += 1;
            }
        }
        c
    }
}

/// What the channel was last told, and since when the workload has been healthy: stored with
/// the watch so that a restarted or re-listed watch posts nothing twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Told {
    /// The failing count last posted (or shown when the watch started).
    pub failing: i64,
    /// Every failure reason posted so far.
    pub reasons: BTreeSet<String>,
    /// Every `NODE CONDITION` pressure posted so far.
    pub pressure: BTreeSet<String>,
    pub last_post_at: Option<DateTime<Utc>>,
    /// Since when every pod has been ready, with the restarts counted then.
    pub healthy_since: Option<(DateTime<Utc>, i64)>,
    /// The healthy post went out (reset when the workload fails again).
    pub healthy_posted: bool,
}

impl Told {
    /// What a watch starting on `counts` has shown the channel.
    pub fn start(counts: &Counts, pressure: &BTreeSet<String>) -> Told {
        Told {
            failing: counts.failing,
            reasons: counts.reasons.keys().cloned().collect(),
            pressure: pressure.clone(),
            ..Told::default()
        }
    }
}

/// A post the channel gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub counts: Counts,
    /// The failing count before this post.
    pub failing_before: i64,
    pub new_reasons: Vec<String>,
    /// New `NODE CONDITION` pressures.
    pub new_pressure: Vec<String>,
    /// Healthy for `HEALTHY_FOR`: the post offers Mark mitigated.
    pub healthy: bool,
}

/// Whether the workload is healthy now: every pod ready, at least one pod.
fn is_healthy(c: &Counts) -> bool {
    c.total > 0 && c.failing == 0 && c.ready == c.total
}

/// Decides whether the state `counts` (with nodes under `pressure`) is worth a post at `now`,
/// given what the channel was told; `told` is updated (healthy tracking always, the rest only
/// when a post is returned). `step`: a failing count that moved by at least this much matters.
pub fn decide(
    told: &mut Told,
    counts: &Counts,
    pressure: &BTreeSet<String>,
    step: i64,
    now: DateTime<Utc>,
) -> Option<Post> {
    let healthy = is_healthy(counts);
    match told.healthy_since {
        Some((_, restarts)) if healthy && counts.restarts <= restarts => {}
        _ if healthy => told.healthy_since = Some((now, counts.restarts)),
        _ => {
            told.healthy_since = None;
            told.healthy_posted = false;
        }
    }
    let healthy_long = told
        .healthy_since
        .is_some_and(|(since, _)| now - since >= HEALTHY_FOR)
        && !told.healthy_posted;
    let new_reasons: Vec<String> = counts
        .reasons
        .keys()
        .filter(|r| !told.reasons.contains(*r))
        .cloned()
        .collect();
    let new_pressure: Vec<String> = pressure.difference(&told.pressure).cloned().collect();
    let moved = (counts.failing - told.failing).abs() >= step.max(1)
        || (counts.failing == 0 && told.failing != 0);
    let matters = moved || !new_reasons.is_empty() || !new_pressure.is_empty() || healthy_long;
    let rested = told.last_post_at.is_none_or(|at| now - at >= MIN_GAP);
    if !matters || !rested {
        return None;
    }
    let post = Post {
        counts: counts.clone(),
        failing_before: told.failing,
        new_reasons,
        new_pressure,
        healthy: healthy_long,
    };
    told.failing = counts.failing;
    told.reasons.extend(post.new_reasons.iter().cloned());
    told.pressure.extend(post.new_pressure.iter().cloned());
    told.last_post_at = Some(now);
    told.healthy_posted |= healthy_long;
    Some(post)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_700_000, 0).unwrap() + Duration::minutes(minute)
    }

    fn view(ready: bool, reason: &str, restarts: i64) -> PodView {
        PodView {
            ready,
            failing: !ready,
            restarts,
            reasons: if ready { vec![] } else { vec![reason.into()] },
            node: None,
        }
    }

    /// `failing` of `total` pods failing with `reason`.
    fn pods(total: usize, failing: usize, reason: &str) -> Pods {
        Pods::from_list((0..total).map(|i| (format!("p-{i}"), view(i >= failing, reason, 3))))
    }

    fn start(p: &Pods) -> Told {
        Told::start(&p.counts(), &BTreeSet::new())
    }

    #[test]
    fn a_pod_view_names_the_status_and_the_exit_code() {
        let pod: ClusterPod = serde_json::from_value(serde_json::json!({
            "metadata": { "name": "p" },
            "status": {
                "phase": "Running",
                "conditions": [{ "type": "Ready", "status": "False" }],
                "containerStatuses": [{
                    "name": "app", "image": "a", "imageID": "", "ready": false,
                    "restartCount": 4,
                    "state": { "waiting": { "reason": "CrashLoopBackOff" } },
                    "lastState": { "terminated": { "exitCode": 137, "reason": "OOMKilled" } },
                }],
            },
        }))
        .unwrap();
        let v = PodView::of(&pod);
        assert!(v.failing && !v.ready);
        assert_eq!(v.restarts, 4);
        assert_eq!(v.reasons, vec!["CrashLoopBackOff", "exit 137"]);
    }

    #[test]
    fn nothing_is_posted_when_nothing_matters() {
        let mut p = pods(32, 32, "CrashLoopBackOff");
        let mut told = start(&p);
        let none = BTreeSet::new();
        // Two pods recover: under the step of 5.
        p.apply(PodEvent::Upsert("p-0".into(), view(true, "", 3)));
        p.apply(PodEvent::Upsert("p-1".into(), view(true, "", 3)));
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, at(1)), None);
        // The same state again, minutes later: still nothing.
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, at(5)), None);
        assert_eq!(told.failing, 32);
    }

    #[test]
    fn a_step_a_new_reason_and_node_pressure_are_posted() {
        let mut p = pods(32, 32, "CrashLoopBackOff");
        let mut told = start(&p);
        let none = BTreeSet::new();
        for i in 0..7 {
            p.apply(PodEvent::Upsert(format!("p-{i}"), view(true, "", 3)));
        }
        let post = decide(&mut told, &p.counts(), &none, 5, at(1)).unwrap();
        assert_eq!((post.failing_before, post.counts.failing), (32, 25));
        assert!(post.new_reasons.is_empty() && !post.healthy);
        p.apply(PodEvent::Upsert(
            "p-9".into(),
            view(false, "ImagePullBackOff", 3),
        ));
        let post = decide(&mut told, &p.counts(), &none, 5, at(2)).unwrap();
        assert_eq!(post.new_reasons, vec!["ImagePullBackOff"]);
        let pressure: BTreeSet<String> = ["node-5 MemoryPressure".to_string()].into();
        let post = decide(&mut told, &p.counts(), &pressure, 5, at(3)).unwrap();
        assert_eq!(post.new_pressure, vec!["node-5 MemoryPressure"]);
        // The same pressure again is not news.
        assert_eq!(decide(&mut told, &p.counts(), &pressure, 5, at(4)), None);
    }

    #[test]
    fn at_most_one_post_a_minute_and_the_latest_state_wins() {
        let mut p = pods(32, 32, "CrashLoopBackOff");
        let mut told = start(&p);
        let none = BTreeSet::new();
        for i in 0..5 {
            p.apply(PodEvent::Upsert(format!("p-{i}"), view(true, "", 3)));
        }
        assert!(decide(&mut told, &p.counts(), &none, 5, at(0)).is_some());
        for i in 5..20 {
            p.apply(PodEvent::Upsert(format!("p-{i}"), view(true, "", 3)));
        }
        let soon = at(0) + Duration::seconds(30);
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, soon), None);
        for i in 20..30 {
            p.apply(PodEvent::Upsert(format!("p-{i}"), view(true, "", 3)));
        }
        let post = decide(&mut told, &p.counts(), &none, 5, at(1)).unwrap();
        assert_eq!((post.failing_before, post.counts.failing), (27, 2));
    }

    #[test]
    fn zero_failing_is_posted_then_healthy_after_ten_minutes_once() {
        let mut p = pods(15, 2, "CrashLoopBackOff");
        let mut told = start(&p);
        let none = BTreeSet::new();
        for i in 0..2 {
            p.apply(PodEvent::Upsert(format!("p-{i}"), view(true, "", 3)));
        }
        let post = decide(&mut told, &p.counts(), &none, 5, at(0)).unwrap();
        assert_eq!(post.counts.failing, 0);
        assert!(!post.healthy);
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, at(9)), None);
        let post = decide(&mut told, &p.counts(), &none, 5, at(10)).unwrap();
        assert!(post.healthy);
        assert_eq!((post.counts.ready, post.counts.total), (15, 15));
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, at(30)), None);
    }

    #[test]
    fn a_restart_while_healthy_starts_the_ten_minutes_again() {
        let p = pods(15, 0, "");
        let mut told = start(&p);
        let none = BTreeSet::new();
        assert_eq!(decide(&mut told, &p.counts(), &none, 5, at(0)), None);
        let mut p2 = p.clone();
        p2.apply(PodEvent::Upsert("p-3".into(), view(true, "", 4)));
        assert_eq!(decide(&mut told, &p2.counts(), &none, 5, at(6)), None);
        assert_eq!(decide(&mut told, &p2.counts(), &none, 5, at(12)), None);
        assert!(
            decide(&mut told, &p2.counts(), &none, 5, at(16))
                .unwrap()
                .healthy
        );
    }

    #[test]
    fn a_deleted_pod_leaves_the_counts() {
        let mut p = pods(3, 1, "Pending");
        p.apply(PodEvent::Deleted("p-0".into()));
        let c = p.counts();
        assert_eq!((c.total, c.failing, c.ready), (2, 0, 2));
        assert_eq!(pods(4, 3, "Pending").counts().top_reason(), Some("Pending"));
    }
}
