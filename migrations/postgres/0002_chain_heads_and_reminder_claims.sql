-- The head of each channel's hash chain, moved in the same transaction as every append, so
-- deleting the last timeline entries is detected. And a lease on a reminder while one process
-- posts it (claim -> post -> record).
CREATE TABLE chain_heads (
    channel TEXT   PRIMARY KEY,
    seq     BIGINT NOT NULL,
    hash    TEXT   NOT NULL
);
INSERT INTO chain_heads (channel, seq, hash)
SELECT t.channel, t.seq, t.hash FROM timeline_entries t
WHERE t.seq = (SELECT MAX(u.seq) FROM timeline_entries u WHERE u.channel = t.channel);

ALTER TABLE reminders ADD COLUMN claimed_until TIMESTAMPTZ;
