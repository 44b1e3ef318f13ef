//! Prometheus metrics of the cluster layer: API-server requests by verb, resource and status
//! with their latency (a tower layer on kube's client), and how long each triage took.

use std::task::{Context, Poll};
use std::time::Instant;

use futures::future::BoxFuture;
use http::{Method, Request, Response};
use prometheus::core::Collector;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};
use tower::{BoxError, Layer, Service};

/// The cluster layer's counters and histograms; clones share them.
#[derive(Debug, Clone)]
pub struct ApiMetrics {
    requests: IntCounterVec,
    latency: HistogramVec,
    triage: HistogramVec,
}

impl ApiMetrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let requests = IntCounterVec::new(
            Opts::new(
                "warroom_apiserver_requests_total",
                "Requests to Kubernetes API servers, by verb, resource and HTTP status \
                 (`timeout`: no answer before the request timeout or the triage deadline; \
                 `error`: no HTTP answer)",
            ),
            &["verb", "resource", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "warroom_apiserver_request_seconds",
                "Seconds from sending a request to a Kubernetes API server to its response \
                 headers, by verb and resource",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["verb", "resource"],
        )?;
        let triage = HistogramVec::new(
            HistogramOpts::new(
                "warroom_triage_seconds",
                "Seconds one /triage took from its first read to its verdict, by verdict",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0,
            ]),
            &["verdict"],
        )?;
        Ok(ApiMetrics {
            requests,
            latency,
            triage,
        })
    }

    /// Adds these metrics to `registry` (the one `/metrics` renders).
    pub fn register(&self, registry: &Registry) -> Result<(), prometheus::Error> {
        let collectors: [Box<dyn Collector>; 3] = [
            Box::new(self.requests.clone()),
            Box::new(self.latency.clone()),
            Box::new(self.triage.clone()),
        ];
        collectors
            .into_iter()
            .try_for_each(|c| registry.register(c))
    }

    /// Records one triage; `verdict` is one of the verdict kinds (a small fixed set).
    pub fn triage(&self, verdict: &str, took: std::time::Duration) {
        self.triage
            .with_label_values(&[verdict])
            .observe(took.as_secs_f64());
    }

    fn request(&self, call: &Call, status: &str, started: Instant) {
        self.requests
            .with_label_values(&[call.verb, &call.resource, status])
            .inc();
        self.latency
            .with_label_values(&[call.verb, &call.resource])
            .observe(started.elapsed().as_secs_f64());
    }
}

/// Verb and resource of one request, read from its method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Call {
    /// `get`, `list`, `watch`, `create`, ...
    verb: &'static str,
    /// RBAC style: `pods`, `pods/log`, `deployments.apps`; `other` for paths outside the API.
    resource: String,
}

impl Call {
    fn of(method: &Method, path: &str, query: Option<&str>) -> Call {
        let (group, rest) = if let Some(rest) = path.strip_prefix("/api/v1/") {
            ("", rest)
        } else if let Some(after) = path.strip_prefix("/apis/") {
            let mut it = after.splitn(3, '/');
            match (it.next(), it.next(), it.next()) {
                (Some(group), Some(_version), Some(rest)) => (group, rest),
                _ => ("", ""),
            }
        } else {
            ("", "")
        };
        let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        // `namespaces/NS/PLURAL/...` is namespaced; `namespaces` or `namespaces/NS` is the
        // Namespace resource itself.
        let segs = match segs.as_slice() {
            ["namespaces", _, tail @ ..] if !tail.is_empty() => tail,
            all => all,
        };
        let (plural, named, sub) = match segs {
            [plural] => (Some(*plural), false, None),
            [plural, _name] => (Some(*plural), true, None),
            [plural, _name, sub, ..] => (Some(*plural), true, Some(*sub)),
            [] => (None, false, None),
        };
        let Some(plural) = plural else {
            return Call {
                verb: verb(method, false, false),
                resource: "other".into(),
            };
        };
        let mut resource = if group.is_empty() {
            plural.to_string()
        } else {
            format!("{plural}.{group}")
        };
        if let Some(sub) = sub {
            resource = format!("{resource}/{sub}");
        }
        let watch = query.is_some_and(|q| q.split('&').any(|p| p == "watch=true"));
        Call {
            verb: verb(method, named, watch),
            resource,
        }
    }
}

fn verb(method: &Method, named: bool, watch: bool) -> &'static str {
    match *method {
        Method::GET if watch => "watch",
        Method::GET if named => "get",
        Method::GET => "list",
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "patch",
        Method::DELETE => "delete",
        _ => "other",
    }
}

