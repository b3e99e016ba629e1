// The portal's billing pages in the browser (issue 10), called by portal_browser.mjs after the API
// key steps, signed in on the desktop page. A new client sees the low-credit banner and an empty
// Billing page (ledger, invoices, billing address), gets the API's error at the Name field of the
// billing address, saves it, cancels one Checkout, then buys a pack: "Buy" opens the Stripe
// stand-in's Checkout page (tests/e2e/stripe_standin.mjs, started by portal_browser_test.cc); the
// test posts the checkout.session.completed event the stand-in signs with the npm `stripe`
// package to /webhooks/stripe, follows the page's link back to the success URL, and sees the new
// balance, the ledger's purchase line and the invoice, whose PDF it downloads (Playwright's download
// event; the file starts with %PDF), and sets the low-credit threshold (the API's error for -5 at
// the field, the banner at 1500, gone again with the default). Screenshots: billing (desktop, phone) and the dashboard with
// the balance.
//
// Leaving the portal for Checkout is the one request to another origin the portal makes on
// purpose: the guard's entries for the stand-in's origin (the page and its favicon) are removed;
// any other cross-origin request still fails the run.
//
// Environment: STRIPE_STANDIN_URL (http://127.0.0.1:PORT of the stand-in), STRIPE_WEBHOOK_SECRET
// (stripe.webhook_secret of the installation).
import { readFileSync } from "node:fs";

/**
 * Runs the billing steps. `ctx` carries portal_browser.mjs's helpers: page (signed in, desktop),
 * base, browser, email, password, problems, guard, check, until, shot, heading, nav,
 * noSidewaysScroll, and setStep(name) for its failure message. Throws on the first failed check.
 */
