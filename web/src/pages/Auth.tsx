// Sign-up, the "check your inbox" page (with resend), sign-in, forgotten password and reset.
// The emailed verification link opens the server's own page (GET /verify-email), which links
// back to sign-in; the reset link opens /reset-password?token=… here.
import { useEffect, useState } from "react";
import { api, setCsrfToken, type Me } from "../api";
import { Link, navigate, useQuery } from "../router";
import { useSession } from "../session";
import { Checkbox, FormError, PageTitle, TextArea, TextField, useForm } from "../ui";

/**
 * The versions of the terms and privacy notice the sign-up form accepts: the current ones
 * (getCurrentPolicies); the bundled ones until it answers. The API checks them.
 */
const BUNDLED_VERSION = "2026-11-01";

function useCurrentVersions() {
  const [versions, setVersions] = useState({ terms: BUNDLED_VERSION, privacy: BUNDLED_VERSION });
  useEffect(() => {
    let live = true;
    api<{ data: { kind: "terms" | "privacy"; version: string }[] }>("GET", "/v1/policies/current").then(
      (r) => {
        if (!live) return;
        const next = { terms: BUNDLED_VERSION, privacy: BUNDLED_VERSION };
        for (const p of r.data) next[p.kind] = p.version;
        setVersions(next);
      },
      () => {
        /* the bundled versions; the API names the right one if they are stale */
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return versions;
}

const SIGNUP_FIELDS = [
  "name",
  "email",
  "company_name",
  "billing_address",
  "password",
  "confirm_business",
  "confirm_adult",
] as const;

export function SignUp() {
  const f = useForm(SIGNUP_FIELDS);
  const versions = useCurrentVersions();
  const [v, setV] = useState({
    name: "",
    email: "",
    company_name: "",
    billing_address: "",
    password: "",
    confirm_business: false,
    confirm_adult: false,
  });
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <section className="narrow">
      <PageTitle>Create your account</PageTitle>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            await api("POST", "/v1/signup", {
              ...v,
              terms_version: versions.terms,
              privacy_version: versions.privacy,
            });
            navigate(`/check-email?email=${encodeURIComponent(v.email)}`);
          });
        }}
      >
        <FormError message={f.formError} />
        <TextField label="Your name" name="name" autoComplete="name" value={v.name} onChange={set("name")} error={f.errors.name} />
        <TextField label="Work email" name="email" type="email" autoComplete="email" value={v.email} onChange={set("email")} error={f.errors.email} />
        <TextField label="Company" name="company_name" autoComplete="organization" value={v.company_name} onChange={set("company_name")} error={f.errors.company_name} />
        <TextArea label="Billing address" name="billing_address" rows={3} autoComplete="street-address" value={v.billing_address} onChange={set("billing_address")} error={f.errors.billing_address} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={v.password}
          onChange={set("password")}
          error={f.errors.password}
          hint="At least 10 characters; a passphrase is best."
        />
        <Checkbox
          name="confirm_business"
          label="I sign up for a business, not as a consumer."
          checked={v.confirm_business}
          onChange={(c) => setV({ ...v, confirm_business: c })}
          error={f.errors.confirm_business}
        />
        <Checkbox
          name="confirm_adult"
          label={
            <>
              I am 18 or over and accept the <Link href="/terms">terms</Link> ({versions.terms}) and the{" "}
              <Link href="/privacy">privacy notice</Link> ({versions.privacy}).
            </>
          }
          checked={v.confirm_adult}
          onChange={(c) => setV({ ...v, confirm_adult: c })}
          error={f.errors.confirm_adult}
        />
        <button type="submit" disabled={f.busy}>
          {f.busy ? "Creating…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}

export function CheckEmail() {
  const email = useQuery().get("email") ?? "";
  const f = useForm(["email"]);
  const [sent, setSent] = useState("");
  return (
    <section className="narrow">
      <PageTitle>Check your inbox</PageTitle>
      <p>
        We sent a link to <strong>{email || "your email address"}</strong>. Open it to confirm your
        address, then <Link href="/sign-in">sign in</Link>.
      </p>
      <form
        ref={f.formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            const r = await api<{ message: string }>("POST", "/v1/verify-email/resend", { email });
            setSent(r.message);
          });
        }}
      >
        <FormError message={f.formError} />
        {sent && (
          <p className="alert ok" role="status">
            {sent}
          </p>
        )}
        <button type="submit" className="secondary" disabled={f.busy || !email}>
          Send the link again
        </button>
      </form>
    </section>
  );
}

export function SignIn() {
  const next = useQuery().get("next");
  const { signedIn } = useSession();
  const f = useForm(["email", "password"]);
  const [v, setV] = useState({ email: "", password: "" });
  return (
    <section className="narrow">
      <PageTitle>Sign in</PageTitle>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            const r = await api<{ csrf_token: string }>("POST", "/v1/login", v, { expect401: true });
            setCsrfToken(r.csrf_token);
            // getMe for the account too (login answers the user and the CSRF token only).
            signedIn(await api<Me>("GET", "/v1/me"));
            navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", true);
          });
        }}
      >
        <FormError message={f.formError} />
        <TextField label="Email" name="email" type="email" autoComplete="username" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} error={f.errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} error={f.errors.password} />
        <button type="submit" disabled={f.busy}>
          {f.busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New to LeadOS? <Link href="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}

export function ForgotPassword() {
  const f = useForm(["email"]);
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState("");
  return (
    <section className="narrow">
      <PageTitle>Reset your password</PageTitle>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            const r = await api<{ message: string }>("POST", "/v1/password-reset/request", { email });
            setSent(r.message);
          });
        }}
      >
        <FormError message={f.formError} />
        {sent && (
          <p className="alert ok" role="status">
            {sent}
          </p>
        )}
        <TextField label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={f.errors.email} />
        <button type="submit" disabled={f.busy}>
          Email me a reset link
        </button>
      </form>
      <p>
        <Link href="/sign-in">Back to sign-in</Link>
      </p>
    </section>
  );
}

export function ResetPassword() {
  const token = useQuery().get("token") ?? "";
  const f = useForm(["password", "token"]);
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <section className="narrow">
        <PageTitle>Password changed</PageTitle>
        <p>
          Your password is changed and every session was signed out. <Link href="/sign-in">Sign in</Link>{" "}
          with the new one.
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <PageTitle>Choose a new password</PageTitle>
      {!token && <p className="alert error">This page needs the link from the reset email.</p>}
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            await api("POST", "/v1/password-reset", { token, password });
            setDone(true);
          });
        }}
      >
        <FormError message={f.formError || f.errors.token || ""} />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={f.errors.password} hint="At least 10 characters." />
        <button type="submit" disabled={f.busy || !token}>
          Set the password
        </button>
      </form>
    </section>
  );
}
