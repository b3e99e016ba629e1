-- The embedded key-value store and queue (kv.db). Times are Unix milliseconds.
CREATE TABLE kv_entries (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER            -- NULL: never expires
) WITHOUT ROWID;
CREATE INDEX kv_entries_expires ON kv_entries (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE queue_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- delivery order among equally visible messages
  id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  body TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,            -- claimable when visible_at <= now
  attempts INTEGER NOT NULL DEFAULT 0,    -- deliveries so far
  claimed_by TEXT,                        -- last consumer that claimed it
  dead_at INTEGER                         -- set: in the topic's dead-letter list
);
CREATE INDEX queue_messages_ready ON queue_messages (topic, seq) WHERE dead_at IS NULL;
CREATE INDEX queue_messages_dead ON queue_messages (topic, dead_at) WHERE dead_at IS NOT NULL;
