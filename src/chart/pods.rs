//! The data behind the failing-pod picture: a triage's failing pods counted per node ×
//! workload × reason, with the nodes under pressure, capped so that a namespace of 10,000 pods
//! reads like the seed's 32 (the busiest nodes, workloads and reasons by name, the rest grouped).
//! Pure: reads the triage's `Snapshot`, nothing else.

use std::collections::{HashMap, HashSet};

use k8s_openapi::api::core::v1::Node;

use crate::cluster::Snapshot;
use crate::cluster::selection::is_failing;
use crate::cluster::snapshot::ClusterPod;
use crate::diagnose::exit_codes::liveness_killed;
use crate::diagnose::index::Index;
use crate::diagnose::workload as wl;

/// Nodes shown by name; the others are one row.
pub const MAX_NODES: usize = 12;
/// Workloads (and reasons) shown by name; the others are one series.
pub const MAX_SERIES: usize = 6;
/// The name of the series that groups the others.
pub const OTHERS: &str = "others";
/// The reasons that are warroom's words rather than Kubernetes' (the picture says them in the
/// reader's locale): a container the kubelet killed for its liveness probe, one that exited
/// with a code (`exit 1`), a pod that is only not ready.
pub const LIVENESS_KILL: &str = "liveness kill";
pub const EXIT: &str = "exit ";
pub const NOT_READY: &str = "not ready";

/// What a row of the picture stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// One node, by name.
    Node,
    /// The nodes not shown by name, grouped: how many.
    OtherNodes(usize),
    /// Pods no node runs (Pending without a node).
    Unscheduled,
}

/// One bar: the failing pods of a node (or a group), split by workload and by reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The node's name; for the other rows what they stand for, in English ("38 other nodes",
    /// "not scheduled"): the picture words them in the reader's locale from `kind`.
    pub label: String,
    pub kind: RowKind,
    /// The node's conditions that are bad ("MemoryPressure", "DiskPressure", "PIDPressure",
    /// "NotReady"); empty for a group.
    pub pressure: Vec<String>,
    /// How many of the row's nodes are under pressure (for a node: 0 or 1).
    pub pressured: usize,
    /// `cells[w][r]`: failing pods of workload `w` that fail for reason `r`.
    pub cells: Vec<Vec<usize>>,
}

impl Row {
    pub fn total(&self) -> usize {
        self.cells.iter().flatten().sum()
    }

    /// Failing pods per workload (in `PodDistribution::workloads` order).
    pub fn by_workload(&self) -> Vec<usize> {
        self.cells.iter().map(|r| r.iter().sum()).collect()
    }

    /// Failing pods per reason (in `PodDistribution::reasons` order).
    pub fn by_reason(&self) -> Vec<usize> {
        let mut out = vec![0; self.cells.first().map_or(0, Vec::len)];
        for by_reason in &self.cells {
            for (sum, n) in out.iter_mut().zip(by_reason) {
                *sum += n;
            }
        }
        out
    }
}

/// Where a triage's failing pods are: per node × workload × reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodDistribution {
    /// The namespace, or "all namespaces".
    pub scope: String,
    /// Failing pods, all of them (grouped ones included).
    pub failing: usize,
    /// Nodes that run failing pods.
    pub nodes: usize,
    /// Of those, the nodes under pressure (or not Ready).
    pub pressured_nodes: usize,
    /// Workloads by failing pods, most first; `OTHERS` last when some are grouped.
    pub workloads: Vec<String>,
    /// Reasons by failing pods, most first; `OTHERS` last when some are grouped.
    pub reasons: Vec<String>,
    /// Nodes by failing pods, most first; then the other nodes, then the unscheduled pods.
    pub rows: Vec<Row>,
}

impl PodDistribution {
    pub fn is_empty(&self) -> bool {
        self.failing == 0
    }

    /// Failing pods per workload, in `workloads` order.
    pub fn workload_totals(&self) -> Vec<usize> {
        sum_rows(self.rows.iter().map(Row::by_workload), self.workloads.len())
    }

    /// Failing pods per reason, in `reasons` order.
    pub fn reason_totals(&self) -> Vec<usize> {
        sum_rows(self.rows.iter().map(Row::by_reason), self.reasons.len())
    }
}

fn sum_rows(rows: impl Iterator<Item = Vec<usize>>, len: usize) -> Vec<usize> {
    let mut out = vec![0; len];
    for row in rows {
        for (sum, n) in out.iter_mut().zip(row) {
            *sum += n;
        }
    }
    out
}

