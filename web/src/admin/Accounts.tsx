// Accounts: the search (company name, user email or account id; newest first; more on demand) and
// one account's page: balance, users, campaigns and keys, the credit adjustment form (amount and
// reason, audited), suspension with a reason and reinstatement, the recent ledger, payments and
// the account's recent audit events.
import { useState } from "react";
import { messageOf } from "../api";
import { Link, navigate, useQuery } from "../router";
import { Empty, ErrorState, FormError, Loading, PageTitle, TextArea, TextField, Time, useForm, useLoad } from "../ui";
import {
  adminApi,
  money,
  qs,
  type AccountDetail,
  type AccountRow,
  type AuditEvent,
  type Cursored,
  type LedgerEntry,
} from "./adminApi";
import type { UsageReport } from "../pages/usageApi";

function StatusBadge({ a }: { a: AccountRow }) {
  if (a.suspended) return <span className="badge disabled">suspended</span>;
  return <span className={`badge ${a.status === "active" ? "active" : "revoked"}`}>{a.status}</span>;
}

export function AccountList() {
  const q = useQuery().get("q") ?? "";
  const [text, setText] = useState(q);
  const [more, setMore] = useState<AccountRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState("");
  const list = useLoad(async () => {
    const page = await adminApi<Cursored<AccountRow>>("GET", `/admin/api/accounts${qs({ q, limit: 25 })}`);
    setMore([]);
    setCursor(page.next_cursor);
    return page;
  }, [q]);
  const rows = list.data ? [...list.data.data, ...more] : [];
  return (
    <section>
      <PageTitle>Accounts</PageTitle>
      <form
        role="search"
        className="row admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/admin/accounts${qs({ q: text.trim() })}`);
        }}
      >
        <TextField
          label="Search accounts"
          name="q"
          type="search"
          hint="Company name, user email or account id"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      {list.loading && <Loading what="Loading accounts" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && rows.length === 0 && (
        <Empty>
          <p>{q ? `No account matches “${q}”.` : "No client accounts yet."}</p>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col">Owner</th>
                <th scope="col">Status</th>
                <th scope="col">Balance</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-testid="account-row">
                  <td data-label="Company">
                    <Link href={`/admin/accounts/${encodeURIComponent(a.id)}`}>{a.company_name}</Link>
                    <div className="meta mono">{a.id}</div>
                  </td>
                  <td data-label="Owner">{a.owner_email || "—"}</td>
                  <td data-label="Status">
                    <StatusBadge a={a} />
                  </td>
                  <td data-label="Balance">{a.balance} credits</td>
                  <td data-label="Created">
                    <Time iso={a.created_at} />
                  </td>
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
              const page = await adminApi<Cursored<AccountRow>>(
                "GET",
                `/admin/api/accounts${qs({ q, limit: 25, cursor })}`,
              );
              setMore((m) => [...m, ...page.data]);
              setCursor(page.next_cursor);
            } catch (e) {
              setMoreError(messageOf(e));
            }
          }}
        >
          Show more
        </button>
      )}
    </section>
  );
}

function CreditForm({ id, onDone }: { id: string; onDone: (balance: number) => void }) {
  const f = useForm(["amount", "reason"]);
  const [v, setV] = useState({ amount: "", reason: "" });
  const [done, setDone] = useState("");
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="credits-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone("");
        void f.run(async () => {
          // Anything but a whole number goes to the API as typed: its message says what to fix.
          const t = v.amount.trim();
          const amount = /^-?\d+$/.test(t) ? Number(t) : t === "" ? undefined : t;
          const r = await adminApi<LedgerEntry>("POST", `/admin/api/accounts/${encodeURIComponent(id)}/credits`, {
            amount,
            reason: v.reason,
          });
          setV({ amount: "", reason: "" });
          setDone(`${r.amount > 0 ? "Added" : "Removed"} ${Math.abs(r.amount)} credits. The balance is now ${r.balance_after}.`);
          onDone(r.balance_after);
        });
      }}
    >
      <h2 id="credits-title">Adjust credits</h2>
      <FormError message={f.formError} />
      {done && (
        <p className="alert ok" role="status">
          {done}
        </p>
      )}
      <div className="grid2">
        <TextField
          label="Amount (credits)"
          name="amount"
          inputMode="numeric"
          hint="Positive adds credits, negative removes them."
          value={v.amount}
          onChange={(e) => setV({ ...v, amount: e.target.value })}
          error={f.errors.amount}
        />
        <TextField
          label="Reason"
          name="reason"
          hint="Kept in the ledger and the audit log."
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.target.value })}
          error={f.errors.reason}
        />
      </div>
      <button type="submit" disabled={f.busy}>
        {f.busy ? "Saving…" : "Adjust credits"}
      </button>
    </form>
  );
}

