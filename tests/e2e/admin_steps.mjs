// The admin console in the browser (issue 10, "what must be shown"), run by portal_browser.mjs
// after the portal's own steps: a client from an address outside admin.allow_ips gets a 404 at
// /admin and /admin/api/me; an allow-listed admin signs in with a code from `oathtool` (a wrong
// code first, whose error shows at the code field), finds a client account made for this run,
// adjusts its credits (+500 with a reason; the API's error at the reason field first) and sees the
// new balance and the audit entry, suspends it (its owner's sign-in then answers 403
// account_suspended) and reinstates it, and views sources, payments, delivery health and the
// audit log; then the rights requests (rightsSteps below). Every
// console page fits a 390 px phone screen; with SCREENSHOT_DIR each is captured at 1280×800 and
// 390×844 (admin-*.png).
//
// Environment (set by portal_browser_test.cc): ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOTP_SECRET
// (base32, from `leados admin create`'s otpauth URI), MAIL_DIR. Without ADMIN_EMAIL the steps
// are skipped (the portal script alone still runs).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const CLIENT_EMAIL = "console-client@example.com";
const CLIENT_COMPANY = "Console Client GmbH";
const CLIENT_PASSWORD = "a long passphrase of the console client";

function totp(secret) {
  return execFileSync("oathtool", ["--totp", "-b", secret], { encoding: "utf8" }).trim();
}

