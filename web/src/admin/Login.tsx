// Admin sign-in: email, password and the 6-digit code of the admin's authenticator app (TOTP).
// The API answers every wrong combination with one message ("email, password or code is wrong")
// so as not to say which part was wrong; the console shows it at the code field, the part that
// changes every 30 seconds and is mistyped most often (the other two come from a password
// manager), and empties it for the next attempt.
import { useState } from "react";
import { ApiError } from "../api";
import { navigate, useQuery } from "../router";
import { FormError, PageTitle, TextField, useForm } from "../ui";
import { adminApi, type AdminMe } from "./adminApi";
import { useAdminSession } from "./adminSession";

export function AdminSignIn() {
  const next = useQuery().get("next");
  const { signedIn } = useAdminSession();
  const f = useForm(["email", "password", "code"]);
  const [v, setV] = useState({ email: "", password: "", code: "" });
  return (
    <section className="narrow">
      <PageTitle>Admin sign-in</PageTitle>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            try {
              const r = await adminApi<AdminMe>("POST", "/admin/api/login", v, { expect401: true });
              signedIn(r);
            } catch (err) {
              if (err instanceof ApiError && err.status === 401) {
                setV((old) => ({ ...old, code: "" }));
                // Rethrown with the field first, so useForm puts it at the code field.
                throw new ApiError(err.status, err.code, `code: ${err.message}`);
              }
              throw err;
            }
            const to = next && next.startsWith("/admin") && next !== "/admin/sign-in" ? next : "/admin/accounts";
            navigate(to, true);
          });
        }}
      >
        <FormError message={f.formError} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={v.email}
          onChange={(e) => setV({ ...v, email: e.target.value })}
          error={f.errors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={v.password}
          onChange={(e) => setV({ ...v, password: e.target.value })}
          error={f.errors.password}
        />
        <TextField
          label="Authenticator code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          hint="The 6-digit code your authenticator app shows for LeadOS admin."
          value={v.code}
          onChange={(e) => setV({ ...v, code: e.target.value.replace(/\D/g, "") })}
          error={f.errors.code}
        />
        <button type="submit" disabled={f.busy}>
          {f.busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
