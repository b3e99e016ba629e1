// API keys: create (the secret is shown once), the list with last use, revoke.
import { useState } from "react";
import { api, messageOf, type ApiKey, type Page } from "../api";
import { CheckboxGroup, Empty, ErrorState, FormError, Loading, PageTitle, SecretOnce, TextField, Time, useForm, useLoad } from "../ui";

const SCOPES = ["leads:read", "campaigns:write", "webhooks:write", "billing:read"] as const;

export function ApiKeys() {
  const keys = useLoad(() => api<Page<ApiKey>>("GET", "/v1/api-keys"), []);
  const [secret, setSecret] = useState("");
  const [error, setError] = useState("");
  const f = useForm(["name", "scopes", "expires_at"]);
  const [v, setV] = useState({ name: "", scopes: ["leads:read"] as string[], expires: "" });
  return (
    <section>
      <PageTitle>API keys</PageTitle>
      <p className="hint">
        Keys let your own systems call the LeadOS API (<code>Authorization: Bearer lk_…</code>).
      </p>
      {secret && <SecretOnce title="Your new API key" secret={secret} onDone={() => setSecret("")} />}
      {error && <ErrorState message={error} />}
      {keys.loading && !keys.data && <Loading what="Loading keys" />}
      {keys.error && <ErrorState message={keys.error} retry={keys.reload} />}
      {keys.data && keys.data.data.length === 0 && (
        <Empty>
          <p>No API keys yet.</p>
        </Empty>
      )}
      {keys.data && keys.data.data.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((k) => (
                <tr key={k.id} data-testid="api-key">
                  <td data-label="Name">{k.name}</td>
                  <td data-label="Key" className="mono">{k.prefix}…</td>
                  <td data-label="Scopes">{k.scopes.join(", ")}</td>
                  <td data-label="Last used">
                    <Time iso={k.last_used_at} />
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${k.status}`}>{k.status}</span>
                    {k.expires_at && (
                      <div className="meta">
                        expires <Time iso={k.expires_at} />
                      </div>
                    )}
                  </td>
                  <td>
                    {k.status === "active" && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke ${k.name}`}
                        onClick={async () => {
                          if (!confirm(`Revoke the key "${k.name}"? Calls with it stop working at once.`)) return;
                          setError("");
                          try {
                            await api("DELETE", `/v1/api-keys/${k.id}`);
                            keys.reload();
                          } catch (e) {
                            setError(messageOf(e));
                          }
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        ref={f.formRef}
        noValidate
        className="card"
        aria-labelledby="new-key"
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            const body: Record<string, unknown> = { name: v.name, scopes: v.scopes };
            if (v.expires) body.expires_at = new Date(v.expires).toISOString();
            const k = await api<ApiKey>("POST", "/v1/api-keys", body);
            setSecret(k.secret ?? "");
            setV({ name: "", scopes: ["leads:read"], expires: "" });
            keys.reload();
          });
        }}
      >
        <h2 id="new-key">Create a key</h2>
        <FormError message={f.formError} />
        <TextField label="Name" name="name" hint="What uses it, e.g. “CRM sync”." value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.errors.name} />
        <CheckboxGroup legend="Scopes" name="scopes" options={SCOPES} value={v.scopes} onChange={(s) => setV({ ...v, scopes: s })} error={f.errors.scopes} />
        <TextField label="Expires (optional)" name="expires_at" type="date" value={v.expires} onChange={(e) => setV({ ...v, expires: e.target.value })} error={f.errors.expires_at} />
        <button type="submit" disabled={f.busy}>
          Create key
        </button>
      </form>
    </section>
  );
}
