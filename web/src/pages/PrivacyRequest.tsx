// The public privacy request form (issue 9): a person asks what LeadOS holds about them, or for
// its deletion, by email address, platform handle or profile URL (POST /v1/privacy/requests,
// no session). Email requests are confirmed through the emailed link; the answer never says
// whether anything is held (that goes only to a confirmed address, or through the operator).
import { useState } from "react";
import { api } from "../api";
import { Link } from "../router";
import { FormError, PageTitle, SelectField, TextField, useForm } from "../ui";

const FIELDS = ["kind", "identifier_type", "identifier", "jurisdiction"] as const;

interface Submitted {
  id: string;
  status: string;
  due_at: string;
  verification_email_sent: boolean;
  message: string;
}

const HINTS: Record<string, string> = {
  email: "The address you used in public posts, e.g. jane@example.com. We will email it a confirmation link.",
  handle: "The source and your user name, e.g. hn:jane or reddit:jane.",
  profile_url: "The link to your profile, e.g. https://news.ycombinator.com/user?id=jane.",
};

export function PrivacyRequest() {
  const f = useForm(FIELDS);
  const [v, setV] = useState({ kind: "deletion", identifier_type: "email", identifier: "", jurisdiction: "gdpr" });
  const [done, setDone] = useState<Submitted | null>(null);
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setV({ ...v, [k]: e.target.value });
  if (done) {
    return (
      <section className="narrow">
        <PageTitle>Request received</PageTitle>
        <p role="status">{done.message}</p>
        <p>
          Reference <code>{done.id}</code>. We answer by {new Date(done.due_at).toUTCString()} at the latest.
        </p>
        <p>
          <Link href="/privacy">Back to the privacy notice</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <PageTitle>Your data in leads</PageTitle>
      <p>
        LeadOS turns public posts into sales leads for its clients. If a post of yours may have been
        one, you can ask what we hold about you or ask us to delete it and never process your posts
        again; the clients who received a lead about you are told to delete it too.
      </p>
      <form
        ref={f.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.run(async () => {
            setDone(await api<Submitted>("POST", "/v1/privacy/requests", v));
          });
        }}
      >
        <FormError message={f.formError} />
        <SelectField label="What do you ask for?" name="kind" value={v.kind} onChange={set("kind")} error={f.errors.kind}>
          <option value="deletion">Delete my data and stop processing my posts</option>
          <option value="access">Tell me what you hold about me</option>
        </SelectField>
        <SelectField
          label="How do we find you?"
          name="identifier_type"
          value={v.identifier_type}
          onChange={set("identifier_type")}
          error={f.errors.identifier_type}
        >
          <option value="email">Email address</option>
          <option value="handle">User name on a site (Hacker News, Reddit)</option>
          <option value="profile_url">Profile link</option>
        </SelectField>
        <TextField
          label="Your identifier"
          name="identifier"
          value={v.identifier}
          onChange={set("identifier")}
          error={f.errors.identifier}
          hint={HINTS[v.identifier_type]}
        />
        <SelectField
          label="Where do you live?"
          name="jurisdiction"
          value={v.jurisdiction}
          onChange={set("jurisdiction")}
          error={f.errors.jurisdiction}
          hint="Sets the legal deadline: one month in the EU/UK (GDPR), 45 days in California (CCPA)."
        >
          <option value="gdpr">European Union, EEA or United Kingdom</option>
          <option value="ccpa">California</option>
          <option value="other">Elsewhere</option>
        </SelectField>
        <button type="submit" disabled={f.busy}>
          Send request
        </button>
      </form>
    </section>
  );
}
