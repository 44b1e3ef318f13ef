//! Evidence attached to findings and timeline entries, redacted when it is built.
//!
//! An `Evidence` can only be made through `Evidence::new` (which redacts) or
//! `Evidence::from_stored` (which checks the stored hash), so unredacted text never reaches a
//! reply, a template or the database. Its title is a `Text`, shown in each reader's locale,
//! until it is recorded on a timeline (`Evidence::recorded`): then it keeps the words of the
//! channel it was recorded in.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use regex::Regex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::builtin_regex::{BuiltinRegex, compile_all};
use crate::i18n::{Arg, Catalog, Locale, Msg, Text};
use crate::incident::NewEntry;

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

/// A redacted piece of evidence with its SHA-256, titled `T`: a `Text` shown in each reader's
/// locale while it belongs to a diagnosis, a `String` once it is recorded (`Recorded`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence<T = Text> {
    kind: EvidenceKind,
    title: T,
    source_command: Option<String>,
    content: String,
    sha256: String,
}

/// Evidence as a timeline stores it: its title in the words of the channel it was recorded in.
pub type Recorded = Evidence<String>;

impl Evidence {
    /// Builds evidence from raw text: the title's words from the cluster or a user, the command
    /// and the content are redacted here.
    pub fn new(
        kind: EvidenceKind,
        title: impl Into<Text>,
        source_command: Option<&str>,
        raw_content: &str,
    ) -> Self {
        let content = redact(raw_content).into_owned();
        Evidence {
            kind,
            title: redact_text(title.into()),
            source_command: source_command.map(|c| redact(c).into_owned()),
            sha256: sha256_hex(&content),
            content,
        }
    }

    /// The evidence as recorded where `catalog` shows it in `locale`: its title in those words,
    /// for good (a timeline keeps what its channel read). The words are redacted once more as a
    /// whole: a message's own words and its arguments could together read as a secret.
    pub fn recorded(self, catalog: &Catalog, locale: Locale) -> Recorded {
        Evidence {
            title: redact_owned(catalog.text(locale, &self.title)),
            kind: self.kind,
            source_command: self.source_command,
            content: self.content,
            sha256: self.sha256,
        }
    }
}

impl Recorded {
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
}

/// `text` redacted, without a copy when it holds no secret.
fn redact_owned(text: String) -> String {
    match redact(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(masked) => masked,
    }
}

/// `text` with every word that came from outside (prose, a message's text arguments, names)
/// redacted; the catalog's own words need none.
fn redact_text(text: Text) -> Text {
    let all = |texts: Vec<Text>| texts.into_iter().map(redact_text).collect();
    let msg = |mut m: Msg| {
        for (_, value) in &mut m.args {
            if let Arg::Text(s) = value {
                *s = redact_owned(std::mem::take(s));
            }
        }
        m
    };
    match text {
        Text::Msg(m) => Text::Msg(msg(m)),
        Text::With { msg: m, texts } => Text::With {
            msg: msg(m),
            texts: texts
                .into_iter()
                .map(|(name, t)| (name, redact_text(t)))
                .collect(),
        },
        Text::Prose(s) => Text::Prose(redact_owned(s)),
        Text::Sentences(parts) => Text::Sentences(all(parts)),
        Text::Phrases(parts) => Text::Phrases(all(parts)),
        Text::Lines(parts) => Text::Lines(all(parts)),
        Text::Clauses(parts) => Text::Clauses(all(parts)),
        Text::List { items, max } => Text::List {
            items: items.into_iter().map(redact_owned).collect(),
            max,
        },
        Text::Items { items, max } => Text::Items {
            items: all(items),
            max,
        },
    }
}

impl<T> Evidence<T> {
    pub fn kind(&self) -> EvidenceKind {
        self.kind
    }

