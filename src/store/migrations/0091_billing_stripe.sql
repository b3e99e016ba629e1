-- billing: Stripe Checkout purchases of credit packs (src/billing/README.md "Stripe").
-- No card data ever reaches LeadOS; no name or email of the payer is stored: a session row keeps
-- the account, the pack, the amount and the Stripe ids needed to match later events and refunds.
-- Billing records are kept 7 years (shared/DESIGN.md "Retention").

-- One row per Checkout Session we created (id = Stripe's cs_…).
CREATE TABLE IF NOT EXISTS stripe_checkout_sessions (
  id TEXT PRIMARY KEY,                      -- cs_… (Stripe)
  account_id TEXT NOT NULL REFERENCES accounts (id),
  pack_id TEXT NOT NULL,                    -- billing.packs id at purchase time
  credits BIGINT NOT NULL,                  -- credits the pack grants (fixed at creation)
  amount BIGINT NOT NULL,                   -- minor units (cents)
  currency TEXT NOT NULL,                   -- ISO 4217, lower-case
  status TEXT NOT NULL CHECK (status IN ('open', 'awaiting_payment', 'fulfilled',
                                         'failed', 'expired', 'refunded')),
  payment_intent TEXT,                      -- pi_… once Stripe reports it (matches refunds)
  amount_refunded BIGINT NOT NULL DEFAULT 0,  -- minor units refunded so far (cumulative)
  credits_refunded BIGINT NOT NULL DEFAULT 0, -- credits debited for refunds so far
  refund_shortfall BIGINT NOT NULL DEFAULT 0, -- credits a refund should have taken but were spent
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  fulfilled_at BIGINT,                      -- credits granted (same transaction as the grant)
  stripe_expires_at BIGINT                  -- when Stripe expires an unpaid session (ms)
);
CREATE INDEX IF NOT EXISTS stripe_checkout_sessions_account
  ON stripe_checkout_sessions (account_id, created_at);
CREATE INDEX IF NOT EXISTS stripe_checkout_sessions_intent
  ON stripe_checkout_sessions (payment_intent);

-- Every Stripe event we acted on or deliberately ignored, inserted in the transaction of its
-- effect: a redelivered event finds its row and changes nothing.
CREATE TABLE IF NOT EXISTS stripe_events (
  id TEXT PRIMARY KEY,                      -- evt_… (Stripe)
  type TEXT NOT NULL,                       -- checkout.session.completed, …
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL                     -- fulfilled, awaiting_payment, ignored: …
);

-- One Stripe Customer per account, created on its first purchase.
CREATE TABLE IF NOT EXISTS stripe_customers (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id),
  customer_id TEXT NOT NULL UNIQUE,         -- cus_… (Stripe)
  created_at BIGINT NOT NULL
);

-- Refunds as Stripe reported them (charge.refunded), one row per event that refunded more.
-- Together with stripe_checkout_sessions this is the admins' view of payments and refunds.
CREATE TABLE IF NOT EXISTS stripe_refunds (
  id TEXT PRIMARY KEY,                      -- rfd_… (ULID)
  event_id TEXT NOT NULL,                   -- evt_… that reported it
  session_id TEXT NOT NULL REFERENCES stripe_checkout_sessions (id),
  account_id TEXT NOT NULL,
  charge_id TEXT NOT NULL,                  -- ch_… (Stripe)
  amount BIGINT NOT NULL,                   -- minor units refunded by this event
  currency TEXT NOT NULL,
  credits_debited BIGINT NOT NULL,          -- taken from the balance
  credits_shortfall BIGINT NOT NULL,        -- already spent: not taken (never below zero)
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS stripe_refunds_session ON stripe_refunds (session_id);
CREATE INDEX IF NOT EXISTS stripe_refunds_created ON stripe_refunds (created_at);