/// One cell of the uncapped count: a node (`None`: not scheduled), a workload, a reason.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Cell<'a> {
    node: Option<&'a str>,
    workload: String,
    reason: String,
}

/// Failing pods per node × workload × reason, every one named.
fn count(s: &Snapshot) -> HashMap<Cell<'_>, usize> {
    let index = Index::new(s);
    let liveness = liveness_killed(s);
    let mut cells = HashMap::new();
    for pod in s.pods.iter().filter(|p| is_failing(p.status.as_ref())) {
        let w = index.workload(pod);
        let killed = liveness.contains(&(wl::namespace(pod), wl::name(pod)));
        let cell = Cell {
            node: wl::node_name(pod),
            // Across namespaces a name alone is ambiguous.
            workload: if s.namespace.is_some() {
                w.name
            } else {
                w.key()
            },
            reason: reason(pod, killed),
        };
        *cells.entry(cell).or_default() += 1;
    }
    cells
}

/// The cells' totals by `key`.
fn totals<'a>(
    cells: &'a HashMap<Cell<'_>, usize>,
    key: impl Fn(&'a Cell<'_>) -> Option<&'a str>,
) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    for (cell, n) in cells {
        if let Some(k) = key(cell) {
            *out.entry(k.to_string()).or_default() += n;
        }
    }
    out
}

/// The failing pods of a triage's snapshot (an overview's, or one workload's) by node ×
/// workload × reason, with each node's pressure conditions.
pub fn distribution(s: &Snapshot) -> PodDistribution {
    let cells = count(s);
    let workloads = top(totals(&cells, |c| Some(&c.workload)), MAX_SERIES, |_| false);
    let reasons = top(totals(&cells, |c| Some(&c.reason)), MAX_SERIES, |_| false);
    let node_totals = totals(&cells, |c| c.node);
    let pressure: HashMap<&str, Vec<String>> = s
        .nodes
        .iter()
        .chain(&s.other_nodes)
        .filter_map(|n| Some((n.metadata.name.as_deref()?, bad_conditions(n))))
        .filter(|(_, bad)| !bad.is_empty())
        .collect();
    let named = top(node_totals.clone(), MAX_NODES, |node| {
        pressure.contains_key(node)
    });
    let shown: HashSet<&str> = shown_in_order(&named).collect();
    let mut rows = rows(
        &named,
        &node_totals,
        &pressure,
        cells.keys().any(|c| c.node.is_none()),
    );
    let index = |names: &[String], name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or(names.len().saturating_sub(1))
    };
    for row in &mut rows {
        row.cells = vec![vec![0; reasons.len()]; workloads.len()];
    }
    for (cell, n) in &cells {
        let row = rows.iter().position(|r| match (&r.kind, cell.node) {
            (RowKind::Node, Some(node)) => r.label == node,
            (RowKind::OtherNodes(_), Some(node)) => !shown.contains(node),
            (RowKind::Unscheduled, None) => true,
            _ => false,
        });
        if let Some(row) = row {
            rows[row].cells[index(&workloads, &cell.workload)][index(&reasons, &cell.reason)] += n;
        }
    }
    PodDistribution {
        scope: s
            .namespace
            .clone()
            .unwrap_or_else(|| "all namespaces".into()),
        failing: cells.values().sum(),
        nodes: node_totals.len(),
        pressured_nodes: node_totals
            .keys()
            .filter(|n| pressure.contains_key(n.as_str()))
            .count(),
        workloads,
        reasons,
        rows,
    }
}

/// The rows, without counts: the `named` nodes, then the others grouped, then "not scheduled"
/// when some pods have no node.
fn rows(
    named: &[String],
    node_totals: &HashMap<String, usize>,
    pressure: &HashMap<&str, Vec<String>>,
    unscheduled: bool,
) -> Vec<Row> {
    let mut rows: Vec<Row> = shown_in_order(named)
        .map(|node| {
            let bad = pressure.get(node).cloned().unwrap_or_default();
            Row {
                label: node.to_string(),
                kind: RowKind::Node,
                pressured: usize::from(!bad.is_empty()),
                pressure: bad,
                cells: Vec::new(),
            }
        })
        .collect();
    let shown: HashSet<&str> = shown_in_order(named).collect();
    let grouped: Vec<&String> = node_totals
        .keys()
        .filter(|n| !shown.contains(n.as_str()))
        .collect();
    if !grouped.is_empty() {
        rows.push(Row {
            label: format!("{} other nodes", grouped.len()),
            kind: RowKind::OtherNodes(grouped.len()),
            pressure: Vec::new(),
            pressured: grouped
                .iter()
                .filter(|n| pressure.contains_key(n.as_str()))
                .count(),
            cells: Vec::new(),
        });
    }
    if unscheduled {
        rows.push(Row {
            label: "not scheduled".into(),
            kind: RowKind::Unscheduled,
            pressure: Vec::new(),
            pressured: 0,
            cells: Vec::new(),
        });
    }
    rows
}

