-- billing: the prepaid credit ledger and lead charges (src/billing/README.md). SQLite dialect.
-- Append-only: ledger_entries rows are only inserted (the 7-year retention job is the one thing
-- that may delete them); a balance never goes negative (CHECKs plus the spend logic).
CREATE TABLE IF NOT EXISTS ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  seq BIGINT NOT NULL,                       -- 1, 2, 3 … per account: the balance_after chain
  amount BIGINT NOT NULL CHECK (amount <> 0),
  balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
  reason TEXT NOT NULL CHECK (reason IN ('purchase', 'lead', 'refund', 'adjustment', 'grant', 'expiry')),
  reference TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  UNIQUE (account_id, seq)
);
-- No foreign key to accounts: billing records are kept 7 years, accounts only 30 days after
-- closure (shared/DESIGN.md, Retention).

-- One row per account that ever had a ledger entry: the balance every spend locks (SELECT … FOR
-- UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers anyway). `balance` is always
-- the sum of the account's ledger_entries and the balance_after of its last entry
-- (`leados ledger verify` checks both).
CREATE TABLE IF NOT EXISTS credit_balances (
  account_id TEXT PRIMARY KEY,
  balance BIGINT NOT NULL CHECK (balance >= 0),
  entry_count BIGINT NOT NULL,               -- the seq of the account's last entry
  low_threshold BIGINT,                      -- NULL: billing.low_credit_threshold
  low_alerted INTEGER NOT NULL DEFAULT 0,    -- 1 once the low-credit email went out, until re-armed
  exhausted_alerted INTEGER NOT NULL DEFAULT 0,  -- 1 once the "leads on hold" email went out
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Reservations of credits for leads (src/billing/charges.h): one row per lead.
CREATE TABLE IF NOT EXISTS credit_reservations (
  lead_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  credits BIGINT NOT NULL CHECK (credits >= 0),   -- the price when the lead was made
  daily_cap BIGINT,                               -- the campaign's cap then (NULL: none)
  status TEXT NOT NULL CHECK (status IN ('reserved', 'committed', 'refunded', 'held', 'expired')),
  hold_reason TEXT,                               -- credits | daily_cap while held
  reserved_day BIGINT,                            -- UTC day number (ms / 86400000) of the debit
  handover_pending INTEGER NOT NULL DEFAULT 0,    -- 1: released from hold, not yet handed to delivery
  hold_until BIGINT,                              -- a held lead expires then (no charge)
  created_at BIGINT NOT NULL,
  reserved_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS credit_reservations_cap ON credit_reservations (campaign_id, reserved_day);
CREATE INDEX IF NOT EXISTS credit_reservations_status ON credit_reservations (status, account_id, created_at);
