//! Volume phases: claims Pending or Lost that no triaged pod mounts (the storage analyzer
//! covers the mounted ones), claims asking for a StorageClass that does not exist, and
//! PersistentVolumes Released or Failed.

use std::collections::HashSet;

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::workload as wl;
use crate::cluster::Snapshot;

fn phase(c: &PersistentVolumeClaim) -> &str {
    c.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

fn class(c: &PersistentVolumeClaim) -> Option<&str> {
    c.spec.as_ref()?.storage_class_name.as_deref()
}

fn waits_for_consumer(s: &Snapshot, class: Option<&str>) -> bool {
    class.is_some_and(|name| {
        s.storage_classes.iter().any(|sc| {
            meta::name(&sc.metadata) == name
                && sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
        })
    })
}

fn claim_lines(c: &PersistentVolumeClaim) -> Vec<String> {
    vec![format!(
        "Name: {}\nNamespace: {}\nStorageClass: {}\nStatus: {}\nVolume: {}",
        meta::name(&c.metadata),
        meta::ns(&c.metadata),
        class(c).unwrap_or("<default>"),
        phase(c),
        c.spec
            .as_ref()
            .and_then(|s| s.volume_name.as_deref())
            .unwrap_or("")
    )]
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    let mounted: HashSet<(&str, &str)> = s
        .pods
        .iter()
        .flat_map(|p| {
            p.spec
                .iter()
                .flat_map(|sp| sp.volumes.iter().flatten())
                .filter_map(move |v| {
                    Some((
                        wl::namespace(p),
                        v.persistent_volume_claim.as_ref()?.claim_name.as_str(),
                    ))
                })
        })
        .collect();
    let mut out = Vec::new();
    for c in &s.pvcs {
        let m = &c.metadata;
        let (name, ns) = (meta::name(m), meta::ns(m));
        let finding = |severity, signal, title: String, detail: String, fix: String| Finding {
            check: Check::Volumes,
            severity,
            signal,
            title: title.into(),
            detail: detail.into(),
            subjects: vec![meta::key(m)],
            evidence: vec![meta::describe("pvc", m, true, &claim_lines(c))],
            suggestion: Some(fix.into()),
        };
        if let Some(sc) = class(c).filter(|sc| s.is_missing("StorageClass", None, sc))
            && phase(c) != "Bound"
        {
            out.push(finding(
                Severity::Critical,
                Signal::PvcNotBound,
                format!(
                    "PVC {name} asks for StorageClass {sc}, which does not exist: it cannot bind"
                ),
                format!(
                    "Claim {ns}/{name} stays {} until class {sc} exists.",
                    phase(c)
                ),
                format!(
                    "Use an existing class (kubectl get storageclass) or create {sc}; the \
                     claim's class cannot be changed, so recreate the claim"
                ),
            ));
            continue;
        }
        if mounted.contains(&(ns, name)) {
            continue;
        }
        match phase(c) {
            "Lost" => out.push(finding(
                Severity::Critical,
                Signal::VolumeUnusable,
                format!("PVC {name} is Lost: its PersistentVolume is gone"),
                format!(
                    "Claim {ns}/{name} was bound to a volume that no longer exists; pods that \
                     mount it cannot start."
                ),
                format!(
                    "Restore the volume from backup or recreate the claim: kubectl describe pvc \
                     {name} -n {ns}"
                ),
            )),
            "Pending" if !waits_for_consumer(s, class(c)) => out.push(finding(
                Severity::Warning,
                Signal::PvcNotBound,
                format!("PVC {name} is Pending: no volume was provisioned or bound"),
                format!(
                    "Claim {ns}/{name} (StorageClass {}) has no volume.",
                    class(c).unwrap_or("<default>")
                ),
                format!(
                    "See why provisioning fails (ProvisioningFailed events, the provisioner's \
                     pods): kubectl describe pvc {name} -n {ns}"
                ),
            )),
            _ => {}
        }
    }
    out.extend(s.pvs.iter().filter_map(pv_finding));
    out
}

fn pv_finding(v: &PersistentVolume) -> Option<Finding> {
    let st = v.status.as_ref()?;
    let phase = st.phase.as_deref()?;
    let m = &v.metadata;
    let name = meta::name(m);
    let spec = v.spec.as_ref();
    let claim = spec
        .and_then(|s| s.claim_ref.as_ref())
        .map(|r| {
            format!(
                "{}/{}",
                r.namespace.as_deref().unwrap_or(""),
                r.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let policy = spec
        .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
        .unwrap_or("Retain");
    let lines = vec![format!(
        "Name: {name}\nStatus: {phase}\nClaim: {claim}\nReclaim Policy: {policy}\nMessage: {}",
        st.message.as_deref().unwrap_or("")
    )];
    let (severity, title, fix) = match phase {
        "Released" => (
            Severity::Warning,
            format!(
                "PersistentVolume {name} is Released: its claim {claim} was deleted and no new \
                 claim can bind it"
            ),
            format!(
                "If the data is still needed, clear the claimRef to reuse it (kubectl patch pv \
                 {name} -p '{{\"spec\":{{\"claimRef\":null}}}}'); otherwise delete the volume"
            ),
        ),
        "Failed" => (
            Severity::Critical,
            format!(
                "PersistentVolume {name} Failed to reclaim: {}",
                st.message.as_deref().unwrap_or("see its events")
            ),
            format!(
                "Reclaiming the volume failed (reclaim policy {policy}): kubectl describe pv \
                 {name}, then clean it up by hand"
            ),
        ),
        _ => return None,
    };
    Some(Finding {
        check: Check::Volumes,
        severity,
        signal: Signal::VolumeUnusable,
        title: title.into(),
        detail: format!("Volume {name} (claim {claim}) is {phase}, reclaim policy {policy}.")
            .into(),
        subjects: vec![name.to_string()],
        evidence: vec![meta::describe("pv", m, false, &lines)],
        suggestion: Some(fix.into()),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnose::testdata;

    fn claim(name: &str, phase: &str, class: &str) -> PersistentVolumeClaim {
        testdata::from(json!({
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"storageClassName": class},
            "status": {"phase": phase}
        }))
    }

    #[test]
    fn a_lost_claim_fires_alone() {
        let mut s = testdata::healthy();
        s.pvcs.push(claim("old-data", "Lost", "standard"));
        testdata::lone(
            &s,
            Check::Volumes,
            "PVC old-data is Lost: its PersistentVolume is gone",
        );
    }

    #[test]
    fn pending_claims_missing_classes_and_released_or_failed_volumes() {
        let mut s = testdata::healthy();
        s.pvcs.push(claim("reports", "Pending", "standard"));
        s.pvcs.push(claim("scratch", "Pending", "fast-ssd"));
        s.missing
            .push(testdata::missing("StorageClass", None, "fast-ssd"));
        for (name, phase) in [("pv-1", "Released"), ("pv-2", "Failed")] {
            s.pvs.push(testdata::from(json!({
                "metadata": {"name": name},
                "spec": {"persistentVolumeReclaimPolicy": "Retain",
                    "claimRef": {"namespace": "shop", "name": "gone"}},
                "status": {"phase": phase, "message": "recycler failed"}
            })));
        }
        testdata::expect_titles(
            analyze,
            &s,
            "PVC reports is Pending: no volume was provisioned or bound
             PVC scratch asks for StorageClass fast-ssd, which does not exist: it cannot bind
             PersistentVolume pv-1 is Released: its claim shop/gone was deleted and no new \
                 claim can bind it
             PersistentVolume pv-2 Failed to reclaim: recycler failed",
        );
    }

    #[test]
    fn waiting_for_a_consumer_and_bound_volumes_are_fine() {
        let mut s = testdata::healthy();
        s.pvcs.push(claim("later", "Pending", "local"));
        s.storage_classes.push(testdata::from(json!({
            "metadata": {"name": "local"}, "provisioner": "kubernetes.io/no-provisioner",
            "volumeBindingMode": "WaitForFirstConsumer"
        })));
        s.pvs
            .push(testdata::from(json!({"metadata": {"name": "pv-3"},
            "status": {"phase": "Bound"}})));
        assert!(testdata::run(analyze, &s).is_empty());
    }
}
