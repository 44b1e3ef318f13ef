//! `Text`: words for a reader, kept as a value until they are shown. A catalog `Msg` is shown
//! in the reader's locale; English prose, from code whose words are not in the catalog yet, is
//! shown as written. Sentences, phrases and lists of names are put together per locale.

use std::borrow::Cow;

use serde::Serialize;

use super::{Arg, Catalog, Locale, Msg};

/// Words for a reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// A catalog message, shown in the reader's locale.
    Msg(Msg),
    /// A catalog message some of whose arguments are texts themselves (a list, a phrase),
    /// shown in the same locale first.
    With {
        msg: Msg,
        texts: Vec<(Cow<'static, str>, Text)>,
    },
    /// English from code whose words are not in the catalog yet, shown as written.
    Prose(String),
    /// Sentences one after another: a space apart in English, none in Chinese.
    Sentences(Vec<Text>),
    /// Phrases of one line: "a, b" / "a，b".
    Phrases(Vec<Text>),
    /// Clauses of one line: "a; b" / "a；b".
    Clauses(Vec<Text>),
    /// Lines, one under another in every locale.
    Lines(Vec<Text>),
    /// Names from the cluster: "a, b and c" / "a、b 和 c"; past `max` names, "and N more".
    List { items: Vec<String>, max: usize },
    /// Texts listed like names ("a, b and c" / "a、b 和 c"), each shown in the locale first.
    Items { items: Vec<Text>, max: usize },
}

impl Text {
    /// Message `msg` with the texts `texts` as further arguments.
    pub fn with(msg: Msg, texts: impl IntoIterator<Item = (&'static str, Text)>) -> Self {
        Text::With {
            msg,
            texts: texts
                .into_iter()
                .map(|(name, t)| (Cow::Borrowed(name), t))
                .collect(),
        }
    }

    /// The names `items`, at most `max` of them listed.
    pub fn list<S: AsRef<str>>(items: &[S], max: usize) -> Self {
        Text::List {
            items: items.iter().map(|s| s.as_ref().to_string()).collect(),
            max,
        }
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Self {
        Text::Msg(m)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Prose(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        String::from(s).into()
    }
}

impl Catalog {
    /// `text` in `locale`.
    pub fn text(&self, locale: Locale, text: &Text) -> String {
        let zh = locale == Locale::ZhCn;
        let joined = |parts: &[Text], gap: &str| {
            parts
                .iter()
                .map(|t| self.text(locale, t))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(gap)
        };
        match text {
            Text::Msg(m) => self.msg(locale, m),
            Text::With { msg, texts } => {
                let mut msg = msg.clone();
                for (name, t) in texts {
                    msg.args
                        .push((name.clone(), Arg::Text(self.text(locale, t))));
                }
                self.msg(locale, &msg)
            }
            Text::Prose(s) => s.clone(),
            Text::Sentences(parts) => joined(parts, if zh { "" } else { " " }),
            Text::Phrases(parts) => joined(parts, if zh { "，" } else { ", " }),
            Text::Clauses(parts) => joined(parts, if zh { "；" } else { "; " }),
            Text::Lines(parts) => joined(parts, "\n"),
            Text::List { items, max } => self.list(locale, items, *max),
            Text::Items { items, max } => {
                let shown: Vec<String> = items.iter().map(|t| self.text(locale, t)).collect();
                self.list(locale, &shown, *max)
            }
        }
    }

    /// "a, b and c" / "a, b and 4 more" in `locale`.
    fn list(&self, locale: Locale, items: &[String], max: usize) -> String {
        let sep = if locale == Locale::ZhCn { "、" } else { ", " };
        let shown = &items[..items.len().min(max)];
        let rest = items.len() - shown.len();
        match (shown, rest) {
            ([], _) => String::new(),
            ([one], 0) => one.clone(),
            ([head @ .., last], 0) => self.t(
                locale,
                "list-and",
                &[
                    ("head", head.join(sep).into()),
                    ("last", last.as_str().into()),
                ],
            ),
            (many, rest) => self.t(
                locale,
                "list-and-more",
                &[("shown", many.join(sep).into()), ("rest", rest.into())],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_locale_and_prose_stays_english() {
        let c = Catalog::new(None).expect("the embedded catalogs load");
        let nodes = ["node-5", "node-6", "node-7"];
        let t = Text::Sentences(vec![
            Text::with(
                Msg::new("finding-nodes-state")
                    .arg("count", 3usize)
                    .arg("condition", "MemoryPressure"),
                [("nodes", Text::list(&nodes, 5))],
            ),
            Text::from("Not translated yet."),
        ]);
        assert_eq!(
            c.text(Locale::En, &t),
            "3 nodes under MemoryPressure: node-5, node-6 and node-7 Not translated yet."
        );
        assert_eq!(
            c.text(Locale::ZhCn, &t),
            "3 个节点处于 MemoryPressure 状态：node-5、node-6 和 node-7Not translated yet."
        );
        assert_eq!(
            c.text(Locale::En, &Text::list(&nodes, 2)),
            "node-5, node-6 and 1 more"
        );
        assert_eq!(
            c.text(Locale::ZhCn, &Text::list(&nodes, 2)),
            "node-5、node-6 及另外 1 个"
        );
    }
}
