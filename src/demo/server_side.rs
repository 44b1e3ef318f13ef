//! What a real kube-apiserver computes for kubectl on top of stored objects, for the fake one:
//! aggregated discovery (`/api` and `/apis` asked as `APIGroupDiscoveryList`, so kubectl maps
//! `pvc` or `networkpolicy` to a resource) and server-side printing (`-o wide` and plain
//! `kubectl get` ask for a `meta.k8s.io/v1` `Table`). warroom itself asks for neither; the
//! triage bench needs them to time the seed's kubectl runbook against the same server.
//!
//! Tables carry the columns kube-apiserver's printers define for pods, events, ReplicaSets,
//! Deployments, PersistentVolumeClaims, Services, EndpointSlices and nodes, with their
//! priorities (kubectl shows priority 1 only with `-o wide`); any other kind gets the generic
//! `Name` / `Created At` table the API server gives kinds without a printer.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The media type kubectl asks for to get a `Table`.
const AS_TABLE: &str = "as=Table";
/// The media type kubectl asks for to get aggregated discovery.
const AS_DISCOVERY: &str = "as=APIGroupDiscoveryList";
/// Content type of an aggregated discovery answer.
pub(super) const DISCOVERY_CONTENT_TYPE: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// Whether an `Accept` header asks for a Table.
pub(super) fn wants_table(accept: &str) -> bool {
    accept.contains(AS_TABLE)
}

/// Whether an `Accept` header asks for aggregated discovery.
pub(super) fn wants_discovery(accept: &str) -> bool {
    accept.contains(AS_DISCOVERY)
}

/// One served resource, as discovery describes it.
pub(super) struct Served<'a> {
    /// `""` for the core group.
    pub(super) group: &'a str,
    pub(super) version: &'a str,
    pub(super) plural: &'a str,
    pub(super) kind: &'a str,
    pub(super) namespaced: bool,
}

/// Singular names and short names kube-apiserver gives the resources kubectl users type.
const NAMES: &[(&str, &str, &[&str])] = &[
    ("pods", "pod", &["po"]),
    ("events", "event", &["ev"]),
    ("nodes", "node", &["no"]),
    ("persistentvolumeclaims", "persistentvolumeclaim", &["pvc"]),
    ("persistentvolumes", "persistentvolume", &["pv"]),
    ("services", "service", &["svc"]),
    ("endpoints", "endpoints", &["ep"]),
    ("endpointslices", "endpointslice", &[]),
    ("networkpolicies", "networkpolicy", &["netpol"]),
    ("deployments", "deployment", &["deploy"]),
    ("replicasets", "replicaset", &["rs"]),
    ("statefulsets", "statefulset", &["sts"]),
    ("daemonsets", "daemonset", &["ds"]),
    ("jobs", "job", &[]),
    ("cronjobs", "cronjob", &["cj"]),
    ("ingresses", "ingress", &["ing"]),
    ("ingressclasses", "ingressclass", &[]),
    (
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        &["hpa"],
    ),
    ("poddisruptionbudgets", "poddisruptionbudget", &["pdb"]),
    ("storageclasses", "storageclass", &["sc"]),
];

/// The `APIGroupDiscoveryList` of `/api` (`core`) or `/apis` for the resources served.
pub(super) fn discovery(core: bool, served: &[Served<'_>]) -> String {
    let mut groups: Vec<(&str, Vec<&Served<'_>>)> = Vec::new();
    for s in served.iter().filter(|s| s.group.is_empty() == core) {
        match groups.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, members)) => members.push(s),
            None => groups.push((s.group, vec![s])),
        }
    }
    let items: Vec<Value> = groups
        .into_iter()
        .map(|(group, members)| {
            let mut versions: Vec<&str> = members.iter().map(|s| s.version).collect();
            versions.dedup();
            let versions: Vec<Value> = versions
                .into_iter()
                .map(|version| {
                    let resources: Vec<Value> = members
                        .iter()
                        .filter(|s| s.version == version)
                        .map(|s| resource(s))
                        .collect();
                    json!({"version": version, "resources": resources, "freshness": "Current"})
                })
                .collect();
            json!({"metadata": {"name": group, "creationTimestamp": null}, "versions": versions})
        })
        .collect();
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": "apidiscovery.k8s.io/v2",
        "metadata": {},
        "items": items,
    })
    .to_string()
}

