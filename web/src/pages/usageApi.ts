// getUsage (GET /v1/usage) and the portal's usage beacon (POST /v1/usage/beacon).
import { api, getCsrfTokenForBeacon } from "../api";

export type UsageKind = "api_call" | "campaign_created" | "credits_consumed" | "webhook_delivery" | "portal_interaction";

export interface UsageTotals {
  count: number;
  quantity: number;
  errors: number;
  avg_latency_ms: number;
  max_latency_ms: number;
}

export interface UsageReport {
  account: string | null;
  from: string;
  to: string;
  days: (UsageTotals & { day: string; kind: UsageKind })[];
  totals: Record<UsageKind, UsageTotals>;
  top: (UsageTotals & { kind: UsageKind; name: string })[];
}

export function getUsage(from?: string, to?: string): Promise<UsageReport> {
  const q = new URLSearchParams();
  if (from) q.set("from", from);
  if (to) q.set("to", to);
  const qs = q.toString();
  return api<UsageReport>("GET", `/v1/usage${qs ? `?${qs}` : ""}`);
}

/** Every UTC day from `from` to `to` (inclusive), "YYYY-MM-DD". */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** One value per day of `days` for `kind`, read by `pick` (0 on days without events). */
export function perDay(report: UsageReport, days: string[], kind: UsageKind, pick: (t: UsageTotals) => number): number[] {
  const byDay = new Map<string, number>();
  for (const d of report.days) if (d.kind === kind) byDay.set(d.day, pick(d));
  return days.map((d) => byDay.get(d) ?? 0);
}

/** The portal page a path shows, in the beacon's fixed vocabulary (src/usage/portal_beacon.cc). */
export function pageOf(path: string): string | null {
  if (path === "/") return "dashboard";
  if (path === "/campaigns") return "campaigns";
  if (path.startsWith("/campaigns/")) return "campaign_edit";
  const known: Record<string, string> = {
    "/leads": "leads",
    "/webhooks": "webhooks",
    "/api-keys": "api_keys",
    "/billing": "billing",
    "/settings": "settings",
    "/usage": "usage",
  };
  return known[path] ?? null;
}

/**
 * Reports a page view: first-party, to LeadOS itself, with the session cookie and the CSRF header
 * (navigator.sendBeacon cannot send headers, so fetch with keepalive, which also survives the page
 * being left). Fire and forget: a failed beacon never shows.
 */
export function sendBeacon(page: string, action: "view" | "click" | "submit" = "view") {
  const token = getCsrfTokenForBeacon();
  if (!token) return;
  void fetch("/v1/usage/beacon", {
    method: "POST",
    keepalive: true,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
    body: JSON.stringify({ page, action }),
  }).catch(() => undefined);
}
