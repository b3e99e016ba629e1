// The layout (skip link, header with navigation, main) and the route table. Public pages
// (sign-in, sign-up, password reset, privacy, terms, cookies) work signed out; the rest need a
// session. Signed in, PolicyPrompt asks for acceptance of a new privacy policy or terms version.
import { useEffect, useState, type ReactNode } from "react";
import { Link, match, navigate, usePath } from "./router";
import { useSession } from "./session";
import { Loading } from "./ui";
import { CheckEmail, ForgotPassword, ResetPassword, SignIn, SignUp } from "./pages/Auth";
import { Dashboard } from "./pages/Dashboard";
import { CampaignEdit, CampaignList } from "./pages/Campaigns";
import { Leads } from "./pages/Leads";
import { Webhooks } from "./pages/Webhooks";
import { ApiKeys } from "./pages/ApiKeys";
import { Settings } from "./pages/Settings";
import { Billing } from "./pages/Billing";
import { AccountClosed } from "./pages/AccountClosed";
import { CookiePolicy, NotFound, PrivacyNotice, TermsOfService } from "./pages/Static";
import { PolicyPrompt } from "./pages/PolicyPrompt";
import { AdminApp, isAdminPath } from "./admin/AdminApp";
import { PrivacyRequest } from "./pages/PrivacyRequest";
import { Usage } from "./pages/Usage";
import { pageOf, sendBeacon } from "./pages/usageApi";

type Page = (params: Record<string, string>) => ReactNode;

const publicRoutes: [string, Page][] = [
  ["/sign-in", () => <SignIn />],
  ["/sign-up", () => <SignUp />],
  ["/check-email", () => <CheckEmail />],
  ["/forgot-password", () => <ForgotPassword />],
  ["/reset-password", () => <ResetPassword />],
  ["/privacy", () => <PrivacyNotice />],
  ["/privacy/request", () => <PrivacyRequest />],
  ["/cookies", () => <CookiePolicy />],
  ["/terms", () => <TermsOfService />],
  ["/account-closed", () => <AccountClosed />],
];

const privateRoutes: [string, Page][] = [
  ["/", () => <Dashboard />],
  ["/campaigns", () => <CampaignList />],
  ["/campaigns/new", () => <CampaignEdit id={null} />],
  ["/campaigns/:id", (p) => <CampaignEdit id={p.id} />],
  ["/leads", () => <Leads />],
  ["/webhooks", () => <Webhooks />],
  ["/api-keys", () => <ApiKeys />],
  ["/settings", () => <Settings />],
  ["/billing", () => <Billing />],
  ["/usage", () => <Usage />],
];

const nav: [string, string][] = [
  ["/", "Dashboard"],
  ["/campaigns", "Campaigns"],
  ["/leads", "Leads"],
  ["/webhooks", "Webhooks"],
  ["/api-keys", "API keys"],
  ["/billing", "Billing"],
  ["/usage", "Usage"],
  ["/settings", "Settings"],
];

function find(routes: [string, Page][], path: string) {
  for (const [pattern, page] of routes) {
    const params = match(pattern, path);
    if (params) return () => page(params);
  }
  return null;
}

export function App() {
  const path = usePath();
  const { me, checking, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  const publicPage = find(publicRoutes, path);
  const privatePage = find(privateRoutes, path);

  useEffect(() => {
    if (!checking && !me && privatePage) {
      navigate(path === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(path)}`, true);
    }
  }, [checking, me, privatePage, path]);

  // Usage tracking: one first-party "view" beacon per signed-in page change (pages/usageApi.ts).
  const signedIn = !!me;
  useEffect(() => {
    const page = signedIn ? pageOf(path) : null;
    if (page) sendBeacon(page);
  }, [signedIn, path]);

  let content: ReactNode;
  if (publicPage) content = publicPage();
  else if (checking) content = <Loading />;
  else if (privatePage && me) content = privatePage();
  else if (privatePage) content = <Loading />;
  else content = <NotFound />;

  const current = (href: string) =>
    href === "/" ? path === "/" : path === href || path.startsWith(href + "/");
  // The admin console (web/src/admin) has its own session, layout and routes.
  if (isAdminPath(path)) return <AdminApp />;

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href={me ? "/" : "/sign-in"} className="brand">
          LeadOS
        </Link>
        {me && (
          <>
            <button
              type="button"
              className="menu-toggle secondary"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              Menu
            </button>
            <nav id="main-nav" aria-label="Main" className={menuOpen ? "open" : ""}>
              <ul>
                {nav.map(([href, label]) => (
                  <li key={href}>
                    <Link href={href} aria-current={current(href) ? "page" : undefined}>
                      {label}
                    </Link>
                  </li>
                ))}
                <li>
                  <button type="button" className="link" onClick={() => void signOut()}>
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
          </>
        )}
      </header>
      <main id="main">{content}</main>
      <footer className="bottom">
        <Link href="/privacy">Privacy notice</Link> · <Link href="/terms">Terms</Link> ·{" "}
        <Link href="/cookies">Cookie policy</Link>
      </footer>
      {me && <PolicyPrompt />}
    </>
  );
}
