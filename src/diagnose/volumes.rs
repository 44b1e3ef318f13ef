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
use crate::i18n::Msg;

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
        let claim = |key| Msg::new(key).arg("claim", name).arg("namespace", ns);
        let finding = |severity, signal, title: Msg, detail: Msg, fix: Msg| Finding {
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
                claim("finding-pvc-missing-class").arg("class", sc),
                claim("pvc-missing-class-detail")
                    .arg("class", sc)
                    .arg("phase", phase(c)),
                claim("pvc-missing-class-fix").arg("class", sc),
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
                claim("finding-pvc-lost"),
                claim("pvc-lost-detail"),
                claim("pvc-lost-fix"),
            )),
            "Pending" if !waits_for_consumer(s, class(c)) => out.push(finding(
                Severity::Warning,
                Signal::PvcNotBound,
                claim("finding-pvc-pending"),
                claim("pvc-pending-detail").arg("class", class(c).unwrap_or("none")),
                claim("pvc-pending-fix"),
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
    let volume = |key| Msg::new(key).arg("volume", name);
    let (severity, title, fix) = match phase {
        "Released" => (
            Severity::Warning,
            volume("finding-pv-released").arg("claim", claim.as_str()),
            volume("pv-released-fix").arg(
                "command",
                format!("kubectl patch pv {name} -p '{{\"spec\":{{\"claimRef\":null}}}}'"),
            ),
        ),
        "Failed" => (
            Severity::Critical,
            volume("finding-pv-failed")
                .arg("known", if st.message.is_some() { "yes" } else { "no" })
                .arg("message", st.message.as_deref().unwrap_or("")),
            volume("pv-failed-fix").arg("policy", policy),
        ),
        _ => return None,
    };
    Some(Finding {
        check: Check::Volumes,
        severity,
        signal: Signal::VolumeUnusable,
        title: title.into(),
        detail: volume("pv-detail")
            .arg("claim", claim.as_str())
            .arg("phase", phase)
            .arg("policy", policy)
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
        let f = testdata::lone(
            &s,
            Check::Volumes,
            "PVC old-data is Lost: its PersistentVolume is gone",
        );
        testdata::expect_detail(
            &f,
            "Claim shop/old-data was bound to a volume that no longer exists; pods that mount it \
             cannot start.",
        );
        assert_eq!(
            testdata::fix(&f),
            "Restore the volume from backup or recreate the claim: kubectl describe pvc old-data \
             -n shop"
        );
        testdata::expect_zh_title(
            &f,
            "PVC old-data 处于 Lost 状态：它绑定的 PersistentVolume 已经不存在",
        );
        testdata::expect_zh_finding(
            &f,
            "PVC shop/old-data 绑定的卷已经不存在，挂载它的 Pod 都无法启动。",
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
        let f = testdata::expect_titles(
            analyze,
            &s,
            "PVC reports is Pending: no volume was provisioned or bound
             PVC scratch asks for StorageClass fast-ssd, which does not exist: it cannot bind
             PersistentVolume pv-1 is Released: its claim shop/gone was deleted and no new \
                 claim can bind it
             PersistentVolume pv-2 Failed to reclaim: recycler failed",
        );
        let said: Vec<(String, String)> = f
            .iter()
            .map(|f| (testdata::en(&f.detail), testdata::fix(f)))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "Claim shop/reports (StorageClass standard) has no volume.",
                    "See why provisioning fails (ProvisioningFailed events, the provisioner's \
                     pods): kubectl describe pvc reports -n shop"
                ),
                (
                    "Claim shop/scratch stays Pending until class fast-ssd exists.",
                    "Use an existing class (kubectl get storageclass) or create fast-ssd; the \
                     claim's class cannot be changed, so recreate the claim"
                ),
                (
                    "Volume pv-1 (claim shop/gone) is Released, reclaim policy Retain.",
                    "If the data is still needed, clear the claimRef to reuse it (kubectl patch \
                     pv pv-1 -p '{\"spec\":{\"claimRef\":null}}'); otherwise delete the volume"
                ),
                (
                    "Volume pv-2 (claim shop/gone) is Failed, reclaim policy Retain.",
                    "Reclaiming the volume failed (reclaim policy Retain): kubectl describe pv \
                     pv-2, then clean it up by hand"
                ),
            ]
            .map(|(d, x)| (d.to_string(), x.to_string()))
        );
        for (f, zh) in f.iter().zip([
            "PVC shop/reports（StorageClass standard）还没有卷。",
            "StorageClass fast-ssd 创建之前，PVC shop/scratch 会一直处于 Pending 状态。",
            "卷 pv-1（PVC shop/gone）处于 Released 状态，回收策略为 Retain。",
            "卷 pv-2（PVC shop/gone）处于 Failed 状态，回收策略为 Retain。",
        ]) {
            testdata::expect_zh_finding(f, zh);
        }
        testdata::expect_zh_title(&f[3], "PersistentVolume pv-2 回收失败：「recycler failed」");
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