// The newest /verify-email link emailed to `to`, or "".
function verifyLink(mailDir, to) {
  let files = [];
  try {
    files = readdirSync(mailDir).sort().reverse();
  } catch {
    return "";
  }
  for (const f of files) {
    if (!f.endsWith(".eml")) continue;
    const text = readFileSync(join(mailDir, f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    if (!text.includes(to)) continue;
    const m = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(text);
    if (m) return m[1];
  }
  return "";
}

async function json(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text };
}

/**
 * Runs the admin console steps. `t` carries the portal script's helpers: browser, base, check,
 * until, shot, guard, heading, noSidewaysScroll, setStep, TIMEOUT.
 */
export async function adminSteps(t) {
  const { browser, base, check, until, shot, guard, heading, noSidewaysScroll, setStep, TIMEOUT } = t;
  const adminEmail = process.env.ADMIN_EMAIL;
  const adminPassword = process.env.ADMIN_PASSWORD;
  const secret = process.env.ADMIN_TOTP_SECRET;
  const mailDir = process.env.MAIL_DIR;
  if (!adminEmail || !adminPassword || !secret) {
    console.log("admin steps skipped: ADMIN_EMAIL, ADMIN_PASSWORD and ADMIN_TOTP_SECRET are not set");
    return;
  }

  setStep("admin: a client account of its own to work on (API sign-up and the emailed link)");
  const signup = await json(base, "POST", "/v1/signup", {
    name: "Console Client",
    email: CLIENT_EMAIL,
    company_name: CLIENT_COMPANY,
    billing_address: "2 Console Road\nBerlin",
    password: CLIENT_PASSWORD,
    terms_version: "2026-11-01",
    privacy_version: "2026-11-01",
    confirm_business: true,
    confirm_adult: true,
  });
  check(signup.status === 202, `signup answered ${signup.status}: ${signup.text}`);
  const token = await until("the client's verification email", async () => verifyLink(mailDir, CLIENT_EMAIL), TIMEOUT);
  const verified = await json(base, "POST", "/v1/verify-email", { token });
  check(verified.status < 300, `verify-email answered ${verified.status}: ${verified.text}`);

  setStep("admin: a client outside the allow-list gets 404 at /admin and /admin/api/me");
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.9" } });
  const refused = await elsewhere.newPage();
  const page404 = await refused.goto(`${base}/admin`);
  check(page404.status() === 404, `/admin from a foreign address answered ${page404.status()}`);
  check((await refused.locator("#root").count()) === 0, "/admin from a foreign address served the console");
  const me404 = await refused.goto(`${base}/admin/api/me`);
  check(me404.status() === 404, `/admin/api/me from a foreign address answered ${me404.status()}`);
  check((await me404.json()).error.code === "not_found", "the refusal is not the JSON 404");
  await elsewhere.close();

  setStep("admin: sign-in with a wrong code shows the error at the code field, then a code from oathtool");
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desktop.newPage();
  page.setDefaultTimeout(TIMEOUT);
  guard(page, "admin desktop");
  await page.goto(`${base}/admin`);
  await heading(page, "Admin sign-in");
  await shot(page, "admin-signin", "desktop");
  const code = page.getByLabel("Authenticator code");
  check((await code.getAttribute("autocomplete")) === "one-time-code", "the code field lacks autocomplete=one-time-code");
  await page.getByLabel("Email").fill(adminEmail);
  await page.getByLabel("Password").fill(adminPassword);
  const right = totp(secret);
  await code.fill(String((Number(right) + 500000) % 1000000).padStart(6, "0"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await until("the code field's error", async () => (await code.getAttribute("aria-invalid")) === "true", TIMEOUT);
  await page.getByText("email, password or code is wrong").waitFor();
  await code.fill(totp(secret));
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, "Accounts");
  await page.getByTestId("account-row").first().waitFor();
  await shot(page, "admin-accounts", "desktop");

  setStep("admin: search the client account and open it");
  await page.getByLabel("Search accounts").fill("console-client@");
  await page.getByRole("button", { name: "Search" }).click();
  await until("one search result", async () => (await page.getByTestId("account-row").count()) === 1, TIMEOUT);
  await page.getByRole("link", { name: CLIENT_COMPANY }).click();
  await heading(page, CLIENT_COMPANY);
  await page.getByTestId("balance").getByText("0 credits").waitFor();
  const accountUrl = page.url();

  setStep("admin: adjust credits (+500 with a reason; the API's error at the reason field first)");
  await page.getByLabel("Amount (credits)").fill("500");
  await page.getByRole("button", { name: "Adjust credits" }).click();
  const reason = page.getByLabel("Reason", { exact: true });
  await until("the reason field's error", async () => (await reason.getAttribute("aria-invalid")) === "true", TIMEOUT);
  await page.getByText("reason: required").waitFor();
  await reason.fill("Goodwill credits for the console test");
  await page.getByRole("button", { name: "Adjust credits" }).click();
  await page.getByText("The balance is now 500.").waitFor();
  await page.getByTestId("balance").getByText("500 credits").waitFor();
  await page.getByTestId("account-audit").getByText("admin.credits_adjust").waitFor();
  await page.getByTestId("ledger-entry").first().getByText("+500").waitFor();
  await shot(page, "admin-account", "desktop");

  setStep("admin: suspend the account (its sign-in answers account_suspended), then reinstate it");
  await page.getByRole("button", { name: "Suspend account" }).click();
  const why = page.getByLabel("Reason for suspending");
  await until("the suspension reason's error", async () => (await why.getAttribute("aria-invalid")) === "true", TIMEOUT);
  await why.fill("Console test: chargeback under review");
  await page.getByRole("button", { name: "Suspend account" }).click();
  await page.getByTestId("suspension").getByText("chargeback under review").waitFor();
  const login = await json(base, "POST", "/v1/login", { email: CLIENT_EMAIL, password: CLIENT_PASSWORD });
  check(login.status === 403 && login.body?.error?.code === "account_suspended",
    `a suspended client's sign-in answered ${login.status}: ${login.text}`);
  await page.getByTestId("account-audit").getByText("admin.account.suspend").waitFor();
  await page.getByRole("button", { name: "Reinstate account" }).click();
  await page.getByRole("heading", { name: "Suspend account" }).waitFor();
  await page.getByTestId("account-audit").getByText("admin.account.reinstate").waitFor();
  const back = await json(base, "POST", "/v1/login", { email: CLIENT_EMAIL, password: CLIENT_PASSWORD });
  check(back.status === 200, `a reinstated client's sign-in answered ${back.status}: ${back.text}`);

  setStep("admin: sources, payments, delivery health, the audit log with a filter, a page without an API yet");
  const nav = (p, label) => p.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label, exact: true });
  await nav(page, "Sources").click();
  await heading(page, "Sources");
  await page.locator(".loading").first().waitFor({ state: "detached" }).catch(() => {});
  await shot(page, "admin-sources", "desktop");
  await nav(page, "Payments").click();
  await heading(page, "Payments");
  await page.locator(".loading").first().waitFor({ state: "detached" }).catch(() => {});
  await shot(page, "admin-payments", "desktop");
  await nav(page, "Delivery health").click();
  await heading(page, "Delivery health");
  await page.getByTestId("deliveries").waitFor();
  await page.getByTestId("sources-health").waitFor();
  await shot(page, "admin-health", "desktop");
  await nav(page, "Audit log").click();
  await heading(page, "Audit log");
  await page.getByLabel("Action starts with").fill("admin.account");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await until("the filtered audit log", async () => {
    const rows = await page.getByTestId("audit-row").allTextContents();
    return rows.length >= 3 && rows.every((r) => r.includes("admin.account"));
  }, TIMEOUT);
  await shot(page, "admin-audit", "desktop");
  await nav(page, "Retention").click();
  await heading(page, "Retention status");
  await page.getByTestId("retention-summary").waitFor();

  setStep("admin: on a phone (390×844) every console page fits");
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    storageState: await desktop.storageState(),
  });
  const mobile = await phone.newPage();
  mobile.setDefaultTimeout(TIMEOUT);
  guard(mobile, "admin phone");
  for (const [path, title, name] of [
    ["/admin/accounts", "Accounts", "admin-accounts"],
    [new URL(accountUrl).pathname, CLIENT_COMPANY, "admin-account"],
    ["/admin/sources", "Sources", "admin-sources"],
    ["/admin/payments", "Payments", "admin-payments"],
    ["/admin/health", "Delivery health", "admin-health"],
    ["/admin/audit", "Audit log", "admin-audit"],
  ]) {
    await mobile.goto(base + path);
    await heading(mobile, title);
    await mobile.locator(".loading").first().waitFor({ state: "detached" }).catch(() => {});
    await noSidewaysScroll(mobile, name);
    await shot(mobile, name, "phone");
  }
  await mobile.getByRole("button", { name: "Menu" }).click();
  await nav(mobile, "Accounts").click();
  await heading(mobile, "Accounts");
  const signedOut = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const signin = await signedOut.newPage();
  guard(signin, "admin phone sign-in");
  await signin.goto(`${base}/admin/accounts`);
  await heading(signin, "Admin sign-in");
  await noSidewaysScroll(signin, "admin-signin");
  await shot(signin, "admin-signin", "phone");
  await signedOut.close();

  await rightsSteps(t, { page, mobile, nav });

  // The admin session, for the steps that follow (oversight_steps.mjs).
  const adminState = await desktop.storageState();
  await phone.close();
  await desktop.close();
  return adminState;
}

