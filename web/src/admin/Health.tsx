// Delivery health (adminGetHealth): webhook deliveries of the last 24 hours by status, endpoints
// that are disabled or failing, and sources by status with the failing ones named.
import { Link } from "../router";
import { Empty, ErrorState, Loading, PageTitle, Time, useLoad } from "../ui";
import { adminApi } from "./adminApi";

interface Health {
  window_start: string;
  deliveries: Record<string, number>;
  endpoints: {
    total: number;
    disabled: number;
    failing: number;
    disabled_list: { id: string; account_id: string; reason: string; disabled_at: string }[];
  };
  sources: {
    total: number;
    ok: number;
    failing: number;
    pending: number;
    disabled: number;
    failing_list: { id: string; name: string; consecutive_failures: number; last_error: string }[];
  };
}

const STATUSES = ["succeeded", "pending", "delivering", "failed", "dead"];

export function HealthPage() {
  const h = useLoad(() => adminApi<Health>("GET", "/admin/api/health"), []);
  const d = h.data;
  return (
    <section>
      <PageTitle>Delivery health</PageTitle>
      {h.loading && !d && <Loading what="Loading health" />}
      {h.error && <ErrorState message={h.error} retry={h.reload} />}
      {d && (
        <>
          <div className="card">
            <h2>Webhook deliveries, last 24 hours</h2>
            <dl className="stats" data-testid="deliveries">
              {STATUSES.map((s) => (
                <div key={s}>
                  <dt>{s}</dt>
                  <dd>{d.deliveries[s] ?? 0}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="card">
            <h2>Webhook endpoints</h2>
            <p>
              {d.endpoints.total} endpoints: {d.endpoints.disabled} disabled, {d.endpoints.failing} failing now.
            </p>
            {d.endpoints.disabled_list.length === 0 ? (
              <Empty>
                <p>No endpoint is disabled.</p>
              </Empty>
            ) : (
              <ul className="audit-list">
                {d.endpoints.disabled_list.map((e) => (
                  <li key={e.id}>
                    <span className="mono">{e.id}</span> of{" "}
                    <Link href={`/admin/accounts/${encodeURIComponent(e.account_id)}`}>{e.account_id}</Link>, disabled{" "}
                    <Time iso={e.disabled_at} />
                    {e.reason && <span className="meta"> — {e.reason}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="card">
            <h2>Sources</h2>
            <p data-testid="sources-health">
              {d.sources.total} sources: {d.sources.ok} ok, {d.sources.failing} failing, {d.sources.pending} waiting for
              their first run, {d.sources.disabled} disabled. <Link href="/admin/sources">All sources</Link>
            </p>
            {d.sources.failing_list.length > 0 && (
              <ul className="audit-list">
                {d.sources.failing_list.map((s) => (
                  <li key={s.id}>
                    <strong>{s.name}</strong>: {s.consecutive_failures} failures in a row
                    {s.last_error && <span className="meta"> — {s.last_error}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
