//! Autocomplete: workload and pod names of a namespace, ranked by a typed prefix.

use std::collections::BTreeSet;

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::Pod;

use super::{DEFAULT_NAMESPACE, MAX_SUGGESTIONS};
use crate::cluster::client::{ListQuery, ReadOnly};
use crate::cluster::error::ClusterError;
use crate::cluster::names;

/// Workload names for autocomplete in `namespace` (default `"default"`): Deployments,
/// StatefulSets and pods' `app` labels, those starting with `prefix` first, then those
/// containing it, at most `MAX_SUGGESTIONS`. A prefix no name could match gives an empty list
/// without a request.
pub async fn workload_names(
    ro: &ReadOnly,
    namespace: Option<&str>,
    prefix: &str,
) -> Result<Vec<String>, ClusterError> {
    let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
    names::validate_namespace(ns)?;
    let prefix = prefix.trim().to_ascii_lowercase();
    let plausible = prefix.len() <= 63
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !plausible {
        return Ok(Vec::new());
    }
    let one_page = ListQuery::default();
    let app_label = ListQuery::labels("app");
    let (deployments, stateful_sets, pods) = tokio::join!(
        ro.list::<Deployment>(Some(ns), &one_page),
        ro.list::<StatefulSet>(Some(ns), &one_page),
        ro.list_metadata::<Pod>(Some(ns), &app_label),
    );
    let mut first_error = None;
    let mut all: BTreeSet<String> = BTreeSet::new();
    let mut add = |names: Result<Vec<String>, ClusterError>| match names {
        Ok(names) => all.extend(names),
        Err(e) => {
            first_error.get_or_insert(e);
        }
    };
    add(deployments.map(|p| {
        p.items
            .into_iter()
            .filter_map(|d| d.metadata.name)
            .collect()
    }));
    add(stateful_sets.map(|p| {
        p.items
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .collect()
    }));
    add(pods.map(|p| {
        p.items
            .into_iter()
            .filter_map(|m| m.metadata.labels?.remove("app"))
            .collect()
    }));
    if let (Some(e), true) = (first_error, all.is_empty()) {
        return Err(e);
    }
    Ok(rank_suggestions(all, &prefix))
}

/// Pod names for autocomplete of `/logs pod` in `namespace` (default `"default"`), ranked like
/// `workload_names`; one metadata-only page.
pub async fn pod_names(
    ro: &ReadOnly,
    namespace: Option<&str>,
    prefix: &str,
) -> Result<Vec<String>, ClusterError> {
    let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
    names::validate_namespace(ns)?;
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.len() > 253 {
        return Ok(Vec::new());
    }
    let pods = ro
        .list_metadata::<Pod>(Some(ns), &ListQuery::default())
        .await?;
    let all: BTreeSet<String> = pods
        .items
        .into_iter()
        .filter_map(|m| m.metadata.name)
        .collect();
    Ok(rank_suggestions(all, &prefix))
}

/// Names starting with `prefix` (sorted), then names containing it, at most `MAX_SUGGESTIONS`.
fn rank_suggestions(names: BTreeSet<String>, prefix: &str) -> Vec<String> {
    let (starts, rest): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| n.starts_with(prefix));
    starts
        .into_iter()
        .chain(rest.into_iter().filter(|n| n.contains(prefix)))
        .take(MAX_SUGGESTIONS)
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_prefix_matches_and_are_capped() {
        let names: BTreeSet<String> = [
            "order-service",
            "payment-service",
            "payments-db",
            "api-payment",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            rank_suggestions(names, "pay"),
            ["payment-service", "payments-db", "api-payment"]
        );
        let many: BTreeSet<String> = (0..40).map(|i| format!("svc-{i:02}")).collect();
        assert_eq!(rank_suggestions(many, "").len(), MAX_SUGGESTIONS);
    }
}
