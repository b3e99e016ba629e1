// Rights requests (issue 10 on the API of issue 9): the queue of access and deletion requests of
// the people behind leads (adminListPrivacyRequests) — open ones first by deadline, the overdue
// ones highlighted and counted — and, for the request under review, its details, "Complete"
// (adminCompletePrivacyRequest; for an access request the page shows what the API answers it
// holds, for a deletion what was erased) and "Reject" with a required reason
// (adminRejectPrivacyRequest; the API's message is shown at the reason field, the page does not
// check the reason itself).
//
// Decisions where the API is silent:
// - The API does not page (no cursor); the page asks for 100 requests and offers "Show up to 500"
//   (the API's maximum) when 100 came back. The status filter lives in the URL (?status=).
// - The identifier is never shown: the API does not answer it (it is stored encrypted).
// - "Days left" is counted in the browser from due_at (whole days, rounded up), only for open
//   requests; the overdue flag is the API's.
// - A deletion is irreversible: its Complete button asks for a second click ("Confirm deletion").
// - The request under review is kept in the URL (?id=) so it survives a reload; after an action
//   the queue is loaded again (the order and the overdue count change).
import { useEffect, useRef, useState } from "react";
import { navigate, useQuery } from "../router";
import { Empty, ErrorState, FormError, Loading, PageTitle, SelectField, TextArea, Time, useForm, useLoad } from "../ui";
import { adminApi, qs, type PrivacyRequestRow } from "./adminApi";

const DAY_MS = 86_400_000;
const STATUSES = ["awaiting_verification", "pending", "completed", "rejected"] as const;

const STATUS_LABEL: Record<string, string> = {
  awaiting_verification: "awaiting email confirmation",
  pending: "pending",
  completed: "completed",
  rejected: "rejected",
};
const JURISDICTION_LABEL: Record<string, string> = { gdpr: "GDPR", ccpa: "CCPA", other: "other" };
const IDENTIFIER_LABEL: Record<string, string> = { email: "email", handle: "handle", profile_url: "profile URL" };

/** Labels of the counts in `result` (src/app/privacy_stack.cc); other keys are shown as named. */
const RESULT_LABEL: Record<string, string> = {
  leads: "Leads about the person",
  accounts: "Client accounts with such leads",
  payloads_in_flight: "Lead payloads still held",
  payloads_by_source: "Held payloads by source",
  payloads_deleted: "Lead payloads deleted",
  webhook_bodies_deleted: "Webhook bodies deleted",
  accounts_notified: "Client accounts notified",
  webhook_events: "lead.erasure_requested events",
  suppressed: "On the suppression list",
};

function isOpen(r: PrivacyRequestRow): boolean {
  return r.status === "pending" || r.status === "awaiting_verification";
}

/** "12 days left", "due today", "3 days overdue" for an open request; "—" for a closed one. */
export function daysLeft(r: PrivacyRequestRow, now = Date.now()): string {
  if (!isOpen(r)) return "—";
  const ms = new Date(r.due_at).getTime() - now;
  if (ms < 0) {
    const late = Math.ceil(-ms / DAY_MS);
    return `${late} ${late === 1 ? "day" : "days"} overdue`;
  }
  const days = Math.ceil(ms / DAY_MS);
  if (days === 0) return "due today";
  return `${days} ${days === 1 ? "day" : "days"} left`;
}

function day(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

function resultValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (v && typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>).map(([k, n]) => `${k}: ${String(n)}`);
    return parts.length ? parts.join(", ") : "none";
  }
  return String(v);
}

