//! A tiny fake of Discord's REST API: records every request (method, path, JSON or multipart
//! body) and answers the routes warroom uses as Discord does; also serves attachment bytes
//! under `/files/NAME` so `/note` can fetch one; `fail_next` makes the next channel messages
//! fail with a chosen status. Shared by the Discord integration tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    /// The JSON body, or the `payload_json` part of a multipart body.
    pub json: Value,
    /// Files of a multipart body: (filename, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    files: Mutex<HashMap<String, Vec<u8>>>,
    /// Statuses to answer the next channel-message posts with, first to last.
    failures: Mutex<Vec<u16>>,
}

/// The running fake; stops when dropped.
pub struct FakeDiscord {
    pub url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let shared = Arc::new(Shared::default());
        let router = Router::new().fallback(answer).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        FakeDiscord { url, shared, task }
    }

    /// Serves `bytes` at `{url}/files/{name}` and returns that URL.
    pub fn serve_file(&self, name: &str, bytes: &[u8]) -> String {
        self.shared
            .files
            .lock()
            .unwrap()
            .insert(name.into(), bytes.to_vec());
        format!("{}/files/{name}", self.url)
    }

    /// Answers the next channel-message posts with these statuses (e.g. 500, 429), in order,
    /// before posting normally again. A failed post is recorded like any other request.
    pub fn fail_next(&self, statuses: &[u16]) {
        let mut failures = self.shared.failures.lock().unwrap();
        failures.clear();
        failures.extend(statuses.iter().rev());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests to `method` on a path ending with `suffix`.
    pub fn matching(&self, method: &Method, suffix: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path.ends_with(suffix))
            .collect()
    }

    /// Waits (up to 10 s) for a request to `method` on a path ending with `suffix`.
    pub async fn wait_for(&self, method: Method, suffix: &str) -> Recorded {
        for _ in 0..200 {
            if let Some(r) = self.matching(&method, suffix).into_iter().next() {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no {method} …{suffix} reached the fake Discord; it saw: {:?}",
            self.requests()
                .iter()
                .map(|r| format!("{} {}", r.method, r.path))
                .collect::<Vec<_>>()
        )
    }
}

/// A message as Discord returns it (the fields serenity requires).
fn message(channel: &str, content: &Value) -> Value {
    json!({
        "id": "1382371295232131102",
        "channel_id": channel,
        "author": { "id": "1248093577216442398", "username": "warroom", "discriminator": "0",
                    "avatar": null, "bot": true, "global_name": null, "public_flags": 0 },
        "content": content.as_str().unwrap_or_default(),
        "timestamp": "2026-11-26T14:50:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": []
    })
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if method == Method::GET
        && let Some(name) = path.strip_prefix("/files/")
    {
        return match shared.files.lock().unwrap().get(name) {
            Some(bytes) => bytes.clone().into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (json, files) = match content_type.split_once("boundary=") {
        Some((_, boundary)) => multipart(&body, boundary.trim_matches('"')),
        None => (
            serde_json::from_slice(&body).unwrap_or(Value::Null),
            Vec::new(),
        ),
    };
    let content = json["content"].clone();
    let name = json["name"].clone();
    shared.requests.lock().unwrap().push(Recorded {
        method: method.clone(),
        path: path.clone(),
        json,
        files,
    });
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => {
            axum::Json(message("1", &content)).into_response()
        }
        ("DELETE", ["webhooks", _, _, "messages", "@original"]) => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["webhooks", _, _]) => axum::Json(message("1", &content)).into_response(),
        ("POST", ["channels", channel, "messages"]) => {
            match shared.failures.lock().unwrap().pop() {
                Some(429) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "0")],
                    axum::Json(json!({ "message": "You are being rate limited.",
                                       "retry_after": 0.01, "global": false })),
                )
                    .into_response(),
                Some(status) => (
                    StatusCode::from_u16(status).unwrap(),
                    axum::Json(json!({ "message": "injected failure", "code": 0 })),
                )
                    .into_response(),
                None => axum::Json(message(channel, &content)).into_response(),
            }
        }
        ("PATCH", ["channels", channel, "messages", _]) => {
            axum::Json(message(channel, &content)).into_response()
        }
        ("POST", ["channels", channel, "messages", _, "threads"]) => axum::Json(json!({
            "id": "1382400000000000001", "type": 11, "guild_id": "558691380101251083",
            "parent_id": channel, "name": name, "owner_id": "1248093577216442398",
            "rate_limit_per_user": 0, "flags": 0, "message_count": 0, "member_count": 1,
            "thread_metadata": { "archived": false, "auto_archive_duration": 10080,
                                 "archive_timestamp": "2026-11-26T14:50:00.000000+00:00",
                                 "locked": false }
        }))
        .into_response(),
        ("POST", ["interactions", _, _, "callback"]) | ("PUT", ["channels", _, "pins", _]) => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            axum::Json(json!([])).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({ "message": "404: Not Found", "code": 0 })),
        )
            .into_response(),
    }
}

/// Splits a multipart/form-data body into its `payload_json` and its files.
fn multipart(body: &[u8], boundary: &str) -> (Value, Vec<(String, Vec<u8>)>) {
    let delimiter = format!("--{boundary}");
    let mut json = Value::Null;
    let mut files = Vec::new();
    for part in split(body, delimiter.as_bytes()) {
        let Some(header_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..header_end]).to_string();
        let mut data = &part[header_end + 4..];
        if data.ends_with(b"\r\n") {
            data = &data[..data.len() - 2];
        }
        let field = |key: &str| {
            let marker = format!("{key}=\"");
            let start = headers.find(&marker)? + marker.len();
            let end = headers[start..].find('"')? + start;
            Some(headers[start..end].to_string())
        };
        match (field("name"), field("filename")) {
            (Some(name), None) if name == "payload_json" => {
                json = serde_json::from_slice(data).unwrap_or(Value::Null);
            }
            (_, Some(filename)) => files.push((filename, data.to_vec())),
            _ => {}
        }
    }
    (json, files)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(i) = find(rest, delimiter) {
        parts.push(&rest[..i]);
        rest = &rest[i + delimiter.len()..];
    }
    parts.push(rest);
    parts
        .into_iter()
        .map(|p| p.strip_prefix(b"\r\n").unwrap_or(p))
        .filter(|p| !p.is_empty() && !p.starts_with(b"--"))
        .collect()
}
