// The Billing page (/billing): the balance with its banners, credit packs bought through Stripe
// Checkout, the usage chart, the ledger, the invoices and the billing address.
//
// The low-credit threshold (PATCH /v1/balance) is set here too: the banner and email use it.
//
// Buying: "Buy" posts createCheckoutSession and sends the browser to the Checkout URL the API
// returns. Stripe returns the client to /billing?checkout=success&session_id=… (or
// ?checkout=cancelled). The credits arrive with Stripe's webhook, which may come after the client
// is back: the page says so and reloads the balance, ledger and invoices every 2 s, up to 8 times,
// until the ledger shows the purchase (its reference is the Checkout Session id).
import { useEffect, useState } from "react";
import { ApiError, api, messageOf, type Page } from "../api";
import { navigate, useQuery } from "../router";
import { Empty, ErrorState, Loading, PageTitle, TextField, Time, useLoad } from "../ui";
import { BillingProfileForm } from "./BillingProfileForm";
import { BalanceCard, CreditBanners, UsageChart } from "./BillingWidgets";
import {
  creditsUsedPerDay,
  formatMoney,
  getBalance,
  type Balance,
  type CreditPack,
  type Invoice,
  type LedgerEntry,
} from "./billingApi";

const LEDGER_PAGE = 20;
const INVOICE_PAGE = 20;
const POLL_MS = 2000;
const POLL_TIMES = 8;

const REASONS: Record<string, string> = {
  purchase: "Purchase",
  lead: "Lead",
  refund: "Refund",
  adjustment: "Adjustment",
  grant: "Grant",
  expiry: "Expiry",
};

