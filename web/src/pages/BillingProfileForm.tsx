// The billing address form (GET/PUT /v1/billing/profile): who invoices are made out to. The API
// checks every field and names it first in its message ("name: is required", "country: must be a
// two-letter ISO 3166-1 code…"); each message is shown at its field. A line of the address is named
// "address_lines[1]: …", which fieldOf() does not read, so this form maps it to its input itself.
import { useEffect, useState } from "react";
import { ApiError, api, messageOf } from "../api";
import { ErrorState, FormError, Loading, TextField, useForm, useLoad } from "../ui";
import type { BillingProfile } from "./billingApi";

const FIELDS = ["name", "company", "address_lines", "address_lines.1", "address_lines.2", "postal_code", "city", "country", "vat_id"] as const;

interface Values {
  name: string;
  company: string;
  line1: string;
  line2: string;
  line3: string;
  postal_code: string;
  city: string;
  country: string;
  vat_id: string;
}

const EMPTY: Values = { name: "", company: "", line1: "", line2: "", line3: "", postal_code: "", city: "", country: "", vat_id: "" };

function toValues(p: BillingProfile): Values {
  const l = p.address_lines;
  return {
    name: p.name,
    company: p.company,
    line1: l[0] ?? "",
    line2: l[1] ?? "",
    line3: l[2] ?? "",
    postal_code: p.postal_code,
    city: p.city,
    country: p.country,
    vat_id: p.vat_id,
  };
}

/** The saved profile, or null when none is saved yet (the API answers 404 then). */
async function loadProfile(): Promise<BillingProfile | null> {
  try {
    return await api<BillingProfile>("GET", "/v1/billing/profile");
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function BillingProfileForm() {
  const profile = useLoad(loadProfile, []);
  const f = useForm(FIELDS);
  const [v, setV] = useState<Values>(EMPTY);
  const [saved, setSaved] = useState("");
  useEffect(() => {
    if (profile.data) setV(toValues(profile.data));
  }, [profile.data]);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="profile-title"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved("");
        void f.run(async () => {
          const body = {
            name: v.name,
            company: v.company,
            address_lines: [v.line1, v.line2, v.line3],
            postal_code: v.postal_code,
            city: v.city,
            country: v.country,
            vat_id: v.vat_id,
          };
          try {
            const stored = await api<BillingProfile>("PUT", "/v1/billing/profile", body);
            profile.setData(stored);
            setSaved("Billing address saved. Invoices issued from now on use it.");
          } catch (err) {
            // "address_lines[i]: …" → the input of line i + 1 (line 1 is "address_lines").
            const m = /^address_lines\[(\d+)\]/.exec(messageOf(err));
            if (!m) throw err;
            const name = m[1] === "0" ? "address_lines" : `address_lines.${m[1]}`;
            f.setErrors({ [name]: messageOf(err) });
            requestAnimationFrame(() => f.formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus());
          }
        });
      }}
    >
      <h2 id="profile-title">Billing address</h2>
      <p className="hint">Printed on your invoices. Changes apply to invoices issued from now on.</p>
      {profile.loading && !profile.data && <Loading what="Loading the billing address" />}
      {profile.error && <ErrorState message={profile.error} retry={profile.reload} />}
      {!profile.loading && !profile.error && profile.data === null && (
        <p className="meta" data-testid="no-profile">
          No billing address saved yet.
        </p>
      )}
      <FormError message={f.formError} />
      {saved && (
        <div className="alert ok" role="status">
          {saved}
        </div>
      )}
      <TextField label="Name" name="name" autoComplete="name" value={v.name} onChange={set("name")} error={f.errors.name} hint="The person or business billed." />
      <TextField label="Company (optional)" name="company" autoComplete="organization" value={v.company} onChange={set("company")} error={f.errors.company} />
      <TextField label="Address line 1" name="address_lines" autoComplete="address-line1" value={v.line1} onChange={set("line1")} error={f.errors.address_lines} />
      <TextField label="Address line 2 (optional)" name="address_lines.1" autoComplete="address-line2" value={v.line2} onChange={set("line2")} error={f.errors["address_lines.1"]} />
      <TextField label="Address line 3 (optional)" name="address_lines.2" autoComplete="address-line3" value={v.line3} onChange={set("line3")} error={f.errors["address_lines.2"]} />
      <div className="grid2">
        <TextField label="Postal code" name="postal_code" autoComplete="postal-code" value={v.postal_code} onChange={set("postal_code")} error={f.errors.postal_code} />
        <TextField label="City" name="city" autoComplete="address-level2" value={v.city} onChange={set("city")} error={f.errors.city} />
        <TextField
          label="Country"
          name="country"
          autoComplete="country"
          maxLength={2}
          value={v.country}
          onChange={set("country")}
          error={f.errors.country}
          hint="Two letters, e.g. DE, FR or US."
        />
        <TextField label="VAT ID (optional)" name="vat_id" value={v.vat_id} onChange={set("vat_id")} error={f.errors.vat_id} hint="e.g. DE123456789" />
      </div>
      <button type="submit" disabled={f.busy || (profile.loading && !profile.data && !profile.error)}>
        Save billing address
      </button>
    </form>
  );
}
