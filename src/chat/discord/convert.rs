//! Discord → core: slash-command options become a `RawCommand`, the user and their roles an
//! `Actor`, a modal's inputs the options of `/status update` (or `/incident open`). Also the
//! status-update and Declare-incident modals themselves (core → Discord). Pure functions: no I/O.

use serenity::all::{
    ActionRow, ActionRowComponent, ChannelId, ChannelType, CommandData, CommandDataOption,
    CommandDataOptionValue, CommandDataResolved, CreateActionRow, CreateInputText, CreateModal,
    InputTextStyle, Member, PartialChannel, User,
};

use crate::command::{RawCommand, RawOption, StatusFields};
use crate::invocation::Actor;
use crate::render::Renderer;

use super::limits::truncate;

/// The custom id of warroom's status-update modal (a submitted modal whose id starts with it is
/// read as `/status update`).
pub const STATUS_MODAL: &str = "status:modal";
/// Characters the grammar accepts in one status field.
const STATUS_FIELD_MAX: usize = 1000;

/// An attachment the user sent with a command: fetched before the handler runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    pub name: String,
    pub url: String,
    pub size: u64,
}

/// Who acted: the user's id, the name shown in the server (nickname, global name or user
/// name), and their role ids.
pub fn actor(user: &User, member: Option<&Member>) -> Actor {
    Actor {
        id: user.id.to_string(),
        name: member.map_or_else(
            || user.display_name().to_string(),
            |m| m.display_name().to_string(),
        ),
        roles: member
            .map(|m| m.roles.iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    }
}

/// The channel an invocation belongs to: the channel it came from, or — when warroom opens
/// threads for incidents (`threads`) — a thread's parent channel, which holds the incident.
pub fn incident_channel(id: ChannelId, channel: Option<&PartialChannel>, threads: bool) -> String {
    let thread_parent = channel
        .filter(|_| threads)
        .filter(|c| {
            matches!(
                c.kind,
                ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
            )
        })
        .and_then(|c| c.parent_id);
    thread_parent.unwrap_or(id).to_string()
}

/// A slash command's options as a `RawCommand` (subcommand and flattened `key:value` options),
/// and the attachments it refers to. An attachment option becomes `file:<filename>`, the
/// grammar's one attachment option, whatever the option is called.
pub fn raw_command(data: &CommandData) -> (RawCommand, Vec<AttachmentRef>) {
    let mut raw = RawCommand {
        name: data.name.to_ascii_lowercase(),
        ..RawCommand::default()
    };
    let mut attachments = Vec::new();
    walk(&data.options, &data.resolved, &mut raw, &mut attachments);
    (raw, attachments)
}

fn walk(
    options: &[CommandDataOption],
    resolved: &CommandDataResolved,
    raw: &mut RawCommand,
    attachments: &mut Vec<AttachmentRef>,
) {
    for o in options {
        let mut push = |key: &str, value: String| {
            raw.options.push(RawOption {
                key: key.to_ascii_lowercase(),
                value,
                span: None,
            })
        };
        match &o.value {
            CommandDataOptionValue::SubCommand(inner)
            | CommandDataOptionValue::SubCommandGroup(inner) => {
                raw.sub = Some(o.name.to_ascii_lowercase());
                walk(inner, resolved, raw, attachments);
            }
            CommandDataOptionValue::String(s) => push(&o.name, s.clone()),
            CommandDataOptionValue::Integer(i) => push(&o.name, i.to_string()),
            CommandDataOptionValue::Number(n) => push(&o.name, n.to_string()),
            CommandDataOptionValue::Boolean(b) => push(&o.name, b.to_string()),
            CommandDataOptionValue::Autocomplete { value, .. } => push(&o.name, value.clone()),
            CommandDataOptionValue::User(id) => {
                let name = resolved
                    .members
                    .get(id)
                    .and_then(|m| m.nick.clone())
                    .or_else(|| resolved.users.get(id).map(|u| u.display_name().to_string()));
                push(
                    &o.name,
                    name.map_or_else(|| format!("<@{id}>"), |n| format!("@{n}")),
                );
            }
            CommandDataOptionValue::Role(id) => {
                let name = resolved.roles.get(id).map(|r| r.name.clone());
                push(
                    &o.name,
                    name.map_or_else(|| format!("<@&{id}>"), |n| format!("@{n}")),
                );
            }
            CommandDataOptionValue::Channel(id) => push(&o.name, format!("<#{id}>")),
            CommandDataOptionValue::Mentionable(id) => push(&o.name, id.to_string()),
            CommandDataOptionValue::Attachment(id) => match resolved.attachments.get(id) {
                Some(a) => {
                    push("file", a.filename.clone());
                    attachments.push(AttachmentRef {
                        name: a.filename.clone(),
                        url: a.url.clone(),
                        size: u64::from(a.size),
                    });
                }
                None => push("file", id.to_string()),
            },
            // An option type this version does not know: the grammar reports it as empty.
            _ => push(&o.name, String::new()),
        }
    }
}

/// Whether the command is `/status update` with no options: answered with the modal.
pub fn is_bare_status_update(raw: &RawCommand) -> bool {
    raw.name == "status" && raw.sub.as_deref() == Some("update") && raw.options.is_empty()
}

/// The status-update form, prefilled with the last update's fields, labelled in the language
/// of `r` (the user's who opens it).
pub fn status_modal(r: &Renderer, prefill: &StatusFields) -> CreateModal {
    let input = |id: &str, label: &str, placeholder: &str, value: &Option<String>| {
        let mut t = CreateInputText::new(InputTextStyle::Paragraph, label, id)
            .placeholder(placeholder)
            .required(false)
            .max_length(STATUS_FIELD_MAX as u16);
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            t = t.value(truncate(v, STATUS_FIELD_MAX));
        }
        CreateActionRow::InputText(t)
    };
    let t = |key| r.t(key, &[]);
    CreateModal::new(STATUS_MODAL, t("modal-status-title")).components(vec![
        input(
            "state",
            &t("modal-status-state"),
            &t("modal-status-state-hint"),
            &prefill.state,
        ),
        input(
            "done",
            &t("modal-status-done"),
            &t("modal-status-done-hint"),
            &prefill.done,
        ),
        input(
            "next",
            &t("modal-status-next"),
            &t("modal-status-next-hint"),
            &prefill.next,
        ),
        input(
            "risks",
            &t("modal-status-risks"),
            &t("modal-status-risks-hint"),
            &prefill.risks,
        ),
    ])
}

