//! The redaction boundary of the cluster layer: a client layer that redacts every JSON response
//! (without its objects' `managedFields`, see `trim`) and every error response of the API
//! server before kube decodes it, so no unredacted byte of cluster text reaches a `Snapshot`,
//! and from there a report, the timeline, an export or a log line. A successful plain-text
//! response (a container log) streams through, so a slow log stream stays bounded by
//! `ReadOnly::logs`, its one reader, which redacts it once read.

use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::future::BoxFuture;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, Request, Response};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use kube::client::Body;
use tower::{BoxError, Layer, Service};

use super::trim::drop_managed_fields;
use crate::evidence::{redact, redact_json};

/// Adds `RedactBodies` to a client stack. `ReadOnly::connect` puts it innermost, so the
/// request timeout and the concurrency limit also cover reading a body it redacts.
#[derive(Debug, Clone, Copy, Default)]
pub struct RedactLayer;

impl<S> Layer<S> for RedactLayer {
    type Service = RedactBodies<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RedactBodies { inner }
    }
}

/// Bodies of this size or more are redacted on a blocking thread. Redacting is a pass over
/// every byte (~7 ms a MiB, BENCHMARKS.md); on the runtime thread it waits behind, and holds
/// up, the decoding of the other responses of a triage, while a console's second core sits
/// idle. Handing a body over costs a few tens of microseconds, what redacting a few KiB costs.
const REDACT_ASIDE_BYTES: usize = 64 * 1024;

/// Reads each JSON or error response whole and hands kube its redacted form (a large one
/// redacted on a blocking thread, `REDACT_ASIDE_BYTES`).
#[derive(Debug, Clone)]
pub struct RedactBodies<S> {
    inner: S,
}

/// A response body: redacted and whole, or a log streaming through (see the module docs).
#[derive(Debug)]
pub enum RedactedBody<B> {
    Whole(Option<Bytes>),
    Log(B),
}

impl<B> http_body::Body for RedactedBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            RedactedBody::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            RedactedBody::Log(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            RedactedBody::Whole(bytes) => bytes.is_none(),
            RedactedBody::Log(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            RedactedBody::Whole(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            RedactedBody::Whole(None) => SizeHint::with_exact(0),
            RedactedBody::Log(body) => body.size_hint(),
        }
    }
}

impl<S, B> Service<Request<Body>> for RedactBodies<S>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<RedactedBody<B>>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let response = self.inner.call(request);
        Box::pin(async move {
            let (parts, body) = response.await.map_err(Into::into)?.into_parts();
            if parts.status.is_success() && !is_json(&parts.headers) {
                return Ok(Response::from_parts(parts, RedactedBody::Log(body)));
            }
            // A body that breaks off fails as kube reports it when it reads the body itself.
            let bytes = body
                .collect()
                .await
                .map_err(|e| BoxError::from(kube::Error::Service(e.into())))?
                .to_bytes();
            let redacted = if bytes.len() >= REDACT_ASIDE_BYTES {
                let headers = parts.headers.clone();
                tokio::task::spawn_blocking(move || redact_body(&headers, bytes))
                    .await
                    .map_err(|e| BoxError::from(kube::Error::Service(e.into())))?
            } else {
                redact_body(&parts.headers, bytes)
            };
            Ok(Response::from_parts(
                parts,
                RedactedBody::Whole(Some(redacted)),
            ))
        })
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("json"))
}

