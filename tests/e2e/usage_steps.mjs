// Issue 9/10's usage steps (portal_browser.mjs, signed in on a desktop and a phone, before the
// account is closed): Usage is in the navigation, shows a non-zero count of API calls (the
// portal's own calls of this run, live: today is not rolled up yet) and the top operations, the
// charts are drawn, and it fits a phone. Screenshots: usage (desktop, phone).
export async function usageSteps({ page, phone, base, check, until, shot, heading, noSidewaysScroll, setStep, timeout }) {
  setStep("usage: the page shows today's API calls");
  await page.goto(`${base}/`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Usage" }).click();
  await heading(page, "Usage");
  const calls = page.getByTestId("usage-api-calls");
  const n = await until(
    "a non-zero API call count",
    async () => {
      const t = (await calls.textContent().catch(() => "")) ?? "";
      return Number(t) > 0 ? Number(t) : null;
    },
    timeout,
  );
  check(n > 0, `the API call count reads ${n}`);
  check((await page.locator(".chart svg").count()) >= 4, "the four usage charts are drawn");
  const ops = await page.locator("section[aria-labelledby=top-ops-title] table").textContent();
  check(/getMe|listLeads|listCampaigns/.test(ops ?? ""), `the top operations read "${ops}"`);
  await shot(page, "usage", "desktop");

  if (phone) {
    setStep("usage: fits a phone");
    await phone.goto(`${base}/usage`);
    await heading(phone, "Usage");
    await phone.getByTestId("usage-api-calls").waitFor();
    await noSidewaysScroll(phone, "usage");
    await shot(phone, "usage", "phone");
  }
}
