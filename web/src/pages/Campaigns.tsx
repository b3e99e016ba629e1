// Campaigns: the list (pause, resume, delete), and the create / edit form with the live query
// editor, filters, channels and a supply-scan estimate before launch.
import { useEffect, useState } from "react";
import { api, messageOf, type Campaign, type Page, type SupplyScan } from "../api";
import { Link, navigate } from "../router";
import {
  CheckboxGroup,
  Empty,
  ErrorState,
  FormError,
  Loading,
  PageTitle,
  SelectField,
  TextField,
  Time,
  useForm,
  useLoad,
} from "../ui";
import { QueryEditor } from "./QueryEditor";

const SOURCES = ["hn", "reddit", "rss", "greenhouse", "lever", "ashby", "press", "jobpage"] as const;
const CHANNELS = ["portal", "webhook", "api", "email"] as const;
const FIELDS = [
  "name",
  "query",
  "filters.sources",
  "filters.languages",
  "filters.regions",
  "filters.industries",
  "filters.roles",
  "filters.seniority",
  "filters.company_size.min",
  "filters.company_size.max",
  "min_score",
  "channels",
  "digest",
  "daily_credit_cap",
] as const;

export function CampaignList() {
  const list = useLoad(() => api<Page<Campaign>>("GET", "/v1/campaigns?limit=100"), []);
  const [actionError, setActionError] = useState("");
  const act = async (c: Campaign, what: "pause" | "resume" | "delete") => {
    setActionError("");
    try {
      if (what === "delete") {
        if (!confirm(`Delete the campaign "${c.name}"? It stops at once.`)) return;
        await api("DELETE", `/v1/campaigns/${c.id}`);
      } else {
        await api("POST", `/v1/campaigns/${c.id}/${what}`);
      }
      list.reload();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };
  return (
    <section>
      <div className="page-head">
        <PageTitle>Campaigns</PageTitle>
        <Link href="/campaigns/new" className="button">
          New campaign
        </Link>
      </div>
      {actionError && <ErrorState message={actionError} />}
      {list.loading && !list.data && <Loading what="Loading campaigns" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && list.data.data.length === 0 && (
        <Empty>
          <p>No campaigns yet. A campaign is a query that finds people asking for what you sell.</p>
          <Link href="/campaigns/new" className="button">
            Create your first campaign
          </Link>
        </Empty>
      )}
      {list.data && list.data.data.length > 0 && (
        <ul className="cards">
          {list.data.data.map((c) => (
            <li key={c.id} className="card">
              <div className="card-head">
                <h2>
                  <Link href={`/campaigns/${c.id}`}>{c.name}</Link>
                </h2>
                <span className={`badge ${c.status}`}>{c.status}</span>
              </div>
              <code className="mono query">{c.query}</code>
              <p className="meta">
                Channels: {c.channels.join(", ")} · minimum score {c.min_score} · changed{" "}
                <Time iso={c.updated_at} />
              </p>
              <div className="row">
                {c.status === "active" ? (
                  <button type="button" className="secondary" onClick={() => void act(c, "pause")}>
                    Pause
                  </button>
                ) : (
                  <button type="button" className="secondary" onClick={() => void act(c, "resume")}>
                    {c.status === "draft" ? "Launch" : "Resume"}
                  </button>
                )}
                <button type="button" className="danger" onClick={() => void act(c, "delete")}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface FormState {
  name: string;
  query: string;
  sources: string[];
  languages: string;
  regions: string;
  industries: string;
  roles: string;
  seniority: string;
  sizeMin: string;
  sizeMax: string;
  min_score: string;
  channels: string[];
  digest: string;
  daily_credit_cap: string;
}

const empty: FormState = {
  name: "",
  query: "",
  sources: [],
  languages: "",
  regions: "",
  industries: "",
  roles: "",
  seniority: "",
  sizeMin: "",
  sizeMax: "",
  min_score: "0.5",
  channels: ["portal"],
  digest: "daily",
  daily_credit_cap: "",
};

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === "" ? null : Number(s));

function fromCampaign(c: Campaign): FormState {
  const f = c.filters ?? {};
  return {
    name: c.name,
    query: c.query,
    sources: f.sources ?? [],
    languages: (f.languages ?? []).join(", "),
    regions: (f.regions ?? []).join(", "),
    industries: (f.industries ?? []).join(", "),
    roles: (f.roles ?? []).join(", "),
    seniority: (f.seniority ?? []).join(", "),
    sizeMin: f.company_size?.min?.toString() ?? "",
    sizeMax: f.company_size?.max?.toString() ?? "",
    min_score: String(c.min_score),
    channels: c.channels,
    digest: c.digest ?? "daily",
    daily_credit_cap: c.daily_credit_cap?.toString() ?? "",
  };
}

function body(v: FormState) {
  const min = num(v.sizeMin);
  const max = num(v.sizeMax);
  return {
    name: v.name,
    query: v.query,
    filters: {
      sources: v.sources,
      languages: list(v.languages),
      regions: list(v.regions),
      industries: list(v.industries),
      roles: list(v.roles),
      seniority: list(v.seniority),
      company_size: min === null && max === null ? null : { min, max },
    },
    min_score: Number(v.min_score),
    channels: v.channels,
    digest: v.digest,
    daily_credit_cap: num(v.daily_credit_cap),
  };
}

export function CampaignEdit({ id }: { id: string | null }) {
  const [v, setV] = useState<FormState>(empty);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [loadError, setLoadError] = useState("");
  const [saved, setSaved] = useState("");
  const f = useForm(FIELDS);

  useEffect(() => {
    if (!id) return;
    api<Campaign>("GET", `/v1/campaigns/${id}`).then(
      (c) => {
        setCampaign(c);
        setV(fromCampaign(c));
      },
      (e) => setLoadError(messageOf(e)),
    );
  }, [id]);

  if (id && loadError) return <ErrorState message={loadError} />;
  if (id && !campaign) return <Loading what="Loading the campaign" />;

  const set = (k: keyof FormState) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setV({ ...v, [k]: e.target.value });

  const save = (launch: boolean) =>
    f.run(async () => {
      setSaved("");
      if (!campaign) {
        const c = await api<Campaign>("POST", "/v1/campaigns", {
          ...body(v),
          status: launch ? "active" : "draft",
        });
        navigate(`/campaigns/${c.id}`, true);
        setCampaign(c);
        setSaved(launch ? "The campaign is live." : "Saved as a draft.");
        return;
      }
      let c = await api<Campaign>("PATCH", `/v1/campaigns/${campaign.id}`, body(v), {
        headers: { "If-Match": `"${campaign.revision}"` },
      });
      if (launch && c.status !== "active") c = await api<Campaign>("POST", `/v1/campaigns/${c.id}/resume`);
      setCampaign(c);
      setV(fromCampaign(c));
      setSaved(launch ? "Saved; the campaign is live." : "Saved.");
    });

  return (
    <section>
      <PageTitle>{campaign ? `Campaign: ${campaign.name}` : "New campaign"}</PageTitle>
      {campaign && (
        <p className="meta">
          Status <span className={`badge ${campaign.status}`}>{campaign.status}</span> · revision{" "}
          {campaign.revision}
        </p>
      )}
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <FormError message={f.formError} />
        {saved && (
          <p className="alert ok" role="status">
            {saved}
          </p>
        )}
        <TextField label="Name" name="name" value={v.name} onChange={set("name")} error={f.errors.name} />
        <QueryEditor value={v.query} onChange={(q) => setV({ ...v, query: q })} error={f.errors.query} />
        <details open={Boolean(id)} className="filters">
          <summary>Filters</summary>
          <CheckboxGroup
            legend="Sources (none ticked: all)"
            name="filters.sources"
            options={SOURCES}
            value={v.sources}
            onChange={(s) => setV({ ...v, sources: s })}
            error={f.errors["filters.sources"]}
          />
          <div className="grid2">
            <TextField label="Languages" name="filters.languages" hint="ISO codes, comma-separated: en, de" value={v.languages} onChange={set("languages")} error={f.errors["filters.languages"]} />
            <TextField label="Regions" name="filters.regions" value={v.regions} onChange={set("regions")} error={f.errors["filters.regions"]} />
            <TextField label="Industries" name="filters.industries" value={v.industries} onChange={set("industries")} error={f.errors["filters.industries"]} />
            <TextField label="Roles" name="filters.roles" value={v.roles} onChange={set("roles")} error={f.errors["filters.roles"]} />
            <TextField label="Seniority" name="filters.seniority" value={v.seniority} onChange={set("seniority")} error={f.errors["filters.seniority"]} />
            <TextField label="Company size from" name="filters.company_size.min" type="number" min={0} value={v.sizeMin} onChange={set("sizeMin")} error={f.errors["filters.company_size.min"]} />
            <TextField label="Company size to" name="filters.company_size.max" type="number" min={0} value={v.sizeMax} onChange={set("sizeMax")} error={f.errors["filters.company_size.max"]} />
          </div>
        </details>
        <div className="grid2">
          <TextField label="Minimum score (0 to 1)" name="min_score" type="number" step="0.05" min={0} max={1} value={v.min_score} onChange={set("min_score")} error={f.errors.min_score} />
          <TextField label="Daily credit cap" name="daily_credit_cap" type="number" min={1} hint="Empty: no cap." value={v.daily_credit_cap} onChange={set("daily_credit_cap")} error={f.errors.daily_credit_cap} />
        </div>
        <CheckboxGroup legend="Channels" name="channels" options={CHANNELS} value={v.channels} onChange={(c) => setV({ ...v, channels: c })} error={f.errors.channels} />
        {v.channels.includes("email") && (
          <SelectField label="Email digest" name="digest" value={v.digest} onChange={set("digest")} error={f.errors.digest}>
            <option value="daily">daily</option>
            <option value="hourly">hourly</option>
          </SelectField>
        )}
        <SupplyScanPanel form={v} />
        <div className="row">
          <button type="submit" className="secondary" disabled={f.busy}>
            {campaign ? "Save" : "Save as draft"}
          </button>
          {campaign?.status !== "active" && (
            <button type="button" disabled={f.busy} onClick={() => void save(true)}>
              {campaign ? "Save and launch" : "Launch"}
            </button>
          )}
          {campaign?.status === "active" && (
            <button type="button" disabled={f.busy} onClick={() => void save(false)}>
              Save changes
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Estimates what the query would yield (startSupplyScan, polled until done) before launch. */
function SupplyScanPanel({ form }: { form: FormState }) {
  const [scan, setScan] = useState<SupplyScan | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError("");
    setScan(null);
    try {
      let s = await api<SupplyScan>("POST", "/v1/supply-scans", {
        query: form.query,
        filters: { sources: form.sources, languages: list(form.languages) },
        min_score: Number(form.min_score) || 0,
        notify: false,
      });
      setScan(s);
      for (let i = 0; i < 120 && (s.status === "queued" || s.status === "running"); i++) {
        await new Promise((r) => setTimeout(r, 1000));
        s = await api<SupplyScan>("GET", `/v1/supply-scans/${s.id}`);
        setScan(s);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const r = scan?.result;
  return (
    <section className="scan" aria-labelledby="scan-title">
      <h2 id="scan-title">Supply estimate</h2>
      <p className="hint">Scans the signals of the last days for this query before you launch it.</p>
      <button type="button" className="secondary" onClick={() => void start()} disabled={busy || !form.query.trim()}>
        {busy ? "Scanning…" : "Estimate supply"}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite" data-testid="scan-result">
        {scan && (scan.status === "queued" || scan.status === "running") && <Loading what="Scanning recent signals" />}
        {scan?.status === "failed" && <ErrorState message={scan.error ?? "The scan failed."} />}
        {r && (
          <div className="scan-result">
            <dl className="stats">
              <div>
                <dt>Matches</dt>
                <dd>
                  {r.matches} in {r.window.days} days ({r.matches_per_day}/day)
                </dd>
              </div>
              <div>
                <dt>Leads a month</dt>
                <dd>{r.estimate.leads_per_month}</dd>
              </div>
              <div>
                <dt>Credits a month</dt>
                <dd>{r.estimate.credits_per_month}</dd>
              </div>
              <div>
                <dt>Signals scanned</dt>
                <dd>{r.signals_in_window}</dd>
              </div>
            </dl>
            {r.by_source.length > 0 && (
              <p className="meta">By source: {r.by_source.map((s) => `${s.source} ${s.per_day}/day`).join(", ")}</p>
            )}
            {scan?.examples && scan.examples.length > 0 && (
              <ul className="examples">
                {scan.examples.map((e, i) => (
                  <li key={i}>
                    {e.title} <span className="meta">({e.site})</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