fn resource(s: &Served<'_>) -> Value {
    let (singular, short) = NAMES
        .iter()
        .find(|(plural, _, _)| *plural == s.plural)
        .map_or((s.kind.to_lowercase(), &[][..]), |(_, singular, short)| {
            ((*singular).to_owned(), *short)
        });
    let kind = json!({"group": s.group, "version": s.version, "kind": s.kind});
    let mut r = json!({
        "resource": s.plural,
        "responseKind": kind,
        "scope": if s.namespaced { "Namespaced" } else { "Cluster" },
        "singularResource": singular,
        "verbs": ["get", "list", "watch"],
    });
    if !short.is_empty() {
        r["shortNames"] = json!(short);
    }
    if s.plural == "pods" {
        r["subresources"] = json!([{
            "subresource": "log",
            "responseKind": {"group": "", "version": "v1", "kind": "Pod"},
            "verbs": ["get"],
        }]);
    }
    r
}

/// One column: name, type, priority (0: always shown; 1: with `-o wide`).
type Column = (&'static str, &'static str, u8);
/// The cells of one row.
type Cells = fn(&Value, DateTime<Utc>) -> Vec<Value>;

/// A `Table` of `items` (objects of `kind`) as kube-apiserver prints them at `now`.
pub(super) fn table(kind: &str, metadata: &Value, items: &[Value], now: DateTime<Utc>) -> String {
    let (columns, cells): (&[Column], Cells) = match kind {
        "Pod" => (POD_COLUMNS, pod_cells),
        "Event" => (EVENT_COLUMNS, event_cells),
        "ReplicaSet" => (REPLICA_SET_COLUMNS, replica_set_cells),
        "Deployment" => (DEPLOYMENT_COLUMNS, deployment_cells),
        "PersistentVolumeClaim" => (PVC_COLUMNS, pvc_cells),
        "Service" => (SERVICE_COLUMNS, service_cells),
        "EndpointSlice" => (ENDPOINT_SLICE_COLUMNS, endpoint_slice_cells),
        "Node" => (NODE_COLUMNS, node_cells),
        _ => (DEFAULT_COLUMNS, default_cells),
    };
    let definitions: Vec<Value> = columns
        .iter()
        .map(|(name, type_, priority)| {
            json!({
                "name": name,
                "type": type_,
                "format": if *name == "Name" { "name" } else { "" },
                "description": "",
                "priority": priority,
            })
        })
        .collect();
    let rows: Vec<Value> = items
        .iter()
        .map(|item| {
            json!({
                "cells": cells(item, now),
                "object": {
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": item.get("metadata").cloned().unwrap_or(Value::Null),
                },
            })
        })
        .collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": definitions,
        "rows": rows,
    })
    .to_string()
}

fn text<'a>(v: &'a Value, path: &str) -> &'a str {
    path.split('.')
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn number(v: &Value, path: &str) -> i64 {
    path.split('.')
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

fn list<'a>(v: &'a Value, path: &str) -> &'a [Value] {
    path.split('.')
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn or_none(s: String) -> Value {
    Value::from(if s.is_empty() { "<none>".to_owned() } else { s })
}

/// `3m20s`, `5h`, `12d`: kubectl's ages (apimachinery's `duration.HumanDuration`).
fn age(at: &str, now: DateTime<Utc>) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(at) else {
        return "<unknown>".into();
    };
    let s = (now - t.with_timezone(&Utc)).num_seconds().max(0);
    let (m, h, d) = (s / 60, s / 3600, s / 86_400);
    let pair = |big: i64, unit: &str, small: i64, small_unit: &str| {
        if small == 0 {
            format!("{big}{unit}")
        } else {
            format!("{big}{unit}{small}{small_unit}")
        }
    };
    match s {
        0..120 => format!("{s}s"),
        120..600 => pair(m, "m", s % 60, "s"),
        600..10_800 => format!("{m}m"),
        10_800..28_800 => pair(h, "h", m % 60, "m"),
        28_800..172_800 => format!("{h}h"),
        172_800..691_200 => pair(d, "d", h % 24, "h"),
        _ => format!("{d}d"),
    }
}

