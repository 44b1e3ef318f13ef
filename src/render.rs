//! Rendering: the tera templates (embedded, overridable from a folder), Markdown escaping of
//! user and cluster text, time formatting per locale, and the platform-neutral `Reply`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use tera::{Tera, Value};

use crate::evidence::redact;
use crate::i18n::{Arg, Catalog, CatalogError, Msg, Text, read_if_present};

pub use crate::i18n::Locale;

/// Templates every locale provides.
pub const TEMPLATE_NAMES: &[&str] = &[
    "announcement",
    "status_update",
    "reminder",
    "postmortem",
    "timeline",
    "triage",
];

const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "announcement",
        include_str!("../templates/en/announcement.md.tera"),
        include_str!("../templates/zh-CN/announcement.md.tera"),
    ),
    (
        "status_update",
        include_str!("../templates/en/status_update.md.tera"),
        include_str!("../templates/zh-CN/status_update.md.tera"),
    ),
    (
        "reminder",
        include_str!("../templates/en/reminder.md.tera"),
        include_str!("../templates/zh-CN/reminder.md.tera"),
    ),
    (
        "postmortem",
        include_str!("../templates/en/postmortem.md.tera"),
        include_str!("../templates/zh-CN/postmortem.md.tera"),
    ),
    (
        "timeline",
        include_str!("../templates/en/timeline.md.tera"),
        include_str!("../templates/zh-CN/timeline.md.tera"),
    ),
    (
        "triage",
        include_str!("../templates/en/triage.md.tera"),
        include_str!("../templates/zh-CN/triage.md.tera"),
    ),
    (
        "watch",
        include_str!("../templates/en/watch.md.tera"),
        include_str!("../templates/zh-CN/watch.md.tera"),
    ),
];

/// A template that could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template {name}: {source}")]
    Template {
        name: String,
        #[source]
        source: tera::Error,
    },
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("cannot read template folder {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Renders templates and messages in one locale. The templates of every locale are kept (a
/// channel, a user and the console may each read another language), and a `Renderer` for
/// another locale is a cheap copy (`in_locale`). Each template is compiled the first time it is
/// rendered (a console run renders one of six, and compiling all took a third of its start-up);
/// templates from an override folder are compiled at once, so a broken one is refused at start.
#[derive(Debug, Clone)]
pub struct Renderer {
    shared: Arc<Shared>,
    locale: Locale,
}

/// What every `Renderer` of a process shares: the templates and the message catalogs.
#[derive(Debug)]
struct Shared {
    templates: Vec<Template>,
    catalog: Catalog,
}

/// One template of one locale, compiled when first rendered.
#[derive(Debug)]
struct Template {
    locale: Locale,
    file: String,
    text: String,
    compiled: OnceLock<Tera>,
}

/// One template compiled on its own (no template includes another).
fn compile(file: &str, text: &str) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md.tera"]);
    tera.set_escape_fn(escape_markdown);
    tera.register_filter("fence", fence_filter);
    tera.add_raw_template(file, text)
        .map_err(|source| RenderError::Template {
            name: file.to_string(),
            source,
        })?;
    Ok(tera)
}