function SuspensionForm({ a, onDone }: { a: AccountDetail; onDone: (a: AccountDetail) => void }) {
  const f = useForm(["reason"]);
  const [reason, setReason] = useState("");
  const base = `/admin/api/accounts/${encodeURIComponent(a.id)}`;
  if (a.suspension) {
    return (
      <form
        ref={f.formRef}
        className="card"
        aria-labelledby="suspension-title"
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => onDone(await adminApi<AccountDetail>("POST", `${base}/reinstate`)));
        }}
      >
        <h2 id="suspension-title">Suspended</h2>
        <p className="alert error" data-testid="suspension">
          Suspended <Time iso={a.suspension.at} />: {a.suspension.reason}
        </p>
        <p className="hint">Its users cannot sign in, its API keys are refused and its campaigns produce no leads.</p>
        <FormError message={f.formError} />
        <button type="submit" disabled={f.busy}>
          Reinstate account
        </button>
      </form>
    );
  }
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="suspension-title"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          onDone(await adminApi<AccountDetail>("POST", `${base}/suspend`, { reason }));
          setReason("");
        });
      }}
    >
      <h2 id="suspension-title">Suspend account</h2>
      <p className="hint">
        Ends its users' sessions; sign-in and API keys answer “account suspended” and its campaigns stop producing
        leads until it is reinstated. Its data stays.
      </p>
      <FormError message={f.formError} />
      <TextArea
        label="Reason for suspending"
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={f.errors.reason}
      />
      <button type="submit" className="danger" disabled={f.busy}>
        Suspend account
      </button>
    </form>
  );
}

