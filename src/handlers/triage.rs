//! `/triage` and `/logs`: read-only diagnosis through the cluster layer, rendered with its
//! evidence, and recorded on the incident timeline.

use serde_json::json;

use super::Ctx;
use crate::chart;
use crate::cluster::{Clusters, Elsewhere, ReadOnly, Target, queries};
use crate::command::{TriageScope, button};
use crate::diagnose::{self, Diagnosis, Finding, Severity, Verdict};
use crate::error::{Result, UserError};
use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::Msg;
use crate::incident::Outcome;
use crate::incident::health::HealthSample;
use crate::render::{
    Button, Card, FileAttachment, RenderError, Renderer, Reply, Select, escape_markdown, fence,
};

/// The id of the drop-down of findings (its options carry the ids that are routed back).
const FINDING_MENU: &str = "triage:findings";
/// Replies longer than this also carry the report as a file.
const INLINE_LIMIT: usize = 1800;
/// Lines of evidence shown under each finding.
const EXCERPT_LINES: usize = 8;
/// The failing-pod picture attached to a triage that found failing pods.
pub const PODS_PNG: &str = "pods.png";
/// The template of the report.
const TEMPLATE: &str = "triage";

fn clusters<'a>(ctx: &'a Ctx<'_>) -> Result<&'a Clusters> {
    ctx.app
        .clusters
        .as_ref()
        .ok_or_else(|| UserError::new(Msg::new("error-no-cluster")).into())
}

pub(super) async fn connect(ctx: &Ctx<'_>, cluster: Option<&str>) -> Result<ReadOnly> {
    Ok(clusters(ctx)?.get(cluster, &ctx.identity).await?)
}

/// What one triage concluded, and what its reply needs of what it read.
struct Examined {
    /// The cluster's configured name.
    cluster: String,
    /// The namespace searched; `None`: all namespaces.
    namespace: Option<String>,
    elsewhere: Option<Elsewhere>,
    /// The workload's health, recorded when an incident is open (`health_samples`).
    sample: Option<HealthSample>,
    /// Where the failing pods are, for `pods.png`.
    pods: chart::PodDistribution,
    /// The pod of the first log read (namespace, name): the logs button's.
    first_log: Option<(String, String)>,
    diagnosis: Diagnosis,
    verdict: Verdict,
}

/// Compiles, on a spare thread while the reads are in flight, what a triage runs after them:
/// the patterns that find dependencies in logs and env, the diagnosis's log patterns, the
/// redaction rules its evidence needs and the report's template in `renderer`'s locale.
/// Compiled where first used, they were a fifth of a console triage's work on its one runtime
/// thread.
fn prepare(renderer: &Renderer) -> tokio::task::JoinHandle<std::result::Result<(), RenderError>> {
    let renderer = renderer.clone();
    tokio::task::spawn_blocking(move || {
        crate::cluster::dependencies::warm_up();
        diagnose::warm_up();
        crate::evidence::warm_up_key_value_rules();
        renderer.prepare(TEMPLATE)
    })
}

/// Reads the target under one deadline, diagnoses it and judges the verdict. The snapshot ends
/// here, before the reply is rendered, recorded and drawn: at 10,000 pods it is most of the
/// process's heap.
async fn examine(
    ctx: &Ctx<'_>,
    scope: &TriageScope,
    namespace: Option<&str>,
    cluster: Option<&str>,
    current_log: bool,
) -> Result<Examined> {
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
    .await?;
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
    Ok(Examined {
        cluster: ro.cluster().to_string(),
        sample: crate::incident::health::sample(&snapshot, &verdict, ctx.at),
        pods: chart::distribution(&snapshot),
        first_log: (snapshot.logs.first()).map(|l| (l.namespace.clone(), l.pod.clone())),
        namespace: snapshot.namespace,
        elsewhere: snapshot.elsewhere,
        diagnosis,
        verdict,
    })
}

