// Retention status (issue 10; adminGetRetentionStatus): per row of the privacy policy's retention
// table, the policy's and the configured period, what it governs, the last run and what it
// deleted, the oldest row still held and a within/overdue badge; then the last 10 runs.
//
// Decisions where the API is silent:
// - "Overdue" is the API's verdict (older than the period plus the day the daily job may take);
//   the page shows it per table and rolls it up per category.
// - KV rows (fingerprints, payloads) expire by their TTL: the page says so instead of an age.
// - Ages are shown in days with one decimal under 10 days, whole days above.
import { Empty, ErrorState, Loading, PageTitle, Time, useLoad } from "../ui";
import { adminApi } from "./adminApi";

interface Oldest {
  table: string;
  column: string;
  oldest_at: string | null;
  age_days: number | null;
  within: boolean;
}
interface Category {
  key: string;
  policy: string;
  policy_days: number;
  configured_days: number;
  governs: string;
  time_column: string;
  kv_ttl: boolean;
  last_run: { id: string; at: string; rows_deleted: number } | null;
  within: boolean;
  oldest: Oldest[];
}
interface Run {
  id: string;
  started_at: string;
  finished_at: string;
  dry_run: boolean;
  rows_deleted: number;
  deleted: Record<string, Record<string, number>> | null;
  error: string | null;
}
interface RetentionStatus {
  now: string;
  categories: Category[];
  runs: Run[];
}

const LABEL: Record<string, string> = {
  account_data: "Account data",
  billing: "Ledger and billing",
  audit_logs: "Usage and audit logs",
  delivery_metadata: "Delivery metadata",
  fingerprints: "Fingerprints",
  payloads: "Lead payloads",
};

function period(days: number): string {
  if (days % 365 === 0 || days === 731 || days === 2557) {
    const years = Math.round(days / 365);
    return `${days} days (${years} ${years === 1 ? "year" : "years"})`;
  }
  return `${days} days`;
}

function age(days: number | null): string {
  if (days === null) return "—";
  return days < 10 ? `${days.toFixed(1)} days` : `${Math.floor(days)} days`;
}

export function RetentionPage() {
  const s = useLoad(() => adminApi<RetentionStatus>("GET", "/admin/api/retention"), []);
  const d = s.data;
  const overdue = d ? d.categories.filter((c) => !c.within).length : 0;
  return (
    <section>
      <PageTitle>Retention status</PageTitle>
      <p className="hint">
        The privacy policy's retention table as enforced: the daily job (or <code>leados retention run</code>) deletes
        what is past its period. A row waiting up to a day for the job is still within; older is overdue.
      </p>
      {s.loading && !d && <Loading what="Loading retention status" />}
      {s.error && <ErrorState message={s.error} retry={s.reload} />}
      {d && (
        <>
          <p className={`alert ${overdue ? "error" : "ok"}`} role="status" data-testid="retention-summary">
            {overdue === 0
              ? "Every category is within its retention period."
              : `${overdue} ${overdue === 1 ? "category holds" : "categories hold"} rows past the period: check that the retention job runs.`}
          </p>
          <div className="table-wrap">
            <table className="stack retention-table">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Period</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Oldest row held</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {d.categories.map((c) => (
                  <tr key={c.key} data-testid="retention-row" className={c.within ? undefined : "overdue"}>
                    <td data-label="Category">
                      <strong>{LABEL[c.key] ?? c.key}</strong>
                      <div className="meta">{c.policy}</div>
                      <details>
                        <summary>What it governs</summary>
                        <p className="meta">
                          {c.governs} (counted from {c.time_column})
                        </p>
                      </details>
                    </td>
                    <td data-label="Period">
                      {period(c.configured_days)}
                      {c.configured_days !== c.policy_days && <div className="meta">policy: {period(c.policy_days)}</div>}
                    </td>
                    <td data-label="Last run">
                      {c.kv_ttl ? (
                        <span className="meta">expired by the KV store (TTL)</span>
                      ) : c.last_run ? (
                        <>
                          <Time iso={c.last_run.at} />
                          <div className="meta">{c.last_run.rows_deleted} rows deleted</div>
                        </>
                      ) : (
                        "never"
                      )}
                    </td>
                    <td data-label="Oldest row held">
                      {c.kv_ttl
                        ? "—"
                        : c.oldest.map((o) => (
                            <div key={o.table}>
                              <span className="mono">{o.table}</span>: {o.oldest_at ? age(o.age_days) : "none"}
                              {!o.within && <span className="badge overdue">overdue</span>}
                            </div>
                          ))}
                    </td>
                    <td data-label="Status">
                      {c.kv_ttl ? (
                        <span className="badge within">TTL</span>
                      ) : (
                        <span className={`badge ${c.within ? "within" : "overdue"}`}>{c.within ? "within" : "overdue"}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card">
            <h2>Last runs</h2>
            {d.runs.length === 0 ? (
              <Empty>
                <p>No retention run recorded yet. The daily job runs once a day in leados serve.</p>
              </Empty>
            ) : (
              <ul className="audit-list" data-testid="retention-runs">
                {d.runs.map((r) => (
                  <li key={r.id}>
                    <Time iso={r.started_at} /> — {r.dry_run ? "dry run, would delete" : "deleted"} {r.rows_deleted} rows
                    {r.error && <span className="badge overdue">failed: {r.error}</span>}
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
