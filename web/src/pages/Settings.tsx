// Settings: the profile (name and — owners only — company name editable through updateProfile;
// email, role, billing address shown; the address is edited on the Billing page), change email
// (confirmed by a link sent to the new address), change password, download my data
// (exportAccountData) and close the account (closeAccount: password again and a confirmation;
// then the session is gone and /account-closed shows the reopen deadline). docs/privacy.md.
import { useState } from "react";
import { api, setCsrfToken } from "../api";
import { navigate } from "../router";
import { useSession } from "../session";
import { Checkbox, FormError, PageTitle, TextField, useForm } from "../ui";

function EditProfile() {
  const { me, refresh } = useSession();
  const owner = me?.user?.role === "owner";
  const f = useForm(["name", "company_name"]);
  const [v, setV] = useState({ name: me?.user?.name ?? "", company_name: me?.account.company_name ?? "" });
  const [saved, setSaved] = useState(false);
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="profile-edit-title"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          setSaved(false);
          await api("PATCH", "/v1/me", owner ? v : { name: v.name });
          await refresh();
          setSaved(true);
        });
      }}
    >
      <h2 id="profile-edit-title">Edit profile</h2>
      <FormError message={f.formError} />
      {saved && (
        <p className="alert ok" role="status">
          Profile saved.
        </p>
      )}
      <TextField label="Your name" name="name" autoComplete="name" maxLength={200} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.errors.name} />
      {owner && (
        <TextField label="Company name" name="company_name" autoComplete="organization" maxLength={200} value={v.company_name} onChange={(e) => setV({ ...v, company_name: e.target.value })} error={f.errors.company_name} />
      )}
      <button type="submit" disabled={f.busy}>
        Save profile
      </button>
    </form>
  );
}

function ChangeEmail() {
  const f = useForm(["current_password", "new_email"]);
  const [v, setV] = useState({ current_password: "", new_email: "" });
  const [sent, setSent] = useState("");
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="email-title"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          const r = await api<{ message: string }>("POST", "/v1/me/email", v);
          setSent(r.message);
          setV({ current_password: "", new_email: "" });
        });
      }}
    >
      <h2 id="email-title">Change email</h2>
      <FormError message={f.formError} />
      {sent && (
        <p className="alert ok" role="status">
          {sent}
        </p>
      )}
      <TextField label="New email" name="new_email" type="email" autoComplete="email" value={v.new_email} onChange={(e) => setV({ ...v, new_email: e.target.value })} error={f.errors.new_email} />
      <TextField label="Current password" name="current_password" type="password" autoComplete="current-password" value={v.current_password} onChange={(e) => setV({ ...v, current_password: e.target.value })} error={f.errors.current_password} />
      <button type="submit" disabled={f.busy}>
        Send confirmation link
      </button>
    </form>
  );
}

function ChangePassword() {
  const f = useForm(["current_password", "new_password"]);
  const [v, setV] = useState({ current_password: "", new_password: "" });
  const [done, setDone] = useState(false);
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card"
      aria-labelledby="password-title"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          setDone(false);
          const r = await api<{ csrf_token: string }>("POST", "/v1/me/password", v);
          setCsrfToken(r.csrf_token);
          setV({ current_password: "", new_password: "" });
          setDone(true);
        });
      }}
    >
      <h2 id="password-title">Change password</h2>
      <FormError message={f.formError} />
      {done && (
        <p className="alert ok" role="status">
          Password changed. Your other sessions were signed out.
        </p>
      )}
      <TextField label="Current password" name="current_password" type="password" autoComplete="current-password" value={v.current_password} onChange={(e) => setV({ ...v, current_password: e.target.value })} error={f.errors.current_password} />
      <TextField label="New password" name="new_password" type="password" autoComplete="new-password" hint="At least 10 characters." value={v.new_password} onChange={(e) => setV({ ...v, new_password: e.target.value })} error={f.errors.new_password} />
      <button type="submit" disabled={f.busy}>
        Change password
      </button>
    </form>
  );
}

function DownloadData() {
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p>
        Everything LeadOS keeps about your account — users, campaigns and their history, API keys
        (without the keys), webhook endpoints (without secrets), credits, invoices and the audit
        log — as one JSON file.
      </p>
      {/* A plain download: the session cookie authenticates the GET, the answer is an attachment. */}
      <a className="button secondary" href="/v1/account/export" download>
        Download my data
      </a>
    </section>
  );
}

function CloseAccount() {
  const f = useForm(["password", "reason", "confirm"]);
  const [v, setV] = useState({ password: "", reason: "", confirm: false });
  const { refresh } = useSession();
  return (
    <form
      ref={f.formRef}
      noValidate
      className="card danger-zone"
      aria-labelledby="close-title"
      onSubmit={(e) => {
        e.preventDefault();
        void f.run(async () => {
          if (!v.confirm) {
            f.setErrors({ confirm: "confirm: tick the box to confirm that you want to close the account" });
            return;
          }
          const body: { password: string; reason?: string } = { password: v.password };
          if (v.reason.trim()) body.reason = v.reason.trim();
          const r = await api<{ reopen_until: string }>("POST", "/v1/account/close", body);
          setCsrfToken("");
          navigate(`/account-closed?until=${encodeURIComponent(r.reopen_until)}`, true);
          await refresh(); // the session is gone: the app shows the signed-out layout
        });
      }}
    >
      <h2 id="close-title">Close account</h2>
      <p>
        Closing signs everyone out, revokes all API keys, pauses your campaigns and disables your
        webhook endpoints. You can reopen the account for 30 days; after that its data is deleted.
        Credit ledger and invoices are kept 7 years, as the law requires.
      </p>
      <FormError message={f.formError} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} error={f.errors.password} />
      <TextField label="Why are you leaving? (optional)" name="reason" value={v.reason} maxLength={1000} onChange={(e) => setV({ ...v, reason: e.target.value })} error={f.errors.reason} />
      <Checkbox label="I want to close this account" name="confirm" checked={v.confirm} onChange={(c) => setV({ ...v, confirm: c })} error={f.errors.confirm} />
      <button type="submit" className="danger" disabled={f.busy}>
        Close account
      </button>
    </form>
  );
}

export function Settings() {
  const { me } = useSession();
  return (
    <section>
      <PageTitle>Settings</PageTitle>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="profile">
          <div>
            <dt>Name</dt>
            <dd>{me?.user?.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me?.user?.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{me?.user?.role}</dd>
          </div>
          <div>
            <dt>Company</dt>
            <dd>{me?.account.company_name}</dd>
          </div>
          <div>
            <dt>Billing address</dt>
            <dd className="pre">{me?.account.billing_address}</dd>
          </div>
        </dl>
      </section>
      <EditProfile />
      <ChangeEmail />
      <ChangePassword />
      <DownloadData />
      <CloseAccount />
    </section>
  );
}
