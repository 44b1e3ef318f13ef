//! A small recording fake kube-apiserver: answers GET requests from a `Scenario`, records every
//! request, and marks anything that is not a read.
//!
//! A `Scenario` holds two things:
//! - explicit routes (method + path or path prefix + optional query conditions -> a fixed
//!   `ApiReply`); a route added later overrides an earlier one that also matches;
//! - collections: the objects of one resource type, served the way a real API server serves them:
//!   lists per namespace and across namespaces, single objects by name (`NotFound` Status for
//!   unknown names), `labelSelector` / `fieldSelector` filtering and `limit` / `continue` paging.
//!
//! A third kind, watch streams: a `GET ...?watch=true` on a path given rounds (`watch_rounds`)
//! is answered by the next round, a chunked stream of JSON lines
//! (`{"type":"MODIFIED","object":{...}}`, one chunk each) that ends when the round does, as a
//! real server ends a watch at its `timeoutSeconds`; `WatchRound::gone` is the 410 Gone a
//! server sends for an expired version. Without rounds left a watch is an empty stream.
//!
//! Explicit routes are checked first, then collections. Anything else answers the API server's
//! 404 `Status`; a method other than GET without a route answers 405. What a real server adds
//! for kubectl is served when kubectl asks for it in `Accept` (see `server_side`): aggregated
//! discovery on `/api` and `/apis`, and collections printed as `Table`s.
//!
//! Suite-wide request log: when `WARROOM_TEST_API_REQUEST_LOG` names a file, every fake API
//! server of every process (test binaries, and the `warroom` binary they spawn) appends one
//! JSON line per request to it: `{"exe","method","path","write","probe"}`. `.ci/run` sets it for
//! the whole `cargo test` and then runs `tests/get_only.rs`, which asserts that the suite sent
//! nothing but GETs and the self-subject reviews (see `FakeApiServer::expect_writes`).

use std::any::TypeId;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::Response;
use k8s_openapi::{ListableResource, NamespaceResourceScope};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::server_side;

pub use axum::http::StatusCode;

/// The one POST path a read-only client may use: "may I do X?".
pub const SELF_SUBJECT_ACCESS_REVIEWS: &str =
    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
/// The one other POST path a read-only client may use: "what may I do in this namespace?".
pub const SELF_SUBJECT_RULES_REVIEWS: &str =
    "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

/// The environment variable naming the suite-wide request log (see the module header).
pub const REQUEST_LOG_ENV: &str = "WARROOM_TEST_API_REQUEST_LOG";

/// The body a real API server sends for a path it does not serve.
pub const NOT_FOUND_BODY: &str = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}"#;

const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";

/// A scenario could not be built from the JSON it was given.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("list JSON is not a Kubernetes list: {0}")]
    List(#[source] serde_json::Error),
    #[error("object {index} of {list_kind} has no metadata.name")]
    Unnamed { list_kind: String, index: usize },
    #[error("timestamp {0} (Unix seconds) is out of range")]
    Time(i64),
    #[error("object of kind {kind} could not be serialized: {source}")]
    Serialize {
        kind: String,
        #[source]
        source: serde_json::Error,
    },
}

/// A fixed answer: status, content type, body, and an optional delay before answering.
#[derive(Debug, Clone)]
pub struct ApiReply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Bytes,
    pub delay: Option<Duration>,
    /// A container log: `tailLines` and `limitBytes` of the request are applied as a kubelet does.
    pub log: bool,
    /// A watch stream: sent chunked, one line a chunk.
    pub chunked: bool,
}

impl ApiReply {
    /// A JSON body (`application/json`).
    pub fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::with_type(status, JSON, body)
    }

    /// A plain-text body (`text/plain; charset=utf-8`), e.g. the 404 of an unserved API group.
    pub fn text(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::with_type(status, TEXT, body)
    }

    /// A 200 container log; the request's `tailLines` and `limitBytes` cut it like a kubelet does.
    pub fn log(body: impl Into<Bytes>) -> Self {
        Self {
            log: true,
            ..Self::text(StatusCode::OK, body)
        }
    }

    fn with_type(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
            delay: None,
            log: false,
            chunked: false,
        }
    }
}

/// One round of a watch stream: the events a watch request receives before the stream ends.
#[derive(Debug, Clone, Default)]
pub struct WatchRound {
    lines: Vec<String>,
}

impl WatchRound {
    /// A round of `(type, object)` events: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`.
    pub fn events<'a>(events: impl IntoIterator<Item = (&'a str, Value)>) -> Self {
        WatchRound {
            lines: events
                .into_iter()
                .map(|(kind, object)| {
                    serde_json::json!({ "type": kind, "object": object }).to_string()
                })
                .collect(),
        }
    }

    /// The round a real server sends when the watch's `resourceVersion` is too old: one
    /// `ERROR` event carrying a 410 Gone `Status`.
    pub fn gone() -> Self {
        WatchRound {
            lines: vec![WATCH_GONE.to_owned()],
        }
    }

    /// The round's events as JSON values.
    pub fn parsed(&self) -> Vec<Value> {
        self.lines
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    fn body(&self) -> Bytes {
        let mut body = self.lines.join("\n");
        if !body.is_empty() {
            body.push('\n');
        }
        Bytes::from(body)
    }
}