/// Counts each request of the client it wraps (a no-op without metrics).
#[derive(Debug, Clone)]
pub struct ApiMetricsLayer {
    metrics: Option<ApiMetrics>,
}

impl ApiMetricsLayer {
    pub fn new(metrics: Option<ApiMetrics>) -> Self {
        ApiMetricsLayer { metrics }
    }
}

impl<S> Layer<S> for ApiMetricsLayer {
    type Service = ApiMetricsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ApiMetricsService {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// The service `ApiMetricsLayer` makes.
#[derive(Debug, Clone)]
pub struct ApiMetricsService<S> {
    inner: S,
    metrics: Option<ApiMetrics>,
}

/// Records a request when it ends; one dropped before its answer (a timeout or the triage
/// deadline cancelled it) counts as `timeout`.
struct Pending {
    metrics: ApiMetrics,
    call: Call,
    started: Instant,
    status: Option<String>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        let status = self.status.as_deref().unwrap_or("timeout");
        self.metrics.request(&self.call, status, self.started);
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ApiMetricsService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<S::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let pending = self.metrics.clone().map(|metrics| Pending {
            metrics,
            call: Call::of(req.method(), req.uri().path(), req.uri().query()),
            started: Instant::now(),
            status: None,
        });
        let response = self.inner.call(req);
        Box::pin(async move {
            let result = response.await.map_err(Into::into);
            if let Some(mut pending) = pending {
                pending.status = Some(match &result {
                    Ok(r) => r.status().as_u16().to_string(),
                    Err(e) if is_elapsed(e.as_ref()) => "timeout".into(),
                    Err(_) => "error".into(),
                });
            }
            result
        })
    }
}

fn is_elapsed(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if e.is::<tower::timeout::error::Elapsed>() {
            return true;
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: Method, path: &str) -> (String, String) {
        let (p, q) = path
            .split_once('?')
            .map_or((path, None), |(p, q)| (p, Some(q)));
        let c = Call::of(&method, p, q);
        (c.verb.to_string(), c.resource)
    }

    #[test]
    fn verbs_and_resources_come_from_the_path() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            call(
                Method::GET,
                "/api/v1/namespaces/production/pods?&limit=1000"
            ),
            s("list", "pods")
        );
        assert_eq!(
            call(Method::GET, "/api/v1/namespaces/production/pods/web-1/log"),
            s("get", "pods/log")
        );
        assert_eq!(call(Method::GET, "/api/v1/nodes"), s("list", "nodes"));
        assert_eq!(
            call(Method::GET, "/api/v1/namespaces/prod"),
            s("get", "namespaces")
        );
        assert_eq!(
            call(Method::GET, "/apis/apps/v1/namespaces/p/deployments/web"),
            s("get", "deployments.apps")
        );
        assert_eq!(
            call(Method::GET, "/apis/metrics.k8s.io/v1beta1/nodes"),
            s("list", "nodes.metrics.k8s.io")
        );
        assert_eq!(
            call(Method::GET, "/api/v1/pods?&watch=true"),
            s("watch", "pods")
        );
        assert_eq!(
            call(
                Method::POST,
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
            ),
            s("create", "selfsubjectaccessreviews.authorization.k8s.io")
        );
        assert_eq!(call(Method::GET, "/version"), s("list", "other"));
    }

    #[test]
    fn requests_triages_and_timeouts_show_in_the_registry() {
        let m = ApiMetrics::new().unwrap();
        let registry = Registry::new();
        m.register(&registry).unwrap();
        let c = Call::of(&Method::GET, "/api/v1/namespaces/a/pods", None);
        m.request(&c, "200", Instant::now());
        drop(Pending {
            metrics: m.clone(),
            call: c,
            started: Instant::now(),
            status: None,
        });
        m.triage("healthy", std::time::Duration::from_millis(30));
        let families = registry.gather();
        let mut text = Vec::new();
        prometheus::Encoder::encode(&prometheus::TextEncoder::new(), &families, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        for line in [
            "warroom_apiserver_requests_total{resource=\"pods\",status=\"200\",verb=\"list\"} 1",
            "warroom_apiserver_requests_total{resource=\"pods\",status=\"timeout\",verb=\"list\"} 1",
            "warroom_apiserver_request_seconds_count{resource=\"pods\",verb=\"list\"} 2",
            "warroom_triage_seconds_bucket{verdict=\"healthy\",le=\"0.05\"} 1",
        ] {
            assert!(text.contains(line), "{line} missing in:\n{text}");
        }
    }
}