    pub fn title(&self) -> &T {
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

/// A timeline entry as it may be stored: summary and payload redacted (its evidence already is).
pub fn redacted_entry(entry: &NewEntry) -> NewEntry {
    NewEntry {
        summary: redact(&entry.summary).into_owned(),
        payload: redact_json_value(&entry.payload),
        ..entry.clone()
    }
}

/// A writer that redacts what it is given before passing it on: warroom's log output goes
/// through it, so no log line (at any level) prints a secret. tracing writes one event per call.
#[derive(Debug)]
pub struct RedactingWriter<W>(pub W);

impl<W: std::io::Write> std::io::Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        match redact(&text) {
            Cow::Borrowed(_) => self.0.write_all(buf)?,
            Cow::Owned(redacted) => self.0.write_all(redacted.as_bytes())?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// SHA-256 of a text, as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The names (or name endings, case-insensitive) whose value is a secret: `password`,
/// `DB_PASSWORD`, `client_secret`, `x-api-key`, `_authToken`, `AccountKey`, …
macro_rules! secret_keys {
    () => {
        "(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|account[_-]?key|private[_-]?key(?:[_-]?id)?|auth|credentials?|signature|sig)"
    };
}

/// What a masked secret is replaced with.
const MASK: &str = "[REDACTED]";

/// Discord bot tokens: the first part is the bot's id (17 to 20 digits) in base64, so each
/// group of four characters encodes three ASCII digits. The one rule without a keyword.
const DISCORD_BOT_TOKEN: &str = r"(?-u:\b)((?:[MNO][DTjz][AEIMQUYcgk][w-z0-5]){5,6}(?:[MNO][AQgw]|[MNO][DTjz][AEIMQUYcgk])?\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,})";

/// One redaction rule: its pattern, and the words (ASCII case-insensitive) of which every text
/// it can match holds at least one. A text is checked only against the rules whose words it
/// holds, so the rules are compiled (and run) only where they can match.
struct RuleSpec {
    pattern: &'static str,
    keywords: &'static [&'static str],
}

const fn rule(pattern: &'static str, keywords: &'static [&'static str]) -> RuleSpec {
    RuleSpec { pattern, keywords }
}

/// The words of the rules that find a value by the secret's name (`secret_keys!`).
const SECRET_KEY_WORDS: &[&str] = &[
    "passw",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "accesskey",
    "access_key",
    "access-key",
    "accountkey",
    "account_key",
    "account-key",
    "privatekey",
    "private_key",
    "private-key",
    "auth",
    "credential",
    "sig",
];

/// The redaction rules, applied in this order. Every capturing group of a rule is a secret and is
/// replaced by `MASK`; the rest of the match (key names, schemes, users, hosts) is kept as context,
/// so other groups are written `(?:…)`. `(?-u:\b)` is an ASCII word boundary, which keeps the
/// lazy DFA usable on non-ASCII logs.
///
/// Each rule's words must be in every match it can make (a test checks them against every
/// secret shape): a rule whose words a text does not hold is not run on it. The one rule
/// without words, the Discord bot-token shape, runs on every text of `NO_KEYWORD_MIN_LEN`
/// bytes or more.
const RULES: &[RuleSpec] = &[
    // PEM private keys: the whole body, also when the block was cut off before its END line.
    rule(
        r"(?s)-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----\s*(.*?)\s*(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|\z)",
        &["-----begin"],
    ),
    // Passwords in URLs: scheme://user:PASSWORD@host keeps the user and the host.
    rule(
        r#"(?-u:\b)[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/"']*:([^\s/"']+)@"#,
        &[URL_KEYWORD],
    ),
    // Slack and Discord webhook URLs: the path (Slack) or the token (Discord) is the secret.
    rule(
        r"(?i)hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/+-]+)",
        &["hooks.slack.com"],
    ),
    rule(
        r"(?i)discord(?:app)?\.com/api/webhooks/[0-9]+/([A-Za-z0-9_-]+)",
        &["discord"],
    ),
    // Authorization headers, with or without a scheme.
    rule(
        r#"(?i)(?-u:\b)(?:proxy-)?authorization(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?(?:(?:basic|bearer|token|digest|negotiate|ntlm|apikey|key|aws4-hmac-sha256)[ \t]+)?([^\s"',;]+)"#,
        &["authorization"],
    ),
    // Bearer tokens outside a header (long enough not to be a word).
    rule(
        r"(?i)(?-u:\b)bearer[ \t]+([A-Za-z0-9._~+/=-]{20,})",
        &["bearer"],
    ),
    // Cookies: the whole value list.
    rule(
        r"(?i)(?-u:\b)(?:set-)?cookie[ \t]*:[ \t]*([^\r\n]+)",
        &["cookie"],
    ),
    // JWTs, among them Kubernetes service-account tokens.
    rule(
        r"(?-u:\b)(eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)",
        &["eyj"],
    ),
    // Provider token shapes, masked whole.
    rule(
        r"(?-u:\b)((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?-u:\b)",
        &["akia", "asia", "abia", "acca"],
    ),
    rule(r"(?-u:\b)(AIza[0-9A-Za-z_-]{35})", &["aiza"]),
    rule(r"(?-u:\b)(ya29\.[0-9A-Za-z_-]{20,})", &["ya29."]),
    rule(
        r"(?-u:\b)(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    ),
    rule(
        r"(?-u:\b)(gl(?:pat|dt|rt)-[A-Za-z0-9_-]{20,})",
        &["glpat-", "gldt-", "glrt-"],
    ),
    rule(r"(?-u:\b)(xox[abprs]-[A-Za-z0-9-]{10,})", &["xox"]),
    rule(
        r"(?-u:\b)(xapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+)",
        &["xapp-"],
    ),
    // Azure AD client secrets (`abc8Q~…`), between separators as gitleaks finds them.
    rule(
        r#"(?m)(?:^|[\s'"`>=:(,)])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:$|[\s'"`<),])"#,
        &["q~"],
    ),
    rule(
        r"(?-u:\b)((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})",
        &["_live_", "_test_", "whsec_"],
    ),
    rule(r"(?-u:\b)(sk-[A-Za-z0-9_-]{32,})", &["sk-"]),
    rule(r"(?-u:\b)(npm_[A-Za-z0-9]{36})(?-u:\b)", &["npm_"]),
    rule(
        r"(?-u:\b)(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})",
        &["sg."],
    ),
    rule(DISCORD_BOT_TOKEN, &[]),
    // curl's `-u user:password` / `--user user:password`. A tab after `-u` is `\t` in JSON.
    rule(
        r#"(?:^|[\s"'])(?:-u|--user)[ \t]+[^\s:"']+:([^\s"']+)"#,
        &["-u ", "-u\t", r"-u\t", "--user"],
    ),
    // Command-line flags followed by their value: `--token abc`, `--db-password abc`.
    rule(
        r#"(?i)(?:^|[\s"'])--?[a-z0-9-]*(?:password|passwd|token|secret|api-?key|access-?key|secret-?key)[ \t]+([^\s"'-][^\s"']*)"#,
        &[
            "passw",
            "token",
            "secret",
            "apikey",
            "api-key",
            "accesskey",
            "access-key",
        ],
    ),
    // Kubernetes env entries: `name: DB_PASSWORD` then `value: …` (YAML or JSON).
    rule(
        concat!(
            r#"(?i)name["']?[ \t]*:[ \t]*["']?[A-Za-z0-9_.-]*"#,
            secret_keys!(),
            r#"["']?[ \t]*(?:,|\r?\n)[ \t]*(?:- )?["']?value["']?[ \t]*:[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|(?P<bare>[^\s"'{][^\s"']*))"#,
        ),
        SECRET_KEY_WORDS,
    ),
    // key=value, key: value, "key": "value", KEY_NAME=value (the value is the secret). The value
    // is double-quoted (JSON), escaped double-quoted (JSON inside a string), single-quoted or
    // bare; a bare value is cut where the next pair starts (see `bare_value_end`). A quote that
    // is never closed still hides what follows it. `kubectl describe` placeholders such as
    // `<set to the key 'password' in secret 'db'>` are not secrets and stay.
    rule(
        concat!(
            r#"(?i)[A-Za-z0-9_.-]*"#,
            secret_keys!(),
            r#"(?:\\?["'])?[ \t]?(?::=|=>|[:=])[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|\\"((?:[^"\\\r\n]|\\[^"])*)\\"|'([^'\r\n]*)'|<set to the key [^<>\r\n]*>|["']?(?P<bare>[^\s"'{][^\s"']*))"#,
        ),
        SECRET_KEY_WORDS,
    ),
];

/// A set of `RULES`, bit `i` standing for `RULES[i]`.
type RuleBits = u32;
const _: () = assert!(RULES.len() <= RuleBits::BITS as usize);

/// Characters that Unicode case folding maps onto ASCII letters (KELVIN SIGN to `k`, LATIN
/// SMALL LETTER LONG S to `s`): a `(?i)` rule can match a text holding one without holding its
/// ASCII words, so such a text is checked against every rule.
const FOLDS_TO_ASCII: [char; 2] = ['\u{212A}', '\u{17F}'];

/// The shortest Discord bot token the rules mask (24 + 1 + 6 + 1 + 27 characters).
const NO_KEYWORD_MIN_LEN: usize = 59;

/// The keyword of the URL-password rule, which masks only what an `@` follows: a JSON string
/// whose only keyword is this one and that holds no `@` (a container id `containerd://…`) is
/// checked for the Discord token shape alone.
const URL_KEYWORD: &str = "://";

/// The rules, each compiled the first time a text holds one of its words, and all their words
/// in one automaton, so ordinary text is scanned once and returned borrowed. Compiling every
/// rule up front (or a set of all of them) cost a one-shot console triage a sixth of its
/// start-up, for rules that never matched.
struct Redactor {
    /// Every rule's words, each once.
    keywords: DFA,
    /// The state a scan with `keywords` starts in.
    keywords_start: StateID,
    /// For each of `keywords`, the rules whose words hold it.
    keyword_rules: Vec<RuleBits>,
    rules: Vec<Rule>,
    /// A JSON key or env-var name whose value is a secret (`password`, `DB_PASSWORD`).
    secret_name: BuiltinRegex,
    /// A command-line flag whose next argument is a secret (`--token`, `-db-password`).
    secret_flag: BuiltinRegex,
    /// The index of `URL_KEYWORD` in `keywords`.
    url_keyword: usize,
    /// The rules that find a value by the secret's name (`SECRET_KEY_WORDS`): each of their
    /// matches holds a `KEY_VALUE_SEPARATORS` character, so a text without one (a JSON string
    /// such as `"token"`) is not checked against them.
    key_value_rules: RuleBits,
}

/// The characters between a secret's name and its value in every rule found by the name.
const KEY_VALUE_SEPARATORS: [char; 2] = [':', '='];

/// The index in `RULES` of the one rule without words (the Discord bot-token shape).
const TOKEN_SHAPE: usize = {
    let mut i = 0;
    while !RULES[i].keywords.is_empty() {
        i += 1;
    }
    i
};

/// One of `RULES`, compiled when first needed.
struct Rule {
    regex: BuiltinRegex,
}

impl Rule {
    const fn new(pattern: &'static str) -> Rule {
        Rule {
            regex: BuiltinRegex::new(pattern),
        }
    }

    /// The index of the group named `bare`: an unquoted value, whose end `bare_value_end` finds.
    fn bare(&self) -> Option<usize> {
        self.regex
            .capture_names()
            .position(|name| name == Some("bare"))
    }
}

impl Redactor {
    /// Calls `found` with the index of every keyword that `bytes` holds, once per occurrence,
    /// overlapping ones included.
    fn each_keyword(&self, bytes: &[u8], mut found: impl FnMut(usize)) {
        let dfa = &self.keywords;
        let mut state = self.keywords_start;
        for &byte in bytes {
            state = dfa.next_state(Anchored::No, state, byte);
            if dfa.is_special(state) && dfa.is_match(state) {
                for index in 0..dfa.match_len(state) {
                    found(dfa.match_pattern(state, index).as_usize());
                }
            }
        }
    }
}

static REDACTOR: LazyLock<Redactor> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut keyword_rules: Vec<RuleBits> = Vec::new();
    for (index, spec) in RULES.iter().enumerate() {
        for word in spec.keywords {
            let at = words.iter().position(|w| w == word).unwrap_or_else(|| {
                words.push(word);
                keyword_rules.push(0);
                words.len() - 1
            });
            keyword_rules[at] |= 1 << index;
        }
    }
    // A DFA without a prefilter (none is fast for words this common in ASCII case), driven
    // byte by byte over each JSON string by `Redactor::each_keyword`.
    let keywords = DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Unanchored)
        .prefilter(false)
        .build(&words)
        .expect("the redaction keywords are valid");
    let keywords_start = keywords
        .start_state(Anchored::No)
        .expect("the keyword automaton is built to search unanchored");
    Redactor {
        keywords,
        keywords_start,
        url_keyword: words
            .iter()
            .position(|w| *w == URL_KEYWORD)
            .unwrap_or(usize::MAX),
        keyword_rules,
        secret_name: BuiltinRegex::new(concat!(r"(?i-u)^[A-Za-z0-9_.-]*", secret_keys!(), "$")),
        secret_flag: BuiltinRegex::new(
            r"(?i-u)^--?[a-z0-9-]*(?:password|passwd|token|secret|api-?key|access-?key|secret-?key)$",
        ),
        rules: RULES.iter().map(|spec| Rule::new(spec.pattern)).collect(),
        key_value_rules: RULES
            .iter()
            .enumerate()
            .filter(|(_, spec)| spec.keywords == SECRET_KEY_WORDS)
            .fold(0, |rules, (index, _)| rules | 1 << index),
    }
});

/// Builds the keyword automaton and compiles what every API-server response needs now rather
/// than on the first text redacted: the patterns of secret keys and flags (each JSON key and
/// array element is matched against them). `main` calls it on a spare thread at start-up, so
/// compiling them overlaps opening the database and the cluster client instead of delaying
/// the first reply.
pub fn warm_up() {
    let redactor = &*REDACTOR;
    compile_all(&[&redactor.secret_name, &redactor.secret_flag]);
}

/// Compiles the rules found by a secret's name (`password=…`, an env entry `DB_PASSWORD`):
/// the costliest to compile, and needed by most diagnoses (a log line, an event message) but
/// by few API responses, whose secrets sit under a JSON key. A triage calls this on a spare
/// thread while its reads are in flight.
pub fn warm_up_key_value_rules() {
    let redactor = &*REDACTOR;
    let rules: Vec<&BuiltinRegex> = (redactor.rules.iter().enumerate())
        .filter(|(index, _)| redactor.key_value_rules & (1 << index) != 0)
        .map(|(_, rule)| &rule.regex)
        .collect();
    compile_all(&rules);
}

/// Masks secrets (tokens, passwords, keys) in a text; ordinary text comes back borrowed.
///
/// Only the secret is replaced by `[REDACTED]`: `password=[REDACTED]`,
/// `postgres://payment:[REDACTED]@pg.db:5432/payments`, `Authorization: Bearer [REDACTED]`.
/// Redacting a redacted text changes nothing.
pub fn redact(text: &str) -> Cow<'_, str> {
    match rules_for(text) {
        0 => Cow::Borrowed(text),
        rules => apply_rules(text, rules),
    }
}