/// The `ERROR` event of an expired watch version, as kube-apiserver sends it.
pub const WATCH_GONE: &str = r#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 451 (1187)","reason":"Expired","code":410}}"#;

#[derive(Debug, Clone)]
struct Route {
    method: Method,
    path: String,
    prefix: bool,
    query: Vec<(String, String)>,
    reply: ApiReply,
}

impl Route {
    fn matches_path(&self, path: &str) -> bool {
        if !self.prefix {
            return self.path == path;
        }
        let base = self.path.trim_end_matches('/');
        path == base
            || path
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    fn matches_query(&self, params: &[(String, String)]) -> bool {
        self.query
            .iter()
            .all(|(k, v)| params.iter().any(|(pk, pv)| pk == k && pv == v))
    }
}

/// What the fake API server serves: explicit routes and collections of objects.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    routes: Vec<Route>,
    collections: Vec<Arc<Collection>>,
    /// Watch rounds by path, served one per watch request.
    watches: Vec<(String, Vec<WatchRound>)>,
}

impl Scenario {
    pub fn new() -> Self {
        Self::default()
    }

    /// Answer `method path` with `reply`. Later routes override earlier matching ones.
    pub fn route(mut self, method: Method, path: &str, reply: ApiReply) -> Self {
        self.routes.push(Route {
            method,
            path: path.to_owned(),
            prefix: false,
            query: Vec::new(),
            reply,
        });
        self
    }

    /// Answer `GET path` with a JSON body.
    pub fn route_json(self, path: &str, status: StatusCode, body: impl Into<Bytes>) -> Self {
        self.route(Method::GET, path, ApiReply::json(status, body))
    }

    /// Answer `GET path` with a plain-text body.
    pub fn route_text(self, path: &str, status: StatusCode, body: impl Into<Bytes>) -> Self {
        self.route(Method::GET, path, ApiReply::text(status, body))
    }

    /// Answer `GET` on `prefix` and every path below it (`/apis/metrics.k8s.io` covers
    /// `/apis/metrics.k8s.io/v1beta1/nodes`; `/` covers everything).
    pub fn route_prefix(mut self, prefix: &str, reply: ApiReply) -> Self {
        self.routes.push(Route {
            method: Method::GET,
            path: prefix.to_owned(),
            prefix: true,
            query: Vec::new(),
            reply,
        });
        self
    }

    /// The last added route only matches when the query has `key=value` (decoded), e.g.
    /// `("labelSelector", "app=payment-service")`, `("previous", "true")`, `("continue", token)`.
    pub fn with_query(mut self, key: &str, value: &str) -> Self {
        if let Some(route) = self.routes.last_mut() {
            route.query.push((key.to_owned(), value.to_owned()));
        }
        self
    }

    /// The last added route waits `delay` before answering (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        if let Some(route) = self.routes.last_mut() {
            route.reply.delay = Some(delay);
        }
        self
    }

    /// Watch requests (`?watch=true`) on `path` get `rounds`, one per request, in order.
    pub fn watch_rounds(mut self, path: &str, rounds: Vec<WatchRound>) -> Self {
        self.watches.push((path.to_owned(), rounds));
        self
    }

    /// Serve a collection; it replaces an earlier collection of the same resource.
    pub fn collection(mut self, collection: Collection) -> Self {
        self.collections
            .retain(|c| (&c.api_prefix, &c.plural) != (&collection.api_prefix, &collection.plural));
        self.collections.push(Arc::new(collection));
        self
    }

    /// The collection served for `plural` in `api_version` (`"v1"`, `"apps/v1"`), if any.
    pub fn collection_for(&self, api_version: &str, plural: &str) -> Option<&Collection> {
        let prefix = api_prefix(api_version);
        self.collections
            .iter()
            .find(|c| c.api_prefix == prefix && c.plural == plural)
            .map(Arc::as_ref)
    }
}

fn api_prefix(api_version: &str) -> String {
    if api_version.contains('/') {
        format!("/apis/{api_version}")
    } else {
        format!("/api/{api_version}")
    }
}

/// Fields a `fieldSelector` may name (the union of what the real API server supports for the
/// types served here). `source` is core/v1 Event's `source.component`.
const FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.unschedulable",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "regarding.kind",
    "regarding.namespace",
    "regarding.name",
    "regarding.uid",
    "regarding.apiVersion",
    "regarding.resourceVersion",
    "regarding.fieldPath",
    "reason",
    "type",
    "source",
    "reportingComponent",
    "reportingController",
];

#[derive(Debug, Clone)]
struct Item {
    namespace: String,
    name: String,
    labels: BTreeMap<String, String>,
    /// Values of `FIELDS` (by index) that are present.
    fields: Vec<(usize, String)>,
    /// The object's JSON as it appears in a list (no `kind` / `apiVersion`).
    json: Box<str>,
}

