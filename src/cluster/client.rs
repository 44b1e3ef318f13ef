//! Read-only cluster handles: `ClusterSpec` (config), `Identity` (impersonation), `ReadOnly`
//! (the only handle to a cluster: list, get, watch and logs, nothing else) and `Clusters` (the
//! configured clusters with one cached handle per cluster and identity).

use std::collections::HashMap;
use std::fmt::Debug;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use futures::AsyncReadExt;
use futures::TryStreamExt;
use http_body_util::BodyExt;
use hyper_timeout::TimeoutConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::api::{
    Api, ApiResource, DynamicObject, GroupVersionKind, ListParams, LogParams, WatchEvent,
    WatchParams,
};
use kube::client::{ClientBuilder, ConfigExt};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::core::{ObjectList, PartialObjectMeta, Status};
use kube::{Config, Resource};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tower::retry::RetryLayer;
use tower::timeout::TimeoutLayer;
use tower::{BoxError, ServiceBuilder};

use super::coverage::{Coverage, Failure, Outcome, Read, Recorder};
use super::error::{Attempt, ClusterError, Scope, from_kube};
use super::metrics::{ApiMetrics, ApiMetricsLayer};
use super::names;
use super::redact::RedactLayer;
use super::retry::RetryOnce;

fn default_request_timeout_secs() -> u64 {
    10
}

fn default_max_concurrency() -> usize {
    8
}

fn default_triage_deadline_secs() -> u64 {
    20
}

/// One `[[clusters]]` entry of the configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// The name users pick the cluster by (`/triage ... cluster:NAME`).
    pub name: String,
    /// Kubeconfig file; without it (and without `server`), the default kubeconfig, then the
    /// in-cluster ServiceAccount, is used.
    #[serde(default)]
    pub kubeconfig: Option<PathBuf>,
    /// Kubeconfig context; the kubeconfig's current context when absent.
    #[serde(default)]
    pub context: Option<String>,
    /// API server URL override. Alone, it means a plain, unauthenticated connection (the demo
    /// and tests); with a kubeconfig, it replaces the kubeconfig's server.
    #[serde(default)]
    pub server: Option<String>,
    /// Per-request timeout in seconds.
    #[serde(default = "default_request_timeout_secs")]
    pub request_timeout_secs: u64,
    /// At most this many requests in flight to this cluster.
    #[serde(default = "default_max_concurrency")]
    pub max_concurrency: usize,
    /// A whole triage's reads end this many seconds after it starts: a read still waiting
    /// then becomes a "not checked" line and the report is given with what was read.
    #[serde(default = "default_triage_deadline_secs")]
    pub triage_deadline_secs: u64,
}

impl ClusterSpec {
    /// A cluster reached at `server` without credentials (the demo and tests), with defaults.
    pub fn with_server(name: impl Into<String>, server: impl Into<String>) -> Self {
        ClusterSpec {
            name: name.into(),
            kubeconfig: None,
            context: None,
            server: Some(server.into()),
            request_timeout_secs: default_request_timeout_secs(),
            max_concurrency: default_max_concurrency(),
            triage_deadline_secs: default_triage_deadline_secs(),
        }
    }

    fn validate(&self) -> Result<(), ClusterError> {
        let name = &self.name;
        let problem = if name.trim().is_empty() {
            Some("a cluster needs a non-empty `name`".to_string())
        } else if self.request_timeout_secs == 0 {
            Some(format!(
                "cluster {name:?}: request_timeout_secs must be at least 1"
            ))
        } else if self.triage_deadline_secs == 0 {
            Some(format!(
                "cluster {name:?}: triage_deadline_secs must be at least 1"
            ))
        } else if self.max_concurrency == 0 {
            Some(format!(
                "cluster {name:?}: max_concurrency must be at least 1"
            ))
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(ClusterError::Config(p));
        }
        match &self.server {
            Some(server) => server_config(name, server).map(drop),
            None => Ok(()),
        }
    }

    fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

/// Who the API server should treat the request as coming from (impersonation). The default
/// identity is warroom's own (no impersonation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Identity {
    /// `Impersonate-User`; required when `groups` is not empty.
    pub user: Option<String>,
    /// `Impersonate-Group`, one header each.
    pub groups: Vec<String>,
}

impl Identity {
    /// Whether this identity impersonates anyone.
    pub fn impersonates(&self) -> bool {
        self.user.is_some() || !self.groups.is_empty()
    }

    fn validate(&self) -> Result<(), ClusterError> {
        let bad = |s: &String| s.trim().is_empty() || s.chars().any(char::is_control);
        if self.user.as_ref().is_some_and(bad) || self.groups.iter().any(bad) {
            return Err(ClusterError::Config(
                "an impersonated user or group is empty or contains control characters".into(),
            ));
        }
        if self.user.is_none() && !self.groups.is_empty() {
            return Err(ClusterError::Config(format!(
                "impersonating groups {:?} needs a user too (the API server refuses groups \
                 without Impersonate-User): set the identity's user in the access policy",
                self.groups
            )));
        }
        Ok(())
    }

    /// The same identity with groups sorted and deduplicated (cache key).
    fn normalized(&self) -> Identity {
        let mut groups = self.groups.clone();
        groups.sort();
        groups.dedup();
        Identity {
            user: self.user.clone(),
            groups,
        }
    }
}