/// The rules that could mask something in `text`: those whose words it holds, the token shape
/// when it is long enough, every rule when it holds a character that folds onto ASCII.
fn rules_for(text: &str) -> RuleBits {
    let redactor = &*REDACTOR;
    if text.contains(FOLDS_TO_ASCII) {
        return RuleBits::MAX;
    }
    let mut rules = 0;
    redactor.each_keyword(text.as_bytes(), |keyword| {
        rules |= redactor.keyword_rules[keyword];
    });
    if text.len() >= NO_KEYWORD_MIN_LEN {
        rules |= 1 << TOKEN_SHAPE;
    }
    if rules & redactor.key_value_rules != 0 && !text.contains(KEY_VALUE_SEPARATORS) {
        rules &= !redactor.key_value_rules;
    }
    rules
}

/// Applies the `rules` in order, each to the text the ones before it left.
fn apply_rules(text: &str, rules: RuleBits) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for (index, rule) in REDACTOR.rules.iter().enumerate() {
        if rules & (1 << index) == 0 {
            continue;
        }
        if let Some(masked) = mask_secrets(rule, &out) {
            out = Cow::Owned(masked);
        }
    }
    out
}

/// Replaces every capturing group of every match of `rule` by `MASK`; `None` when nothing
/// changed (no match, or only empty or already masked secrets).
fn mask_secrets(rule: &Rule, text: &str) -> Option<String> {
    let mut out = String::new();
    let mut kept_until = 0;
    let bare = rule.bare();
    for captures in rule.regex.captures_iter(text) {
        for (index, group) in captures.iter().enumerate().skip(1) {
            let Some(group) = group else { continue };
            let mut secret = group.as_str();
            if Some(index) == bare {
                secret = &secret[..bare_value_end(secret)];
            }
            if secret.is_empty() || secret == MASK {
                continue;
            }
            out.push_str(&text[kept_until..group.start()]);
            out.push_str(MASK);
            kept_until = group.start() + secret.len();
        }
    }
    if kept_until == 0 {
        return None;
    }
    out.push_str(&text[kept_until..]);
    Some(out)
}

