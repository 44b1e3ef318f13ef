//! Fits a platform-neutral `Reply` into one Discord message within Discord's limits (content,
//! embeds, fields, files, buttons), and builds the serenity builders from it. Every message
//! warroom sends goes through here, and none of them may ping anyone.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponseFollowup, CreateMessage,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption, EditAttachments,
    EditInteractionResponse, EditMessage,
};

use crate::render::{Button, Card, FileAttachment, Renderer, Reply, Select};

/// Characters in a message's content.
pub const CONTENT: usize = 2000;
pub const EMBED_TITLE: usize = 256;
pub const EMBED_DESCRIPTION: usize = 4096;
pub const EMBED_FIELDS: usize = 25;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
/// Characters of all embeds of one message together.
pub const EMBEDS_TOTAL: usize = 6000;
pub const EMBEDS: usize = 10;
pub const FILES: usize = 10;
pub const BUTTONS_PER_ROW: usize = 5;
pub const ROWS: usize = 5;
pub const CUSTOM_ID: usize = 100;
pub const BUTTON_LABEL: usize = 80;
/// Options of one select menu, and the characters of an option's label and of the placeholder.
pub const SELECT_OPTIONS: usize = 25;
pub const OPTION_LABEL: usize = 100;
pub const PLACEHOLDER: usize = 150;
/// The upload limit outside interactions (a channel message), in bytes.
pub const DEFAULT_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// Characters of a long reply kept in its summary embed.
const SUMMARY: usize = 1500;

/// An embed that is within the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub color: Option<u32>,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
    /// An attached file of the message shown as the embed's picture (`attachment://NAME`).
    pub image: Option<String>,
}

impl Embed {
    /// Characters Discord counts towards the 6000 of a message.
    pub fn chars(&self) -> usize {
        count(&self.title)
            + count(&self.description)
            + self.footer.as_deref().map_or(0, count)
            + self
                .fields
                .iter()
                .map(|(n, v)| count(n) + count(v))
                .sum::<usize>()
    }
}

/// A reply fitted to Discord: what one message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub content: String,
    pub embeds: Vec<Embed>,
    pub files: Vec<FileAttachment>,
    pub rows: Vec<Vec<Button>>,
    /// A select menu, in the row after the buttons.
    pub select: Option<Select>,
    /// Shown only to the user who asked.
    pub ephemeral: bool,
}