/// The override of `file` in `locale` from `dir`: `dir/LOCALE/NAME.md.tera`, or for the
/// default locale also `dir/NAME.md.tera`.
fn override_text(
    dir: &Path,
    locale: Locale,
    default: Locale,
    file: &str,
) -> Result<Option<String>, RenderError> {
    let mut paths = vec![dir.join(locale.tag()).join(file)];
    if locale == default {
        paths.push(dir.join(file));
    }
    for path in paths {
        let found = read_if_present(&path).map_err(|source| RenderError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

impl Renderer {
    /// The embedded templates of every locale, rendering in `locale` (the process's default);
    /// a `LOCALE/NAME.md.tera` in `override_dir` replaces the embedded one of that locale and
    /// name, and a `NAME.md.tera` there the one of `locale`. The message catalogs likewise
    /// (`override_dir/i18n/LOCALE/NAME.ftl` replacing the embedded messages it defines).
    pub fn new(locale: Locale, override_dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut templates = Vec::new();
        for (name, en, zh) in EMBEDDED {
            for l in Locale::ALL {
                let file = format!("{name}.md.tera");
                let embedded = match l {
                    Locale::En => en,
                    Locale::ZhCn => zh,
                };
                let replaced = match override_dir {
                    Some(dir) => override_text(dir, l, locale, &file)?,
                    None => None,
                };
                let compiled = match &replaced {
                    Some(t) => OnceLock::from(compile(&file, t)?),
                    None => OnceLock::new(),
                };
                templates.push(Template {
                    locale: l,
                    text: replaced.unwrap_or_else(|| embedded.to_string()),
                    file,
                    compiled,
                });
            }
        }
        let catalog = Catalog::new(override_dir)?;
        Ok(Renderer {
            shared: Arc::new(Shared { templates, catalog }),
            locale,
        })
    }

    /// The same templates and messages, rendering in `locale`.
    pub fn in_locale(&self, locale: Locale) -> Renderer {
        Renderer {
            shared: Arc::clone(&self.shared),
            locale,
        }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Message `key` of the catalog in this renderer's locale.
    pub fn t(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.shared.catalog.t(self.locale, key, args)
    }

    /// `msg` in this renderer's locale.
    pub fn msg(&self, msg: &Msg) -> String {
        self.shared.catalog.msg(self.locale, msg)
    }

    /// `text` in this renderer's locale.
    pub fn text(&self, text: &Text) -> String {
        self.shared.catalog.text(self.locale, text)
    }

    /// The message catalogs of every locale.
    pub fn catalog(&self) -> &Catalog {
        &self.shared.catalog
    }

    /// Renders template `name` (without extension) in this renderer's locale with a
    /// serializable context.
    pub fn render(&self, name: &str, ctx: &impl Serialize) -> Result<String, RenderError> {
        let value = serde_json::to_value(ctx).map_err(|e| RenderError::Template {
            name: name.to_string(),
            source: tera::Error::json(e),
        })?;
        self.render_value(name, value)
    }

    /// Renders template `name` with a context it takes over: a large context (a postmortem's
    /// 10,000 timeline entries) is not copied once more on its way into tera.
    pub fn render_value(&self, name: &str, ctx: serde_json::Value) -> Result<String, RenderError> {
        let fail = |source| RenderError::Template {
            name: name.to_string(),
            source,
        };
        let ctx = tera::Context::from_value(ctx).map_err(fail)?;
        let (file, tera) = self.compiled(name)?;
        tera.render(file, &ctx).map_err(fail)
    }

    /// Compiles template `name` of this renderer's locale now, if it is not yet: a command
    /// that knows which template its reply needs does this on a spare thread meanwhile.
    pub fn prepare(&self, name: &str) -> Result<(), RenderError> {
        self.compiled(name).map(|_| ())
    }

    /// The file name and the compiled template `name` of this renderer's locale.
    fn compiled(&self, name: &str) -> Result<(&str, &Tera), RenderError> {
        let file = format!("{name}.md.tera");
        let Some(template) = self
            .shared
            .templates
            .iter()
            .find(|t| t.locale == self.locale && t.file == file)
        else {
            return Err(RenderError::Template {
                name: name.to_string(),
                source: tera::Error::template_not_found(&file),
            });
        };
        let tera = match template.compiled.get() {
            Some(tera) => tera,
            None => {
                let tera = compile(&file, &template.text)?;
                template.compiled.get_or_init(|| tera)
            }
        };
        Ok((&template.file, tera))
    }

    /// `2026-11-26 14:05 UTC`.
    pub fn time(&self, t: DateTime<Utc>) -> String {
        t.format("%Y-%m-%d %H:%M UTC").to_string()
    }

    /// `1 h 47 min` / `1小时47分钟`.
    pub fn duration(&self, d: Duration) -> String {
        let minutes = d.num_minutes().max(0);
        let (h, m) = (minutes / 60, minutes % 60);
        match (self.locale, h) {
            (Locale::En, 0) => format!("{m} min"),
            (Locale::En, _) => format!("{h} h {m} min"),
            (Locale::ZhCn, 0) => format!("{m}分钟"),
            (Locale::ZhCn, _) => format!("{h}小时{m}分钟"),
        }
    }

    /// `14:00–15:47 UTC (1 h 47 min)`; dates are shown when the window spans days; an open
    /// window says it is ongoing.
    pub fn window(
        &self,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> String {
        let Some(end) = end else {
            return match self.locale {
                Locale::En => format!(
                    "{}–ongoing ({} so far)",
                    start.format("%Y-%m-%d %H:%M UTC"),
                    self.duration(now - start)
                ),
                Locale::ZhCn => format!(
                    "{}至今（已持续{}）",
                    start.format("%Y-%m-%d %H:%M UTC"),
                    self.duration(now - start)
                ),
            };
        };
        let same_day = start.date_naive() == end.date_naive();
        let (a, b) = if same_day {
            (
                start.format("%H:%M").to_string(),
                end.format("%H:%M").to_string(),
            )
        } else {
            (
                start.format("%Y-%m-%d %H:%M").to_string(),
                end.format("%Y-%m-%d %H:%M").to_string(),
            )
        };
        match self.locale {
            Locale::En => format!("{a}–{b} UTC ({})", self.duration(end - start)),
            Locale::ZhCn => format!("{a}-{b} UTC（总{}）", self.duration(end - start)),
        }
    }
}

/// Escapes text from users or the cluster so it cannot start Markdown structure (emphasis,
/// code, links, headings, table cells, HTML) and folds line breaks into spaces (into nothing
/// after a full-width stop, where Chinese puts no space: "…分钟）。node-6：…").
pub fn escape_markdown(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '\n' if out.ends_with(['。', '！', '？', '；', '：', '）', '」', '”']) => {}
            '\\' | '`' | '*' | '_' | '~' | '|' | '<' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block that the content cannot close early (the fence is longer than any run
/// of backticks inside), optionally indented to sit inside a list item.
pub fn fence(content: &str, indent: usize) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}{ticks}text\n");
    for line in content.lines() {
        out.push_str(&pad);
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&pad);
    out.push_str(&ticks);
    out
}

fn fence_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("fence expects a string"))?;
    let indent = args.get("indent").and_then(Value::as_u64).unwrap_or(0) as usize;
    Ok(Value::String(fence(text, indent)))
}

/// A clickable action under a reply (a Discord button).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    /// Routed back to warroom when clicked (≤ 100 characters).
    pub custom_id: String,
    pub label: String,
}

/// A file attached to a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAttachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl FileAttachment {
    /// A picture (a chart), as opposed to a text document: shown inline, written to disk by
    /// the console.
    pub fn is_image(&self) -> bool {
        self.name.ends_with(".png")
    }
}

/// A summary card (a Discord embed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    pub title: String,
    pub description: String,
    /// RGB colour, e.g. by severity.
    pub color: Option<u32>,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
    /// The name of a file of the same reply that the card shows as its picture.
    pub image: Option<String>,
}