/// Where an unquoted value ends. It runs to the next blank or quote, except that a `,` `;` or
/// `&` that starts the next pair (`&state=1`, `;Database=x`) or ends the value (`abc,`) is a
/// separator, and closing brackets without an opener (`{password=abc}`) are context. A `,` `;`
/// or `&` inside the value (`Tr0ub4dor&3x`) is part of the secret.
fn bare_value_end(value: &str) -> usize {
    let end = value
        .char_indices()
        .find(|&(at, c)| matches!(c, ',' | ';' | '&') && starts_next_pair(&value[at + 1..]))
        .map_or(value.len(), |(at, _)| at);
    let mut value = &value[..end];
    while let Some(last @ (')' | ']' | '}')) = value.chars().last() {
        let opener = match last {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        if value.matches(last).count() <= value.matches(opener).count() {
            break;
        }
        value = &value[..value.len() - 1];
    }
    value.len()
}

/// Whether the text after a separator is empty or a `key=` pair.
fn starts_next_pair(rest: &str) -> bool {
    let key_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(rest.len());
    rest.is_empty() || (key_len > 0 && rest[key_len..].starts_with('='))
}

/// What the member or element being scanned is, for the rules that mask a whole string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Any other key.
    Other,
    /// A key naming a secret: its string value is masked whole.
    Secret,
    /// `"name"`: an env entry's name.
    Name,
    /// `"value"`: an env entry's value, masked whole when its `name` names a secret.
    Value,
}

/// One open object or array of a JSON document being scanned.
#[derive(Debug)]
enum Frame {
    Object {
        /// The next string is a key (after `{` or `,`).
        expects_key: bool,
        key: Key,
        /// This object's `"name"` names a secret.
        secret_name: bool,
        /// Where this object's `"value"` string is.
        value: Option<(usize, usize)>,
    },
    Array {
        /// The previous element is a flag naming a secret (`"--password"`).
        after_secret_flag: bool,
    },
}

/// A replacement of the bytes `start..end` of a document.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

/// The string literal that `body[start]` (a `"`) opens: its end (after the closing quote, or
/// the end of the body when it is cut off) and whether it was closed.
pub(crate) fn string_end(body: &[u8], start: usize) -> (usize, bool) {
    let mut at = start + 1;
    while let Some(offset) = memchr::memchr2(b'"', b'\\', &body[at..]) {
        at += offset;
        if body[at] == b'"' {
            return (at + 1, true);
        }
        at += 2;
        if at >= body.len() {
            break;
        }
    }
    (body.len(), false)
}

/// The text of a string literal (with its quotes); `None` when it is not valid JSON.
fn decode(literal: &[u8]) -> Option<String> {
    serde_json::from_slice(literal).ok()
}

/// `text` as a JSON string literal.
fn encode(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The literal `"[REDACTED]"`.
fn masked_literal() -> String {
    encode(MASK)
}

/// Masks secrets in a JSON document (an API-server response) without building it as values:
/// - every string, keys included, is redacted as text (`redact`), so an annotation reading
///   `kubectl set env DB_PASSWORD=… --token=ghp_…` keeps its words and loses its secrets;
/// - a string whose key names a secret (`"password": "…"`), the `"value"` of an object whose
///   `"name"` names one (a Kubernetes env entry `{"name": "DB_PASSWORD", "value": "…"}`) and the
///   array element after a secret flag (`["--token", "…"]`) are masked whole.
///
/// A valid document stays valid (only whole string literals are replaced, by string literals);
/// one cut short is redacted as far as it goes. Each string is scanned for the keywords when
/// the walk reaches it (the bytes between strings never are); strings holding none are not
/// decoded, so a large response without secrets costs one pass and comes back borrowed.
pub fn redact_json(body: &[u8]) -> Cow<'_, [u8]> {
    let redactor = &*REDACTOR;
    let mut edits: Vec<Edit> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < body.len() {
        match body[at] {
            b'"' => {
                let start = at;
                let (end, closed) = string_end(body, start);
                at = end;
                let literal = &body[start..end];
                let (mut keyword, mut url) = (false, false);
                redactor.each_keyword(literal, |index| {
                    if index == redactor.url_keyword {
                        url = true;
                    } else {
                        keyword = true;
                    }
                });
                // A `://` matters only with an `@` (or an escape that could spell one) after it.
                let keyword = keyword || url && memchr::memchr2(b'@', b'\\', literal).is_some();
                let candidate = keyword || end - start >= NO_KEYWORD_MIN_LEN;
                let text = if candidate && closed {
                    decode(literal)
                } else {
                    None
                };
                let mask_whole = step(stack.last_mut(), literal, text.as_deref(), (start, end));
                if mask_whole && closed {
                    mask(&mut edits, literal, start, end);
                } else if candidate {
                    let rules = if keyword {
                        Rules::All
                    } else {
                        Rules::TokenShape
                    };
                    redact_literal(
                        &mut edits,
                        literal,
                        text.as_deref(),
                        closed,
                        start,
                        end,
                        rules,
                    );
                }
            }
            b'{' | b'[' => {
                open(&mut stack, body[at] == b'{');
                at += 1;
            }
            b'}' | b']' => {
                close(&mut stack, &mut edits, body);
                at += 1;
            }
            b':' => {
                if let Some(Frame::Object { expects_key, .. }) = stack.last_mut() {
                    *expects_key = false;
                }
                at += 1;
            }
            b',' => {
                if let Some(Frame::Object {
                    expects_key, key, ..
                }) = stack.last_mut()
                {
                    *expects_key = true;
                    *key = Key::Other;
                }
                at += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            _ => {
                if let Some(Frame::Array { after_secret_flag }) = stack.last_mut() {
                    *after_secret_flag = false;
                }
                at += 1;
            }
        }
    }
    apply_edits(body, edits)
}

/// What one string literal at `span` means in its enclosing frame: a key (remembered), or a
/// value or array element. Returns whether the literal is to be masked whole. `text` is the
/// decoded literal, when it was decoded.
fn step(
    frame: Option<&mut Frame>,
    literal: &[u8],
    text: Option<&str>,
    span: (usize, usize),
) -> bool {
    let redactor = &*REDACTOR;
    let names_secret = |re: &Regex| text.is_some_and(|t| re.is_match(t));
    match frame {
        Some(Frame::Object {
            expects_key: true,
            key,
            ..
        }) => {
            *key = match literal {
                b"\"name\"" => Key::Name,
                b"\"value\"" => Key::Value,
                _ if names_secret(&redactor.secret_name) => Key::Secret,
                _ => Key::Other,
            };
            false
        }
        Some(Frame::Object {
            key,
            secret_name,
            value,
            ..
        }) => match key {
            Key::Secret => true,
            Key::Name => {
                *secret_name = names_secret(&redactor.secret_name);
                false
            }
            Key::Value => {
                *value = Some(span);
                false
            }
            Key::Other => false,
        },
        Some(Frame::Array { after_secret_flag }) => {
            let mask_whole = *after_secret_flag;
            *after_secret_flag = names_secret(&redactor.secret_flag);
            mask_whole
        }
        None => false,
    }
}

/// Enters an object or an array (an element of an array after a secret flag is not a secret).
fn open(stack: &mut Vec<Frame>, object: bool) {
    if let Some(Frame::Array { after_secret_flag }) = stack.last_mut() {
        *after_secret_flag = false;
    }
    stack.push(if object {
        Frame::Object {
            expects_key: true,
            key: Key::Other,
            secret_name: false,
            value: None,
        }
    } else {
        Frame::Array {
            after_secret_flag: false,
        }
    });
}

/// Leaves an object or an array; an object whose `"name"` named a secret has its `"value"`
/// masked whole.
fn close(stack: &mut Vec<Frame>, edits: &mut Vec<Edit>, body: &[u8]) {
    if let Some(Frame::Object {
        secret_name: true,
        value: Some((start, end)),
        ..
    }) = stack.pop()
    {
        edits.retain(|e| e.start != start);
        mask(edits, &body[start..end], start, end);
    }
}

/// The body with the edits applied; borrowed when there are none.
fn apply_edits(body: &[u8], mut edits: Vec<Edit>) -> Cow<'_, [u8]> {
    if edits.is_empty() {
        return Cow::Borrowed(body);
    }
    edits.sort_by_key(|e| e.start);
    let mut out = Vec::with_capacity(body.len());
    let mut kept_until = 0;
    for edit in edits {
        out.extend_from_slice(&body[kept_until..edit.start]);
        out.extend_from_slice(edit.with.as_bytes());
        kept_until = edit.end;
    }
    out.extend_from_slice(&body[kept_until..]);
    Cow::Owned(out)
}