pub async fn triage(
    ctx: &Ctx<'_>,
    scope: &TriageScope,
    namespace: Option<&str>,
    cluster: Option<&str>,
    current_log: bool,
) -> Result<Reply> {
    let prepared = prepare(&ctx.renderer);
    let Examined {
        cluster: cluster_name,
        namespace: searched,
        elsewhere,
        sample,
        pods,
        first_log,
        diagnosis,
        verdict,
    } = examine(ctx, scope, namespace, cluster, current_log).await?;
    let (subject, where_) = subject_and_place(&ctx.renderer, scope, searched.as_deref());
    // Drawn on a blocking thread while the report is rendered and the triage recorded.
    let drawing = draw_pods_picture(&ctx.renderer, pods, &subject, &where_);
    // Rendering waits for the template being compiled rather than compiling it again.
    match prepared.await {
        Ok(compiled) => compiled?,
        Err(e) => {
            tracing::warn!(error = %e, "compiling the triage's patterns and template stopped")
        }
    }
    let report = render_report(
        ctx,
        &subject,
        &where_,
        &cluster_name,
        &diagnosis,
        elsewhere.as_ref(),
        &verdict,
    )?;
    let r = &ctx.renderer;
    let top = diagnosis.hypotheses.first().map(|h| r.text(&h.title));
    let summary = summary(r, &subject, &where_, &cluster_name, &verdict, &diagnosis);
    let (mut evidence, positions) = dedupe_evidence(&diagnosis.findings);
    let attachment =
        (report.len() > INLINE_LIMIT).then(|| with_full_evidence(r, &report, &evidence));
    evidence.push(Evidence::new(
        EvidenceKind::Report,
        Msg::new("evidence-triage-report").arg("subject", subject.as_str()),
        None,
        &report,
    ));
    let evidence = evidence
        .into_iter()
        .map(|e| e.recorded(r.catalog(), r.locale()))
        .collect();
    // Recorded on the channel's open incident, which the store looks up as it records.
    let entry = ctx.entry(
        None,
        "triage",
        Outcome::Ok,
        summary,
        payload(
            r,
            scope_name(scope),
            searched.as_deref(),
            &cluster_name,
            &diagnosis,
            &positions,
            &verdict,
        ),
        evidence,
    );
    // On an open incident, the triage also records the workload's health (`health_samples`).
    let (stored, incident) = ctx.app.store.append_triage(&entry, sample.as_ref()).await?;
    let (buttons, select) = controls(
        &ctx.renderer,
        stored.id,
        &diagnosis.findings,
        (first_log.as_ref()).map(|(namespace, pod)| (namespace.as_str(), pod.as_str())),
        cluster,
        incident.is_some(),
    );
    let picture = drawn(drawing, &subject).await;
    let card = Card {
        image: picture.as_ref().map(|p| p.name.clone()),
        ..card(
            r,
            &subject,
            &where_,
            &verdict,
            top.as_deref(),
            &diagnosis.findings,
            r.t(
                "triage-card-footer",
                &[
                    ("cluster", cluster_name.as_str().into()),
                    ("at", r.time(ctx.at).into()),
                ],
            ),
        )
    };
    Ok(Reply {
        cards: vec![card],
        files: files(scope, attachment, picture),
        buttons,
        select,
        ..Reply::text(report)
    })
}

/// What a triage is about (a workload's name, or "overview") and where (its namespace, or
/// "all namespaces"), in the reader's locale.
fn subject_and_place(
    r: &Renderer,
    scope: &TriageScope,
    namespace: Option<&str>,
) -> (String, String) {
    let subject = match scope {
        TriageScope::Service(name) => name.clone(),
        TriageScope::Overview => r.t("triage-overview", &[]),
    };
    let place = namespace.map_or_else(
        || r.t("verdict-subject-all-namespaces", &[]),
        str::to_string,
    );
    (subject, place)
}

/// The workload's name, or `overview`: for file names and the picture.
fn scope_name(scope: &TriageScope) -> &str {
    match scope {
        TriageScope::Service(name) => name,
        TriageScope::Overview => "overview",
    }
}

/// The files of a triage reply: the whole report when it is too long to show inline, and the
/// failing-pod picture.
fn files(
    scope: &TriageScope,
    report: Option<String>,
    picture: Option<FileAttachment>,
) -> Vec<FileAttachment> {
    report
        .map(|text| FileAttachment {
            name: format!("triage-{}.md", scope_name(scope)),
            bytes: text.into_bytes(),
        })
        .into_iter()
        .chain(picture)
        .collect()
}

