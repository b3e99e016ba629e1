// Webhooks: endpoints (create with the secret shown once, rotate, test event, enable/disable,
// replay since a time, delete) and the delivery log with each attempt and replay.
import { Fragment, useState } from "react";
import { api, messageOf, type Attempt, type Delivery, type Endpoint, type Page } from "../api";
import {
  CheckboxGroup,
  Empty,
  ErrorState,
  FormError,
  Loading,
  PageTitle,
  SecretOnce,
  SelectField,
  TextField,
  Time,
  useForm,
  useLoad,
} from "../ui";

const EVENT_TYPES = ["lead.created", "lead.erasure_requested", "endpoint.disabled", "credits.low"] as const;

function CreateEndpoint({ onCreated }: { onCreated: (e: Endpoint) => void }) {
  const f = useForm(["url", "description", "event_types"]);
  const [v, setV] = useState({ url: "", description: "", event_types: ["lead.created"] });
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="new-endpoint"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          const created = await api<Endpoint>("POST", "/v1/webhook-endpoints", v);
          setV({ url: "", description: "", event_types: ["lead.created"] });
          onCreated(created);
        });
      }}
    >
      <h2 id="new-endpoint">Add an endpoint</h2>
      <FormError message={f.formError} />
      <TextField label="URL" name="url" type="url" placeholder="https://example.com/leados" value={v.url} onChange={(e) => setV({ ...v, url: e.target.value })} error={f.errors.url} />
      <TextField label="Description" name="description" value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} error={f.errors.description} />
      <CheckboxGroup legend="Events" name="event_types" options={EVENT_TYPES} value={v.event_types} onChange={(t) => setV({ ...v, event_types: t })} error={f.errors.event_types} />
      <button type="submit" disabled={f.busy}>
        Add endpoint
      </button>
    </form>
  );
}

