-- warroom schema (SQLite). Append-only: add a new file for every change.
CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    channel        TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    services       TEXT    NOT NULL,           -- JSON array of service names
    teams          TEXT    NOT NULL,           -- JSON array of team names / mentions
    state          TEXT    NOT NULL,           -- open | mitigated | resolved | closed
    opened_by      TEXT    NOT NULL,
    impact_started_at TEXT NOT NULL,
    opened_at      TEXT    NOT NULL,
    mitigated_at   TEXT,
    resolved_at    TEXT,
    closed_at      TEXT,
    commander      TEXT,
    comms          TEXT
);
-- One incident that is not closed per channel.
CREATE UNIQUE INDEX incidents_one_active_per_channel ON incidents (channel) WHERE state <> 'closed';

CREATE TABLE timeline_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,              -- position in the channel's hash chain, from 1
    incident_id INTEGER REFERENCES incidents (id),
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,              -- command name, e.g. incident.open
    outcome     TEXT    NOT NULL,              -- ok | error | denied | system
    summary     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,              -- JSON
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    UNIQUE (channel, seq)
);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, id);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id       INTEGER NOT NULL REFERENCES timeline_entries (id),
    position       INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    source_command TEXT,
    content        TEXT    NOT NULL,           -- redacted before it is stored
    sha256         TEXT    NOT NULL,
    UNIQUE (entry_id, position)
);

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    owner       TEXT    NOT NULL,
    due         TEXT    NOT NULL,              -- YYYY-MM-DD
    text        TEXT    NOT NULL,
    state       TEXT    NOT NULL,              -- open | done
    created_at  TEXT    NOT NULL
);
CREATE INDEX action_items_incident ON action_items (incident_id, id);

CREATE TABLE reminders (
    incident_id     INTEGER PRIMARY KEY REFERENCES incidents (id),
    channel         TEXT    NOT NULL,
    cadence_minutes INTEGER NOT NULL,
    next_due_at     TEXT    NOT NULL
);