impl Item {
    fn from_value(value: &Value, json: Box<str>) -> Option<Self> {
        let meta = value.get("metadata")?;
        let name = meta.get("name")?.as_str()?.to_owned();
        let namespace = meta
            .get("namespace")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let labels = meta
            .get("labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        let fields = FIELDS
            .iter()
            .enumerate()
            .filter_map(|(i, path)| {
                let path = if *path == "source" {
                    "source.component"
                } else {
                    path
                };
                let found = path.split('.').try_fold(value, |v, key| v.get(key))?;
                let text = match found {
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                Some((i, text))
            })
            .collect();
        Some(Self {
            namespace,
            name,
            labels,
            fields,
            json,
        })
    }

    fn field(&self, index: usize) -> &str {
        self.fields
            .iter()
            .find(|(i, _)| *i == index)
            .map_or("", |(_, v)| v.as_str())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawList<'a> {
    kind: String,
    api_version: String,
    #[serde(default)]
    metadata: RawListMeta,
    #[serde(borrow, default)]
    items: Vec<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawListMeta {
    #[serde(default)]
    resource_version: String,
}

/// The objects of one resource type, served like a real API server serves them.
#[derive(Debug, Clone)]
pub struct Collection {
    api_prefix: String,
    group: String,
    plural: String,
    api_version: String,
    kind: String,
    list_kind: String,
    namespaced: bool,
    resource_version: String,
    items: Vec<Item>,
    by_name: HashMap<(String, String), usize>,
}

/// Resource version of collections built from typed objects.
const GENERATED_RESOURCE_VERSION: &str = "1000";

impl Collection {
    /// From a list body a real API server returned (`{"kind":"PodList","items":[..]}`); items
    /// keep their exact JSON. `plural` is the resource in URLs (`pods`); `namespaced` its scope.
    pub fn from_list_json(
        plural: &str,
        namespaced: bool,
        json: &str,
    ) -> Result<Self, ScenarioError> {
        let list: RawList<'_> = serde_json::from_str(json).map_err(ScenarioError::List)?;
        let mut items = Vec::with_capacity(list.items.len());
        for (index, raw) in list.items.iter().enumerate() {
            let value: Value = serde_json::from_str(raw.get()).map_err(ScenarioError::List)?;
            let item = Item::from_value(&value, raw.get().into()).ok_or_else(|| {
                ScenarioError::Unnamed {
                    list_kind: list.kind.clone(),
                    index,
                }
            })?;
            items.push(item);
        }
        let kind = list
            .kind
            .strip_suffix("List")
            .unwrap_or(&list.kind)
            .to_owned();
        Ok(Self::assemble(
            &list.api_version,
            plural,
            &kind,
            namespaced,
            list.metadata.resource_version,
            items,
        ))
    }

    /// From typed objects (k8s-openapi); served sorted by namespace and name, as etcd does.
    pub fn from_objects<K>(objects: &[K]) -> Result<Self, ScenarioError>
    where
        K: ListableResource + Serialize + 'static,
    {
        let mut items = Vec::with_capacity(objects.len());
        for (index, object) in objects.iter().enumerate() {
            let serialize = |source| ScenarioError::Serialize {
                kind: K::KIND.to_owned(),
                source,
            };
            let mut value = serde_json::to_value(object).map_err(serialize)?;
            if let Some(map) = value.as_object_mut() {
                map.remove("apiVersion");
                map.remove("kind");
            }
            let json = serde_json::to_string(&value).map_err(serialize)?;
            let item =
                Item::from_value(&value, json.into()).ok_or_else(|| ScenarioError::Unnamed {
                    list_kind: K::LIST_KIND.to_owned(),
                    index,
                })?;
            items.push(item);
        }
        items.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        Ok(Self::assemble(
            K::API_VERSION,
            K::URL_PATH_SEGMENT,
            K::KIND,
            TypeId::of::<K::Scope>() == TypeId::of::<NamespaceResourceScope>(),
            GENERATED_RESOURCE_VERSION.to_owned(),
            items,
        ))
    }

    /// No objects of this type: lists answer `"items":[]`, gets answer `NotFound`.
    pub fn empty<K>() -> Self
    where
        K: ListableResource + 'static,
    {
        Self::assemble(
            K::API_VERSION,
            K::URL_PATH_SEGMENT,
            K::KIND,
            TypeId::of::<K::Scope>() == TypeId::of::<NamespaceResourceScope>(),
            GENERATED_RESOURCE_VERSION.to_owned(),
            Vec::new(),
        )
    }

    fn assemble(
        api_version: &str,
        plural: &str,
        kind: &str,
        namespaced: bool,
        resource_version: String,
        items: Vec<Item>,
    ) -> Self {
        let by_name = items
            .iter()
            .enumerate()
            .map(|(i, item)| ((item.namespace.clone(), item.name.clone()), i))
            .collect();
        Self {
            api_prefix: api_prefix(api_version),
            group: api_version
                .rsplit_once('/')
                .map_or("", |(g, _)| g)
                .to_owned(),
            plural: plural.to_owned(),
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            list_kind: format!("{kind}List"),
            namespaced,
            resource_version,
            items,
            by_name,
        }
    }

    /// Applies one watch event (`ADDED`, `MODIFIED`, `DELETED`) to the objects served.
    fn apply_event(&mut self, kind: &str, object: &Value) {
        let Some(item) = Item::from_value(object, object.to_string().into()) else {
            return;
        };
        if let Some(version) = object["metadata"]["resourceVersion"].as_str() {
            self.resource_version = version.to_owned();
        }
        let key = (item.namespace.clone(), item.name.clone());
        match (kind, self.by_name.get(&key).copied()) {
            ("DELETED", Some(i)) => {
                self.items.remove(i);
                self.by_name = self
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| ((item.namespace.clone(), item.name.clone()), i))
                    .collect();
            }
            ("DELETED", None) => {}
            (_, Some(i)) => self.items[i] = item,
            (_, None) => {
                self.by_name.insert(key, self.items.len());
                self.items.push(item);
            }
        }
    }

    /// Number of objects in the collection.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the collection has no objects.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `(namespace, name, labels)` of every object, in the order they are served.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str, &BTreeMap<String, String>)> {
        self.items
            .iter()
            .map(|i| (i.namespace.as_str(), i.name.as_str(), &i.labels))
    }

    /// The object as a single GET returns it: with `kind` and `apiVersion` first.
    fn object_json(&self, item: &Item) -> String {
        let body = item.json.trim_start().strip_prefix('{').unwrap_or("}");
        let sep = if body.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        format!(
            r#"{{"kind":"{}","apiVersion":"{}"{sep}{body}"#,
            self.kind, self.api_version
        )
    }

    /// A list page as `{Kind}List`, or as kubectl's `Table` when `table` is set.
    fn list(&self, namespace: Option<&str>, params: &[(String, String)], table: bool) -> ApiReply {
        let labels = match param(params, "labelSelector").map(parse_label_selector) {
            Some(Err(message)) => return bad_request(&message),
            Some(Ok(reqs)) => reqs,
            None => Vec::new(),
        };
        let fields = match param(params, "fieldSelector").map(parse_field_selector) {
            Some(Err(message)) => return bad_request(&message),
            Some(Ok(reqs)) => reqs,
            None => Vec::new(),
        };
        if param(params, "watch").is_some_and(|w| w == "true" || w == "1") {
            return bad_request("the fake API server does not serve watches");
        }
        let limit = match param(params, "limit").map(str::parse::<usize>) {
            Some(Err(_)) => return bad_request("limit must be a non-negative integer"),
            Some(Ok(0)) | None => None,
            Some(Ok(n)) => Some(n),
        };
        let start = match param(params, "continue").filter(|t| !t.is_empty()) {
            None => 0,
            Some(token) => match decode_continue(token) {
                Some(offset) => offset,
                None => {
                    return bad_request(&format!(
                        "continue key is not valid: the token {token:?} was not issued by this server"
                    ));
                }
            },
        };
        let selected: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| namespace.is_none_or(|ns| i.namespace == ns))
            .filter(|i| labels.iter().all(|r| r.matches(&i.labels)))
            .filter(|i| fields.iter().all(|r| r.matches(i)))
            .collect();
        let rest = selected.get(start..).unwrap_or_default();
        let page = limit.map_or(rest, |n| &rest[..n.min(rest.len())]);
        let remaining = rest.len() - page.len();

        let mut meta = format!(r#"{{"resourceVersion":"{}""#, self.resource_version);
        if remaining > 0 {
            meta.push_str(&format!(
                r#","continue":"{}""#,
                encode_continue(start + page.len())
            ));
            if labels.is_empty() && fields.is_empty() {
                meta.push_str(&format!(r#","remainingItemCount":{remaining}"#));
            }
        }
        meta.push('}');
        if table {
            return self.table(&meta, page.iter().copied());
        }
        let size: usize = page.iter().map(|i| i.json.len() + 1).sum();
        let mut body = String::with_capacity(size + 128);
        body.push_str(&format!(
            r#"{{"kind":"{}","apiVersion":"{}","metadata":{meta},"items":["#,
            self.list_kind, self.api_version
        ));
        for (i, item) in page.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&item.json);
        }
        body.push_str("]}");
        ApiReply::json(StatusCode::OK, body)
    }

    /// `items` printed as kube-apiserver prints this kind for kubectl (see `server_side`).
    fn table<'a>(&self, metadata: &str, items: impl Iterator<Item = &'a Item>) -> ApiReply {
        let metadata: Value = serde_json::from_str(metadata).unwrap_or(Value::Null);
        let values: Vec<Value> = items
            .filter_map(|i| serde_json::from_str(&i.json).ok())
            .collect();
        let body = server_side::table(&self.kind, &metadata, &values, chrono::Utc::now());
        ApiReply::json(StatusCode::OK, body)
    }

    /// One object, as JSON or as kubectl's one-row `Table`.
    fn object(&self, item: &Item, table: bool) -> ApiReply {
        if table {
            return self.table("{}", std::iter::once(item));
        }
        ApiReply::json(StatusCode::OK, self.object_json(item))
    }

    fn not_found(&self, name: &str) -> ApiReply {
        let resource = if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        };
        let status = StatusBody {
            message: format!("{resource} \"{name}\" not found"),
            reason: "NotFound",
            details: Some(Details {
                name: Some(name),
                group: (!self.group.is_empty()).then_some(self.group.as_str()),
                kind: &self.plural,
            }),
            code: 404,
        };
        ApiReply::json(StatusCode::NOT_FOUND, status.to_json())
    }
}

