//! The message catalogs: one Fluent bundle per locale, built from the `.ftl` files compiled
//! into the binary, each message replaceable from `DIR/i18n/LOCALE/NAME.ftl`.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use tracing::warn;

use super::{Arg, Locale, Msg};

/// The catalog files every locale provides (`templates/i18n/LOCALE/NAME.ftl`).
pub const CATALOG_NAMES: &[&str] = &[
    "replies", "errors", "commands", "findings", "timeline", "chart",
];

/// `(name, en, zh-CN)` of every catalog file.
const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "replies",
        include_str!("../../templates/i18n/en/replies.ftl"),
        include_str!("../../templates/i18n/zh-CN/replies.ftl"),
    ),
    (
        "errors",
        include_str!("../../templates/i18n/en/errors.ftl"),
        include_str!("../../templates/i18n/zh-CN/errors.ftl"),
    ),
    (
        "commands",
        include_str!("../../templates/i18n/en/commands.ftl"),
        include_str!("../../templates/i18n/zh-CN/commands.ftl"),
    ),
    (
        "findings",
        include_str!("../../templates/i18n/en/findings.ftl"),
        include_str!("../../templates/i18n/zh-CN/findings.ftl"),
    ),
    (
        "timeline",
        include_str!("../../templates/i18n/en/timeline.ftl"),
        include_str!("../../templates/i18n/zh-CN/timeline.ftl"),
    ),
    (
        "chart",
        include_str!("../../templates/i18n/en/chart.ftl"),
        include_str!("../../templates/i18n/zh-CN/chart.ftl"),
    ),
];

/// A catalog file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(
        "message catalog {path}: {errors}: fix the Fluent syntax there (projectfluent.org/fluent/guide)"
    )]
    Parse { path: String, errors: String },
    #[error("message catalog {path}: {errors}: rename the message or remove the duplicate")]
    Duplicate { path: String, errors: String },
    #[error("cannot read message catalog {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

type Bundle = FluentBundle<FluentResource>;

/// The messages of every locale.
pub struct Catalog {
    en: Bundle,
    /// Parsed when first read (a console in English never reads it), or at once when the
    /// override folder has files for it, so that a broken one is refused at start.
    zh_cn: OnceLock<Bundle>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

fn parse(path: &str, text: String) -> Result<FluentResource, CatalogError> {
    FluentResource::try_new(text).map_err(|(_, errors)| CatalogError::Parse {
        path: path.to_string(),
        errors: format!("{errors:?}"),
    })
}

/// The bundle of `locale`: the embedded files, then whatever the override folder replaces.
fn bundle(locale: Locale, override_dir: Option<&Path>) -> Result<Bundle, CatalogError> {
    let tag = locale.tag();
    let langid: unic_langid::LanguageIdentifier = tag.parse().map_err(|e| CatalogError::Parse {
        path: tag.to_string(),
        errors: format!("{e}"),
    })?;
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    // Directional isolation marks around arguments would end up in Markdown and in tests'
    // byte-for-byte comparisons; warroom's text is left-to-right in both locales.
    bundle.set_use_isolating(false);
    // The only function of a new bundle: registering it cannot clash.
    bundle
        .add_function("THOUSANDS", grouped)
        .map_err(|e| CatalogError::Duplicate {
            path: tag.to_string(),
            errors: format!("{e:?}"),
        })?;
    for (name, en, zh) in EMBEDDED {
        let text = match locale {
            Locale::En => en,
            Locale::ZhCn => zh,
        };
        let path = format!("templates/i18n/{tag}/{name}.ftl");
        bundle
            .add_resource(parse(&path, text.to_string())?)
            .map_err(|errors| CatalogError::Duplicate {
                path,
                errors: format!("{errors:?}"),
            })?;
    }
    if let Some(dir) = override_dir {
        for name in CATALOG_NAMES {
            let path = dir.join("i18n").join(tag).join(format!("{name}.ftl"));
            let found = read_if_present(&path).map_err(|source| CatalogError::Io {
                path: path.display().to_string(),
                source,
            })?;
            if let Some(text) = found {
                bundle.add_resource_overriding(parse(&path.display().to_string(), text)?);
            }
        }
    }
    Ok(bundle)
}

/// 12345 → "12,345".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The catalogs' `THOUSANDS($n)`: a whole number of 0 or more with its thousands separated
/// (`thousands`); anything else as it is.
fn grouped<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    match positional.first() {
        Some(FluentValue::Number(n)) if n.value >= 0.0 && n.value.fract() == 0.0 => {
            FluentValue::from(thousands(n.value as usize))
        }
        Some(other) => other.clone(),
        None => FluentValue::None,
    }
}

