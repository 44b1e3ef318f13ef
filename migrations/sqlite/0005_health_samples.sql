-- A sample of a workload's health, taken by a triage while an incident is open in the channel:
-- the incident metrics and the progress update's "failing pods before -> now" come from these.
-- The same numbers are on the triage's timeline entry (payload "health"), which is chained.
CREATE TABLE health_samples (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    entry_id    INTEGER NOT NULL REFERENCES timeline_entries (id),
    at          TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    namespace   TEXT,
    cluster     TEXT    NOT NULL,
    ready       INTEGER NOT NULL,
    failing     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    restarts    INTEGER NOT NULL,
    top_reason  TEXT                           -- the most common status of the failing pods
);
CREATE INDEX health_samples_incident ON health_samples (incident_id, at);