const CONTINUE_PREFIX: &str = "fake-continue-";

fn encode_continue(offset: usize) -> String {
    format!("{CONTINUE_PREFIX}{offset}")
}

fn decode_continue(token: &str) -> Option<usize> {
    token.strip_prefix(CONTINUE_PREFIX)?.parse().ok()
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// One requirement of a label selector.
#[derive(Debug, PartialEq)]
enum LabelReq {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

impl LabelReq {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let get = |k: &String| labels.get(k).map(String::as_str);
        match self {
            LabelReq::Eq(k, v) => get(k) == Some(v.as_str()),
            LabelReq::NotEq(k, v) => get(k) != Some(v.as_str()),
            LabelReq::In(k, vs) => get(k).is_some_and(|l| vs.iter().any(|v| v == l)),
            LabelReq::NotIn(k, vs) => get(k).is_none_or(|l| vs.iter().all(|v| v != l)),
            LabelReq::Exists(k) => labels.contains_key(k),
            LabelReq::NotExists(k) => !labels.contains_key(k),
        }
    }
}

/// Parses the label selector grammar (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`).
fn parse_label_selector(selector: &str) -> Result<Vec<LabelReq>, String> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&selector[start..]);
    let invalid = |part: &str| format!("unable to parse requirement: {part:?}");
    let key = |k: &str, part: &str| {
        let k = k.trim();
        if k.is_empty() || k.contains(char::is_whitespace) {
            Err(invalid(part))
        } else {
            Ok(k.to_owned())
        }
    };
    let set = |values: &str, part: &str| -> Result<Vec<String>, String> {
        let inner = values
            .trim()
            .strip_prefix('(')
            .and_then(|v| v.strip_suffix(')'))
            .ok_or_else(|| invalid(part))?;
        Ok(inner.split(',').map(|v| v.trim().to_owned()).collect())
    };
    let mut reqs = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let req = if let Some(k) = part.strip_prefix('!') {
            LabelReq::NotExists(key(k, part)?)
        } else if let Some((k, v)) = part.split_once(" notin ") {
            LabelReq::NotIn(key(k, part)?, set(v, part)?)
        } else if let Some((k, v)) = part.split_once(" in ") {
            LabelReq::In(key(k, part)?, set(v, part)?)
        } else if let Some((k, v)) = part.split_once("!=") {
            LabelReq::NotEq(key(k, part)?, v.trim().to_owned())
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            LabelReq::Eq(key(k, part)?, v.trim().to_owned())
        } else {
            LabelReq::Exists(key(part, part)?)
        };
        reqs.push(req);
    }
    Ok(reqs)
}

