-- campaigns: what each client account wants to hear about, and the history of every change
-- (src/campaigns/README.md). The query is stored in canonical form (match::FormatQuery). Lists are
-- JSON text written by campaigns/campaign_json.h (no JSON column types: SQLite and PostgreSQL
-- share this file).

CREATE TABLE IF NOT EXISTS campaigns (
  id TEXT PRIMARY KEY,                      -- cmp_… (ULID: sorts by creation time)
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,                      -- canonical form
  filters_json TEXT NOT NULL,               -- {"sources":[…],"company_size":{"min":…},…}
  min_score DOUBLE PRECISION NOT NULL CHECK (min_score >= 0 AND min_score <= 1),
  channels_json TEXT NOT NULL,              -- ["portal","webhook"]
  daily_credit_cap BIGINT,                  -- NULL: no cap
  status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'deleted')),
  revision BIGINT NOT NULL,                 -- 1 at creation, +1 per change
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT                         -- soft delete
);
CREATE INDEX IF NOT EXISTS campaigns_account ON campaigns (account_id, id);
CREATE INDEX IF NOT EXISTS campaigns_status ON campaigns (status);

-- Append-only: one row per change, holding the whole campaign after it.
CREATE TABLE IF NOT EXISTS campaign_revisions (
  campaign_id TEXT NOT NULL REFERENCES campaigns (id),
  revision BIGINT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'pause', 'resume', 'delete')),
  snapshot_json TEXT NOT NULL,              -- campaigns::CampaignSpecToJson
  changed_by TEXT NOT NULL,                 -- usr_… or an API key's display prefix
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, revision)
);
