# Errors a user can fix: what happened and what to do. Shown privately in Discord.

error-no-open-incident = there is no open incident in this channel: open one with /incident open title:<text> severity:<sev1-4> services:<a,b>
error-no-incident-yet = this channel has no incident yet: open one with /incident open
error-incident-already-open = this channel already has an open incident: #{ $id } "{ $title }" ({ $state }). Resolve and close it before opening another
error-channel-busy = this channel already has an open incident: close it (/incident resolve, then /incident close) before opening another
error-incident-closed = incident #{ $id } is already closed; nothing changed. Open a new one with /incident open
error-started-in-future = started: is in the future: give when the impact began (UTC)
error-lifecycle-already = the incident is already { $state }; nothing changed
error-lifecycle-close-before-resolve = the incident is { $state }: it can only be closed once it is resolved (run /incident resolve first); nothing changed
error-lifecycle-mitigate-after-resolve = the incident is already resolved: run /incident close, or open a new incident; nothing changed
error-chain-broken = the timeline failed its integrity check: { $detail }. Export it with `warroom export` to see the record as stored
error-database-unavailable = the database is not answering: nothing was recorded and nothing changed. Try the command again in a minute (warroom reconnects by itself); if it persists, whoever runs warroom should check the database (/readyz reports it)
error-internal = internal error (ref { $reference }): the command was not completed. Try again; if it persists, give this reference to whoever runs warroom.
error-cluster-internal = { $detail } (ref { $reference }): nothing was changed. Try again; if it persists, give this reference to whoever runs warroom.
# The cluster layer's own explanation (not yet in the catalog): shown as it is.
error-cluster = { $detail }
error-not-incident-open = not an /incident open command: use /incident open title:<text> severity:<sev1-4> services:<a,b>
error-no-cluster = no cluster is configured: add a [[clusters]] entry to the config file or start warroom with --kubeconfig
error-unknown-alert-card = this alert card is not known in this channel: acknowledge the alert in Alertmanager, or declare an incident with /incident open
error-alert-already-acknowledged = { $by } already acknowledged { $alert } at { $at }
error-alert-acknowledged-meanwhile = someone acknowledged { $alert } a moment before you: see the card
error-no-attachment = no attachment named "{ $name }": attach the file to the command (Discord) or give a readable path (console)
error-no-action-item = incident #{ $id } has no improvement item { $item }: see /postmortem or /timeline for the list
error-no-triage = this channel has no triage #{ $entry }: run /triage again and use its buttons
error-no-finding = triage #{ $entry } has no finding { $finding }
error-watch-running = { $service } in { $namespace } is already watched until { $until }: stop it first with /watch stop service:{ $service }
error-watch-no-pods = found no pods of { $service } in namespace { $namespace }{ $why }: check the name and namespace with /triage service:{ $service } namespace:{ $namespace }
error-watch-forbidden = warroom may not watch pods in namespace { $namespace }{ $why }: grant get, list and watch on pods to its identity (deploy/ has the ClusterRole), then try again
error-watch-none = no watch is running on this incident: start one with /watch service:<name>
error-watch-none-of = no watch of { $service } is running on this incident: start one with /watch service:<name>
