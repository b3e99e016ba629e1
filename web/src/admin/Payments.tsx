// Payments: Stripe Checkout sessions with their status, and refunds, newest first
// (adminListPayments), optionally for one account.
import { useState } from "react";
import { Link, navigate, useQuery } from "../router";
import { Empty, ErrorState, Loading, PageTitle, TextField, Time, useLoad } from "../ui";
import { adminApi, money, qs, type PaymentRow, type Refund } from "./adminApi";

export function PaymentsPage() {
  const account = useQuery().get("account_id") ?? "";
  const [text, setText] = useState(account);
  const list = useLoad(
    () =>
      adminApi<{ payments: PaymentRow[]; refunds: Refund[] }>(
        "GET",
        `/admin/api/payments${qs({ account_id: account, limit: 100 })}`,
      ),
    [account],
  );
  return (
    <section>
      <PageTitle>Payments</PageTitle>
      <form
        className="row admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/admin/payments${qs({ account_id: text.trim() })}`);
        }}
      >
        <TextField label="Account id" name="account_id" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Filter</button>
      </form>
      {list.loading && !list.data && <Loading what="Loading payments" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && list.data.payments.length === 0 && (
        <Empty>
          <p>No payments{account ? " for this account" : ""} yet.</p>
        </Empty>
      )}
      {list.data && list.data.payments.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Account</th>
                <th scope="col">Pack</th>
                <th scope="col">Credits</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.payments.map((p) => (
                <tr key={p.id} data-testid="payment-row">
                  <td data-label="When">
                    <Time iso={p.created_at} />
                  </td>
                  <td data-label="Account">
                    {p.account_id ? <Link href={`/admin/accounts/${encodeURIComponent(p.account_id)}`}>{p.account_id}</Link> : "—"}
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
      {list.data && list.data.refunds.length > 0 && (
        <>
          <h2>Refunds</h2>
          <ul className="audit-list">
            {list.data.refunds.map((r) => (
              <li key={r.id}>
                <Time iso={r.created_at ?? null} /> {r.account_id} —{" "}
                {r.amount !== undefined && r.currency ? money(r.amount, r.currency) : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