/// The text of the file at `path`, or `None` when there is none (an override folder need not
/// replace everything).
pub(crate) fn read_if_present(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

impl Catalog {
    /// The embedded catalogs, with any `override_dir/i18n/LOCALE/NAME.ftl` replacing the
    /// messages it defines.
    pub fn new(override_dir: Option<&Path>) -> Result<Self, CatalogError> {
        let zh_cn = match override_dir {
            Some(dir) if dir.join("i18n").join(Locale::ZhCn.tag()).is_dir() => {
                OnceLock::from(bundle(Locale::ZhCn, override_dir)?)
            }
            _ => OnceLock::new(),
        };
        Ok(Catalog {
            en: bundle(Locale::En, override_dir)?,
            zh_cn,
        })
    }

    fn bundle(&self, locale: Locale) -> &Bundle {
        match locale {
            Locale::En => &self.en,
            // Only the embedded files are left to parse here: the tests parse them all.
            Locale::ZhCn => self.zh_cn.get_or_init(|| {
                bundle(Locale::ZhCn, None).expect("the embedded zh-CN catalog parses")
            }),
        }
    }

    /// Message `key` in `locale` (in English when the locale lacks it; the key itself, logged,
    /// when no catalog has it).
    pub fn t(&self, locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
        self.format(locale, key, args.iter().map(|(name, value)| (*name, value)))
    }

    /// `msg` in `locale`.
    pub fn msg(&self, locale: Locale, msg: &Msg) -> String {
        let args = msg.args.iter().map(|(name, value)| (name.as_ref(), value));
        self.format(locale, &msg.key, args)
    }

    fn format<'a>(
        &self,
        locale: Locale,
        key: &str,
        args: impl Iterator<Item = (&'a str, &'a Arg)>,
    ) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::from(s.as_str()),
            };
            fluent.set(Cow::Borrowed(name), value);
        }
        let found = [locale, Locale::En].into_iter().find_map(|l| {
            let bundle = self.bundle(l);
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
            if !errors.is_empty() {
                warn!(
                    key,
                    locale = l.tag(),
                    ?errors,
                    "a message did not format cleanly"
                );
            }
            Some(text.into_owned())
        });
        found.unwrap_or_else(|| {
            warn!(key, "no catalog has this message");
            key.to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    type Vars = BTreeSet<String>;

    fn pattern_vars(pattern: &ast::Pattern<&str>, out: &mut Vars) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }

    fn expression_vars(expression: &ast::Expression<&str>, out: &mut Vars) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for variant in variants {
                    pattern_vars(&variant.value, out);
                }
            }
            ast::Expression::Inline(inline) => inline_vars(inline, out),
        }
    }

    fn inline_vars(inline: &ast::InlineExpression<&str>, out: &mut Vars) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, out);
                }
                for a in &arguments.named {
                    inline_vars(&a.value, out);
                }
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            _ => {}
        }
    }

    /// Every message of `locale`'s embedded files, with the variables it uses.
    fn messages(locale: Locale) -> BTreeMap<String, Vars> {
        let mut found = BTreeMap::new();
        for (name, en, zh) in EMBEDDED {
            let text = if locale == Locale::En { en } else { zh };
            let resource = parse(name, text.to_string()).expect("the embedded catalogs parse");
            for entry in resource.entries() {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = Vars::new();
                    if let Some(value) = &m.value {
                        pattern_vars(value, &mut vars);
                    }
                    for attribute in &m.attributes {
                        pattern_vars(&attribute.value, &mut vars);
                    }
                    found.insert(format!("{name}.ftl: {}", m.id.name), vars);
                }
            }
        }
        found
    }

    #[test]
    fn every_message_exists_in_every_locale_with_the_same_variables() {
        let en = messages(Locale::En);
        let zh = messages(Locale::ZhCn);
        let mut wrong = Vec::new();
        for (key, vars) in &en {
            match zh.get(key) {
                None => wrong.push(format!("{key}: missing in zh-CN")),
                Some(v) if v != vars => {
                    wrong.push(format!("{key}: en uses {vars:?}, zh-CN uses {v:?}"))
                }
                Some(_) => {}
            }
        }
        for key in zh.keys().filter(|k| !en.contains_key(*k)) {
            wrong.push(format!("{key}: missing in en"));
        }
        assert!(wrong.is_empty(), "catalogs differ:\n{}", wrong.join("\n"));
        assert!(en.len() > 30, "the walk found the messages: {}", en.len());
    }

    #[test]
    fn the_variable_walk_sees_selectors_and_their_variants() {
        let resource = parse(
            "t.ftl",
            "m = { $state ->\n    [open] a { $id }\n   *[other] b\n}\n".to_string(),
        )
        .expect("parses");
        let Some(ast::Entry::Message(m)) = resource.entries().next() else {
            panic!("one message");
        };
        let mut vars = Vars::new();
        pattern_vars(m.value.as_ref().expect("a value"), &mut vars);
        assert_eq!(vars, Vars::from(["id".to_string(), "state".to_string()]));
    }

    #[test]
    fn messages_render_with_their_arguments_in_each_locale() {
        let c = Catalog::new(None).expect("the embedded catalogs load");
        let args = [
            ("id", Arg::Int(3)),
            ("at", "2026-11-26 15:47 UTC".into()),
            ("window", "14:00–15:47 UTC (1 h 47 min)".into()),
        ];
        assert_eq!(
            c.t(Locale::En, "reply-resolved", &args),
            "✅ Incident #3 resolved at 2026-11-26 15:47 UTC. Impact window: 14:00–15:47 UTC (1 h 47 min)."
        );
        assert_eq!(
            c.t(Locale::ZhCn, "reply-resolved", &args),
            "✅ 故障 #3 已于 2026-11-26 15:47 UTC 恢复。影响时间窗：14:00–15:47 UTC (1 h 47 min)。"
        );
        let state = [("state", Arg::from("mitigated"))];
        assert_eq!(
            c.t(Locale::ZhCn, "error-lifecycle-already", &state),
            "该故障已经是「已缓解」状态，未做任何变更"
        );
    }

    #[test]
    fn a_users_text_is_never_translated() {
        let c = Catalog::new(None).expect("the embedded catalogs load");
        let args = [("id", Arg::Int(1)), ("title", "resolved".into())];
        assert_eq!(
            c.t(Locale::ZhCn, "card-incident-title", &args),
            "故障 #1 · resolved"
        );
    }

    #[test]
    fn an_override_folder_replaces_messages_and_english_fills_gaps() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let zh = dir.path().join("i18n/zh-CN");
        let en = dir.path().join("i18n/en");
        std::fs::create_dir_all(&zh).expect("zh-CN folder");
        std::fs::create_dir_all(&en).expect("en folder");
        std::fs::write(
            zh.join("replies.ftl"),
            "reply-still-open = 故障 #{ $id } 仍在处理\n",
        )
        .expect("written");
        std::fs::write(en.join("replies.ftl"), "team-only-en = only in English\n")
            .expect("written");
        let c = Catalog::new(Some(dir.path())).expect("the override loads");
        let id = [("id", Arg::Int(2))];
        assert_eq!(
            c.t(Locale::ZhCn, "reply-still-open", &id),
            "故障 #2 仍在处理"
        );
        assert_eq!(
            c.t(Locale::En, "reply-still-open", &id),
            "Incident #2 is open."
        );
        assert_eq!(c.t(Locale::ZhCn, "team-only-en", &[]), "only in English");
        assert_eq!(c.t(Locale::ZhCn, "no-such-message", &[]), "no-such-message");
    }

    #[test]
    fn the_chinese_catalog_is_parsed_when_first_read() {
        let c = Catalog::new(None).expect("the embedded catalogs load");
        assert!(
            c.zh_cn.get().is_none(),
            "not parsed before a reader needs it"
        );
        assert_eq!(
            c.t(Locale::ZhCn, "reply-still-open", &[("id", Arg::Int(2))]),
            "故障 #2 处理中。"
        );
        assert!(c.zh_cn.get().is_some());
    }

    #[test]
    fn a_broken_override_is_refused_at_start_with_its_path() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let zh = dir.path().join("i18n/zh-CN");
        std::fs::create_dir_all(&zh).expect("zh-CN folder");
        std::fs::write(zh.join("errors.ftl"), "error-x = { $unclosed\n").expect("written");
        let e = Catalog::new(Some(dir.path())).expect_err("refused");
        let text = e.to_string();
        assert!(text.contains("i18n/zh-CN/errors.ftl"), "{text}");
        assert!(text.contains("fix the Fluent syntax"), "{text}");
    }
}
