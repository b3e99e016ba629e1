-- usage: usage tracking (issue 9, src/usage/README.md). No personal data of individuals: an API
-- key's display prefix at most, never an IP address, an email or a signal's text.
--
-- usage_events: one row per event, written in batches by usage::UsageRecorder. `day` is the UTC
-- day of at_ms ('YYYY-MM-DD'), stored so that both dialects group by it without date functions.
-- kind: api_call | campaign_created | credits_consumed | webhook_delivery | portal_interaction.
-- name: the API operation id, the portal page/action, the webhook event type, "lead".
-- status: the HTTP status of an API call or webhook attempt (0 when there was none).
-- status_class: 2xx/3xx/4xx/5xx (API calls), delivered/failed (webhooks), ok (the rest).
-- Kept 90 days (usage.raw_retention_days); the roll-up keeps the per-day totals for 2 years.
CREATE TABLE usage_events (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  day TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('api_call', 'campaign_created', 'credits_consumed',
                                     'webhook_delivery', 'portal_interaction')),
  name TEXT NOT NULL,
  key_prefix TEXT NOT NULL DEFAULT '',
  status BIGINT NOT NULL DEFAULT 0,
  status_class TEXT NOT NULL,
  latency_ms BIGINT NOT NULL DEFAULT 0,
  quantity BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX usage_events_account_day ON usage_events (account_id, day);
CREATE INDEX usage_events_day ON usage_events (day);
CREATE INDEX usage_events_at ON usage_events (at_ms);

-- usage_daily: the roll-up, one row per (account, UTC day, kind, name, status class).
-- day_start_ms: 00:00 UTC of `day` (the retention engine's time column, 2 years).
CREATE TABLE usage_daily (
  account_id TEXT NOT NULL,
  day TEXT NOT NULL,
  day_start_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  status_class TEXT NOT NULL,
  count BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  latency_sum_ms BIGINT NOT NULL,
  latency_max_ms BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, kind, name, status_class)
);
CREATE INDEX usage_daily_day ON usage_daily (day);

-- usage_rollups: the UTC days already rolled up into usage_daily (all accounts at once, in the
-- same transaction). getUsage reads usage_daily for these days and the raw events for the others.
CREATE TABLE usage_rollups (
  day TEXT PRIMARY KEY,
  day_start_ms BIGINT NOT NULL,
  rolled_at BIGINT NOT NULL,
  events BIGINT NOT NULL
);
