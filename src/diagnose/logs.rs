//! Container logs: known failure patterns (OutOfMemoryError, UnknownHostException, no space left,
//! connection refused/timed out, "Application run failed") and the app's own start-up time.

use std::collections::HashMap;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::resources::{self, HeapSize};
use super::text::{self, MAX_NAMES};
use crate::builtin_regex::{BuiltinRegex, compile_all};
use crate::cluster::{PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind, redact};
use crate::i18n::{Msg, Text};

/// Most lines of one log excerpt.
const MAX_EXCERPT_LINES: usize = 40;
/// Stack-trace lines kept after a matching line.
const CONTEXT_LINES: usize = 4;
/// Longest quoted log line in a title or detail.
const MAX_QUOTE: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Pattern {
    HeapOom,
    NoSpace,
    Dns,
    Connection,
    StartupFailed,
}

/// Matches wherever any of the patterns below could: finds candidate lines in one pass.
static ANY: BuiltinRegex = BuiltinRegex::new(
    r"(?i-u)OutOfMemoryError|UnknownHost|no such host|Name or service not known|name resolution|no space left on device|connection refused|connection timed out|connect timed out|i/o timeout|Application run failed|APPLICATION FAILED TO START",
);
static OOM: BuiltinRegex =
    BuiltinRegex::new(r"java\.lang\.OutOfMemoryError(?::(?-u:\s)*([^\r\n]+))?");
static DNS: BuiltinRegex = BuiltinRegex::new(
    r"(?i)UnknownHostException:?(?-u:\s)*([A-Za-z0-9_.\-]+)?|lookup ([A-Za-z0-9_.\-]+)[^:]*: no such host|Name or service not known|Temporary failure in name resolution",
);
static NO_SPACE: BuiltinRegex = BuiltinRegex::new(r"(?i-u)no space left on device");
static PATH: BuiltinRegex = BuiltinRegex::new(r"/[A-Za-z0-9_.\-/]+");

pub(super) fn warm_up() {
    compile_all(&[&ANY, &OOM, &DNS, &NO_SPACE, &PATH]);
}

/// The lines of `text` (numbered as `str::lines` does) that show a pattern, with the
/// patterns each shows, found in one pass over the text.
fn candidate_lines(text: &str) -> Vec<(usize, Pattern, String)> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut out: Vec<(usize, Pattern, String)> = Vec::new();
    for m in ANY.find_iter(text) {
        let line = starts
            .partition_point(|&s| s <= m.start())
            .saturating_sub(1);
        let literal = m.as_str().to_lowercase();
        let Some(p) = classify(&literal) else {
            continue;
        };
        if !out
            .iter()
            .rev()
            .take_while(|(l, _, _)| *l == line)
            .any(|(_, q, _)| *q == p)
        {
            out.push((line, p, literal));
        }
    }
    out
}

/// The detail a pattern's line carries: OOM kind, host, path or the connection error.
fn line_detail(p: Pattern, line: &str, literal: String) -> Option<String> {
    match p {
        Pattern::HeapOom => OOM
            .captures(line)?
            .get(1)
            .map(|m| m.as_str().trim().to_string()),
        Pattern::Dns => {
            let c = DNS.captures(line)?;
            c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())
        }
        Pattern::NoSpace => {
            let m = NO_SPACE.find(line)?;
            PATH.find_iter(&line[..m.start()])
                .last()
                .map(|p| p.as_str().to_string())
        }
        Pattern::Connection => Some(literal),
        Pattern::StartupFailed => None,
    }
}

/// Which pattern a literal matched by `ANY` (lowercased) belongs to.
fn classify(literal: &str) -> Option<Pattern> {
    Some(match literal {
        "outofmemoryerror" => Pattern::HeapOom,
        "unknownhost" | "no such host" | "name or service not known" | "name resolution" => {
            Pattern::Dns
        }
        "no space left on device" => Pattern::NoSpace,
        "connection refused" | "connection timed out" | "connect timed out" | "i/o timeout" => {
            Pattern::Connection
        }
        "application run failed" | "application failed to start" => Pattern::StartupFailed,
        _ => return None,
    })
}

/// The start-up time an application reports in its own log ("Started X in 11.74 seconds").
#[derive(Debug, Clone, PartialEq)]
pub struct StartedIn {
    pub app: String,
    pub seconds: f64,
    pub line: String,
}

/// The message of a log line without its timestamp/level/logger prefix: the text after the
/// first " : " of a line that starts with a digit (Spring Boot, logback), else the trimmed line.
pub fn message(line: &str) -> &str {
    let line = line.trim();
    match line.split_once(" : ") {
        Some((prefix, msg)) if prefix.starts_with(|c: char| c.is_ascii_digit()) => msg.trim(),
        _ => line,
    }
}

