-- deliver: webhook endpoints, deliveries and their attempts (src/deliver/README.md).
-- No personal data: the body of a delivery lives only in the payload store (KeyValue) under
-- payload_ref with a TTL; attempts keep the receiver's status, timing, an error class and the
-- first 256 bytes of the receiver's answer. Secrets are privacy::FieldCipher ciphertexts.

CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id TEXT PRIMARY KEY,                      -- we_… (ULID: sorts by creation time)
  account_id TEXT NOT NULL REFERENCES accounts (id),
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  event_types_json TEXT NOT NULL,           -- ["lead.created", …]
  enabled INTEGER NOT NULL,                 -- 0 / 1
  secret_enc TEXT NOT NULL,                 -- FieldCipher, AD webhook_endpoints/secret/<id>
  previous_secret_enc TEXT,                 -- FieldCipher, AD webhook_endpoints/previous_secret/<id>
  previous_secret_expires_at BIGINT,        -- until then both secrets sign
  failing_since BIGINT,                     -- first failed attempt of the current failing streak
  last_error TEXT,                          -- error class and status of the last failure
  disabled_reason TEXT,
  disabled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_account ON webhook_endpoints (account_id, id);

-- One row per (event, endpoint): the id is the webhook-id, the same on every attempt and replay.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,                      -- msg_… (ULID)
  event_id TEXT NOT NULL,                   -- evt_…: one event fans out to several endpoints
  endpoint_id TEXT NOT NULL,                -- no foreign key: deliveries outlive a deleted endpoint
  account_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  lead_id TEXT,
  payload_ref TEXT NOT NULL,                -- KeyValue key of the request body
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed', 'dead')),
  attempt_count BIGINT NOT NULL,            -- attempts ever made (replays included)
  retry_step BIGINT NOT NULL,               -- attempts since enqueue or the last replay (schedule)
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,                         -- the dispatcher sending it now
  lease_until BIGINT,                       -- after this another dispatcher may take it over
  last_error TEXT,                          -- why it failed or died (no response bodies)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_account ON webhook_deliveries (account_id, id);
CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

-- Append-only: one row per attempt.
CREATE TABLE IF NOT EXISTS webhook_attempts (
  id TEXT PRIMARY KEY,                      -- att_… (ULID)
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
  attempt_number BIGINT NOT NULL,           -- 1 for the first attempt (replays continue counting)
  attempted_at BIGINT NOT NULL,
  http_status BIGINT,                       -- NULL when no response arrived
  latency_ms BIGINT NOT NULL,
  error_class TEXT,                         -- timeout, dns, refused, tls, blocked_private, http_4xx …
  response_excerpt TEXT NOT NULL            -- first 256 bytes of the response body
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
