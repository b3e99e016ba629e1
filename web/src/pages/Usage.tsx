// Usage: the account's usage per day (getUsage, live: today's events included) — API calls (ok vs
// errors), credits consumed, webhook deliveries (delivered vs failed), campaigns created — the
// totals, and the top API operations. Charts are SVG (DailyBars), no chart library.
import { useState } from "react";
import { DailyBars } from "../charts";
import { Empty, ErrorState, Loading, PageTitle, useLoad } from "../ui";
import { daysBetween, getUsage, perDay, type UsageReport } from "./usageApi";

const RANGES: [number, string][] = [
  [7, "Last 7 days"],
  [30, "Last 30 days"],
  [90, "Last 90 days"],
];

function fromFor(days: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return new Date(d.getTime() - (days - 1) * 86400000).toISOString().slice(0, 10);
}

function Totals({ r }: { r: UsageReport }) {
  const t = r.totals;
  const cards: [string, string, string][] = [
    ["API calls", String(t.api_call.count), `${t.api_call.errors} errors · avg ${t.api_call.avg_latency_ms} ms`],
    ["Credits consumed", String(t.credits_consumed.quantity), `${t.credits_consumed.count} leads charged`],
    ["Webhook deliveries", String(t.webhook_delivery.count), `${t.webhook_delivery.errors} failed`],
    ["Campaigns created", String(t.campaign_created.count), `${t.portal_interaction.count} portal page views`],
  ];
  return (
    <div className="usage-totals">
      {cards.map(([label, big, meta]) => (
        <section className="card" key={label} aria-label={label}>
          <h2>{label}</h2>
          <p className="big" data-testid={`usage-${label.toLowerCase().replace(/ /g, "-")}`}>
            {big}
          </p>
          <p className="meta">{meta}</p>
        </section>
      ))}
    </div>
  );
}

function TopOperations({ r }: { r: UsageReport }) {
  const ops = r.top.filter((o) => o.kind === "api_call");
  return (
    <section className="card" aria-labelledby="top-ops-title">
      <h2 id="top-ops-title">Top API operations</h2>
      {ops.length === 0 ? (
        <p className="meta">No API calls in this period.</p>
      ) : (
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">Operation</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                Avg latency
              </th>
            </tr>
          </thead>
          <tbody>
            {ops.map((o) => (
              <tr key={o.name}>
                <td data-label="Operation" className="mono">
                  {o.name}
                </td>
                <td data-label="Calls" className="num">
                  {o.count}
                </td>
                <td data-label="Errors" className="num">
                  {o.errors}
                </td>
                <td data-label="Avg latency" className="num">
                  {o.avg_latency_ms} ms
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Usage() {
  const [range, setRange] = useState(30);
  const usage = useLoad(() => getUsage(fromFor(range)), [range]);
  const r = usage.data;
  const days = r ? daysBetween(r.from, r.to) : [];
  const empty = r !== null && r.days.length === 0;
  return (
    <section>
      <PageTitle>Usage</PageTitle>
      <p className="meta">
        Counted per UTC day, today included. Only counts are kept: no addresses, no content.
      </p>
      <label className="inline">
        Period{" "}
        <select value={range} onChange={(e) => setRange(Number(e.target.value))}>
          {RANGES.map(([n, label]) => (
            <option key={n} value={n}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {usage.loading && !r && <Loading what="Loading usage" />}
      {usage.error && <ErrorState message={usage.error} retry={usage.reload} />}
      {empty && (
        <Empty>
          <p>No usage in this period yet. API calls, campaigns, credits and webhook deliveries show here as they happen.</p>
        </Empty>
      )}
      {r && !empty && (
        <>
          <Totals r={r} />
          <div className="grid2 top">
            <section className="card" aria-labelledby="api-chart">
              <h2 id="api-chart">API calls</h2>
              <DailyBars
                id="usage-api"
                title="API calls per day"
                days={days}
                highlightLast
                series={[
                  { label: "ok", values: perDay(r, days, "api_call", (t) => t.count - t.errors), className: "bar" },
                  { label: "errors", values: perDay(r, days, "api_call", (t) => t.errors), className: "bar bad" },
                ]}
              />
            </section>
            <section className="card" aria-labelledby="credits-chart">
              <h2 id="credits-chart">Credits consumed</h2>
              <DailyBars
                id="usage-credits"
                title="Credits consumed per day"
                days={days}
                highlightLast
                series={[{ label: "credits", values: perDay(r, days, "credits_consumed", (t) => t.quantity), className: "bar" }]}
              />
            </section>
            <section className="card" aria-labelledby="webhooks-chart">
              <h2 id="webhooks-chart">Webhook deliveries</h2>
              <DailyBars
                id="usage-webhooks"
                title="Webhook deliveries per day"
                days={days}
                highlightLast
                series={[
                  { label: "delivered", values: perDay(r, days, "webhook_delivery", (t) => t.count - t.errors), className: "bar" },
                  { label: "failed", values: perDay(r, days, "webhook_delivery", (t) => t.errors), className: "bar bad" },
                ]}
              />
            </section>
            <section className="card" aria-labelledby="campaigns-chart">
              <h2 id="campaigns-chart">Campaigns created</h2>
              <DailyBars
                id="usage-campaigns"
                title="Campaigns created per day"
                days={days}
                highlightLast
                series={[{ label: "campaigns", values: perDay(r, days, "campaign_created", (t) => t.count), className: "bar" }]}
              />
            </section>
          </div>
          <TopOperations r={r} />
        </>
      )}
    </section>
  );
}
