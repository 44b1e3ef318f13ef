-- Who took an Alertmanager group on (the card's Acknowledge button) and when, and the alert's
-- name, so a re-notification's edit of the card keeps saying who acknowledged it.
ALTER TABLE alert_cards ADD COLUMN alertname TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_cards ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alert_cards ADD COLUMN acknowledged_at TIMESTAMPTZ;
