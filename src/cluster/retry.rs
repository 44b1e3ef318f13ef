//! One second chance for a read: a GET whose connection broke (reset, closed mid-answer) or that
//! the API server throttled with a short `Retry-After` (429 from API Priority and Fairness, 503
//! while it starts) is sent once more, so that one dropped connection or one busy moment does
//! not turn the rest of a triage into "not checked". A read is retried at most once, never one
//! that timed out (its time is spent), and never a request other than GET (the self-subject
//! reviews are POSTs). The per-request timeout and the triage deadline sit outside this layer:
//! the retry, its wait included, stays within them, and a wait longer than half the request
//! timeout is not started (the throttle is reported rather than turned into a timeout).

use std::time::Duration;

use http::header::RETRY_AFTER;
use http::{Method, Request, Response, StatusCode};
use kube::client::Body;
use tower::BoxError;
use tower::retry::Policy;

use super::error::is_timeout;

/// The longest `Retry-After` honoured; a longer one is reported as the refusal it is.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(2);

/// Retries a GET once; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct RetryOnce {
    left: u8,
    /// The longest `Retry-After` waited for.
    max_wait: Duration,
}

impl RetryOnce {
    /// The policy for requests that each have `timeout` to be answered.
    pub fn within(timeout: Duration) -> Self {
        RetryOnce {
            left: 1,
            max_wait: MAX_RETRY_AFTER.min(timeout / 2),
        }
    }
}

impl<B> Policy<Request<Body>, Response<B>, BoxError> for RetryOnce {
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        request: &mut Request<Body>,
        result: &mut Result<Response<B>, BoxError>,
    ) -> Option<Self::Future> {
        if self.left == 0 || request.method() != Method::GET {
            return None;
        }
        let wait = match result {
            Ok(response) => throttled_for(response).filter(|d| *d <= self.max_wait)?,
            Err(e) if is_timeout(e.as_ref()) => return None,
            Err(_) => Duration::ZERO,
        };
        self.left -= 1;
        Some(tokio::time::sleep(wait))
    }

    fn clone_request(&mut self, request: &Request<Body>) -> Option<Request<Body>> {
        if request.method() != Method::GET {
            return None;
        }
        let mut copy = Request::new(request.body().try_clone()?);
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.version_mut() = request.version();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        Some(copy)
    }
}

/// How long a 429 or 503 asks to wait, when it gives a `Retry-After` in seconds.
fn throttled_for<B>(response: &Response<B>) -> Option<Duration> {
    if !matches!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        return None;
    }
    let secs: u64 = response
        .headers()
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get() -> Request<Body> {
        Request::get("/api/v1/namespaces/shop/pods")
            .header("impersonate-user", "alice")
            .body(Body::empty())
            .unwrap()
    }

    fn answer(status: StatusCode, retry_after: Option<&str>) -> Result<Response<()>, BoxError> {
        let mut response = Response::builder().status(status);
        if let Some(secs) = retry_after {
            response = response.header(RETRY_AFTER, secs);
        }
        Ok(response.body(()).unwrap())
    }

    /// The policy's copy of `request` for a second try, as a client of `()` answers uses it.
    fn copy(request: &Request<Body>) -> Option<Request<Body>> {
        Policy::<Request<Body>, Response<()>, BoxError>::clone_request(&mut policy(), request)
    }

    /// The policy of a cluster whose requests have 5 s each.
    fn policy() -> RetryOnce {
        RetryOnce::within(Duration::from_secs(5))
    }

    fn retried(request: &mut Request<Body>, mut result: Result<Response<()>, BoxError>) -> bool {
        policy().retry(request, &mut result).is_some()
    }

    #[tokio::test]
    async fn a_broken_connection_and_a_short_throttle_are_retried_once() {
        let broken: BoxError = Box::new(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(retried(&mut get(), Err(broken)));
        assert!(retried(
            &mut get(),
            answer(StatusCode::TOO_MANY_REQUESTS, Some("1"))
        ));
        assert!(retried(
            &mut get(),
            answer(StatusCode::SERVICE_UNAVAILABLE, Some("2"))
        ));
        let mut policy = policy();
        let mut reset: Result<Response<()>, BoxError> = Err(Box::new(std::io::Error::from(
            std::io::ErrorKind::ConnectionReset,
        )));
        assert!(policy.retry(&mut get(), &mut reset).is_some());
        assert!(policy.retry(&mut get(), &mut reset).is_none(), "only once");
    }

    #[tokio::test]
    async fn timeouts_refusals_long_throttles_and_writes_are_not_retried() {
        let timed_out: BoxError = Box::new(std::io::Error::from(std::io::ErrorKind::TimedOut));
        assert!(!retried(&mut get(), Err(timed_out)));
        assert!(!retried(&mut get(), answer(StatusCode::FORBIDDEN, None)));
        assert!(!retried(
            &mut get(),
            answer(StatusCode::INTERNAL_SERVER_ERROR, None)
        ));
        assert!(!retried(
            &mut get(),
            answer(StatusCode::TOO_MANY_REQUESTS, None)
        ));
        assert!(!retried(
            &mut get(),
            answer(StatusCode::TOO_MANY_REQUESTS, Some("30"))
        ));
        // Half of a 1 s request timeout is less than the second asked for.
        let mut throttled = answer(StatusCode::TOO_MANY_REQUESTS, Some("1"));
        assert!(
            RetryOnce::within(Duration::from_secs(1))
                .retry(&mut get(), &mut throttled)
                .is_none()
        );
        let mut post = Request::post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
            .body(Body::empty())
            .unwrap();
        let broken: BoxError = Box::new(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(!retried(&mut post, Err(broken)));
        assert!(copy(&post).is_none());
    }

    #[test]
    fn the_copy_keeps_the_identity_headers() {
        let copy = copy(&get()).unwrap();
        assert_eq!(copy.uri(), "/api/v1/namespaces/shop/pods");
        assert_eq!(copy.headers()["impersonate-user"], "alice");
    }
}
