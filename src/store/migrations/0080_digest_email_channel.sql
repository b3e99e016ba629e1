-- The email digest channel (src/pipeline/README.md "Email digest", src/notify/README.md
-- "Bodies in the KV store").
--
-- campaigns.digest: how often the campaign's email digest goes out, 'hourly' or 'daily'.
ALTER TABLE campaigns ADD COLUMN digest TEXT NOT NULL DEFAULT 'daily'
  CHECK (digest IN ('hourly', 'daily'));

-- notify_outbox.body_in_kv: 1 when the row's text and HTML bodies live in the KV store
-- ("notify:body:<id>", loaded by the worker at send time and deleted once sent) and body_text /
-- body_html are empty. A digest carries personal data of the people behind the leads, which the
-- SQL database never holds.
ALTER TABLE notify_outbox ADD COLUMN body_in_kv INTEGER NOT NULL DEFAULT 0
  CHECK (body_in_kv IN (0, 1));

-- campaign_digests: the last digest period of each campaign that was sent (its end, ms UTC). A
-- scheduler claims a period with a guarded UPDATE in the transaction that enqueues the email and
-- marks the leads, so one period is sent once whatever the number of schedulers.
CREATE TABLE IF NOT EXISTS campaign_digests (
  campaign_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  last_period_end BIGINT NOT NULL,
  last_sent_at BIGINT NOT NULL,
  last_lead_count BIGINT NOT NULL
);

-- The leads waiting for a digest.
CREATE INDEX IF NOT EXISTS leads_digest_pending ON leads (campaign_id, created_at)
  WHERE digest_status = 'pending';
