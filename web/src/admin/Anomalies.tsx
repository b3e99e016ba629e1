// Anomaly flags (issue 9/10; adminListAnomalies, adminDismissAnomaly): what the hourly scan found —
// credit burn far above an account's norm, bursts of failed sign-ins (per account, or from one
// network across accounts), many API keys created in a day. Each row shows observed vs baseline,
// links the account (where suspension is), and can be dismissed with a note.
//
// Decisions where the API is silent:
// - Filters (status, kind) live in the URL (?status=&kind=); "open" is the default like the API's.
// - Pages of 50 with "Show more" (next_cursor); a dismissal replaces the row in place and, in the
//   open view, removes it.
// - Suspending is not done here: the account page has it with its required reason; the row links
//   there ("Review and suspend").
import { useEffect, useState } from "react";
import { Link, navigate, useQuery } from "../router";
import { Empty, ErrorState, FormError, Loading, PageTitle, SelectField, TextArea, Time, useForm, useLoad } from "../ui";
import { adminApi, qs, type Cursored } from "./adminApi";

export interface AnomalyFlag {
  id: string;
  kind: "credit_burn" | "failed_signins" | "key_burst";
  account_id: string | null;
  account_name: string;
  subject: string;
  detected_at: string;
  updated_at: string;
  window_start: string;
  window_end: string;
  observed: number;
  baseline: number;
  details: Record<string, unknown>;
  status: "open" | "dismissed";
  dismissed_by: string | null;
  dismissed_at: string | null;
  note: string;
}

const KIND_LABEL: Record<string, string> = {
  credit_burn: "Credit burn",
  failed_signins: "Failed sign-ins",
  key_burst: "API key burst",
};
/** What observed and baseline count, per kind. */
const MEASURE: Record<string, [string, string]> = {
  credit_burn: ["credits spent in 24 h", "credits a day normally"],
  failed_signins: ["failed sign-ins in 1 h", "allowed"],
  key_burst: ["keys created in 24 h", "allowed"],
};

function detailText(f: AnomalyFlag): string {
  const d = f.details;
  if (f.kind === "credit_burn") {
    return d.new_account
      ? `No spending in the 30 days before: flagged above ${String(d.threshold)} credits.`
      : `Daily mean ${String(d.daily_mean)} over ${String(d.baseline_days)} days; flagged above ${String(d.threshold)} (${String(d.factor)} ×).`;
  }
  if (f.kind === "failed_signins") {
    return f.account_id
      ? `${String(d.users)} user(s) of the account targeted.`
      : `${String(d.addresses_over_threshold)} address(es) in ${String(d.network)} over the limit, ${String(d.failed_sign_ins)} failures in all, ${String(d.accounts_targeted)} account(s) targeted. Addresses are kept truncated.`;
  }
  return `${String(d.still_active)} of them still active.`;
}

