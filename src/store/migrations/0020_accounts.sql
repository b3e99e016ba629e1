-- accounts: client accounts and their users, one-time email tokens, sessions, API keys, admins,
-- and the append-only audit log (src/accounts/README.md). Secrets are never stored as such:
-- passwords as argon2id strings, tokens and API keys as SHA-256 hex, the billing address and TOTP
-- seeds as privacy::FieldCipher ciphertexts ("v1.<key>.<data>").

-- A client business. One account has one or more users.
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,                      -- acct_…
  company_name TEXT NOT NULL,
  billing_address_enc TEXT NOT NULL,        -- FieldCipher, AD accounts/billing_address/<id>
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_at BIGINT NOT NULL,
  closed_at BIGINT
);

CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,                      -- usr_…
  account_id TEXT NOT NULL REFERENCES accounts (id),
  email TEXT NOT NULL UNIQUE,               -- lower-cased
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'member')),
  password_hash TEXT NOT NULL,              -- argon2id encoded string
  email_verified_at BIGINT,
  terms_version TEXT NOT NULL,
  privacy_version TEXT NOT NULL,
  terms_accepted_at BIGINT NOT NULL,
  confirmed_business BIGINT NOT NULL,       -- 1: acts for a business
  confirmed_adult BIGINT NOT NULL,          -- 1: is 18 or over
  password_changed_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_account ON users (account_id);

-- One-time links sent by email: verify an address, reset a password, confirm a new address.
CREATE TABLE IF NOT EXISTS user_tokens (
  token_hash TEXT PRIMARY KEY,              -- SHA-256 hex of the token in the link
  user_id TEXT NOT NULL REFERENCES users (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
  new_email TEXT,                           -- change_email only
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX IF NOT EXISTS user_tokens_user ON user_tokens (user_id, purpose);

-- Portal and admin console sessions.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,              -- SHA-256 hex of the cookie value
  kind TEXT NOT NULL CHECK (kind IN ('user', 'admin')),
  principal_id TEXT NOT NULL,               -- usr_… or adm_…
  account_id TEXT,                          -- user sessions only
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,               -- absolute timeout
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_principal ON sessions (principal_id);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,                      -- key_…
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,            -- SHA-256 hex of the whole key
  display_prefix TEXT NOT NULL,             -- first 12 characters, e.g. lk_live_3kT9
  scopes TEXT NOT NULL,                     -- space-separated
  created_by TEXT NOT NULL,                 -- usr_…
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX IF NOT EXISTS api_keys_account ON api_keys (account_id);

CREATE TABLE IF NOT EXISTS admins (
  id TEXT PRIMARY KEY,                      -- adm_…
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  totp_seed_enc TEXT NOT NULL,              -- FieldCipher, AD admins/totp_seed/<id>
  totp_last_step BIGINT,                    -- compare-and-set: a code works once
  disabled_at BIGINT,
  created_at BIGINT NOT NULL
);

-- Append-only (the code never updates or deletes a row except the 2-year retention job).
CREATE TABLE IF NOT EXISTS audit_events (
  id TEXT PRIMARY KEY,                      -- aud_… (ULID: sorts by time)
  at BIGINT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'admin', 'api_key', 'system', 'anonymous')),
  actor_id TEXT NOT NULL,                   -- usr_…, adm_…, a key's display prefix, or ''
  account_id TEXT,                          -- the client account concerned, when there is one
  action TEXT NOT NULL,                     -- e.g. session.sign_in, api_key.create
  target TEXT NOT NULL,
  ip TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_account ON audit_events (account_id, at);
CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);

-- The field-encryption keyring: data keys wrapped by the master key (privacy/keyring.h JSON).
CREATE TABLE IF NOT EXISTS privacy_keyring (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  keyring_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
