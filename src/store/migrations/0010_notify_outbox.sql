-- notify: the transactional outbox of service emails (src/notify/README.md).
-- status: pending (waiting for next_attempt_at) -> sending (claimed by a worker until
-- next_attempt_at, the lease) -> sent | pending (retry) | failed.
CREATE TABLE IF NOT EXISTS notify_outbox (
  id TEXT PRIMARY KEY,
  account_id TEXT,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  template TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX IF NOT EXISTS notify_outbox_due ON notify_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notify_outbox_sent ON notify_outbox (sent_at);