/// Replaces a whole string literal by `"[REDACTED]"`, unless it is empty or already that.
fn mask(edits: &mut Vec<Edit>, literal: &[u8], start: usize, end: usize) {
    let with = masked_literal();
    if literal == b"\"\"" || literal == with.as_bytes() {
        return;
    }
    edits.push(Edit { start, end, with });
}

/// Which rules a JSON string is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// It holds a keyword: every rule.
    All,
    /// It holds none but is long: only the one rule without a keyword can match.
    TokenShape,
}

impl Rules {
    fn redact(self, text: &str) -> Cow<'_, str> {
        match self {
            Rules::All => redact(text),
            Rules::TokenShape => mask_secrets(&REDACTOR.rules[TOKEN_SHAPE], text)
                .map_or(Cow::Borrowed(text), Cow::Owned),
        }
    }
}

/// Redacts a string literal as text: decoded (`text`) when it is valid, as raw bytes when it is
/// cut short or malformed (the document is broken then anyway).
fn redact_literal(
    edits: &mut Vec<Edit>,
    literal: &[u8],
    text: Option<&str>,
    closed: bool,
    start: usize,
    end: usize,
    rules: Rules,
) {
    let with = match text {
        Some(text) => match rules.redact(text) {
            Cow::Owned(redacted) => encode(&redacted),
            Cow::Borrowed(_) => return,
        },
        None => {
            let raw = String::from_utf8_lossy(literal);
            match redact(&raw) {
                Cow::Owned(redacted) => redacted,
                Cow::Borrowed(_) if !closed => return,
                Cow::Borrowed(_) => {
                    // A closed literal that is not valid JSON (a bad escape): mask it, since
                    // it cannot be read to know whether it holds a secret.
                    masked_literal()
                }
            }
        }
    };
    edits.push(Edit { start, end, with });
}

