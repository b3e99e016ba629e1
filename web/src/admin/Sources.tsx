// Sources and their health: status (ok, failing, pending, disabled), consecutive failures, the
// last error, last success and next run, and "Run now" (runSourceNow). Sources are added and
// changed through the API or the configuration file (docs/operations.md), not here.
import { useState } from "react";
import { messageOf } from "../api";
import { Empty, ErrorState, Loading, PageTitle, Time, useLoad } from "../ui";
import { adminApi, type Source } from "./adminApi";

export function SourcesPage() {
  const list = useLoad(() => adminApi<{ data: Source[] }>("GET", "/admin/api/sources"), []);
  const [note, setNote] = useState<Record<string, string>>({});
  const failing = list.data?.data.filter((s) => s.state.status === "failing").length ?? 0;
  return (
    <section>
      <PageTitle>Sources</PageTitle>
      {list.loading && !list.data && <Loading what="Loading sources" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && list.data.data.length === 0 && (
        <Empty>
          <p>No sources yet. Add them with the API (POST /admin/api/sources) or the configuration file.</p>
        </Empty>
      )}
      {list.data && list.data.data.length > 0 && (
        <>
          <p className={failing ? "alert error" : "alert ok"} role="status" data-testid="sources-summary">
            {failing
              ? `${failing} of ${list.data.data.length} sources are failing.`
              : `All ${list.data.data.length} sources are healthy or waiting for their first run.`}
          </p>
          <div className="table-wrap">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Next run</th>
                  <th scope="col">Signals</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((s) => (
                  <tr key={s.id} data-testid="source-row">
                    <td data-label="Source">
                      {s.name}
                      <div className="meta">{s.kind}</div>
                    </td>
                    <td data-label="Status">
                      <span className={`badge ${s.state.status === "ok" ? "healthy" : s.state.status}`}>{s.state.status}</span>
                      {s.state.consecutive_failures > 0 && (
                        <div className="meta">{s.state.consecutive_failures} failures in a row</div>
                      )}
                    </td>
                    <td data-label="Last success">
                      <Time iso={s.state.last_success_at} />
                    </td>
                    <td data-label="Last error">
                      {s.state.last_error ? (
                        <>
                          {s.state.last_error.kind}: {s.state.last_error.message}
                          <div className="meta">
                            <Time iso={s.state.last_error.at} />
                          </div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td data-label="Next run">
                      <Time iso={s.state.next_run_at} />
                    </td>
                    <td data-label="Signals">{s.state.signals_total}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Run ${s.name} now`}
                        onClick={async () => {
                          setNote((n) => ({ ...n, [s.id]: "" }));
                          try {
                            await adminApi("POST", `/admin/api/sources/${encodeURIComponent(s.id)}/run`);
                            setNote((n) => ({ ...n, [s.id]: "Queued: it runs as soon as a worker is free." }));
                            list.reload();
                          } catch (e) {
                            setNote((n) => ({ ...n, [s.id]: messageOf(e) }));
                          }
                        }}
                      >
                        Run now
                      </button>
                      {note[s.id] && (
                        <p className="meta" role="status">
                          {note[s.id]}
                        </p>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