function EndpointCard({
  ep,
  onSecret,
  onChanged,
}: {
  ep: Endpoint;
  onSecret: (s: string) => void;
  onChanged: () => void;
}) {
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [since, setSince] = useState("");
  const call = async (fn: () => Promise<string | void>) => {
    setError("");
    setMessage("");
    try {
      const m = await fn();
      if (m) setMessage(m);
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const status = !ep.enabled ? "disabled" : ep.failing_since ? "failing" : "healthy";
  return (
    <li className="card" data-testid="endpoint">
      <div className="card-head">
        <h3 className="mono">{ep.url}</h3>
        <span className={`badge ${status}`}>{status}</span>
      </div>
      {ep.description && <p>{ep.description}</p>}
      <p className="meta">
        Events: {ep.event_types.join(", ")} · added <Time iso={ep.created_at} />
        {ep.failing_since && (
          <>
            {" "}
            · failing since <Time iso={ep.failing_since} />
          </>
        )}
      </p>
      {ep.disabled_reason && <p className="meta">Disabled: {ep.disabled_reason}</p>}
      {ep.last_error && <p className="meta">Last error: {ep.last_error}</p>}
      {message && (
        <p className="alert ok" role="status">
          {message}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={() => void call(async () => {
          await api("POST", `/v1/webhook-endpoints/${ep.id}/test`);
          return "A webhook.test event is on its way; see the delivery log.";
        })}>
          Send test event
        </button>
        <button type="button" className="secondary" onClick={() => void call(async () => {
          if (!confirm("Rotate the signing secret? The old one keeps signing for 24 hours.")) return;
          const r = await api<Endpoint>("POST", `/v1/webhook-endpoints/${ep.id}/rotate-secret`);
          if (r.secret) onSecret(r.secret);
        })}>
          Rotate secret
        </button>
        <button type="button" className="secondary" onClick={() => void call(async () => {
          await api("PATCH", `/v1/webhook-endpoints/${ep.id}`, { enabled: !ep.enabled });
        })}>
          {ep.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="danger" onClick={() => void call(async () => {
          if (!confirm(`Delete the endpoint ${ep.url}?`)) return;
          await api("DELETE", `/v1/webhook-endpoints/${ep.id}`);
        })}>
          Delete
        </button>
      </div>
      <form
        className="row replay-since"
        onSubmit={(e) => {
          e.preventDefault();
          void call(async () => {
            const r = await api<{ replayed: number }>("POST", `/v1/webhook-endpoints/${ep.id}/replay`, {
              since: new Date(since).toISOString(),
            });
            return `${r.replayed} deliveries queued again.`;
          });
        }}
      >
        <TextField label="Replay deliveries since" name="since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        <button type="submit" className="secondary" disabled={!since}>
          Replay
        </button>
      </form>
    </li>
  );
}

/** The attempts of one delivery, oldest first; loaded again when `count` changes (a new attempt). */
function Attempts({ id, count }: { id: string; count: number }) {
  const a = useLoad(() => api<Page<Attempt>>("GET", `/v1/deliveries/${id}/attempts`), [id, count]);
  if (a.loading) return <Loading what="Loading attempts" />;
  if (a.error) return <ErrorState message={a.error} retry={a.reload} />;
  if (!a.data || a.data.data.length === 0) return <p className="meta">No attempt yet.</p>;
  return (
    <ol className="attempts">
      {a.data.data.map((t) => (
        <li key={t.id}>
          #{t.attempt_number} <Time iso={t.attempted_at} /> · {t.http_status ? `HTTP ${t.http_status}` : t.error_class ?? "no answer"} ·{" "}
          {t.latency_ms} ms
          {t.response_excerpt && <code className="excerpt">{t.response_excerpt}</code>}
        </li>
      ))}
    </ol>
  );
}

function DeliveryLog({ endpoints, version }: { endpoints: Endpoint[]; version: number }) {
  const [endpointId, setEndpointId] = useState("");
  const [status, setStatus] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState("");
  const q = new URLSearchParams({ limit: "50" });
  if (endpointId) q.set("endpoint_id", endpointId);
  if (status) q.set("status", status);
  const log = useLoad(() => api<Page<Delivery>>("GET", `/v1/deliveries?${q}`), [q.toString(), version]);
  const urlOf = (id: string) => endpoints.find((e) => e.id === id)?.url ?? id;
  return (
    <section aria-labelledby="log-title">
      <div className="page-head">
        <h2 id="log-title">Delivery log</h2>
        <button type="button" className="secondary" onClick={log.reload}>
          Refresh
        </button>
      </div>
      <form className="filters-bar" onSubmit={(e) => e.preventDefault()} aria-label="Filter deliveries">
        <SelectField label="Endpoint" name="endpoint_id" value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
          <option value="">All endpoints</option>
          {endpoints.map((e) => (
            <option key={e.id} value={e.id}>
              {e.url}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {["pending", "delivering", "succeeded", "failed", "dead"].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </SelectField>
      </form>
      {error && <ErrorState message={error} />}
      {log.loading && !log.data && <Loading what="Loading deliveries" />}
      {log.error && <ErrorState message={log.error} retry={log.reload} />}
      {log.data && log.data.data.length === 0 && (
        <Empty>
          <p>No deliveries yet. Send a test event to an endpoint to see one here.</p>
        </Empty>
      )}
      {log.data && log.data.data.length > 0 && (
        <div className="table-wrap">
          <table className="deliveries stack">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.data.map((d) => (
                <Fragment key={d.id}>
                  <tr data-testid="delivery">
                    <td data-label="Event">{d.event_type}</td>
                    <td data-label="Endpoint" className="mono ellipsis">{urlOf(d.endpoint_id)}</td>
                    <td data-label="Status">
                      <span className={`badge ${d.status}`}>{d.status}</span>
                      {d.last_error && <div className="meta">{d.last_error}</div>}
                    </td>
                    <td data-label="Attempts">
                      <button type="button" className="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                        {d.attempt_count} attempt{d.attempt_count === 1 ? "" : "s"}
                      </button>
                    </td>
                    <td data-label="Created">
                      <Time iso={d.created_at} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={d.status === "delivering" || d.status === "pending"}
                        onClick={async () => {
                          setError("");
                          try {
                            await api("POST", `/v1/deliveries/${d.id}/replay`);
                            log.reload();
                          } catch (e) {
                            setError(messageOf(e));
                          }
                        }}
                      >
                        Replay
                      </button>
                    </td>
                  </tr>
                  {open === d.id && (
                    <tr>
                      <td colSpan={6}>
                        <Attempts id={d.id} count={d.attempt_count} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Webhooks() {
  const eps = useLoad(() => api<Page<Endpoint>>("GET", "/v1/webhook-endpoints"), []);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [version, setVersion] = useState(0);
  const changed = () => {
    eps.reload();
    setVersion((n) => n + 1);
  };
  return (
    <section>
      <PageTitle>Webhooks</PageTitle>
      <p className="hint">
        LeadOS POSTs signed events (Standard Webhooks) to your endpoints and retries for about 28 hours.
      </p>
      {secret && <SecretOnce title={secret.title} secret={secret.value} onDone={() => setSecret(null)} />}
      {eps.loading && !eps.data && <Loading what="Loading endpoints" />}
      {eps.error && <ErrorState message={eps.error} retry={eps.reload} />}
      {eps.data && eps.data.data.length === 0 && (
        <Empty>
          <p>No endpoints yet. Add one below to receive leads as they arrive.</p>
        </Empty>
      )}
      {eps.data && eps.data.data.length > 0 && (
        <ul className="cards">
          {eps.data.data.map((ep) => (
            <EndpointCard key={ep.id} ep={ep} onChanged={changed} onSecret={(s) => setSecret({ title: "The new signing secret", value: s })} />
          ))}
        </ul>
      )}
      <CreateEndpoint
        onCreated={(e) => {
          if (e.secret) setSecret({ title: "Your endpoint's signing secret", value: e.secret });
          changed();
        }}
      />
      <DeliveryLog endpoints={eps.data?.data ?? []} version={version} />
    </section>
  );
}