fn count(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to at most `max` characters, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if count(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Like `truncate`, but prefers to cut at a line break in the last quarter.
fn truncate_at_line(s: &str, max: usize) -> String {
    if count(s) <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max.saturating_sub(2)).collect();
    match head.rfind('\n') {
        Some(i) if count(&head[..i]) >= max * 3 / 4 => format!("{}\n…", &head[..i]),
        _ => truncate(s, max),
    }
}

/// Fits `reply` into one message. `attachment_limit` is the upload limit in bytes (from the
/// interaction, or `DEFAULT_ATTACHMENT_BYTES`); `file_stem` names the file that carries a long
/// reply in full (`postmortem` → `postmortem.md`).
pub fn fit(r: &Renderer, reply: &Reply, attachment_limit: u64, file_stem: &str) -> Message {
    // Every message posted to Discord passes here: redacted once more, whoever built the reply.
    let reply = &reply.clone().redacted();
    let mut cards = reply.cards.clone();
    let mut files = reply.files.clone();
    let markdown = reply.markdown.trim_end();
    let mut notes = Vec::new();
    let content = if count(markdown) <= CONTENT {
        markdown.to_string()
    } else if cards.is_empty() && count(markdown) <= EMBED_DESCRIPTION {
        cards.push(Card {
            description: markdown.to_string(),
            ..Card::default()
        });
        String::new()
    } else {
        let carried = files.iter().any(|f| f.name.ends_with(".md"));
        let name = format!("{file_stem}.md");
        if !carried {
            files.insert(
                0,
                FileAttachment {
                    name: name.clone(),
                    bytes: markdown.as_bytes().to_vec(),
                },
            );
        }
        if cards.is_empty() {
            cards.push(summary_card(markdown));
        }
        if carried {
            r.t("fit-full-text-attached", &[])
        } else {
            r.t("fit-full-text-in", &[("file", name.into())])
        }
    };
    files.retain(|f| {
        let fits = f.bytes.len() as u64 <= attachment_limit;
        if !fits {
            notes.push(r.t(
                "fit-over-limit",
                &[
                    ("file", f.name.as_str().into()),
                    ("size", (f.bytes.len() / 1024).into()),
                    ("limit", (attachment_limit / 1024).into()),
                ],
            ));
        }
        fits
    });
    if files.len() > FILES {
        notes.push(r.t(
            "fit-files-left-out",
            &[
                ("count", (files.len() - FILES).into()),
                ("max", FILES.into()),
            ],
        ));
        files.truncate(FILES);
    }
    let mut content = content;
    for note in notes {
        if !content.is_empty() {
            content.push('\n');
        }
        content.push_str(&note);
    }
    let embeds = fit_embeds(&cards, &files);
    if content.trim().is_empty() && embeds.is_empty() && files.is_empty() {
        // Discord refuses a message with nothing in it.
        content = r.t("fit-no-output", &[]);
    }
    Message {
        content: truncate_at_line(&content, CONTENT),
        embeds,
        files,
        rows: fit_buttons(&reply.buttons, reply.select.is_some()),
        select: reply.select.as_ref().map(fit_select),
        ephemeral: reply.ephemeral || reply.is_error,
    }
}

/// The card of a long reply without one: its first line as the title, its beginning as the
/// description.
fn summary_card(markdown: &str) -> Card {
    let mut lines = markdown.lines();
    let first = lines.next().unwrap_or_default();
    let title = first
        .trim_start_matches('#')
        .trim()
        .trim_matches('*')
        .trim()
        .to_string();
    let rest: String = lines.collect::<Vec<_>>().join("\n");
    Card {
        title,
        description: truncate_at_line(rest.trim(), SUMMARY),
        ..Card::default()
    }
}

/// Cards as embeds: each within its own limits, at most `EMBEDS`, all together within
/// `EMBEDS_TOTAL` (later parts are cut first); a card's picture only when its file is among
/// the message's `files` (it may have been over the upload limit).
fn fit_embeds(cards: &[Card], files: &[FileAttachment]) -> Vec<Embed> {
    let mut budget = EMBEDS_TOTAL;
    let mut out = Vec::new();
    for card in cards.iter().take(EMBEDS) {
        if budget == 0 {
            break;
        }
        let mut take = |s: &str, max: usize| {
            let t = truncate(s, max.min(budget));
            budget -= count(&t);
            t
        };
        let title = take(&card.title, EMBED_TITLE);
        let footer = card
            .footer
            .as_deref()
            .map(|f| take(f, FOOTER))
            .filter(|f| !f.is_empty());
        let description = take(&card.description, EMBED_DESCRIPTION);
        let mut fields = Vec::new();
        for (name, value) in card.fields.iter().take(EMBED_FIELDS) {
            let name = truncate(non_empty(name), FIELD_NAME);
            let value = truncate(non_empty(value), FIELD_VALUE);
            let size = count(&name) + count(&value);
            if size > budget {
                break;
            }
            budget -= size;
            fields.push((name, value));
        }
        let image = card
            .image
            .clone()
            .filter(|name| files.iter().any(|f| f.name == *name));
        if title.is_empty() && description.is_empty() && fields.is_empty() && image.is_none() {
            continue;
        }
        out.push(Embed {
            title,
            description,
            color: card.color,
            fields,
            footer,
            image,
        });
    }
    out
}

/// Discord rejects empty field names and values.
fn non_empty(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// Buttons in rows of `BUTTONS_PER_ROW`, at most `ROWS` rows (one fewer when a select menu
/// takes a row); a button whose id is too long for Discord is left out (it could not be routed
/// back).
fn fit_buttons(buttons: &[Button], select: bool) -> Vec<Vec<Button>> {
    let usable = routable(buttons, BUTTON_LABEL);
    usable
        .chunks(BUTTONS_PER_ROW)
        .take(ROWS - usize::from(select))
        .map(<[Button]>::to_vec)
        .collect()
}

/// A select menu within Discord's limits: at most `SELECT_OPTIONS` routable options.
fn fit_select(select: &Select) -> Select {
    let mut options = routable(&select.options, OPTION_LABEL);
    options.truncate(SELECT_OPTIONS);
    Select {
        custom_id: select.custom_id.clone(),
        placeholder: truncate(non_empty(&select.placeholder), PLACEHOLDER),
        options,
    }
}

/// The buttons (or options) whose ids fit Discord, with labels cut to `label`.
fn routable(buttons: &[Button], label: usize) -> Vec<Button> {
    buttons
        .iter()
        .filter(|b| {
            let ok = !b.custom_id.is_empty() && count(&b.custom_id) <= CUSTOM_ID;
            if !ok {
                tracing::warn!(custom_id = %b.custom_id, "button left out: its id does not fit Discord's 100 characters");
            }
            ok
        })
        .map(|b| Button {
            custom_id: b.custom_id.clone(),
            label: truncate(non_empty(&b.label), label),
        })
        .collect()
}

/// Mentions in warroom's messages never notify anyone (user text may contain @everyone): an
/// empty `parse` list with no users or roles.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

impl Message {
    fn embeds(&self) -> Vec<CreateEmbed> {
        self.embeds
            .iter()
            .map(|e| {
                let mut b = CreateEmbed::new();
                if !e.title.is_empty() {
                    b = b.title(&e.title);
                }
                if !e.description.is_empty() {
                    b = b.description(&e.description);
                }
                if let Some(c) = e.color {
                    b = b.colour(c);
                }
                if let Some(f) = &e.footer {
                    b = b.footer(CreateEmbedFooter::new(f));
                }
                if let Some(name) = &e.image {
                    b = b.attachment(name);
                }
                b.fields(e.fields.iter().map(|(n, v)| (n, v, false)))
            })
            .collect()
    }

    fn components(&self) -> Vec<CreateActionRow> {
        let buttons = self.rows.iter().map(|row| {
            CreateActionRow::Buttons(
                row.iter()
                    .map(|b| {
                        CreateButton::new(&b.custom_id)
                            .label(&b.label)
                            .style(ButtonStyle::Secondary)
                    })
                    .collect(),
            )
        });
        let select = self
            .select
            .iter()
            .filter(|s| !s.options.is_empty())
            .map(|s| {
                let options = s
                    .options
                    .iter()
                    .map(|o| CreateSelectMenuOption::new(&o.label, &o.custom_id))
                    .collect();
                CreateActionRow::SelectMenu(
                    CreateSelectMenu::new(&s.custom_id, CreateSelectMenuKind::String { options })
                        .placeholder(&s.placeholder),
                )
            });
        buttons.chain(select).collect()
    }

    fn attachments(&self) -> Vec<CreateAttachment> {
        self.files
            .iter()
            .map(|f| CreateAttachment::bytes(f.bytes.clone(), &f.name))
            .collect()
    }

    /// Replaces a deferred response ("thinking…") with this message.
    pub fn edit(&self) -> EditInteractionResponse {
        let mut b = EditInteractionResponse::new()
            .content(&self.content)
            .embeds(self.embeds())
            .components(self.components())
            .allowed_mentions(no_mentions());
        for a in self.attachments() {
            b = b.new_attachment(a);
        }
        b
    }

    /// This message as a follow-up (used for an ephemeral reply after a public defer).
    pub fn followup(&self) -> CreateInteractionResponseFollowup {
        CreateInteractionResponseFollowup::new()
            .content(&self.content)
            .embeds(self.embeds())
            .components(self.components())
            .files(self.attachments())
            .ephemeral(self.ephemeral)
            .allowed_mentions(no_mentions())
    }

    /// An edit of a message posted earlier into a channel (alert cards): the message is
    /// rendered anew, its files replaced by this message's (a card's fresh picture).
    pub fn channel_edit(&self) -> EditMessage {
        let files = self
            .attachments()
            .into_iter()
            .fold(EditAttachments::new(), EditAttachments::add);
        EditMessage::new()
            .content(&self.content)
            .embeds(self.embeds())
            .components(self.components())
            .attachments(files)
            .allowed_mentions(no_mentions())
    }

    /// This message posted into a channel (reminders).
    pub fn channel_message(&self) -> CreateMessage {
        CreateMessage::new()
            .content(&self.content)
            .embeds(self.embeds())
            .components(self.components())
            .files(self.attachments())
            .allowed_mentions(no_mentions())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Renderer {
        Renderer::new(crate::i18n::Locale::En, None).unwrap()
    }

    fn report_40k() -> String {
        let mut md = String::from("# Postmortem: payment-service OOM\n\n");
        let mut i = 0;
        while md.len() < 40_000 {
            i += 1;
            md.push_str(&format!(
                "- 14:{:02} note {i}: payment-service pod restarted after OOMKilled, heap 1.9 GiB of 2 GiB\n",
                i % 60
            ));
        }
        md
    }

    fn within_limits(m: &Message, limit: u64) {
        assert!(
            count(&m.content) <= CONTENT,
            "content {}",
            count(&m.content)
        );
        assert!(m.embeds.len() <= EMBEDS);
        assert!(m.embeds.iter().map(Embed::chars).sum::<usize>() <= EMBEDS_TOTAL);
        for e in &m.embeds {
            assert!(count(&e.title) <= EMBED_TITLE);
            assert!(count(&e.description) <= EMBED_DESCRIPTION);
            assert!(e.fields.len() <= EMBED_FIELDS);
            assert!(e.footer.as_deref().map_or(0, count) <= FOOTER);
            for (n, v) in &e.fields {
                assert!((1..=FIELD_NAME).contains(&count(n)));
                assert!((1..=FIELD_VALUE).contains(&count(v)));
            }
        }
        assert!(m.files.len() <= FILES);
        assert!(m.files.iter().all(|f| f.bytes.len() as u64 <= limit));
        assert!(m.rows.len() <= ROWS);
        assert!(m.rows.iter().all(|r| r.len() <= BUTTONS_PER_ROW));
    }

    #[test]
    fn a_40_kb_report_becomes_a_summary_embed_and_the_full_file() {
        let md = report_40k();
        let m = fit(
            &en(),
            &Reply::text(md.clone()),
            DEFAULT_ATTACHMENT_BYTES,
            "postmortem",
        );
        within_limits(&m, DEFAULT_ATTACHMENT_BYTES);
        assert_eq!(m.embeds.len(), 1);
        assert_eq!(m.embeds[0].title, "Postmortem: payment-service OOM");
        assert!(m.embeds[0].description.starts_with("- 14:01 note 1:"));
        assert!(m.embeds[0].description.ends_with('…'));
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.files[0].name, "postmortem.md");
        assert_eq!(m.files[0].bytes, md.trim_end().as_bytes());
        assert_eq!(m.content, "The full text is in postmortem.md.");
    }

    #[test]
    fn a_select_menu_takes_a_row_and_keeps_to_25_routable_options() {
        let button = |i: usize| Button {
            custom_id: if i == 2 {
                "x".repeat(101)
            } else {
                format!("finding:7:{i}")
            },
            label: format!("{i} {}", "long title ".repeat(20)),
        };
        let reply = Reply {
            buttons: (0..40).map(button).collect(),
            select: Some(Select {
                custom_id: "triage:findings".into(),
                placeholder: "Add a finding to the timeline".into(),
                options: (0..40).map(button).collect(),
            }),
            ..Reply::text("report")
        };
        let m = fit(&en(), &reply, DEFAULT_ATTACHMENT_BYTES, "triage");
        assert_eq!(m.rows.len(), ROWS - 1);
        let select = m.select.as_ref().unwrap();
        assert_eq!(select.options.len(), SELECT_OPTIONS);
        assert!(select.options.iter().all(|o| {
            o.custom_id.len() <= CUSTOM_ID && o.label.chars().count() <= OPTION_LABEL
        }));
        assert_eq!(select.options[2].custom_id, "finding:7:3");
        assert_eq!(m.components().len(), ROWS);
    }

    #[test]
    fn oversized_cards_fields_and_buttons_are_cut_to_discords_limits() {
        let long = "x".repeat(5000);
        let card = Card {
            title: long.clone(),
            description: long.clone(),
            color: Some(0xD7263D),
            fields: (0..40).map(|i| (format!("f{i}"), long.clone())).collect(),
            footer: Some(long.clone()),
            image: None,
        };
        let reply = Reply {
            markdown: report_40k(),
            cards: vec![card; 12],
            buttons: (0..40)
                .map(|i| Button {
                    custom_id: if i == 3 {
                        "y".repeat(101)
                    } else {
                        format!("logs:ns/p{i}")
                    },
                    label: "Logs".into(),
                })
                .collect(),
            ..Reply::default()
        };
        let m = fit(&en(), &reply, DEFAULT_ATTACHMENT_BYTES, "triage");
        within_limits(&m, DEFAULT_ATTACHMENT_BYTES);
        assert_eq!(m.embeds[0].color, Some(0xD7263D));
        assert_eq!(m.rows.len(), ROWS);
        assert!(
            m.rows
                .iter()
                .flatten()
                .all(|b| b.custom_id.len() <= CUSTOM_ID)
        );
        assert_eq!(m.rows[0][3].custom_id, "logs:ns/p4");
    }

    #[test]
    fn files_over_the_upload_limit_are_named_not_sent_and_errors_stay_private() {
        let reply = Reply {
            files: vec![FileAttachment {
                name: "big.log".into(),
                bytes: vec![b'a'; 2048],
            }],
            ..Reply::error("⚠️ no open incident")
        };
        let m = fit(&en(), &reply, 1024, "logs");
        assert!(m.files.is_empty());
        assert!(
            m.content
                .contains("big.log (2 KiB) is over Discord's upload limit"),
            "{}",
            m.content
        );
        assert!(m.ephemeral);
        let zh = en().in_locale(crate::i18n::Locale::ZhCn);
        let m = fit(&zh, &reply, 1024, "logs");
        assert!(
            m.content.contains(
                "big.log（2 KiB）超过了此处 Discord 的上传上限（1 KiB）：请用 `warroom export` 导出。"
            ),
            "{}",
            m.content
        );
    }

    #[test]
    fn medium_replies_fit_one_embed_and_short_ones_stay_content() {
        let medium = "line\n".repeat(700);
        let m = fit(
            &en(),
            &Reply::text(medium.clone()),
            DEFAULT_ATTACHMENT_BYTES,
            "help",
        );
        assert!(m.files.is_empty());
        assert_eq!(m.embeds[0].description, medium.trim_end());
        let short = fit(&en(), &Reply::text("ok"), DEFAULT_ATTACHMENT_BYTES, "x");
        assert_eq!((short.content.as_str(), short.embeds.len()), ("ok", 0));
        let empty = fit(&en(), &Reply::text("  "), DEFAULT_ATTACHMENT_BYTES, "x");
        assert_eq!(empty.content, "(no output)");
    }

    #[test]
    fn a_cards_picture_is_its_attached_file_or_nothing_when_the_file_stays_behind() {
        let reply = Reply {
            cards: vec![Card {
                title: "Triage · overview · production".into(),
                image: Some("pods.png".into()),
                ..Card::default()
            }],
            files: vec![FileAttachment {
                name: "pods.png".into(),
                bytes: vec![0x89; 2048],
            }],
            ..Reply::text("report")
        };
        let m = fit(&en(), &reply, DEFAULT_ATTACHMENT_BYTES, "triage");
        assert_eq!(m.embeds[0].image.as_deref(), Some("pods.png"));
        let json = serde_json::to_value(m.channel_message()).unwrap();
        assert_eq!(json["embeds"][0]["image"]["url"], "attachment://pods.png");
        let edit = serde_json::to_value(m.channel_edit()).unwrap();
        assert_eq!(edit["embeds"][0]["image"]["url"], "attachment://pods.png");
        assert_eq!(edit["attachments"][0]["filename"], "pods.png");

        let small = fit(&en(), &reply, 1024, "triage");
        assert!(small.files.is_empty());
        assert_eq!(small.embeds[0].image, None, "no picture without its file");
        assert!(small.content.contains("pods.png (2 KiB) is over"));
    }

    #[test]
    fn built_messages_never_ping() {
        let m = fit(
            &en(),
            &Reply::text("@everyone look"),
            DEFAULT_ATTACHMENT_BYTES,
            "x",
        );
        let json = serde_json::to_value(m.channel_message()).unwrap();
        assert_eq!(json["allowed_mentions"]["parse"], serde_json::json!([]));
        assert_eq!(json["content"], "@everyone look");
    }
}
