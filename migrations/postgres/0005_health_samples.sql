-- A sample of a workload's health, taken by a triage while an incident is open in the channel:
-- the incident metrics and the progress update's "failing pods before -> now" come from these.
-- The same numbers are on the triage's timeline entry (payload "health"), which is chained.
CREATE TABLE health_samples (
    id          BIGSERIAL   PRIMARY KEY,
    incident_id BIGINT      NOT NULL REFERENCES incidents (id),
    entry_id    BIGINT      NOT NULL REFERENCES timeline_entries (id),
    at          TIMESTAMPTZ NOT NULL,
    service     TEXT        NOT NULL,
    namespace   TEXT,
    cluster     TEXT        NOT NULL,
    ready       BIGINT      NOT NULL,
    failing     BIGINT      NOT NULL,
    total       BIGINT      NOT NULL,
    restarts    BIGINT      NOT NULL,
    top_reason  TEXT
);
CREATE INDEX health_samples_incident ON health_samples (incident_id, at);