function Packs() {
  const packs = useLoad(() => api<{ data: CreditPack[] }>("GET", "/v1/billing/packs"), []);
  const [busy, setBusy] = useState("");
  const [error, setError] = useState("");
  async function buy(p: CreditPack) {
    setBusy(p.id);
    setError("");
    try {
      const s = await api<{ id: string; url: string }>("POST", "/v1/billing/checkout-sessions", { pack: p.id });
      window.location.assign(s.url);
    } catch (e) {
      setError(messageOf(e));
      setBusy("");
    }
  }
  return (
    <section className="card" aria-labelledby="packs-title">
      <h2 id="packs-title">Buy credits</h2>
      <p className="hint">You pay on Stripe’s secure Checkout page and come back here afterwards.</p>
      {packs.loading && !packs.data && <Loading what="Loading the credit packs" />}
      {packs.error && <ErrorState message={packs.error} retry={packs.reload} />}
      {error && (
        <div className="alert error" role="alert" data-testid="checkout-error">
          {error}
        </div>
      )}
      {packs.data && packs.data.data.length === 0 && (
        <Empty>
          <p>No credit packs are on sale. Ask your LeadOS operator.</p>
        </Empty>
      )}
      {packs.data && packs.data.data.length > 0 && (
        <ul className="packs">
          {packs.data.data.map((p) => (
            <li key={p.id} data-testid="pack">
              <span>
                <strong>{p.credits.toLocaleString()} credits</strong>
                <span className="meta"> · {p.price}</span>
              </span>
              <button
                type="button"
                disabled={busy !== ""}
                aria-label={`Buy ${p.credits} credits for ${p.price}`}
                onClick={() => void buy(p)}
              >
                {busy === p.id ? "Opening Checkout…" : "Buy"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A cursor-paged listing (`data` + `next_cursor`): the first page reloads when `version` changes;
 * `older()` appends the next page. Used by the ledger and the invoices.
 */
function usePaged<T>(path: string, limit: number, version: number) {
  const first = useLoad(() => api<Page<T>>("GET", `${path}?limit=${limit}`), [path, limit, version]);
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.next_cursor ?? null);
  }, [first.data]);
  const rows = [...(first.data?.data ?? []), ...more];
  async function older() {
    if (!cursor) return;
    setBusy(true);
    setError("");
    try {
      const q = new URLSearchParams({ limit: String(limit), cursor });
      const r = await api<Page<T>>("GET", `${path}?${q}`);
      setMore((m) => [...m, ...r.data]);
      setCursor(r.next_cursor);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return { first, rows, cursor, busy, error, older };
}

/** "Show older …" under a paged listing, with the error of the last attempt. */
function OlderButton({ paged, what }: { paged: { cursor: string | null; busy: boolean; error: string; older: () => Promise<void> }; what: string }) {
  return (
    <>
      {paged.error && <ErrorState message={paged.error} retry={() => void paged.older()} />}
      {paged.cursor && (
        <button type="button" className="secondary" disabled={paged.busy} onClick={() => void paged.older()}>
          {paged.busy ? "Loading…" : `Show older ${what}`}
        </button>
      )}
    </>
  );
}

/** The ledger, newest first, one page at a time ("Show older entries" appends the next). */
function Ledger({ version }: { version: number }) {
  const paged = usePaged<LedgerEntry>("/v1/ledger-entries", LEDGER_PAGE, version);
  const { first, rows } = paged;
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Ledger</h2>
      {first.loading && !first.data && <Loading what="Loading the ledger" />}
      {first.error && <ErrorState message={first.error} retry={first.reload} />}
      {first.data && rows.length === 0 && (
        <Empty>
          <p>No credit movements yet. Purchases, leads and refunds appear here.</p>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance after
                </th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-testid="ledger-entry">
                  <td data-label="Date">
                    <Time iso={e.created_at} />
                  </td>
                  <td data-label="Reason">{REASONS[e.reason] ?? e.reason}</td>
                  <td data-label="Amount" className={`num ${e.amount < 0 ? "debit" : "credit"}`}>
                    {e.amount > 0 ? `+${e.amount}` : e.amount}
                  </td>
                  <td data-label="Balance after" className="num">
                    {e.balance_after}
                  </td>
                  <td data-label="Reference" className="mono ellipsis" title={e.reference}>
                    {e.reference || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OlderButton paged={paged} what="entries" />
    </section>
  );
}

/** The invoices and monthly statements, newest first, each with its PDF. */
function Invoices({ version }: { version: number }) {
  const paged = usePaged<Invoice>("/v1/invoices", INVOICE_PAGE, version);
  const list = paged.first;
  const rows = paged.rows;
  return (
    <section aria-labelledby="invoices-title">
      <div className="page-head">
        <h2 id="invoices-title">Invoices</h2>
        <button type="button" className="secondary" onClick={list.reload}>
          Refresh
        </button>
      </div>
      {list.loading && !list.data && <Loading what="Loading invoices" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && rows.length === 0 && (
        <Empty>
          <p>No invoices yet. Each purchase gets one; monthly statements list the credits used.</p>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">PDF</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-testid="invoice">
                  <td data-label="Number" className="mono">
                    {i.number}
                  </td>
                  <td data-label="Date">
                    <Time iso={i.created_at} />
                  </td>
                  <td data-label="What">
                    {i.kind === "statement" ? `Statement ${i.period ?? ""}` : `${i.credits.toLocaleString()} credits`}
                  </td>
                  <td data-label="Amount" className="num">
                    {formatMoney(i.amount_cents, i.currency)}
                  </td>
                  <td data-label="PDF">
                    {i.pdf_ready ? (
                      // A plain link: the session cookie goes with it, the API answers an attachment.
                      <a href={i.download_url} download aria-label={`Download invoice ${i.number} (PDF)`}>
                        Download
                      </a>
                    ) : (
                      <span className="meta">being prepared — refresh in a minute</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OlderButton paged={paged} what="invoices" />
    </section>
  );
}

/**
 * The account's low-credit threshold (PATCH /v1/balance): the banner and the low-credit email use
 * it. Empty means the installation's default (null). One field, so every 400 is shown at it.
 */
function ThresholdForm({ balance, onSaved }: { balance: Balance; onSaved: (b: Balance) => void }) {
  const [value, setValue] = useState(balance.low_credit_threshold_is_default ? "" : String(balance.low_credit_threshold));
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      className="card"
      aria-labelledby="threshold-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const input = e.currentTarget.querySelector<HTMLInputElement>('[name="low_credit_threshold"]');
        setBusy(true);
        setError("");
        setDone("");
        try {
          const t = value.trim() === "" ? null : Number(value);
          const r = await api<Omit<Balance, "held_leads" | "updated_at">>("PATCH", "/v1/balance", { low_credit_threshold: t });
          onSaved({ ...balance, ...r });
          setDone(r.low_credit_threshold_is_default ? `Saved: the default, ${r.low_credit_threshold} credits.` : "Saved.");
        } catch (err) {
          if (err instanceof ApiError && err.status === 400) {
            setError(err.message);
            input?.focus();
          } else {
            setError(messageOf(err));
          }
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="threshold-title">Low-credit alert</h2>
      <TextField
        label="Alert when the balance is under (credits)"
        name="low_credit_threshold"
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={error}
        hint={`Empty: the default${balance.low_credit_threshold_is_default ? ` (${balance.low_credit_threshold})` : ""}. You get an email and the banner.`}
      />
      {done && (
        <p className="meta" role="status">
          {done}
        </p>
      )}
      <button type="submit" className="secondary" disabled={busy}>
        Save alert
      </button>
    </form>
  );
}

function CheckoutNotice({ result, confirmed, dismiss }: { result: string; confirmed: boolean; dismiss: () => void }) {
  if (result !== "success" && result !== "cancelled") return null;
  const ok = result === "success";
  return (
    <div className={`alert ${ok ? "ok" : "warn"}`} role="status" data-testid="checkout-notice">
      <p>
        {!ok && "Checkout was cancelled: nothing was charged."}
        {ok && !confirmed && "Payment received — credits appear when Stripe confirms it (usually within seconds)."}
        {ok && confirmed && "Payment received and confirmed: your credits are in your balance."}
      </p>
      <button type="button" className="link" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function Billing() {
  const query = useQuery();
  const checkout = query.get("checkout") ?? "";
  const sessionId = query.get("session_id") ?? "";
  const balance = useLoad(getBalance, []);
  const [version, setVersion] = useState(0);
  const [confirmed, setConfirmed] = useState(false);
  const usage = useLoad(creditsUsedPerDay, [version]);

  // Back from Checkout: poll until the purchase is in the ledger (or give up quietly).
  useEffect(() => {
    if (checkout !== "success") return;
    let stopped = false;
    let n = 0;
    let timer = 0;
    const tick = async () => {
      if (stopped) return;
      try {
        const r = await api<Page<LedgerEntry>>("GET", "/v1/ledger-entries?limit=20");
        const found = r.data.some((e) => e.reason === "purchase" && (!sessionId || e.reference === sessionId));
        if (found && !stopped) {
          setConfirmed(true);
          balance.reload();
          setVersion((v) => v + 1);
          return;
        }
      } catch {
        /* the page's own loads show errors */
      }
      if (++n < POLL_TIMES && !stopped) timer = window.setTimeout(() => void tick(), POLL_MS);
      else if (!stopped) {
        balance.reload();
        setVersion((v) => v + 1);
      }
    };
    timer = window.setTimeout(() => void tick(), 0);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checkout, sessionId]);

  return (
    <section>
      <PageTitle>Billing</PageTitle>
      <CheckoutNotice result={checkout} confirmed={confirmed} dismiss={() => navigate("/billing", true)} />
      <CreditBanners balance={balance.data} onBilling />
      <div className="grid2 top">
        <div>
          <BalanceCard balance={balance.data} loading={balance.loading} error={balance.error} reload={balance.reload} link={false} />
          {balance.data && <ThresholdForm balance={balance.data} onSaved={balance.setData} />}
        </div>
        <Packs />
      </div>
      <section className="card" aria-labelledby="usage-title">
        <h2 id="usage-title">Usage</h2>
        {usage.loading && !usage.data && <Loading what="Loading the usage chart" />}
        {usage.error && <ErrorState message={usage.error} retry={usage.reload} />}
        {usage.data && usage.data.every((n) => n === 0) && (
          <Empty>
            <p data-testid="usage-empty">No credits used for leads in the last 30 days.</p>
          </Empty>
        )}
        {usage.data && usage.data.some((n) => n > 0) && <UsageChart used={usage.data} />}
        <p className="hint">Counted from the ledger: credits charged for leads, less leads refunded.</p>
      </section>
      <Ledger version={version} />
      <Invoices version={version} />
      <BillingProfileForm />
    </section>
  );
}