/// `pods.png`, where the snapshot's failing pods are (by node, workload and reason), drawn on
/// a blocking thread (it is CPU work of a few milliseconds); `None` when no pod fails. A
/// picture that cannot be drawn is logged and left out: the report stands without it.
/// Its words are in `r`'s locale, like the report it comes with; `subject` and `where_` are
/// the triage's (`subject_and_place`).
fn draw_pods_picture(
    r: &Renderer,
    pods: chart::PodDistribution,
    subject: &str,
    where_: &str,
) -> Option<tokio::task::JoinHandle<Option<FileAttachment>>> {
    if pods.is_empty() {
        return None;
    }
    let title = r.t(
        "chart-pods-title",
        &[("subject", subject.into()), ("where", where_.into())],
    );
    let r = r.clone();
    let subject = subject.to_string();
    Some(tokio::task::spawn_blocking(move || {
        match chart::draw(&r, &pods, &title) {
            Ok(bytes) => Some(FileAttachment {
                name: PODS_PNG.into(),
                bytes,
            }),
            Err(e) => {
                tracing::warn!(error = %e, subject, "the failing-pod picture was left out");
                None
            }
        }
    }))
}

/// The picture `draw_pods_picture` drew, once drawn; `None` when there was none to draw or the
/// drawing thread failed (logged).
async fn drawn(
    drawing: Option<tokio::task::JoinHandle<Option<FileAttachment>>>,
    subject: &str,
) -> Option<FileAttachment> {
    drawing?.await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, subject, "the failing-pod picture was left out");
        None
    })
}

/// The timeline entry's one-line summary of a triage, in the channel's locale.
fn summary(
    r: &Renderer,
    subject: &str,
    where_: &str,
    cluster: &str,
    verdict: &Verdict,
    diagnosis: &Diagnosis,
) -> String {
    let mut line = r.t(
        "triage-timeline",
        &[
            ("subject", subject.into()),
            ("where", where_.into()),
            ("cluster", cluster.into()),
            ("verdict", r.text(&verdict.headline()).into()),
            ("findings", diagnosis.findings.len().into()),
        ],
    );
    if let Some(h) = diagnosis.hypotheses.first() {
        line = r.t(
            "triage-timeline-top",
            &[("line", line.into()), ("top", r.text(&h.title).into())],
        );
    }
    if !diagnosis.not_checked.is_empty() {
        line = r.t(
            "triage-timeline-not-checked",
            &[
                ("line", line.into()),
                ("count", diagnosis.not_checked.len().into()),
            ],
        );
    }
    line
}

/// The timeline entry's payload: what was triaged, each finding with the positions of its
/// evidence, the top hypothesis, the verdict and what could not be checked.
fn payload(
    r: &Renderer,
    subject: &str,
    namespace: Option<&str>,
    cluster: &str,
    diagnosis: &Diagnosis,
    positions: &[Vec<usize>],
    verdict: &Verdict,
) -> serde_json::Value {
    json!({
        "target": subject,
        "namespace": namespace,
        "cluster": cluster,
        "findings": diagnosis.findings.iter().zip(positions).map(|(f, own)| json!({
            "severity": f.severity.as_str(), "check": f.check.as_str(), "title": r.text(&f.title),
            "evidence": own,
        })).collect::<Vec<_>>(),
        "top_hypothesis": diagnosis.hypotheses.first().map(|h| r.text(&h.title)),
        "verdict": verdict.kind(),
        "not_checked": diagnosis.not_checked.iter().map(|n| format!("{} — {}", r.text(&n.what), r.text(&n.why))).collect::<Vec<_>>(),
    })
}

/// Every piece of evidence of the findings once (findings often share a log or an event list),
/// and for each finding the positions of its own pieces in that list.
fn dedupe_evidence(findings: &[Finding]) -> (Vec<Evidence>, Vec<Vec<usize>>) {
    let mut evidence: Vec<Evidence> = Vec::new();
    let positions = findings
        .iter()
        .map(|f| {
            f.evidence
                .iter()
                .map(|e| {
                    evidence
                        .iter()
                        .position(|x| x.sha256() == e.sha256() && x.title() == e.title())
                        .unwrap_or_else(|| {
                            evidence.push(e.clone());
                            evidence.len() - 1
                        })
                })
                .collect()
        })
        .collect();
    (evidence, positions)
}

