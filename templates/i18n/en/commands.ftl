# Command usage lines, /help and the slash commands as Discord shows them.

## What each command does (/help, Discord descriptions)
command-incident-open = declare an incident in this channel and post the announcement
command-incident-role = record who commands the incident and who communicates
command-incident-mitigated = milestone: impact is mitigated
command-incident-resolve = milestone: the incident is resolved (ends the impact window)
command-incident-close = milestone: close the incident (after resolve); stops reminders
command-triage-service = read-only diagnosis of one workload with ranked causes; logs:current adds a ready pod's current log
command-triage-overview = failing pods by namespace and node pressure
command-logs = a redacted log excerpt, attached as evidence
command-status-update = post the progress update; resets the reminder
command-status-cadence = how often to remind the channel to post an update (default 60 min)
command-note = record a conclusion with evidence; tags feed the postmortem sections
command-action-add = an improvement item for the postmortem
command-action-done = mark an improvement item done
command-evidence-add = record finding n of an earlier /triage (and its evidence) on the incident
command-timeline = the recent timeline
command-postmortem = export the postmortem report (Markdown)
command-watch-service = follow a workload's recovery; posts only changes that matter, and when it has been healthy 10 min
command-watch-stop = stop following the incident's workloads (or one of them)
command-help = this list

## A family's description in Discord's command list
family-incident = incident: open, role, mitigated, resolve, close
family-triage = triage: service, overview
family-status = status: update, cadence
family-action = action: add, done
family-evidence = evidence: add
family-watch = watch: service, stop

## /help
help-title = **warroom commands**
help-example = e.g.

## The note tags as Discord's choices show them
note-tag-cause = cause
note-tag-deeper-cause = deeper-cause
note-tag-trigger = trigger
note-tag-detection = detection
note-tag-resolution = resolution
note-tag-went-well = went-well
note-tag-went-wrong = went-wrong
note-tag-lucky = lucky
note-tag-lesson = lesson

## Each option as Discord describes it: the option and what it takes
option-cluster = cluster: name
option-commander = commander: user
option-comms = comms: user
option-container = container: name
option-done = done: text
option-due = due: YYYY-MM-DD
option-entry = entry: triage entry id
option-every = every: minutes|30m|2h
option-file = file: attachment
option-finding = finding: n
option-for = for: 30m|2h
option-id = id: number
option-last = last: 1-200
option-logs = logs: current
option-namespace = namespace: ns
option-next = next: text
option-owner = owner: who
option-pod = pod: name
option-previous = previous: true or false
option-risks = risks: text
option-service = service: name
option-services = services: a,b
option-severity = severity: sev1|sev2|sev3|sev4
option-started = started: HH:MM|RFC3339
option-state = state: text
option-step = step: 1-1000
option-tag = tag: cause|deeper-cause|trigger|detection|resolution|went-well|went-wrong|lucky|lesson
option-tail = tail: 1-200
option-teams = teams: t1,t2
option-text = text: text
option-title = title: text