/// A drop-down under a reply for more choices than fit as buttons: picking an option acts as
/// clicking a button whose `custom_id` is the option's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    pub custom_id: String,
    pub placeholder: String,
    /// The choices, as buttons would be: label shown, `custom_id` routed back when picked.
    pub options: Vec<Button>,
}

/// What a handler answers: platform-neutral; each chat adapter fits it to its limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// The full reply as Markdown (the console prints this).
    pub markdown: String,
    pub cards: Vec<Card>,
    pub files: Vec<FileAttachment>,
    pub buttons: Vec<Button>,
    /// A drop-down below the buttons.
    pub select: Option<Select>,
    /// Shown only to the user who asked (errors, help).
    pub ephemeral: bool,
    /// The command failed or was refused.
    pub is_error: bool,
    /// It failed because the database did not answer or refused (counted in the metrics).
    pub database_error: bool,
}

impl Reply {
    pub fn text(markdown: impl Into<String>) -> Self {
        Reply {
            markdown: markdown.into(),
            ..Reply::default()
        }
    }

    /// An error shown only to the user who asked.
    pub fn error(markdown: impl Into<String>) -> Self {
        Reply {
            markdown: markdown.into(),
            ephemeral: true,
            is_error: true,
            ..Reply::default()
        }
    }

