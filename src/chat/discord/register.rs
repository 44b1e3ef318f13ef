//! Slash-command registration, generated from the command reference (`command::USAGE`): one
//! command per family, a subcommand per row where the family has several, option types and
//! ranges read from the usage line, choices from the core enums, autocomplete where the cluster
//! can suggest names. Descriptions and choice names come from the message catalog, in English
//! with a zh-CN localization, so a Chinese Discord client shows them in Chinese; command and
//! option names stay as typed in the console and the seed (`/triage service:…`).

use serenity::all::{
    Command, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
};

use super::limits::truncate;
use crate::command::{NoteTag, USAGE, Usage};
use crate::i18n::{Catalog, Locale};
use crate::incident::Severity;

/// Discord's limit on command and option descriptions.
const DESCRIPTION: usize = 100;

/// Options whose values the cluster suggests while the user types.
const AUTOCOMPLETE: &[(&str, &str)] = &[("triage", "service"), ("logs", "pod")];

/// One `key:<spec>` of a usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OptionSpec {
    key: String,
    spec: String,
    required: bool,
}

/// The options of a usage line, required ones first (Discord insists).
fn option_specs(usage: &str) -> Vec<OptionSpec> {
    let mut specs: Vec<OptionSpec> = usage
        .split_whitespace()
        .skip(1)
        .filter_map(|token| {
            let required = !token.starts_with('[');
            let token = token.trim_start_matches('[').trim_end_matches(']');
            let (key, spec) = token.split_once(':')?;
            Some(OptionSpec {
                key: key.to_string(),
                spec: spec
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string(),
                required,
            })
        })
        .collect();
    specs.sort_by_key(|s| !s.required);
    specs
}

fn int_range(spec: &str) -> Option<(u64, u64)> {
    let (lo, hi) = spec.split_once('-')?;
    Some((lo.parse().ok()?, hi.parse().ok()?))
}

/// Discord's limit on a choice's name.
const CHOICE: usize = 100;

/// A text in every locale but English, keyed by Discord's locale name.
fn localized(text: impl Fn(Locale) -> String) -> Vec<(&'static str, String)> {
    Locale::ALL
        .into_iter()
        .filter(|l| *l != Locale::En)
        .map(|l| (l.tag(), text(l)))
        .collect()
}

