// Settings: the profile (name, email, company, billing address as signed up), change email
// (confirmed by a link sent to the new address) and change password.
import { useState } from "react";
import { api, setCsrfToken } from "../api";
import { useSession } from "../session";
import { FormError, PageTitle, TextField, useForm } from "../ui";

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
      <ChangeEmail />
      <ChangePassword />
    </section>
  );
}