/// The names in `named` other than `OTHERS`, in order.
fn shown_in_order(named: &[String]) -> impl Iterator<Item = &str> {
    named.iter().map(String::as_str).filter(|n| *n != OTHERS)
}

/// The names with the largest totals, most first (ties: `first` ones, then by name, numbers
/// in names compared as numbers); when more than one name would be left over, only the first
/// `max` and then `OTHERS`.
fn top(totals: HashMap<String, usize>, max: usize, first: impl Fn(&str) -> bool) -> Vec<String> {
    let mut by_count: Vec<(String, usize)> = totals.into_iter().collect();
    by_count.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| first(&b.0).cmp(&first(&a.0)))
            .then_with(|| natural(&a.0).cmp(&natural(&b.0)))
    });
    let mut names: Vec<String> = by_count.into_iter().map(|(name, _)| name).collect();
    if names.len() > max + 1 {
        names.truncate(max);
        names.push(OTHERS.into());
    }
    names
}

/// A name as a key that orders "node-9" before "node-10": runs of digits compare as numbers.
fn natural(name: &str) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push((
                std::mem::take(&mut text),
                digits.parse().unwrap_or(u64::MAX),
            ));
            digits.clear();
        }
        text.push(c);
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

/// The node's pressure conditions that are True, and NotReady when Ready is not True.
fn bad_conditions(node: &Node) -> Vec<String> {
    let conditions = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out: Vec<String> = conditions
        .iter()
        .filter(|c| c.type_.ends_with("Pressure") && c.status == "True")
        .map(|c| c.type_.clone())
        .collect();
    if conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status != "True")
    {
        out.push("NotReady".into());
    }
    out
}

/// Waiting reasons that say more than the crash loop behind them does.
const WAITING: &[(&str, &str)] = &[
    ("ImagePullBackOff", "ImagePullBackOff"),
    ("ErrImagePull", "ImagePullBackOff"),
    ("InvalidImageName", "ImagePullBackOff"),
    ("CreateContainerConfigError", "CreateContainerConfigError"),
    ("CreateContainerError", "CreateContainerError"),
    ("RunContainerError", "RunContainerError"),
];

