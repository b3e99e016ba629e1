-- ingest: the sources LeadOS polls, and their run state (src/ingest/README.md, "Scheduling").
-- No personal data: settings name feeds, boards and subreddits; cursors are item ids and times;
-- errors are fetch/parse messages about the source. Signals themselves never enter SQL.
-- JSON is TEXT (no JSON column types: SQLite and PostgreSQL share this file).

CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY,                      -- src_… (ULID: sorts by creation time)
  kind TEXT NOT NULL CHECK (kind IN ('feed', 'press', 'hn', 'reddit', 'greenhouse', 'lever',
                                     'ashby', 'jobpage', 'jsonl')),
  name TEXT NOT NULL UNIQUE,
  settings_json TEXT NOT NULL,              -- {"url":…} / {"board":…} / {"subreddit":…} …
  interval_seconds BIGINT NOT NULL CHECK (interval_seconds > 0),
  enabled INTEGER NOT NULL,                 -- 0 / 1
  origin TEXT NOT NULL CHECK (origin IN ('api', 'config')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- run state
  cursor_json TEXT NOT NULL,                -- {"last_item":123} … ({} before the first run)
  etag TEXT NOT NULL,                       -- validators of the last 200, for conditional GETs
  last_modified TEXT NOT NULL,
  last_attempt_at BIGINT,
  last_success_at BIGINT,
  last_error_kind TEXT,                     -- FetchErrorKind name, parse, sink, config …
  last_error_message TEXT,
  last_error_at BIGINT,
  consecutive_failures BIGINT NOT NULL,
  alerted_at BIGINT,                        -- set when this failing streak alerted the admins
  next_run_at BIGINT NOT NULL,
  signals_total BIGINT NOT NULL,
  lease_owner TEXT,                         -- the scheduler running it now (one run at a time,
  lease_until BIGINT                        -- also across `leados serve` instances)
);
CREATE INDEX IF NOT EXISTS sources_due ON sources (enabled, next_run_at);
