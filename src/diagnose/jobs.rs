//! Jobs and CronJobs: Jobs that failed or keep retrying, suspended Jobs and CronJobs, a CronJob
//! whose latest Job failed, and a schedule that cannot be parsed.

use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Index;
use super::finding::{Check, Finding, Severity, Signal};
use super::meta;
use super::text;
use crate::cluster::Snapshot;
use crate::evidence::Evidence;
use crate::i18n::{Msg, Text};

fn cron_owner(j: &Job) -> Option<&str> {
    j.metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.kind == "CronJob")
        .map(|o| o.name.as_str())
}

fn condition<'a>(j: &'a Job, t: &str) -> Option<&'a k8s_openapi::api::batch::v1::JobCondition> {
    j.status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == t && c.status == "True")
}

fn started(j: &Job) -> Option<chrono::DateTime<chrono::Utc>> {
    j.status
        .as_ref()
        .and_then(|st| st.start_time.as_ref())
        .or(j.metadata.creation_timestamp.as_ref())
        .and_then(text::time)
}

/// True when a later Job of the same CronJob completed, so this failure is history.
fn superseded(s: &Snapshot, j: &Job) -> bool {
    let Some(owner) = cron_owner(j) else {
        return false;
    };
    let at = started(j);
    s.jobs.iter().any(|o| {
        cron_owner(o) == Some(owner)
            && meta::ns(&o.metadata) == meta::ns(&j.metadata)
            && started(o) > at
            && condition(o, "Complete").is_some()
    })
}

fn job_lines(j: &Job) -> Vec<String> {
    let st = j.status.as_ref();
    let spec = j.spec.as_ref();
    let mut lines = vec![format!(
        "Name: {}\nNamespace: {}\nCompletions: {}\nBackoff limit: {}\nPods Statuses: {} Active / \
         {} Succeeded / {} Failed",
        meta::name(&j.metadata),
        meta::ns(&j.metadata),
        spec.and_then(|s| s.completions).unwrap_or(1),
        spec.and_then(|s| s.backoff_limit).unwrap_or(6),
        st.and_then(|s| s.active).unwrap_or(0),
        st.and_then(|s| s.succeeded).unwrap_or(0),
        st.and_then(|s| s.failed).unwrap_or(0),
    )];
    lines.extend(
        st.and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .map(|c| {
                format!(
                    "Condition {}={}: {} {}",
                    c.type_,
                    c.status,
                    c.reason.as_deref().unwrap_or(""),
                    c.message.as_deref().unwrap_or("")
                )
            }),
    );
    lines
}

fn job_finding(s: &Snapshot, j: &Job) -> Option<Finding> {
    let m = &j.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let job = Msg::new("job-name")
        .arg("job", name)
        .arg("owned", if cron_owner(j).is_some() { "yes" } else { "no" })
        .arg("cronjob", cron_owner(j).unwrap_or(""));
    let failed_pods = i64::from(j.status.as_ref().and_then(|s| s.failed).unwrap_or(0));
    let logs = format!("kubectl logs -n {ns} job/{name} --tail=100");
    let (severity, title, detail, fix) = if let Some(c) = condition(j, "Failed") {
        if superseded(s, j) {
            return None;
        }
        let reason = c.reason.as_deref().unwrap_or("Failed");
        let from = cron_owner(j).map_or_else(|| format!("job/{name}"), |c| format!("cronjob/{c}"));
        (
            Severity::Critical,
            Text::with(
                Msg::new("finding-job-failed").arg("reason", reason),
                [("job", job.into())],
            ),
            Msg::new("finding-job-failed-detail")
                .arg("told", if c.message.is_some() { "yes" } else { "no" })
                .arg("message", c.message.as_deref().unwrap_or(""))
                .arg("pods", failed_pods)
                .into(),
            Msg::new("finding-job-failed-fix")
                .arg("logs", logs)
                .arg(
                    "retry",
                    format!("kubectl create job {name}-retry -n {ns} --from={from}"),
                )
                .into(),
        )
    } else if j.spec.as_ref().and_then(|s| s.suspend) == Some(true) {
        (
            Severity::Warning,
            Text::with(Msg::new("finding-job-suspended"), [("job", job.into())]),
            Msg::new("finding-job-suspended-detail").into(),
            resume_fix("job", name, ns),
        )
    } else if failed_pods > 0 && condition(j, "Complete").is_none() {
        let limit = i64::from(j.spec.as_ref().and_then(|s| s.backoff_limit).unwrap_or(6));
        (
            Severity::Warning,
            Text::with(
                Msg::new("finding-job-retrying")
                    .arg("failed", failed_pods)
                    .arg("limit", limit),
                [("job", job.into())],
            ),
            Msg::new("finding-job-retrying-detail")
                .arg("failed", failed_pods)
                .arg("limit", limit)
                .into(),
            Msg::new("finding-job-retrying-fix")
                .arg("logs", logs)
                .into(),
        )
    } else {
        return None;
    };
    Some(finding(
        (severity, title, detail, fix),
        m,
        meta::describe("job", m, true, &job_lines(j)),
    ))
}

