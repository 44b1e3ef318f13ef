//! Property tests (proptest): the command grammar never panics and reads back what it renders;
//! Discord options and typed lines give the same command; Markdown escaping keeps user text
//! inside its table cell, heading or code fence; redaction is idempotent, keeps JSON valid and
//! masks secrets planted in random text.

use std::borrow::Cow;

use proptest::prelude::*;
use serenity::all::CommandData;
use warroom::chat::discord::convert::raw_command;
use warroom::command::{self, Command, ImpactStart, TriageScope};
use warroom::evidence::{redact, redact_json};
use warroom::render::{escape_markdown, fence};

// ---------------------------------------------------------------------------------------------
// The command grammar
// ---------------------------------------------------------------------------------------------

/// `value` as one quoted option value (the grammar's `\"` escape).
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\\\""))
}

/// A typed line that parses into `command`: the inverse of `command::parse_line`.
fn render(command: &Command) -> String {
    let mut line = String::new();
    let opt = |line: &mut String, key: &str, value: Option<&str>| {
        if let Some(v) = value {
            line.push_str(&format!(" {key}:{}", quoted(v)));
        }
    };
    match command {
        Command::Help => line.push_str("/help"),
        Command::IncidentOpen {
            title,
            severity,
            services,
            teams,
            started,
        } => {
            line.push_str("/incident open");
            opt(&mut line, "title", Some(title));
            opt(&mut line, "severity", Some(severity.as_str()));
            opt(&mut line, "services", Some(&services.join(",")));
            if !teams.is_empty() {
                opt(&mut line, "teams", Some(&teams.join(",")));
            }
            let started = started.map(|s| match s {
                ImpactStart::At(t) => t.to_rfc3339(),
                ImpactStart::TimeOfDay(t) => t.format("%H:%M").to_string(),
            });
            opt(&mut line, "started", started.as_deref());
        }
        Command::IncidentRole { commander, comms } => {
            line.push_str("/incident role");
            opt(&mut line, "commander", commander.as_deref());
            opt(&mut line, "comms", comms.as_deref());
        }
        Command::Milestone(m) => line.push_str(match m {
            warroom::incident::Milestone::Mitigated => "/incident mitigated",
            warroom::incident::Milestone::Resolved => "/incident resolve",
            warroom::incident::Milestone::Closed => "/incident close",
        }),
        Command::Triage {
            scope,
            namespace,
            cluster,
            current_log,
        } => {
            match scope {
                TriageScope::Overview => line.push_str("/triage overview"),
                TriageScope::Service(s) => {
                    line.push_str("/triage");
                    opt(&mut line, "service", Some(s));
                }
            }
            opt(&mut line, "namespace", namespace.as_deref());
            opt(&mut line, "cluster", cluster.as_deref());
            if *current_log {
                line.push_str(" logs:current");
            }
        }
        Command::Logs {
            pod,
            namespace,
            container,
            previous,
            tail,
            cluster,
        } => {
            line.push_str("/logs");
            opt(&mut line, "pod", Some(pod));
            opt(&mut line, "namespace", namespace.as_deref());
            opt(&mut line, "container", container.as_deref());
            opt(&mut line, "previous", Some(&previous.to_string()));
            opt(&mut line, "tail", Some(&tail.to_string()));
            opt(&mut line, "cluster", cluster.as_deref());
        }
        Command::StatusUpdate(f) => {
            line.push_str("/status update");
            opt(&mut line, "state", f.state.as_deref());
            opt(&mut line, "done", f.done.as_deref());
            opt(&mut line, "next", f.next.as_deref());
            opt(&mut line, "risks", f.risks.as_deref());
        }
        Command::StatusCadence { minutes } => {
            line.push_str(&format!("/status cadence every:{minutes}"));
        }
        Command::Note { text, tag, file } => {
            line.push_str("/note");
            opt(&mut line, "text", Some(text));
            opt(&mut line, "tag", tag.map(|t| t.as_str()));
            opt(&mut line, "file", file.as_deref());
        }
        Command::ActionAdd { owner, due, text } => {
            line.push_str("/action add");
            opt(&mut line, "owner", Some(owner));
            opt(&mut line, "due", Some(&due.format("%Y-%m-%d").to_string()));
            opt(&mut line, "text", Some(text));
        }
        Command::ActionDone { id } => line.push_str(&format!("/action done id:{id}")),
        Command::EvidenceAdd { entry, finding } => line.push_str(&format!(
            "/evidence add entry:{entry} finding:{}",
            finding + 1
        )),
        Command::Timeline { last } => line.push_str(&format!("/timeline last:{last}")),
        Command::Postmortem => line.push_str("/postmortem"),
        Command::AlertAck { .. } => {
            panic!("the alert card's Acknowledge button has no typed form: not generated")
        }
        Command::Watch {
            service,
            namespace,
            cluster,
            minutes,
            step,
        } => {
            line.push_str("/watch");
            opt(&mut line, "service", Some(service));
            opt(&mut line, "namespace", namespace.as_deref());
            opt(&mut line, "cluster", cluster.as_deref());
            line.push_str(&format!(" for:{minutes}m step:{step}"));
        }
        Command::WatchStop { service } => {
            line.push_str("/watch stop");
            opt(&mut line, "service", service.as_deref());
        }
    }
    line
}