/// The controls under a triage recorded as timeline entry `entry`: one finding gets an "Add to
/// timeline" button, several a drop-down naming each (so any of them can be recorded); then
/// "Previous logs" of the first pod whose log was read, and "Post status update" while an
/// incident is open.
fn controls(
    r: &Renderer,
    entry: i64,
    findings: &[Finding],
    first_log: Option<(&str, &str)>,
    cluster: Option<&str>,
    incident_open: bool,
) -> (Vec<Button>, Option<Select>) {
    let mut buttons = Vec::new();
    let select = match findings {
        [] => None,
        [_] => {
            buttons.push(Button {
                custom_id: button::add_finding(entry, 0),
                label: r.t("button-add-to-timeline", &[]),
            });
            None
        }
        many => Some(Select {
            custom_id: FINDING_MENU.into(),
            placeholder: r.t("select-add-finding", &[]),
            options: many
                .iter()
                .enumerate()
                .map(|(i, f)| Button {
                    custom_id: button::add_finding(entry, i),
                    label: format!("{} {}", icon(f.severity), r.text(&f.title)),
                })
                .collect(),
        }),
    };
    if let Some((namespace, pod)) = first_log {
        buttons.push(Button {
            custom_id: button::previous_logs(namespace, pod, cluster),
            label: r.t("button-previous-logs", &[]),
        });
    }
    if incident_open {
        buttons.push(Button {
            custom_id: button::STATUS_UPDATE.into(),
            label: r.t("button-post-status-update", &[]),
        });
    }
    (buttons, select)
}

/// The card of a triage: the verdict and the most likely cause, coloured by the worst finding
/// (grey, never the healthy green, when nothing was found but the verdict is not healthy).
fn card(
    r: &Renderer,
    subject: &str,
    where_: &str,
    verdict: &Verdict,
    top: Option<&str>,
    findings: &[Finding],
    footer: String,
) -> Card {
    Card {
        title: r.t(
            "triage-card-title",
            &[("subject", subject.into()), ("where", where_.into())],
        ),
        description: match top {
            Some(t) => format!(
                "{}\n{}",
                r.text(&verdict.headline()),
                r.t("triage-card-most-likely", &[("cause", t.into())])
            ),
            None => r.text(&verdict.headline()),
        },
        color: Some(match findings.first().map(|f| f.severity) {
            Some(Severity::Critical) => 0xD7_26_3D,
            Some(Severity::Warning) => 0xF4_6D_25,
            _ if verdict.is_healthy() => 0x2E_A0_43,
            _ => 0x8C_8C_8C,
        }),
        image: None,
        fields: findings
            .iter()
            .take(10)
            .map(|f| {
                (
                    format!("{} {}", icon(f.severity), f.check.as_str()),
                    r.text(&f.title),
                )
            })
            .collect(),
        footer: Some(footer),
    }
}