export function AnomaliesPage() {
  const query = useQuery();
  const status = query.get("status") ?? "open";
  const kind = query.get("kind") ?? "";
  const [filter, setFilter] = useState({ status, kind });
  useEffect(() => setFilter({ status, kind }), [status, kind]);
  const [more, setMore] = useState<AnomalyFlag[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState("");
  const list = useLoad(async () => {
    const page = await adminApi<Cursored<AnomalyFlag>>("GET", `/admin/api/anomalies${qs({ status, kind: kind || undefined })}`);
    setMore([]);
    setCursor(page.next_cursor);
    return page;
  }, [status, kind]);
  const rows = [...(list.data?.data ?? []), ...more];
  const replace = (f: AnomalyFlag) => {
    const keep = (x: AnomalyFlag) => x.id !== f.id || status !== "open";
    const swap = (x: AnomalyFlag) => (x.id === f.id ? f : x);
    list.setData((d) => (d ? { ...d, data: d.data.filter(keep).map(swap) } : d));
    setMore((m) => m.filter(keep).map(swap));
  };

  return (
    <section>
      <PageTitle>Anomaly flags</PageTitle>
      <p className="hint">
        Raised once an hour by the scan (or <code>leados anomalies scan</code>): credit burn far above an account's norm,
        bursts of failed sign-ins, many API keys created in a day. Dismiss what you have checked; suspend an account from
        its page.
      </p>
      <form
        className="row admin-search"
        aria-label="Filter"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/admin/anomalies${qs({ status: filter.status === "open" ? undefined : filter.status, kind: filter.kind || undefined })}`);
        }}
      >
        <SelectField label="Status" name="status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="open">open</option>
          <option value="dismissed">dismissed</option>
          <option value="all">all</option>
        </SelectField>
        <SelectField label="Kind" name="kind" value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value })}>
          <option value="">any</option>
          {Object.entries(KIND_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
        <button type="submit">Filter</button>
      </form>
      {list.loading && !list.data && <Loading what="Loading anomaly flags" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && rows.length === 0 && (
        <Empty>
          <p>{status === "open" ? "No open anomaly flag: nothing unusual was seen." : "No anomaly flag matches."}</p>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack anomaly-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Account or network</th>
                <th scope="col">Observed</th>
                <th scope="col">Baseline</th>
                <th scope="col">Seen</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <AnomalyRow key={f.id} f={f} onChanged={replace} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <ErrorState message={moreError} />}
      {list.data && cursor && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setMoreError("");
            adminApi<Cursored<AnomalyFlag>>("GET", `/admin/api/anomalies${qs({ status, kind: kind || undefined, cursor })}`).then(
              (p) => {
                setMore((m) => [...m, ...p.data]);
                setCursor(p.next_cursor);
              },
              (e: Error) => setMoreError(e.message),
            );
          }}
        >
          Show more
        </button>
      )}
    </section>
  );
}

function AnomalyRow({ f, onChanged }: { f: AnomalyFlag; onChanged: (f: AnomalyFlag) => void }) {
  const [open, setOpen] = useState(false);
  const [measure, base] = MEASURE[f.kind] ?? ["observed", "baseline"];
  return (
    <tr data-testid="anomaly-row" className={f.status === "open" ? "flagged" : undefined}>
      <td data-label="Kind">
        <strong>{KIND_LABEL[f.kind] ?? f.kind}</strong>
        <div className="meta">{detailText(f)}</div>
      </td>
      <td data-label="Account or network">
        {f.account_id ? (
          <Link href={`/admin/accounts/${encodeURIComponent(f.account_id)}`}>{f.account_name || f.account_id}</Link>
        ) : (
          <span className="mono">{f.subject.replace(/^ip:/, "")}</span>
        )}
        {f.account_id && <div className="meta mono">{f.account_id}</div>}
      </td>
      <td data-label="Observed">
        <strong>{f.observed}</strong> <span className="meta">{measure}</span>
      </td>
      <td data-label="Baseline">
        {f.baseline} <span className="meta">{base}</span>
      </td>
      <td data-label="Seen">
        <Time iso={f.detected_at} />
        {f.updated_at !== f.detected_at && (
          <div className="meta">
            last <Time iso={f.updated_at} />
          </div>
        )}
      </td>
      <td data-label="Status">
        <span className={`badge ${f.status}`}>{f.status}</span>
        {f.status === "dismissed" && (
          <div className="meta">
            by <span className="mono">{f.dismissed_by}</span> <Time iso={f.dismissed_at} />
            {f.note && <div>“{f.note}”</div>}
          </div>
        )}
      </td>
      <td data-label="Action">
        {f.status === "open" && !open && (
          <div className="row">
            <button type="button" className="secondary" onClick={() => setOpen(true)} aria-label={`Dismiss flag ${f.id}`}>
              Dismiss
            </button>
            {f.account_id && (
              <Link href={`/admin/accounts/${encodeURIComponent(f.account_id)}`}>Review and suspend</Link>
            )}
          </div>
        )}
        {open && <DismissForm f={f} onCancel={() => setOpen(false)} onDone={onChanged} />}
      </td>
    </tr>
  );
}

function DismissForm({ f, onCancel, onDone }: { f: AnomalyFlag; onCancel: () => void; onDone: (f: AnomalyFlag) => void }) {
  const form = useForm(["note"]);
  const [note, setNote] = useState("");
  return (
    <form
      ref={form.formRef}
      aria-label={`Dismiss flag ${f.id}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () =>
          onDone(await adminApi<AnomalyFlag>("POST", `/admin/api/anomalies/${encodeURIComponent(f.id)}/dismiss`, { note })),
        );
      }}
    >
      <FormError message={form.formError} />
      <TextArea
        label="Note (optional)"
        name="note"
        hint="Why this is fine, e.g. the client's CI rotates its keys. Kept with the flag."
        value={note}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
        error={form.errors.note}
      />
      <div className="row">
        <button type="submit" disabled={form.busy}>
          {form.busy ? "Working…" : "Dismiss flag"}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