export async function billingSteps(ctx) {
  const { page, base, browser, email, password, problems, guard, check, until, shot, heading, nav, noSidewaysScroll, setStep } = ctx;
  const standin = process.env.STRIPE_STANDIN_URL ?? "";
  const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
  check(standin && secret, "STRIPE_STANDIN_URL and STRIPE_WEBHOOK_SECRET must be set");
  const standinOrigin = new URL(standin).origin;
  const text = async (locator) => (await locator.innerText()).trim();

  setStep("billing: the dashboard shows the balance and the low-credit banner");
  await nav(page, "Dashboard").click();
  await heading(page, "Dashboard");
  await page.getByTestId("balance").waitFor();
  check((await text(page.getByTestId("balance"))) === "0", "a new account's balance is not 0");
  const banner = page.getByTestId("low-credit-banner");
  await banner.waitFor();
  check(/under your alert threshold of 50/.test(await text(banner)), `the low-credit banner reads "${await text(banner)}"`);
  check((await banner.getByRole("link", { name: "Buy credits" }).count()) === 1, "the banner does not link to Billing");

  setStep("billing: empty ledger, invoices and billing address");
  await banner.getByRole("link", { name: "Buy credits" }).click();
  await heading(page, "Billing");
  await page.getByText("No credit movements yet").waitFor();
  await page.getByText("No invoices yet").waitFor();
  await page.getByTestId("no-profile").waitFor();
  check((await page.getByTestId("pack").count()) === 2, "the two configured packs are not offered");
  await page.getByTestId("usage-empty").waitFor(); // no lead charged (billing.metered is off here)

  setStep("billing: the billing address shows the API's error at its field");
  await page.getByLabel("Address line 1").fill("Domplatz 3");
  await page.getByLabel("Postal code").fill("48143");
  await page.getByLabel("City").fill("Münster");
  await page.getByLabel("Country").fill("de");
  await page.getByRole("button", { name: "Save billing address" }).click();
  const name = page.getByLabel("Name", { exact: true });
  await until("the name field's error", async () => (await name.getAttribute("aria-invalid")) === "true", 30_000);
  const described = (await name.getAttribute("aria-describedby")).split(" ").pop();
  const nameError = await text(page.locator(`[id="${described}"]`));
  check(nameError === "name: is required", `the name error reads "${nameError}"`);
  check(await name.evaluate((el) => el === document.activeElement), "focus did not move to the name field");

  setStep("billing: the billing address saved");
  await name.fill("Portal Tester");
  await page.getByLabel("Company (optional)").fill("Portal Test Ltd");
  await page.getByRole("button", { name: "Save billing address" }).click();
  await page.getByText("Billing address saved.").waitFor();
  check((await page.getByLabel("Country").inputValue()) === "DE", "the stored country is not shown as the API normalised it");

  setStep("billing: a cancelled Checkout charges nothing");
  await page.getByRole("button", { name: /^Buy 100 credits/ }).click();
  await page.waitForURL((u) => u.href.startsWith(`${standinOrigin}/c/pay/`));
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.waitForURL((u) => u.href === `${base}/billing?checkout=cancelled`);
  await heading(page, "Billing");
  await page.getByTestId("checkout-notice").getByText("Checkout was cancelled").waitFor();

  setStep("billing: buy a pack through Stripe Checkout (stand-in)");
  await page.getByRole("button", { name: /^Buy 1000 credits/ }).click();
  await page.waitForURL((u) => u.href.startsWith(`${standinOrigin}/c/pay/`));
  await page.getByRole("heading", { name: "Stripe Checkout (stand-in)" }).waitFor();
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
  check(sessionId.startsWith("cs_test_"), `the Checkout URL names no session: ${page.url()}`);

  setStep("billing: Stripe's signed checkout.session.completed at /webhooks/stripe");
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
  const hookBody = await hook.text();
  check(hook.status === 200 && JSON.parse(hookBody).received === true, `the webhook answered ${hook.status}: ${hookBody}`);

  setStep("billing: back on the success URL, the balance, the purchase and the invoice");
  await page.getByRole("link", { name: "Return after paying" }).click();
  await page.waitForURL((u) => u.href === `${base}/billing?checkout=success&session_id=${sessionId}`);
  await heading(page, "Billing");
  await page.getByTestId("checkout-notice").getByText("Payment received").waitFor();
  await until("the new balance", async () => (await text(page.getByTestId("balance"))) === "1000", 30_000);
  const purchase = page.getByTestId("ledger-entry").first();
  await purchase.getByText("Purchase").waitFor();
  const purchaseText = await text(purchase);
  check(purchaseText.includes("+1000") && purchaseText.includes(sessionId), `the ledger's newest line reads "${purchaseText}"`);
  check((await page.getByTestId("low-credit-banner").count()) === 0, "the low-credit banner stayed after the purchase");
  const invoice = page.getByTestId("invoice").first();
  await invoice.waitFor();
  const download = invoice.getByRole("link", { name: /^Download invoice/ });
  await until("the invoice PDF", async () => {
    if ((await download.count()) > 0) return true;
    await page.getByRole("button", { name: "Refresh" }).click();
    return false;
  }, 60_000);
  const invoiceText = await text(invoice);
  check(/1,000 credits/.test(invoiceText) && /150/.test(invoiceText), `the invoice row reads "${invoiceText}"`);

  setStep("billing: the invoice PDF downloads");
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  check(/\.pdf$/.test(file.suggestedFilename()), `the download is named "${file.suggestedFilename()}"`);
  const bytes = readFileSync(await file.path());
  check(bytes.subarray(0, 4).toString("latin1") === "%PDF", "the downloaded invoice is not a PDF");

  setStep("billing: the low-credit threshold (the API's error at its field first)");
  const threshold = page.getByLabel(/^Alert when the balance is under/);
  await threshold.fill("-5");
  await page.getByRole("button", { name: "Save alert" }).click();
  await until("the threshold field's error", async () => (await threshold.getAttribute("aria-invalid")) === "true", 30_000);
  const thresholdError = await text(page.locator(`[id="${(await threshold.getAttribute("aria-describedby")).split(" ").pop()}"]`));
  check(/^low_credit_threshold: must be 0 or more/.test(thresholdError), `the threshold error reads "${thresholdError}"`);
  await threshold.fill("1500");
  await page.getByRole("button", { name: "Save alert" }).click();
  await page.getByTestId("low-credit-banner").getByText("under your alert threshold of 1500").waitFor();
  await threshold.fill("");
  await page.getByRole("button", { name: "Save alert" }).click();
  await page.getByText("Saved: the default, 50 credits.").waitFor();
  check((await page.getByTestId("low-credit-banner").count()) === 0, "the banner stayed with the default threshold");

  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "billing", "desktop");

  // Checkout at the stand-in was the intended trip to another origin (see the header).
  for (let i = problems.length - 1; i >= 0; i--) {
    if (problems[i].includes(`request to another origin: ${standinOrigin}/`)) problems.splice(i, 1);
  }

  setStep("billing: the dashboard shows the new balance");
  await nav(page, "Dashboard").click();
  await heading(page, "Dashboard");
  await until("the balance on the dashboard", async () => (await page.getByTestId("balance").count()) > 0 && (await text(page.getByTestId("balance"))) === "1000", 30_000);
  check((await page.getByTestId("low-credit-banner").count()) === 0, "the dashboard still shows the low-credit banner");
  await page.locator(".chart svg").first().waitFor();
  await shot(page, "dashboard", "desktop");

  setStep("billing: the Billing page on a phone (390×844)");
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  try {
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(30_000);
    guard(mobile, "phone (billing)");
    await mobile.goto(`${base}/billing`);
    await heading(mobile, "Sign in");
    await mobile.getByLabel("Email").fill(email);
    await mobile.getByLabel("Password").fill(password);
    await mobile.getByRole("button", { name: "Sign in" }).click();
    await heading(mobile, "Billing");
    await mobile.getByTestId("invoice").first().waitFor();
    await mobile.getByTestId("usage-empty").waitFor();
    await noSidewaysScroll(mobile, "billing");
    await shot(mobile, "billing", "phone");
  } finally {
    await phone.close();
  }
}