/// A description from the catalog, in English and localized.
fn described<T>(
    catalog: &Catalog,
    key: &str,
    builder: T,
    describe: fn(T, String) -> T,
    localize: fn(T, &'static str, String) -> T,
) -> T {
    let text = |l: Locale| truncate(&catalog.t(l, key, &[]), DESCRIPTION);
    let mut builder = describe(builder, text(Locale::En));
    for (locale, text) in localized(text) {
        builder = localize(builder, locale, text);
    }
    builder
}

fn option(catalog: &Catalog, family: &str, s: &OptionSpec) -> CreateCommandOption {
    let kind = match s.spec.as_str() {
        "attachment" => CommandOptionType::Attachment,
        "user" => CommandOptionType::User,
        "true" => CommandOptionType::Boolean,
        "number" => CommandOptionType::Integer,
        spec if int_range(spec).is_some() => CommandOptionType::Integer,
        _ => CommandOptionType::String,
    };
    let mut o = described(
        catalog,
        &format!("option-{}", s.key),
        CreateCommandOption::new(kind, &s.key, ""),
        CreateCommandOption::description,
        CreateCommandOption::description_localized,
    )
    .required(s.required);
    if let Some((lo, hi)) = int_range(&s.spec) {
        o = o.min_int_value(lo).max_int_value(hi);
    } else if s.spec == "number" {
        o = o.min_int_value(1);
    }
    match s.key.as_str() {
        "severity" => {
            for sev in Severity::ALL {
                o = o.add_string_choice(sev.as_str(), sev.as_str());
            }
        }
        "tag" => {
            for tag in NoteTag::ALL {
                let key = format!("note-tag-{}", tag.as_str());
                let shown = |l: Locale| truncate(&catalog.t(l, &key, &[]), CHOICE);
                o = o.add_string_choice_localized(
                    shown(Locale::En),
                    tag.as_str(),
                    localized(shown),
                );
            }
        }
        // `logs:current` of /triage: the one value the grammar accepts.
        "logs" => o = o.add_string_choice(&s.spec, &s.spec),
        _ => {}
    }
    if AUTOCOMPLETE.contains(&(family, s.key.as_str())) {
        o = o.set_autocomplete(true);
    }
    o
}

/// Every command of the reference, ready to register.
pub fn commands(catalog: &Catalog) -> Vec<CreateCommand> {
    let mut families: Vec<(&str, Vec<&Usage>)> = Vec::new();
    for u in USAGE {
        let family = u.path.split(' ').next().unwrap_or(u.path);
        match families.iter_mut().find(|(f, _)| *f == family) {
            Some((_, rows)) => rows.push(u),
            None => families.push((family, vec![u])),
        }
    }
    families
        .into_iter()
        .map(|(family, rows)| match rows.as_slice() {
            [only] if !only.path.contains(' ') => {
                let mut c = described(
                    catalog,
                    only.does,
                    CreateCommand::new(family),
                    CreateCommand::description,
                    CreateCommand::description_localized,
                );
                for s in option_specs(only.usage) {
                    c = c.add_option(option(catalog, family, &s));
                }
                c
            }
            _ => {
                let mut c = described(
                    catalog,
                    &format!("family-{family}"),
                    CreateCommand::new(family),
                    CreateCommand::description,
                    CreateCommand::description_localized,
                );
                for u in rows {
                    let sub = u.path.split(' ').nth(1).unwrap_or(u.path);
                    let mut o = described(
                        catalog,
                        u.does,
                        CreateCommandOption::new(CommandOptionType::SubCommand, sub, ""),
                        CreateCommandOption::description,
                        CreateCommandOption::description_localized,
                    );
                    for s in option_specs(u.usage) {
                        o = o.add_sub_option(option(catalog, family, &s));
                    }
                    c = c.add_option(o);
                }
                c
            }
        })
        .collect()
}

/// Registers the commands in one guild (instant; for a team's server) or globally.
pub async fn register(
    http: &Http,
    guild: Option<GuildId>,
    catalog: &Catalog,
) -> Result<usize, serenity::Error> {
    let registered = match guild {
        Some(g) => g.set_commands(http, commands(catalog)).await?,
        None => Command::set_global_commands(http, commands(catalog)).await?,
    };
    Ok(registered.len())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn registered() -> Vec<Value> {
        commands(&Catalog::new(None).unwrap())
            .into_iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect()
    }

    fn find<'a>(list: &'a Value, name: &str) -> &'a Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {list}"))
    }

    #[test]
    fn every_reference_row_is_registered_within_discords_limits() {
        let cmds = registered();
        let mut paths = Vec::new();
        for c in &cmds {
            let name = c["name"].as_str().unwrap();
            let options = c["options"].as_array().cloned().unwrap_or_default();
            assert!(
                (1..=DESCRIPTION).contains(&c["description"].as_str().unwrap().chars().count())
            );
            assert!(options.len() <= 25);
            let subs: Vec<_> = options.iter().filter(|o| o["type"] == 1).collect();
            if subs.is_empty() {
                paths.push(name.to_string());
            }
            for s in subs {
                paths.push(format!("{name} {}", s["name"].as_str().unwrap()));
            }
            let mut all = options.clone();
            for o in &options {
                all.extend(o["options"].as_array().cloned().unwrap_or_default());
            }
            for o in all {
                let n = o["name"].as_str().unwrap();
                assert!(n.len() <= 32 && n == n.to_ascii_lowercase(), "{n}");
                let d = o["description"].as_str().unwrap().chars().count();
                assert!((1..=DESCRIPTION).contains(&d), "{o}");
                let zh = o["description_localizations"]["zh-CN"]
                    .as_str()
                    .unwrap_or_default();
                assert!((1..=DESCRIPTION).contains(&zh.chars().count()), "{o}");
                assert_eq!(crate::i18n::english_runs(zh), Vec::<String>::new(), "{o}");
            }
        }
        let expected: Vec<_> = USAGE.iter().map(|u| u.path.to_string()).collect();
        assert_eq!(paths, expected);
    }

    #[test]
    fn types_choices_ranges_and_autocomplete_follow_the_grammar() {
        let cmds = registered();
        let incident = cmds.iter().find(|c| c["name"] == "incident").unwrap();
        let open = find(&incident["options"], "open");
        let severity = find(&open["options"], "severity");
        assert_eq!(severity["required"], true);
        let choices: Vec<_> = severity["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap())
            .collect();
        assert_eq!(choices, ["sev1", "sev2", "sev3", "sev4"]);
        let logs = cmds.iter().find(|c| c["name"] == "logs").unwrap();
        assert_eq!(find(&logs["options"], "pod")["autocomplete"], true);
        assert_eq!(find(&logs["options"], "previous")["type"], 5);
        let tail = find(&logs["options"], "tail");
        assert_eq!(
            (
                tail["type"].as_u64(),
                tail["min_value"].as_u64(),
                tail["max_value"].as_u64()
            ),
            (Some(4), Some(1), Some(200))
        );
        let triage = cmds.iter().find(|c| c["name"] == "triage").unwrap();
        let service = find(&find(&triage["options"], "service")["options"], "service");
        assert_eq!(
            (
                service["autocomplete"].as_bool(),
                service["required"].as_bool()
            ),
            (Some(true), Some(true))
        );
        let logs = find(&find(&triage["options"], "service")["options"], "logs");
        assert_eq!(logs["choices"][0]["value"], "current");
        assert_eq!(logs["required"].as_bool(), Some(false));
        let note = cmds.iter().find(|c| c["name"] == "note").unwrap();
        assert_eq!(find(&note["options"], "file")["type"], 11);
        assert_eq!(
            find(&note["options"], "tag")["choices"]
                .as_array()
                .unwrap()
                .len(),
            9
        );
        let role = find(&incident["options"], "role");
        assert_eq!(find(&role["options"], "commander")["type"], 6);
        let due = find(
            &find(
                &cmds.iter().find(|c| c["name"] == "action").unwrap()["options"],
                "add",
            )["options"],
            "due",
        );
        assert_eq!(due["description"], "due: YYYY-MM-DD");
        assert_eq!(
            due["description_localizations"]["zh-CN"],
            "截止日期，格式 YYYY-MM-DD"
        );
    }
}