/// One requirement of a field selector: field index, wanted value, equal or not.
#[derive(Debug, PartialEq)]
struct FieldReq {
    field: usize,
    value: String,
    equal: bool,
}

impl FieldReq {
    fn matches(&self, item: &Item) -> bool {
        (item.field(self.field) == self.value) == self.equal
    }
}

fn parse_field_selector(selector: &str) -> Result<Vec<FieldReq>, String> {
    let mut reqs = Vec::new();
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            (f, v, true)
        } else {
            return Err(format!(
                "invalid selector: {part:?}; can't understand {part:?}"
            ));
        };
        let field = field.trim();
        let index = FIELDS
            .iter()
            .position(|f| *f == field)
            .ok_or_else(|| format!("field label not supported: {field}"))?;
        reqs.push(FieldReq {
            field: index,
            value: value.trim().to_owned(),
            equal,
        });
    }
    Ok(reqs)
}

#[derive(Serialize)]
struct Details<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    kind: &'a str,
}

/// A `Status` body in the field order a real API server writes.
struct StatusBody<'a> {
    message: String,
    reason: &'a str,
    details: Option<Details<'a>>,
    code: u16,
}

impl StatusBody<'_> {
    fn to_json(&self) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            kind: &'a str,
            api_version: &'a str,
            metadata: serde_json::Map<String, Value>,
            status: &'a str,
            message: &'a str,
            reason: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            details: Option<&'a Details<'a>>,
            code: u16,
        }
        let wire = Wire {
            kind: "Status",
            api_version: "v1",
            metadata: serde_json::Map::new(),
            status: "Failure",
            message: &self.message,
            reason: self.reason,
            details: self.details.as_ref(),
            code: self.code,
        };
        serde_json::to_string(&wire).unwrap_or_else(|_| NOT_FOUND_BODY.to_owned())
    }
}

fn bad_request(message: &str) -> ApiReply {
    let status = StatusBody {
        message: message.to_owned(),
        reason: "BadRequest",
        details: None,
        code: 400,
    };
    ApiReply::json(StatusCode::BAD_REQUEST, status.to_json())
}

