// The API client: JSON in and out, the CSRF header on every state-changing call, 401 → the
// sign-in page, and errors as ApiError carrying the API's message and the form field it names.
//
// The API's error body is {"error":{"code","message"}}; its messages start with the field they
// concern ("password must be…", "query: 1:14: …", "filters.languages: …"). fieldOf() reads that
// field so forms can show the message next to the input (the API has no separate field member).

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
let onUnauthorized: (() => void) | null = null;

/** Sets the CSRF token from login, getMe or changePassword. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** The CSRF token in force ("" before sign-in), for the usage beacon's keepalive fetch. */
export function getCsrfTokenForBeacon(): string {
  return csrfToken;
}

/** Called when a signed-in call answers 401 (the session ended): the app goes to sign-in. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface CallOptions {
  /** Extra request headers (If-Match). */
  headers?: Record<string, string>;
  /** A 401 is the answer itself (sign-in, getMe at start), not a lost session. */
  expect401?: boolean;
}

/** Calls the API; resolves with the parsed JSON body (undefined for 204), rejects with ApiError. */
export async function api<T = unknown>(
  method: Method,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
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
    err?.message ?? `The server answered ${res.status}. Try again in a moment.`,
  );
  if (res.status === 401 && !options.expect401 && onUnauthorized) onUnauthorized();
  throw error;
}

/**
 * The form field an API message concerns: its leading word ("password must…", "query: 1:3: …",
 * "filters.sources: …") when that is one of `fields`, else null (a message for the whole form).
 */
export function fieldOf(message: string, fields: readonly string[]): string | null {
  const m = /^([a-z_][a-z0-9_.]*)(?::|\s)/.exec(message);
  if (!m) return null;
  let name = m[1];
  while (name) {
    if (fields.includes(name)) return name;
    const dot = name.lastIndexOf(".");
    if (dot < 0) break;
    name = name.slice(0, dot);
  }
  return null;
}

/** A readable message for anything a call may throw. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

// ---- Shapes the portal reads (see src/api/*.cc for the full answers) ----

export interface User {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: string;
  email_verified: boolean;
  created_at: string;
}
export interface Account {
  id: string;
  company_name: string;
  billing_address: string;
  status: string;
  created_at: string;
}
export interface Me {
  user?: User;
  account: Account;
  csrf_token?: string;
}
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
export interface CampaignFilters {
  sources?: string[];
  languages?: string[];
  regions?: string[];
  industries?: string[];
  roles?: string[];
  seniority?: string[];
  company_size?: { min?: number | null; max?: number | null } | null;
}
export interface Campaign {
  id: string;
  name: string;
  query: string;
  status: "draft" | "active" | "paused";
  filters: CampaignFilters;
  min_score: number;
  channels: string[];
  daily_credit_cap: number | null;
  digest?: string;
  revision: number;
  created_at: string;
  updated_at: string;
}
export interface SupplyScan {
  id: string;
  status: string;
  error: string | null;
  result: {
    matches: number;
    matches_per_day: number;
    signals_in_window: number;
    window: { days: number };
    by_source: { source: string; matches: number; per_day: number }[];
    estimate: { leads_per_day: number; leads_per_month: number; credits_per_month: number };
  } | null;
  examples: { source: string; site: string; title: string; published: string; terms: string[] }[] | null;
}
export interface LeadPayload {
  signal?: { title?: string; url?: string; author?: string; body?: string; source?: string };
  enrichment?: Record<string, unknown>;
  score?: {
    matched_terms?: string[];
    quoted_passage?: string;
    fit_met?: string[];
    fit_missed?: string[];
    explanation?: string;
  };
}
export interface Lead {
  id: string;
  campaign_id: string;
  score: number;
  intent_class: string;
  source: string;
  created_at: string;
  feedback: string;
  payload: LeadPayload | null;
}
export interface Endpoint {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  last_error: string | null;
  created_at: string;
  secret?: string;
}
export interface Delivery {
  id: string;
  endpoint_id: string;
  event_type: string;
  lead_id: string | null;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
}
export interface Attempt {
  id: string;
  attempt_number: number;
  attempted_at: string;
  http_status: number | null;
  latency_ms: number;
  error_class: string | null;
  response_excerpt: string | null;
}
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  status: string;
  secret?: string;
}