/// Finds the last "Started X in N seconds" line of a log.
pub fn started_in(log: &str) -> Option<StartedIn> {
    log.lines().rev().find_map(parse_started)
}

fn parse_started(line: &str) -> Option<StartedIn> {
    let at = line.find("Started ")?;
    let (app, rest) = line[at + "Started ".len()..].split_once(' ')?;
    let (number, rest) = rest.strip_prefix("in ")?.split_once(' ')?;
    if !rest.starts_with("seconds") {
        return None;
    }
    let seconds: f64 = number.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| StartedIn {
        app: app.to_string(),
        seconds,
        line: line.trim().to_string(),
    })
}

/// The lines of one log that showed one pattern.
struct Hit<'a> {
    log: &'a PodLog,
    workload: String,
    first_line: String,
    detail: Option<String>,
    excerpt: String,
}

/// Matching lines plus the stack-trace lines that follow them, capped.
fn excerpt(lines: &[&str], at: &[usize]) -> String {
    let mut keep: Vec<usize> = Vec::new();
    for &i in at {
        let mut j = i;
        loop {
            if keep.last().is_none_or(|&k| k < j) {
                keep.push(j);
            }
            j += 1;
            let continues = lines
                .get(j)
                .is_some_and(|l| l.starts_with(char::is_whitespace) || l.starts_with("Caused by"));
            if !continues || j > i + CONTEXT_LINES {
                break;
            }
        }
    }
    let total = keep.len();
    let mut out: Vec<String> = keep
        .iter()
        .take(MAX_EXCERPT_LINES)
        .filter_map(|&i| lines.get(i).map(|l| l.to_string()))
        .collect();
    if total > MAX_EXCERPT_LINES {
        out.push(format!("… and {} more lines", total - MAX_EXCERPT_LINES));
    }
    out.join("\n")
}

pub fn analyze(s: &Snapshot, ix: &Index) -> Vec<Finding> {
    let mut hits: HashMap<Pattern, Vec<Hit>> = HashMap::new();
    for log in &s.logs {
        let lines: Vec<&str> = log.text.lines().collect();
        let mut found: HashMap<Pattern, (Vec<usize>, Option<String>)> = HashMap::new();
        for (i, p, literal) in candidate_lines(&log.text) {
            let Some(line) = lines.get(i) else { continue };
            found
                .entry(p)
                .or_insert_with(|| (Vec::new(), line_detail(p, line, literal)))
                .0
                .push(i);
        }
        let workload = ix
            .pod(&log.namespace, &log.pod)
            .map(|p| ix.workload(p).name)
            .unwrap_or_else(|| log.pod.clone());
        for (p, (at, detail)) in found {
            let first = at.first().and_then(|&i| lines.get(i)).unwrap_or(&"");
            hits.entry(p).or_default().push(Hit {
                log,
                workload: workload.clone(),
                first_line: text::truncate(&redact(message(first)), MAX_QUOTE),
                detail: detail.map(|d| redact(&d).into_owned()),
                excerpt: excerpt(&lines, &at),
            });
        }
    }
    let mut patterns: Vec<(Pattern, Vec<Hit>)> = hits.into_iter().collect();
    patterns.sort_by_key(|(p, _)| *p);
    patterns
        .into_iter()
        .map(|(p, hits)| finding(p, &hits, s, ix))
        .collect()
}

fn finding(p: Pattern, hits: &[Hit], s: &Snapshot, ix: &Index) -> Finding {
    let first_detail = hits.iter().find_map(|h| h.detail.clone());
    let (severity, signal, title) = headline(p, first_detail, where_seen(hits));
    let mut lines: Vec<Text> = hits.iter().map(hit_line).collect();
    if p == Pattern::StartupFailed {
        lines.push(Msg::new("finding-log-startup-note").into());
    }
    Finding {
        check: Check::Logs,
        severity,
        signal,
        title,
        detail: Text::Lines(lines),
        subjects: hits
            .iter()
            .map(|h| format!("{}/{}", h.log.namespace, h.log.pod))
            .collect(),
        evidence: hits.iter().map(log_evidence).collect(),
        suggestion: suggestion(p, hits, s, ix).map(Into::into),
    }
}