fn method_not_allowed(method: &Method) -> ApiReply {
    let status = StatusBody {
        message: format!("the fake API server is read-only: {method} is not served"),
        reason: "MethodNotAllowed",
        details: None,
        code: 405,
    };
    ApiReply::json(StatusCode::METHOD_NOT_ALLOWED, status.to_json())
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, as sent (percent-encoded; kube starts it with `&`).
    pub query: String,
    /// The decoded query parameters, in order.
    pub params: Vec<(String, String)>,
    /// The `impersonate-user` header.
    pub impersonate_user: Option<String>,
    /// Every `impersonate-group` header, in order.
    pub impersonate_groups: Vec<String>,
}

impl RecordedRequest {
    /// The decoded value of query parameter `key`.
    pub fn param(&self, key: &str) -> Option<&str> {
        param(&self.params, key)
    }

    /// Whether this request may change the cluster: anything but GET, except the two
    /// self-subject review POSTs (which only ask a question).
    pub fn is_write(&self) -> bool {
        let review = self.method == "POST"
            && (self.path == SELF_SUBJECT_ACCESS_REVIEWS
                || self.path == SELF_SUBJECT_RULES_REVIEWS);
        self.method != "GET" && !review
    }
}

struct ServerState {
    routes: Vec<Route>,
    exact: HashMap<String, Vec<usize>>,
    prefixes: Vec<usize>,
    collections: HashMap<(String, String), Arc<Collection>>,
    recorded: Mutex<Vec<RecordedRequest>>,
    log: Option<RequestLog>,
    /// Set by `expect_writes`: this server's writes are a test's deliberate probe.
    probe: AtomicBool,
    /// Watch rounds not served yet, by path.
    watches: Mutex<HashMap<String, VecDeque<WatchRound>>>,
    /// Collections as the watch rounds served so far changed them (lists after a watch
    /// show its changes, as on a real server).
    watched: Mutex<HashMap<(String, String), Arc<Collection>>>,
}

/// The suite-wide request log named by `REQUEST_LOG_ENV`.
struct RequestLog {
    path: PathBuf,
    /// The running executable's name without cargo's `-HASH` suffix (`triage`, `warroom`).
    exe: String,
}

impl RequestLog {
    fn from_env() -> Option<RequestLog> {
        let path = std::env::var_os(REQUEST_LOG_ENV).filter(|p| !p.is_empty())?;
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let exe = match exe.rsplit_once('-') {
            Some((name, hash))
                if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) =>
            {
                name.to_owned()
            }
            _ => exe,
        };
        Some(RequestLog {
            path: PathBuf::from(path),
            exe,
        })
    }

    /// Appends one line in one `write` (O_APPEND keeps lines of concurrent processes whole).
    fn append(&self, request: &RecordedRequest, probe: bool) {
        let line = serde_json::json!({
            "exe": self.exe,
            "method": request.method,
            "path": request.path,
            "write": request.is_write(),
            "probe": probe,
        });
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()));
        if let Err(error) = written {
            tracing::error!(%error, path = %self.path.display(), "cannot append to the API request log");
        }
    }
}

impl ServerState {
    fn new(scenario: Scenario) -> Self {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixes = Vec::new();
        for (i, route) in scenario.routes.iter().enumerate() {
            if route.prefix {
                prefixes.push(i);
            } else {
                exact.entry(route.path.clone()).or_default().push(i);
            }
        }
        let collections = scenario
            .collections
            .into_iter()
            .map(|c| ((c.api_prefix.clone(), c.plural.clone()), c))
            .collect();
        Self {
            routes: scenario.routes,
            exact,
            prefixes,
            collections,
            recorded: Mutex::new(Vec::new()),
            log: RequestLog::from_env(),
            probe: AtomicBool::new(false),
            watches: Mutex::new(
                scenario
                    .watches
                    .into_iter()
                    .map(|(path, rounds)| (path, rounds.into()))
                    .collect(),
            ),
            watched: Mutex::new(HashMap::new()),
        }
    }

    /// The reply to one request; `accept` is its `Accept` header (kubectl asks for Tables and
    /// aggregated discovery through it).
    fn answer(
        &self,
        method: &Method,
        path: &str,
        params: &[(String, String)],
        accept: &str,
    ) -> ApiReply {
        let watch = params
            .iter()
            .any(|(k, v)| k == "watch" && (v == "true" || v == "1"));
        if watch && method == Method::GET {
            return self.watch_round(path);
        }
        let exact = self.exact.get(path).map(Vec::as_slice).unwrap_or_default();
        let route = exact
            .iter()
            .chain(&self.prefixes)
            .copied()
            .filter(|&i| {
                let r = &self.routes[i];
                r.method == method && r.matches_path(path) && r.matches_query(params)
            })
            .max()
            .map(|i| &self.routes[i]);
        if let Some(route) = route {
            let reply = route.reply.clone();
            let discovery = (path == "/api" || path == "/apis")
                && reply.status == StatusCode::OK
                && server_side::wants_discovery(accept);
            if discovery {
                return self.discovery(path == "/api");
            }
            return reply;
        }
        if method != Method::GET {
            return method_not_allowed(method);
        }
        self.collection_reply(path, params, server_side::wants_table(accept))
            .unwrap_or_else(|| ApiReply::json(StatusCode::NOT_FOUND, NOT_FOUND_BODY))
    }