/// Free text as users type it: any printable characters, quotes and spaces included (no
/// backslash: a quoted value cannot end in one, see the report).
fn text() -> impl Strategy<Value = String> {
    "[^\\\\\\p{Cc}]{1,40}"
}

fn name() -> impl Strategy<Value = String> {
    "[a-z]([a-z0-9-]{0,12}[a-z0-9])?"
}

/// Lines assembled from the grammar with random values: most parse, some do not.
fn grammar_line() -> impl Strategy<Value = String> {
    let q = |s: String| quoted(&s);
    prop_oneof![
        (
            text(),
            1..=4u8,
            prop::collection::vec(name(), 1..4),
            prop::option::of(text())
        )
            .prop_map(move |(title, sev, services, teams)| {
                let mut l = format!(
                    "/incident open title:{} severity:sev{sev} services:{}",
                    q(title),
                    services.join(",")
                );
                if let Some(t) = teams {
                    l.push_str(&format!(" teams:{}", q(t)));
                }
                l
            }),
        (prop::option::of(text()), prop::option::of(text())).prop_map(move |(a, b)| {
            let mut l = "/incident role".to_owned();
            if let Some(a) = a {
                l.push_str(&format!(" commander:{}", q(a)));
            }
            if let Some(b) = b {
                l.push_str(&format!(" comms:{}", q(b)));
            }
            l
        }),
        (
            name(),
            prop::option::of(name()),
            prop::option::of(name()),
            any::<bool>()
        )
            .prop_map(|(s, n, c, current)| {
                let mut l = format!("/triage service:{s}");
                if let Some(n) = n {
                    l.push_str(&format!(" namespace:{n}"));
                }
                if let Some(c) = c {
                    l.push_str(&format!(" cluster:{c}"));
                }
                if current {
                    l.push_str(" logs:current");
                }
                l
            }),
        (name(), any::<bool>(), 0..250u32)
            .prop_map(|(p, prev, tail)| format!("/logs pod:{p} previous:{prev} tail:{tail}")),
        (text(), text()).prop_map(move |(s, r)| format!(
            "/status update state:{} risks:{}",
            q(s),
            q(r)
        )),
        (1..2000u32).prop_map(|m| format!("/status cadence every:{m}m")),
        (
            text(),
            prop::sample::select(vec!["cause", "lesson", "lucky", "nope"])
        )
            .prop_map(move |(t, tag)| format!("/note text:{} tag:{tag}", q(t))),
        (text(), 2020..2030i32, 1..13u32, 1..29u32, text()).prop_map(move |(o, y, m, d, t)| {
            format!(
                "/action add owner:{} due:{y}-{m:02}-{d:02} text:{}",
                q(o),
                q(t)
            )
        }),
        (0..5i64, 0..1100i64).prop_map(|(e, f)| format!("/evidence add entry:{e} finding:{f}")),
        (0..300u32).prop_map(|n| format!("/timeline last:{n}")),
        (name(), prop::option::of(name()), 0..1500u32, 0..1100u32).prop_map(|(s, n, m, st)| {
            let mut l = format!("/watch service:{s} for:{m}m step:{st}");
            if let Some(n) = n {
                l.push_str(&format!(" namespace:{n}"));
            }
            l
        }),
        prop::option::of(name()).prop_map(|s| match s {
            Some(s) => format!("/watch stop service:{s}"),
            None => "/watch stop".to_owned(),
        }),
        Just("/incident mitigated".to_owned()),
        Just("/postmortem".to_owned()),
        Just("/help".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_is_a_command_or_an_error_never_a_panic(line in any::<String>()) {
        if let Err(e) = command::parse_line(&line) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn near_commands_are_a_command_or_an_error_never_a_panic(
        line in "/[a-z]{1,10}( [a-z]{0,8}(:[^\\p{Cc}]{0,12})?){0,5}( \"[^\"]{0,6})?"
    ) {
        if let Err(e) = command::parse_line(&line) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn parsing_a_rendered_command_gives_it_back(line in grammar_line()) {
        if let Ok(command) = command::parse_line(&line) {
            let rendered = render(&command);
            prop_assert_eq!(command::parse_line(&rendered), Ok(command), "{}", rendered);
        }
    }

    #[test]
    fn discord_options_and_typed_lines_give_the_same_command(
        title in text(),
        services in text(),
        note in text(),
        sev in 0..6u8,
    ) {
        let data: CommandData = serde_json::from_value(serde_json::json!({
            "id": "1", "name": "incident", "type": 1,
            "options": [{"name": "open", "type": 1, "options": [
                {"name": "title", "type": 3, "value": title},
                {"name": "severity", "type": 3, "value": format!("sev{sev}")},
                {"name": "services", "type": 3, "value": services},
            ]}],
        })).unwrap();
        let (raw, files) = raw_command(&data);
        prop_assert!(files.is_empty());
        let line = format!(
            "/incident open title:{} severity:sev{sev} services:{}",
            quoted(&title),
            quoted(&services)
        );
        let from_options = command::parse(&raw);
        let from_line = command::parse_line(&line);
        prop_assert_eq!(from_options.is_ok(), from_line.is_ok(), "{}", line);
        if let (Ok(a), Ok(b)) = (from_options, from_line) {
            prop_assert_eq!(a, b);
        }

        let data: CommandData = serde_json::from_value(serde_json::json!({
            "id": "2", "name": "note", "type": 1,
            "options": [
                {"name": "text", "type": 3, "value": note},
                {"name": "tag", "type": 3, "value": "lesson"},
            ],
        })).unwrap();
        let (raw, _) = raw_command(&data);
        prop_assert_eq!(
            command::parse(&raw).ok(),
            command::parse_line(&format!("/note text:{} tag:lesson", quoted(&note))).ok()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown escaping
// ---------------------------------------------------------------------------------------------

/// Whether every Markdown-special character of `escaped` is backslash-escaped.
fn fully_escaped(escaped: &str) -> bool {
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.next().is_none() => return false,
            '\\' => {}
            '`' | '*' | '_' | '~' | '|' | '<' | '[' | ']' | '#' | '\n' | '\r' => return false,
            _ => {}
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn user_text_never_breaks_a_table_row_or_a_heading(user in any::<String>()) {
        let escaped = escape_markdown(&user);
        prop_assert!(fully_escaped(&escaped), "{:?} -> {:?}", user, escaped);
        let row = format!("| {escaped} | 3 |");
        prop_assert_eq!(row.lines().count(), 1);
        let unescaped_pipes = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
            .count();
        prop_assert_eq!(unescaped_pipes, 3, "{}", row);
        let heading = format!("### {escaped}\n");
        prop_assert_eq!(heading.lines().count(), 1);
    }

    #[test]
    fn content_never_closes_its_code_fence_early(
        content in "([^\\r]{0,20}`{0,8}\n?){0,6}",
        indent in 0..6usize,
    ) {
        let block = fence(&content, indent);
        let lines: Vec<&str> = block.lines().collect();
        let opening = lines[0].trim_start();
        let ticks = opening.len() - opening.trim_start_matches('`').len();
        prop_assert!(opening.ends_with("text"));
        let closing = "`".repeat(ticks);
        prop_assert_eq!(lines.last().map(|l| l.trim_start()), Some(closing.as_str()));
        for inner in &lines[1..lines.len() - 1] {
            let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            prop_assert!(longest < ticks, "{:?} closes a fence of {}", inner, ticks);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

/// `(a line holding a secret, the secret)`.
const PLANTS: &[(&str, &str)] = &[
    ("password=hunter2-prop", "hunter2-prop"),
    ("DB_PASSWORD: 'Tr0ub4dor prop'", "Tr0ub4dor prop"),
    ("Authorization: Bearer prop-bearer-77aa", "prop-bearer-77aa"),
    ("postgres://app:url-pr0p-pass@db:5432/x", "url-pr0p-pass"),
    (
        "ghp_16C7e42F292c6912E7710c838347Ae178Bpp",
        "ghp_16C7e42F292c6912E7710c838347Ae178Bpp",
    ),
    ("AKIAIOSFODNN7PROPTST", "AKIAIOSFODNN7PROPTST"),
    (
        "xoxb-2401234567-1234567890123-PropPropProp",
        "xoxb-2401234567-1234567890123-PropPropProp",
    ),
    (
        "sk_live_51HqLyjWDarjtT1zprop",
        "sk_live_51HqLyjWDarjtT1zprop",
    ),
    (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcm9wIn0.c2lnbmF0dXJlLXByb3A",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcm9wIn0.c2lnbmF0dXJlLXByb3A",
    ),
    ("--token prop-flag-t0ken", "prop-flag-t0ken"),
    (
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiGprop\n-----END PRIVATE KEY-----",
        "MIIEvQIBADANBgkqhkiGprop",
    ),
    (r#"{"api_key": "json-prop-key"}"#, "json-prop-key"),
];

/// Ordinary surrounding text: words, numbers and punctuation that do not glue onto a secret.
fn words() -> impl Strategy<Value = String> {
    "([A-Za-z0-9]{1,10}[ .,;()\\[\\]]{1,3}){0,12}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn redaction_is_idempotent(text in any::<String>(), plant in prop::sample::select(PLANTS)) {
        for sample in [text.clone(), format!("{text} {} {text}", plant.0)] {
            let once = redact(&sample).into_owned();
            prop_assert_eq!(redact(&once), Cow::Borrowed(once.as_str()), "{:?}", sample);
        }
    }

    #[test]
    fn planted_secrets_are_masked_in_random_text(
        before in words(),
        after in words(),
        plant in prop::sample::select(PLANTS),
    ) {
        let text = format!("{before} {} {after}", plant.0);
        let out = redact(&text);
        prop_assert!(!out.contains(plant.1), "{:?} -> {:?}", text, out);
        prop_assert!(out.contains("[REDACTED]"));
    }

    #[test]
    fn planted_secrets_are_masked_in_json_which_stays_valid(
        before in words(),
        after in words(),
        key in "[a-z]{1,8}",
        plant in prop::sample::select(PLANTS),
    ) {
        let doc = serde_json::json!({
            "items": [{"metadata": {"annotations": {key.clone(): format!("{before} {} {after}", plant.0)}}}],
            "note": before,
        });
        let body = doc.to_string();
        let out = redact_json(body.as_bytes());
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        prop_assert!(!parsed.to_string().contains(plant.1), "{}", parsed);
        prop_assert_eq!(&parsed["note"], &doc["note"]);
        prop_assert!(matches!(redact_json(&out), Cow::Borrowed(_)), "not idempotent: {:?}", String::from_utf8_lossy(&out));
    }

    #[test]
    fn ordinary_text_passes_unchanged(text in words()) {
        prop_assert!(matches!(redact(&text), Cow::Borrowed(_)), "{:?} -> {:?}", text, redact(&text));
    }
}
