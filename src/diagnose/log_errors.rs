//! Errors in the current log of a ready pod: a pod that passes its readiness probe while most
//! of what it logs is errors or HTTP 5xx answers (read only when its workload is degraded).

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text;
use crate::builtin_regex::{BuiltinRegex, compile_all};
use crate::cluster::{PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::Msg;

/// At least this many error lines…
const MIN_LINES: usize = 5;
/// …and at least this share of the log (percent) make a finding.
const MIN_PERCENT: usize = 10;
/// Most error lines quoted as evidence.
const MAX_QUOTED: usize = 20;

static ERROR: BuiltinRegex =
    BuiltinRegex::new(r"(?i-u)\b(error|fatal|panic|exception)\b|Exception\b");
static HTTP_5XX: BuiltinRegex =
    BuiltinRegex::new(r#"(?i-u)"\s+5\d\d\s|\bstatus[=:]\s*"?5\d\d\b|\bHTTP/\d(\.\d)?\s+5\d\d\b"#);

pub(super) fn warm_up() {
    compile_all(&[&ERROR, &HTTP_5XX]);
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.logs
        .iter()
        .filter(|l| !l.previous)
        .filter_map(finding)
        .collect()
}

fn finding(log: &PodLog) -> Option<Finding> {
    let lines: Vec<&str> = log.text.lines().filter(|l| !l.trim().is_empty()).collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| ERROR.is_match(l) || HTTP_5XX.is_match(l))
        .collect();
    let http = errors.iter().filter(|l| HTTP_5XX.is_match(l)).count();
    if errors.len() < MIN_LINES || errors.len() * 100 < lines.len() * MIN_PERCENT {
        return None;
    }
    let title = Msg::new("finding-log-errors")
        .arg("pod", log.pod.as_str())
        .arg("container", log.container.as_str())
        .arg("errors", errors.len())
        .arg("lines", lines.len())
        .arg("http", http);
    Some(Finding {
        check: Check::Logs,
        severity: Severity::Warning,
        signal: Signal::LogErrors {
            lines: errors.len(),
        },
        title: title.into(),
        detail: Msg::new("finding-log-errors-latest")
            .arg(
                "line",
                text::truncate(errors.last().copied().unwrap_or(""), 300),
            )
            .into(),
        subjects: vec![format!("{}/{}", log.namespace, log.pod)],
        evidence: vec![Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-log-errors").arg("pod", log.pod.as_str()),
            Some(&log.command),
            &text::lines_capped(
                None,
                errors
                    .iter()
                    .rev()
                    .take(MAX_QUOTED)
                    .rev()
                    .map(|l| text::truncate(l, 300))
                    .collect::<Vec<_>>(),
            ),
        )],
        suggestion: Some(
            Msg::new("finding-log-errors-fix")
                .arg("command", log.command.as_str())
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::testdata;

    fn with_current_log(text: &str) -> Snapshot {
        let mut s = testdata::healthy();
        s.logs[0].text = text.into();
        s
    }

    #[test]
    fn a_ready_pod_answering_500s_fires_alone() {
        let line = |i: usize| {
            format!(
                "10.0.0.{i} - - [26/Nov/2026:18:20:0{}] \"GET /api/orders HTTP/1.1\" 500 87\n",
                i % 10
            )
        };
        let mut log: String = (0..12).map(line).collect();
        log.push_str(
            "ERROR OrderController: java.sql.SQLTransientConnectionException: pool exhausted\n",
        );
        log.push_str("INFO healthz ok\n");
        let f = testdata::lone(
            &with_current_log(&log),
            Check::Logs,
            "web-6b7f9c5d4-00000 (web) is ready but its current log is mostly errors: 13 of 14 \
             lines, HTTP 5xx ×12",
        );
        testdata::expect_detail(&f, "pool exhausted");
        testdata::expect_zh_title(
            &f,
            "web-6b7f9c5d4-00000（web）已就绪，但当前日志大多是错误：14 行中有 13 行，\
             其中 HTTP 5xx ×12",
        );
        testdata::expect_zh_finding(
            &f,
            "最近一条错误：“ERROR OrderController: \
             java.sql.SQLTransientConnectionException: pool exhausted”",
        );
        assert_eq!(
            testdata::fix(&f),
            "The pod serves errors while its readiness probe passes: read them (kubectl logs \
             web-6b7f9c5d4-00000 -n shop -c web --tail=200) and make the readiness probe check \
             what fails"
        );
        assert_eq!(
            testdata::zh(f.suggestion.as_ref().unwrap()),
            "readiness 探针一直通过，Pod 却在返回错误：让 readiness 探针检查真正出错的部分，\
             并查看这些错误：kubectl logs web-6b7f9c5d4-00000 -n shop -c web --tail=200"
        );
    }

    #[test]
    fn errors_without_http_answers_are_counted_alone() {
        let mut log = "INFO GET /api/orders 200\n".repeat(10);
        log.push_str(&"ERROR payment gateway unreachable\n".repeat(5));
        let f = testdata::single(analyze, &with_current_log(&log));
        testdata::expect_title(
            &f,
            "web-6b7f9c5d4-00000 (web) is ready but its current log is mostly errors: 5 of 15 lines",
        );
        testdata::expect_zh_title(
            &f,
            "web-6b7f9c5d4-00000（web）已就绪，但当前日志大多是错误：15 行中有 5 行",
        );
        testdata::expect_zh_finding(&f, "“ERROR payment gateway unreachable”");
        testdata::expect_command(
            &f,
            0,
            "kubectl logs web-6b7f9c5d4-00000 -n shop -c web --tail=200",
        );
    }

    #[test]
    fn a_few_errors_in_a_busy_log_are_not_news() {
        let mut log = "INFO GET /api/orders 200\n".repeat(100);
        log.push_str(&"WARN retrying after error\n".repeat(6));
        assert!(testdata::run(analyze, &with_current_log(&log)).is_empty());
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
