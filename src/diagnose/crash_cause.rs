//! Crash cause: for a restarted container, the exception its previous instance logged last,
//! quoted as the cause — when no known pattern (OutOfMemoryError, name lookups, full disks,
//! refused connections) already explains that log.

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::text;
use crate::builtin_regex::{BuiltinRegex, compile_all};
use crate::cluster::{PodLog, Snapshot};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::Msg;

/// Words of the causes the logs analyzer already reports.
const KNOWN: &[&str] = &[
    "outofmemoryerror",
    "unknownhost",
    "no such host",
    "name resolution",
    "no space left on device",
    "connection refused",
    "timed out",
];

/// Lines quoted around the cause.
const CONTEXT: usize = 4;

/// A line that names an exception, error or panic.
static CAUSE_LINE: BuiltinRegex = BuiltinRegex::new(
    r#"^(?-u:\s)*(?:Caused by: .+|Exception in thread ".*|(?:[A-Za-z_$][A-Za-z0-9_$]*\.)+[A-Za-z_$][A-Za-z0-9_$]*(?:Exception|Error)(?::.*)?|panic: .+|[A-Z][A-Za-z0-9_]*(?:Error|Exception): .+|FATAL.+)$"#,
);

pub(super) fn warm_up() {
    compile_all(&[&CAUSE_LINE]);
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.logs
        .iter()
        .filter(|l| l.previous)
        .filter(|l| {
            let lower = l.text.to_lowercase();
            !KNOWN.iter().any(|k| lower.contains(k))
        })
        .filter_map(finding)
        .collect()
}

fn finding(log: &PodLog) -> Option<Finding> {
    let lines: Vec<&str> = log.text.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("Caused by: ") && CAUSE_LINE.is_match(l))
        .or_else(|| lines.iter().rposition(|l| CAUSE_LINE.is_match(l)))?;
    let cause = lines.get(at)?.trim();
    let cause = cause.strip_prefix("Caused by: ").unwrap_or(cause);
    let from = at.saturating_sub(CONTEXT);
    let excerpt: String = lines
        .iter()
        .skip(from)
        .take(2 * CONTEXT + 1)
        .map(|l| format!("{l}\n"))
        .collect();
    Some(Finding {
        check: Check::Logs,
        severity: Severity::Warning,
        signal: Signal::CrashCause,
        title: Msg::new("finding-crash-cause")
            .arg("pod", log.pod.as_str())
            .arg("container", log.container.as_str())
            .arg("cause", text::truncate(cause, 200))
            .into(),
        detail: Msg::new("finding-crash-cause-detail")
            .arg("container", log.container.as_str())
            .arg("namespace", log.namespace.as_str())
            .arg("pod", log.pod.as_str())
            .into(),
        subjects: vec![format!("{}/{}", log.namespace, log.pod)],
        evidence: vec![Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-exception-log").arg("pod", log.pod.as_str()),
            Some(&log.command),
            &excerpt,
        )],
        suggestion: Some(
            Msg::new("finding-crash-cause-fix")
                .arg("command", log.command.as_str())
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{diagnose, testdata};

    fn with_previous(text: &str) -> Snapshot {
        let mut s = testdata::healthy();
        s.logs[0].previous = true;
        s.logs[0].text = text.into();
        s.logs[0].command = "kubectl logs web-6b7f9c5d4-00000 -n shop -c web --previous".into();
        s
    }

    #[test]
    fn the_last_exception_of_a_crashed_instance_is_quoted_alone() {
        let s = with_previous(
            "INFO Starting WebApplication\n\
             ERROR Application run failed\n\
             org.springframework.beans.factory.BeanCreationException: Error creating bean 'orders'\n\
             \tat org.springframework.Foo.bar(Foo.java:12)\n\
             Caused by: java.lang.IllegalStateException: ORDERS_DB_URL is not set\n\
             \tat com.example.Config.load(Config.java:33)\n",
        );
        let all = diagnose(&s).findings;
        let mine: Vec<&Finding> = all
            .iter()
            .filter(|f| f.signal == Signal::CrashCause)
            .collect();
        assert_eq!(mine.len(), 1, "{all:#?}");
        assert_eq!(
            testdata::en(&mine[0].title),
            "web-6b7f9c5d4-00000 (web) last crashed with: java.lang.IllegalStateException: \
             ORDERS_DB_URL is not set"
        );
        testdata::expect_evidence(mine[0], 0, "Config.load");
        testdata::expect_detail(
            mine[0],
            "The previous instance of container web in shop/web-6b7f9c5d4-00000 logged this \
             exception last before it exited.",
        );
        assert_eq!(
            testdata::fix(mine[0]),
            "Fix what the exception names, then watch the next start: \
             kubectl logs web-6b7f9c5d4-00000 -n shop -c web --previous"
        );
        testdata::expect_zh_title(
            mine[0],
            "web-6b7f9c5d4-00000（web）上次崩溃时的异常：“java.lang.IllegalStateException: \
             ORDERS_DB_URL is not set”",
        );
        testdata::expect_zh_finding(
            mine[0],
            "shop/web-6b7f9c5d4-00000 中容器 web 的上一个实例在退出前，最后记录的就是这个异常。",
        );
        assert_eq!(
            testdata::zh(mine[0].suggestion.as_ref().unwrap()),
            "先修复异常指出的问题，再观察下一次启动：\
             kubectl logs web-6b7f9c5d4-00000 -n shop -c web --previous"
        );
    }

    #[test]
    fn known_causes_and_clean_logs_are_left_to_the_other_analyzers() {
        assert!(testdata::run(analyze, &testdata::seed()).is_empty());
        assert!(
            testdata::run(
                analyze,
                &with_previous("INFO started\nINFO stopping on SIGTERM\n")
            )
            .is_empty()
        );
        assert!(testdata::run(analyze, &testdata::healthy()).is_empty());
    }
}
