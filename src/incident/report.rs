//! `warroom report`: incident metrics across incidents, as Markdown (counts by severity, the
//! median and p90 of each measure, status-update punctuality, one row per incident) or as CSV
//! (the same figures per severity, durations in seconds, for a spreadsheet).

use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};

use super::Severity;
use super::metrics::{IncidentMetrics, Measure, Spread, Summary};
use crate::render::escape_markdown;

/// "45 s", "12 min", "1 h 29 min", "2 d 3 h".
pub fn duration(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    match (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn or_dash(d: Option<Duration>) -> String {
    d.map_or_else(|| "—".to_string(), duration)
}

/// The report as Markdown, for incidents declared since `since`.
pub fn markdown(since: DateTime<Utc>, incidents: &[IncidentMetrics]) -> String {
    let mut out = format!(
        "# Incident report: declared since {}\n\n",
        since.format("%Y-%m-%d %H:%M UTC")
    );
    if incidents.is_empty() {
        out.push_str("No incident was declared in this period.\n");
        return out;
    }
    let summary = Summary::of(incidents);
    let counts: Vec<String> = summary
        .by_severity
        .iter()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "{} {}: {}\n",
        summary.incidents,
        if summary.incidents == 1 {
            "incident"
        } else {
            "incidents"
        },
        counts.join(" · ")
    );
    out.push_str("| Time from impact start to | Incidents | Median | p90 |\n|---|---|---|---|\n");
    for (measure, spread) in &summary.spreads {
        let name = measure.as_str().replace('_', " ");
        let _ = match spread {
            Some(s) => writeln!(
                out,
                "| {name} | {} | {} | {} |",
                s.n,
                duration(s.median),
                duration(s.p90)
            ),
            None => writeln!(out, "| {name} | 0 | — | — |"),
        };
    }
    out.push('\n');
    out.push_str(&punctuality_line(&summary));
    out.push_str("\n\n## Incidents\n\n| # | Severity | Declared | Title | Detect | Declare | Announce | First triage | Mitigate | Resolve | Updates on time |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for m in incidents {
        let measures: Vec<String> = Measure::ALL
            .into_iter()
            .map(|x| or_dash(m.duration(x)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} of {} |",
            m.id,
            m.severity.as_str(),
            m.at(Measure::Declare)
                .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string()),
            escape_markdown(&m.title),
            measures.join(" | "),
            m.updates.on_time,
            m.updates.due
        );
    }
    out
}

fn punctuality_line(s: &Summary) -> String {
    match s.on_time_percent() {
        None => "Status updates: none was due.".to_string(),
        Some(percent) => {
            let late = match &s.lateness {
                Some(l) => format!(
                    "; {} late, by {} (median), {} (p90)",
                    l.n,
                    duration(l.median),
                    duration(l.p90)
                ),
                None => String::new(),
            };
            format!(
                "Status updates: {} of {} due posted on time ({percent}%){late}.",
                s.updates_on_time, s.updates_due
            )
        }
    }
}

/// The report as CSV: one row for all incidents, then one per severity; durations in whole
/// seconds, empty where no incident reached the measure.
pub fn csv(incidents: &[IncidentMetrics]) -> String {
    let mut out = String::from("severity,incidents");
    for m in Measure::ALL {
        let _ = write!(out, ",{0}_median_seconds,{0}_p90_seconds", m.as_str());
    }
    out.push_str(",updates_due,updates_on_time,lateness_median_seconds,lateness_p90_seconds\n");
    let secs = |s: &Option<Spread>| match s {
        Some(s) => format!("{},{}", s.median.num_seconds(), s.p90.num_seconds()),
        None => ",".to_string(),
    };
    let groups = std::iter::once(("all", None)).chain(Severity::ALL.map(|s| (s.as_str(), Some(s))));
    for (name, severity) in groups {
        let summary = Summary::of(
            incidents
                .iter()
                .filter(|m| severity.is_none_or(|s| m.severity == s)),
        );
        let _ = write!(out, "{name},{}", summary.incidents);
        for (_, spread) in &summary.spreads {
            let _ = write!(out, ",{}", secs(spread));
        }
        let _ = writeln!(
            out,
            ",{},{},{}",
            summary.updates_due,
            summary.updates_on_time,
            secs(&summary.lateness)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(Duration::seconds(45)), "45 s");
        assert_eq!(duration(Duration::minutes(89)), "1 h 29 min");
        assert_eq!(duration(Duration::hours(51)), "2 d 3 h");
        assert_eq!(duration(Duration::seconds(-5)), "0 s");
    }
}
