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
error-watch-no-pods-because = {" "}({ $lines })
error-watch-forbidden = warroom may not watch pods in namespace { $namespace }{ $why }: grant get, list and watch on pods to its identity (deploy/ has the ClusterRole), then try again
error-watch-none = no watch is running on this incident: start one with /watch service:<name>
error-watch-none-of = no watch of { $service } is running on this incident: start one with /watch service:<name>

## A command that could not be read: the message, then the typed line with a caret under the
## mistake, then the usage line. Option names and values are shown as typed.
parse-usage = usage: { $usage }
parse-unclosed-quote = this quote is never closed
parse-empty = type a command, for example /help
parse-no-slash = commands start with '/', for example /help
parse-not-an-option = expected an option like key:value, found { $found }
parse-unknown-command = unknown command /{ $name }: type /help for the list
parse-unknown-sub = unknown subcommand /{ $family } { $sub }: expected one of { $subs }
parse-needs-sub = /{ $family } needs a subcommand: one of { $subs }
parse-given-twice = option { $key }: is given twice
parse-empty-option = option { $key }: is empty
parse-too-long = option { $key }: is longer than { $max } characters
parse-missing = missing option { $key }:
parse-bad-name = option { $key }: { $value } is not a valid Kubernetes name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most { $max } characters)
parse-bad-number = option { $key }: expected a number from { $min } to { $max }, found { $value }
parse-bad-flag = option { $key }: expected true or false, found { $value }
parse-unknown-option = unknown option { $key }:
parse-bad-date = option due: expected a date as YYYY-MM-DD, found { $value }
parse-button-gone = this button ({ $id }) is no longer supported: run the command instead
parse-button-status = post the update with /status update state:… done:… next:… risks:…
parse-button-declare = declare the incident with /incident open title:… severity:… services:… started:…
parse-bad-severity = option severity: expected sev1, sev2, sev3 or sev4, found { $value }
parse-bad-service = option services: { $value } is not a valid service name (lowercase letters, digits and '-')
parse-bad-started = option started: expected HH:MM (UTC) or an RFC 3339 time, found { $value }
parse-role-needs-one = give commander: or comms: (or both)
parse-logs-pod = write the pod as pod:<name>
parse-bad-tag = option tag: expected one of { $tags }, found { $value }
parse-bad-every = option every: expected 5 to 1440 minutes (e.g. 60, 30m, 2h), found { $value }
parse-triage-missing-service = missing option service: (or use /triage overview)
parse-bad-logs = option logs: expected current, found { $value }
parse-watch-missing-service = missing option service: (the workload to follow)
parse-bad-for = option for: expected 10 minutes to 24 hours (e.g. 30m, 2h), found { $value }

## A command the access policy refuses: what is missing and whom to ask. Ids, names and
## config keys are shown as written.
deny-who = user { $id }, { $roles }
deny-roles-none = no roles
deny-roles = roles { $roles }
deny-roles-more = roles { $roles } and { $more } more
deny-dm = { $command } cannot be run in a direct message: { $why }. Run it in the incident's channel (only /help works here).
deny-dm-cluster = cluster commands run only in a server channel, where the incident's channel sees what was read
deny-dm-incident = incidents are bound to a server channel
deny-unmapped = you may not run { $command }: no policy rule names you ({ $who }), and without one you may only run /help. Ask an admin to add a [[policy.rules]] entry with users = [{ $user_id }] (or one of your role ids in roles) and commands = [{ $family }].
deny-command = you may not run { $command }: the policy rules that name you ({ $who }) grant only { $granted }. Ask an admin to add { $family } to the commands of a [[policy.rules]] entry for you.
deny-scope-allowed = namespaces { $namespaces } on clusters { $clusters }
deny-scope-namespace = you may not run { $command } in namespace { $namespace } on cluster { $cluster }: no policy rule grants it to you ({ $who }). Your rules allow { $family } in { $allowed }. Ask an admin to add a [[policy.rules]] entry with commands = [{ $rule_family }], namespaces = [{ $wanted }] and clusters = [{ $cluster }].
deny-scope-all = you may not run { $command } in all namespaces on cluster { $cluster }: no policy rule grants it to you ({ $who }); reading all namespaces needs a rule with namespaces = ["*"]. Your rules allow { $family } in { $allowed }. Name a namespace, or ask an admin to add a [[policy.rules]] entry with commands = [{ $rule_family }], namespaces = [{ $wanted }] and clusters = [{ $cluster }].

## An Alertmanager payload that was refused (the console's /alert shows it; the webhook answers it).
alert-error-unauthorized = missing or wrong bearer token: set Alertmanager's http_config.authorization.credentials to the value of { $env }
alert-error-malformed = not an Alertmanager webhook payload: { $error }
alert-error-version = unsupported payload version "{ $version }": warroom reads version "4" (Alertmanager 0.16 and later)
alert-rejected = ⚠️ { $path }: { $error }