/// Selection and paging of one list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// `labelSelector`, e.g. `app=payment-service`.
    pub label_selector: Option<String>,
    /// `fieldSelector`, e.g. `type=Warning`.
    pub field_selector: Option<String>,
    /// Page size (`limit`).
    pub limit: u32,
    /// `continue` token of the previous page.
    pub continue_token: Option<String>,
    /// Read the whole list from the API server's watch cache (`resourceVersion=0`, no `limit`):
    /// cheaper for the API server and possibly a little stale. Only for kinds whose lists are
    /// small (a namespace's Services and NetworkPolicies).
    pub from_cache: bool,
}

/// Page size (`limit`) of list requests. A triage reads every page of a list and folds each
/// page into what it keeps as it arrives, so this bounds the objects held at once while a list
/// is read (500 pods are ~2.5 MB of JSON), not how many are counted; 10,000 pods are 20 pages.
pub const PAGE_SIZE: u32 = 500;

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            label_selector: None,
            field_selector: None,
            limit: PAGE_SIZE,
            continue_token: None,
            from_cache: false,
        }
    }
}

impl ListQuery {
    /// A first page selected by labels.
    pub fn labels(selector: impl Into<String>) -> Self {
        ListQuery {
            label_selector: Some(selector.into()),
            ..ListQuery::default()
        }
    }

    /// A first page selected by fields.
    pub fn fields(selector: impl Into<String>) -> Self {
        ListQuery {
            field_selector: Some(selector.into()),
            ..ListQuery::default()
        }
    }

    /// A whole list from the watch cache (see `from_cache`).
    pub fn from_cache() -> Self {
        ListQuery {
            from_cache: true,
            ..ListQuery::default()
        }
    }

    fn params(&self) -> ListParams {
        let params = ListParams {
            label_selector: self.label_selector.clone(),
            field_selector: self.field_selector.clone(),
            limit: (!self.from_cache).then_some(self.limit),
            continue_token: self.continue_token.clone(),
            ..ListParams::default()
        };
        if self.from_cache {
            params.match_any()
        } else {
            params
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<K> {
    pub items: Vec<K>,
    /// The list's `resourceVersion`: where a watch of the same objects starts.
    pub resource_version: Option<String>,
    /// Set when more items follow: pass it as `ListQuery::continue_token`.
    pub continue_token: Option<String>,
}

impl<K: Clone> From<ObjectList<K>> for Page<K> {
    fn from(list: ObjectList<K>) -> Self {
        Page {
            items: list.items,
            resource_version: list.metadata.resource_version.filter(|v| !v.is_empty()),
            continue_token: list.metadata.continue_.filter(|t| !t.is_empty()),
        }
    }
}

/// The metrics.k8s.io resources (no typed support in k8s-openapi).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsKind {
    Pods,
    Nodes,
}

impl MetricsKind {
    fn api_resource(self) -> ApiResource {
        let (kind, plural) = match self {
            MetricsKind::Pods => ("PodMetrics", "pods"),
            MetricsKind::Nodes => ("NodeMetrics", "nodes"),
        };
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("metrics.k8s.io", "v1beta1", kind),
            plural,
        )
    }
}

/// What log to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogQuery {
    pub container: Option<String>,
    /// The previous (crashed) container instance.
    pub previous: bool,
    pub tail_lines: u32,
    /// Byte cap, asked of the API server and enforced on the answer.
    pub limit_bytes: u32,
}

/// The only handle to a cluster: GET requests (list, get, watch, logs), at most
/// `max_concurrency` at a time, each timed out. Cheap to clone (the clones share the limit).
///
/// Timeouts: every request, body included, ends after `request_timeout_secs`, counted from when
/// it is sent: waiting behind other requests of this handle is not the API server's time. A
/// handle made by `for_triage` also ends every request (and every wait) at the triage's
/// deadline (`triage_deadline_secs` after it was made) and records each request's outcome for
/// the verdict (`coverage`).
#[derive(Clone)]
pub struct ReadOnly {
    client: kube::Client,
    cluster: String,
    server: String,
    timeout: Duration,
    /// One permit per request in flight (`max_concurrency`).
    slots: Arc<Semaphore>,
    triage_deadline: Duration,
    /// Set on a handle made by `for_triage`.
    deadline: Option<Instant>,
    recorder: Option<Recorder>,
    /// `--kubeconfig`, `--context`, `--server`, `--as` and `--as-group` flags that make kubectl
    /// read what this handle reads.
    kubectl_flags: String,
}