/// The attached report: the reply's report, then every piece of evidence in full (redacted,
/// as stored), where the reply shows an excerpt of each.
fn with_full_evidence(r: &Renderer, report: &str, evidence: &[Evidence]) -> String {
    let mut out = format!("{report}\n\n### {}\n", r.t("triage-evidence-in-full", &[]));
    for (i, e) in evidence.iter().enumerate() {
        out.push_str(&format!("\n#### {}. {}\n", i + 1, r.text(e.title())));
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
    let r = &ctx.renderer;
    let findings: Vec<_> = d
        .findings
        .iter()
        .map(|f| {
            json!({
                "icon": icon(f.severity),
                "severity": f.severity.as_str(),
                "check": f.check.as_str(),
                "title": r.text(&f.title),
                "detail": r.text(&f.detail),
                "suggestion": f.suggestion.as_ref().map(|s| fix(&r.text(s))),
                "evidence": f.evidence.iter().map(|e| json!({
                    "title": r.text(e.title()),
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
                "title": r.text(&h.title),
                "confidence": r.t(h.confidence.key(), &[]),
                "supporting": h.supporting.iter().filter_map(|i| d.findings.get(*i)).map(|f| r.text(&f.title)).collect::<Vec<_>>(),
                "remedies": h.remedies.iter().map(|t| fix(&r.text(t))).collect::<Vec<_>>(),
            })
        })
        .collect();
    let counts = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
    Ok(ctx.renderer.render(
        TEMPLATE,
        &json!({
            "subject": subject,
            "namespace": namespace,
            "cluster": cluster,
            "at": ctx.renderer.time(ctx.at),
            "critical": counts(Severity::Critical),
            "warning": counts(Severity::Warning),
            "info": counts(Severity::Info),
            "hypotheses": hypotheses,
            "findings": findings,
            "not_checked": d.not_checked.iter().map(|n| json!({ "what": r.text(&n.what), "why": r.text(&n.why) })).collect::<Vec<_>>(),
            "elsewhere": elsewhere.filter(|e| !e.failing_workloads.is_empty()).map(|e| json!({
                "namespace": e.namespace,
                "workloads": e.failing_workloads.len(),
                "pending": e.pending_pods,
            })),
            "verdict": verdict_json(r, verdict),
        }),
    )?)
}

/// The verdict for the templates: its kind, its headline and (inconclusive) the summary of
/// what was read, in the reader's locale.
fn verdict_json(r: &Renderer, v: &Verdict) -> serde_json::Value {
    json!({
        "kind": v.kind(),
        "headline": r.text(&v.headline()),
        "nothing_checked": v.nothing_checked(),
        "summary_text": v.summary().map(|s| r.text(&s)),
    })
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
    let namespace = namespace.unwrap_or(super::DEFAULT_NAMESPACE);
    let log = queries::pod_log(&ro, namespace, pod, container, previous, tail).await?;
    let r = &ctx.renderer;
    let which = if previous { "previous" } else { "current" };
    let evidence = Evidence::new(
        EvidenceKind::LogExcerpt,
        Msg::new("evidence-logs")
            .arg("namespace", namespace)
            .arg("pod", pod)
            .arg("container", log.container.as_str())
            .arg("which", which),
        Some(&log.command),
        &log.text,
    )
    .recorded(r.catalog(), r.locale());
    let lines: Vec<&str> = evidence.content().lines().collect();
    let shown = lines[lines.len().saturating_sub(LOG_REPLY_LINES)..].join("\n");
    let incident = ctx.app.store.active_incident(ctx.channel).await?;
    let entry = ctx.entry(
        incident.as_ref(),
        "logs",
        Outcome::Ok,
        Msg::new("timeline-logs")
            .arg("lines", lines.len())
            .arg("namespace", namespace)
            .arg("pod", pod)
            .arg("which", which),
        json!({ "pod": pod, "namespace": namespace, "container": log.container, "previous": previous, "tail": tail }),
        vec![evidence.clone()],
    );
    ctx.app.store.append(&entry).await?;
    let mut md = r.t(
        if previous {
            "logs-title-previous"
        } else {
            "logs-title-current"
        },
        &[
            ("namespace", escape_markdown(namespace).into()),
            ("pod", escape_markdown(pod).into()),
            ("container", escape_markdown(&log.container).into()),
            ("command", log.command.as_str().into()),
        ],
    );
    md.push('\n');
    if lines.len() > LOG_REPLY_LINES {
        let counts = [
            ("shown", LOG_REPLY_LINES.into()),
            ("total", lines.len().into()),
        ];
        md.push_str(&r.t("logs-cut", &counts));
        md.push('\n');
    }
    md.push_str(&fence(&shown, 0));
    if incident.is_some() {
        md.push('\n');
        md.push_str(&r.t("logs-recorded", &[]));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{Check, Signal};
    use crate::i18n::Text;
    use crate::render::Locale;

    fn finding(severity: Severity, title: &str, evidence: Vec<Evidence>) -> Finding {
        Finding {
            check: Check::CrashLoop,
            severity,
            signal: Signal::CrashLoop { pods: 1 },
            title: title.into(),
            detail: "".into(),
            subjects: vec![],
            evidence,
            suggestion: None,
        }
    }

    fn log(title: &str, text: &str) -> Evidence {
        Evidence::new(EvidenceKind::LogExcerpt, title, None, text)
    }

    #[test]
    fn shared_evidence_is_stored_once_and_each_finding_points_at_its_own() {
        let shared = log("previous log of pod a", "Killed");
        let findings = [
            finding(Severity::Critical, "OOMKilled", vec![shared.clone()]),
            finding(
                Severity::Warning,
                "restarts",
                vec![log("events", "BackOff"), shared],
            ),
        ];
        let (evidence, positions) = dedupe_evidence(&findings);
        let titles: Vec<_> = evidence.iter().map(|e| e.title().clone()).collect();
        assert_eq!(
            titles,
            [Text::from("previous log of pod a"), "events".into()]
        );
        assert_eq!(positions, [vec![0], vec![1, 0]]);
    }

    #[test]
    fn one_finding_gets_a_button_several_get_a_menu_naming_each() {
        let one = [finding(Severity::Critical, "OOMKilled", vec![])];
        let en = Renderer::new(Locale::En, None).unwrap();
        let (buttons, select) = controls(&en, 7, &one, None, None, false);
        assert!(select.is_none());
        let labels: Vec<_> = buttons.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Add to timeline"]);
        assert_eq!(buttons[0].custom_id, button::add_finding(7, 0));

        let two = [
            finding(Severity::Critical, "OOMKilled", vec![]),
            finding(Severity::Warning, "probe too early", vec![]),
        ];
        let (buttons, select) = controls(
            &en,
            7,
            &two,
            Some(("production", "pay-1")),
            Some("prod"),
            true,
        );
        let menu = select.expect("a menu for two findings");
        let options: Vec<_> = menu.options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(options, ["🔴 OOMKilled", "🟠 probe too early"]);
        assert_eq!(menu.options[1].custom_id, button::add_finding(7, 1));
        let labels: Vec<_> = buttons.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Previous logs", "Post status update"]);
        assert_eq!(
            buttons[0].custom_id,
            button::previous_logs("production", "pay-1", Some("prod"))
        );
        let zh = Renderer::new(Locale::ZhCn, None).unwrap();
        let (buttons, select) = controls(&zh, 7, &two, Some(("ns", "p")), None, true);
        let labels: Vec<_> = buttons.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["查看上次日志", "发布故障处理进展"]);
        assert_eq!(
            select.map(|s| s.placeholder),
            Some("将一条发现记入时间线".into())
        );
    }

    #[test]
    fn a_card_is_green_only_when_the_verdict_is_healthy() {
        let inconclusive = Verdict::Inconclusive {
            summary: None,
            not_checked: vec!["events (error 500)".into()],
        };
        let r = Renderer::new(Locale::En, None).unwrap();
        let grey = card(&r, "web", "shop", &inconclusive, None, &[], "footer".into());
        assert_eq!(grey.color, Some(0x8C_8C_8C));

        let problems = Verdict::Problems {
            subject: "pay".into(),
            critical: 1,
            warning: 0,
            missing: vec![],
            not_checked: vec![],
        };
        let red = card(
            &r,
            "pay",
            "production",
            &problems,
            Some("memory limit too low"),
            &[finding(Severity::Critical, "OOMKilled", vec![])],
            "footer".into(),
        );
        assert_eq!(red.color, Some(0xD7_26_3D));
        assert_eq!(red.title, "Triage · pay · production");
        assert!(
            red.description
                .ends_with("\nMost likely: memory limit too low")
        );
        assert_eq!(
            red.fields,
            [("🔴 crash_loop".to_string(), "OOMKilled".to_string())]
        );
    }

    #[test]
    fn a_chinese_card_has_chinese_frame_words() {
        let zh = Renderer::new(Locale::ZhCn, None).unwrap();
        let problems = Verdict::Problems {
            subject: crate::i18n::Msg::new("verdict-subject")
                .arg("name", "pay")
                .into(),
            critical: 1,
            warning: 2,
            missing: vec![],
            not_checked: vec![],
        };
        let footer = zh.t(
            "triage-card-footer",
            &[("cluster", "prod".into()), ("at", "18:23 UTC".into())],
        );
        let c = card(
            &zh,
            "pay",
            "production",
            &problems,
            Some("内存耗尽"),
            &[finding(Severity::Critical, "OOMKilled", vec![])],
            footer,
        );
        assert_eq!(c.title, "故障诊断 · pay · production");
        assert_eq!(
            c.description,
            "pay：严重 1 项，警告 2 项\n最可能的根因：内存耗尽"
        );
        assert_eq!(c.footer.as_deref(), Some("集群 prod · 只读 · 18:23 UTC"));
        let attached = with_full_evidence(&zh, "报告", &[log("events", "BackOff")]);
        assert!(attached.starts_with("报告\n\n### 完整证据\n"), "{attached}");
    }
}