fn created(item: &Value, now: DateTime<Utc>) -> Value {
    Value::from(age(text(item, "metadata.creationTimestamp"), now))
}

fn name(item: &Value) -> Value {
    Value::from(text(item, "metadata.name"))
}

const DEFAULT_COLUMNS: &[Column] = &[("Name", "string", 0), ("Created At", "date", 0)];

fn default_cells(item: &Value, _: DateTime<Utc>) -> Vec<Value> {
    vec![
        name(item),
        Value::from(text(item, "metadata.creationTimestamp")),
    ]
}

const POD_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Ready", "string", 0),
    ("Status", "string", 0),
    ("Restarts", "string", 0),
    ("Age", "string", 0),
    ("IP", "string", 1),
    ("Node", "string", 1),
    ("Nominated Node", "string", 1),
    ("Readiness Gates", "string", 1),
];

/// kube-apiserver's pod printer: the reason of the last container that is not running
/// (waiting or terminated reason, else its signal or exit code), else the phase.
fn pod_cells(pod: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let statuses = list(pod, "status.containerStatuses");
    let total = list(pod, "spec.containers").len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<&str> = None;
    let mut reason = match text(pod, "status.reason") {
        "" => text(pod, "status.phase").to_owned(),
        r => r.to_owned(),
    };
    let mut running = false;
    for c in statuses.iter().rev() {
        restarts += number(c, "restartCount");
        let finished = text(c, "lastState.terminated.finishedAt");
        if !finished.is_empty() && last_restart.is_none_or(|l| finished > l) {
            last_restart = Some(finished);
        }
        let waiting = text(c, "state.waiting.reason");
        let terminated = c.get("state").and_then(|s| s.get("terminated"));
        if !waiting.is_empty() {
            reason = waiting.to_owned();
        } else if let Some(t) = terminated {
            reason = match text(t, "reason") {
                "" if number(t, "signal") != 0 => format!("Signal:{}", number(t, "signal")),
                "" => format!("ExitCode:{}", number(t, "exitCode")),
                r => r.to_owned(),
            };
        } else if c.pointer("/state/running").is_some()
            && c.get("ready").and_then(Value::as_bool) == Some(true)
        {
            running = true;
            ready += 1;
        }
    }
    if reason == "Running" && !running && total > 0 {
        reason = "NotReady".into();
    }
    if pod.pointer("/metadata/deletionTimestamp").is_some() {
        reason = "Terminating".into();
    }
    let restarts = match last_restart {
        Some(at) if restarts > 0 => format!("{restarts} ({} ago)", age(at, now)),
        _ => restarts.to_string(),
    };
    let gates = list(pod, "spec.readinessGates");
    vec![
        name(pod),
        Value::from(format!("{ready}/{total}")),
        Value::from(reason),
        Value::from(restarts),
        created(pod, now),
        or_none(text(pod, "status.podIP").to_owned()),
        or_none(text(pod, "spec.nodeName").to_owned()),
        or_none(text(pod, "status.nominatedNodeName").to_owned()),
        or_none(if gates.is_empty() {
            String::new()
        } else {
            format!("0/{}", gates.len())
        }),
    ]
}

const EVENT_COLUMNS: &[Column] = &[
    ("Last Seen", "string", 0),
    ("Type", "string", 0),
    ("Reason", "string", 0),
    ("Object", "string", 0),
    ("Subobject", "string", 1),
    ("Source", "string", 1),
    ("Message", "string", 0),
    ("First Seen", "string", 1),
    ("Count", "string", 1),
    ("Name", "string", 1),
];

fn event_cells(e: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let last = match text(e, "lastTimestamp") {
        "" => text(e, "eventTime"),
        t => t,
    };
    let first = match text(e, "firstTimestamp") {
        "" => last,
        t => t,
    };
    let object = format!(
        "{}/{}",
        text(e, "involvedObject.kind").to_lowercase(),
        text(e, "involvedObject.name")
    );
    let source = match text(e, "source.component") {
        "" => text(e, "reportingComponent"),
        s => s,
    };
    vec![
        Value::from(age(last, now)),
        Value::from(text(e, "type")),
        Value::from(text(e, "reason")),
        Value::from(object),
        Value::from(text(e, "involvedObject.fieldPath")),
        Value::from(source),
        Value::from(text(e, "message").trim()),
        Value::from(age(first, now)),
        Value::from(number(e, "count").max(1)),
        name(e),
    ]
}

