// The client portal in a real browser (issue 10, "what must be shown"): Debian's Chromium, headless,
// driven by playwright-core against a running `leados serve` (started by portal_browser_test.cc).
//
// A new user signs up (seeing the API's error next to the password field first), confirms the email
// with the link the file sender wrote, signs in, creates a campaign (a parse error with its marker
// first, then the valid query and a supply-scan estimate), launches it, sees leads arrive from
// signals replayed with `leados signals publish`, marks one contacted, adds a webhook endpoint (the
// secret shown once verifies the test event at a local receiver), sees the delivery and its attempt,
// creates and revokes an API key, signs out, resets the forgotten password with the emailed link
// (the API's error at the field first) and signs in with the new one. Every page must load without a CSP violation or a request to
// another origin, and fit a 390 px phone screen without sideways scrolling. With SCREENSHOT_DIR
// set, each main page is captured at 1280×800 and 390×844.
//
// Environment: PORTAL_URL (http://127.0.0.1:PORT), MAIL_DIR (the file sender's folder),
// PUBLISH_ARGV (JSON: argv of `leados signals publish` without the file), SIGNALS_FILE,
// SCREENSHOT_DIR (optional), CHROMIUM (default /usr/bin/chromium), SCAN_ARGV (JSON: argv of
// `leados anomalies scan` of this installation; oversight_steps.mjs).
// Exit 0 when every step passed; otherwise a message naming the step and exit 1.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { billingSteps } from "./billing_steps.mjs";
import { adminSteps } from "./admin_steps.mjs";
import { closureSteps } from "./closure_steps.mjs";
import { policySteps } from "./policy_steps.mjs";
import { oversightSteps } from "./oversight_steps.mjs";
import { usageSteps } from "./usage_steps.mjs";

const base = process.env.PORTAL_URL;
const mailDir = process.env.MAIL_DIR;
const publishArgv = JSON.parse(process.env.PUBLISH_ARGV ?? "[]");
const signalsFile = process.env.SIGNALS_FILE;
const shots = process.env.SCREENSHOT_DIR ?? "";
if (!base || !mailDir || publishArgv.length === 0 || !signalsFile) {
  console.error("PORTAL_URL, MAIL_DIR, PUBLISH_ARGV and SIGNALS_FILE must be set");
  process.exit(2);
}
const origin = new URL(base).origin;
const TIMEOUT = 30_000;

