//! Every word warroom says, in the reader's language: the Project Fluent catalogs
//! (`templates/i18n/LOCALE/*.ftl`, compiled in, replaceable message by message from an override
//! folder), the `Locale` they are kept for, and `Msg`, a message as a value (key and arguments)
//! that is turned into text only when it is shown, and `Text`, a message or English prose not
//! yet in the catalog.

mod catalog;
#[cfg(any(test, feature = "testkit"))]
mod english;
mod msg;
mod text;

pub(crate) use catalog::read_if_present;
pub use catalog::{CATALOG_NAMES, Catalog, CatalogError, thousands};
#[cfg(any(test, feature = "testkit"))]
pub use english::english_runs;
pub use msg::{Arg, Msg};
pub use text::Text;

/// The language of what warroom writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Locale {
    /// Every locale warroom ships a catalog and templates for.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag, which is also the catalog's folder name and Discord's locale key.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The locale of a Discord `locale` / `guild_locale` (`en-US`, `en-GB`, `zh-CN`, …), if
    /// warroom speaks it.
    pub fn from_discord(tag: &str) -> Option<Locale> {
        match tag {
            "zh-CN" => Some(Locale::ZhCn),
            t if t == "en" || t.starts_with("en-") => Some(Locale::En),
            _ => None,
        }
    }
}

impl std::str::FromStr for Locale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Locale::En),
            "zh-CN" | "zh-cn" | "zh" => Ok(Locale::ZhCn),
            other => Err(format!("unknown locale {other:?}: use en or zh-CN")),
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}