impl Debug for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOnly")
            .field("cluster", &self.cluster)
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl ReadOnly {
    /// Builds a handle for `spec`, impersonating `identity` when it names anyone.
    pub async fn connect(spec: &ClusterSpec, identity: &Identity) -> Result<Self, ClusterError> {
        Self::connect_with(spec, identity, None).await
    }

    /// `connect`, counting every request in `metrics` when given.
    async fn connect_with(
        spec: &ClusterSpec,
        identity: &Identity,
        metrics: Option<&ApiMetrics>,
    ) -> Result<Self, ClusterError> {
        spec.validate()?;
        identity.validate()?;
        let (mut config, context) = load_config(spec).await?;
        let timeout = spec.request_timeout();
        config.connect_timeout = Some(config.connect_timeout.map_or(timeout, |t| t.min(timeout)));
        config.read_timeout = Some(timeout);
        // One-shot reads bounded by the timeout: a 429/503 becomes a "not checked" line rather
        // than minutes of retries, and the number of requests sent stays the number asked for.
        config.default_retry = false;
        if let Some(user) = &identity.user {
            config.auth_info.impersonate = Some(user.clone());
        }
        if !identity.groups.is_empty() {
            config.auth_info.impersonate_groups = Some(identity.groups.clone());
        }
        let server = config.cluster_url.to_string();
        // kube runs a credential plugin (`exec`, an auth provider's command) while it builds
        // the client, and waits for it: that runs on a blocking thread, so other commands and
        // the gateway's heartbeat keep the runtime's threads meanwhile.
        let client = if config.auth_info.exec.is_some() || config.auth_info.auth_provider.is_some()
        {
            let (name, metrics) = (spec.name.clone(), metrics.cloned());
            tokio::task::spawn_blocking(move || {
                build_client(config, &name, timeout, metrics.as_ref())
            })
            .await
            .map_err(|e| {
                ClusterError::Config(format!(
                    "cluster {:?}: building the client stopped: {e}",
                    spec.name
                ))
            })??
        } else {
            build_client(config, &spec.name, timeout, metrics)?
        };
        Ok(ReadOnly {
            client,
            cluster: spec.name.clone(),
            server,
            timeout,
            slots: Arc::new(Semaphore::new(spec.max_concurrency)),
            triage_deadline: Duration::from_secs(spec.triage_deadline_secs),
            deadline: None,
            recorder: None,
            kubectl_flags: kubectl_flags(spec, context.as_deref(), identity),
        })
    }

    /// A handle for one triage: its requests end at the deadline (`triage_deadline_secs` from
    /// now) and their outcomes are recorded (`coverage`).
    pub fn for_triage(&self) -> ReadOnly {
        ReadOnly {
            deadline: Some(Instant::now() + self.triage_deadline),
            recorder: Some(Recorder::default()),
            ..self.clone()
        }
    }

    /// What the requests of a `for_triage` handle got (empty for other handles).
    pub fn coverage(&self) -> Coverage {
        self.recorder
            .as_ref()
            .map(Recorder::coverage)
            .unwrap_or_default()
    }

    /// How long the next request may take: the request timeout, cut at the deadline. `true`
    /// when the deadline is what limits it.
    fn limit(&self) -> (Duration, bool) {
        match self.deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left < self.timeout {
                    (left, true)
                } else {
                    (self.timeout, false)
                }
            }
            None => (self.timeout, false),
        }
    }

    fn elapsed_error(&self, by_deadline: bool) -> ClusterError {
        if by_deadline {
            ClusterError::DeadlineReached {
                secs: self.triage_deadline.as_secs(),
            }
        } else {
            ClusterError::Timeout {
                server: self.server.clone(),
                secs: self.timeout.as_secs(),
            }
        }
    }

    /// Runs one request within `limit`, maps its error and records its outcome.
    async fn run<T, F>(
        &self,
        attempt: &Attempt,
        namespace: Option<&str>,
        name: Option<&str>,
        request: F,
    ) -> Result<T, ClusterError>
    where
        T: Found,
        F: Future<Output = Result<T, kube::Error>>,
    {
        // Boxed: kube's request futures are large, and a triage awaits many of them at once
        // inside one task (debug builds overflowed a test thread's stack without it).
        let request = Box::pin(request);
        let result = match self.slot().await {
            Ok(_sent) => self.within_limit(attempt, request).await,
            Err(e) => Err(e),
        };
        self.record(attempt, namespace, name, outcome(&result));
        result
    }

    /// A place among the requests in flight, waited for no longer than the triage's deadline.
    /// The request timeout starts once it is had.
    async fn slot(&self) -> Result<Option<SemaphorePermit<'_>>, ClusterError> {
        match self.deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, self.place())
                .await
                .map_err(|_| self.elapsed_error(true)),
            None => Ok(self.place().await),
        }
    }

    /// A place among the `max_concurrency` requests in flight; `None` only were the semaphore
    /// closed, which nothing does.
    pub(super) async fn place(&self) -> Option<SemaphorePermit<'_>> {
        self.slots.acquire().await.ok()
    }

    /// Runs `request` within the request timeout, cut at the deadline.
    async fn within_limit<T>(
        &self,
        attempt: &Attempt,
        request: Pin<Box<impl Future<Output = Result<T, kube::Error>>>>,
    ) -> Result<T, ClusterError> {
        let (limit, by_deadline) = self.limit();
        // Past the deadline nothing more is sent.
        if limit.is_zero() {
            Err(self.elapsed_error(by_deadline))
        } else {
            match tokio::time::timeout(limit, request).await {
                Ok(answer) => answer.map_err(|e| self.error(e, attempt)),
                Err(_) => Err(self.elapsed_error(by_deadline)),
            }
        }
    }

    fn record(
        &self,
        attempt: &Attempt,
        namespace: Option<&str>,
        name: Option<&str>,
        outcome: Outcome,
    ) {
        if let Some(recorder) = &self.recorder {
            recorder.record(Read {
                verb: attempt.verb,
                resource: attempt.resource.clone(),
                namespace: namespace.map(str::to_string),
                name: name.map(str::to_string),
                outcome,
            });
        }
    }

    /// The configured name of the cluster.
    pub fn cluster(&self) -> &str {
        &self.cluster
    }

    /// A kubectl command line reading what this handle reads: `kubectl ARGS [--context ..] [--as ..]`.
    pub fn kubectl(&self, args: &str) -> String {
        format!("kubectl {args}{}", self.kubectl_flags)
    }

    /// One page of a namespaced resource in `namespace`, or in all namespaces when `None`.
    pub async fn list<K>(
        &self,
        namespace: Option<&str>,
        query: &ListQuery,
    ) -> Result<Page<K>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        self.list_as::<K, K>(namespace, query).await
    }

    /// One page of a namespaced resource decoded as `T`: a shape holding only the fields its
    /// reader needs, so that serde skips the rest (a pod's spec, say) without allocating it.
    /// For folds that count objects and keep none of them.
    pub async fn list_as<K, T>(
        &self,
        namespace: Option<&str>,
        query: &ListQuery,
    ) -> Result<Page<T>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        T: Clone + DeserializeOwned + Debug,
    {
        if let Some(ns) = namespace {
            names::validate_namespace(ns)?;
        }
        let attempt = Attempt::new("list", &K::plural(&()), &K::group(&()), namespace);
        self.list_page(&attempt, K::url_path(&(), namespace), namespace, query)
            .await
    }

    /// One page of the list at `path` (a resource's URL path), decoded as `T`.
    async fn list_page<T>(
        &self,
        attempt: &Attempt,
        path: String,
        namespace: Option<&str>,
        query: &ListQuery,
    ) -> Result<Page<T>, ClusterError>
    where
        T: Clone + DeserializeOwned + Debug,
    {
        let request = kube::core::Request::new(path)
            .list(&query.params())
            .map_err(|e| self.error(kube::Error::BuildRequest(e), attempt))?;
        self.run(
            attempt,
            namespace,
            None,
            request_json::<ObjectList<T>>(&self.client, request),
        )
        .await
        .map(Page::from)
    }

    /// One page of the metadata only (labels, owners) of a namespaced resource.
    pub async fn list_metadata<K>(
        &self,
        namespace: Option<&str>,
        query: &ListQuery,
    ) -> Result<Page<PartialObjectMeta<K>>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let api: Api<K> = self.namespaced_api(namespace)?;
        let attempt = Attempt::new("list", &K::plural(&()), &K::group(&()), namespace);
        self.run(
            &attempt,
            namespace,
            None,
            api.list_metadata(&query.params()),
        )
        .await
        .map(Page::from)
    }

    /// One page of a cluster-scoped resource (nodes, PersistentVolumes).
    pub async fn list_cluster<K>(&self, query: &ListQuery) -> Result<Page<K>, ClusterError>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let attempt = Attempt::scoped("list", &K::plural(&()), &K::group(&()), Scope::Cluster);
        self.list_page(&attempt, K::url_path(&(), None), None, query)
            .await
    }

    /// One namespaced object; `None` when it does not exist.
    pub async fn get<K>(&self, namespace: &str, name: &str) -> Result<Option<K>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        names::validate_object_name("object name", name)?;
        let api: Api<K> = self.namespaced_api(Some(namespace))?;
        let attempt = Attempt::new("get", &K::plural(&()), &K::group(&()), Some(namespace));
        self.run(&attempt, Some(namespace), Some(name), api.get_opt(name))
            .await
    }

    /// One round of a watch of a namespaced resource from `version` (`GET ?watch=true`): the
    /// events the API server sent until it closed the stream, which it does after
    /// `timeoutSeconds` (set under the request timeout). The redaction layer reads the stream
    /// whole and masks it before kube decodes an event, as it does every JSON answer. An
    /// expired `version` (410 Gone) arrives as an `Error` event: re-list then.
    pub async fn watch<K>(
        &self,
        namespace: &str,
        label_selector: &str,
        version: &str,
    ) -> Result<Vec<WatchEvent<K>>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let api: Api<K> = self.namespaced_api(Some(namespace))?;
        let attempt = Attempt::new("watch", &K::plural(&()), &K::group(&()), Some(namespace));
        let secs = u32::try_from(self.timeout.as_secs().saturating_sub(2).max(1)).unwrap_or(1);
        let params = WatchParams::default().labels(label_selector).timeout(secs);
        self.run(&attempt, Some(namespace), None, async {
            api.watch(&params, version).await?.try_collect().await
        })
        .await
    }

    /// One cluster-scoped object; `None` when it does not exist.
    pub async fn get_cluster<K>(&self, name: &str) -> Result<Option<K>, ClusterError>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        names::validate_object_name("object name", name)?;
        let api: Api<K> = Api::all(self.client.clone());
        let attempt = Attempt::scoped("get", &K::plural(&()), &K::group(&()), Scope::Cluster);
        self.run(&attempt, None, Some(name), api.get_opt(name))
            .await
    }

    /// Whether the API server can be reached with these credentials: one small read (a node,
    /// `limit=1`); any answer from the API server, even a refusal, shows that it can.
    pub async fn reachable(&self) -> Result<(), ClusterError> {
        let probe = ListQuery {
            limit: 1,
            ..ListQuery::default()
        };
        match self
            .list_cluster::<k8s_openapi::api::core::v1::Node>(&probe)
            .await
        {
            Err(e) if e.is_cluster_wide() => Err(e),
            _ => Ok(()),
        }
    }

    /// One page of metrics.k8s.io usage. Pod metrics are namespaced (`None`: all namespaces);
    /// node metrics ignore `namespace`. A 404 means metrics-server is not installed.
    pub async fn list_metrics(
        &self,
        kind: MetricsKind,
        namespace: Option<&str>,
        query: &ListQuery,
    ) -> Result<Page<DynamicObject>, ClusterError> {
        let resource = kind.api_resource();
        let (api, scope) = match (kind, namespace) {
            (MetricsKind::Pods, Some(ns)) => {
                names::validate_namespace(ns)?;
                (
                    Api::<DynamicObject>::namespaced_with(self.client.clone(), ns, &resource),
                    Scope::Namespace(ns),
                )
            }
            (MetricsKind::Pods, None) => (
                Api::all_with(self.client.clone(), &resource),
                Scope::AllNamespaces,
            ),
            (MetricsKind::Nodes, _) => (
                Api::all_with(self.client.clone(), &resource),
                Scope::Cluster,
            ),
        };
        let attempt = Attempt::scoped("list", &resource.plural, &resource.group, scope);
        let ns = namespace.filter(|_| kind == MetricsKind::Pods);
        self.run(&attempt, ns, None, api.list(&query.params()))
            .await
            .map(Page::from)
    }

    /// A container log, capped at `query.limit_bytes` and decoded lossily (a byte cap can cut a
    /// UTF-8 character in two).
    pub async fn logs(
        &self,
        namespace: &str,
        pod: &str,
        query: &LogQuery,
    ) -> Result<String, ClusterError> {
        names::validate_object_name("pod name", pod)?;
        if let Some(container) = &query.container {
            names::validate_container_name(container)?;
        }
        let api: Api<k8s_openapi::api::core::v1::Pod> = self.namespaced_api(Some(namespace))?;
        let attempt = Attempt::new("get", "pods/log", "", Some(namespace));
        let params = LogParams {
            container: query.container.clone(),
            previous: query.previous,
            tail_lines: Some(i64::from(query.tail_lines)),
            limit_bytes: Some(i64::from(query.limit_bytes)),
            ..LogParams::default()
        };
        let result = match self.slot().await {
            Ok(_sent) => {
                self.stream_within_limit(&api, pod, &params, query, &attempt)
                    .await
            }
            Err(e) => Err(e),
        };
        self.record(&attempt, Some(namespace), Some(pod), outcome(&result));
        result
    }

    /// Streams one log within the request timeout, cut at the deadline.
    async fn stream_within_limit(
        &self,
        api: &Api<k8s_openapi::api::core::v1::Pod>,
        pod: &str,
        params: &LogParams,
        query: &LogQuery,
        attempt: &Attempt,
    ) -> Result<String, ClusterError> {
        let (limit, by_deadline) = self.limit();
        let started = Instant::now();
        let stream = if limit.is_zero() {
            // Past the deadline nothing more is sent.
            None
        } else {
            tokio::time::timeout(limit, Box::pin(api.log_stream(pod, params)))
                .await
                .ok()
        };
        match stream {
            None => Err(self.elapsed_error(by_deadline)),
            Some(Err(e)) => Err(self.error(e, attempt)),
            Some(Ok(stream)) => {
                // The stream has begun: what is left of the limit bounds reading it. A stream
                // that trickles is this log's problem, not the API server's.
                let left = limit.saturating_sub(started.elapsed());
                let mut bytes = Vec::new();
                let mut capped = stream.take(u64::from(query.limit_bytes));
                match tokio::time::timeout(left, capped.read_to_end(&mut bytes)).await {
                    // Logs stream past the redaction layer (see `redact`): redacted here.
                    Ok(Ok(_)) => {
                        Ok(crate::evidence::redact(&String::from_utf8_lossy(&bytes)).into_owned())
                    }
                    Ok(Err(e)) => Err(self.error(kube::Error::ReadEvents(e), attempt)),
                    Err(_) if by_deadline => Err(self.elapsed_error(true)),
                    Err(_) => Err(ClusterError::StreamStalled {
                        secs: self.timeout.as_secs(),
                    }),
                }
            }
        }
    }

    /// The kube client, for `access_review` only: its SelfSubjectAccessReview creates are the
    /// one kind of non-GET request warroom sends.
    pub(super) fn client_for_access_review(&self) -> kube::Client {
        self.client.clone()
    }

    pub(super) fn error(&self, err: kube::Error, attempt: &Attempt) -> ClusterError {
        from_kube(err, attempt, &self.server, self.timeout)
    }

    fn namespaced_api<K>(&self, namespace: Option<&str>) -> Result<Api<K>, ClusterError>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
    {
        match namespace {
            Some(ns) => {
                names::validate_namespace(ns)?;
                Ok(Api::namespaced(self.client.clone(), ns))
            }
            None => Ok(Api::all(self.client.clone())),
        }
    }
}

