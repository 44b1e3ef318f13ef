//! `/triage` and `/logs`: read-only diagnosis through the cluster layer, rendered with its
//! evidence, and recorded on the incident timeline.

use serde_json::json;

use super::Ctx;
use crate::cluster::{Clusters, Elsewhere, ReadOnly, Target, queries};
use crate::command::{TriageScope, button};
use crate::diagnose::{self, Diagnosis, Finding, Severity, Verdict};
use crate::error::{Result, UserError};
use crate::evidence::{Evidence, EvidenceKind};
use crate::incident::Outcome;
use crate::render::{Button, Card, FileAttachment, Reply, Select, escape_markdown, fence};

/// The id of the drop-down of findings (its options carry the ids that are routed back).
const FINDING_MENU: &str = "triage:findings";
/// Replies longer than this also carry the report as a file.
const INLINE_LIMIT: usize = 1800;
/// Lines of evidence shown under each finding.
const EXCERPT_LINES: usize = 8;

fn clusters<'a>(ctx: &'a Ctx<'_>) -> Result<&'a Clusters> {
    ctx.app.clusters.as_ref().ok_or_else(|| {
        UserError::new(
            "no cluster is configured: add a [[clusters]] entry to the config file or start warroom with --kubeconfig",
        )
        .into()
    })
}

async fn connect(ctx: &Ctx<'_>, cluster: Option<&str>) -> Result<ReadOnly> {
    clusters(ctx)?
        .get(cluster, &ctx.identity)
        .await
        .map_err(|e| UserError::new(e.to_string()).into())
}

pub async fn triage(
    ctx: &Ctx<'_>,
    scope: &TriageScope,
    namespace: Option<&str>,
    cluster: Option<&str>,
    current_log: bool,
) -> Result<Reply> {
    // One deadline for every read of this triage (see `ReadOnly::for_triage`): a stalled API
    // server yields the partial report once it passes, never one timeout per read in series.
    let ro = connect(ctx, cluster).await?.for_triage();
    let started = std::time::Instant::now();
    let target = match scope {
        TriageScope::Service(name) => Target::Workload { name: name.clone() },
        TriageScope::Overview => Target::Overview,
    };
    // Boxed: the gather's many concurrent reads make a large future, which would otherwise
    // sit inside every caller's own (and on a test thread's stack).
    let mut snapshot = Box::pin(queries::gather_scoped(
        &ro,
        ro.cluster(),
        &target,
        namespace,
        &ctx.namespaces,
        current_log,
    ))
    .await
    .map_err(|e| UserError::new(e.to_string()))?;
    snapshot.taken_at = Some(ctx.at);
    let diagnosis = diagnose::diagnose(&snapshot);
    let verdict = diagnose::verdict(
        &snapshot,
        &diagnosis.findings,
        &diagnosis.not_checked,
        &ro.coverage(),
    );
    clusters(ctx)?
        .metrics()
        .triage(verdict.kind(), started.elapsed());
    let subject = match scope {
        TriageScope::Service(name) => name.clone(),
        TriageScope::Overview => "overview".to_string(),
    };
    let where_ = snapshot
        .namespace
        .clone()
        .unwrap_or_else(|| "all namespaces".into());
    let report = render_report(
        ctx,
        &subject,
        &where_,
        ro.cluster(),
        &diagnosis,
        snapshot.elsewhere.as_ref(),
        &verdict,
    )?;
    let incident = ctx.app.store.active_incident(ctx.channel).await?;
    let top = diagnosis.hypotheses.first().map(|h| h.title.clone());
    let summary = format!(
        "triage of {subject} in {where_} ({}): {}; {} findings{}{}",
        ro.cluster(),
        verdict.headline(),
        diagnosis.findings.len(),
        top.as_ref()
            .map(|t| format!("; top hypothesis: {t}"))
            .unwrap_or_default(),
        if diagnosis.not_checked.is_empty() {
            String::new()
        } else {
            format!("; {} not checked", diagnosis.not_checked.len())
        },
    );
    // Each piece of evidence is stored once; every finding lists the positions of its own.
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut positions: Vec<Vec<usize>> = Vec::new();
    for f in &diagnosis.findings {
        let mut own = Vec::new();
        for e in &f.evidence {
            let at = match evidence
                .iter()
                .position(|x| x.sha256() == e.sha256() && x.title() == e.title())
            {
                Some(at) => at,
                None => {
                    evidence.push(e.clone());
                    evidence.len() - 1
                }
            };
            own.push(at);
        }
        positions.push(own);
    }
    let attachment = (report.len() > INLINE_LIMIT).then(|| with_full_evidence(&report, &evidence));
    evidence.push(Evidence::new(
        EvidenceKind::Report,
        format!("triage report: {subject}"),
        None,
        &report,
    ));
    let entry = ctx.entry(
        incident.as_ref(),
        "triage",
        Outcome::Ok,
        &summary,
        json!({
            "target": subject,
            "namespace": snapshot.namespace,
            "cluster": ro.cluster(),
            "findings": diagnosis.findings.iter().zip(&positions).map(|(f, own)| json!({
                "severity": f.severity.as_str(), "check": f.check.as_str(), "title": f.title,
                "evidence": own,
            })).collect::<Vec<_>>(),
            "top_hypothesis": top,
            "verdict": verdict.kind(),
            "not_checked": diagnosis.not_checked.iter().map(|n| format!("{} — {}", n.what, n.why)).collect::<Vec<_>>(),
        }),
        evidence,
    );
    let stored = ctx.app.store.append(&entry).await?;
    let mut buttons = Vec::new();
    // One finding: a button; more: a drop-down naming each, so any of them can be recorded.
    let add = |i: usize, f: &Finding| Button {
        custom_id: button::add_finding(stored.id, i),
        label: format!("{} {}", icon(f.severity), f.title),
    };
    let select = match diagnosis.findings.as_slice() {
        [] => None,
        [_] => {
            buttons.push(Button {
                custom_id: button::add_finding(stored.id, 0),
                label: "Add to timeline".into(),
            });
            None
        }
        many => Some(Select {
            custom_id: FINDING_MENU.into(),
            placeholder: "Add a finding to the timeline".into(),
            options: many.iter().enumerate().map(|(i, f)| add(i, f)).collect(),
        }),
    };
    if let Some(log) = snapshot.logs.first() {
        buttons.push(Button {
            custom_id: button::previous_logs(&log.namespace, &log.pod, cluster),
            label: "Previous logs".into(),
        });
    }
    if incident.is_some() {
        buttons.push(Button {
            custom_id: button::STATUS_UPDATE.into(),
            label: "Post status update".into(),
        });
    }
    let card = Card {
        title: format!("Triage · {subject} · {where_}"),
        description: match &top {
            Some(t) => format!("{}\nMost likely: {t}", verdict.headline()),
            None => verdict.headline(),
        },
        color: Some(match diagnosis.findings.first().map(|f| f.severity) {
            Some(Severity::Critical) => 0xD7_26_3D,
            Some(Severity::Warning) => 0xF4_6D_25,
            _ if verdict.is_healthy() => 0x2E_A0_43,
            // Not known to be healthy: grey, never the healthy green.
            _ => 0x8C_8C_8C,
        }),
        fields: diagnosis
            .findings
            .iter()
            .take(10)
            .map(|f| {
                (
                    format!("{} {}", icon(f.severity), f.check.as_str()),
                    f.title.clone(),
                )
            })
            .collect(),
        footer: Some(format!(
            "cluster {} · read-only · {}",
            ro.cluster(),
            ctx.app.renderer.time(ctx.at)
        )),
    };
    let files = attachment
        .map(|text| FileAttachment {
            name: format!("triage-{subject}.md"),
            bytes: text.into_bytes(),
        })
        .into_iter()
        .collect();
    Ok(Reply {
        cards: vec![card],
        files,
        buttons,
        select,
        ..Reply::text(report)
    })
}

