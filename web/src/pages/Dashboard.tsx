// The dashboard: leads today and a 30-day chart (SVG, drawn here: no chart library), and delivery
// health (each endpoint's state and the recent deliveries by status). The credit balance card and
// the banners (low credits, leads held for lack of credits) come from BillingWidgets.tsx.
import { api, type Delivery, type Endpoint, type Lead, type Page } from "../api";
import { DailyBars } from "../charts";
import { Link } from "../router";
import { Empty, ErrorState, Loading, PageTitle, useLoad } from "../ui";
import { getBalance } from "./billingApi";
import { BalanceCard, CreditBanners } from "./BillingWidgets";

const DAY = 86400 * 1000;
const MAX_PAGES = 20; // 20 × 200 leads: the chart counts at most 4,000 leads

/** Lead counts per UTC day for the last 30 days, oldest first (index 29 is today). */
async function leadsPerDay(): Promise<number[]> {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const start = today.getTime() - 29 * DAY;
  const counts = new Array<number>(30).fill(0);
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = new URLSearchParams({ limit: "200", created_after: new Date(start).toISOString() });
    if (cursor) q.set("cursor", cursor);
    const r: Page<Lead> = await api<Page<Lead>>("GET", `/v1/leads?${q}`);
    for (const l of r.data) {
      const i = Math.floor((new Date(l.created_at).getTime() - start) / DAY);
      if (i >= 0 && i < 30) counts[i]++;
    }
    cursor = r.next_cursor;
    if (!cursor) break;
  }
  return counts;
}

/** The 30 daily counts as bars (DailyBars, shared with the Usage page), today highlighted. */
function LeadsChart({ counts }: { counts: number[] }) {
  const days = counts.map((_, i) => new Date(Date.now() - (29 - i) * DAY).toISOString().slice(0, 10));
  return (
    <DailyBars id="chart" title="Leads per day over the last 30 days" days={days} highlightLast series={[{ label: "leads", values: counts, className: "bar" }]} />
  );
}

function DeliveryHealth() {
  const h = useLoad(async () => {
    const [eps, dels] = await Promise.all([
      api<Page<Endpoint>>("GET", "/v1/webhook-endpoints"),
      api<Page<Delivery>>("GET", "/v1/deliveries?limit=100"),
    ]);
    const byStatus: Record<string, number> = {};
    for (const d of dels.data) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
    return { endpoints: eps.data, byStatus, total: dels.data.length };
  }, []);
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Delivery health</h2>
      {h.loading && !h.data && <Loading what="Loading delivery health" />}
      {h.error && <ErrorState message={h.error} retry={h.reload} />}
      {h.data && h.data.endpoints.length === 0 && (
        <Empty>
          <p>
            No webhook endpoints. <Link href="/webhooks">Add one</Link> to receive leads in your systems.
          </p>
        </Empty>
      )}
      {h.data && h.data.endpoints.length > 0 && (
        <>
          <ul className="health">
            {h.data.endpoints.map((e) => {
              const state = !e.enabled ? "disabled" : e.failing_since ? "failing" : "healthy";
              return (
                <li key={e.id}>
                  <span className={`badge ${state}`}>{state}</span> <span className="mono">{e.url}</span>
                </li>
              );
            })}
          </ul>
          <p className="meta">
            Last {h.data.total} deliveries:{" "}
            {Object.entries(h.data.byStatus)
              .map(([s, n]) => `${n} ${s}`)
              .join(", ") || "none yet"}
            . <Link href="/webhooks">Delivery log</Link>
          </p>
        </>
      )}
    </section>
  );
}

export function Dashboard() {
  const leads = useLoad(leadsPerDay, []);
  const balance = useLoad(getBalance, []);
  return (
    <section>
      <PageTitle>Dashboard</PageTitle>
      <CreditBanners balance={balance.data} />
      <div className="grid2">
        <section className="card" aria-labelledby="today-title">
          <h2 id="today-title">Leads today</h2>
          {leads.loading && !leads.data && <Loading />}
          {leads.error && <ErrorState message={leads.error} retry={leads.reload} />}
          {leads.data && (
            <>
              <p className="big" data-testid="leads-today">
                {leads.data[29]}
              </p>
              <p className="meta">
                {leads.data.reduce((a, b) => a + b, 0)} in the last 30 days · <Link href="/leads">Open the inbox</Link>
              </p>
            </>
          )}
        </section>
        <DeliveryHealth />
        <BalanceCard balance={balance.data} loading={balance.loading} error={balance.error} reload={balance.reload} />
      </div>
      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">Last 30 days</h2>
        {leads.data && <LeadsChart counts={leads.data} />}
        {leads.loading && !leads.data && <Loading what="Loading the chart" />}
      </section>
    </section>
  );
}