/// A response body with its secrets masked: JSON by `redact_json`, after its objects'
/// `managedFields` are dropped (`trim`: only bytes warroom never reads go, so there is less to
/// scan and decode), anything else (plain-text errors) as text. An unchanged body is passed on
/// as it came, byte for byte.
pub fn redact_body(headers: &HeaderMap, bytes: Bytes) -> Bytes {
    let starts_like_json = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['));
    if is_json(headers) || (headers.get(CONTENT_TYPE).is_none() && starts_like_json) {
        let lean = drop_managed_fields(&bytes);
        let redacted = match redact_json(&lean) {
            Cow::Owned(redacted) => Some(redacted),
            Cow::Borrowed(_) => None,
        };
        return match (redacted, lean) {
            (Some(redacted), _) => Bytes::from(redacted),
            (None, Cow::Owned(lean)) => Bytes::from(lean),
            (None, Cow::Borrowed(_)) => bytes,
        };
    }
    let text = String::from_utf8_lossy(&bytes);
    match redact(&text) {
        Cow::Borrowed(_) => bytes,
        Cow::Owned(redacted) => Bytes::from(redacted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use tower::ServiceExt;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        h
    }

    #[test]
    fn json_bodies_keep_their_shape_and_lose_their_secrets() {
        let body = br#"{"kind":"PodList","items":[{"metadata":{"managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{}}}],"annotations":{"kubernetes.io/change-cause":"kubectl set env deploy/x DB_PASSWORD=hunter2 --token=ghp_16C7e42F292c6912E7710c838347Ae178B4a"}},"spec":{"containers":[{"args":["--db-password","p4ss\"word"],"env":[{"name":"DB_PASSWORD","value":"env-s3cret"},{"name":"PORT","value":"8080"}]}]}}]}"#;
        let out = redact_body(&headers("application/json"), Bytes::from_static(body));
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let text = value.to_string();
        for secret in [
            "hunter2",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "p4ss",
            "env-s3cret",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let item = &value["items"][0];
        assert_eq!(item["metadata"].get("managedFields"), None);
        assert_eq!(
            item["metadata"]["annotations"]["kubernetes.io/change-cause"],
            "kubectl set env deploy/x DB_PASSWORD=[REDACTED] --token=[REDACTED]"
        );
        let container = &item["spec"]["containers"][0];
        assert_eq!(
            container["args"],
            serde_json::json!(["--db-password", "[REDACTED]"])
        );
        assert_eq!(container["env"][0]["value"], "[REDACTED]");
        assert_eq!(container["env"][1]["value"], "8080");
    }

    #[test]
    fn ordinary_bodies_pass_byte_for_byte() {
        let body = Bytes::from_static(include_bytes!("../demo/seed/version.json"));
        let out = redact_body(&headers("application/json"), body.clone());
        assert_eq!(
            out.as_ptr(),
            body.as_ptr(),
            "an unchanged body is not copied"
        );
        let log = Bytes::from_static(b"INFO started in 1.2 s\nWARN retrying connection\n");
        assert_eq!(redact_body(&headers("text/plain"), log.clone()), log);
    }

    #[test]
    fn objects_lose_their_managed_fields_and_nothing_else() {
        let body = include_str!("../demo/seed/pods.json");
        let out = redact_body(
            &headers("application/json"),
            Bytes::from_static(body.as_bytes()),
        );
        assert!(
            out.len() < body.len() * 2 / 3,
            "{} of {} bytes",
            out.len(),
            body.len()
        );
        let out: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let mut expected: serde_json::Value = serde_json::from_str(body).unwrap();
        for pod in expected["items"].as_array_mut().unwrap() {
            assert!(pod["metadata"]["managedFields"].is_array());
            pod["metadata"]
                .as_object_mut()
                .unwrap()
                .remove("managedFields");
        }
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn large_bodies_are_redacted_on_a_blocking_thread_as_well() {
        let mut items: Vec<serde_json::Value> = (0..3_000)
            .map(|i| serde_json::json!({"metadata": {"name": format!("web-{i}")}}))
            .collect();
        items.push(serde_json::json!({"spec": {"containers": [{"env": [
            {"name": "DB_PASSWORD", "value": "env-s3cret"}
        ]}]}}));
        let body = Bytes::from(
            serde_json::to_vec(&serde_json::json!({"kind": "PodList", "items": items})).unwrap(),
        );
        assert!(body.len() >= REDACT_ASIDE_BYTES, "{} bytes", body.len());
        let api_server = tower::service_fn(move |_: Request<Body>| {
            let response = Response::builder()
                .header(CONTENT_TYPE, "application/json")
                .body(http_body_util::Full::new(body.clone()));
            async move { response }
        });
        let response = RedactLayer
            .layer(api_server)
            .oneshot(Request::new(Body::from(Vec::new())))
            .await
            .unwrap();
        let out = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("env-s3cret"));
        assert!(text.contains(r#"{"name":"DB_PASSWORD","value":"[REDACTED]"}"#));
        assert!(text.contains(r#"{"metadata":{"name":"web-2999"}}"#));
    }

    #[test]
    fn logs_and_cut_bodies_are_redacted_as_text() {
        let log = Bytes::from_static(b"connecting with password=s3cr3t-Pa55 to db\n\xff");
        let out = redact_body(&headers("text/plain; charset=utf-8"), log);
        assert!(!out.windows(12).any(|w| w == b"s3cr3t-Pa55 "));
        assert!(String::from_utf8_lossy(&out).contains("password=[REDACTED] to db"));

        let cut = Bytes::from_static(br#"{"items":[{"message":"token=abc123 and more"#);
        let out = redact_body(&headers("application/json"), cut);
        assert!(!String::from_utf8_lossy(&out).contains("abc123"));
    }
}
