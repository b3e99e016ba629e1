// Policies (issue 9, "policy changes"): the published versions of the privacy policy and the
// terms with how many users accepted each (adminListPolicies), and the form that publishes a new
// version (adminPublishPolicy), which emails every account holder; errors go next to their field.
import { useState } from "react";
import { Empty, ErrorState, FormError, Loading, PageTitle, SelectField, TextArea, TextField, Time, useForm, useLoad } from "../ui";
import { adminApi } from "./adminApi";

interface PolicyRow {
  id: string;
  kind: "privacy" | "terms";
  version: string;
  published_at: string;
  summary: string;
  published_by: string;
  acceptances: number;
  current: boolean;
}

const FIELDS = ["kind", "version", "summary"] as const;
const TITLES = { privacy: "Privacy policy", terms: "Terms of service" };

export function PoliciesPage() {
  const list = useLoad(() => adminApi<{ data: PolicyRow[] }>("GET", "/admin/api/policies"), []);
  const f = useForm(FIELDS);
  const [v, setV] = useState({ kind: "terms", version: "", summary: "" });
  const [done, setDone] = useState("");
  return (
    <section>
      <PageTitle>Policies</PageTitle>
      <h2>Publish a new version</h2>
      <p className="hint">
        Update the page text first, then publish: every account holder is emailed the summary, and the portal asks each
        user to accept the new version.
      </p>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone("");
          void f.run(async () => {
            const r = await adminApi<{ policy: PolicyRow; emails_queued: number }>("POST", "/admin/api/policies", v);
            setDone(
              `Published ${TITLES[r.policy.kind].toLowerCase()} ${r.policy.version}; ${r.emails_queued} account holders emailed.`,
            );
            setV({ ...v, version: "", summary: "" });
            list.reload();
          });
        }}
      >
        <FormError message={f.formError} />
        <SelectField label="Policy" name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })} error={f.errors.kind}>
          <option value="terms">Terms of service</option>
          <option value="privacy">Privacy policy</option>
        </SelectField>
        <TextField
          label="Version"
          name="version"
          value={v.version}
          onChange={(e) => setV({ ...v, version: e.target.value })}
          error={f.errors.version}
          hint="e.g. 2026-11-30: letters, digits, '.', '_' and '-'"
        />
        <TextArea
          label="What changed"
          name="summary"
          rows={4}
          value={v.summary}
          onChange={(e) => setV({ ...v, summary: e.target.value })}
          error={f.errors.summary}
          hint="Emailed to every account holder and shown in the portal's acceptance dialog."
        />
        <button type="submit" disabled={f.busy}>
          {f.busy ? "Publishing…" : "Publish and email users"}
        </button>
      </form>
      {done && (
        <p className="alert ok" role="status" data-testid="policy-published">
          {done}
        </p>
      )}
      <h2>Published versions</h2>
      {list.loading && !list.data && <Loading what="Loading policies" />}
      {list.error && <ErrorState message={list.error} retry={list.reload} />}
      {list.data && list.data.data.length === 0 && (
        <Empty>
          <p>None yet: the bundled version 2026-11-01 of both texts is current.</p>
        </Empty>
      )}
      {list.data && list.data.data.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">Accepted by</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((p) => (
                <tr key={p.id} data-testid="policy-row">
                  <td data-label="Policy">{TITLES[p.kind]}</td>
                  <td data-label="Version">
                    {p.version}
                    {p.current ? " (current)" : ""}
                  </td>
                  <td data-label="Published">
                    <Time iso={p.published_at} />
                  </td>
                  <td data-label="Accepted by">{p.acceptances} users</td>
                  <td data-label="What changed">{p.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