/// kube's client for `config`, over a connector with TCP_NODELAY set: kube's own
/// (`ClientBuilder::try_from`) leaves Nagle's algorithm on, so a request whose head and body
/// go out in two writes can wait ~40 ms for a delayed ACK (kube-rs issue #2056). The stack is
/// kube's minus tracing and retries (off here anyway): base URI, auth, impersonation headers,
/// rustls, the connect/read/write timeouts of `config`; then warroom's redaction, its one retry
/// of a broken or throttled GET (`retry`), per-request timeout and request metrics (the
/// concurrency limit is `ReadOnly`'s own, outside every timeout). A proxy URL keeps kube's own stack, which knows proxies; it cannot be cloned, so
/// reads through a proxy get no retry.
fn build_client(
    config: Config,
    cluster: &str,
    timeout: Duration,
    metrics: Option<&ApiMetrics>,
) -> Result<kube::Client, ClusterError> {
    let cannot = |e: kube::Error| {
        ClusterError::Config(format!("cluster {cluster:?}: cannot build a client: {e}"))
    };
    let per_request = TimeoutLayer::new(timeout);
    let counted = ApiMetricsLayer::new(metrics.cloned());
    if config.proxy_url.is_some() {
        return Ok(ClientBuilder::try_from(config)
            .map_err(cannot)?
            .with_layer(&RedactLayer)
            .with_layer(&per_request)
            .with_layer(&counted)
            .build());
    }
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    // kube's stack over `connector`, then warroom's layers. A macro rather than a function:
    // the plain and the TLS connector are different types, and naming the bounds hyper puts on
    // a connector would need hyper itself as a dependency.
    macro_rules! client_over {
        ($connector:expr) => {{
            let mut connector = TimeoutConnector::new($connector);
            connector.set_connect_timeout(config.connect_timeout);
            connector.set_read_timeout(config.read_timeout);
            connector.set_write_timeout(config.write_timeout);
            connector.set_reset_reader_on_write(config.reset_reader_on_write);
            let hyper = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
                .build::<_, kube::client::Body>(connector);
            let service = ServiceBuilder::new()
                .layer(config.base_uri_layer())
                .option_layer(config.auth_layer().map_err(cannot)?)
                .layer(config.extra_headers_layer().map_err(cannot)?)
                .map_err(BoxError::from)
                .service(hyper);
            ClientBuilder::new(service, config.default_namespace.clone())
                .with_layer(&RedactLayer)
                .with_layer(&RetryLayer::new(RetryOnce::within(timeout)))
                .with_layer(&per_request)
                .with_layer(&counted)
                .build()
        }};
    }
    // A plain-http server (the demo, a loopback proxy) needs no TLS: building rustls's client
    // config loads and parses every root certificate of the system when the kubeconfig names
    // no CA, which is most of a short command's start-up.
    if config.cluster_url.scheme_str() == Some("http") {
        return Ok(client_over!(http));
    }
    let https = config
        .rustls_https_connector_with_connector(http)
        .map_err(cannot)?;
    Ok(client_over!(https))
}