/// Why a failing pod fails, in a few words for a legend: Evicted, an image that cannot be
/// pulled, a container that cannot be created, then how its container last ended (OOMKilled,
/// "liveness kill" when the kubelet killed it for its probe, "exit N"), else Pending, else its
/// waiting reason ("CrashLoopBackOff"), else "not ready".
fn reason(pod: &ClusterPod, liveness_killed: bool) -> String {
    let status = pod.status.as_ref();
    if status.and_then(|s| s.reason.as_deref()) == Some("Evicted") {
        return "Evicted".into();
    }
    let waiting: Vec<&str> = wl::container_statuses(pod)
        .filter_map(wl::waiting_reason)
        .collect();
    if let Some((_, label)) = WAITING.iter().find(|(w, _)| waiting.contains(w)) {
        return (*label).into();
    }
    let ended = wl::container_statuses(pod).find_map(|cs| {
        let last = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        let now = cs.state.as_ref().and_then(|s| s.terminated.as_ref());
        last.or(now)
            .filter(|t| t.exit_code != 0 || t.reason.as_deref() == Some("OOMKilled"))
    });
    if let Some(t) = ended {
        return match (t.reason.as_deref(), t.exit_code) {
            (Some("OOMKilled"), _) => "OOMKilled".into(),
            (_, 137) if liveness_killed => LIVENESS_KILL.into(),
            (_, code) => format!("{EXIT}{code}"),
        };
    }
    match (status.and_then(|s| s.phase.as_deref()), waiting.first()) {
        (Some("Pending"), _) => "Pending".into(),
        (_, Some(w)) => (*w).into(),
        (Some("Failed"), None) => "Failed".into(),
        _ => NOT_READY.into(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata::{self, from};

    fn row<'a>(d: &'a PodDistribution, label: &str) -> &'a Row {
        d.rows.iter().find(|r| r.label == label).unwrap()
    }

    #[test]
    fn the_seed_is_32_pods_on_four_memory_pressure_nodes_by_workload_and_reason() {
        let d = distribution(&testdata::seed());
        assert_eq!(
            (d.scope.as_str(), d.failing, d.nodes, d.pressured_nodes),
            ("production", 32, 4, 4)
        );
        let labels: Vec<_> = d.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["node-5", "node-6", "node-7", "node-8"]);
        let totals: Vec<_> = d.rows.iter().map(Row::total).collect();
        assert_eq!(totals, [9, 8, 8, 7]);
        assert!(d.rows.iter().all(|r| r.pressure == ["MemoryPressure"]));
        assert_eq!(d.workloads, ["order-service", "payment-service"]);
        assert_eq!(d.workload_totals(), [17, 15]);
        assert_eq!(d.reasons, ["OOMKilled", "exit 1"]);
        assert_eq!(d.reason_totals(), [28, 4]);
        let node5 = row(&d, "node-5");
        assert_eq!(node5.by_workload(), [5, 4]);
        assert_eq!(node5.by_reason(), [8, 1]);
        assert_eq!(node5.cells, [vec![4, 1], vec![4, 0]]);
    }

    /// 10,000 pods of 100 Deployments on 50 nodes, half of them failing: every other app
    /// OOMKilled; among those some cannot pull their image, some are killed by their
    /// liveness probe, some exit 1, and some wait unscheduled.
    pub(crate) fn large() -> crate::cluster::Snapshot {
        let mut s = testdata::large(100, 100);
        for (i, pod) in s.pods.iter_mut().enumerate() {
            let mut v = serde_json::to_value(&*pod).unwrap();
            let app = i / 100;
            if app % 2 == 1 {
                continue;
            }
            let status = &mut v["status"]["containerStatuses"][0];
            match app % 10 {
                2 => status["state"] = json!({"waiting": {"reason": "ImagePullBackOff"}}),
                4 => status["lastState"]["terminated"]["reason"] = json!("Error"),
                6 => {
                    status["lastState"] = json!({"terminated": {"exitCode": 1, "reason": "Error"}})
                }
                8 if i % 4 == 0 => {
                    v["spec"]["nodeName"] = json!(null);
                    v["status"] = json!({"phase": "Pending"});
                }
                _ => {}
            }
            *pod = from(v);
        }
        s
    }

    #[test]
    fn ten_thousand_pods_keep_to_the_top_nodes_workloads_and_reasons() {
        let d = distribution(&large());
        assert_eq!(d.failing, 5000);
        assert_eq!(d.rows.len(), MAX_NODES + 2);
        let grouped = &d.rows[MAX_NODES];
        assert_eq!(grouped.kind, RowKind::OtherNodes(38));
        assert_eq!(grouped.label, "38 other nodes");
        assert_eq!(d.rows[MAX_NODES + 1].label, "not scheduled");
        assert_eq!(d.rows[MAX_NODES + 1].total(), 250);
        assert_eq!(d.rows.iter().map(Row::total).sum::<usize>(), 5000);
        assert_eq!((d.nodes, d.pressured_nodes), (50, 10));
        let first: Vec<_> = d.rows[..6].iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            first,
            [
                "node-5", "node-15", "node-25", "node-35", "node-45", "node-1"
            ],
            "at equal counts, nodes under pressure first, then in numeric order"
        );
        let named_pressure = d.rows[..MAX_NODES]
            .iter()
            .map(|r| r.pressured)
            .sum::<usize>();
        assert_eq!(named_pressure + grouped.pressured, 10);
        assert_eq!(d.workloads.len(), MAX_SERIES + 1);
        assert_eq!(d.workloads.last().map(String::as_str), Some(OTHERS));
        assert_eq!(d.workload_totals().iter().sum::<usize>(), 5000);
        assert_eq!(
            d.reasons,
            [
                "OOMKilled",
                "ImagePullBackOff",
                "exit 1",
                "liveness kill",
                "Pending"
            ]
        );
        assert_eq!(d.reason_totals(), [1750, 1000, 1000, 1000, 250]);
    }

    #[test]
    fn a_healthy_namespace_has_nothing_to_draw() {
        let d = distribution(&testdata::healthy());
        assert!(d.is_empty());
        assert!(d.rows.is_empty());
    }

    #[test]
    fn all_namespaces_name_workloads_with_their_namespace() {
        let mut s = testdata::seed();
        s.namespace = None;
        let d = distribution(&s);
        assert_eq!(
            d.workloads,
            ["production/order-service", "production/payment-service"]
        );
        assert_eq!(d.scope, "all namespaces");
    }
}