    /// The same reply with every text redacted: markdown, cards, button and option labels and
    /// text files (binary files, such as a chart, pass as they are).
    pub fn redacted(self) -> Self {
        let text = |s: String| match redact(&s) {
            Cow::Borrowed(_) => s,
            Cow::Owned(r) => r,
        };
        Reply {
            markdown: text(self.markdown),
            cards: self
                .cards
                .into_iter()
                .map(|c| Card {
                    title: text(c.title),
                    description: text(c.description),
                    color: c.color,
                    fields: c
                        .fields
                        .into_iter()
                        .map(|(name, value)| (text(name), text(value)))
                        .collect(),
                    footer: c.footer.map(text),
                    image: c.image,
                })
                .collect(),
            files: self
                .files
                .into_iter()
                .map(|f| match String::from_utf8(f.bytes) {
                    Ok(s) => FileAttachment {
                        name: text(f.name),
                        bytes: text(s).into_bytes(),
                    },
                    Err(binary) => FileAttachment {
                        name: text(f.name),
                        bytes: binary.into_bytes(),
                    },
                })
                .collect(),
            buttons: self
                .buttons
                .into_iter()
                .map(|b| Button {
                    custom_id: b.custom_id,
                    label: text(b.label),
                })
                .collect(),
            select: self.select.map(|s| Select {
                custom_id: s.custom_id,
                placeholder: text(s.placeholder),
                options: s
                    .options
                    .into_iter()
                    .map(|b| Button {
                        custom_id: b.custom_id,
                        label: text(b.label),
                    })
                    .collect(),
            }),
            ephemeral: self.ephemeral,
            is_error: self.is_error,
            database_error: self.database_error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_tables_or_headings() {
        assert_eq!(
            escape_markdown("a|b\n# x *y* <b>"),
            "a\\|b \\# x \\*y\\* \\<b>"
        );
    }

    #[test]
    fn lines_fold_without_a_space_after_a_chinese_full_stop() {
        assert_eq!(
            escape_markdown("node-5：MemoryPressure 为 True。\nnode-6：同上\nnode-7"),
            "node-5：MemoryPressure 为 True。node-6：同上 node-7"
        );
    }

    #[test]
    fn fences_outlast_backticks_in_content() {
        let f = fence("a ```` b", 0);
        assert!(f.starts_with("`````text\n"), "{f}");
        assert!(f.ends_with("\n`````"), "{f}");
    }

    #[test]
    fn prepare_compiles_the_template_of_its_locale_ahead_of_rendering() {
        let r = Renderer::new(Locale::En, None).unwrap();
        let compiled = |locale: Locale| {
            r.shared.templates.iter().any(|t| {
                t.locale == locale && t.file == "triage.md.tera" && t.compiled.get().is_some()
            })
        };
        assert!(!compiled(Locale::En));
        r.prepare("triage").unwrap();
        assert!(compiled(Locale::En) && !compiled(Locale::ZhCn));
        let err = r.prepare("triag").unwrap_err();
        assert!(err.to_string().contains("triag.md.tera"), "{err}");
    }

    #[test]
    fn windows_and_durations_read_like_the_seed() {
        let r = Renderer::new(Locale::En, None).unwrap();
        let t = |h, m| {
            DateTime::parse_from_rfc3339(&format!("2024-08-20T{h:02}:{m:02}:00Z"))
                .unwrap()
                .to_utc()
        };
        assert_eq!(
            r.window(t(14, 0), Some(t(15, 47)), t(16, 0)),
            "14:00–15:47 UTC (1 h 47 min)"
        );
        let zh = Renderer::new(Locale::ZhCn, None).unwrap();
        assert_eq!(
            zh.window(t(14, 0), Some(t(15, 47)), t(16, 0)),
            "14:00-15:47 UTC（总1小时47分钟）"
        );
    }
}