/// Whether an answer holds what was asked for (`false`: a get found no such object).
trait Found {
    fn found(&self) -> bool;
}

impl<K: Clone> Found for ObjectList<K> {
    fn found(&self) -> bool {
        true
    }
}

impl<K> Found for Option<K> {
    fn found(&self) -> bool {
        self.is_some()
    }
}

impl<K> Found for Vec<WatchEvent<K>> {
    fn found(&self) -> bool {
        true
    }
}

impl Found for String {
    fn found(&self) -> bool {
        true
    }
}

fn outcome<T: Found>(result: &Result<T, ClusterError>) -> Outcome {
    match result {
        Ok(answer) if answer.found() => Outcome::Answered,
        Ok(_) => Outcome::Missing,
        Err(e) => Outcome::Failed(Failure::of(e)),
    }
}

/// Sends a read built by kube and decodes its JSON answer as `T` from the body's bytes, where
/// kube's `Client::request` first copies the body into a `String`: for a page of 500 pods,
/// 1.3 MB copied and held twice. Errors are kube's own: an error answer is `Error::Api` with
/// the `Status` it carries (or one made of its text, as kube makes it, when it is not JSON),
/// and a body that is not a `T` is `Error::SerdeError`.
async fn request_json<T: DeserializeOwned>(
    client: &kube::Client,
    request: http::Request<Vec<u8>>,
) -> Result<T, kube::Error> {
    let response = client.send(request.map(kube::client::Body::from)).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    if status.is_client_error() || status.is_server_error() {
        let error = serde_json::from_slice::<Status>(&body).unwrap_or_else(|_| {
            let text = String::from_utf8_lossy(&body);
            Status::failure(text.trim(), "Failed to parse error data").with_code(status.as_u16())
        });
        return Err(kube::Error::Api(error.boxed()));
    }
    // One check of the whole body as UTF-8 costs a seventh of serde checking each string it
    // keeps. A body that fails it is read as bytes: serde then names the string that is not
    // UTF-8, or skips it when the reader keeps none of it.
    match std::str::from_utf8(&body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(&body),
    }
    .map_err(kube::Error::SerdeError)
}