const REPLICA_SET_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Desired", "integer", 0),
    ("Current", "integer", 0),
    ("Ready", "integer", 0),
    ("Age", "string", 0),
    ("Containers", "string", 1),
    ("Images", "string", 1),
    ("Selector", "string", 1),
];

fn containers_and_images(item: &Value) -> (Value, Value) {
    let containers = list(item, "spec.template.spec.containers");
    let names: Vec<&str> = containers.iter().map(|c| text(c, "name")).collect();
    let images: Vec<&str> = containers.iter().map(|c| text(c, "image")).collect();
    (Value::from(names.join(",")), Value::from(images.join(",")))
}

fn selector(item: &Value) -> Value {
    let labels = item
        .pointer("/spec/selector/matchLabels")
        .or_else(|| item.pointer("/spec/selector"))
        .and_then(Value::as_object);
    let pairs: Vec<String> = labels
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some(format!("{k}={}", v.as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    or_none(pairs.join(","))
}

fn replica_set_cells(rs: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (containers, images) = containers_and_images(rs);
    vec![
        name(rs),
        Value::from(number(rs, "spec.replicas")),
        Value::from(number(rs, "status.replicas")),
        Value::from(number(rs, "status.readyReplicas")),
        created(rs, now),
        containers,
        images,
        selector(rs),
    ]
}

const DEPLOYMENT_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Ready", "string", 0),
    ("Up-to-date", "string", 0),
    ("Available", "string", 0),
    ("Age", "string", 0),
    ("Containers", "string", 1),
    ("Images", "string", 1),
    ("Selector", "string", 1),
];

fn deployment_cells(d: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (containers, images) = containers_and_images(d);
    vec![
        name(d),
        Value::from(format!(
            "{}/{}",
            number(d, "status.readyReplicas"),
            number(d, "spec.replicas")
        )),
        Value::from(number(d, "status.updatedReplicas")),
        Value::from(number(d, "status.availableReplicas")),
        created(d, now),
        containers,
        images,
        selector(d),
    ]
}

const PVC_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Status", "string", 0),
    ("Volume", "string", 0),
    ("Capacity", "string", 0),
    ("Access Modes", "string", 0),
    ("StorageClass", "string", 0),
    ("VolumeAttributesClass", "string", 0),
    ("Age", "string", 0),
    ("VolumeMode", "string", 1),
];

fn pvc_cells(c: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let modes: Vec<&str> = list(c, "status.accessModes")
        .iter()
        .filter_map(Value::as_str)
        .map(|m| match m {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect();
    vec![
        name(c),
        Value::from(text(c, "status.phase")),
        Value::from(text(c, "spec.volumeName")),
        Value::from(text(c, "status.capacity.storage")),
        Value::from(modes.join(",")),
        Value::from(text(c, "spec.storageClassName")),
        or_none(text(c, "spec.volumeAttributesClassName").to_owned()),
        created(c, now),
        Value::from(text(c, "spec.volumeMode")),
    ]
}

const SERVICE_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Type", "string", 0),
    ("Cluster-IP", "string", 0),
    ("External-IP", "string", 0),
    ("Port(s)", "string", 0),
    ("Age", "string", 0),
    ("Selector", "string", 1),
];

fn service_cells(s: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let ports: Vec<String> = list(s, "spec.ports")
        .iter()
        .map(|p| {
            let node = match number(p, "nodePort") {
                0 => String::new(),
                n => format!(":{n}"),
            };
            format!("{}{node}/{}", number(p, "port"), text(p, "protocol"))
        })
        .collect();
    let external: Vec<&str> = list(s, "spec.externalIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let type_ = match text(s, "spec.type") {
        "" => "ClusterIP",
        t => t,
    };
    vec![
        name(s),
        Value::from(type_),
        or_none(text(s, "spec.clusterIP").to_owned()),
        or_none(external.join(",")),
        or_none(ports.join(",")),
        created(s, now),
        selector(s),
    ]
}

const ENDPOINT_SLICE_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("AddressType", "string", 0),
    ("Ports", "string", 0),
    ("Endpoints", "string", 0),
    ("Age", "string", 0),
];

