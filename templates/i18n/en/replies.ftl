# What warroom answers in the channel.

card-incident-title = Incident #{ $id } · { $title }
card-incident-description = Severity { $severity } · services: { $services }
card-incident-footer = Declared by { $who } · { $at }
role-commander = commander: { $user }
role-comms = comms: { $user }
reply-roles-set = Incident #{ $id } roles set — { $roles }
reply-mitigated = ✅ Incident #{ $id } mitigated at { $at }. Impact so far: { $window }.
reply-resolved = ✅ Incident #{ $id } resolved at { $at }. Impact window: { $window }.
reply-closed = 🔒 Incident #{ $id } closed at { $at }. Impact window: { $window }. Reminders stopped. Export the report with /postmortem.
reply-still-open = Incident #{ $id } is open.
# Between the items of a short list.

## Buttons and menus under a reply
button-add-to-timeline = Add to timeline
select-add-finding = Add a finding to the timeline
button-previous-logs = Previous logs
button-post-status-update = Post status update

## Durations on cards.
duration-seconds = { $s } s
duration-minutes = { $m } min
duration-hours = { $h } h
duration-hours-minutes = { $h } h { $m } min

## The alert card. Alert names, labels and annotations are shown as Alertmanager sent them.
alert-firing = 🔥 FIRING · { $name }
alert-resolved-after = ✅ RESOLVED · { $name } · after { $duration }
alert-resolved = ✅ RESOLVED · { $name }
alert-field-severity = Severity
alert-field-started = Started
alert-field-alerts = Alerts
alert-field-labels = Labels
alert-field-source = Source
alert-field-triage = Triage
alert-field-acknowledged = Acknowledged
alert-count = { $firing } firing of { $total }
alert-count-truncated = { $firing } firing of { $total } (+{ $left } left out by Alertmanager)
alert-source-link = graph
alert-severity-unknown = unknown
alert-triage-reused = _(the triage of { $at }: one per workload every { $every })_
alert-triage-not-run = not run: { $why }
alert-skip-no-workload = no label names a workload (see workload_labels in [alerts])
alert-skip-no-cluster = no cluster is configured
alert-footer = Alertmanager · receiver { $receiver }
alert-empty-group = Alertmanager sent an empty group.
button-declare-incident = Declare incident
button-full-triage = Full triage
button-acknowledge = Acknowledge

## What changed since the last progress update (the console's draft, the Discord form, the
## reminder). Service, alert and reason names are shown as recorded.
progress-alert-fired = alert { $name } fired at { $at }
progress-alert-resolved = alert { $name } resolved at { $at }
progress-mitigated = incident mitigated at { $at }
progress-resolved = incident resolved at { $at }
progress-service = { $service }: { $failing } pods failing ({ $ready }/{ $total } ready)
progress-service-reason = { $service }: { $failing } pods failing ({ $ready }/{ $total } ready, top reason { $reason })
progress-done = done: { $item }
progress-separator = {"; "}

## /status update without options (the console's draft) and /status cadence.
status-since-last = the last update ({ $at })
status-since-declared = the declaration ({ $at })
status-draft-nothing = 📝 Nothing was recorded since { $since }: write the update with `/status update state:… done:… next:… risks:…`.
status-draft = 📝 Draft progress update for incident #{ $id }, from what changed since { $since }. Edit it and send it:
status-cadence-set = ⏰ Incident #{ $id }: status-update reminders every { $minutes } min; the next is due { $next }.
button-mark-mitigated = Mark mitigated

## The console's own lines.
console-mark-mitigated = (Mark mitigated: type /incident mitigated)
console-alert-usage = ⚠️ usage: /alert file:<path of an Alertmanager webhook payload (JSON)>
console-alert-unreadable = ⚠️ cannot read { $path }: { $error }
console-alert-empty = the payload has no alerts
console-alert-not-recorded = ⚠️ the alert was not recorded: { $error }
console-demo-cluster = no cluster configured: /triage and /logs read the built-in demo cluster (the seed incident); pass --kubeconfig or add [[clusters]] to the config file for a real one

## Discord forms (modals): titles, field labels and placeholders.
modal-status-title = Status update
modal-status-state = State
modal-status-state-hint = 25 of 32 pods recovered
modal-status-done = Done
modal-status-done-hint = what changed since the last update
modal-status-next = Next
modal-status-next-hint = what happens next, and when
modal-status-risks = Risks
modal-status-risks-hint = what could still go wrong
modal-declare-title = Declare incident
modal-declare-incident-title = Title
modal-declare-severity = Severity (sev1-sev4)
modal-declare-services = Services (comma-separated)
modal-declare-started = Impact started (RFC 3339, UTC)

## Incident states.
state-open = open
state-mitigated = mitigated
state-resolved = resolved
state-closed = closed

