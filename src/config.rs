//! Configuration: a TOML file (`--config`, unknown keys are errors) under command-line flags
//! and environment variables. Secrets (Discord token, database passwords) come only from the
//! environment, and `Debug` never prints them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::access;
use crate::app::PlaceLocales;
use crate::cluster::ClusterSpec;
use crate::render::Locale;

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://warroom.db";

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Overridden by `--database-url` / `WARROOM_DATABASE_URL`.
    pub database_url: Option<DatabaseUrl>,
    pub locale: Option<Locale>,
    /// A folder whose `NAME.md.tera` files replace the built-in templates.
    pub templates: Option<PathBuf>,
    /// Minutes between status-update reminders (default 60).
    pub status_cadence_minutes: Option<u32>,
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
    /// The chat-side access policy (`[[policy.rules]]`); without it only /help is allowed.
    #[serde(default)]
    pub policy: access::PolicyConfig,
    /// `[discord]`: settings of `warroom serve` (the token comes only from the environment).
    #[serde(default)]
    pub discord: DiscordConfig,
    /// `[alerts]`: Alertmanager routes and labels (the webhook token comes only from the
    /// environment, `WARROOM_ALERTS_TOKEN`).
    pub alerts: Option<crate::alerts::AlertsConfig>,
    /// `[http]`: the gateway mode's listener.
    #[serde(default)]
    pub http: HttpConfig,
}

/// The `[http]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Gateway mode: serve `/alerts/alertmanager`, `/healthz`, `/readyz` and `/metrics` here
    /// (`--listen` overrides it). HTTP interactions mode serves them on its `--http` address.
    pub listen: Option<std::net::SocketAddr>,
}

/// The `[discord]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register the slash commands in this server only (instant); `DISCORD_GUILD_ID` overrides
    /// it. Without either, commands are registered globally.
    pub guild_id: Option<u64>,
    /// Open a thread on each incident announcement (needs Create Public Threads); commands in
    /// such a thread count for the parent channel's incident.
    #[serde(default)]
    pub create_threads: bool,
    /// The language of the server's channels (else Discord's `guild_locale`, else `locale`).
    pub locale: Option<Locale>,
    /// `[[discord.channels]]`: settings of single channels.
    #[serde(default)]
    pub channels: Vec<ChannelConfig>,
}

/// One `[[discord.channels]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// The channel's id (an incident thread counts as its parent channel).
    pub id: u64,
    /// The language of the channel's posts (before `[discord] locale`).
    pub locale: Option<Locale>,
}

impl DiscordConfig {
    /// The configured languages of the server and its channels.
    pub fn place_locales(&self) -> PlaceLocales {
        PlaceLocales {
            server: self.locale,
            channels: self
                .channels
                .iter()
                .filter_map(|c| Some((c.id.to_string(), c.locale?)))
                .collect(),
        }
    }
}

/// A database URL; its password is hidden in `Debug` output.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct DatabaseUrl(pub String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", crate::evidence::redact(&self.0))
    }
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: String, message: String },
    #[error("status_cadence_minutes must be between 5 and 1440, found {0}")]
    Cadence(u32),
}

impl FileConfig {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.display().to_string(),
            message,
        })
    }

    /// Parses configuration text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let config: FileConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(c) = config.status_cadence_minutes
            && !(5..=1440).contains(&c)
        {
            return Err(ConfigError::Cadence(c).to_string());
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_discord_section_is_optional_and_checked() {
        let c =
            FileConfig::parse("[discord]\nguild_id = 558691380101251083\ncreate_threads = true\n")
                .unwrap();
        assert_eq!(c.discord.guild_id, Some(558691380101251083));
        assert!(c.discord.create_threads);
        assert!(!FileConfig::parse("").unwrap().discord.create_threads);
        let e = FileConfig::parse("[discord]\ntoken = \"x\"\n").unwrap_err();
        assert!(e.contains("unknown field `token`"), "{e}");
    }

    #[test]
    fn locales_are_set_per_server_and_per_channel() {
        let c = FileConfig::parse(
            "locale = \"en\"\n[discord]\nlocale = \"zh-CN\"\n\
             [[discord.channels]]\nid = 1300000000000000001\nlocale = \"en\"\n\
             [[discord.channels]]\nid = 1300000000000000002\n",
        )
        .unwrap();
        let places = c.discord.place_locales();
        assert_eq!(places.server, Some(Locale::ZhCn));
        assert_eq!(
            places.channels,
            [("1300000000000000001".to_string(), Locale::En)].into()
        );
        assert!(FileConfig::parse("").unwrap().discord.place_locales() == PlaceLocales::default());
        let e = FileConfig::parse("[discord]\nlocale = \"fr\"\n").unwrap_err();
        assert!(e.contains("unknown variant `fr`"), "{e}");
        let e = FileConfig::parse("[[discord.channels]]\nid = 1\nlanguage = \"en\"\n").unwrap_err();
        assert!(e.contains("unknown field `language`"), "{e}");
    }

    #[test]
    fn the_http_section_names_the_gateway_listener() {
        let c = FileConfig::parse("[http]\nlisten = \"0.0.0.0:8080\"\n").unwrap();
        assert_eq!(c.http.listen, Some("0.0.0.0:8080".parse().unwrap()));
        assert_eq!(FileConfig::parse("").unwrap().http.listen, None);
        let e = FileConfig::parse("[http]\nlisten = \"8080\"\n").unwrap_err();
        assert!(e.contains("invalid socket address"), "{e}");
    }

    #[test]
    fn unknown_keys_are_errors_and_passwords_stay_hidden() {
        let e = FileConfig::parse("databse_url = \"x\"").unwrap_err();
        assert!(e.contains("unknown field `databse_url`"), "{e}");
        let c = FileConfig::parse(
            "database_url = \"postgres://warroom:hunter2-secret@db/warroom\"\nlocale = \"zh-CN\"\n\
             [[clusters]]\nname = \"prod\"\nkubeconfig = \"/etc/kube/config\"\n",
        )
        .unwrap();
        assert_eq!(c.locale, Some(Locale::ZhCn));
        assert_eq!(c.clusters[0].name, "prod");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2-secret"), "{shown}");
        assert!(FileConfig::parse("status_cadence_minutes = 1").is_err());
    }

    #[test]
    fn the_shipped_deploy_config_loads_and_its_policy_compiles() {
        let c = FileConfig::parse(include_str!("../deploy/config/warroom.toml")).unwrap();
        assert_eq!(c.clusters[0].name, "in-cluster");
        crate::access::Policy::from_config(&c.policy).unwrap();
        let templates = c
            .templates
            .expect("templates come from the ConfigMap's folder");
        assert_eq!(templates, std::path::Path::new("/etc/warroom"));
    }
}
