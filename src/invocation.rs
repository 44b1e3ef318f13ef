//! What a user did, independent of the chat platform it came from: the adapters in `chat` build an
//! `Invocation`, the handlers answer it.

use crate::command::RawCommand;
use crate::i18n::Locale;

/// Who ran a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Platform id (Discord user id; the console's `--as` name).
    pub id: String,
    /// Display name recorded on the timeline.
    pub name: String,
    /// Platform role ids (Discord roles), for the access policy.
    pub roles: Vec<String>,
}

/// What the user did: typed a text line, sent options a platform already split, or clicked a
/// button under an earlier reply (its `custom_id`, see `render::Button`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Line(String),
    Raw(RawCommand),
    Button(String),
}

/// A file that came with the command; `/note file:NAME` turns it into evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One command invocation from any chat platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub actor: Actor,
    /// The channel (an incident is bound to one).
    pub channel: String,
    pub input: Input,
    pub files: Vec<InboundFile>,
    /// Sent in a direct message rather than a server channel.
    pub direct_message: bool,
    /// The languages the platform reports for this invocation.
    pub locale: LocaleHints,
}

/// What the platform says about the readers' languages; `None` where it says nothing or names
/// a language warroom does not speak (then the configured locales and `--locale` decide).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocaleHints {
    /// The server's language (Discord's `guild_locale`): the channel's posts use it unless the
    /// configuration names a locale for the channel or the server.
    pub guild: Option<Locale>,
    /// The user's own language (Discord's `locale`): what only they see (errors, refusals,
    /// `/help`).
    pub user: Option<Locale>,
}
