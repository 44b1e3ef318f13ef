//! A fault-injecting HTTP proxy for tests: it sits between kube's client and the fake API
//! server, forwards every request (so the fake server still records it) and, when a rule
//! matches the request's path, answers with a fault instead of the real answer: an error
//! status, 429 with Retry-After, a reset connection, truncated JSON, a stall, a delay, or a
//! body that trickles; every time, or for the first matching request only. One request per
//! connection (`Connection: close`), plain HTTP/1.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What to do to a matching request's answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer this status with a Kubernetes `Status` body (403, 500, ...).
    Status(u16),
    /// Answer this status with a plain-text body, as a proxy in front of the API server does
    /// (Envoy's "upstream connect error …").
    PlainText(u16),
    /// 429 Too Many Requests with `Retry-After: secs`.
    TooManyRequests { retry_after_secs: u64 },
    /// Reset the connection (RST) instead of answering.
    Reset,
    /// The real answer with its JSON body cut in half (Content-Length matching the cut).
    TruncatedJson,
    /// Never answer (the connection stays open).
    Stall,
    /// The real answer, after a delay.
    Delay(Duration),
    /// The real headers, then the body `chunk` bytes at a time, one chunk per `every`.
    Trickle { chunk: usize, every: Duration },
    /// The fault for the first matching request; the ones after it get the real answer
    /// (a dropped connection or a busy moment that passes). Made by `Fault::first_only`.
    FirstOnly(Box<Fault>, Arc<AtomicBool>),
}

impl Fault {
    /// `fault` for the first matching request only.
    pub fn first_only(fault: Fault) -> Fault {
        Fault::FirstOnly(Box::new(fault), Arc::new(AtomicBool::new(false)))
    }
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    url: String,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Proxies to `upstream` (`http://127.0.0.1:PORT`); a request whose target (path and query,
    /// as sent) contains a rule's text gets that rule's fault (the first matching rule wins).
    pub async fn start(upstream: &str, rules: Vec<(&str, Fault)>) -> FaultProxy {
        let upstream = upstream
            .strip_prefix("http://")
            .expect("an http:// upstream")
            .to_string();
        let rules: Vec<(String, Fault)> = rules
            .into_iter()
            .map(|(path, fault)| (path.to_string(), fault))
            .collect();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (upstream, rules) = (upstream.clone(), rules.clone());
                tokio::spawn(async move {
                    // A broken test connection only ends that connection.
                    let _ = serve(client, &upstream, &rules).await;
                });
            }
        });
        FaultProxy { url, task }
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    rules: &[(String, Fault)],
) -> std::io::Result<()> {
    let Some((head, body)) = read_request(&mut client).await? else {
        return Ok(());
    };
    let target = head
        .lines()
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let fault = match rules.iter().find(|(p, _)| target.contains(p.as_str())) {
        Some((_, Fault::FirstOnly(fault, spent))) => {
            (!spent.swap(true, Ordering::SeqCst)).then(|| (**fault).clone())
        }
        Some((_, fault)) => Some(fault.clone()),
        None => None,
    };
    if let Some(Fault::Delay(d)) = &fault {
        tokio::time::sleep(*d).await;
    }
    let answer = forward(upstream, &head, &body).await?;
    match fault {
        None | Some(Fault::Delay(_) | Fault::FirstOnly(..)) => client.write_all(&answer).await?,
        Some(Fault::Status(code)) => client.write_all(&status(code, &[])).await?,
        Some(Fault::PlainText(code)) => client.write_all(&plain_text(code)).await?,
        Some(Fault::TooManyRequests { retry_after_secs }) => {
            let header = format!("Retry-After: {retry_after_secs}");
            client.write_all(&status(429, &[&header])).await?;
        }
        Some(Fault::Reset) => {
            client.set_zero_linger()?;
            drop(client);
            return Ok(());
        }
        Some(Fault::TruncatedJson) => {
            let (head, body) = split(&answer);
            let cut = &body[..body.len() / 2];
            let head = with_content_length(head, cut.len());
            client.write_all(head.as_bytes()).await?;
            client.write_all(cut).await?;
        }
        Some(Fault::Stall) => {
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
        Some(Fault::Trickle { chunk, every }) => {
            let (head, body) = split(&answer);
            client.write_all(head.as_bytes()).await?;
            for piece in body.chunks(chunk.max(1)) {
                client.write_all(piece).await?;
                client.flush().await?;
                tokio::time::sleep(every).await;
            }
        }
    }
    client.shutdown().await
}

/// The request head (through the blank line) and its body; `None` at end of stream.
async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    let end = loop {
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        let n = client.read(&mut byte).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let length = content_length(&head);
    let mut body = buf[end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut byte).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Ok(Some((head, body)))
}

/// Sends the request upstream on a fresh connection asking it to close, and reads the whole
/// answer.
async fn forward(upstream: &str, head: &str, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await?;
    let head: String = head
        .trim_end_matches("\r\n")
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    server
        .write_all(format!("{head}Connection: close\r\n\r\n").as_bytes())
        .await?;
    server.write_all(body).await?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).await?;
    Ok(answer)
}

/// A complete answer with a Kubernetes `Status` body.
fn status(code: u16, headers: &[&str]) -> Vec<u8> {
    let reason = match code {
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
    let body = format!(
        r#"{{"kind":"Status","apiVersion":"v1","metadata":{{}},"status":"Failure","message":"injected fault: {code} {reason}","reason":"{}","code":{code}}}"#,
        reason.replace(' ', "")
    );
    let mut out = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&body);
    out.into_bytes()
}

fn plain_text(code: u16) -> Vec<u8> {
    let body = "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
    format!(
        "HTTP/1.1 {code} Error\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn split(answer: &[u8]) -> (String, &[u8]) {
    let at = find(answer, b"\r\n\r\n").map_or(answer.len(), |i| i + 4);
    (
        String::from_utf8_lossy(&answer[..at]).into_owned(),
        &answer[at..],
    )
}

fn with_content_length(head: String, length: usize) -> String {
    head.trim_end_matches("\r\n")
        .lines()
        .map(|l| {
            if l.to_ascii_lowercase().starts_with("content-length:") {
                format!("content-length: {length}\r\n")
            } else {
                format!("{l}\r\n")
            }
        })
        .collect::<String>()
        + "\r\n"
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