/// The custom id of the Declare-incident modal (submitted: read as `/incident open`).
pub const DECLARE_MODAL: &str = "declare:modal";

/// The Declare-incident form of an alert card: title from the card's summary, severity,
/// services and impact start from the button (`button::declare`), labelled in the language of
/// `r`. `None` for another id.
pub fn declare_modal(r: &Renderer, custom_id: &str, summary: &str) -> Option<CreateModal> {
    let (severity, started, services) = crate::command::button::parse_declare(custom_id)?;
    let started = chrono::DateTime::from_timestamp(started, 0)?
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let input = |id: &str, label: &str, value: &str| {
        let mut t = CreateInputText::new(InputTextStyle::Short, label, id).required(true);
        if !value.trim().is_empty() {
            t = t.value(truncate(value.trim(), 200));
        }
        CreateActionRow::InputText(t)
    };
    let t = |key| r.t(key, &[]);
    Some(
        CreateModal::new(DECLARE_MODAL, t("modal-declare-title")).components(vec![
            input("title", &t("modal-declare-incident-title"), summary),
            input("severity", &t("modal-declare-severity"), severity),
            input("services", &t("modal-declare-services"), services),
            input("started", &t("modal-declare-started"), &started),
        ]),
    )
}

/// A submitted Declare-incident modal as `/incident open` with its fields.
pub fn incident_open_from_modal(rows: &[ActionRow]) -> RawCommand {
    RawCommand {
        name: "incident".into(),
        sub: Some("open".into()),
        ..status_update_from_modal(rows)
    }
}

/// A submitted status modal as `/status update` with its non-empty fields.
pub fn status_update_from_modal(rows: &[ActionRow]) -> RawCommand {
    let options = rows
        .iter()
        .flat_map(|row| &row.components)
        .filter_map(|c| match c {
            ActionRowComponent::InputText(t) => Some(t),
            _ => None,
        })
        .filter_map(|t| {
            let value = t.value.as_deref()?.trim();
            (!value.is_empty()).then(|| RawOption {
                key: t.custom_id.to_ascii_lowercase(),
                value: value.to_string(),
                span: None,
            })
        })
        .collect();
    RawCommand {
        name: "status".into(),
        sub: Some("update".into()),
        options,
        ..RawCommand::default()
    }
}

#[cfg(test)]
mod tests {
    use serenity::all::Interaction;

    use super::*;
    use crate::command::{Command, parse};

