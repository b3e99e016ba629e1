-- privacy: account closure and the retention engine (src/retention/README.md, docs/privacy.md).
--
-- accounts.close_reason: what the owner gave as the reason when closing (free text, optional);
-- removed with the account's other personal fields.
-- accounts.purged_at: when the retention engine removed the account's data, 30 days after
-- closed_at. The row itself stays as a tombstone (id, status 'closed', dates; company_name and
-- billing_address_enc emptied) because billing records kept 7 years name the account id.
ALTER TABLE accounts ADD COLUMN close_reason TEXT;
ALTER TABLE accounts ADD COLUMN purged_at BIGINT;

-- credit_balances.opening_seq / opening_balance: the seq and balance_after of the last ledger
-- entry the 7-year retention deleted (0 / 0 while none was). `leados ledger verify` starts the
-- balance_after chain from them, so the chain of the entries kept still verifies.
ALTER TABLE credit_balances ADD COLUMN opening_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE credit_balances ADD COLUMN opening_balance BIGINT NOT NULL DEFAULT 0;