export function PrivacyRequestsPage() {
  const query = useQuery();
  const status = query.get("status") ?? "";
  const limit = query.get("limit") === "500" ? 500 : 100;
  const selectedId = query.get("id") ?? "";
  const [filter, setFilter] = useState(status);
  useEffect(() => setFilter(status), [status]);
  const list = useLoad(
    () =>
      adminApi<{ data: PrivacyRequestRow[]; overdue: number }>(
        "GET",
        `/admin/api/privacy-requests${qs({ status, limit })}`,
      ),
    [status, limit],
  );
  const go = (p: { status?: string; limit?: number; id?: string }) =>
    navigate(`/admin/rights${qs({ status: p.status ?? status, limit: (p.limit ?? limit) === 500 ? 500 : undefined, id: p.id })}`);
  const selected = list.data?.data.find((r) => r.id === selectedId) ?? null;
  const statusError = list.error && /^status\b/.test(list.error) ? list.error : undefined;

  return (
    <section>
      <PageTitle>Rights requests</PageTitle>
      <p className="hint">
        Access and deletion requests of the people behind leads (GDPR, CCPA). Email requests are
        processed when the person opens the confirmation link; handles and profile links wait here
        until you check the person's claim. The identifier is stored encrypted and not shown.
      </p>
      <form
        className="row admin-search"
        aria-label="Filter"
        onSubmit={(e) => {
          e.preventDefault();
          go({ status: filter });
        }}
      >
        <SelectField label="Status" name="status" value={filter} onChange={(e) => setFilter(e.target.value)} error={statusError}>
          <option value="">any (open first)</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <button type="submit">Filter</button>
      </form>
      {list.data && (
        <p className={`alert ${list.data.overdue > 0 ? "error" : "ok"}`} role="status" data-testid="overdue-count">
          {list.data.overdue === 0
            ? "No open request is past its deadline."
            : `${list.data.overdue} open ${list.data.overdue === 1 ? "request is" : "requests are"} past the deadline.`}
        </p>
      )}
      {selectedId && list.data && !selected && (
        <p className="alert warn" role="status">
          Request <code>{selectedId}</code> is not in this list (another filter, or older than the {limit} shown).
        </p>
      )}
      {selected && (
        <RequestDetail
          key={selected.id}
          r={selected}
          onClose={() => go({ id: undefined })}
          onChanged={(updated) => {
            list.setData((d) => (d ? { ...d, data: d.data.map((x) => (x.id === updated.id ? updated : x)) } : d));
            list.reload();
          }}
        />
      )}
      {list.loading && !list.data && <Loading what="Loading requests" />}
      {list.error && !statusError && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && list.data.data.length === 0 && (
        <Empty>
          <p>{status ? `No ${STATUS_LABEL[status] ?? status} request.` : "No rights request so far."}</p>
        </Empty>
      )}
      {list.data && list.data.data.length > 0 && (
        <div className="table-wrap">
          <table className="stack rights-table">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Identifier</th>
                <th scope="col">Law</th>
                <th scope="col">Status</th>
                <th scope="col">Verified</th>
                <th scope="col">Received</th>
                <th scope="col">Deadline</th>
                <th scope="col">Days left</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((r) => (
                <tr key={r.id} data-testid="rights-row" className={r.overdue ? "overdue" : undefined}>
                  <td data-label="Request">
                    {r.kind}
                    <div className="meta mono">{r.id}</div>
                  </td>
                  <td data-label="Identifier">{IDENTIFIER_LABEL[r.identifier_type] ?? r.identifier_type}</td>
                  <td data-label="Law">{JURISDICTION_LABEL[r.jurisdiction] ?? r.jurisdiction}</td>
                  <td data-label="Status">
                    <span className={`badge ${r.status}`}>{STATUS_LABEL[r.status] ?? r.status}</span>
                  </td>
                  <td data-label="Verified">{r.verified ? "yes" : "no"}</td>
                  <td data-label="Received">
                    <Time iso={r.received_at} />
                  </td>
                  <td data-label="Deadline">
                    <time dateTime={r.due_at} title={new Date(r.due_at).toLocaleString()}>
                      {day(r.due_at)}
                    </time>
                  </td>
                  <td data-label="Days left">
                    {r.overdue ? <span className="badge overdue">{daysLeft(r)}</span> : daysLeft(r)}
                  </td>
                  <td data-label="Action">
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Review ${r.kind} request ${r.id}`}
                      aria-pressed={r.id === selectedId}
                      onClick={() => go({ id: r.id })}
                    >
                      Review
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && limit === 100 && list.data.data.length >= 100 && (
        <button type="button" className="secondary" onClick={() => go({ limit: 500, id: selectedId || undefined })}>
          Show up to 500 requests
        </button>
      )}
    </section>
  );
}

function RequestDetail({
  r,
  onClose,
  onChanged,
}: {
  r: PrivacyRequestRow;
  onClose: () => void;
  onChanged: (r: PrivacyRequestRow) => void;
}) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const result = Object.entries(r.result ?? {});
  return (
    <div className="card rights-detail" data-testid="rights-detail" aria-labelledby="rights-detail-title">
      <div className="card-head">
        <h2 id="rights-detail-title" tabIndex={-1} ref={title}>
          {r.kind === "access" ? "Access" : "Deletion"} request <span className="mono">{r.id}</span>
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="profile">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge ${r.status}`}>{STATUS_LABEL[r.status] ?? r.status}</span>
            {r.overdue && <span className="badge overdue">overdue</span>}
          </dd>
        </div>
        <div>
          <dt>Identifier type</dt>
          <dd>{IDENTIFIER_LABEL[r.identifier_type] ?? r.identifier_type}</dd>
        </div>
        <div>
          <dt>Law</dt>
          <dd>{JURISDICTION_LABEL[r.jurisdiction] ?? r.jurisdiction}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{new Date(r.received_at).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd>
            {new Date(r.due_at).toLocaleString()}
            {isOpen(r) ? ` (${daysLeft(r)})` : ""}
          </dd>
        </div>
        <div>
          <dt>Identity confirmed</dt>
          <dd>{r.verified ? `yes, ${r.verified_at ? new Date(r.verified_at).toLocaleString() : ""}` : "no (not by email)"}</dd>
        </div>
        {r.closed_at && (
          <div>
            <dt>Closed</dt>
            <dd>
              {new Date(r.closed_at).toLocaleString()}
              {r.closed_by && (
                <>
                  {" "}
                  by <span className="mono">{r.closed_by}</span>
                </>
              )}
            </dd>
          </div>
        )}
      </dl>
      {r.status === "rejected" && (
        <p className="alert error" data-testid="reject-reason">
          Rejected: {r.reject_reason}
        </p>
      )}
      {r.status === "completed" && (
        <div data-testid="rights-result">
          <h3>{r.kind === "access" ? "What LeadOS holds about the person" : "What the deletion did"}</h3>
          {result.length === 0 ? (
            <p>Nothing was recorded.</p>
          ) : (
            <dl className="stats">
              {result.map(([k, v]) => (
                <div key={k}>
                  <dt>{RESULT_LABEL[k] ?? k}</dt>
                  <dd>{resultValue(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          {r.kind === "access" && (
            <p className="hint">
              The person's identity was not confirmed by email, so nothing was sent to them: answer
              them through the channel they used, with these counts.
            </p>
          )}
        </div>
      )}
      {isOpen(r) && (
        <div className="grid2 admin-forms">
          <CompleteForm r={r} onDone={onChanged} />
          <RejectForm r={r} onDone={onChanged} />
        </div>
      )}
    </div>
  );
}

function CompleteForm({ r, onDone }: { r: PrivacyRequestRow; onDone: (r: PrivacyRequestRow) => void }) {
  const f = useForm([]);
  const [confirming, setConfirming] = useState(false);
  const deletion = r.kind === "deletion";
  return (
    <form
      ref={f.formRef}
      className="card"
      aria-labelledby="complete-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (deletion && !confirming) {
          setConfirming(true);
          return;
        }
        void f.run(async () =>
          onDone(await adminApi<PrivacyRequestRow>("POST", `/admin/api/privacy-requests/${encodeURIComponent(r.id)}/complete`)),
        );
      }}
    >
      <h3 id="complete-title">Complete</h3>
      <p className="hint">
        {deletion
          ? "Deletes the person's lead payloads and webhook bodies, tells the clients who received leads about them, and puts them on the suppression list. This cannot be undone."
          : "Counts what LeadOS holds about the person (leads, payloads still held, client accounts) and closes the request; the answer is shown here."}
      </p>
      <FormError message={f.formError} />
      {confirming && (
        <p className="alert warn" role="alert">
          Delete this person's data now?
        </p>
      )}
      <div className="row">
        <button type="submit" className={confirming ? "danger" : undefined} disabled={f.busy}>
          {f.busy ? "Working…" : deletion ? (confirming ? "Confirm deletion" : "Delete the data") : "Complete request"}
        </button>
        {confirming && (
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function RejectForm({ r, onDone }: { r: PrivacyRequestRow; onDone: (r: PrivacyRequestRow) => void }) {
  const f = useForm(["reason"]);
  const [reason, setReason] = useState("");
  return (
    <form
      ref={f.formRef}
      className="card"
      aria-labelledby="reject-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () =>
          onDone(
            await adminApi<PrivacyRequestRow>("POST", `/admin/api/privacy-requests/${encodeURIComponent(r.id)}/reject`, {
              reason,
            }),
          ),
        );
      }}
    >
      <h3 id="reject-title">Reject</h3>
      <FormError message={f.formError} />
      <TextArea
        label="Reason for rejecting"
        name="reason"
        hint="E.g. the identity could not be confirmed. Kept with the request and in the audit log."
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={f.errors.reason}
      />
      <button type="submit" disabled={f.busy}>
        {f.busy ? "Working…" : "Reject request"}
      </button>
    </form>
  );
}
