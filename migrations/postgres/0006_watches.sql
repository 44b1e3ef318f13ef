-- /watch: a workload followed for an incident until `until_at`, `/watch stop` or the incident's
-- resolve (`ended_at`). One process runs each watch: it holds `claimed_until` (a lease renewed
-- every round, like reminders' claims) under its `claimed_by`. `told` is what the channel was
-- last told (JSON), so a restarted or re-listed watch posts nothing twice.
CREATE TABLE watches (
    id              BIGSERIAL   PRIMARY KEY,
    incident_id     BIGINT  NOT NULL REFERENCES incidents (id),
    channel         TEXT    NOT NULL,
    service         TEXT    NOT NULL,
    namespace       TEXT    NOT NULL,
    cluster         TEXT    NOT NULL,
    selector        TEXT    NOT NULL,
    step            BIGINT  NOT NULL,
    impersonate_user   TEXT,
    impersonate_groups TEXT NOT NULL,  -- comma-separated
    started_by      TEXT    NOT NULL,
    started_at      TIMESTAMPTZ    NOT NULL,
    until_at        TIMESTAMPTZ    NOT NULL,
    ended_at        TIMESTAMPTZ,
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    told            TEXT    NOT NULL
);
CREATE INDEX watches_running ON watches (ended_at, channel);
