//! `/note`, `/action add|done` and `/timeline`: human conclusions with evidence, improvement
//! items, and the recorded timeline (with the incident's chart, `timeline.png`).

use chrono::NaiveDate;
use serde_json::json;

use super::{Ctx, postmortem};
use crate::command::NoteTag;
use crate::error::{Result, UserError};
use crate::evidence::{Evidence, EvidenceKind, Recorded};
use crate::i18n::{Arg, Msg, Text};
use crate::incident::Outcome;
use crate::render::{Card, Reply, escape_markdown};

pub async fn note(
    ctx: &Ctx<'_>,
    text: &str,
    tag: Option<NoteTag>,
    file: Option<&str>,
) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let mut evidence = Vec::new();
    if let Some(name) = file {
        let attached = ctx
            .files
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| UserError::new(Msg::new("error-no-attachment").arg("name", name)))?;
        let content = String::from_utf8_lossy(&attached.bytes);
        let r = &ctx.renderer;
        evidence.push(
            Evidence::new(EvidenceKind::File, attached.name.as_str(), None, &content)
                .recorded(r.catalog(), r.locale()),
        );
    }
    // The user's words as typed; only the tag's name is the channel's language.
    let summary = match tag {
        Some(t) => {
            let name = Msg {
                key: format!("note-tag-{}", t.as_str()).into(),
                args: Vec::new(),
            };
            Text::with(
                Msg::new("record-note-tagged").arg("text", text),
                [("tag", name.into())],
            )
        }
        None => text.into(),
    };
    let entry = ctx.entry(
        Some(&incident),
        "note",
        Outcome::Ok,
        summary,
        json!({ "text": text, "tag": tag.map(NoteTag::as_str) }),
        evidence,
    );
    let stored = ctx.app.store.append(&entry).await?;
    let mut args = vec![
        ("id", Arg::from(incident.id)),
        ("note", escape_markdown(&entry.summary).into()),
    ];
    let key = match stored.evidence.first() {
        Some(e) => {
            args.push(("file", escape_markdown(e.title()).into()));
            args.push(("sha", e.sha256()[..12].into()));
            "reply-noted-with-evidence"
        }
        None => "reply-noted",
    };
    Ok(Reply::text(ctx.renderer.t(key, &args)))
}

pub async fn add_action(ctx: &Ctx<'_>, owner: &str, due: NaiveDate, text: &str) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let entry = ctx.entry(
        Some(&incident),
        "action.add",
        Outcome::Ok,
        Msg::new("record-action-add")
            .arg("text", text)
            .arg("owner", owner)
            .arg("due", due.to_string()),
        json!({ "owner": owner, "due": due, "text": text }),
        Vec::new(),
    );
    let (item, _) = ctx
        .app
        .store
        .add_action(&incident, owner, due, text, &entry)
        .await?;
    Ok(Reply::text(ctx.renderer.t(
        "reply-action-added",
        &[
            ("item", item.id.into()),
            ("id", incident.id.into()),
            ("text", escape_markdown(text).into()),
            ("owner", escape_markdown(owner).into()),
            ("due", due.to_string().into()),
        ],
    )))
}

pub async fn complete_action(ctx: &Ctx<'_>, id: i64) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let entry = ctx.entry(
        Some(&incident),
        "action.done",
        Outcome::Ok,
        Msg::new("record-action-done").arg("item", id),
        json!({ "id": id }),
        Vec::new(),
    );
    match ctx.app.store.complete_action(&incident, id, &entry).await? {
        Some(_) => Ok(Reply::text(
            ctx.renderer.t("reply-action-done", &[("item", id.into())]),
        )),
        None => Err(UserError::new(
            Msg::new("error-no-action-item")
                .arg("id", incident.id)
                .arg("item", id),
        )
        .into()),
    }
}

pub async fn timeline(ctx: &Ctx<'_>, last: u32) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let entry = ctx.entry(
        Some(&incident),
        "timeline",
        Outcome::Ok,
        Msg::new("record-timeline").arg("last", last),
        json!({ "last": last }),
        Vec::new(),
    );
    ctx.app.store.append(&entry).await?;
    let all = ctx.app.store.timeline(incident.id).await?;
    let drawing = postmortem::draw_chart(ctx.app, &ctx.renderer, &incident, &all, ctx.at).await?;
    let skip = all.len().saturating_sub(last as usize);
    let r = &ctx.renderer;
    let entries: Vec<_> = all[skip..]
        .iter()
        .map(|e| {
            json!({
                "at": e.at.format("%H:%M:%S").to_string(),
                "actor": e.actor,
                "kind": e.kind,
                "outcome": e.outcome.as_str(),
                "summary": e.summary,
                "evidence_count": e.evidence.len(),
            })
        })
        .collect();
    let text = r.render(
        "timeline",
        &json!({ "id": incident.id, "title": incident.title, "entries": entries, "total": all.len() }),
    )?;
    let chart = postmortem::drawn(drawing).await;
    Ok(Reply {
        cards: chart
            .iter()
            .map(|c| Card {
                title: postmortem::chart_title(&ctx.renderer, &incident),
                image: Some(c.name.clone()),
                ..Card::default()
            })
            .collect(),
        files: chart.into_iter().collect(),
        ..Reply::text(text)
    })
}

pub async fn add_finding(ctx: &Ctx<'_>, entry_id: i64, index: usize) -> Result<Reply> {
    let incident = ctx.active_incident().await?;
    let triage = ctx
        .app
        .store
        .entry(ctx.channel, entry_id)
        .await?
        .filter(|e| e.kind == "triage")
        .ok_or_else(|| UserError::new(Msg::new("error-no-triage").arg("entry", entry_id)))?;
    let finding = triage
        .payload
        .get("findings")
        .and_then(|f| f.get(index))
        .ok_or_else(|| {
            UserError::new(
                Msg::new("error-no-finding")
                    .arg("entry", entry_id)
                    .arg("finding", index + 1),
            )
        })?;
    let title = finding
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or("finding");
    let evidence: Vec<Recorded> = finding
        .get("evidence")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .filter_map(|p| {
            p.as_u64()
                .and_then(|p| triage.evidence.get(p as usize))
                .cloned()
        })
        .collect();
    let entry = ctx.entry(
        Some(&incident),
        "evidence.add",
        Outcome::Ok,
        Msg::new("record-finding").arg("title", title),
        json!({ "triage_entry": entry_id, "finding": index + 1, "title": title }),
        evidence,
    );
    let stored = ctx.app.store.append(&entry).await?;
    Ok(Reply::text(ctx.renderer.t(
        "reply-finding-recorded",
        &[
            ("id", incident.id.into()),
            ("title", escape_markdown(title).into()),
            ("count", stored.evidence.len().into()),
        ],
    )))
}
