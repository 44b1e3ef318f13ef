//! The reads behind `/triage`, `/logs` and autocomplete. `gather` fills a `Snapshot`, turning
//! every failure into a "not checked" line, in the order of the
//! data flow: resolve the name to pods ([`resolve`]), then read what those pods touch
//! ([`workload`]), their logs ([`logs`]), the Services they name ([`depends_on`]) and their
//! usage ([`metrics`]); or, for an overview, the namespace-wide view ([`overview`]).
//! `pod_log`, `pod_selector` and the autocomplete lists ([`suggest`]) answer one question each.

mod breadth;
mod depends_on;
mod events;
mod logs;
mod metrics;
mod notes;
mod overview;
mod reads;
mod resolve;
mod suggest;
mod workload;

use chrono::Utc;

use super::client::ReadOnly;
use super::error::ClusterError;
use super::names;
use super::snapshot::{NotChecked, Snapshot, Target};
use crate::i18n::Msg;
use reads::GatherCtx;

pub use logs::pod_log;
pub use notes::{What, Why};
pub use suggest::{pod_names, workload_names};

/// At most this many objects of one kind are counted per `gather` (lists are read page by
/// page, `client::PAGE_SIZE` at a time, and folded as they arrive): only a namespace larger than
/// this says "counted the first N".
pub const MAX_OBJECTS_PER_KIND: usize = 100_000;
/// At most this many log requests per `gather`: one per failure group.
pub const MAX_LOG_CALLS: usize = 4;
/// Lines of each log `gather` reads.
pub const LOG_TAIL_LINES: u32 = 200;
/// Bytes of each log read, at most.
pub const LOG_LIMIT_BYTES: u32 = 64 * 1024;
/// Largest `tail` accepted by `pod_log`.
pub const MAX_TAIL_LINES: u32 = 5000;
/// Most names `workload_names` returns (Discord's autocomplete limit).
pub const MAX_SUGGESTIONS: usize = 25;
/// Where a workload is looked for when no namespace is given.
const DEFAULT_NAMESPACE: &str = "default";

/// Which namespaces a `gather` may read besides the one it was asked about (where a workload's
/// logs or env name a Service): the access policy's decision for the command.
pub trait ReadScope: Sync {
    /// `Some(why)` when `namespace` is outside the scope: the "not checked" reason.
    fn refuses(&self, namespace: &str) -> Option<Msg>;
    /// True when every namespace is inside the scope: only then may a triage look across
    /// namespaces (for a workload it did not find where it was told to look).
    fn reads_everywhere(&self) -> bool;
}

/// Every namespace the cluster identity can read (no policy, the console).
pub struct Unrestricted;

impl ReadScope for Unrestricted {
    fn refuses(&self, _: &str) -> Option<Msg> {
        None
    }

    fn reads_everywhere(&self) -> bool {
        true
    }
}

/// `gather_scoped` without a policy: every namespace the cluster identity can read.
pub async fn gather(
    ro: &ReadOnly,
    cluster_name: &str,
    target: &Target,
    namespace: Option<&str>,
) -> Result<Snapshot, ClusterError> {
    gather_scoped(ro, cluster_name, target, namespace, &Unrestricted, false).await
}

