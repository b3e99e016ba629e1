-- privacy: the suppression list and rights requests (src/privacy/README.md, issue 9).
-- No personal data in clear: the suppression list holds only hashes of normalised identities
-- (keyed HMAC-SHA-256 hex, or the unkeyed SHA-256 base64 of California's DROP lists); a request
-- keeps the keyed hash of its identity, and the identifier itself only as a FieldCipher
-- ciphertext (AD privacy_requests/identifier/<id>) that is cleared when the request is closed.

CREATE TABLE IF NOT EXISTS privacy_suppressions (
  hash TEXT PRIMARY KEY,                    -- keyed: 64 hex; drop: 44 base64
  form TEXT NOT NULL CHECK (form IN ('keyed', 'drop')),
  origin TEXT NOT NULL CHECK (origin IN ('request', 'drop_import')),
  request_id TEXT,                          -- prq_… for origin 'request'
  created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS privacy_requests (
  id TEXT PRIMARY KEY,                      -- prq_… (ULID)
  kind TEXT NOT NULL CHECK (kind IN ('access', 'deletion')),
  identifier_type TEXT NOT NULL CHECK (identifier_type IN ('email', 'handle', 'profile_url')),
  identity_hash TEXT NOT NULL,              -- keyed hash of the normalised identity
  identifier_enc TEXT,                      -- FieldCipher ciphertext; NULL once closed
  jurisdiction TEXT NOT NULL CHECK (jurisdiction IN ('gdpr', 'ccpa', 'other')),
  status TEXT NOT NULL CHECK (status IN ('awaiting_verification', 'pending', 'completed',
                                         'rejected')),
  verified INTEGER NOT NULL,                -- 1 once the requester proved the email address
  verification_hash TEXT,                   -- SHA-256 hex of the emailed token; NULL when used
  received_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,                   -- statutory deadline: GDPR 30 days, CCPA 45 days
  verified_at BIGINT,
  closed_at BIGINT,
  closed_by TEXT,                           -- 'requester' (verified email) or the admin id
  result_json TEXT NOT NULL,                -- counts only (payloads deleted, accounts told, …)
  reject_reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS privacy_requests_open ON privacy_requests (status, due_at);
CREATE UNIQUE INDEX IF NOT EXISTS privacy_requests_verification
  ON privacy_requests (verification_hash);

-- The leads about one person, for deletion and access: the keyed fingerprint of each account.
CREATE INDEX IF NOT EXISTS leads_fingerprint ON leads (fingerprint);