// The portal's public rights request page and the console's queue (issue 10 on issue 9's API):
// two handle requests (no email confirmation: they go to the queue unverified) sent through
// /privacy/request — an empty identifier first, whose API error shows at its field —, then in the
// console both are in the queue with their deadlines (30 days for GDPR, 45 for CCPA); the deletion
// is rejected (the API's error at the reason field first) and the access request completed (the
// page shows what the API answers it holds). Screenshots privacy-request-* and admin-privacy-*
// (desktop: the queue with both requests open; phone: the completed access request).
async function rightsSteps(t, { page, mobile, nav }) {
  const { browser, base, check, until, shot, guard, heading, noSidewaysScroll, setStep, TIMEOUT } = t;

  setStep("rights: a deletion request by handle through the public page (the identifier's error first)");
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const pub = await visitor.newPage();
  pub.setDefaultTimeout(TIMEOUT);
  guard(pub, "privacy request desktop");
  await pub.goto(`${base}/privacy/request`);
  await heading(pub, "Your data in leads");
  await pub.getByLabel("How do we find you?").selectOption("handle");
  await pub.getByRole("button", { name: "Send request" }).click();
  const identifier = pub.getByLabel("Your identifier");
  await until("the identifier field's error", async () => (await identifier.getAttribute("aria-invalid")) === "true", TIMEOUT);
  check(/^identifier/.test(await pub.locator(".field-error").first().innerText()), "the identifier's error is not the API's");
  await identifier.fill("hn:rights-deletion-person");
  await shot(pub, "privacy-request", "desktop");
  await pub.getByRole("button", { name: "Send request" }).click();
  await heading(pub, "Request received");
  const deletionId = (await pub.locator("code").first().innerText()).trim();
  check(/^prq_/.test(deletionId), `the reference is ${deletionId}`);
  await visitor.close();

  setStep("rights: an access request by handle (CCPA) through the public page on a phone");
  const visitorPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const pubPhone = await visitorPhone.newPage();
  pubPhone.setDefaultTimeout(TIMEOUT);
  guard(pubPhone, "privacy request phone");
  await pubPhone.goto(`${base}/privacy/request`);
  await heading(pubPhone, "Your data in leads");
  await pubPhone.getByLabel("What do you ask for?").selectOption("access");
  await pubPhone.getByLabel("How do we find you?").selectOption("handle");
  await pubPhone.getByLabel("Your identifier").fill("reddit:rights-access-person");
  await pubPhone.getByLabel("Where do you live?").selectOption("ccpa");
  await noSidewaysScroll(pubPhone, "privacy-request");
  await shot(pubPhone, "privacy-request", "phone");
  await pubPhone.getByRole("button", { name: "Send request" }).click();
  await heading(pubPhone, "Request received");
  const accessId = (await pubPhone.locator("code").first().innerText()).trim();
  check(/^prq_/.test(accessId) && accessId !== deletionId, `the second reference is ${accessId}`);
  await visitorPhone.close();

  setStep("rights: both requests are in the console's queue, unverified, with their deadlines");
  await nav(page, "Rights requests").click();
  await heading(page, "Rights requests");
  const row = (id) => page.getByTestId("rights-row").filter({ hasText: id });
  await row(deletionId).waitFor();
  await row(accessId).waitFor();
  const deletionRow = await row(deletionId).innerText();
  check(/deletion/.test(deletionRow) && /handle/.test(deletionRow) && /GDPR/.test(deletionRow) && /pending/.test(deletionRow),
    `the deletion row reads: ${deletionRow}`);
  check(/\b30 days left\b/.test(deletionRow), `the GDPR deadline is not 30 days away: ${deletionRow}`);
  const accessRow = await row(accessId).innerText();
  check(/access/.test(accessRow) && /CCPA/.test(accessRow) && /\b45 days left\b/.test(accessRow), `the access row reads: ${accessRow}`);
  check((await row(deletionId).locator("td[data-label='Verified']").innerText()).trim() === "no", "a handle request shows as verified");
  await page.getByTestId("overdue-count").getByText("No open request is past its deadline.").waitFor();
  await shot(page, "admin-privacy", "desktop");

  setStep("rights: reject the deletion request (the API's error at the reason field first)");
  await page.getByRole("button", { name: `Review deletion request ${deletionId}` }).click();
  const detail = page.getByTestId("rights-detail");
  await detail.getByRole("heading", { name: `Deletion request ${deletionId}` }).waitFor();
  await detail.getByRole("button", { name: "Reject request" }).click();
  const reason = detail.getByLabel("Reason for rejecting");
  await until("the reject reason's error", async () => (await reason.getAttribute("aria-invalid")) === "true", TIMEOUT);
  await detail.getByText("reason: say in 1 to 500 characters").waitFor();
  await reason.fill("Console test: the person could not show they own the account");
  await detail.getByRole("button", { name: "Reject request" }).click();
  await detail.getByTestId("reject-reason").getByText("could not show they own the account").waitFor();
  await until("the rejected row", async () => /rejected/.test(await row(deletionId).innerText()), TIMEOUT);

  setStep("rights: complete the access request and see what the API answers");
  await page.getByRole("button", { name: `Review access request ${accessId}` }).click();
  await detail.getByRole("heading", { name: `Access request ${accessId}` }).waitFor();
  await detail.getByRole("button", { name: "Complete request" }).click();
  const result = detail.getByTestId("rights-result");
  await result.getByText("What LeadOS holds about the person").waitFor();
  await result.getByText("On the suppression list").waitFor();
  await result.getByText("Leads about the person").waitFor();
  await until("the completed row", async () => /completed/.test(await row(accessId).innerText()), TIMEOUT);

  setStep("rights: the status filter, and the queue on a phone");
  await page.getByLabel("Status", { exact: true }).selectOption("rejected");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await until("only rejected requests", async () => {
    const rows = await page.getByTestId("rights-row").allTextContents();
    return rows.length >= 1 && rows.every((r) => r.includes("rejected")) && rows.some((r) => r.includes(deletionId));
  }, TIMEOUT);
  await mobile.goto(`${base}/admin/rights?id=${encodeURIComponent(accessId)}`);
  await heading(mobile, "Rights requests");
  await mobile.getByTestId("rights-detail").waitFor();
  await mobile.getByTestId("rights-row").first().waitFor();
  await noSidewaysScroll(mobile, "admin-privacy");
  await shot(mobile, "admin-privacy", "phone");
}
