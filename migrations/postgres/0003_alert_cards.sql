-- The card posted for each Alertmanager group in a channel, so a re-notification or the
-- resolution edits that card instead of posting a new one.
CREATE TABLE alert_cards (
    channel    TEXT NOT NULL,
    group_key  TEXT NOT NULL,
    status     TEXT NOT NULL,
    message_id TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, group_key)
);