/// "the previous logs of payment-service and order-service": which logs of which workloads.
fn where_seen(hits: &[Hit]) -> Text {
    let mut workloads: Vec<&str> = Vec::new();
    for h in hits {
        if !workloads.contains(&h.workload.as_str()) {
            workloads.push(&h.workload);
        }
    }
    let all_previous = hits.iter().all(|h| h.log.previous);
    let which = match (all_previous, hits.len() == 1) {
        (true, true) => "previous-one",
        (true, false) => "previous-many",
        (false, true) => "current-one",
        (false, false) => "current-many",
    };
    Text::with(
        Msg::new("logs-where").arg("which", which),
        [("workloads", Text::list(&workloads, MAX_NAMES))],
    )
}

/// Severity, signal and title of a pattern seen in `of`, with the first hit's detail.
fn headline(p: Pattern, first_detail: Option<String>, of: Text) -> (Severity, Signal, Text) {
    let severity = Severity::critical_if(matches!(p, Pattern::HeapOom | Pattern::NoSpace));
    let detail = first_detail.as_deref();
    let pattern = match (p, detail) {
        (Pattern::HeapOom, _) => "oom",
        (Pattern::NoSpace, _) => "nospace",
        (Pattern::Dns, _) => "dns",
        (Pattern::Connection, Some(d)) if d.contains("refused") => "refused",
        (Pattern::Connection, _) => "timeout",
        (Pattern::StartupFailed, _) => "startup",
    };
    let title = Text::with(
        Msg::new("finding-log")
            .arg("pattern", pattern)
            .arg("detail", detail.unwrap_or("none")),
        [("of", of)],
    );
    let signal = match p {
        Pattern::HeapOom => Signal::HeapExhausted,
        Pattern::NoSpace => Signal::NoSpaceLeft,
        Pattern::Dns => Signal::DnsFailure { host: first_detail },
        Pattern::Connection => Signal::ConnectionFailure,
        Pattern::StartupFailed => Signal::StartupFailed,
    };
    (severity, signal, title)
}

/// One detail line per hit: the log, its first matching line and the start-up time it logged.
fn hit_line(h: &Hit) -> Text {
    let seen = Msg::new("finding-log-hit")
        .arg("namespace", h.log.namespace.as_str())
        .arg("pod", h.log.pod.as_str())
        .arg("container", h.log.container.as_str())
        .arg("previous", if h.log.previous { "yes" } else { "no" })
        .arg("line", h.first_line.as_str())
        .into();
    let started = started_in(&h.log.text).map(|st| {
        Msg::new("finding-log-started")
            .arg("seconds", text::seconds(st.seconds))
            .into()
    });
    Text::Sentences(std::iter::once(seen).chain(started).collect())
}

fn suggestion(p: Pattern, hits: &[Hit], s: &Snapshot, ix: &Index) -> Option<Msg> {
    match p {
        Pattern::HeapOom => {
            let mut sizes: Vec<HeapSize> = (hits.iter())
                .map(|h| match ix.pod(&h.log.namespace, &h.log.pod) {
                    Some(pod) => resources::heap_size(s, ix, pod, &h.log.container),
                    None => HeapSize::Unknown,
                })
                .collect();
            sizes.dedup();
            Some(Msg::new(match sizes[..] {
                // The JVM finding of each container sizes its heap from the limit: what fills
                // the heap is what is left to find.
                [HeapSize::Advised] => "finding-log-fix-oom-dump",
                [HeapSize::Set] => "finding-log-fix-oom-sized",
                _ => "finding-log-fix-oom",
            }))
        }
        Pattern::NoSpace => hits.first().map(|h| {
            let dir = h
                .detail
                .as_deref()
                .and_then(|d| d.rsplit_once('/').map(|(dir, _)| dir.to_string()))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "/".into());
            let (pod, ns, c) = (&h.log.pod, &h.log.namespace, &h.log.container);
            // A crashed container cannot be exec'd into: a copy of its pod runs `df` instead.
            let command = if h.log.previous {
                format!(
                    "kubectl debug {pod} -n {ns} -it --copy-to={pod}-df --container={c} \
                     -- df -h {dir}; kubectl delete pod {pod}-df -n {ns}"
                )
            } else {
                format!("kubectl exec {pod} -n {ns} -c {c} -- df -h {dir}")
            };
            Msg::new("finding-log-fix-nospace")
                .arg("dir", dir)
                .arg("command", command)
        }),
        Pattern::Dns => hits.first().map(|h| {
            let host = h.detail.as_deref().unwrap_or("kubernetes.default");
            Msg::new("finding-log-fix-dns").arg(
                "command",
                format!(
                    "kubectl run net-test -n {} --rm -it --restart=Never \
                     --image=nicolaka/netshoot -- nslookup {host}",
                    h.log.namespace
                ),
            )
        }),
        Pattern::Connection => Some(Msg::new("finding-log-fix-connection").arg(
            "command",
            "kubectl get endpointslices -n <ns> -l kubernetes.io/service-name=<svc>",
        )),
        Pattern::StartupFailed => None,
    }
}

