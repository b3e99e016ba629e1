// The leads inbox (last 30 days): score, intent class, why (the quoted passage with the matched
// terms highlighted, fit criteria met and missed, enrichment), the source link; filters by
// campaign, minimum score and intent; mark contacted or not relevant; dismiss; CSV export.
import { useMemo, useState, type ReactNode } from "react";
import { api, messageOf, type Campaign, type Lead, type Page } from "../api";
import { Link } from "../router";
import { Empty, ErrorState, Loading, PageTitle, SelectField, TextField, Time, useLoad } from "../ui";

const DAY = 86400 * 1000;

/** `text` with every case-insensitive occurrence of `terms` wrapped in <mark>. */
export function highlight(text: string, terms: string[]): ReactNode[] {
  const words = terms.map((t) => t.replace(/\*$/, "")).filter((t) => t.length > 0);
  if (words.length === 0) return [text];
  const escaped = words.sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(${escaped.join("|")})`, "gi");
  return text.split(re).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

function enrichmentRows(e: Record<string, unknown> | undefined): [string, string][] {
  const rows: [string, string][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === null || v === undefined || v === "") return;
    if (typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if ("value" in o) return walk(prefix, o.value);
      for (const [k, x] of Object.entries(o)) walk(prefix ? `${prefix} ${k}` : k, x);
      return;
    }
    const text = (x: unknown): string => {
      if (x && typeof x === "object") {
        const o = x as Record<string, unknown>;
        return String(o.value ?? o.name ?? o.domain ?? JSON.stringify(o));
      }
      return String(x);
    };
    const shown = Array.isArray(v) ? v.map(text).join(", ") : text(v);
    if (shown) rows.push([prefix.replace(/_/g, " "), shown]);
  };
  walk("", e);
  return rows.slice(0, 12);
}

function LeadCard({ lead, onChange, onDismiss }: { lead: Lead; onChange: (l: Lead) => void; onDismiss: () => void }) {
  const [error, setError] = useState("");
  const p = lead.payload;
  const s = p?.score;
  const call = async (fn: () => Promise<void>) => {
    setError("");
    try {
      await fn();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const feedback = (value: string) =>
    call(async () => {
      const l = await api<Lead>("PUT", `/v1/leads/${lead.id}/feedback`, { feedback: value });
      onChange({ ...lead, feedback: l.feedback });
    });
  const title = p?.signal?.title || "(no title)";
  return (
    <li className="card lead" data-testid="lead">
      <div className="card-head">
        <h2>{p?.signal?.url ? <a href={p.signal.url} target="_blank" rel="noreferrer noopener">{title}</a> : title}</h2>
        <span className="score" title="score out of 100">
          {lead.score}
        </span>
      </div>
      <p className="meta">
        <span className={`badge intent-${lead.intent_class}`}>{lead.intent_class.replace(/_/g, " ")}</span> ·{" "}
        {lead.source} · <Time iso={lead.created_at} />
        {lead.feedback && (
          <>
            {" "}
            · <strong>{lead.feedback.replace(/_/g, " ")}</strong>
          </>
        )}
      </p>
      {!p && <p className="meta">The details of this lead have expired (30 days) or were deleted.</p>}
      {s && (
        <div className="why">
          <h3>Why</h3>
          {s.quoted_passage && <blockquote>{highlight(s.quoted_passage, s.matched_terms ?? [])}</blockquote>}
          {s.matched_terms && s.matched_terms.length > 0 && <p className="meta">Matched: {s.matched_terms.join(", ")}</p>}
          {((s.fit_met?.length ?? 0) > 0 || (s.fit_missed?.length ?? 0) > 0) && (
            <ul className="fit">
              {s.fit_met?.map((x) => (
                <li key={"m" + x} className="met">
                  ✓ {x}
                </li>
              ))}
              {s.fit_missed?.map((x) => (
                <li key={"x" + x} className="missed">
                  ✗ {x}
                </li>
              ))}
            </ul>
          )}
          {enrichmentRows(p?.enrichment).length > 0 && (
            <dl className="enrichment">
              {enrichmentRows(p?.enrichment).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="secondary" aria-pressed={lead.feedback === "contacted"} onClick={() => void feedback(lead.feedback === "contacted" ? "" : "contacted")}>
          Contacted
        </button>
        <button type="button" className="secondary" aria-pressed={lead.feedback === "not_relevant"} onClick={() => void feedback(lead.feedback === "not_relevant" ? "" : "not_relevant")}>
          Not relevant
        </button>
        <button
          type="button"
          className="danger"
          onClick={() =>
            void call(async () => {
              await api("POST", `/v1/leads/${lead.id}/dismiss`);
              onDismiss();
            })
          }
        >
          Dismiss
        </button>
      </div>
    </li>
  );
}

export function Leads() {
  const [campaignId, setCampaignId] = useState("");
  const [minScore, setMinScore] = useState("");
  const [intent, setIntent] = useState("");
  const [since] = useState(() => new Date(Date.now() - 30 * DAY).toISOString());
  const [more, setMore] = useState<{ busy: boolean; error: string }>({ busy: false, error: "" });

  const params = useMemo(() => {
    const q = new URLSearchParams({ created_after: since });
    if (campaignId) q.set("campaign_id", campaignId);
    if (minScore) q.set("min_score", minScore);
    return q;
  }, [since, campaignId, minScore]);

  const campaigns = useLoad(() => api<Page<Campaign>>("GET", "/v1/campaigns?limit=100"), []);
  const leads = useLoad(() => api<Page<Lead>>("GET", `/v1/leads?limit=50&${params}`), [params.toString()]);

  const shown = (leads.data?.data ?? []).filter((l) => !intent || l.intent_class === intent);
  const intents = Array.from(new Set((leads.data?.data ?? []).map((l) => l.intent_class)));

  const loadMore = async () => {
    if (!leads.data?.next_cursor) return;
    setMore({ busy: true, error: "" });
    try {
      const page = await api<Page<Lead>>("GET", `/v1/leads?limit=50&${params}&cursor=${encodeURIComponent(leads.data.next_cursor)}`);
      leads.setData({ data: [...leads.data.data, ...page.data], next_cursor: page.next_cursor });
      setMore({ busy: false, error: "" });
    } catch (e) {
      setMore({ busy: false, error: messageOf(e) });
    }
  };

  const replace = (l: Lead) =>
    leads.data && leads.setData({ ...leads.data, data: leads.data.data.map((x) => (x.id === l.id ? l : x)) });
  const remove = (id: string) =>
    leads.data && leads.setData({ ...leads.data, data: leads.data.data.filter((x) => x.id !== id) });

  return (
    <section>
      <div className="page-head">
        <PageTitle>Leads</PageTitle>
        <a className="button secondary" href={`/v1/leads/export.csv?${params}`} download="leads.csv">
          Export CSV
        </a>
      </div>
      <form className="filters-bar" onSubmit={(e) => e.preventDefault()} aria-label="Filter leads">
        <SelectField label="Campaign" name="campaign_id" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
          <option value="">All campaigns</option>
          {campaigns.data?.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Minimum score" name="min_score" type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} />
        <SelectField label="Intent" name="intent" value={intent} onChange={(e) => setIntent(e.target.value)}>
          <option value="">Any intent</option>
          {intents.map((i) => (
            <option key={i} value={i}>
              {i.replace(/_/g, " ")}
            </option>
          ))}
        </SelectField>
      </form>
      {leads.loading && !leads.data && <Loading what="Loading leads" />}
      {leads.error && <ErrorState message={leads.error} retry={leads.reload} />}
      {leads.data && shown.length === 0 && (
        <Empty>
          <p>No leads in the last 30 days{campaignId || minScore || intent ? " for these filters" : ""}.</p>
          <p>
            Leads arrive as your <Link href="/campaigns">active campaigns</Link> match new posts.
          </p>
          <button type="button" className="secondary" onClick={leads.reload}>
            Refresh
          </button>
        </Empty>
      )}
      {shown.length > 0 && (
        <>
          <p className="meta" aria-live="polite">
            {shown.length} lead{shown.length === 1 ? "" : "s"} shown.{" "}
            <button type="button" className="link" onClick={leads.reload}>
              Refresh
            </button>
          </p>
          <ul className="cards">
            {shown.map((l) => (
              <LeadCard key={l.id} lead={l} onChange={replace} onDismiss={() => remove(l.id)} />
            ))}
          </ul>
        </>
      )}
      {more.error && <ErrorState message={more.error} />}
      {leads.data?.next_cursor && (
        <button type="button" className="secondary" disabled={more.busy} onClick={() => void loadMore()}>
          {more.busy ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