/// True for a five-field cron line or a `@` shorthand (what the CronJob controller accepts).
fn schedule_parses(schedule: &str) -> bool {
    let s = schedule.trim();
    let s = s
        .strip_prefix("CRON_TZ=")
        .or_else(|| s.strip_prefix("TZ="))
        .and_then(|rest| rest.split_once(' ').map(|(_, r)| r.trim()))
        .unwrap_or(s);
    if let Some(word) = s.strip_prefix('@') {
        return [
            "yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly",
        ]
        .contains(&word)
            || word.starts_with("every ");
    }
    let fields: Vec<&str> = s.split_whitespace().collect();
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    // (lowest, highest, names counted from lowest, `?` allowed) per field.
    let ranges: [(u32, u32, &[&str], bool); 5] = [
        (0, 59, &[], false),
        (0, 23, &[], false),
        (1, 31, &[], true),
        (1, 12, MONTHS, false),
        (0, 7, DAYS, true),
    ];
    fields.len() == 5
        && fields
            .iter()
            .zip(ranges)
            .all(|(f, (lo, hi, names, question))| field_parses(f, lo, hi, names, question))
}

/// One cron field: comma-separated `*`, `N`, `N-M`, each with an optional `/STEP`; numbers
/// within `lo..=hi`, or `names` (case-insensitive) where the field has them.
fn field_parses(field: &str, lo: u32, hi: u32, names: &[&str], question: bool) -> bool {
    let value = |v: &str| -> Option<u32> {
        let lower = v.to_ascii_lowercase();
        let n = match names.iter().position(|n| *n == lower) {
            Some(i) => lo + u32::try_from(i).ok()?,
            None => v.parse().ok()?,
        };
        (lo..=hi).contains(&n).then_some(n)
    };
    field.split(',').all(|item| {
        let (range, step) = match item.split_once('/') {
            Some((r, st)) => (r, Some(st)),
            None => (item, None),
        };
        let step_ok = step.is_none_or(|st| st.parse::<u32>().is_ok_and(|n| n > 0));
        let range_ok = match range {
            "*" => true,
            "?" => question,
            r => match r.split_once('-') {
                Some((a, b)) => matches!((value(a), value(b)), (Some(a), Some(b)) if a <= b),
                None => value(r).is_some(),
            },
        };
        step_ok && range_ok
    })
}

fn cron_finding(c: &CronJob) -> Option<Finding> {
    let m = &c.metadata;
    let (name, ns) = (meta::name(m), meta::ns(m));
    let schedule = c.spec.schedule.as_str();
    let last = c
        .status
        .as_ref()
        .and_then(|s| s.last_schedule_time.as_ref())
        .and_then(text::time)
        .map(|t| t.to_rfc3339());
    let lines = vec![format!(
        "Name: {name}\nNamespace: {ns}\nSchedule: {schedule}\nSuspend: {}\nLast Schedule Time: \
         {}",
        c.spec.suspend.unwrap_or(false),
        last.as_deref().unwrap_or("never")
    )];
    let (severity, title, detail, fix) = if c.spec.suspend == Some(true) {
        (
            Severity::Warning,
            Msg::new("finding-cronjob-suspended")
                .arg("cronjob", name)
                .arg("schedule", schedule)
                .into(),
            Msg::new("finding-cronjob-suspended-detail")
                .arg("scheduled", if last.is_some() { "yes" } else { "no" })
                .arg("last", last.unwrap_or_default())
                .into(),
            resume_fix("cronjob", name, ns),
        )
    } else if !schedule_parses(schedule) {
        (
            Severity::Warning,
            Msg::new("finding-cronjob-schedule")
                .arg("cronjob", name)
                .arg("schedule", format!("{schedule:?}"))
                .into(),
            Msg::new("finding-cronjob-schedule-detail").into(),
            Msg::new("finding-cronjob-schedule-fix")
                .arg("cronjob", name)
                .into(),
        )
    } else {
        return None;
    };
    Some(finding(
        (severity, title, detail, fix),
        m,
        meta::describe("cronjob", m, true, &lines),
    ))
}