/// `redact_json` for a JSON value (a timeline payload): the same rules, the same shape back.
pub fn redact_json_value(value: &serde_json::Value) -> serde_json::Value {
    let text = value.to_string();
    match redact_json(text.as_bytes()) {
        Cow::Borrowed(_) => value.clone(),
        Cow::Owned(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            serde_json::Value::String(redact(&String::from_utf8_lossy(&bytes)).into_owned())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYMENT_LOG: &str = include_str!("demo/seed/payment-previous.log");
    const ORDER_LOG: &str = include_str!("demo/seed/order-previous.log");

    /// (a line holding a secret, the exact text that must be masked). The expected output is the
    /// line with every occurrence of the secret replaced by `[REDACTED]`: the context stays.
    const SECRETS: &[(&str, &str)] = &[
        ("login ok password=hunter2 user=bob", "hunter2"),
        ("passwd: Tr0ub4dor&3x", "Tr0ub4dor&3x"),
        ("PWD='c0rrect horse'", "c0rrect horse"),
        (
            r#"{"user": "bob", "password": "p@ss\"word"}"#,
            r#"p@ss\"word"#,
        ),
        (
            r#"msg="{\"password\":\"inner-s3cret\",\"user\":\"bob\"}""#,
            "inner-s3cret",
        ),
        ("DB_PASSWORD=Xy7!long-db-pass", "Xy7!long-db-pass"),
        ("secret: 9f8e7d6c5b4a", "9f8e7d6c5b4a"),
        (
            "client_secret=Gx9-ClientSecretValue",
            "Gx9-ClientSecretValue",
        ),
        ("API_KEY=live-api-key-123456", "live-api-key-123456"),
        ("apikey: 0a1b2c3d4e5f", "0a1b2c3d4e5f"),
        (
            "X-Api-Key: 5f4dcc3b5aa765d61d8327deb882cf99",
            "5f4dcc3b5aa765d61d8327deb882cf99",
        ),
        ("access_key = minio-access-key-01", "minio-access-key-01"),
        (
            "GET /callback?code=ok&access_token=at-8f7e6d5c4b3a&state=1",
            "at-8f7e6d5c4b3a",
        ),
        (
            "auth=dXNlcjpwYXNzd29yZA== retries=3",
            "dXNlcjpwYXNzd29yZA==",
        ),
        ("credentials: svc-deploy:Qw3rty!", "svc-deploy:Qw3rty!"),
        ("'password' => 'php-hash-pass'", "php-hash-pass"),
        (
            "env:\n- name: DB_PASSWORD\n  value: k8s-env-pass\n- name: LOG_LEVEL\n  value: info",
            "k8s-env-pass",
        ),
        (
            r#"{"name":"STRIPE_API_KEY","value":"json-env-value"},{"name":"PORT","value":"8080"}"#,
            "json-env-value",
        ),
        (
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host",
            "Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request",
        ),
        (
            "presigned https://b.s3.amazonaws.com/k?X-Amz-Expires=60&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0&x-id=GetObject",
            "fe5f80f77d5fa3beca038a248ff027d0",
        ),
        (
            "GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=bXlTYVNzaWduYXR1cmU%3D HTTP/1.1",
            "bXlTYVNzaWduYXR1cmU%3D",
        ),
        (
            "curl -u admin:curl-Pa55 https://api.internal/v1",
            "curl-Pa55",
        ),
        (
            r#"token: "unterminated-quoted-token"#,
            "unterminated-quoted-token",
        ),
        (
            "DISCORD_TOKEN in log: OTg3NjU0MzIxMDk4NzY1NDM.Gx1y2z.abcdefghijklmnopqrstuvwxyz_-0",
            "OTg3NjU0MzIxMDk4NzY1NDM.Gx1y2z.abcdefghijklmnopqrstuvwxyz_-0",
        ),
        (
            "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=bG9uZy1henVyZS1rZXk=;EndpointSuffix=core.windows.net",
            "bG9uZy1henVyZS1rZXk=",
        ),
        (
            "connecting to postgres://payment:pg-Pa55w0rd@pg.db:5432/payments",
            "pg-Pa55w0rd",
        ),
        (
            "REDIS_URL=redis://:r3d1s-pass@redis.cache:6379/0",
            "r3d1s-pass",
        ),
        (
            "git clone https://oauth2:tok3n-in-url@git.example.com/team/repo.git",
            "tok3n-in-url",
        ),
        ("Authorization: Basic dXNlcjpzM2NyM3Q=", "dXNlcjpzM2NyM3Q="),
        (
            "authorization: Bearer opaque-token-value",
            "opaque-token-value",
        ),
        (
            r#"curl -H "Proxy-Authorization: Token ptk_88a7b6c5d4e3" https://api"#,
            "ptk_88a7b6c5d4e3",
        ),
        (
            "retrying with bearer AbCdEf0123456789GhIjKlMn",
            "AbCdEf0123456789GhIjKlMn",
        ),
        (
            "id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U accepted",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ),
        (
            "mounted eyJhbGciOiJSUzI1NiIsImtpZCI6IkNhbGwifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pbyI6eyJuYW1lc3BhY2UiOiJwYXltZW50In19.c2lnbmF0dXJlLW9mLXRoZS1rOHMtdG9rZW4",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IkNhbGwifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pbyI6eyJuYW1lc3BhY2UiOiJwYXltZW50In19.c2lnbmF0dXJlLW9mLXRoZS1rOHMtdG9rZW4",
        ),
        (
            "using key id AKIAIOSFODNN7EXAMPLE for s3",
            "AKIAIOSFODNN7EXAMPLE",
        ),
        (
            "sts session ASIAY34FZKBOKMUTVV7A expires",
            "ASIAY34FZKBOKMUTVV7A",
        ),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        (
            "maps client key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY loaded",
            "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
        ),
        (
            "gcloud token ya29.a0AfH6SMBx3kLqYz-9_AbCdEfGhIjKl",
            "ya29.a0AfH6SMBx3kLqYz-9_AbCdEfGhIjKl",
        ),
        (
            r#"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"}"#,
            r#"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"#,
        ),
        (r#""private_key_id": "3f2a1b0c9d8e","#, "3f2a1b0c9d8e"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98VbJ1mXKq0rW\nZ2VuZXJhdGVkLWtleS1tYXRlcmlhbA==\n-----END RSA PRIVATE KEY-----\nnext line",
            "MIIEowIBAAKCAQEA7bq98VbJ1mXKq0rW\nZ2VuZXJhdGVkLWtleS1tYXRlcmlhbA==",
        ),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yBx\nMHcCAQEEIBkg4LVWM9nuwNSk3yBy",
            "MHcCAQEEIBkg4LVWM9nuwNSk3yBx\nMHcCAQEEIBkg4LVWM9nuwNSk3yBy",
        ),
        (
            "bot login with MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456",
            "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456",
        ),
        (
            "posting to https://discord.com/api/webhooks/1187654321098765432/Zx9_wEbHoOkT0kEn-abc",
            "Zx9_wEbHoOkT0kEn-abc",
        ),
        (
            "slack bot xoxb-2401234567-1234567890123-AbCdEfGhIjKlMnOp",
            "xoxb-2401234567-1234567890123-AbCdEfGhIjKlMnOp",
        ),
        (
            "user token xoxp-1111-2222-3333-abcdef0123",
            "xoxp-1111-2222-3333-abcdef0123",
        ),
        (
            "notify https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX done",
            "T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX",
        ),
        (
            "pushing with ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        ),
        (
            "app token ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
            "ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
        ),
        (
            "fine-grained github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        ),
        (
            "gitlab glpat-xYz0123456789AbCdEfGh",
            "glpat-xYz0123456789AbCdEfGh",
        ),
        (
            "charging with sk_live_51HqLyjWDarjtT1zdp7dc",
            "sk_live_51HqLyjWDarjtT1zdp7dc",
        ),
        (
            "openai sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        ),
        (
            "publish npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        ),
        (
            "//registry.npmjs.org/:_authToken=npmrc-legacy-token",
            "npmrc-legacy-token",
        ),
        (
            "kubectl --token kube-cli-t0ken get pods -n payment",
            "kube-cli-t0ken",
        ),
        (
            "Set-Cookie: session=8f14e45fceea167a; Path=/; HttpOnly",
            "session=8f14e45fceea167a; Path=/; HttpOnly",
        ),
    ];

    /// Ordinary lines that look close to a secret but are not one.
    const NEAR_MISSES: &[&str] = &[
        "token bucket refilled: 100 tokens available",
        "passwordless login enabled for tenant acme",
        "key=value store warmed in 120ms",
        "Started PaymentApplication in 11.74 seconds (process running for 12.9)",
        "pod payment-7d9f8b6c5-x2kqz restarted 5 times",
        "Back-off restarting failed container payment in pod payment-7d9f8b6c5-x2kqz_payment(0e4b3c2a-1f5d-4e6a-9b8c-7d6e5f4a3b2c)",
        "image ghcr.io/example/payment@sha256:3b5e4c1d2a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615",
        "request id 123e4567-e89b-12d3-a456-426614174000 completed",
        "secretName: payment-db-credentials",
        "mounting secret payment-db-credentials into /etc/creds",
        "loading private key from /etc/tls/tls.key",
        "bearer token expired, refreshing",
        "authorization failed for user bob: forbidden",
        "listening on http://0.0.0.0:8080/health",
        "AKIA is the prefix of an access key id",
        "max_tokens=512 temperature=0.2",
        "Zahlung für Kunde Müller fehlgeschlagen: Überweisung abgelehnt",
        "      DB_PASSWORD:  <set to the key 'password' in secret 'payment-db'>  Optional: false",
        "    SecretName:  payment-db-credentials",
        "\tat com.example.order.OrderManagementServiceClient.create.ReactiveOrderStreamSubscriberImpl(Orders.java:12)",
        "FATAL: password authentication failed for user \"payment\"",
    ];

    fn redacted(line: &str) -> String {
        redact(line).into_owned()
    }

    #[test]
    fn every_secret_shape_is_masked_and_the_context_kept() {
        assert!(SECRETS.len() >= 30, "only {} secret shapes", SECRETS.len());
        for (line, secret) in SECRETS {
            let out = redacted(line);
            assert!(!out.contains(secret), "{secret:?} survived in {out:?}");
            assert!(out.contains(MASK), "no mask in {out:?}");
            assert_eq!(out, line.replace(secret, MASK), "context lost for {line:?}");
        }
    }

    #[test]
    fn the_secret_shapes_are_distinct() {
        let mut secrets: Vec<&str> = SECRETS.iter().map(|(_, secret)| *secret).collect();
        secrets.sort_unstable();
        secrets.dedup();
        assert_eq!(secrets.len(), SECRETS.len());
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        for (line, _) in SECRETS {
            let once = redacted(line);
            assert_eq!(redact(&once), once);
            assert!(
                matches!(redact(&once), Cow::Borrowed(_)),
                "{once:?} was copied"
            );
        }
    }

    #[test]
    fn the_readme_examples_keep_their_context() {
        assert_eq!(redact("password=s3cr3t"), "password=[REDACTED]");
        assert_eq!(
            redact("postgres://payment:s3cr3t@pg.db:5432/payments"),
            "postgres://payment:[REDACTED]@pg.db:5432/payments"
        );
        assert_eq!(
            redact("Authorization: Bearer abc.def-ghi"),
            "Authorization: Bearer [REDACTED]"
        );
        assert_eq!(
            redact(r#"{"password": "s3cr3t", "user": "bob"}"#),
            r#"{"password": "[REDACTED]", "user": "bob"}"#
        );
        assert_eq!(
            redact("Server=db;User Id=app;Password=pa;ss&w,rd;Database=orders"),
            "Server=db;User Id=app;Password=[REDACTED];Database=orders"
        );
        assert_eq!(
            redact("User{name=bob, password=hunter2, roles=[admin]}"),
            "User{name=bob, password=[REDACTED], roles=[admin]}"
        );
        assert_eq!(redact("(token=abc(1)2)"), "(token=[REDACTED])");
        assert_eq!(
            redact("env: [{name: DB_PASSWORD, value: a,b}, {name: PORT, value: 8080}]"),
            "env: [{name: DB_PASSWORD, value: [REDACTED]}, {name: PORT, value: 8080}]"
        );
        assert_eq!(redact("password=<s3cret>"), "password=[REDACTED]");
        assert_eq!(
            redact("-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----"),
            "-----BEGIN PRIVATE KEY-----\n[REDACTED]\n-----END PRIVATE KEY-----"
        );
    }

    #[test]
    fn a_service_account_json_keeps_no_key_material() {
        let json = r#"{
  "type": "service_account",
  "project_id": "payments-prod",
  "private_key_id": "3f2a1b0c9d8e7f6a",
  "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
  "client_email": "sa@p.iam.gserviceaccount.com"
}"#;
        let out = redacted(json);
        assert!(out.contains(r#""private_key": "[REDACTED]""#), "{out}");
        assert!(out.contains(r#""private_key_id": "[REDACTED]""#), "{out}");
        assert!(out.contains(r#""project_id": "payments-prod""#), "{out}");
        assert!(!out.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"), "{out}");
        assert!(out.contains(r#""client_email": "sa@p.iam.gserviceaccount.com""#));
    }

    #[test]
    fn the_seed_logs_pass_unchanged_except_the_leaked_password() {
        let (ordinary, last) = PAYMENT_LOG.trim_end().rsplit_once('\n').unwrap();
        for text in [ordinary, ORDER_LOG] {
            assert!(matches!(redact(text), Cow::Borrowed(_)));
            for line in text.lines() {
                assert!(matches!(redact(line), Cow::Borrowed(_)), "{line:?} changed");
            }
        }

        assert!(last.contains("password=s3cr3t-Pa55"));
        let out = redacted(last);
        assert!(out.contains("password=[REDACTED] "), "{out}");
        assert!(
            out.contains("DATABASE_URL=postgres://payment:[REDACTED]@pg.db:5432/payments)"),
            "{out}"
        );
        assert!(out.contains("HikariPool-1 - Shutdown initiated..."));

        let whole = redacted(PAYMENT_LOG);
        assert!(!whole.contains("s3cr3t-Pa55"));
        assert!(whole.starts_with(ordinary));
    }

    #[test]
    fn near_secret_lines_pass_unchanged_and_borrowed() {
        for line in NEAR_MISSES {
            assert!(
                matches!(redact(line), Cow::Borrowed(_)),
                "{line:?} -> {:?}",
                redact(line)
            );
        }
    }

    #[test]
    fn evidence_is_redacted_and_hashed_when_built() {
        let evidence = Evidence::new(
            EvidenceKind::LogExcerpt,
            "payment logs (token=title-secret-1)",
            Some("kubectl --token cmd-secret-2 logs payment-7d9f8b6c5-x2kqz --previous"),
            PAYMENT_LOG,
        );
        assert_eq!(evidence.kind(), EvidenceKind::LogExcerpt);
        assert_eq!(
            evidence.title(),
            &Text::from("payment logs (token=[REDACTED])")
        );
        assert_eq!(
            evidence.source_command(),
            Some("kubectl --token [REDACTED] logs payment-7d9f8b6c5-x2kqz --previous")
        );
        assert!(!evidence.content().contains("s3cr3t-Pa55"));
        assert!(evidence.content().contains("password=[REDACTED]"));
        assert_eq!(evidence.sha256(), sha256_hex(evidence.content()));
        assert_ne!(evidence.sha256(), sha256_hex(PAYMENT_LOG));
    }

    #[test]
    fn a_titles_words_from_the_cluster_are_redacted_and_recorded_in_the_channels_locale() {
        let catalog = Catalog::new(None).expect("the embedded catalogs load");
        let evidence = Evidence::new(
            EvidenceKind::LogExcerpt,
            Msg::new("evidence-last-state").arg("pod", "web-1 token=title-secret-3"),
            None,
            ORDER_LOG,
        );
        let recorded = |locale| evidence.clone().recorded(&catalog, locale);
        assert_eq!(
            recorded(Locale::En).title(),
            "Last state of web-1 token=[REDACTED]"
        );
        let zh = recorded(Locale::ZhCn);
        assert_eq!(zh.title(), "web-1 token=[REDACTED] 的上一次状态");
        assert_eq!(zh.sha256(), evidence.sha256());
        assert_eq!(zh.content(), evidence.content());
    }

    #[test]
    fn stored_evidence_is_accepted_intact_and_rejected_when_altered() {
        let catalog = Catalog::new(None).expect("the embedded catalogs load");
        let evidence = Evidence::new(EvidenceKind::CommandOutput, "pods", None, ORDER_LOG)
            .recorded(&catalog, Locale::En);
        let restored = Evidence::from_stored(
            evidence.kind(),
            evidence.title().to_owned(),
            None,
            evidence.content().to_owned(),
            evidence.sha256().to_owned(),
        )
        .unwrap();
        assert_eq!(restored, evidence);

        let altered = Evidence::from_stored(
            evidence.kind(),
            evidence.title().to_owned(),
            None,
            evidence
                .content()
                .replace("OutOfMemoryError", "nothing to see"),
            evidence.sha256().to_owned(),
        );
        let err = altered.unwrap_err();
        assert_eq!(err.title, "pods");
        assert!(err.to_string().contains("altered"));
    }

    #[test]
    fn the_excerpt_says_how_many_lines_were_left_out() {
        let evidence = Evidence::new(EvidenceKind::LogExcerpt, "order", None, ORDER_LOG);
        let total = ORDER_LOG.lines().count();
        let excerpt = evidence.excerpt(3, 10_000);
        let first_three: Vec<&str> = ORDER_LOG.lines().take(3).collect();
        assert_eq!(
            excerpt,
            format!("{}\n… ({} more lines)", first_three.join("\n"), total - 3)
        );

        let short = evidence.excerpt(100, 200);
        assert!(short.starts_with(ORDER_LOG.lines().next().unwrap()));
        assert!(
            short.ends_with(&format!("… ({} more lines)", total - 1)),
            "{short}"
        );

        assert_eq!(evidence.excerpt(100, 100_000), ORDER_LOG.trim_end());
    }

    #[test]
    fn the_keyword_prefilter_lets_every_secret_shape_through() {
        for (line, _) in SECRETS {
            assert_ne!(rules_for(line), 0, "{line:?} skipped");
            assert_eq!(redact(line), apply_rules(line, RuleBits::MAX), "{line:?}");
        }
        for line in NEAR_MISSES {
            assert_eq!(redact(line), apply_rules(line, RuleBits::MAX), "{line:?}");
        }
    }

    #[test]
    fn every_rule_that_matches_a_secret_shape_is_found_by_its_words() {
        for line in SECRETS
            .iter()
            .map(|(line, _)| *line)
            .chain(NEAR_MISSES.iter().copied())
        {
            let found = rules_for(line);
            for (index, rule) in REDACTOR.rules.iter().enumerate() {
                if rule.regex.is_match(line) {
                    assert_ne!(
                        found & (1 << index),
                        0,
                        "rule {index} ({:?}) matches {line:?} but none of its words is in it",
                        RULES[index].pattern
                    );
                }
            }
        }
    }

    #[test]
    fn a_secret_s_name_without_a_separator_is_not_checked_for_its_value() {
        let key_value = REDACTOR.key_value_rules;
        assert_eq!(key_value.count_ones(), 2);
        for text in [
            "token",
            "serviceAccountToken",
            "DB_PASSWORD",
            "oauth2-proxy",
        ] {
            assert_eq!(rules_for(text) & key_value, 0, "{text:?}");
        }
        for text in [
            "token=abc",
            "password: abc",
            "- name: DB_PASSWORD\n  value: abc",
        ] {
            assert_eq!(rules_for(text) & key_value, key_value, "{text:?}");
        }
        assert_eq!(redact("token"), "token");
        assert_eq!(redact("token=abc"), "token=[REDACTED]");
    }

    #[test]
    fn a_letter_that_folds_onto_ascii_is_checked_against_every_rule() {
        // KELVIN SIGN: `(?i)` matches it as `k`, the ASCII keyword `token` does not.
        let line = "to\u{212A}en=hunter2hunter2";
        assert_eq!(rules_for(line), RuleBits::MAX);
        assert_eq!(redact(line), "to\u{212A}en=[REDACTED]");
    }

    #[test]
    fn every_secret_shape_is_masked_inside_a_json_string() {
        for (line, secret) in SECRETS {
            let body = serde_json::json!({"metadata": {"annotations": {"note": line}}}).to_string();
            let out = redact_json(body.as_bytes());
            let value: serde_json::Value = serde_json::from_slice(&out)
                .unwrap_or_else(|e| panic!("{line:?} broke the JSON: {e}"));
            let note = value["metadata"]["annotations"]["note"].as_str().unwrap();
            assert_eq!(note, redacted(line), "{line:?}");
            assert!(!note.contains(secret));
        }
    }

    #[test]
    fn json_members_env_entries_and_flag_arguments_are_masked_whole() {
        let body = br#"{"password": "plain words", "Token":"", "user": "bob",
            "env": [{"value": "before-name", "name": "API_KEY"}, {"name": "HOME", "value": "/root"}],
            "args": ["serve", "--token", "next-arg", 7, "--port", "8080"],
            "nested": {"client_secret": {"not": "a string"}}}"#;
        let out = redact_json(body);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["password"], "[REDACTED]");
        assert_eq!(value["Token"], "");
        assert_eq!(value["user"], "bob");
        assert_eq!(value["env"][0]["value"], "[REDACTED]");
        assert_eq!(value["env"][1]["value"], "/root");
        assert_eq!(
            value["args"],
            serde_json::json!(["serve", "--token", "[REDACTED]", 7, "--port", "8080"])
        );
        assert_eq!(value["nested"]["client_secret"]["not"], "a string");
        assert!(matches!(redact_json(&out), Cow::Borrowed(_)), "idempotent");
    }

    #[test]
    fn long_ids_are_checked_only_for_the_token_shape_and_url_passwords_still_need_an_at() {
        let token = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456";
        let id = "containerd://758cee52da0823571ccf9ede18b9c7ab9cf0095f8d284470c927fb35a7b04e61";
        let image = "registry.example.com/payments/payment-service@sha256:3b1f0c0e8f6d4c2b9a7e5d3c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e";
        let clean = serde_json::json!({"containerID": id, "imageID": image}).to_string();
        assert!(matches!(redact_json(clean.as_bytes()), Cow::Borrowed(_)));
        // "d" spells its `@` as a JSON escape.
        let body = format!(
            r#"{{"a":"containerd://{token}","b":"id {token}","c":"postgres://app:hunter2@db:5432/app","d":"postgres://app:hunter2\u0040db/app"}}"#
        );
        let value: serde_json::Value =
            serde_json::from_slice(&redact_json(body.as_bytes())).unwrap();
        assert_eq!(value["a"], "containerd://[REDACTED]");
        assert_eq!(value["b"], "id [REDACTED]");
        assert_eq!(value["c"], "postgres://app:[REDACTED]@db:5432/app");
        for key in ["a", "b", "c", "d"] {
            let text = value[key].as_str().unwrap();
            assert!(
                !text.contains(token) && !text.contains("hunter2"),
                "{key}: {text}"
            );
        }
    }

    #[test]
    fn a_keyword_is_found_wherever_it_sits_in_a_string() {
        // First word of a string, after an escaped quote, last word of a key, and in a string
        // the body cuts off.
        let body =
            br#"{"a":"token=t1","b":"said \"pwd=p2\"","X-Api-Key":"k3","c":"cut short PASSWORD=p4"#;
        let out = String::from_utf8(redact_json(body).into_owned()).unwrap();
        for kept in [
            r#""a":"token=[REDACTED]""#,
            r#""b":"said \"pwd=[REDACTED]\"""#,
            r#""X-Api-Key":"[REDACTED]""#,
            "cut short PASSWORD=[REDACTED]",
        ] {
            assert!(out.contains(kept), "{kept} in {out}");
        }
        for secret in ["t1", "p2", "k3", "p4"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
    }

    #[test]
    fn a_keyword_that_json_escapes_is_found_in_its_escaped_form() {
        let body = br#"{"command":"curl -u\talice:Tab-Pa55 api.internal:8443"}"#;
        let value: serde_json::Value = serde_json::from_slice(&redact_json(body)).unwrap();
        assert_eq!(
            value["command"],
            "curl -u\talice:[REDACTED] api.internal:8443"
        );
    }

    #[test]
    fn json_without_secrets_comes_back_borrowed() {
        for body in [
            &br#"{"kind":"PodList","items":[{"metadata":{"name":"web-1","labels":{"app":"web"}},"status":{"phase":"Running"}}]}"#[..],
            b"",
            b"not json at all",
            br#"{"cut": "in the mid"#,
        ] {
            assert!(matches!(redact_json(body), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn payloads_and_summaries_are_redacted_before_they_are_stored() {
        let entry = NewEntry {
            channel: "c".into(),
            incident_id: None,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "alice".into(),
            kind: "note".into(),
            outcome: crate::incident::Outcome::Ok,
            summary: "rotated: password=hunter2".into(),
            payload: serde_json::json!({"text": "token=abc123", "n": 1}),
            evidence: vec![],
        };
        let stored = redacted_entry(&entry);
        assert_eq!(stored.summary, "rotated: password=[REDACTED]");
        assert_eq!(
            stored.payload,
            serde_json::json!({"text": "token=[REDACTED]", "n": 1})
        );
    }

    #[test]
    fn log_output_is_redacted() {
        use std::io::Write;
        let mut writer = RedactingWriter(Vec::new());
        writer
            .write_all(b"INFO connecting with password=hunter2\n")
            .unwrap();
        writer.write_all(b"INFO ready\n").unwrap();
        assert_eq!(
            String::from_utf8(writer.0).unwrap(),
            "INFO connecting with password=[REDACTED]\nINFO ready\n"
        );
    }

    #[test]
    fn evidence_kinds_round_trip_through_their_names() {
        for kind in [
            EvidenceKind::CommandOutput,
            EvidenceKind::LogExcerpt,
            EvidenceKind::File,
            EvidenceKind::Report,
        ] {
            assert_eq!(EvidenceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EvidenceKind::parse("secret"), None);
    }
}
