// Issue 10's anomaly and retention pages in the browser, run by portal_browser.mjs after the
// admin steps with the admin's session (adminSteps returns its storage state): the signed-in
// portal user creates 11 API keys through the API (one above anomaly.keys_per_day), `leados
// anomalies scan` (SCAN_ARGV) raises a key_burst flag, the console lists it with observed vs
// baseline and a link to the account, and dismissing it with a note empties the open list. The
// retention page shows every policy row with a within/overdue badge and serve's first daily run.
// Screenshots admin-anomalies and admin-retention, desktop (1280×800) and phone (390×844).
import { spawnSync } from "node:child_process";

export async function oversightSteps({ browser, page, base, adminState, check, until, shot, guard, heading, noSidewaysScroll, setStep, TIMEOUT }) {
  const scanArgv = JSON.parse(process.env.SCAN_ARGV ?? "[]");
  if (!adminState || scanArgv.length === 0) {
    console.log("oversight steps skipped: no admin session or SCAN_ARGV");
    return;
  }

  setStep("anomalies: 11 API keys in a day and a scan raise a key_burst flag");
  const made = await page.evaluate(async () => {
    const me = await (await fetch("/v1/me", { credentials: "same-origin" })).json();
    let ok = 0;
    for (let i = 0; i < 11; i++) {
      const r = await fetch("/v1/api-keys", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf_token },
        body: JSON.stringify({ name: `burst ${i}`, scopes: ["leads:read"] }),
      });
      if (r.status === 201) ok++;
    }
    return ok;
  });
  check(made === 11, `created ${made} of 11 API keys`);
  const scan = spawnSync(scanArgv[0], scanArgv.slice(1), { encoding: "utf8" });
  check(scan.status === 0 && /1 new flags/.test(scan.stdout), `anomalies scan: ${scan.status} ${scan.stdout}${scan.stderr}`);

  setStep("anomalies: the console lists the flag and dismisses it with a note");
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: adminState });
  const admin = await desktop.newPage();
  admin.setDefaultTimeout(TIMEOUT);
  guard(admin, "oversight desktop");
  await admin.goto(`${base}/admin/anomalies`);
  await heading(admin, "Anomaly flags");
  const row = admin.getByTestId("anomaly-row").filter({ hasText: "API key burst" });
  await row.waitFor();
  const text = await row.textContent();
  // The portal steps made one key already: 12 in all.
  check(/1[12]\s*keys created in 24 h/.test(text ?? "") && /10\s*allowed/.test(text ?? ""), `the flag row reads "${text}"`);
  check((await row.getByRole("link", { name: "Review and suspend" }).count()) === 1, "the flag has no link to its account");
  await shot(admin, "admin-anomalies", "desktop");
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, storageState: adminState });
  const mobile = await phone.newPage();
  mobile.setDefaultTimeout(TIMEOUT);
  guard(mobile, "oversight phone");
  await mobile.goto(`${base}/admin/anomalies`);
  await mobile.getByTestId("anomaly-row").first().waitFor();
  await noSidewaysScroll(mobile, "admin-anomalies");
  await shot(mobile, "admin-anomalies", "phone");

  await row.getByRole("button", { name: /^Dismiss flag/ }).click();
  await row.getByLabel("Note (optional)").fill("Our own browser test made these keys");
  await row.getByRole("button", { name: "Dismiss flag" }).click();
  await admin.getByText("No open anomaly flag").waitFor();
  await admin.goto(`${base}/admin/anomalies?status=dismissed`);
  await admin.getByTestId("anomaly-row").filter({ hasText: "Our own browser test made these keys" }).waitFor();

  setStep("retention: every policy row with its badge and the first daily run");
  for (const [p, kind] of [[admin, "desktop"], [mobile, "phone"]]) {
    await p.goto(`${base}/admin/retention`);
    await heading(p, "Retention status");
    await p.getByTestId("retention-summary").waitFor();
    const rows = await p.getByTestId("retention-row").count();
    check(rows === 6, `the retention page shows ${rows} categories`);
    await until("the daily run in the list", async () => (await p.getByTestId("retention-runs").count()) === 1, TIMEOUT);
    if (kind === "phone") await noSidewaysScroll(p, "admin-retention");
    await shot(p, "admin-retention", kind);
  }
  await phone.close();
  await desktop.close();
}