/// "Resume it if it should run", with the patch that resumes the Job or CronJob `name`.
fn resume_fix(resource: &str, name: &str, ns: &str) -> Text {
    Msg::new("finding-job-resume-fix")
        .arg(
            "command",
            format!(
                "kubectl patch {resource} {name} -n {ns} -p '{{\"spec\":{{\"suspend\":false}}}}'"
            ),
        )
        .into()
}

/// The finding of a Job or CronJob: (severity, title, detail, fix), its object and its evidence.
fn finding(
    (severity, title, detail, fix): (Severity, Text, Text, Text),
    m: &ObjectMeta,
    evidence: Evidence,
) -> Finding {
    Finding {
        check: Check::Jobs,
        severity,
        signal: Signal::JobFailing,
        title,
        detail,
        subjects: vec![meta::key(m)],
        evidence: vec![evidence],
        suggestion: Some(fix),
    }
}

pub fn analyze(s: &Snapshot, _: &Index) -> Vec<Finding> {
    s.jobs
        .iter()
        .filter_map(|j| job_finding(s, j))
        .chain(s.cron_jobs.iter().filter_map(cron_finding))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnose::testdata;

    fn job(name: &str, started: &str, status: Value) -> Job {
        let mut status = status;
        status["startTime"] = json!(started);
        testdata::from(json!({
            "metadata": {"name": name, "namespace": "shop",
                "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob",
                    "name": "report", "uid": "c", "controller": true}]},
            "spec": {"backoffLimit": 3, "template": {"spec": {"containers": []}}},
            "status": status
        }))
    }

    fn failed() -> Value {
        json!({"failed": 4, "conditions": [{"type": "Failed", "status": "True",
            "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}]})
    }

    fn cron(schedule: &str, suspend: bool) -> CronJob {
        testdata::from(json!({
            "metadata": {"name": "report", "namespace": "shop"},
            "spec": {"schedule": schedule, "suspend": suspend,
                "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}}
        }))
    }

    #[test]
    fn a_failed_job_fires_alone() {
        let mut s = testdata::healthy();
        s.jobs
            .push(job("report-1", "2026-11-26T18:00:00Z", failed()));
        let f = testdata::lone(
            &s,
            Check::Jobs,
            "Job report-1 (of CronJob report) failed (BackoffLimitExceeded)",
        );
        assert!(testdata::fix(&f).contains("--from=cronjob/report"));
        testdata::expect_detail(
            &f,
            "Job has reached the specified backoff limit; 4 pods failed.",
        );
        testdata::expect_zh_title(
            &f,
            "CronJob report 的 Job report-1 失败（BackoffLimitExceeded）",
        );
        testdata::expect_zh_finding(
            &f,
            "Job 报告：“Job has reached the specified backoff limit”；共有 4 个 Pod 失败。",
        );
    }

    #[test]
    fn a_suspended_job_and_one_failed_pod_of_a_job_without_a_message() {
        let mut s = testdata::healthy();
        let mut suspended = job("report-3", "2026-11-26T18:00:00Z", json!({}));
        suspended.metadata.owner_references = None;
        suspended.spec.as_mut().unwrap().suspend = Some(true);
        s.jobs.push(suspended);
        s.jobs.push(job(
            "report-4",
            "2026-11-26T18:00:00Z",
            json!({"failed": 1, "conditions": [{"type": "Failed", "status": "True"}]}),
        ));
        let f = testdata::expect_titles(
            analyze,
            &s,
            "Job report-3 is suspended: its pods do not run
             Job report-4 (of CronJob report) failed (Failed)",
        );
        assert_eq!(
            testdata::fix(&f[0]),
            "Resume it if it should run: kubectl patch job report-3 -n shop -p \
             '{\"spec\":{\"suspend\":false}}'"
        );
        testdata::expect_zh_title(&f[0], "Job report-3 已暂停：它的 Pod 不会运行");
        testdata::expect_zh_finding(&f[0], "spec.suspend 为 true；恢复之前不会创建任何 Pod。");
        testdata::expect_detail(&f[1], "the Job failed; 1 pod failed.");
        testdata::expect_zh_finding(&f[1], "Job 已失败；共有 1 个 Pod 失败。");
    }

    #[test]
    fn retrying_and_suspended_jobs_and_cron_jobs() {
        let mut s = testdata::healthy();
        s.jobs.push(job(
            "report-2",
            "2026-11-26T18:00:00Z",
            json!({"active": 1, "failed": 2}),
        ));
        s.cron_jobs.push(cron("0 * * * *", true));
        s.cron_jobs.push(cron("every hour", false));
        let f = testdata::expect_titles(
            analyze,
            &s,
            "Job report-2 (of CronJob report) is retrying: 2 of at most 3 pod failures
             CronJob report is suspended: no Jobs run on its schedule 0 * * * *
             CronJob report has a schedule that does not parse: \"every hour\"",
        );
        testdata::expect_detail(
            &f[0],
            "The Job has not completed; 2 pods failed so far and it fails for good after 3.",
        );
        testdata::expect_zh_title(
            &f[0],
            "CronJob report 的 Job report-2 正在重试：Pod 已失败 2 次，最多允许 3 次",
        );
        testdata::expect_zh_finding(&f[0], "目前已有 2 个 Pod 失败，失败达到 3 次后");
        testdata::expect_detail(&f[1], "spec.suspend is true; last scheduled never.");
        testdata::expect_zh_finding(&f[1], "spec.suspend 为 true；从未被调度过。");
        testdata::expect_zh_title(&f[2], "CronJob report 的调度表达式无法解析：\"every hour\"");
        testdata::expect_zh_finding(&f[2], "既不是五个字段的 cron 表达式");
    }

    #[test]
    fn a_suspended_cron_job_tells_when_it_last_ran() {
        let mut s = testdata::healthy();
        let mut c = cron("0 2 * * *", true);
        c.status = Some(testdata::from(
            json!({"lastScheduleTime": "2026-11-26T02:00:00Z"}),
        ));
        s.cron_jobs.push(c);
        let f = testdata::single(analyze, &s);
        testdata::expect_detail(
            &f,
            "spec.suspend is true; last scheduled 2026-11-26T02:00:00+00:00.",
        );
        testdata::expect_zh_finding(&f, "上次调度时间为 2026-11-26T02:00:00+00:00。");
    }

    #[test]
    fn schedules_parse_as_the_cron_controller_reads_them() {
        for good in [
            "*/5 * * * *",
            "0 2 * * MON-FRI",
            "15,45 8-18/2 1 jan,jul 0",
            "0 0 ? * 7",
            "@daily",
            "CRON_TZ=Europe/Paris 0 2 * * *",
        ] {
            assert!(schedule_parses(good), "{good}");
        }
        for bad in [
            "0 25 * * *",
            "60 * * * *",
            "0 0 0 * *",
            "0 0 * 13 *",
            "0 0 * * 8",
            "*/0 * * * *",
            "5-1 * * * *",
            "? * * * *",
            "0 0 * * funday",
            "every hour",
            "* * * *",
        ] {
            assert!(!schedule_parses(bad), "{bad}");
        }
    }

    #[test]
    fn a_failure_followed_by_success_and_a_running_cron_job_are_fine() {
        let mut s = testdata::healthy();
        s.jobs
            .push(job("report-1", "2026-11-26T17:00:00Z", failed()));
        s.jobs.push(job(
            "report-2",
            "2026-11-26T18:00:00Z",
            json!({"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}),
        ));
        s.cron_jobs.push(cron("*/5 * * * *", false));
        assert!(
            testdata::run(analyze, &s).is_empty(),
            "{:#?}",
            testdata::run(analyze, &s)
        );
    }
}
