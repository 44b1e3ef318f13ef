//! Alerts in: Alertmanager's webhook payload (version 4), the bearer-token check, and the
//! routing of each alert to a chat channel (`routes`); `card` turns a routed group into the
//! alert card `Reply` with the triage of the workload its labels name. Platform-neutral: the
//! HTTP endpoint and the console feed payloads in, the chat adapter posts the cards.

pub mod card;
pub mod routes;
pub mod throttle;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::i18n::Msg;

pub use routes::{AlertsConfig, Routes};
pub use throttle::Triages;

/// The environment variable that holds the webhook's bearer token.
pub const TOKEN_ENV: &str = "WARROOM_ALERTS_TOKEN";
/// Largest webhook body accepted (Alertmanager's `max_alerts` keeps real groups far below).
pub const MAX_BODY: usize = 1024 * 1024;
/// The actor alert entries and alert triage are recorded as.
pub const ACTOR: &str = "alertmanager";

/// Whether an alert (or a group) is firing or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Firing,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Firing => "firing",
            Status::Resolved => "resolved",
        }
    }
}

/// Label or annotation names to values, in name order.
pub type Labels = BTreeMap<String, String>;

/// Alertmanager's webhook payload, version 4.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    pub version: String,
    pub receiver: String,
    pub status: Status,
    pub group_key: String,
    /// How many alerts Alertmanager left out (the receiver's `max_alerts`).
    #[serde(default)]
    pub truncated_alerts: u64,
    #[serde(default)]
    pub group_labels: Labels,
    #[serde(default)]
    pub common_labels: Labels,
    #[serde(default)]
    pub common_annotations: Labels,
    #[serde(rename = "externalURL", default)]
    pub external_url: String,
    pub alerts: Vec<Alert>,
}

/// One alert of a payload.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub status: Status,
    pub labels: Labels,
    #[serde(default)]
    pub annotations: Labels,
    pub starts_at: DateTime<Utc>,
    /// Alertmanager sends the zero time (year 1) while an alert fires; see `ended_at`.
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(rename = "generatorURL", default)]
    pub generator_url: String,
    #[serde(default)]
    pub fingerprint: String,
}

impl Alert {
    /// `alertname`, or "alert" when the rule set none.
    pub fn name(&self) -> &str {
        self.labels.get("alertname").map_or("alert", String::as_str)
    }

    /// When a resolved alert ended (none while it fires: its `endsAt` is the zero time or a
    /// future expiry).
    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        match self.status {
            Status::Resolved => self.ends_at.filter(|e| *e >= self.starts_at),
            Status::Firing => None,
        }
    }
}

/// Why a webhook request was refused; the message is the response body.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AlertError {
    #[error(
        "missing or wrong bearer token: set Alertmanager's http_config.authorization.credentials \
         to the value of {TOKEN_ENV}"
    )]
    Unauthorized,
    #[error("not an Alertmanager webhook payload: {0}")]
    Malformed(String),
    #[error(
        "unsupported payload version {0:?}: warroom reads version \"4\" (Alertmanager 0.16 and later)"
    )]
    Version(String),
}

impl AlertError {
    /// The refusal as a catalog message (the `Display` text is the English one, which the
    /// webhook answers Alertmanager with).
    pub fn msg(&self) -> Msg {
        match self {
            AlertError::Unauthorized => Msg::new("alert-error-unauthorized").arg("env", TOKEN_ENV),
            AlertError::Malformed(e) => Msg::new("alert-error-malformed").arg("error", e.as_str()),
            AlertError::Version(v) => Msg::new("alert-error-version").arg("version", v.as_str()),
        }
    }
}

/// The webhook receiver: the bearer token, the compiled routes and the triage throttle its
/// payloads share.
pub struct Receiver {
    token: String,
    pub routes: Routes,
    pub triages: Triages,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("token", &"<hidden>")
            .field("routes", &self.routes)
            .field("triages", &self.triages)
            .finish()
    }
}

impl Receiver {
    pub fn new(token: impl Into<String>, routes: Routes) -> Self {
        Receiver {
            token: token.into(),
            triages: Triages::new(routes.triage_interval, routes.max_concurrent_triages),
            routes,
        }
    }

    /// Checks the token, then parses the body: a request with a wrong token is refused
    /// before its body is read.
    pub fn accept(&self, authorization: Option<&str>, body: &[u8]) -> Result<Payload, AlertError> {
        check_token(&self.token, authorization)?;
        parse(body)
    }
}

/// A group's short id for button ids (Discord allows 100 characters; group keys are longer):
/// the first 16 hex digits of the group key's SHA-256.
pub fn group_id(group_key: &str) -> String {
    hex::encode(&Sha256::digest(group_key)[..8])
}