## The announcement's urgent action item per team, by what the team's name says it does.
team-action-dev = Share the releases and config changes of the last hour for { $services } (Git commits + Helm revisions).
team-action-network = Verify connectivity: node to API server (`nc -zv <apiserver> 6443`), DNS and cross-namespace traffic; check NetworkPolicies.
team-action-storage = Check the storage cluster (`ceph -s`, `ceph osd tree`) and the capacity of the affected volumes.
team-action-ops = Collecting failing-pod distribution and key component logs (API server, kubelet, CNI) for { $services }: `/triage service:…`; sync in 5 minutes.
team-action-other = Check your components for impact on { $services } and report here with evidence.

## The postmortem: milestones, metrics, the hash chain, the chart's card.
milestone-impact = Impact began
milestone-declared = Declared
milestone-mitigated = Mitigated
milestone-resolved = Resolved
milestone-closed = Closed
measure-detect = Time to detect
measure-declare = Time to declare
measure-announce = Time to announce
measure-first_triage = Time to first triage
measure-mitigate = Time to mitigate
measure-resolve = Time to resolve
pm-at-by-alert = { $at } (alert { $alert })
pm-chain-verified = hash chain verified over { $entries } entries; chain head `{ $head }` — compare it with the last head the channel showed: `warroom export --incident { $id } --expect-head N:HASH`
pm-chain-empty = no entries
pm-chart-window = Impact window
pm-chart-key = Chart: failing (solid) and ready (dashed) pods per service, milestones, status updates (▲)

## Notes, improvement items, recorded findings, acknowledgements, the postmortem's reply.
reply-noted = 📝 Noted on incident #{ $id }: { $note }
reply-noted-with-evidence = 📝 Noted on incident #{ $id } with evidence { $file } (sha256 { $sha }): { $note }
reply-action-added = 📌 Improvement item { $item } on incident #{ $id }: { $text } — { $owner }, due { $due }
reply-action-done = ✅ Improvement item { $item } is done.
reply-finding-recorded = 📎 Recorded on incident #{ $id }: { $title } (with { $count } pieces of evidence)
reply-alert-acknowledged = ✋ You acknowledged { $alert } at { $at }.
reply-alert-acknowledged-on = ✋ You acknowledged { $alert } at { $at } (on incident #{ $id }'s timeline).
reply-postmortem-title = 📄 Postmortem of incident #{ $id } · { $title }
reply-postmortem-file = { $title } — { $file }
reply-postmortem-file-draft = { $title } — { $file } (draft: the incident is not closed yet)

## /logs: a pod's log excerpt.
logs-title-previous = **Logs of { $namespace }/{ $pod }** ({ $container }, previous container) — `{ $command }`
logs-title-current = **Logs of { $namespace }/{ $pod }** ({ $container }, current container) — `{ $command }`
logs-cut = _last { $shown } of { $total } lines; all attached_
logs-recorded = _Recorded on the incident timeline as evidence (redacted)._

## /triage: the card's and report's frame words, the timeline's line, the evidence titles.
triage-overview = overview
triage-card-title = Triage · { $subject } · { $where }
triage-card-most-likely = Most likely: { $cause }
triage-card-footer = cluster { $cluster } · read-only · { $at }
triage-evidence-in-full = Evidence in full
triage-timeline = triage of { $subject } in { $where } ({ $cluster }): { $verdict }; { $findings } findings
triage-timeline-top = { $line }; top hypothesis: { $top }
triage-timeline-not-checked = { $line }; { $count } not checked
evidence-triage-report = triage report: { $subject }
evidence-logs = logs of { $namespace }/{ $pod } ({ $container }, { $which ->
    [previous] previous container
   *[current] current container
})
timeline-logs = read { $lines } log lines of { $namespace }/{ $pod } ({ $which ->
    [previous] previous container
   *[current] current container
})

## Discord: what did not fit a message, attachments not fetched, an announcement not fully set up.
fit-full-text-attached = The full text is in the attached file.
fit-full-text-in = The full text is in { $file }.
fit-over-limit = { $file } ({ $size } KiB) is over Discord's upload limit here ({ $limit } KiB): export it with `warroom export`.
fit-files-left-out = { $count } more files were left out (at most { $max } per message).
fit-no-output = (no output)
note-attachment-unfetched = ⚠️ The attachment { $name } could not be fetched ({ $why }): recorded without it.
open-setup-incomplete = ℹ️ The incident is open, but the announcement was { $problems }.
open-not-pinned-permission = not pinned: warroom lacks the Pin Messages permission here
open-not-pinned = not pinned: Discord refused ({ $error })
open-no-thread-permission = no thread opened: warroom lacks the Create Public Threads permission here
open-no-thread = no thread opened: Discord refused ({ $error })

## The demo's narration in transcript.md (`warroom demo`).
demo-title = warroom demo: the seed incident
demo-alert = Alertmanager → `POST /alerts/alertmanager` (the seed's alert)
demo-declare = { $who } clicks **{ $button }** on the card: the form comes prefilled from the alert (title, severity, service, impact start); she adds { $adds } and the teams
demo-watch = warroom (watch)
demo-reminder = warroom (reminder)
demo-pressed = { $who } pressed **{ $button }**
demo-picture = { $shows ->
    [timeline] the incident's course
   *[pods] failing pods
} (attached as { $file })
