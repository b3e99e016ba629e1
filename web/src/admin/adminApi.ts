// The admin console's API client: like ../api.ts (JSON, ApiError, the CSRF header on every
// state-changing call) but with its own CSRF token and 401 handler, because the console signs in
// with the admin cookie (__Host-leados_admin) and a token of its own (adminLogin / adminGetMe),
// independent of a portal session in the same browser.
import { ApiError } from "../api";

let csrfToken = "";
let onUnauthorized: (() => void) | null = null;

/** Sets the CSRF token from adminLogin or adminGetMe. */
export function setAdminCsrfToken(token: string) {
  csrfToken = token;
}

/** Called when a signed-in call answers 401 (the admin session ended). */
export function setAdminUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Calls the admin API; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function adminApi<T = unknown>(
  method: Method,
  path: string,
  body?: unknown,
  options: { expect401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "unavailable", "Cannot reach LeadOS. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: handled below */
  }
  if (res.ok) return json as T;
  const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const error = new ApiError(
    res.status,
    err?.code ?? "unknown",
    fieldFirst(err?.message ?? `The server answered ${res.status}. Try again in a moment.`),
  );
  if (res.status === 401 && !options.expect401 && onUnauthorized) onUnauthorized();
  throw error;
}

/**
 * The JSON readers' messages ("field 'amount' is required", "field 'amount' must be integer")
 * rewritten to start with the field ("amount: is required"), as the other API messages do, so
 * that forms show them next to that field (fieldOf).
 */
export function fieldFirst(message: string): string {
  return message.replace(/^field '([a-z_][a-z0-9_.]*)' /, "$1: ");
}

/** Builds a query string from the set (non-empty) values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** "12.00 EUR" from minor units. */
export function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

// ---- Shapes (src/api/admin_routes.cc, admin_account_routes.h, source_routes.cc, stripe_routes.cc) ----

export interface AdminMe {
  admin: { id: string; email: string };
  csrf_token: string;
}
export interface AccountRow {
  id: string;
  company_name: string;
  owner_email: string;
  status: string;
  suspended: boolean;
  suspended_at: string | null;
  suspended_reason: string | null;
  created_at: string;
  balance: number;
}
export interface LedgerEntry {
  id: number;
  amount: number;
  balance_after: number;
  reason: string;
  reference: string;
  created_at: string;
}
export interface PaymentRow {
  id: string;
  account_id?: string;
  pack: string;
  credits: number;
  amount: number;
  currency: string;
  status: string;
  created_at: string;
}
export interface AccountDetail extends AccountRow {
  low_credit_threshold: number;
  users: { id: string; email: string; name: string; role: string; email_verified: boolean; created_at: string }[];
  campaigns: { total: number; active: number };
  api_keys: { total: number; active: number };
  ledger: LedgerEntry[];
  payments: PaymentRow[];
  suspension: { at: string; reason: string } | null;
}
export interface AuditEvent {
  id: string;
  at: string;
  actor: { kind: string; id: string };
  account_id: string | null;
  action: string;
  target: string;
  ip: string;
  outcome: string;
  detail: string;
}
export interface Cursored<T> {
  data: T[];
  next_cursor: string | null;
}
export interface Source {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  interval_seconds: number;
  state: {
    status: string;
    consecutive_failures: number;
    last_attempt_at: string | null;
    last_success_at: string | null;
    last_error: { kind: string; message: string; at: string | null } | null;
    next_run_at: string;
    signals_total: number;
  };
}
export interface Refund {
  id: string;
  account_id?: string;
  amount?: number;
  currency?: string;
  created_at?: string;
  [key: string]: unknown;
}
/** A privacy (rights) request as the admin API answers it (privacy::RightsRequestJson; no identifier). */
export interface PrivacyRequestRow {
  id: string;
  kind: "access" | "deletion" | string;
  identifier_type: string;
  jurisdiction: string;
  status: string;
  verified: boolean;
  received_at: string;
  due_at: string;
  overdue: boolean;
  verified_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  /** Counts only: for access what is held, for a deletion what was erased (empty while open). */
  result: Record<string, unknown>;
  reject_reason?: string;
}
