-- billing: a lead held for credits or a daily cap (src/billing/charges.h) is kept but not shown to
-- the client (listLeads, getLead, the digest) until billing releases it: 1 while held
-- (src/pipeline/lead_store.h, LeadStore::SetHeld). A migration of its own: 0090 had already landed.
ALTER TABLE leads ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
