// Policy changes in the browser (issue 9), run by portal_browser.mjs while its user is signed in
// on `page`: an admin signs in to the console, publishes a terms version from the Policies page
// (an empty summary first, whose API error shows at its field), the user sees the blocking
// acceptance dialog on the next navigation (labelled, focus inside, Escape does not close it),
// accepts, and the dialog does not come back; the announcement is in the mail folder.
// Screenshot policy-dialog-desktop.png. Needs ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOTP_SECRET and
// MAIL_DIR (set by portal_browser_test.cc); skipped without them.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const VERSION = "2026-11-30";
const SUMMARY = "Section 4: unused credits now expire after two years.";

function totp(secret) {
  return execFileSync("oathtool", ["--totp", "-b", secret], { encoding: "utf8" }).trim();
}

// The text of the newest email to `to` that contains `needle`, or "".
function mailWith(mailDir, to, needle) {
  let files = [];
  try {
    files = readdirSync(mailDir).sort().reverse();
  } catch {
    return "";
  }
  for (const f of files) {
    if (!f.endsWith(".eml")) continue;
    const text = readFileSync(join(mailDir, f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    if (text.includes(to) && text.includes(needle)) return text;
  }
  return "";
}

/** `t`: browser, page (the signed-in user), base, email, adminState (optional: the console session of
 * adminSteps), check, until, shot, heading, nav, setStep, TIMEOUT. */
export async function policySteps(t) {
  const { browser, page, base, email, check, until, shot, heading, nav, setStep, TIMEOUT } = t;
  const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOTP_SECRET, MAIL_DIR } = process.env;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD || !ADMIN_TOTP_SECRET || !MAIL_DIR) {
    console.log("policy steps skipped: ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOTP_SECRET or MAIL_DIR is not set");
    return;
  }

  setStep("policy: an admin publishes a terms version (the summary's error at its field first)");
  // The console session of the admin steps when given (a TOTP code works once: signing in again
  // within the same 30-second step would wait for the next code).
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(t.adminState ? { storageState: t.adminState } : {}) });
  const admin = await ctx.newPage();
  admin.setDefaultTimeout(TIMEOUT);
  await admin.goto(`${base}/admin/policies`);
  if (!t.adminState) {
    await heading(admin, "Admin sign-in");
    await admin.getByLabel("Email").fill(ADMIN_EMAIL);
    await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
    for (let i = 0; i < 2; i++) {
      await admin.getByLabel("Authenticator code").fill(totp(ADMIN_TOTP_SECRET));
      await admin.getByRole("button", { name: "Sign in" }).click();
      const ok = await admin.getByRole("heading", { level: 1, name: "Policies" }).waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (ok) break;
      await admin.waitForTimeout(30000 - (Date.now() % 30000) + 500);
    }
  }
  await heading(admin, "Policies");
  await admin.getByLabel("Policy").selectOption("terms");
  await admin.getByLabel("Version").fill(VERSION);
  await admin.getByRole("button", { name: "Publish and email users" }).click();
  const summary = admin.getByLabel("What changed");
  await until("the summary field's error", async () => (await summary.getAttribute("aria-invalid")) === "true", TIMEOUT);
  await summary.fill(SUMMARY);
  await admin.getByRole("button", { name: "Publish and email users" }).click();
  await admin.getByTestId("policy-published").waitFor();
  await admin.getByTestId("policy-row").filter({ hasText: VERSION }).getByText("0 users").waitFor();
  await shot(admin, "admin-policies", "desktop");

  setStep("policy: the user sees the acceptance dialog on the next navigation and accepts");
  await nav(page, "Campaigns").click();
  const dialog = page.getByRole("dialog", { name: "We updated our terms of service" });
  await dialog.waitFor();
  await dialog.getByText(SUMMARY).waitFor();
  check((await dialog.getByRole("link", { name: "Read the terms of service" }).getAttribute("href")) === "/terms",
    "the dialog's link does not lead to /terms");
  check(await page.evaluate(() => !!document.activeElement?.closest("dialog")), "focus is not inside the dialog");
  await page.keyboard.press("Escape");
  check(await dialog.isVisible(), "Escape closed the blocking dialog");
  await shot(page, "policy-dialog", "desktop");
  await dialog.getByRole("button", { name: "Accept" }).click();
  await dialog.waitFor({ state: "hidden" });
  const asked = page.waitForResponse((r) => r.url().endsWith("/v1/policies/current"));
  await nav(page, "Dashboard").click();
  await heading(page, "Dashboard");
  await asked;
  await page.waitForTimeout(200);
  check(!(await dialog.isVisible()), "the dialog came back after accepting");
  await admin.reload();
  await admin.getByTestId("policy-row").filter({ hasText: VERSION }).getByText("1 users").waitFor();
  await ctx.close();

  setStep("policy: the announcement is in the mail folder");
  const mail = await until("the policy email", async () => mailWith(MAIL_DIR, email, SUMMARY), TIMEOUT);
  check(mail.includes(`terms of service changed (version ${VERSION})`), "the policy email's subject is not the announcement");
  check(/https?:\/\/[^\s"<>]*\/terms/.test(mail), "the policy email has no link to /terms");
}