let step = "start";
function check(cond, message) {
  if (!cond) throw new Error(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

// A webhook receiver that verifies each request with the secret the portal showed.
const received = [];
let webhookSecret = "";
let failTests = false;
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    try {
      new Webhook(webhookSecret).verify(body, req.headers);
      const event = JSON.parse(body);
      if (event.type === "webhook.test" && failTests) {
        res.writeHead(500).end("not now");
        return;
      }
      received.push(event);
      res.writeHead(204).end();
    } catch (e) {
      console.error(`receiver: verification failed: ${e.message}`);
      res.writeHead(400).end();
    }
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

// Guards every page: CSP violations, console errors and requests to other origins fail the run.
const problems = [];
function guard(page, label) {
  page.on("console", (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to/i.test(t)) problems.push(`${label}: CSP: ${t}`);
  });
  page.on("pageerror", (e) => problems.push(`${label}: page error: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:") && !u.startsWith("about:")) {
      problems.push(`${label}: request to another origin: ${u}`);
    }
  });
  page.on("dialog", (d) => void d.accept());
}

async function shot(page, name, kind) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, `${name}-${kind}.png`), fullPage: false });
}

// A link of the main navigation (exact name: page content has links like "active campaigns").
function nav(page, label) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true });
}

async function heading(page, text) {
  await page.getByRole("heading", { level: 1, name: text }).waitFor({ timeout: TIMEOUT });
}

async function noSidewaysScroll(page, what) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(sw <= cw + 1, `${what}: the page is ${sw}px wide on a ${cw}px phone screen`);
}

// The newest link to `path` (?token=…) in an email to this run's user, or "" (quoted-printable
// soft breaks and =3D undone).
function emailedLink(path) {
  let files = [];
  try {
    files = readdirSync(mailDir).sort().reverse(); // the outbox worker makes it with the first email
  } catch {
    return "";
  }
  const re = new RegExp(`(https?://[^\\s"<>]*${path}\\?token=[A-Za-z0-9_-]+)`);
  for (const f of files) {
    if (!f.endsWith(".eml")) continue;
    const text = readFileSync(join(mailDir, f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    if (!text.includes(email)) continue;
    const m = re.exec(text);
    if (m) return m[1];
  }
  return "";
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
// Fixed (each run has a fresh installation), so the screenshots change little between runs.
const email = process.env.PORTAL_EMAIL ?? "ana@example.com";
let password = "a long good passphrase for the portal";

try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desktop.newPage();
  page.setDefaultTimeout(TIMEOUT);
  guard(page, "desktop");

  step = "sign-up shows the API's error next to the field";
  await page.goto(`${base}/sign-up`);
  await heading(page, "Create your account");
  await shot(page, "signup", "desktop");
  await page.getByLabel("Your name").fill("Portal Tester");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Company").fill("Portal Test Ltd");
  await page.getByLabel("Billing address").fill("1 Main Street\nSpringfield");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("I sign up for a business").check();
  await page.getByLabel(/I am 18 or over/).check();
  await page.getByRole("button", { name: "Create account" }).click();
  const pw = page.getByLabel("Password");
  await until("the password field's error", async () => (await pw.getAttribute("aria-invalid")) === "true", TIMEOUT);
  const described = await pw.getAttribute("aria-describedby");
  const errorText = await page.locator(`[id="${described.split(" ").pop()}"]`).innerText();
  check(/password/i.test(errorText), `the password error reads "${errorText}"`);
  check(await pw.evaluate((el) => el === document.activeElement), "focus did not move to the invalid field");

  step = "sign-up";
  await pw.fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await heading(page, "Check your inbox");

  step = "verify the email with the emailed link";
  const link = await until("the verification email", async () => emailedLink("/verify-email"), TIMEOUT);
  await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
  await page.getByRole("heading", { name: "Email confirmed" }).waitFor();

  step = "sign in";
  await page.goto(`${base}/`);
  await heading(page, "Sign in");
  await shot(page, "signin", "desktop");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, "Dashboard");
  const cookies = await desktop.cookies();
  check(cookies.length === 1 && cookies[0].name === "__Host-leados_session", `cookies: ${JSON.stringify(cookies.map((c) => c.name))}`);

  step = "a campaign: parse error at its position first";
  await nav(page, "Campaigns").click();
  await heading(page, "Campaigns");
  await page.getByText("No campaigns yet").waitFor();
  await page.getByRole("link", { name: "Create your first campaign" }).click();
  await heading(page, "New campaign");
  await page.getByLabel("Name").fill("CRM switchers");
  const query = page.getByLabel("Query");
  await query.fill("crm AND");
  const marker = page.getByTestId("query-marker");
  await marker.waitFor();
  const markerText = await marker.innerText();
  check(markerText === "crm AND\n       ^", `the marker reads ${JSON.stringify(markerText)}`);
  const alert = await page.locator(".query-error").innerText();
  check(/Line 1, column 8/.test(alert) && /after 'AND'/.test(alert), `the query error reads "${alert}"`);
  check((await query.getAttribute("aria-invalid")) === "true", "the query field is not marked invalid");

  step = "a campaign: the valid query and a supply scan";
  await query.fill(
    '(crm OR "sales pipeline" OR hubspot OR salesforce OR pipedrive OR attio OR outreach) ' +
      '(recommend* OR alternative* OR "looking for" OR switch* OR migrat* OR replace OR evaluat* OR ' +
      'hiring OR "set up" OR choose OR "what do you use" OR "what crm")',
  );
  await page.getByText("The query is valid.").waitFor();
  check((await page.getByTestId("query-marker").count()) === 0, "the marker stayed after the fix");
  await page.getByLabel("Minimum score (0 to 1)").fill("0");
  await page.getByRole("checkbox", { name: "webhook" }).check();
  await page.getByRole("button", { name: "Estimate supply" }).click();
  await page.getByTestId("scan-result").getByText("Leads a month").waitFor({ timeout: 90_000 });
  await shot(page, "campaign", "desktop");
  await page.getByRole("button", { name: "Launch" }).click();
  await page.getByText("The campaign is live.").waitFor();
  await nav(page, "Campaigns").click();
  await page.getByRole("link", { name: "CRM switchers" }).waitFor();
  await shot(page, "campaigns", "desktop");

  step = "a webhook endpoint (secret shown once)";
  await nav(page, "Webhooks").click();
  await heading(page, "Webhooks");
  await page.getByLabel("URL").fill(hookUrl);
  await page.getByLabel("Description").fill("Our CRM");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  webhookSecret = await page.getByTestId("secret").innerText();
  check(webhookSecret.startsWith("whsec_"), `the secret shown is "${webhookSecret}"`);
  await page.getByRole("button", { name: "I have saved it" }).click();
  check((await page.getByTestId("secret").count()) === 0, "the secret is still shown");

  step = "leads arrive from replayed signals";
  const pub = spawnSync(publishArgv[0], [...publishArgv.slice(1), signalsFile], { encoding: "utf8", timeout: 120_000 });
  check(pub.status === 0, `leados signals publish failed: ${pub.stderr}`);
  await nav(page, "Leads").click();
  await heading(page, "Leads");
  await until("a lead in the inbox", async () => {
    if ((await page.getByTestId("lead").count()) > 0) return true;
    const refresh = page.getByRole("button", { name: "Refresh" });
    if (await refresh.count()) await refresh.first().click();
    return false;
  }, 120_000);
  const lead = page.getByTestId("lead").first();
  check((await lead.locator("blockquote mark").count()) > 0, "no matched term is highlighted in the quoted passage");
  check((await lead.getByRole("link").count()) > 0, "the lead has no source link");
  await lead.getByRole("button", { name: "Contacted" }).click();
  await until("the contacted mark", async () => (await lead.getByRole("button", { name: "Contacted" }).getAttribute("aria-pressed")) === "true", TIMEOUT);
  const csv = await page.evaluate(async () => (await fetch(document.querySelector('a[download="leads.csv"]').href)).text());
  check(csv.startsWith("lead_id,campaign_id") && csv.split("\r\n").length > 2, "the CSV export has no lead");
  await shot(page, "leads", "desktop");

  step = "the dashboard counts today's leads";
  await nav(page, "Dashboard").click();
  const today = Number(await page.getByTestId("leads-today").innerText());
  check(today > 0, `leads today: ${today}`);
  await page.locator(".chart svg").waitFor();
  await shot(page, "dashboard", "desktop");

  step = "the test event fails, the delivery log shows the attempt, a replay delivers it";
  await nav(page, "Webhooks").click();
  await heading(page, "Webhooks");
  failTests = true; // the receiver answers 500 to webhook.test until the replay
  await page.getByRole("button", { name: "Send test event" }).click();
  await page.getByText("A webhook.test event is on its way").waitFor();
  const testRow = page.getByTestId("delivery").filter({ hasText: "webhook.test" });
  await until("the failed test delivery", async () => {
    if ((await testRow.filter({ hasText: "failed" }).count()) > 0) return true;
    await page.getByRole("button", { name: "Refresh" }).click();
    return false;
  });
  await testRow.getByRole("button", { name: /attempt/ }).click();
  await page.locator("ol.attempts").getByText(/HTTP 500/).first().waitFor();
  failTests = false;
  await testRow.getByRole("button", { name: "Replay" }).click();
  await until("a verified webhook.test at the receiver", async () => received.some((e) => e.type === "webhook.test"), 60_000);
  await until("the replayed delivery succeeded", async () => {
    if ((await testRow.filter({ hasText: "succeeded" }).count()) > 0) return true;
    await page.getByRole("button", { name: "Refresh" }).click();
    return false;
  });
  const attemptsButton = testRow.getByRole("button", { name: /attempts/ });
  check(Number((await attemptsButton.innerText()).split(" ")[0]) >= 2, "the replay made no new attempt");
  if ((await attemptsButton.getAttribute("aria-expanded")) !== "true") await attemptsButton.click();
  await page.locator("ol.attempts").getByText(/HTTP 204/).waitFor();
  await until("lead.created deliveries", async () => {
    if ((await page.getByTestId("delivery").filter({ hasText: "lead.created" }).count()) > 0) return true;
    await page.getByRole("button", { name: "Refresh" }).click();
    return false;
  });
  await shot(page, "webhooks", "desktop");

  step = "an API key: created (shown once) and revoked";
  await nav(page, "API keys").click();
  await heading(page, "API keys");
  await page.getByText("No API keys yet.").waitFor();
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("checkbox", { name: "campaigns:write" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("secret").innerText();
  check(key.startsWith("lk_"), `the key shown is "${key}"`);
  const me = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
  check(me.status === 200, `the new key does not authenticate: ${me.status}`);
  await page.getByRole("button", { name: "I have saved it" }).click();
  const row = page.getByTestId("api-key").filter({ hasText: "CRM sync" });
  await row.getByText("active").waitFor();
  await shot(page, "apikeys", "desktop");
  await row.getByRole("button", { name: "Revoke CRM sync" }).click();
  await row.getByText("revoked").waitFor();
  const after = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
  check(after.status === 401, `the revoked key still authenticates: ${after.status}`);
  await billingSteps({ page, base, browser, email, password, problems, guard, check, until, shot, heading, nav, noSidewaysScroll, setStep: (s) => (step = s) });

  step = "settings and the static pages";
  await nav(page, "Settings").click();
  await heading(page, "Settings");
  await page.getByText("Portal Test Ltd").waitFor();
  await shot(page, "settings", "desktop");
  step = "settings: edit the profile (the API's error at the field first)";
  const profile = page.getByRole("form", { name: "Edit profile" });
  await profile.getByLabel("Your name").fill(" ");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("name is required").waitFor();
  await profile.getByLabel("Your name").fill("Pat Portal");
  await profile.getByLabel("Company name").fill("Portal Test Two Ltd");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("Profile saved.").waitFor();
  await page.locator("dd", { hasText: "Portal Test Two Ltd" }).waitFor();
  await page.getByRole("link", { name: "Cookie policy" }).click();
  await heading(page, "Cookie policy");
  await page.getByText("__Host-leados_session").first().waitFor();
  await page.getByRole("link", { name: "Privacy notice" }).click();
  await heading(page, "Privacy notice");

  step = "sign out, forgotten password, reset with the emailed link, sign in with the new one";
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await heading(page, "Sign in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await heading(page, "Reset your password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await page.getByText("a reset link is on its way").waitFor();
  const reset = await until("the reset email", async () => emailedLink("/reset-password"), TIMEOUT);
  await page.goto(reset.replace(/^https?:\/\/[^/]+/, base));
  await heading(page, "Choose a new password");
  await page.getByLabel("New password").fill("aaaaaaaaaaaa");
  await page.getByRole("button", { name: "Set the password" }).click();
  const np = page.getByLabel("New password");
  await until("the new password's error", async () => (await np.getAttribute("aria-invalid")) === "true", TIMEOUT);
  password = "another long passphrase, changed";
  await np.fill(password);
  await page.getByRole("button", { name: "Set the password" }).click();
  await heading(page, "Password changed");
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, "Dashboard");

  step = "a phone (390×844): every main page fits and works";
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const mobile = await phone.newPage();
  mobile.setDefaultTimeout(TIMEOUT);
  guard(mobile, "phone");
  await mobile.goto(`${base}/leads`);
  await heading(mobile, "Sign in");
  await noSidewaysScroll(mobile, "sign-in");
  await shot(mobile, "signin", "phone");
  await mobile.getByLabel("Email").fill(email);
  await mobile.getByLabel("Password").fill(password);
  await mobile.getByRole("button", { name: "Sign in" }).click();
  await heading(mobile, "Leads"); // back where the session check sent us from
  await mobile.getByTestId("lead").first().waitFor();
  await noSidewaysScroll(mobile, "leads");
  await shot(mobile, "leads", "phone");
  for (const [label, title, name] of [
    ["Dashboard", "Dashboard", "dashboard"],
    ["Campaigns", "Campaigns", "campaigns"],
    ["Webhooks", "Webhooks", "webhooks"],
    ["API keys", "API keys", "apikeys"],
    ["Settings", "Settings", "settings"],
  ]) {
    await mobile.getByRole("button", { name: "Menu" }).click();
    await nav(mobile, label).click();
    await heading(mobile, title);
    await mobile.locator(".loading").first().waitFor({ state: "detached" }).catch(() => {});
    await noSidewaysScroll(mobile, name);
    await shot(mobile, name, "phone");
  }
  await mobile.goto(`${base}/campaigns`);
  await mobile.getByRole("link", { name: "CRM switchers" }).click();
  await heading(mobile, "Campaign: CRM switchers");
  await noSidewaysScroll(mobile, "campaign");
  await shot(mobile, "campaign", "phone");
  await mobile.goto(`${base}/sign-up`);
  await shot(mobile, "signup", "phone");

  await usageSteps({ page, phone: mobile, base, check, until, shot, heading, noSidewaysScroll, setStep: (s) => (step = s), timeout: TIMEOUT });
  const adminState = await adminSteps({ browser, base, check, until, shot, guard, heading, noSidewaysScroll, setStep: (s) => (step = s), TIMEOUT });
  await oversightSteps({ browser, page, base, adminState, check, until, shot, guard, heading, noSidewaysScroll, setStep: (s) => (step = s), TIMEOUT });
  await policySteps({ browser, page, base, email, adminState, check, until, shot, heading, nav, setStep: (s) => (step = s), TIMEOUT });
  await closureSteps({ page, phone: mobile, base, check, until, shot, heading, email, password, setStep: (s) => (step = s), timeout: TIMEOUT });

  step = "no CSP violation, no request to another origin";
  check(problems.length === 0, problems.join("\n"));
  console.log("portal browser test: every step passed");
} catch (e) {
  console.error(`portal browser test failed at "${step}": ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
  receiver.close();
}