fn endpoint_slice_cells(s: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let ports: Vec<String> = list(s, "ports")
        .iter()
        .map(|p| number(p, "port").to_string())
        .collect();
    let addresses: Vec<&str> = list(s, "endpoints")
        .iter()
        .flat_map(|e| list(e, "addresses"))
        .filter_map(Value::as_str)
        .collect();
    let shown = match addresses.len() {
        0 => String::new(),
        n if n > 3 => format!("{} + {} more...", addresses[..3].join(","), n - 3),
        _ => addresses.join(","),
    };
    vec![
        name(s),
        Value::from(text(s, "addressType")),
        or_none(ports.join(",")),
        or_none(shown),
        created(s, now),
    ]
}

const NODE_COLUMNS: &[Column] = &[
    ("Name", "string", 0),
    ("Status", "string", 0),
    ("Roles", "string", 0),
    ("Age", "string", 0),
    ("Version", "string", 0),
    ("Internal-IP", "string", 1),
    ("External-IP", "string", 1),
    ("OS-Image", "string", 1),
    ("Kernel-Version", "string", 1),
    ("Container-Runtime", "string", 1),
];

fn node_cells(n: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let ready = list(n, "status.conditions")
        .iter()
        .find(|c| text(c, "type") == "Ready")
        .map_or("Unknown", |c| {
            if text(c, "status") == "True" {
                "Ready"
            } else {
                "NotReady"
            }
        });
    let address = |kind: &str| {
        list(n, "status.addresses")
            .iter()
            .find(|a| text(a, "type") == kind)
            .map_or(String::new(), |a| text(a, "address").to_owned())
    };
    vec![
        name(n),
        Value::from(ready),
        Value::from("<none>"),
        created(n, now),
        Value::from(text(n, "status.nodeInfo.kubeletVersion")),
        or_none(address("InternalIP")),
        or_none(address("ExternalIP")),
        Value::from(text(n, "status.nodeInfo.osImage")),
        Value::from(text(n, "status.nodeInfo.kernelVersion")),
        Value::from(text(n, "status.nodeInfo.containerRuntimeVersion")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_looping_pod_prints_as_kubectl_shows_it() {
        let pod = json!({
            "metadata": {"name": "web-1", "creationTimestamp": "2026-11-30T09:00:00Z"},
            "spec": {"nodeName": "node-5", "containers": [{"name": "web"}]},
            "status": {"phase": "Running", "podIP": "10.0.0.7", "containerStatuses": [{
                "restartCount": 7, "ready": false,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"exitCode": 137, "finishedAt": "2026-11-30T09:58:00Z"}}
            }]}
        });
        let now = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let cells = pod_cells(&pod, now);
        assert_eq!(
            cells,
            [
                "web-1",
                "0/1",
                "CrashLoopBackOff",
                "7 (2m ago)",
                "60m",
                "10.0.0.7",
                "node-5",
                "<none>",
                "<none>"
            ]
        );
    }

    #[test]
    fn discovery_names_short_names_and_scopes() {
        let served = [
            Served {
                group: "",
                version: "v1",
                plural: "persistentvolumeclaims",
                kind: "PersistentVolumeClaim",
                namespaced: true,
            },
            Served {
                group: "apps",
                version: "v1",
                plural: "replicasets",
                kind: "ReplicaSet",
                namespaced: true,
            },
        ];
        let core: Value = serde_json::from_str(&discovery(true, &served)).unwrap();
        let pvc = &core["items"][0]["versions"][0]["resources"][0];
        assert_eq!(pvc["shortNames"], json!(["pvc"]));
        assert_eq!(pvc["scope"], "Namespaced");
        let apis: Value = serde_json::from_str(&discovery(false, &served)).unwrap();
        assert_eq!(apis["items"][0]["metadata"]["name"], "apps");
        assert_eq!(apis["items"].as_array().map(Vec::len), Some(1));
    }
}
