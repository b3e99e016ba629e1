// /account-closed (signed out): the notice after closing an account (with the reopen deadline from
// closeAccount's answer) and the reopen form (reopenAccount: an owner's email and password, since
// a closed account cannot sign in). docs/privacy.md.
import { useState } from "react";
import { api } from "../api";
import { Link, useQuery } from "../router";
import { FormError, PageTitle, TextField, useForm } from "../ui";

function Deadline({ iso }: { iso: string }) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return <time dateTime={iso}>{d.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" })}</time>;
}

export function AccountClosed() {
  const until = useQuery().get("until") ?? "";
  const f = useForm(["email", "password"]);
  const [v, setV] = useState({ email: "", password: "" });
  const [reopened, setReopened] = useState(false);
  return (
    <section className="narrow">
      <PageTitle>Account closed</PageTitle>
      <div className="alert ok" role="status">
        <p>Your account is closed and you are signed out.</p>
        {until && (
          <p>
            You can reopen it until <Deadline iso={until} />. After that its data is deleted.
          </p>
        )}
      </div>
      {reopened ? (
        <p className="alert ok" role="status">
          The account is open again. <Link href="/sign-in">Sign in</Link> — API keys stay revoked,
          campaigns paused and webhook endpoints disabled until you turn them back on.
        </p>
      ) : (
        <form
          ref={f.formRef}
          noValidate
          className="card"
          aria-labelledby="reopen-title"
          onSubmit={(e) => {
            e.preventDefault();
            void f.run(async () => {
              await api("POST", "/v1/account/reopen", v, { expect401: true });
              setV({ email: "", password: "" });
              setReopened(true);
            });
          }}
        >
          <h2 id="reopen-title">Reopen account</h2>
          <FormError message={f.formError} />
          <TextField label="Email" name="email" type="email" autoComplete="email" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} error={f.errors.email} />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} error={f.errors.password} />
          <button type="submit" disabled={f.busy}>
            Reopen account
          </button>
        </form>
      )}
    </section>
  );
}