/// The excerpt of one hit's log, with the command that reads it.
fn log_evidence(h: &Hit) -> Evidence {
    let command = if h.log.command.is_empty() {
        format!(
            "kubectl logs {} -n {} -c {}{} --tail=200",
            h.log.pod,
            h.log.namespace,
            h.log.container,
            if h.log.previous { " --previous" } else { "" }
        )
    } else {
        h.log.command.clone()
    };
    Evidence::new(
        EvidenceKind::LogExcerpt,
        Msg::new("evidence-pod-log")
            .arg(
                "which",
                if h.log.previous {
                    "previous"
                } else {
                    "current"
                },
            )
            .arg("pod", h.log.pod.as_str())
            .arg("container", h.log.container.as_str()),
        Some(&command),
        &h.excerpt,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::testdata;

    #[test]
    fn seed_logs_show_heap_exhaustion_dns_and_a_full_disk() {
        let f = testdata::seed_titles(
            analyze,
            "java.lang.OutOfMemoryError: Java heap space in the previous logs of \
                 payment-service and order-service
             No space left on device writing /var/lib/order/journal/2026-11-26.log in the \
                 previous log of order-service
             Name lookup of redis.cache failed (UnknownHostException) in the previous log \
                 of order-service
             Start-up failed (\"Application run failed\") in the previous logs of \
                 payment-service and order-service",
        );
        let oom = &f[0];
        assert_eq!(oom.severity, Severity::Critical);
        assert!(testdata::en(&oom.detail).contains(
            "payment-service-7d9c8b6f5d-22mfr (payment, previous instance): \
             java.lang.OutOfMemoryError: Java heap space. It had started in 11.74 s before that."
        ));
        testdata::expect_command(
            oom,
            0,
            "kubectl logs payment-service-7d9c8b6f5d-22mfr -n production -c payment --previous --tail=200",
        );
        let excerpt = oom.evidence[0].content();
        assert!(excerpt.contains("java.lang.OutOfMemoryError: Java heap space"));
        assert!(excerpt.contains("at java.base/java.util.Arrays.copyOf"));
        assert!(!excerpt.contains("HikariPool-1 - Starting"));
        // Both JVMs are unsized: their JVM findings size the heap, this fix finds what fills it.
        assert_eq!(
            testdata::fix(oom),
            "Find what fills the heap: add -XX:+HeapDumpOnOutOfMemoryError to JAVA_TOOL_OPTIONS \
             and read the dump the next OutOfMemoryError writes"
        );
        assert_eq!(
            f[2].signal,
            Signal::DnsFailure {
                host: Some("redis.cache".into())
            }
        );
        assert!(
            testdata::fix(&f[1]).contains(
                "kubectl debug order-service-5f6b9c7d48-5zhjp -n production -it \
                 --copy-to=order-service-5f6b9c7d48-5zhjp-df --container=order \
                 -- df -h /var/lib/order/journal; \
                 kubectl delete pod order-service-5f6b9c7d48-5zhjp-df -n production"
            ),
            "a crashed container is not exec'd into: {}",
            testdata::fix(&f[1])
        );
        testdata::expect_zh_finding(
            oom,
            "production/payment-service-7d9c8b6f5d-22mfr（payment，上一个实例）：\
             “java.lang.OutOfMemoryError: Java heap space”。在此之前，应用已用 11.74 s 完成启动。",
        );
        testdata::expect_zh_finding(&f[1], "（order，上一个实例）：“");
        assert!(testdata::zh(f[1].suggestion.as_ref().unwrap()).starts_with(
            "清理 /var/lib/order/journal 所在的存储卷，或者为它扩容：kubectl debug order-service-"
        ));
        testdata::expect_zh_finding(&f[2], "（order，上一个实例）：“");
        assert!(testdata::zh(f[2].suggestion.as_ref().unwrap()).starts_with(
            "检查 NetworkPolicy 是否放行了 DNS 出站流量（UDP/TCP 53），\
                 并在该命名空间里测试域名解析：kubectl run net-test -n production"
        ));
        assert!(testdata::fix(&f[2]).ends_with(
            "--image=nicolaka/netshoot -- nslookup redis.cache; check NetworkPolicies for DNS \
             egress (UDP/TCP 53)"
        ));
        testdata::expect_zh_finding(&f[3], "\n与它一起记录的异常才是原因，见其他日志发现。");
        assert!(
            testdata::en(&f[3].detail).ends_with(
                "\nThe exception logged with it is the cause; see the other log findings."
            )
        );
        assert_eq!(f[3].suggestion, None);
        assert!(
            testdata::zh(oom.suggestion.as_ref().unwrap())
                .starts_with("找出是什么占满了堆：在 JAVA_TOOL_OPTIONS 里加上")
        );
    }

    #[test]
    fn the_fix_of_an_out_of_memory_error_follows_how_its_heap_is_sized() {
        use k8s_openapi::api::core::v1::EnvVar;
        let mut s = testdata::seed();
        for (container, also_set) in [("order", false), ("payment", true)] {
            for pod in &mut s.pods {
                let containers = (pod.spec.iter_mut())
                    .flat_map(|spec| &mut std::sync::Arc::make_mut(spec).containers);
                for c in containers.filter(|c| c.name == container) {
                    c.env.get_or_insert_default().push(EnvVar {
                        name: "JAVA_TOOL_OPTIONS".into(),
                        value: Some("-Xmx1g".into()),
                        ..EnvVar::default()
                    });
                }
            }
            let f = analyze(&s, &Index::new(&s));
            let oom = f.iter().find(|f| f.signal == Signal::HeapExhausted);
            let fix = testdata::fix(oom.unwrap());
            if also_set {
                assert_eq!(
                    fix,
                    "The heap's size is set (-Xmx or -XX:MaxRAMPercentage) and it still ran \
                     out: add -XX:+HeapDumpOnOutOfMemoryError to find what fills it, and if the \
                     heap needs more, raise its size and the memory limit together"
                );
            } else {
                // order-service's heap is set, payment-service's is not: one fix for both.
                assert!(
                    fix.starts_with(
                        "Size the heap from the container limit: add -XX:MaxRAMPercentage=80 \
                         to JAVA_TOOL_OPTIONS"
                    ),
                    "{fix}"
                );
            }
        }
    }

    #[test]
    fn reads_the_start_up_time_the_app_reports() {
        let s = testdata::seed();
        let secs: Vec<f64> = s
            .logs
            .iter()
            .filter_map(|l| started_in(&l.text))
            .map(|st| st.seconds)
            .collect();
        assert_eq!(secs, [11.74, 7.6]);
        assert_eq!(
            started_in(&s.logs[0].text).unwrap().app,
            "PaymentApplication"
        );
        assert_eq!(started_in("nothing here"), None);
    }

    #[test]
    fn fires_alone_on_a_refused_connection() {
        let mut s = testdata::healthy();
        s.logs[0].text.push_str(
            "ERROR c.e.web.Client : request failed: Connection refused: redis.cache/10.96.0.7:6379\n",
        );
        let f = testdata::lone(&s, Check::Logs, "Connection refused in the log of web");
        testdata::expect_command(
            &f,
            0,
            "kubectl logs web-6b7f9c5d4-00000 -n shop -c web --tail=200",
        );
        testdata::expect_detail(
            &f,
            "shop/web-6b7f9c5d4-00000 (web): ERROR c.e.web.Client : request failed: Connection refused: \
             redis.cache/10.96.0.7:6379. It had started in 3.2 s before that.",
        );
        testdata::expect_zh_finding(
            &f,
            "shop/web-6b7f9c5d4-00000（web）：“ERROR c.e.web.Client : request failed: Connection refused: \
             redis.cache/10.96.0.7:6379”。在此之前，应用已用 3.2 s 完成启动。",
        );
        assert_eq!(
            testdata::zh(f.suggestion.as_ref().unwrap()),
            "确认目标 Service 有就绪的 endpoints，并且没有 NetworkPolicy 阻断该端口：\
             kubectl get endpointslices -n <ns> -l kubernetes.io/service-name=<svc>"
        );
    }

    #[test]
    fn a_timed_out_connection_is_told_apart_from_a_refused_one() {
        let mut s = testdata::healthy();
        s.logs[0]
            .text
            .push_str("WARN redis: dial tcp 10.96.0.7:6379: i/o timeout\n");
        let f = testdata::single(analyze, &s);
        testdata::expect_title(&f, "Connections timed out in the log of web");
        testdata::expect_zh_title(&f, "web 的日志中连接超时");
        testdata::expect_zh_finding(&f, "：“WARN redis: dial tcp 10.96.0.7:6379: i/o timeout”。");
    }

    #[test]
    fn healthy_log_has_no_findings() {
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