    /// The next watch round of `path` (an empty stream when none is left).
    fn watch_round(&self, path: &str) -> ApiReply {
        let round = self
            .watches
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get_mut(path)
            .and_then(VecDeque::pop_front)
            .unwrap_or_default();
        self.apply_round(path, &round);
        ApiReply {
            chunked: true,
            ..ApiReply::json(StatusCode::OK, round.body())
        }
    }

    /// Applies the objects of a served round to the collection at `path`.
    fn apply_round(&self, path: &str, round: &WatchRound) {
        let Some((prefix, rest)) = split_api_path(path) else {
            return;
        };
        let Some(plural) = rest.rsplit('/').next() else {
            return;
        };
        let key = (prefix.to_owned(), plural.to_owned());
        let Some(mut collection) = self.lookup(&key).map(|c| (*c).clone()) else {
            return;
        };
        for event in round.parsed() {
            if let Some(kind) = event["type"].as_str() {
                collection.apply_event(kind, &event["object"]);
            }
        }
        self.watched
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key, Arc::new(collection));
    }

    /// The collection of `(api prefix, plural)` as watch rounds left it.
    fn lookup(&self, key: &(String, String)) -> Option<Arc<Collection>> {
        let watched = self
            .watched
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(key)
            .cloned();
        watched.or_else(|| self.collections.get(key).cloned())
    }

    /// Aggregated discovery of the collections served, for `/api` (`core`) or `/apis`.
    fn discovery(&self, core: bool) -> ApiReply {
        let mut served: Vec<server_side::Served<'_>> = self
            .collections
            .values()
            .map(|c| {
                let (group, version) = c
                    .api_version
                    .rsplit_once('/')
                    .unwrap_or(("", &c.api_version));
                server_side::Served {
                    group,
                    version,
                    plural: &c.plural,
                    kind: &c.kind,
                    namespaced: c.namespaced,
                }
            })
            .collect();
        served.sort_by_key(|s| (s.group, s.version, s.plural));
        ApiReply::with_type(
            StatusCode::OK,
            server_side::DISCOVERY_CONTENT_TYPE,
            server_side::discovery(core, &served),
        )
    }

    fn collection_reply(
        &self,
        path: &str,
        params: &[(String, String)],
        table: bool,
    ) -> Option<ApiReply> {
        let (prefix, rest) = split_api_path(path)?;
        let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let lookup = |plural: &str| self.lookup(&(prefix.to_owned(), plural.to_owned()));
        match segs.as_slice() {
            ["namespaces", ns, plural, tail @ ..] => {
                let c = lookup(plural).filter(|c| c.namespaced)?;
                match tail {
                    [] => Some(c.list(Some(ns), params, table)),
                    [name, sub @ ..] => {
                        match c.by_name.get(&((*ns).to_owned(), (*name).to_owned())) {
                            Some(&i) if sub.is_empty() => Some(c.object(&c.items[i], table)),
                            Some(_) => None,
                            None => Some(c.not_found(name)),
                        }
                    }
                }
            }
            [plural] => Some(lookup(plural)?.list(None, params, table)),
            [plural, name, sub @ ..] => {
                let c = lookup(plural).filter(|c| !c.namespaced)?;
                match c.by_name.get(&(String::new(), (*name).to_owned())) {
                    Some(&i) if sub.is_empty() => Some(c.object(&c.items[i], table)),
                    Some(_) => None,
                    None => Some(c.not_found(name)),
                }
            }
            [] => None,
        }
    }
}

/// Splits `/api/v1/rest` or `/apis/GROUP/VERSION/rest` into the API prefix and the rest.
fn split_api_path(path: &str) -> Option<(&str, &str)> {
    if let Some(rest) = path.strip_prefix("/api/v1/") {
        return Some(("/api/v1", rest));
    }
    let after = path.strip_prefix("/apis/")?;
    let mut it = after.splitn(3, '/');
    let group = it.next()?;
    let version = it.next()?;
    let rest = it.next()?;
    let len = "/apis/".len() + group.len() + 1 + version.len();
    Some((&path[..len], rest))
}

