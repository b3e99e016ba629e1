// The billing pages with metered leads in a real browser (run by billing_metered_browser_test.cc,
// which has set up a client whose three leads are held for lack of credits): the dashboard shows
// the held-leads and low-credit banners; Billing shows no usage yet; a pack bought through the
// Stripe stand-in's Checkout (the signed checkout.session.completed posted to /webhooks/stripe)
// releases the held leads: the banners go, the ledger shows the purchase and three `lead` lines,
// and the usage chart is drawn with today's three credits. No CSP violation, no request to
// another origin except the trip to Checkout at the stand-in.
//
// Environment: PORTAL_URL, PORTAL_EMAIL, PORTAL_PASSWORD, STRIPE_STANDIN_URL,
// STRIPE_WEBHOOK_SECRET, SCREENSHOT_DIR (optional), CHROMIUM (default /usr/bin/chromium).
// Exit 0 when every step passed; otherwise a message naming the step and exit 1.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.PORTAL_URL;
const email = process.env.PORTAL_EMAIL;
const password = process.env.PORTAL_PASSWORD;
const standin = process.env.STRIPE_STANDIN_URL;
const secret = process.env.STRIPE_WEBHOOK_SECRET;
const shots = process.env.SCREENSHOT_DIR ?? "";
if (!base || !email || !password || !standin || !secret) {
  console.error("PORTAL_URL, PORTAL_EMAIL, PORTAL_PASSWORD, STRIPE_STANDIN_URL and STRIPE_WEBHOOK_SECRET must be set");
  process.exit(2);
}
const origin = new URL(base).origin;
const standinOrigin = new URL(standin).origin;

let step = "start";
function check(cond, message) {
  if (!cond) throw new Error(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
const text = async (locator) => (await locator.innerText()).trim();
const heading = (page, name) => page.getByRole("heading", { level: 1, name }).waitFor();
const nav = (page, label) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true });

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    // Checkout at the stand-in is the one intended trip to another origin.
    if (!u.startsWith(origin) && !u.startsWith(`${standinOrigin}/`) && !/^(data|blob|about):/.test(u)) {
      problems.push(`request to another origin: ${u}`);
    }
  });

  step = "sign in";
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, "Dashboard");

  step = "the dashboard shows the held leads and the low balance";
  const held = page.getByTestId("held-leads-banner");
  await held.waitFor();
  check(/^3 leads are on hold/.test(await text(held)), `the held-leads banner reads "${await text(held)}"`);
  await page.getByTestId("low-credit-banner").waitFor();
  check((await text(page.getByTestId("balance"))) === "0", "the balance is not 0");
  check(/3 held leads/.test(await text(page.locator(".card", { has: page.getByTestId("balance") }))), "the balance card does not count the held leads");
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "dashboard-held-desktop.png") });
  }

  step = "Billing: no usage yet";
  await held.getByRole("link", { name: "Buy credits" }).click();
  await heading(page, "Billing");
  await page.getByTestId("held-leads-banner").waitFor();
  await page.getByTestId("usage-empty").waitFor();

  step = "buy a pack through Checkout (stand-in)";
  await page.getByRole("button", { name: /^Buy 100 credits/ }).click();
  await page.waitForURL((u) => u.href.startsWith(`${standinOrigin}/c/pay/`));
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
  const made = await fetch(`${standin}/_test/sessions/${encodeURIComponent(sessionId)}/event`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ secret, timestamp: Math.floor(Date.now() / 1000) }),
  });
  check(made.status === 200, `the stand-in made no event: ${made.status}`);
  const { payload, header } = await made.json();
  const hook = await fetch(`${base}/webhooks/stripe`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
    body: payload,
  });
  check(hook.status === 200, `the webhook answered ${hook.status}: ${await hook.text()}`);
  await page.getByRole("link", { name: "Return after paying" }).click();
  await heading(page, "Billing");

  step = "the held leads are released: balance, ledger, usage chart";
  await until("the balance after the release", async () => {
    if ((await text(page.getByTestId("balance"))) === "97") return true;
    await page.reload();
    await heading(page, "Billing");
    await page.getByTestId("balance").waitFor();
    return false;
  });
  check((await page.getByTestId("held-leads-banner").count()) === 0, "the held-leads banner stayed");
  check((await page.getByTestId("low-credit-banner").count()) === 0, "the low-credit banner stayed");
  const lines = page.getByTestId("ledger-entry");
  await lines.nth(3).waitFor();
  const reasons = [];
  for (let i = 0; i < 4; i++) reasons.push(await text(lines.nth(i).locator('td[data-label="Reason"]')));
  check(reasons.filter((r) => r === "Lead").length === 3 && reasons.includes("Purchase"), `the ledger's reasons: ${reasons.join(", ")}`);
  const caption = page.getByTestId("usage-caption");
  await caption.waitFor();
  check(/: 3 in all \(highest day: 3\)/.test(await text(caption)), `the usage chart's caption reads "${await text(caption)}"`);
  check((await page.locator(".chart rect.bar.today").getAttribute("height")) !== "0", "today's bar is not drawn");
  if (shots) {
    await page.locator("#usage-title").evaluate((el) => el.closest("section").scrollIntoView({ block: "start" }));
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, "billing-usage-desktop.png") });
  }

  step = "the dashboard is clear of banners";
  await nav(page, "Dashboard").click();
  await heading(page, "Dashboard");
  await until("the balance on the dashboard", async () => (await page.getByTestId("balance").count()) > 0);
  check((await page.getByTestId("held-leads-banner").count()) === 0, "the dashboard still shows held leads");

  step = "no CSP violation, no request to another origin";
  check(problems.length === 0, problems.join("\n"));
  console.log("billing metered browser test: every step passed");
} catch (e) {
  console.error(`billing metered browser test failed at "${step}": ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