/// The kube `Config` for a spec: server override, kubeconfig file, named context, or inferred
/// (default kubeconfig, then in-cluster ServiceAccount); with the kubeconfig context it uses,
/// when known.
async fn load_config(spec: &ClusterSpec) -> Result<(Config, Option<String>), ClusterError> {
    let name = &spec.name;
    let options = KubeConfigOptions {
        context: spec.context.clone(),
        ..KubeConfigOptions::default()
    };
    let mut context = spec.context.clone();
    let mut config = match (&spec.kubeconfig, &spec.server, &spec.context) {
        (Some(path), _, _) => {
            let kubeconfig = Kubeconfig::read_from(path).map_err(|e| {
                ClusterError::Config(format!(
                    "cluster {name:?}: cannot read kubeconfig {}: {e}",
                    path.display()
                ))
            })?;
            context = spec.context.clone().or(kubeconfig.current_context.clone());
            Config::from_custom_kubeconfig(kubeconfig, &options)
                .await
                .map_err(|e| {
                    ClusterError::Config(format!(
                        "cluster {name:?}: kubeconfig {} (context {:?}): {e}",
                        path.display(),
                        spec.context.as_deref().unwrap_or("current")
                    ))
                })?
        }
        (None, Some(server), _) => server_config(name, server)?,
        (None, None, Some(context)) => Config::from_kubeconfig(&options).await.map_err(|e| {
            ClusterError::Config(format!(
                "cluster {name:?}: default kubeconfig, context {context:?}: {e}"
            ))
        })?,
        (None, None, None) => Config::infer().await.map_err(|e| {
            ClusterError::Config(format!(
                "cluster {name:?}: no kubeconfig, server or context configured, and neither \
                 the default kubeconfig nor an in-cluster ServiceAccount works: {e}"
            ))
        })?,
    };
    if let (Some(_), Some(server)) = (&spec.kubeconfig, &spec.server) {
        config.cluster_url = server_config(name, server)?.cluster_url;
    }
    Ok((config, context))
}

