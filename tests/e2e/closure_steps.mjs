// Issue 9's browser steps (the last ones of portal_browser.mjs, on the signed-in desktop page):
// Settings → "Download my data" downloads the JSON export with the user's email; "Close account"
// with a wrong password shows the API's error at the password field; with the right one the
// session ends and /account-closed names the reopen deadline; signing in afterwards shows the
// closed-account message. Screenshots: settings-close (desktop), account-closed (desktop, phone).
import { readFileSync } from "node:fs";

export async function closureSteps({ page, phone, base, check, until, shot, heading, email, password, setStep, timeout }) {
  setStep("settings: download my data");
  await page.goto(`${base}/settings`);
  await heading(page, "Settings");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  check(/^leados-account-acct_.*\.json$/.test(download.suggestedFilename()), `the download is named ${download.suggestedFilename()}`);
  const text = readFileSync(await download.path(), "utf8");
  const doc = JSON.parse(text);
  check(doc.format === "leados.account_export.v1", `export format ${doc.format}`);
  check(doc.users.some((u) => u.email === email), `the export has no user ${email}`);
  check(!text.includes("$argon2id$") && !text.includes("key_hash"), "the export holds a password or key hash");

  setStep("settings: closing with a wrong password shows the error at the field");
  const form = page.getByRole("form", { name: "Close account" });
  await form.scrollIntoViewIfNeeded();
  const pw = form.getByLabel("Password", { exact: true });
  await pw.fill("not my password at all");
  await form.getByLabel("I want to close this account").check();
  await shot(page, "settings-close", "desktop");
  await form.getByRole("button", { name: "Close account" }).click();
  await until("the password field's error", async () => (await pw.getAttribute("aria-invalid")) === "true", timeout);
  const error = await form.locator(".field-error").first().textContent();
  check(/password is wrong/.test(error ?? ""), `the close error reads "${error}"`);

  setStep("settings: closing the account signs out and names the reopen deadline");
  await pw.fill(password);
  await form.getByRole("button", { name: "Close account" }).click();
  await heading(page, "Account closed");
  const notice = await page.getByRole("status").first().textContent();
  check(/reopen it until/.test(notice ?? ""), `the notice reads "${notice}"`);
  await shot(page, "account-closed", "desktop");
  const url = page.url();
  if (phone) {
    await phone.goto(url);
    await heading(phone, "Account closed");
    await shot(phone, "account-closed", "phone");
  }

  setStep("sign-in of the closed account shows the closed-account message");
  await page.goto(`${base}/settings`);
  await heading(page, "Sign in"); // the session is gone
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const closed = await until(
    "the closed-account message",
    async () => {
      const t = await page.locator("[role=alert]").allTextContents();
      return t.find((s) => /account is closed/.test(s));
    },
    timeout,
  );
  check(/reopen it until/.test(closed), `the sign-in message reads "${closed}"`);
}
