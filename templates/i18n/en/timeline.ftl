# What warroom records on the timeline: each entry's summary, written once in the language of
# the channel where it happened (what users typed is kept as typed).

record-incident-open = opened the incident "{ $title }" ({ $severity })
record-roles = roles set — { $roles }
record-mitigated = incident mitigated
record-resolved = incident resolved
record-closed = incident closed
record-help = showed the command list
record-postmortem = exported the postmortem
record-status-update = posted a progress update
record-status-draft = drafted a progress update from what changed since { $since }
record-status-cadence = status updates every { $minutes } min
record-note-tagged = [{ $tag }] { $text }
record-action-add = improvement item: { $text } — { $owner }, due { $due }
record-action-done = improvement item { $item } done
record-timeline = viewed the last { $last } timeline entries
record-finding = recorded finding: { $title }
record-alert-ack = acknowledged the alert { $alert }
record-alert = { $alert } { $status ->
    [firing] firing
   *[resolved] resolved
}
record-alert-summary = { $line }: { $summary }
record-watch = watching { $service } in { $namespace } until { $until }: { $ready }/{ $total } ready, { $failing } failing
record-watch-stop = stopped watching { $services }
record-watch-end = stopped watching { $service }: its time is up
record-watch-healthy = { $service }: healthy for { $minutes } min ({ $ready }/{ $total } ready, no restarts)
record-watch-failing = { $service }: failing { $before } → { $failing } of { $total } ({ $ready } ready)
record-watch-reason = new reason { $reason }
record-watch-pressure = { $pressure }
record-reminded = status update due: reminded the channel
record-reminder-failed = reminder failed: { $why }
record-internal-error = internal error (ref { $reference })
