-- leads: delivery metadata of every lead (src/pipeline/lead_store.h). No personal data: the
-- author, handle, URLs, text and enrichment of a lead live only in the payload store (KV,
-- "lead:payload:<id>", 30-day TTL). Kept one year (retention).

CREATE TABLE IF NOT EXISTS leads (
  id TEXT PRIMARY KEY,                  -- ld_… derived from (account, campaign, signal key): replays collide
  account_id TEXT NOT NULL REFERENCES accounts (id),
  campaign_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,            -- hex HMAC-SHA-256 (pipeline/fingerprint.h)
  score INTEGER NOT NULL,               -- 0–100
  intent_class TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  signal_published_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  payload_expires_at BIGINT NOT NULL,
  payload_deleted_at BIGINT,            -- set when every channel completed (or dismissed / expired)
  webhook_status TEXT NOT NULL,         -- off | pending | done | failed
  api_status TEXT NOT NULL,             -- off | pending | done (acknowledged)
  digest_status TEXT NOT NULL,          -- off | pending | done
  portal_status TEXT NOT NULL,          -- off | shown | dismissed
  feedback TEXT NOT NULL,               -- '' | contacted | not_relevant
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS leads_account_created ON leads (account_id, created_at, id);
CREATE INDEX IF NOT EXISTS leads_campaign_created ON leads (campaign_id, created_at, id);
CREATE INDEX IF NOT EXISTS leads_payload_expiry ON leads (payload_expires_at);