/// The attached report: the reply's report, then every piece of evidence in full (redacted,
/// as stored), where the reply shows an excerpt of each.
fn with_full_evidence(report: &str, evidence: &[Evidence]) -> String {
    let mut out = format!("{report}\n\n### Evidence in full\n");
    for (i, e) in evidence.iter().enumerate() {
        out.push_str(&format!("\n#### {}. {}\n", i + 1, e.title()));
        if let Some(command) = e.source_command() {
            out.push_str(&format!("`{command}`\n"));
        }
        out.push_str(&fence(e.content(), 0));
        out.push('\n');
    }
    out
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🔴",
        Severity::Warning => "🟠",
        Severity::Info => "🔵",
    }
}

/// A suggested fix as text plus, when it carries a multi-line manifest, that part as a code
/// block (so YAML keeps its lines) holding only the YAML: prose after it ("or set …") is
/// `after`, outside the block.
fn fix(suggestion: &str) -> serde_json::Value {
    let Some((text, rest)) = suggestion.split_once('\n') else {
        return json!({ "text": suggestion, "code": null, "after": null });
    };
    let lines: Vec<&str> = rest.lines().collect();
    let yaml = lines.iter().take_while(|l| is_yaml_line(l)).count().max(1);
    let after = lines[yaml..].join(" ");
    json!({
        "text": text,
        "code": fence(&lines[..yaml].join("\n"), 5),
        "after": (!after.trim().is_empty()).then(|| after.trim().to_string()),
    })
}

/// Whether a line reads as YAML: indented, a list item, or `key:` / `key: value` with a key
/// of name characters (prose has spaces before its first colon).
fn is_yaml_line(line: &str) -> bool {
    if line.starts_with(' ') || line.starts_with("- ") {
        return true;
    }
    line.split_once(':').is_some_and(|(key, value)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c))
            && (value.is_empty() || value.starts_with(' '))
    })
}

