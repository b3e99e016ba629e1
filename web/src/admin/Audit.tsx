// The audit log viewer: every filter adminListAuditEvents supports (account, actor, action prefix,
// outcome, since / until), newest first, more on demand. The filters live in the URL, so a
// filtered view can be linked (the account page links to its own events).
import { useState } from "react";
import { messageOf } from "../api";
import { Link, navigate, useQuery } from "../router";
import { Empty, ErrorState, FormError, Loading, PageTitle, SelectField, TextField, Time, useForm, useLoad } from "../ui";
import { adminApi, qs, type AuditEvent, type Cursored } from "./adminApi";

const FIELDS = ["account_id", "actor_id", "action", "outcome", "since", "until"] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

/** A date input's "2026-11-30" as the RFC 3339 the API takes (start of that day, UTC). */
function dayToRfc3339(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day;
}

export function AuditPage() {
  const query = useQuery();
  const applied = Object.fromEntries(FIELDS.map((k) => [k, query.get(k) ?? ""])) as Filters;
  const key = FIELDS.map((k) => applied[k]).join("|");
  const [v, setV] = useState<Filters>(applied);
  const [more, setMore] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState("");
  const f = useForm(FIELDS);
  const params = { ...applied, since: dayToRfc3339(applied.since), until: dayToRfc3339(applied.until) };
  const list = useLoad(async () => {
    const page = await adminApi<Cursored<AuditEvent>>("GET", `/admin/api/audit-events${qs({ ...params, limit: 50 })}`);
    setMore([]);
    setCursor(page.next_cursor);
    return page;
  }, [key]);
  // A filter the API refuses (a bad date) is shown at its field.
  const fieldError = list.error && /^(since|until|account_id|actor_id|action|outcome)\b/.exec(list.error)?.[1];
  const rows = list.data ? [...list.data.data, ...more] : [];
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  return (
    <section>
      <PageTitle>Audit log</PageTitle>
      <form
        ref={f.formRef}
        className="card"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/admin/audit${qs(v)}`);
        }}
      >
        <FormError message={f.formError} />
        <div className="filters-bar">
          <TextField label="Account id" name="account_id" value={v.account_id} onChange={set("account_id")} error={fieldError === "account_id" ? list.error : undefined} />
          <TextField label="Actor id" name="actor_id" hint="usr_…, adm_… or a key prefix" value={v.actor_id} onChange={set("actor_id")} />
          <TextField label="Action starts with" name="action" hint="e.g. admin." value={v.action} onChange={set("action")} />
          <SelectField label="Outcome" name="outcome" value={v.outcome} onChange={set("outcome")} error={fieldError === "outcome" ? list.error : undefined}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </SelectField>
          <TextField label="Since (day)" name="since" type="date" value={v.since} onChange={set("since")} error={fieldError === "since" ? list.error : undefined} />
          <TextField label="Until (day, exclusive)" name="until" type="date" value={v.until} onChange={set("until")} error={fieldError === "until" ? list.error : undefined} />
        </div>
        <div className="row">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setV(Object.fromEntries(FIELDS.map((k) => [k, ""])) as Filters);
              navigate("/admin/audit");
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {list.loading && <Loading what="Loading events" />}
      {list.error && !fieldError && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && rows.length === 0 && (
        <Empty>
          <p>No event matches these filters.</p>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Account</th>
                <th scope="col">Outcome</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td data-label="When">
                    <Time iso={e.at} />
                  </td>
                  <td data-label="Action" className="mono">
                    {e.action}
                    <div className="meta">{e.target}</div>
                  </td>
                  <td data-label="Actor">
                    {e.actor.kind} <span className="mono">{e.actor.id}</span>
                    <div className="meta">{e.ip}</div>
                  </td>
                  <td data-label="Account">
                    {e.account_id ? <Link href={`/admin/accounts/${encodeURIComponent(e.account_id)}`}>{e.account_id}</Link> : "—"}
                  </td>
                  <td data-label="Outcome">
                    <span className={`badge ${e.outcome === "success" ? "succeeded" : "failed"}`}>{e.outcome}</span>
                  </td>
                  <td data-label="Detail">{e.detail || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <ErrorState message={moreError} />}
      {cursor && (
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            setMoreError("");
            try {
              const page = await adminApi<Cursored<AuditEvent>>(
                "GET",
                `/admin/api/audit-events${qs({ ...params, limit: 50, before: cursor })}`,
              );
              setMore((m) => [...m, ...page.data]);
              setCursor(page.next_cursor);
            } catch (e) {
              setMoreError(messageOf(e));
            }
          }}
        >
          Show older events
        </button>
      )}
    </section>
  );
}
