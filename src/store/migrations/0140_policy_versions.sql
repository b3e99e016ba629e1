-- accounts: published versions of the privacy policy and the terms of service, and which user
-- accepted which version when (src/accounts/policy_versions.h, issue 9).
-- No IP address or user agent is kept with an acceptance: the record proves who accepted what and
-- when (the user is signed in, and the sign-in itself is in audit_events with its IP), and an IP
-- here would be personal data kept for the life of the account with no use of its own.

CREATE TABLE IF NOT EXISTS policy_versions (
  id TEXT PRIMARY KEY,                      -- pol_… (ULID: sorts by time)
  kind TEXT NOT NULL CHECK (kind IN ('privacy', 'terms')),
  version TEXT NOT NULL,                    -- e.g. 2026-11-30
  published_at BIGINT NOT NULL,
  summary TEXT NOT NULL,                    -- what changed, as emailed and shown in the portal
  published_by TEXT NOT NULL,               -- adm_…
  UNIQUE (kind, version)
);
CREATE INDEX IF NOT EXISTS policy_versions_kind ON policy_versions (kind, published_at);

CREATE TABLE IF NOT EXISTS policy_acceptances (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('privacy', 'terms')),
  version TEXT NOT NULL,
  accepted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, kind, version)
);

-- Users who signed up before this table existed accepted the versions named on their row.
INSERT INTO policy_acceptances (user_id, kind, version, accepted_at)
  SELECT id, 'terms', terms_version, terms_accepted_at FROM users;
INSERT INTO policy_acceptances (user_id, kind, version, accepted_at)
  SELECT id, 'privacy', privacy_version, terms_accepted_at FROM users;