/// Reads what `target` needs into a `Snapshot`. `Err` only for invalid input, refused before any
/// request; anything the cluster does not answer becomes a `NotChecked` line. A workload is
/// looked for in `namespace` (default `"default"`); an overview covers `namespace` or, when
/// `None`, all namespaces. A Service the workload names in a namespace `scope` refuses is not
/// read: it becomes a "not checked" line saying why. `current_log` (`/triage … logs:current`)
/// reads the current log of one ready pod of a workload even when it is not degraded.
pub async fn gather_scoped(
    ro: &ReadOnly,
    cluster_name: &str,
    target: &Target,
    namespace: Option<&str>,
    scope: &dyn ReadScope,
    current_log: bool,
) -> Result<Snapshot, ClusterError> {
    if let Some(ns) = namespace {
        names::validate_namespace(ns)?;
    }
    if let Target::Workload { name } = target {
        names::validate_workload_name(name)?;
    }
    let ctx = GatherCtx::new(ro, scope);
    let mut snap = Snapshot {
        cluster: cluster_name.to_string(),
        target: Some(target.clone()),
        taken_at: Some(Utc::now()),
        ..Snapshot::default()
    };
    // The gathers are boxed: so many concurrent reads make a large future, which would
    // otherwise sit in the caller's (debug builds overflowed a test thread's stack).
    let lists = match target {
        Target::Workload { name } => {
            let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
            snap.namespace = Some(ns.to_string());
            Box::pin(workload::gather_workload(&ctx, &mut snap, ns, name)).await
        }
        Target::Overview => {
            snap.namespace = namespace.map(str::to_string);
            Box::pin(overview::gather_overview(&ctx, &mut snap, namespace)).await;
            // After the pod reads: a hung server is then one line, not one per kind.
            match ctx.halted() {
                Ok(()) => Ok(Box::pin(breadth::read(&ctx, namespace, true)).await),
                Err(skip) => Err(skip),
            }
        }
    };
    // The breadth lists keep only what touches the pods found; an unreachable cluster skips
    // them in one line.
    match lists {
        Ok(lists) => breadth::apply(&ctx, &mut snap, lists, current_log).await,
        Err(skip) => ctx.note(&What::msg(Msg::new("nc-breadth")), skip.why()),
    }
    snap.not_checked = ctx.take_notes();
    Ok(snap)
}

/// The label selector of workload `name`'s pods in `namespace`, found as a triage finds it
/// (Service, `app` labels, controllers: see `resolve`). `Err` holds why not: nothing of that
/// name has pods, or the reads that would tell failed.
pub async fn pod_selector(
    ro: &ReadOnly,
    namespace: &str,
    name: &str,
) -> Result<Result<String, Vec<NotChecked>>, ClusterError> {
    names::validate_namespace(namespace)?;
    names::validate_workload_name(name)?;
    let ctx = GatherCtx::new(ro, &Unrestricted);
    // Boxed: the resolution's concurrent reads make a large future.
    let resolution = Box::pin(resolve::resolve(&ctx, namespace, name)).await;
    Ok(match resolution.selector {
        Some(selector) if !resolution.pods.is_empty() => Ok(selector),
        _ => Err(ctx.take_notes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::client::{ClusterSpec, Identity};

    #[tokio::test]
    async fn invalid_input_is_refused_before_any_request() {
        // Port 9 (discard) is never an API server: a request would fail, not return InvalidName.
        let ro = ReadOnly::connect(
            &ClusterSpec::with_server("t", "http://127.0.0.1:9"),
            &Identity::default(),
        )
        .await
        .unwrap();
        let workload = |name: &str| Target::Workload { name: name.into() };
        for target in [workload("Payment_Service"), workload(&"a".repeat(300))] {
            let err = gather(&ro, "t", &target, Some("production"))
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    ClusterError::InvalidName {
                        what: "workload name",
                        ..
                    }
                ),
                "{err}"
            );
        }
        let err = gather(&ro, "t", &Target::Overview, Some("Prod"))
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::InvalidName {
                what: "namespace",
                ..
            }
        ));
        let err = pod_log(&ro, "production", "p", None, true, 0)
            .await
            .unwrap_err();
        assert!(matches!(err, ClusterError::TailOutOfRange { got: 0, .. }));
        let err = pod_log(&ro, "production", "../secrets", None, true, 10)
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::InvalidName {
                what: "pod name",
                ..
            }
        ));
        assert_eq!(
            workload_names(&ro, Some("production"), "Pay Ment")
                .await
                .unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn gather_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let spec = ClusterSpec::with_server("t", "http://127.0.0.1:9");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let ro = rt
            .block_on(ReadOnly::connect(&spec, &Identity::default()))
            .unwrap();
        let target = Target::Overview;
        let fut = gather(&ro, "t", &target, None);
        assert_send(&fut);
    }
}
