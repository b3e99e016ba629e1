// The billing answers the portal reads (src/api/billing_routes.cc, stripe_routes.cc,
// invoice_routes.cc; shapes in src/billing/README.md), money formatting, and the usage series.
// Kept apart from ../api.ts so that the billing pages add files instead of editing shared ones.
import { api, type Page } from "../api";

/** GET /v1/balance. */
export interface Balance {
  balance: number;
  low_credit_threshold: number;
  low_credit_threshold_is_default: boolean;
  /** Leads made while the balance was empty, waiting for credits (released after a purchase). */
  held_leads: number;
  updated_at: string | null;
}

/** One line of GET /v1/ledger-entries (newest first). `amount` < 0 takes credits. */
export interface LedgerEntry {
  id: string;
  amount: number;
  balance_after: number;
  reason: "purchase" | "lead" | "refund" | "adjustment" | "grant" | "expiry" | string;
  reference: string;
  created_at: string;
}

/** One pack of GET /v1/billing/packs; `amount` in minor units, `price` formatted by the server. */
export interface CreditPack {
  id: string;
  credits: number;
  amount: number;
  currency: string;
  price: string;
}

/** One invoice or monthly statement of GET /v1/invoices. */
export interface Invoice {
  id: string;
  number: string;
  kind: "purchase" | "statement" | string;
  period: string | null;
  amount_cents: number;
  currency: string;
  credits: number;
  reference: string | null;
  created_at: string;
  pdf_ready: boolean;
  download_url: string;
}

/** GET/PUT /v1/billing/profile: who invoices are made out to. */
export interface BillingProfile {
  name: string;
  company: string;
  address_lines: string[];
  postal_code: string;
  city: string;
  country: string;
  vat_id: string;
  updated_at?: string;
}

export const getBalance = () => api<Balance>("GET", "/v1/balance");

/** True when the balance is under the account's low-credit threshold (the banner shows). */
export function isLow(b: Balance): boolean {
  return b.balance < b.low_credit_threshold;
}

/**
 * `minor` units of `currency` as the browser's locale writes money ("$20.00", "15,00 €"); the
 * currency's own number of decimals (0 for JPY), as Stripe counts minor units.
 */
export function formatMoney(minor: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

const DAY = 86400 * 1000;
const USAGE_PAGES = 20; // 20 × 200 ledger lines: the chart reads at most 4,000 lines

/**
 * Credits used per UTC day over the last 30 days, oldest first (index 29 is today): the ledger's
 * `lead` lines (a lead's charge, negative) less the credits given back by positive `refund` lines
 * (a lead no channel could deliver; a Stripe refund is a negative `refund` line and is not usage),
 * never below 0 for a day. The ledger is the only usage record today: the usage events of issue 9
 * do not exist yet; when they do, this should read them instead of paging through the ledger.
 */
export async function creditsUsedPerDay(): Promise<number[]> {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const start = today.getTime() - 29 * DAY;
  const used = new Array<number>(30).fill(0);
  let cursor: string | null = null;
  for (let page = 0; page < USAGE_PAGES; page++) {
    const q = new URLSearchParams({ limit: "200" });
    if (cursor) q.set("cursor", cursor);
    const r: Page<LedgerEntry> = await api<Page<LedgerEntry>>("GET", `/v1/ledger-entries?${q}`);
    let older = false;
    for (const e of r.data) {
      const t = new Date(e.created_at).getTime();
      if (t < start) {
        older = true; // newest first: everything after this is older still
        break;
      }
      const i = Math.floor((t - start) / DAY);
      if (i < 0 || i >= 30) continue;
      if (e.reason === "lead" && e.amount < 0) used[i] += -e.amount;
      else if (e.reason === "refund" && e.amount > 0) used[i] -= e.amount;
    }
    cursor = r.next_cursor;
    if (older || !cursor) break;
  }
  return used.map((n) => Math.max(0, n));
}
