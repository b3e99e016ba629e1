// Static pages: the privacy notice, the terms, the cookie policy (only the session cookie is set;
// the admin console's cookie on /admin) and 404. The versions shown are the bundled ones
// (2026-11-01); an operator who changes a text publishes a new version from the console
// (Policies), which emails users and asks them to accept it.
import { Link } from "../router";
import { PageTitle } from "../ui";

export function PrivacyNotice() {
  return (
    <article className="prose">
      <PageTitle>Privacy notice</PageTitle>
      <p>Version 2026-11-01.</p>
      <h2>What we keep about you</h2>
      <p>
        Your account: your name, work email, company name and billing address, a hash of your password,
        your campaigns, webhook endpoints and API keys (their secrets only as hashes or encrypted), and a
        security log of sign-ins and changes.
      </p>
      <h2>What we keep about the people in your leads</h2>
      <p>
        A lead's details (the public post, its author as published, enrichment) are kept in a payload
        store for at most 30 days and deleted once every channel has delivered them. Our SQL database
        holds no personal data of post authors: only scores, classes and ids.
      </p>
      <h2>Who we share it with</h2>
      <p>
        Nobody, unless you turn on LLM re-ranking for a campaign: then the title and an excerpt of
        candidate posts (never author names or handles) go to the language-model provider your operator
        chose.
      </p>
      <h2>Your rights</h2>
      <p>
        You may ask for a copy of your data, its correction or its deletion; write to your operator's
        contact address. See also the <Link href="/cookies">cookie policy</Link>.
      </p>
      <p>
        If a post of yours reached a client of this service as a lead, you can{" "}
        <Link href="/privacy/request">ask what we hold about you or ask for its deletion</Link>.
      </p>
    </article>
  );
}

export function CookiePolicy() {
  return (
    <article className="prose">
      <PageTitle>Cookie policy</PageTitle>
      <p>
        LeadOS sets <strong>one cookie</strong>: <code>__Host-leados_session</code>, when you sign in. It
        holds a random session token, is sent only to this site over HTTPS, is not readable by scripts
        (HttpOnly), and ends when you sign out, after 7 days without use, or 30 days after you signed in. It is strictly necessary to keep you
        signed in, so it needs no consent.
      </p>
      <p>
        The admin console (under <code>/admin</code>, for the operator's staff only) sets one cookie of its own,{" "}
        <code>__Host-leados_admin</code>, with the same protections; it ends after 15 minutes without use or 12 hours
        after sign-in.
      </p>
      <p>
        There are no analytics, advertising or third-party cookies, and the portal loads nothing from
        other sites.
      </p>
    </article>
  );
}

export function TermsOfService() {
  return (
    <article className="prose">
      <PageTitle>Terms of service</PageTitle>
      <p>Version 2026-11-01.</p>
      <h2>Who may use LeadOS</h2>
      <p>Businesses, through a person of 18 or over who may act for them.</p>
      <h2>What you may do with leads</h2>
      <p>
        Contact the people in your leads only as the law of your and their country allows, honour every request to
        stop, and keep their data no longer than you need it. Deleted or suppressed people are not delivered again.
      </p>
      <h2>Credits and payment</h2>
      <p>Each delivered lead costs credits from your prepaid balance; purchases are billed through Stripe.</p>
      <h2>Changes</h2>
      <p>
        When these terms or the <Link href="/privacy">privacy notice</Link> change, every account holder is emailed
        what changed, and the portal asks you to accept the new version. Your API keys keep working meanwhile.
      </p>
    </article>
  );
}

export function NotFound() {
  return (
    <section>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page here. Go to the <Link href="/">dashboard</Link>.
      </p>
    </section>
  );
}