/// A credential-less `Config` for a server URL (`http://127.0.0.1:8080`).
fn server_config(cluster: &str, server: &str) -> Result<Config, ClusterError> {
    let bad = |why: String| {
        ClusterError::Config(format!(
            "cluster {cluster:?}: server {server:?} is not a URL like http://127.0.0.1:8080 ({why})"
        ))
    };
    let config = server
        .parse()
        .map(Config::new)
        .map_err(|e| bad(e.to_string()))?;
    if config.cluster_url.scheme().is_none() || config.cluster_url.host().is_none() {
        return Err(bad("a scheme and a host are needed".into()));
    }
    Ok(config)
}

/// The flags that make kubectl read what a handle reads: the kubeconfig context (never the
/// bot's kubeconfig file: the person reproducing has their own), the server of a
/// credential-less cluster (the demo), and the impersonated identity.
fn kubectl_flags(spec: &ClusterSpec, context: Option<&str>, identity: &Identity) -> String {
    let mut flags = String::new();
    if let Some(context) = context {
        flags.push_str(&format!(" --context {}", shell_word(context)));
    }
    if let (Some(server), None) = (&spec.server, &spec.kubeconfig) {
        flags.push_str(&format!(" --server {}", shell_word(server)));
    }
    if let Some(user) = &identity.user {
        flags.push_str(&format!(" --as {}", shell_word(user)));
    }
    for group in &identity.groups {
        flags.push_str(&format!(" --as-group {}", shell_word(group)));
    }
    flags
}

/// `word` as one shell word: as is when it is plain, else single-quoted.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/@=,+-".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The configured clusters, with one cached `ReadOnly` per (cluster, identity).
pub struct Clusters {
    specs: Vec<ClusterSpec>,
    handles: Mutex<HashMap<(String, Identity), ReadOnly>>,
    metrics: ApiMetrics,
}

impl Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusters")
            .field("names", &self.names())
            .finish_non_exhaustive()
    }
}

impl Clusters {
    /// Checks the specs (at least one, unique names, sane limits and URLs); connects lazily.
    pub fn new(specs: Vec<ClusterSpec>) -> Result<Self, ClusterError> {
        if specs.is_empty() {
            return Err(ClusterError::Config(
                "no cluster configured: add a [[clusters]] entry with a name (and a kubeconfig, \
                 context or server)"
                    .into(),
            ));
        }
        for (i, spec) in specs.iter().enumerate() {
            spec.validate()?;
            if specs[..i].iter().any(|s| s.name == spec.name) {
                return Err(ClusterError::Config(format!(
                    "cluster name {:?} is configured twice: names must be unique",
                    spec.name
                )));
            }
        }
        let metrics = ApiMetrics::new()
            .map_err(|e| ClusterError::Config(format!("cannot set up request metrics: {e}")))?;
        Ok(Clusters {
            specs,
            handles: Mutex::new(HashMap::new()),
            metrics,
        })
    }

    /// The cluster names, in configuration order (the first is the default).
    pub fn names(&self) -> Vec<&str> {
        self.specs.iter().map(|s| s.name.as_str()).collect()
    }

    /// The request and triage metrics of every cluster's handles.
    pub fn metrics(&self) -> &ApiMetrics {
        &self.metrics
    }

    /// The default cluster: the first configured.
    pub fn default_name(&self) -> &str {
        self.specs.first().map_or("", |s| s.name.as_str())
    }