/// Checks an `Authorization` header against the configured token in constant time (both are
/// hashed first, so neither the content nor the length of the token leaks through timing).
pub fn check_token(expected: &str, authorization: Option<&str>) -> Result<(), AlertError> {
    let given = authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or(AlertError::Unauthorized)?;
    let (a, b) = (Sha256::digest(expected), Sha256::digest(given));
    if expected.is_empty() || !bool::from(a.ct_eq(&b)) {
        return Err(AlertError::Unauthorized);
    }
    Ok(())
}

/// Parses a webhook body, redacted first (`evidence::redact_json`, as every API-server
/// response is): labels and annotations are free text that rules fill from the cluster, and
/// from here they reach the chat, the timeline, the `alert_cards` table and exports. The group
/// key (the `alert_cards` row's key, built from label values) is redacted too.
pub fn parse(body: &[u8]) -> Result<Payload, AlertError> {
    let payload: Payload = serde_json::from_slice(&crate::evidence::redact_json(body))
        .map_err(|e| AlertError::Malformed(e.to_string()))?;
    if payload.version != "4" {
        return Err(AlertError::Version(payload.version));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRING: &str = include_str!("../../tests/fixtures/alerts/firing.json");

    #[test]
    fn the_seed_alert_parses_with_every_field() {
        let p = parse(FIRING.as_bytes()).unwrap();
        assert_eq!(p.status, Status::Firing);
        assert_eq!(p.receiver, "warroom");
        assert_eq!(p.external_url, "http://alertmanager.monitoring:9093");
        assert_eq!(p.common_labels["namespace"], "production");
        let a = &p.alerts[0];
        assert_eq!(a.name(), "PaymentServiceAvailability");
        assert_eq!(a.starts_at.to_rfc3339(), "2026-11-26T14:32:00+00:00");
        assert_eq!(a.ended_at(), None, "a firing alert has not ended");
        assert!(a.generator_url.starts_with("http://prometheus"));
        assert_eq!(a.fingerprint, "8c3f2b1a9d4e5f60");
    }

    #[test]
    fn a_payload_is_redacted_before_anything_reads_it() {
        let mut body: serde_json::Value = serde_json::from_str(FIRING).unwrap();
        body["groupKey"] = "{}:{db=\"postgres://app:gk-pa55word@db:5432/pay\"}".into();
        let alert = &mut body["alerts"][0];
        alert["labels"]["dsn"] = "postgres://app:label-pa55word@db:5432/pay".into();
        alert["annotations"]["description"] = "rotate it: password=annot-pa55word".into();
        alert["generatorURL"] = "http://admin:gen-pa55word@prometheus:9090/graph".into();
        let p = parse(body.to_string().as_bytes()).unwrap();
        let text = format!("{p:?}");
        for secret in [
            "gk-pa55word",
            "label-pa55word",
            "annot-pa55word",
            "gen-pa55word",
        ] {
            assert!(!text.contains(secret), "{secret} survived parsing: {text}");
        }
        assert!(p.alerts[0].annotations["description"].starts_with("rotate it: password="));
        assert!(p.group_key.starts_with("{}:{db="), "{}", p.group_key);
        assert_eq!(p.alerts[0].name(), "PaymentServiceAvailability");
    }

    #[test]
    fn malformed_bodies_say_why() {
        let e = parse(b"{\"version\":\"4\"}").unwrap_err();
        assert!(e.to_string().contains("missing field `receiver`"), "{e}");
        let e = parse(b"not json").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("not an Alertmanager webhook payload"),
            "{e}"
        );
        let old = FIRING.replace("\"version\": \"4\"", "\"version\": \"3\"");
        assert_eq!(parse(old.as_bytes()), Err(AlertError::Version("3".into())));
    }

    #[test]
    fn a_refusal_reads_the_same_from_the_catalog_and_in_chinese_there() {
        use crate::i18n::{Catalog, Locale, english_runs};
        let c = Catalog::new(None).unwrap();
        let old = FIRING.replace("\"version\": \"4\"", "\"version\": \"3\"");
        for e in [
            AlertError::Unauthorized,
            parse(b"not json").unwrap_err(),
            parse(old.as_bytes()).unwrap_err(),
        ] {
            assert_eq!(c.msg(Locale::En, &e.msg()), e.to_string());
            let zh = c.msg(Locale::ZhCn, &e.msg());
            assert_eq!(english_runs(&zh), Vec::<String>::new(), "{zh}");
        }
    }

    #[test]
    fn only_the_right_bearer_token_passes() {
        assert_eq!(check_token("s3cret", Some("Bearer s3cret")), Ok(()));
        assert_eq!(check_token("s3cret", Some("bearer s3cret")), Ok(()));
        for wrong in [
            None,
            Some("Bearer s3cre"),
            Some("Bearer s3cret2"),
            Some("Basic s3cret"),
            Some("s3cret"),
        ] {
            assert_eq!(
                check_token("s3cret", wrong),
                Err(AlertError::Unauthorized),
                "{wrong:?}"
            );
        }
        assert_eq!(
            check_token("", Some("Bearer ")),
            Err(AlertError::Unauthorized)
        );
    }
}