/** The account's usage totals over the last 30 days (adminGetUsage). */
function UsageTotals({ id }: { id: string }) {
  const usage = useLoad(() => adminApi<UsageReport>("GET", `/admin/api/usage${qs({ account: id })}`), [id]);
  const t = usage.data?.totals;
  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Usage, last 30 days</h2>
      {usage.loading && !t && <Loading what="Loading usage" />}
      {usage.error && <ErrorState message={usage.error} retry={usage.reload} />}
      {t && (
        <dl className="stats card" data-testid="account-usage">
          <div>
            <dt>API calls</dt>
            <dd>
              {t.api_call.count} ({t.api_call.errors} errors)
            </dd>
          </div>
          <div>
            <dt>Credits consumed</dt>
            <dd>{t.credits_consumed.quantity}</dd>
          </div>
          <div>
            <dt>Webhook deliveries</dt>
            <dd>
              {t.webhook_delivery.count} ({t.webhook_delivery.errors} failed)
            </dd>
          </div>
          <div>
            <dt>Campaigns created</dt>
            <dd>{t.campaign_created.count}</dd>
          </div>
          <div>
            <dt>Portal page views</dt>
            <dd>{t.portal_interaction.count}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

export function AccountPage({ id }: { id: string }) {
  const acct = useLoad(() => adminApi<AccountDetail>("GET", `/admin/api/accounts/${encodeURIComponent(id)}`), [id]);
  const audit = useLoad(
    () => adminApi<Cursored<AuditEvent>>("GET", `/admin/api/audit-events${qs({ account_id: id, limit: 10 })}`),
    [id],
  );
  const a = acct.data;
  const refresh = () => {
    acct.reload();
    audit.reload();
  };
  return (
    <section>
      <p>
        <Link href="/admin/accounts">← Accounts</Link>
      </p>
      <PageTitle>{a ? a.company_name : "Account"}</PageTitle>
      {acct.loading && !a && <Loading what="Loading the account" />}
      {acct.error && <ErrorState message={acct.error} retry={acct.reload} />}
      {a && (
        <>
          <dl className="stats card">
            <div>
              <dt>Balance</dt>
              <dd data-testid="balance">{a.balance} credits</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <StatusBadge a={a} />
              </dd>
            </div>
            <div>
              <dt>Campaigns</dt>
              <dd>
                {a.campaigns.active} active of {a.campaigns.total}
              </dd>
            </div>
            <div>
              <dt>API keys</dt>
              <dd>
                {a.api_keys.active} active of {a.api_keys.total}
              </dd>
            </div>
            <div>
              <dt>Low-credit alert at</dt>
              <dd>{a.low_credit_threshold}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>
                <Time iso={a.created_at} />
              </dd>
            </div>
            <div>
              <dt>Account id</dt>
              <dd className="mono">{a.id}</dd>
            </div>
          </dl>
          <UsageTotals id={a.id} />
          <div className="grid2 admin-forms">
            <CreditForm id={a.id} onDone={refresh} />
            <SuspensionForm
              a={a}
              onDone={(next) => {
                acct.setData(next);
                audit.reload();
              }}
            />
          </div>
          <h2>Users</h2>
          <div className="table-wrap">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {a.users.map((u) => (
                  <tr key={u.id}>
                    <td data-label="Email">{u.email}</td>
                    <td data-label="Name">{u.name}</td>
                    <td data-label="Role">{u.role}</td>
                    <td data-label="Verified">{u.email_verified ? "yes" : "no"}</td>
                    <td data-label="Created">
                      <Time iso={u.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Recent ledger entries</h2>
          {a.ledger.length === 0 ? (
            <Empty>
              <p>No credits have moved yet.</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Balance after</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Reference</th>
                  </tr>
                </thead>
                <tbody>
                  {a.ledger.map((e) => (
                    <tr key={e.id} data-testid="ledger-entry">
                      <td data-label="When">
                        <Time iso={e.created_at} />
                      </td>
                      <td data-label="Amount">{e.amount > 0 ? `+${e.amount}` : e.amount}</td>
                      <td data-label="Balance after">{e.balance_after}</td>
                      <td data-label="Kind">{e.reason}</td>
                      <td data-label="Reference">{e.reference}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>Recent payments</h2>
          {a.payments.length === 0 ? (
            <Empty>
              <p>No payments.</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Pack</th>
                    <th scope="col">Credits</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {a.payments.map((p) => (
                    <tr key={p.id}>
                      <td data-label="When">
                        <Time iso={p.created_at} />
                      </td>
                      <td data-label="Pack">{p.pack}</td>
                      <td data-label="Credits">{p.credits}</td>
                      <td data-label="Amount">{money(p.amount, p.currency)}</td>
                      <td data-label="Status">{p.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <h2>Recent audit events</h2>
      {audit.loading && !audit.data && <Loading what="Loading audit events" />}
      {audit.error && <ErrorState message={audit.error} retry={audit.reload} />}
      {audit.data && audit.data.data.length === 0 && (
        <Empty>
          <p>Nothing recorded for this account.</p>
        </Empty>
      )}
      {audit.data && audit.data.data.length > 0 && (
        <ul className="audit-list" data-testid="account-audit">
          {audit.data.data.map((e) => (
            <li key={e.id}>
              <Time iso={e.at} /> <strong>{e.action}</strong> by {e.actor.kind} {e.actor.id}
              {e.detail && <span className="meta"> — {e.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {a && (
        <p>
          <Link href={`/admin/audit${qs({ account_id: a.id })}`}>All audit events of this account</Link> ·{" "}
          <Link href={`/admin/payments${qs({ account_id: a.id })}`}>All payments</Link>
        </p>
      )}
    </section>
  );
}