/// Applies a kubelet's `tailLines` then `limitBytes` to a log (a byte cut may split a character,
/// as the real one does).
fn cut_log(body: &Bytes, params: &[(String, String)]) -> Bytes {
    let mut start = 0;
    if let Some(tail) = param(params, "tailLines").and_then(|t| t.parse::<usize>().ok()) {
        let text = body.as_ref();
        let trimmed = text.strip_suffix(b"\n").unwrap_or(text);
        let mut seen = 0;
        start = trimmed
            .iter()
            .rposition(|&b| {
                if b == b'\n' {
                    seen += 1;
                }
                seen == tail
            })
            .map_or(0, |p| p + 1);
        if tail == 0 {
            start = text.len();
        }
    }
    let mut end = body.len();
    if let Some(limit) = param(params, "limitBytes").and_then(|l| l.parse::<usize>().ok()) {
        end = end.min(start + limit);
    }
    body.slice(start..end)
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let params = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let header_text = |v: &HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
    let request = RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or_default().to_owned(),
        params,
        impersonate_user: headers.get("impersonate-user").map(header_text),
        impersonate_groups: headers
            .get_all("impersonate-group")
            .iter()
            .map(header_text)
            .collect(),
    };
    let accept = headers
        .get(header::ACCEPT)
        .map(header_text)
        .unwrap_or_default();
    let reply = state.answer(&method, &request.path, &request.params, &accept);
    if request.is_write() {
        tracing::warn!(method = %request.method, path = %request.path, "write request to the fake API server");
    }
    let body = if reply.log {
        cut_log(&reply.body, &request.params)
    } else {
        reply.body
    };
    if let Some(log) = &state.log {
        log.append(&request, state.probe.load(Ordering::SeqCst));
    }
    state
        .recorded
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(request);
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = if reply.chunked {
        let chunks: Vec<Result<Bytes, std::convert::Infallible>> = body
            .split_inclusive(|&b| b == b'\n')
            .map(|line| Ok(Bytes::copy_from_slice(line)))
            .collect();
        Response::new(Body::from_stream(futures::stream::iter(chunks)))
    } else {
        Response::new(Body::from(body))
    };
    *response.status_mut() = reply.status;
    if let Ok(value) = HeaderValue::from_str(&reply.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, private"),
    );
    response
}

/// A running fake API server on 127.0.0.1; it stops when dropped.
pub struct FakeApiServer {
    addr: SocketAddr,
    state: Arc<ServerState>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl FakeApiServer {
    /// Binds 127.0.0.1 on a free port and serves `scenario` from a tokio task.
    pub async fn start(scenario: Scenario) -> std::io::Result<FakeApiServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(ServerState::new(scenario));
        let app = Router::new().fallback(handle).with_state(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
            if let Err(error) = served {
                tracing::warn!(%error, "fake API server stopped");
            }
        });
        Ok(FakeApiServer {
            addr,
            state,
            shutdown: Some(tx),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state
            .recorded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Marks this server's writes as a test's deliberate probe of the write detection, so the
    /// suite-wide GET-only check (`tests/get_only.rs`) tells them from warroom's own requests.
    pub fn expect_writes(&self) {
        self.state.probe.store(true, Ordering::SeqCst);
    }

    /// Requests that could change the cluster: anything but GET, except the self-subject review
    /// POSTs. A read-only client leaves this empty.
    pub fn non_get_requests(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(RecordedRequest::is_write)
            .collect()
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn label_selectors_follow_the_kubernetes_grammar() {
        let l = labels(&[("app", "payment-service"), ("tier", "web")]);
        let sel = |s: &str| parse_label_selector(s).unwrap();
        assert!(sel("app=payment-service").iter().all(|r| r.matches(&l)));
        assert!(
            sel("app==payment-service,tier")
                .iter()
                .all(|r| r.matches(&l))
        );
        assert!(!sel("app!=payment-service").iter().all(|r| r.matches(&l)));
        assert!(
            sel("app in (order-service, payment-service)")
                .iter()
                .all(|r| r.matches(&l))
        );
        assert!(
            !sel("app notin (payment-service)")
                .iter()
                .all(|r| r.matches(&l))
        );
        assert!(
            sel("!missing,env notin (prod)")
                .iter()
                .all(|r| r.matches(&l))
        );
        assert!(parse_label_selector("app in payment").is_err());
    }

    #[test]
    fn unsupported_field_selectors_are_rejected_like_the_api_server() {
        assert_eq!(
            parse_field_selector("spec.foo=bar").unwrap_err(),
            "field label not supported: spec.foo"
        );
        assert_eq!(
            parse_field_selector("involvedObject.name=web-1,type!=Normal")
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn logs_are_cut_by_tail_lines_then_limit_bytes() {
        let log = Bytes::from_static(b"one\ntwo\nthree\n");
        let p = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(cut_log(&log, &p(&[("tailLines", "2")])), "two\nthree\n");
        assert_eq!(
            cut_log(&log, &p(&[("tailLines", "9")])),
            "one\ntwo\nthree\n"
        );
        assert_eq!(cut_log(&log, &p(&[("tailLines", "0")])), "");
        assert_eq!(
            cut_log(&log, &p(&[("tailLines", "2"), ("limitBytes", "5")])),
            "two\nt"
        );
    }

    #[test]
    fn api_paths_split_into_prefix_and_rest() {
        assert_eq!(
            split_api_path("/api/v1/namespaces/a/pods"),
            Some(("/api/v1", "namespaces/a/pods"))
        );
        assert_eq!(
            split_api_path("/apis/apps/v1/deployments"),
            Some(("/apis/apps/v1", "deployments"))
        );
        assert_eq!(split_api_path("/version"), None);
    }

    #[test]
    fn single_objects_get_kind_and_api_version() {
        let c = Collection::from_list_json(
            "pods",
            true,
            r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7"},
                "items":[{"metadata":{"name":"a","namespace":"ns"}}]}"#,
        )
        .unwrap();
        let v: Value = serde_json::from_str(&c.object_json(&c.items[0])).unwrap();
        assert_eq!(v["kind"], "Pod");
        assert_eq!(v["apiVersion"], "v1");
        assert_eq!(v["metadata"]["name"], "a");
    }
}