fn render_report(
    ctx: &Ctx<'_>,
    subject: &str,
    namespace: &str,
    cluster: &str,
    d: &Diagnosis,
    elsewhere: Option<&Elsewhere>,
    verdict: &Verdict,
) -> Result<String> {
    let findings: Vec<_> = d
        .findings
        .iter()
        .map(|f| {
            json!({
                "icon": icon(f.severity),
                "severity": f.severity.as_str(),
                "check": f.check.as_str(),
                "title": f.title,
                "detail": f.detail,
                "suggestion": f.suggestion.as_deref().map(fix),
                "evidence": f.evidence.iter().map(|e| json!({
                    "title": e.title(),
                    "command": e.source_command(),
                    "excerpt": fence(&e.excerpt(EXCERPT_LINES, 1200), 2),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let hypotheses: Vec<_> = d
        .hypotheses
        .iter()
        .map(|h| {
            json!({
                "title": h.title,
                "confidence": h.confidence,
                "supporting": h.supporting.iter().filter_map(|i| d.findings.get(*i)).map(|f| f.title.clone()).collect::<Vec<_>>(),
                "remedies": h.remedies.iter().map(|r| fix(r)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let counts = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
    Ok(ctx.app.renderer.render(
        "triage",
        &json!({
            "subject": subject,
            "namespace": namespace,
            "cluster": cluster,
            "at": ctx.app.renderer.time(ctx.at),
            "critical": counts(Severity::Critical),
            "warning": counts(Severity::Warning),
            "info": counts(Severity::Info),
            "hypotheses": hypotheses,
            "findings": findings,
            "not_checked": d.not_checked.iter().map(|n| json!({ "what": n.what, "why": n.why })).collect::<Vec<_>>(),
            "elsewhere": elsewhere.filter(|e| !e.failing_workloads.is_empty()).map(|e| json!({
                "namespace": e.namespace,
                "workloads": e.failing_workloads.len(),
                "pending": e.pending_pods,
            })),
            "verdict": verdict_json(verdict),
        }),
    )?)
}

/// The verdict for the templates: every field present (null or empty when the kind has none),
/// plus the English headline.
fn verdict_json(v: &Verdict) -> serde_json::Value {
    let mut out = json!({
        "kind": v.kind(),
        "headline": v.headline(),
        "subject": null, "reason": null, "nothing_checked": false, "namespace": null,
        "critical": 0, "warning": 0, "missing": [], "not_checked": [], "summary": null,
        "summary_text": null,
    });
    if let (Some(out), Ok(serde_json::Value::Object(fields))) =
        (out.as_object_mut(), serde_json::to_value(v))
    {
        out.extend(fields);
    }
    let summary = match v {
        Verdict::Healthy { summary }
        | Verdict::Inconclusive {
            summary: Some(summary),
            ..
        } => Some(summary.text()),
        _ => None,
    };
    out["summary_text"] = json!(summary);
    out
}

/// Lines of a log shown in the reply (the whole excerpt is the evidence).
const LOG_REPLY_LINES: usize = 40;

pub async fn logs(
    ctx: &Ctx<'_>,
    pod: &str,
    namespace: Option<&str>,
    container: Option<&str>,
    previous: bool,
    tail: u32,
    cluster: Option<&str>,
) -> Result<Reply> {
    let ro = connect(ctx, cluster).await?;
    let namespace = namespace.unwrap_or("default");
    let log = queries::pod_log(&ro, namespace, pod, container, previous, tail)
        .await
        .map_err(|e| UserError::new(e.to_string()))?;
    let which = if previous {
        "previous container"
    } else {
        "current container"
    };
    let evidence = Evidence::new(
        EvidenceKind::LogExcerpt,
        format!("logs of {namespace}/{pod} ({}, {which})", log.container),
        Some(&log.command),
        &log.text,
    );
    let lines: Vec<&str> = evidence.content().lines().collect();
    let shown = lines[lines.len().saturating_sub(LOG_REPLY_LINES)..].join("\n");
    let incident = ctx.app.store.active_incident(ctx.channel).await?;
    let entry = ctx.entry(
        incident.as_ref(),
        "logs",
        Outcome::Ok,
        format!("read {} log lines of {namespace}/{pod} ({which})", lines.len()),
        json!({ "pod": pod, "namespace": namespace, "container": log.container, "previous": previous, "tail": tail }),
        vec![evidence.clone()],
    );
    ctx.app.store.append(&entry).await?;
    let mut md = format!(
        "**Logs of {}/{}** ({}, {which}) — `{}`\n",
        escape_markdown(namespace),
        escape_markdown(pod),
        escape_markdown(&log.container),
        log.command
    );
    if lines.len() > LOG_REPLY_LINES {
        md.push_str(&format!(
            "_last {LOG_REPLY_LINES} of {} lines; all attached_\n",
            lines.len()
        ));
    }
    md.push_str(&fence(&shown, 0));
    if incident.is_some() {
        md.push_str("\n_Recorded on the incident timeline as evidence (redacted)._");
    }
    let files = if lines.len() > LOG_REPLY_LINES {
        vec![FileAttachment {
            name: format!("{pod}.log"),
            bytes: evidence.content().as_bytes().to_vec(),
        }]
    } else {
        Vec::new()
    };
    Ok(Reply {
        files,
        ..Reply::text(md)
    })
}