    fn fixture(name: &str) -> Interaction {
        let path = format!(
            "{}/tests/fixtures/discord/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn incident_open_options_parse_into_the_command() {
        let Interaction::Command(c) = fixture("cmd_incident_open.json") else {
            panic!("not a command")
        };
        let (raw, files) = raw_command(&c.data);
        assert!(files.is_empty());
        assert_eq!(
            (raw.name.as_str(), raw.sub.as_deref()),
            ("incident", Some("open"))
        );
        let Command::IncidentOpen {
            title, services, ..
        } = parse(&raw).unwrap()
        else {
            panic!("not incident open")
        };
        assert_eq!(title, "Checkout payments failing with 502s");
        assert_eq!(
            services,
            ["payment-service", "checkout-api", "stripe-gateway"]
        );
        let who = actor(&c.user, c.member.as_deref());
        assert_eq!(who.id, "352533474181251090");
        assert_eq!(who.name, "Priya (SRE on-call)");
        assert_eq!(who.roles.len(), 3);
    }

    #[test]
    fn an_attachment_becomes_the_file_option_and_a_reference() {
        let Interaction::Command(c) = fixture("cmd_note_with_attachment.json") else {
            panic!("not a command")
        };
        let (raw, files) = raw_command(&c.data);
        let Command::Note { file, .. } = parse(&raw).unwrap() else {
            panic!("not a note")
        };
        assert_eq!(file.as_deref(), Some("grafana-p99-charges.png"));
        assert_eq!(files[0].name, "grafana-p99-charges.png");
        assert_eq!(files[0].size, 184233);
        assert_eq!(actor(&c.user, c.member.as_deref()).name, "Marcus Chen");
    }

    #[test]
    fn commands_in_an_incident_thread_count_for_the_parent_channel_when_threads_are_on() {
        let mut v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!(
                "{}/tests/fixtures/discord/cmd_postmortem.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap();
        v["channel"]["type"] = 11.into();
        v["channel"]["parent_id"] = "762638002815107086".into();
        let Interaction::Command(c) = serde_json::from_value(v).unwrap() else {
            panic!("not a command")
        };
        let channel = c.channel.as_ref();
        assert_eq!(
            incident_channel(c.channel_id, channel, true),
            "762638002815107086"
        );
        assert_eq!(
            incident_channel(c.channel_id, channel, false),
            "1382358376775811085"
        );
        let Interaction::Command(plain) = fixture("cmd_postmortem.json") else {
            panic!("not a command")
        };
        assert_eq!(
            incident_channel(plain.channel_id, plain.channel.as_ref(), true),
            "1382358376775811085"
        );
    }

    #[test]
    fn a_submitted_modal_is_a_status_update() {
        let Interaction::Modal(m) = fixture("modal_submit_status.json") else {
            panic!("not a modal")
        };
        assert!(m.data.custom_id.starts_with(STATUS_MODAL));
        let Command::StatusUpdate(f) =
            parse(&status_update_from_modal(&m.data.components)).unwrap()
        else {
            panic!("not a status update")
        };
        assert_eq!(f.state.as_deref(), Some("Monitoring"));
        assert!(f.risks.unwrap().starts_with("~140 Stripe webhooks"));
    }

    #[test]
    fn the_modal_is_prefilled_and_within_limits() {
        let prefill = StatusFields {
            state: Some("x".repeat(1500)),
            done: Some("rolled back".into()),
            ..StatusFields::default()
        };
        let en = Renderer::new(crate::i18n::Locale::En, None).unwrap();
        let json = serde_json::to_value(status_modal(&en, &prefill)).unwrap();
        let inputs: Vec<_> = json["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["components"][0].clone())
            .collect();
        assert_eq!(inputs.len(), 4);
        assert_eq!(inputs[0]["value"].as_str().unwrap().chars().count(), 1000);
        assert_eq!(inputs[1]["value"], "rolled back");
        assert!(inputs[2].get("value").is_none_or(|v| v.is_null()));
        assert!(
            inputs
                .iter()
                .all(|i| i["style"] == 2 && i["required"] == false)
        );
        assert_eq!(json["title"], "Status update");
        assert_eq!(inputs[0]["label"], "State");
        let zh = en.in_locale(crate::i18n::Locale::ZhCn);
        let json = serde_json::to_value(status_modal(&zh, &prefill)).unwrap();
        assert_eq!(json["title"], "故障处理进展");
        assert_eq!(json["components"][0]["components"][0]["label"], "当前状态");
        let declare = declare_modal(&zh, "declare:sev1:1795703520:payment-service", "x").unwrap();
        let json = serde_json::to_value(declare).unwrap();
        assert_eq!(json["title"], "发起故障通告");
    }
}
