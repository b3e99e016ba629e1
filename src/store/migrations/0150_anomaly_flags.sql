-- oversight and retention status (issue 9's anomaly flags, issue 10's console pages;
-- src/oversight/README.md, src/retention/README.md). The same SQL on both dialects.

-- One row per anomaly the detector saw. `subject` is what the flag is about: the account id, or
-- for failed sign-ins from one address across accounts "ip:<a.b.c>.0/24" (IPv4) / "ip:<first
-- three groups>::/48" (IPv6): never a raw address. At most one OPEN flag per (kind, subject): a
-- later scan that sees the same anomaly updates it (partial unique index below).
-- details_json holds counts and the account's own ids; never an email address or a raw IP.
CREATE TABLE IF NOT EXISTS anomaly_flags (
  id TEXT PRIMARY KEY,                      -- anf_… (ULID: sorts by time)
  account_id TEXT,                          -- NULL for an address seen across accounts
  subject TEXT NOT NULL,                    -- the account id, or ip:<prefix>
  kind TEXT NOT NULL CHECK (kind IN ('credit_burn', 'failed_signins', 'key_burst')),
  detected_at_ms BIGINT NOT NULL,           -- the scan that first raised it
  updated_at_ms BIGINT NOT NULL,            -- the last scan that saw it, or the dismissal
  window_start_ms BIGINT NOT NULL,
  window_end_ms BIGINT NOT NULL,
  observed BIGINT NOT NULL,                 -- credits / failed sign-ins / keys in the window
  baseline BIGINT NOT NULL,                 -- what the flag was measured against (the threshold
                                            -- in force, e.g. 5 × the 30-day daily mean)
  details_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'dismissed')),
  dismissed_by TEXT,                        -- adm_…
  dismissed_at_ms BIGINT,
  note TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS anomaly_flags_one_open
  ON anomaly_flags (kind, subject) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS anomaly_flags_updated ON anomaly_flags (updated_at_ms);

-- Each retention run (the daily job and `leados retention run`), for the console's retention page.
CREATE TABLE IF NOT EXISTS retention_runs (
  id TEXT PRIMARY KEY,                      -- rrn_… (ULID)
  started_at_ms BIGINT NOT NULL,
  finished_at_ms BIGINT NOT NULL,
  dry_run INTEGER NOT NULL,                 -- 1: counted, deleted nothing
  deleted_json TEXT NOT NULL,               -- {"<category key>": {"<table>": rows, …}, …}
  error TEXT                                -- NULL when the run finished
);
CREATE INDEX IF NOT EXISTS retention_runs_started ON retention_runs (started_at_ms);

-- The detector sums the last 24 h / 31 days of spends, and retention deletes by created_at.
CREATE INDEX IF NOT EXISTS ledger_entries_created ON ledger_entries (created_at);
-- The retention page's oldest closed rights request (2 years after closure).
CREATE INDEX IF NOT EXISTS privacy_requests_closed ON privacy_requests (closed_at);
-- The detector counts keys created in the last 24 h.
CREATE INDEX IF NOT EXISTS api_keys_created ON api_keys (created_at);
-- The retention page's oldest lead, and the 1-year retention delete of leads by created_at.
CREATE INDEX IF NOT EXISTS leads_created ON leads (created_at);
