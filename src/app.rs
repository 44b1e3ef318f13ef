//! `App`: everything a handler needs (store, templates, clock, settings), built once.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::access::Policy;
use crate::cluster::Clusters;
#[cfg(feature = "testkit")]
use crate::render::Locale;
use crate::render::Renderer;
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cadence_minutes: 60,
        }
    }
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
