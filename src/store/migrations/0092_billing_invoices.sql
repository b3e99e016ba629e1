-- billing: billing profiles (the address invoices are made out to), invoices and monthly
-- statements, and the per-year counters that number them without gaps (src/billing/README.md).
-- Invoices are billing records: kept 7 years, so they carry no foreign key to accounts (they
-- outlive a closed account) and hold the buyer's address as printed (document_json).

CREATE TABLE IF NOT EXISTS billing_profiles (
  account_id TEXT PRIMARY KEY,              -- acct_… (account data: removed with the account)
  name TEXT NOT NULL,
  company TEXT NOT NULL,                    -- '' when none
  address_lines_json TEXT NOT NULL,         -- ["Domplatz 1", …] (1-3 lines)
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  country TEXT NOT NULL,                    -- ISO 3166-1 alpha-2
  vat_id TEXT NOT NULL,                     -- '' when none
  updated_at BIGINT NOT NULL
);

-- One row per year: the next number to hand out. Incremented (UPDATE … RETURNING, which locks the
-- row on PostgreSQL) in the transaction that inserts the invoice, so a rolled-back issue gives
-- its number back and numbers have no gaps.
CREATE TABLE IF NOT EXISTS invoice_counters (
  year BIGINT PRIMARY KEY,
  next BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS invoices (
  id TEXT PRIMARY KEY,                      -- inv_… (ULID: sorts by creation time)
  account_id TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,              -- LO-2026-000001
  year BIGINT NOT NULL,
  sequence BIGINT NOT NULL,                 -- 1, 2, … within the year
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'statement')),
  period TEXT NOT NULL,                     -- '2026-10' for a statement; '' for a purchase
  amount_cents BIGINT NOT NULL,             -- total in the currency's minor unit
  currency TEXT NOT NULL,                   -- ISO 4217, lower-case ('eur')
  credits BIGINT NOT NULL,                  -- credits bought (purchase) or consumed (statement)
  reference TEXT NOT NULL,                  -- Checkout Session id, or statement:<account>:<period>
  object_key TEXT NOT NULL,                 -- invoices/2026/LO-2026-000001.pdf in the object store
  document_json TEXT NOT NULL,              -- seller, buyer, lines: what the PDF shows
  pdf_stored_at BIGINT,                     -- NULL until the PDF is in the object store
  created_at BIGINT NOT NULL,
  UNIQUE (kind, reference),
  UNIQUE (year, sequence)
);
CREATE INDEX IF NOT EXISTS invoices_account ON invoices (account_id, id);
CREATE INDEX IF NOT EXISTS invoices_pdf_pending ON invoices (pdf_stored_at);
