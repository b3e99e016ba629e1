// The admin console (issue 10) at /admin: its own session (the admin cookie, adminGetMe at start),
// layout and route table, inside the same Vite app as the portal. The server lets only
// allow-listed addresses reach /admin at all (anything else answers 404), so this code runs only
// for them; sign-in needs the password and a TOTP code.
//
// Pages: accounts (search, detail with credits and suspension), sources, payments, delivery
// health, audit log, rights requests (the privacy request queue of issue 9), policies (publish
// a new privacy policy or terms version, issue 9), anomaly flags and retention status.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, match, navigate, usePath } from "../router";
import { Loading, PageTitle } from "../ui";
import { adminApi, setAdminCsrfToken, setAdminUnauthorizedHandler, type AdminMe } from "./adminApi";
import { AdminSessionContext } from "./adminSession";
import { AdminSignIn } from "./Login";
import { AccountList, AccountPage } from "./Accounts";
import { SourcesPage } from "./Sources";
import { PaymentsPage } from "./Payments";
import { AuditPage } from "./Audit";
import { HealthPage } from "./Health";
import { PrivacyRequestsPage } from "./PrivacyRequests";
import { PoliciesPage } from "./Policies";
import { AnomaliesPage } from "./Anomalies";
import { RetentionPage } from "./Retention";

/** True for the console's paths (the portal's App hands these to AdminApp). */
export function isAdminPath(path: string): boolean {
  return path === "/admin" || path.startsWith("/admin/");
}

type Page = (params: Record<string, string>) => ReactNode;

const routes: [string, Page][] = [
  ["/admin", () => <AccountList />],
  ["/admin/accounts", () => <AccountList />],
  ["/admin/accounts/:id", (p) => <AccountPage id={p.id} />],
  ["/admin/sources", () => <SourcesPage />],
  ["/admin/payments", () => <PaymentsPage />],
  ["/admin/audit", () => <AuditPage />],
  ["/admin/health", () => <HealthPage />],
  ["/admin/rights", () => <PrivacyRequestsPage />],
  ["/admin/policies", () => <PoliciesPage />],
  ["/admin/anomalies", () => <AnomaliesPage />],
  ["/admin/retention", () => <RetentionPage />],
];

const nav: [string, string][] = [
  ["/admin/accounts", "Accounts"],
  ["/admin/sources", "Sources"],
  ["/admin/payments", "Payments"],
  ["/admin/health", "Delivery health"],
  ["/admin/audit", "Audit log"],
  ["/admin/rights", "Rights requests"],
  ["/admin/policies", "Policies"],
  ["/admin/anomalies", "Anomalies"],
  ["/admin/retention", "Retention"],
];

function AdminNotFound() {
  return (
    <section>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no such console page. <Link href="/admin/accounts">Go to the accounts</Link>.
      </p>
    </section>
  );
}

export function AdminApp() {
  const path = usePath();
  const [me, setMe] = useState<AdminMe | null>(null);
  const [checking, setChecking] = useState(true);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  useEffect(() => {
    setAdminUnauthorizedHandler(() => {
      setMe(null);
      setAdminCsrfToken("");
      const here = location.pathname + location.search;
      navigate(`/admin/sign-in?next=${encodeURIComponent(here)}`, true);
    });
    adminApi<AdminMe>("GET", "/admin/api/me", undefined, { expect401: true }).then(
      (m) => {
        setAdminCsrfToken(m.csrf_token);
        setMe(m);
        setChecking(false);
      },
      () => {
        setMe(null);
        setChecking(false);
      },
    );
  }, []);

  const signedIn = useCallback((m: AdminMe) => {
    setAdminCsrfToken(m.csrf_token);
    setMe(m);
  }, []);

  const signingIn = path === "/admin/sign-in";
  useEffect(() => {
    if (!checking && !me && !signingIn) {
      navigate(`/admin/sign-in?next=${encodeURIComponent(path)}`, true);
    }
  }, [checking, me, signingIn, path]);

  let content: ReactNode = null;
  if (signingIn) content = <AdminSignIn />;
  else if (checking || !me) content = <Loading />;
  else {
    for (const [pattern, page] of routes) {
      const params = match(pattern, path);
      if (params) {
        content = page(params);
        break;
      }
    }
    if (!content) content = <AdminNotFound />;
  }

  const current = (href: string) => path === href || path.startsWith(href + "/");

  return (
    <AdminSessionContext.Provider value={{ me, signedIn }}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top admin-top">
        <Link href="/admin/accounts" className="brand">
          LeadOS admin
        </Link>
        {me && (
          <>
            <button
              type="button"
              className="menu-toggle secondary"
              aria-expanded={menuOpen}
              aria-controls="admin-nav"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              Menu
            </button>
            <nav id="admin-nav" aria-label="Console" className={menuOpen ? "open" : ""}>
              <ul>
                {nav.map(([href, label]) => (
                  <li key={href}>
                    <Link href={href} aria-current={current(href) ? "page" : undefined}>
                      {label}
                    </Link>
                  </li>
                ))}
                <li>
                  <button
                    type="button"
                    className="link"
                    onClick={async () => {
                      try {
                        await adminApi("POST", "/admin/api/logout", undefined, { expect401: true });
                      } catch {
                        /* signed out either way */
                      }
                      setAdminCsrfToken("");
                      setMe(null);
                      navigate("/admin/sign-in", true);
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
          </>
        )}
      </header>
      <main id="main">{content}</main>
      <footer className="bottom">{me ? `Signed in as ${me.admin.email}` : "LeadOS admin console"}</footer>
    </AdminSessionContext.Provider>
  );
}
