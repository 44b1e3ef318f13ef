//! The words of a "not checked" line, made where the read fails: what was not read and why,
//! each in full (the report's line) and in a few words (the verdict's headline), as catalog
//! messages shown later in the reader's locale.

use crate::cluster::error::ClusterError;
use crate::cluster::snapshot::{Kind, NotChecked};
use crate::i18n::{Msg, Text};

/// What a read was about, in full and in short: the cluster layer's words for a "not checked"
/// line (and a test's, to state one).
#[derive(Debug, Clone)]
pub struct What {
    full: Text,
    short: Text,
    object: Option<String>,
    kind: Option<Kind>,
}

impl What {
    /// `msg`, the same in full and in short.
    pub fn msg(msg: Msg) -> What {
        let text = Text::from(msg);
        What {
            full: text.clone(),
            short: text,
            object: None,
            kind: None,
        }
    }

    /// `msg` (with `$scope` and `$namespace`) said of `namespace` (`None`: of all namespaces):
    /// `events in namespace shop`; in short, without the place: `events`.
    pub fn scoped(msg: Msg, namespace: Option<&str>) -> What {
        let (scope, ns) = match namespace {
            Some(ns) => ("namespace", ns),
            None => ("all", ""),
        };
        What {
            full: msg.clone().arg("scope", scope).arg("namespace", ns).into(),
            ..What::msg(msg.arg("scope", "none").arg("namespace", ""))
        }
    }

    /// A list of `kind` in `namespace` (`None`: in all namespaces).
    pub fn list(kind: Kind, namespace: Option<&str>) -> What {
        What::scoped(Msg::new(kind.key()), namespace).of_kind(kind)
    }

    /// A list of the cluster-scoped `kind` (nodes, PersistentVolumes, ...).
    pub fn cluster(kind: Kind) -> What {
        What::msg(
            Msg::new(kind.key())
                .arg("scope", "none")
                .arg("namespace", ""),
        )
        .of_kind(kind)
    }

    /// One object: `Deployment web in namespace shop`; in short, `Deployment web`.
    pub fn object(kind: &str, namespace: &str, name: &str) -> What {
        What::scoped(
            Msg::new("nc-object").arg("kind", kind).arg("name", name),
            Some(namespace),
        )
        .about(namespace, name)
    }

    /// The same, in full followed by `detail` in parentheses: `pods of web (app=web)`.
    pub fn detail(self, detail: impl Into<Text>) -> What {
        What {
            full: Text::with(
                Msg::new("nc-detail"),
                [("what", self.full), ("detail", detail.into())],
            ),
            ..self
        }
    }

    /// The same, about object `namespace/name`.
    pub fn about(self, namespace: &str, name: &str) -> What {
        What {
            object: Some(format!("{namespace}/{name}")),
            ..self
        }
    }

    /// The same, a list of `kind`.
    pub fn of_kind(self, kind: Kind) -> What {
        What {
            kind: Some(kind),
            ..self
        }
    }

    /// What a list cut short did not read: `the rest of pods in namespace shop`.
    pub fn rest(&self) -> What {
        let rest = |what: &Text| Text::with(Msg::new("nc-rest-of"), [("what", what.clone())]);
        What {
            full: rest(&self.full),
            short: rest(&self.short),
            ..self.clone()
        }
    }

    /// The "not checked" line saying `why` this was not read.
    pub fn because(&self, why: Why) -> NotChecked {
        NotChecked {
            what: self.full.clone(),
            why: why.full,
            short_what: self.short.clone(),
            short_why: why.short,
            object: self.object.clone(),
            kind: self.kind,
        }
    }
}

/// Why a read did not happen, in full and in a few words.
#[derive(Debug, Clone)]
pub struct Why {
    full: Text,
    short: Text,
}

impl Why {
    pub fn new(full: impl Into<Text>, short: Msg) -> Why {
        Why {
            full: full.into(),
            short: short.into(),
        }
    }

    /// `msg`, the same in full and in short.
    pub fn msg(msg: Msg) -> Why {
        let text = Text::from(msg);
        Why {
            full: text.clone(),
            short: text,
        }
    }

    /// The cluster's answer: its reason, and in short its kind ("forbidden").
    pub fn error(e: &ClusterError) -> Why {
        Why::new(e.reason(), e.short())
    }

    /// The same, followed by how many objects were counted before the list stopped.
    pub fn counted(self, count: usize) -> Why {
        Why {
            full: Text::with(
                Msg::new("nc-why-counted-first").arg("count", count),
                [("why", self.full)],
            ),
            ..self
        }
    }
}