    /// The handle for cluster `name` (the default when `None`) as `identity`, built once and
    /// cached.
    pub async fn get(
        &self,
        name: Option<&str>,
        identity: &Identity,
    ) -> Result<ReadOnly, ClusterError> {
        let name = name.unwrap_or(self.default_name());
        let spec = self.specs.iter().find(|s| s.name == name).ok_or_else(|| {
            ClusterError::UnknownCluster {
                name: name.to_string(),
                known: self.names().join(", "),
            }
        })?;
        let key = (spec.name.clone(), identity.normalized());
        if let Some(handle) = self.lock().get(&key) {
            return Ok(handle.clone());
        }
        let handle = ReadOnly::connect_with(spec, &key.1, Some(&self.metrics)).await?;
        Ok(self.lock().entry(key).or_insert(handle).clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, Identity), ReadOnly>> {
        self.handles.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_from_toml_with_defaults_and_unknown_fields_refused() {
        #[derive(Deserialize)]
        struct File {
            clusters: Vec<ClusterSpec>,
        }
        let file: File = toml::from_str(
            "[[clusters]]\nname = \"prod\"\ncontext = \"prod-admin\"\n\
             [[clusters]]\nname = \"demo\"\nserver = \"http://127.0.0.1:8080\"\nmax_concurrency = 2\n",
        )
        .unwrap();
        assert_eq!(file.clusters[0].request_timeout_secs, 10);
        assert_eq!(file.clusters[0].max_concurrency, 8);
        assert_eq!(file.clusters[1].max_concurrency, 2);
        assert_eq!(
            file.clusters[1].server.as_deref(),
            Some("http://127.0.0.1:8080")
        );
        let err = toml::from_str::<File>("[[clusters]]\nname = \"x\"\nsevrer = \"http://a\"\n")
            .err()
            .unwrap();
        assert!(err.to_string().contains("sevrer"), "{err}");
    }

    #[test]
    fn clusters_refuse_bad_configuration() {
        let err = Clusters::new(vec![]).unwrap_err();
        assert!(err.to_string().contains("[[clusters]]"));
        let spec = ClusterSpec::with_server("a", "http://127.0.0.1:1");
        let err = Clusters::new(vec![spec.clone(), spec.clone()]).unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
        let bad = ClusterSpec::with_server("b", "not a url");
        assert!(Clusters::new(vec![bad]).is_err());
        let zero = ClusterSpec {
            max_concurrency: 0,
            ..spec
        };
        assert!(
            Clusters::new(vec![zero])
                .unwrap_err()
                .to_string()
                .contains("max_concurrency")
        );
    }

    #[tokio::test]
    async fn clusters_cache_one_handle_per_identity_and_name_the_default() {
        let clusters = Clusters::new(vec![
            ClusterSpec::with_server("first", "http://127.0.0.1:1"),
            ClusterSpec::with_server("second", "http://127.0.0.1:2"),
        ])
        .unwrap();
        assert_eq!(clusters.names(), ["first", "second"]);
        assert_eq!(
            clusters
                .get(None, &Identity::default())
                .await
                .unwrap()
                .cluster(),
            "first"
        );
        let jane = Identity {
            user: Some("jane".into()),
            groups: vec!["b".into(), "a".into()],
        };
        let jane_again = Identity {
            user: Some("jane".into()),
            groups: vec!["a".into(), "b".into(), "a".into()],
        };
        clusters.get(Some("second"), &jane).await.unwrap();
        clusters.get(Some("second"), &jane_again).await.unwrap();
        assert_eq!(clusters.lock().len(), 2);
        let err = clusters.get(Some("third"), &jane).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown cluster \"third\": the configured clusters are first, second"
        );
    }

    #[tokio::test]
    async fn groups_without_a_user_are_refused() {
        let spec = ClusterSpec::with_server("a", "http://127.0.0.1:1");
        let identity = Identity {
            user: None,
            groups: vec!["oncall".into()],
        };
        let err = ReadOnly::connect(&spec, &identity).await.unwrap_err();
        assert!(err.to_string().contains("needs a user"), "{err}");
    }

    #[tokio::test]
    async fn kubectl_commands_name_the_context_never_the_kubeconfig_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bot-kubeconfig");
        std::fs::write(
            &path,
            "apiVersion: v1\nkind: Config\ncurrent-context: prod-admin\nclusters:\n- name: p\n  \
             cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: prod-admin\n  context:\n    \
             cluster: p\n    user: u\nusers:\n- name: u\n  user: {}\n",
        )
        .unwrap();
        let ro = ReadOnly::connect(&prod_from(path), &Identity::default())
            .await
            .unwrap();
        assert_eq!(
            ro.kubectl("get pods -n production"),
            "kubectl get pods -n production --context prod-admin"
        );
    }

    /// Cluster "prod", read through the kubeconfig at `path`.
    fn prod_from(path: PathBuf) -> ClusterSpec {
        ClusterSpec {
            kubeconfig: Some(path),
            server: None,
            ..ClusterSpec::with_server("prod", "")
        }
    }

    /// A kubeconfig whose user's token comes from `plugin`, an exec credential plugin.
    fn exec_kubeconfig(dir: &std::path::Path, plugin: &str) -> PathBuf {
        let script = dir.join("credential-plugin");
        std::fs::write(&script, plugin).unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let path = dir.join("kubeconfig");
        std::fs::write(
            &path,
            format!(
                "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: p\n  \
                 cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    \
                 cluster: p\n    user: u\nusers:\n- name: u\n  user:\n    exec:\n      \
                 apiVersion: client.authentication.k8s.io/v1beta1\n      command: {}\n      \
                 interactiveMode: Never\n",
                script.display()
            ),
        )
        .unwrap();
        path
    }

    #[tokio::test]
    async fn a_credential_plugin_runs_without_holding_the_runtime_thread() {
        let dir = tempfile::tempdir().unwrap();
        let spec = prod_from(exec_kubeconfig(
            dir.path(),
            "#!/bin/sh\nsleep 0.5\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\
             \"kind\":\"ExecCredential\",\"status\":{\"token\":\"t0ken\"}}'\n",
        ));
        // This test's runtime has one thread: the ticks count only while connecting leaves it.
        let ticks = std::cell::Cell::new(0);
        let ticking = async {
            let mut every = tokio::time::interval(Duration::from_millis(20));
            loop {
                every.tick().await;
                ticks.set(ticks.get() + 1);
            }
        };
        let identity = Identity::default();
        let connected = tokio::select! {
            connected = ReadOnly::connect(&spec, &identity) => connected,
            _ = ticking => unreachable!("the ticks never end"),
        };
        connected.unwrap();
        assert!(
            ticks.get() >= 10,
            "{} ticks during a 0.5 s plugin",
            ticks.get()
        );
    }

    #[tokio::test]
    async fn a_failing_credential_plugin_is_a_configuration_error() {
        let dir = tempfile::tempdir().unwrap();
        let spec = prod_from(exec_kubeconfig(
            dir.path(),
            "#!/bin/sh\necho denied >&2\nexit 1\n",
        ));
        let err = ReadOnly::connect(&spec, &Identity::default())
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("cluster \"prod\": cannot build a client"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn kubectl_commands_carry_context_and_impersonation() {
        let spec = ClusterSpec::with_server("a", "http://127.0.0.1:1");
        let identity = Identity {
            user: Some("jane".into()),
            groups: vec!["oncall".into()],
        };
        let ro = ReadOnly::connect(&spec, &identity).await.unwrap();
        assert_eq!(
            ro.kubectl("get pods -n production"),
            "kubectl get pods -n production --server http://127.0.0.1:1 --as jane --as-group oncall"
        );
        assert_eq!(shell_word("discord:jane doe"), "'discord:jane doe'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
