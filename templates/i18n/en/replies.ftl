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
list-separator = {", "}

## Buttons and menus under a reply
button-add-to-timeline = Add to timeline
select-add-finding = Add a finding to the timeline
button-previous-logs = Previous logs
button-post-status-update = Post status update
