-- supply_scans: estimates of what a campaign would yield (src/campaigns/supply_scan_service.h).
-- Only numbers and the canonical query live here; the example matches (post titles: personal
-- data) live in the payload store under scan:examples:<id> and expire with it.

CREATE TABLE IF NOT EXISTS supply_scans (
  id TEXT PRIMARY KEY,                      -- scn_… (ULID)
  account_id TEXT NOT NULL REFERENCES accounts (id),
  campaign_id TEXT,                         -- NULL: a query scanned before launch
  name TEXT NOT NULL,                       -- the campaign's name, or the query
  query TEXT NOT NULL,                      -- canonical form
  options_json TEXT NOT NULL,               -- {"sources":[…],"languages":[…],"min_score":…,"window_days":…}
  notify_email TEXT NOT NULL,               -- where the results email goes ('' = none)
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  error TEXT NOT NULL,                      -- why it failed ('' otherwise)
  summary_json TEXT,                        -- SupplyScanToJson without the examples, when done
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX IF NOT EXISTS supply_scans_account ON supply_scans (account_id, id);
CREATE INDEX IF NOT EXISTS supply_scans_status ON supply_scans (status, id);
