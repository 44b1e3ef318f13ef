-- warroom schema (PostgreSQL). Append-only: add a new file for every change.
CREATE TABLE incidents (
    id             BIGSERIAL PRIMARY KEY,
    channel        TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    services       TEXT    NOT NULL,           -- JSON array of service names
    teams          TEXT    NOT NULL,           -- JSON array of team names / mentions
    state          TEXT    NOT NULL,           -- open | mitigated | resolved | closed
    opened_by      TEXT    NOT NULL,
    impact_started_at TIMESTAMPTZ NOT NULL,
    opened_at      TIMESTAMPTZ    NOT NULL,
    mitigated_at   TIMESTAMPTZ,
    resolved_at    TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ,
    commander      TEXT,
    comms          TEXT
);
-- One incident that is not closed per channel.
CREATE UNIQUE INDEX incidents_one_active_per_channel ON incidents (channel) WHERE state <> 'closed';

CREATE TABLE timeline_entries (
    id          BIGSERIAL PRIMARY KEY,
    channel     TEXT    NOT NULL,
    seq         BIGINT NOT NULL,              -- position in the channel's hash chain, from 1
    incident_id BIGINT REFERENCES incidents (id),
    at          TIMESTAMPTZ    NOT NULL,
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
    id             BIGSERIAL PRIMARY KEY,
    entry_id       BIGINT NOT NULL REFERENCES timeline_entries (id),
    position       BIGINT  NOT NULL,
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    source_command TEXT,
    content        TEXT    NOT NULL,           -- redacted before it is stored
    sha256         TEXT    NOT NULL,
    UNIQUE (entry_id, position)
);

CREATE TABLE action_items (
    id          BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    owner       TEXT    NOT NULL,
    due         DATE    NOT NULL,
    text        TEXT    NOT NULL,
    state       TEXT    NOT NULL,              -- open | done
    created_at  TIMESTAMPTZ    NOT NULL
);
CREATE INDEX action_items_incident ON action_items (incident_id, id);

CREATE TABLE reminders (
    incident_id     BIGINT PRIMARY KEY REFERENCES incidents (id),
    channel         TEXT    NOT NULL,
    cadence_minutes BIGINT  NOT NULL,
    next_due_at     TIMESTAMPTZ    NOT NULL
);
