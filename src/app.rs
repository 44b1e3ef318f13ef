//! `App`: everything a handler needs (store, templates, clock, settings), built once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::access::Policy;
use crate::cluster::Clusters;
use crate::invocation::LocaleHints;
use crate::render::{Locale, Renderer};
use crate::store::Store;

/// Where "now" comes from: the system clock, or a manual clock the demo and tests move.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    /// A manual clock that starts at `start`.
    pub fn manual(start: DateTime<Utc>) -> Self {
        Clock::Manual(Arc::new(Mutex::new(start)))
    }

    /// Now, to the whole second (timeline hashes and reminder times compare exactly).
    pub fn now(&self) -> DateTime<Utc> {
        let now = match self {
            Clock::System => Utc::now(),
            Clock::Manual(t) => *t.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
        now.duration_trunc(Duration::seconds(1)).unwrap_or(now)
    }

    /// Moves a manual clock forward (the system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(t) = self {
            let mut t = t.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *t += by;
        }
    }

    /// Sets a manual clock.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Clock::Manual(t) = self {
            *t.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        }
    }
}

/// Settings that shape replies.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Default minutes between status-update reminders.
    pub cadence_minutes: u32,
    /// The languages configured for the chat's places.
    pub locales: PlaceLocales,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cadence_minutes: 60,
            locales: PlaceLocales::default(),
        }
    }
}

/// The languages configured for places: `[discord] locale` for the server and
/// `[[discord.channels]] locale` per channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceLocales {
    /// The server's (`[discord] locale`).
    pub server: Option<Locale>,
    /// Per channel id (`[[discord.channels]]`).
    pub channels: HashMap<String, Locale>,
}

/// The languages one invocation is answered in.
#[derive(Debug, Clone)]
pub struct Readers {
    /// What the channel sees.
    pub channel: Renderer,
    /// What only the user who asked sees (errors, refusals, `/help`).
    pub user: Renderer,
}

/// The application: built once at start, shared by every adapter.
#[derive(Debug)]
pub struct App {
    pub store: Store,
    pub renderer: Renderer,
    pub clock: Clock,
    pub settings: Settings,
    /// The clusters `/triage` and `/logs` read; `None` when none is configured.
    pub clusters: Option<Clusters>,
    /// Who may run what from chat; `None` for the console, whose user is the local operator
    /// (they already hold the kubeconfig's rights).
    pub policy: Option<Policy>,
}

impl App {
    /// The language of `channel`'s posts: the locale configured for the channel, else the
    /// server's, else the one the platform reports for the server (`guild`), else the
    /// process's (`--locale`).
    pub fn channel_locale(&self, channel: &str, guild: Option<Locale>) -> Locale {
        let places = &self.settings.locales;
        places
            .channels
            .get(channel)
            .copied()
            .or(places.server)
            .or(guild)
            .unwrap_or(self.renderer.locale())
    }

    /// A renderer in the language of `channel`'s posts when the platform reports nothing
    /// (reminders, watch posts, alert cards).
    pub fn channel_renderer(&self, channel: &str) -> Renderer {
        self.renderer.in_locale(self.channel_locale(channel, None))
    }

    /// The renderers of one invocation in `channel`: the channel's language, and the user's
    /// own (the channel's when the platform does not report one warroom speaks).
    pub fn readers(&self, channel: &str, hints: LocaleHints) -> Readers {
        let channel = self.channel_locale(channel, hints.guild);
        Readers {
            channel: self.renderer.in_locale(channel),
            user: self.renderer.in_locale(hints.user.unwrap_or(channel)),
        }
    }
}

#[cfg(feature = "testkit")]
impl App {
    /// An app for tests (feature `testkit`): English templates, default settings, no cluster,
    /// no access policy; set the fields a test needs with `App { clusters, ..App::test(..) }`.
    ///
    /// # Panics
    /// If the built-in templates do not compile, which every test would then report.
    pub fn test(store: Store, clock: Clock) -> App {
        App {
            store,
            renderer: Renderer::new(Locale::En, None).expect("the built-in templates compile"),
            clock,
            settings: Settings::default(),
            clusters: None,
            policy: None,
        }
    }
}
