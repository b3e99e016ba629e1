// Billing pieces shared by the Dashboard and the Billing page: the credit banners (low balance,
// leads held for lack of credits), the balance card and the 30-day usage chart (SVG drawn here,
// like the dashboard's leads chart: no chart library).
import { useId } from "react";
import { Link } from "../router";
import { ErrorState, Loading } from "../ui";
import { isLow, type Balance } from "./billingApi";

const DAY = 86400 * 1000;

/**
 * The banners above a page: the balance is under the account's low-credit threshold (the
 * threshold comes with GET /v1/balance), and leads are held for lack of credits. Each links to
 * Billing unless `onBilling` (the Billing page itself shows them without the link).
 */
export function CreditBanners({ balance, onBilling = false }: { balance: Balance | null; onBilling?: boolean }) {
  if (!balance) return null;
  const buy = onBilling ? null : (
    <>
      {" "}
      <Link href="/billing">Buy credits</Link>
    </>
  );
  return (
    <>
      {isLow(balance) && (
        <div className="alert warn" role="status" data-testid="low-credit-banner">
          <p>
            <strong>Your credits are low:</strong> {balance.balance} left, under your alert threshold of{" "}
            {balance.low_credit_threshold}.{buy}
          </p>
        </div>
      )}
      {balance.held_leads > 0 && (
        <div className="alert warn" role="status" data-testid="held-leads-banner">
          <p>
            <strong>
              {balance.held_leads} lead{balance.held_leads === 1 ? " is" : "s are"} on hold
            </strong>{" "}
            for lack of credits. They are delivered, oldest first, as soon as credits arrive, and expire
            unused after the hold period.{buy}
          </p>
        </div>
      )}
    </>
  );
}

/** The balance card: loading, error (with retry) or the balance and its threshold. */
export function BalanceCard({
  balance,
  loading,
  error,
  reload,
  link = true,
}: {
  balance: Balance | null;
  loading: boolean;
  error: string;
  reload: () => void;
  link?: boolean;
}) {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>Credit balance</h2>
      {loading && !balance && <Loading what="Loading the balance" />}
      {error && <ErrorState message={error} retry={reload} />}
      {balance && (
        <>
          <p className="big" data-testid="balance">
            {balance.balance}
          </p>
          <p className="meta">
            credits · alert under {balance.low_credit_threshold}
            {balance.held_leads > 0 && ` · ${balance.held_leads} held lead${balance.held_leads === 1 ? "" : "s"}`}
            {link && (
              <>
                {" "}
                · <Link href="/billing">Billing</Link>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}

/** A bar chart of 30 daily credit counts (oldest first); the numbers also in a hidden table. */
export function UsageChart({ used }: { used: number[] }) {
  const titleId = useId();
  const max = Math.max(1, ...used);
  const total = used.reduce((a, b) => a + b, 0);
  const w = 600;
  const h = 160;
  const bar = w / used.length;
  const day = (i: number) => new Date(Date.now() - (29 - i) * DAY).toISOString().slice(5, 10);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>Credits used per day over the last 30 days</title>
        <line x1="0" y1={h} x2={w} y2={h} className="axis" />
        {used.map((c, i) => {
          const bh = (c / max) * (h - 10);
          return (
            <rect key={i} x={i * bar + 2} y={h - bh} width={bar - 4} height={bh} className={i === 29 ? "bar today" : "bar"}>
              <title>
                {day(i)}: {c}
              </title>
            </rect>
          );
        })}
        <text x="0" y={h + 16} className="tick">
          {day(0)}
        </text>
        <text x={w} y={h + 16} className="tick" textAnchor="end">
          today
        </text>
      </svg>
      <figcaption data-testid="usage-caption">
        Credits used per day, last 30 days: {total} in all (highest day: {total === 0 ? 0 : max}).
      </figcaption>
      <table className="visually-hidden">
        <caption>Credits used per day</caption>
        <tbody>
          {used.map((c, i) => (
            <tr key={i}>
              <th scope="row">{day(i)}</th>
              <td>{c}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
