// The admin Usage page: after a real generation (and a refused one), an admin sees the jobs, spend,
// charts and per-model figures of the period, switches the period, and the page works on a phone.
// Everyone else gets the 403 page (or the sign-in page when signed out).
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;
const IMAGE_MODEL = "fal-ai/flux/dev";

/** A full-page screenshot from the top (the sticky header would otherwise cover the page title). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

test("an admin sees usage: cards, charts and tables, for the period picked", async ({ page, request }) => {
  test.setTimeout(240_000);
  const marker = `e2e-usage-refuse-${Date.now()}`;
  await signIn(page, "admin@e2e.test");

  // Data: one picture made, one refused by the simulator.
  const made = await page.request.post("/api/images/generate", { data: { prompt: "A smiling barista behind a counter", sessionId: "e2e-usage" } });
  expect(made.status()).toBe(200);
  expect(((await made.json()) as { estimatedCostUsd: number }).estimatedCostUsd).toBeGreaterThan(0);
  try {
    expect((await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseNext: 1, matchPrompt: marker } })).ok()).toBe(true);
    const refused = await page.request.post("/api/images/generate", { data: { prompt: `A barista ${marker}`, sessionId: "e2e-usage" } });
    expect(refused.ok()).toBe(false);
  } finally {
    await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseNext: 0, matchPrompt: null } });
  }

  // Reached from the site's navigation.
  await page.goto("/projects");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Usage" }).click();
  await expect(page).toHaveURL(/\/admin\/usage/);
  await expect(page.getByRole("heading", { name: "Usage" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Usage" })).toHaveAttribute("aria-current", "page");

  // Summary cards: jobs and spend are not zero, one failure at least.
  const usage = page.getByTestId("usage");
  await expect(usage).toHaveAttribute("data-period", "range=30");
  await expect(page.getByTestId("card-jobs").locator("dd").first()).not.toHaveText("0");
  await expect(page.getByTestId("card-jobs")).toContainText(/[1-9]\d* failed/);
  await expect(page.getByTestId("card-spend").locator("dd").first()).toHaveText(/^\$(?!0\.00$)\d+\.\d+$/);
  await expect(page.getByTestId("card-success").locator("dd").first()).toHaveText(/^\d+(\.\d)?%$/);

  // Charts, named for assistive technology, one bar group per UTC day, values on hover.
  const spendChart = page.getByRole("img", { name: "Estimated spend per day" });
  await expect(spendChart).toBeVisible();
  await expect(page.getByRole("figure", { name: "Estimated spend per day" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Jobs and failures per day" })).toBeVisible();
  await expect(spendChart.getByTestId("day-bar")).toHaveCount(30);
  const today = new Date().toISOString().slice(0, 10);
  await expect(spendChart.locator(`[data-day="${today}"] title`)).toHaveText(/: \$\d+\.\d+ \([1-9]\d* jobs?\)$/);
  await expect(spendChart.locator(`[data-day="${today}"] rect`)).toHaveCount(2); // hover area + the bar
  const p95 = page.getByRole("figure", { name: "p95 generation time per model" });
  await expect(p95.getByTestId("model-bar").filter({ hasText: "flux/dev" })).toBeVisible();

  // Tables: the model that ran, the admin's own spend.
  await expect(page.getByTestId("model-table")).toContainText(IMAGE_MODEL);
  await expect(page.getByTestId("user-table")).toContainText("admin@e2e.test");
  await expect(page.getByRole("heading", { name: "Stuck jobs" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Alerts" })).toBeVisible();
  await shot(page, "usage");

  // Another period: the page reloads its figures (7 day bars) and keeps the choice in the address.
  await page.getByRole("radio", { name: "Last 7 days" }).check();
  await expect(usage).toHaveAttribute("data-period", "range=7");
  await expect(spendChart.getByTestId("day-bar")).toHaveCount(7);
  await expect(page).toHaveURL(/\/admin\/usage\?range=7$/);
  await expect(page.getByTestId("model-table")).toContainText(IMAGE_MODEL);

  // Custom days long before anything ran: the empty state, with stuck jobs and alerts still shown.
  await page.getByRole("radio", { name: "Custom" }).check();
  await page.getByLabel("From", { exact: true }).fill("2020-01-01");
  await page.getByLabel("To", { exact: true }).fill("2020-01-31");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No generations in this period")).toBeVisible();
  await expect(page.getByTestId("card-jobs").locator("dd").first()).toHaveText("0");
  await expect(page.getByTestId("usage-period")).toContainText("Jan 1 – Jan 31, 2020");
  await expect(page).toHaveURL(/from=2020-01-01&to=2020-01-31/);
  // A reversed range is refused before any request.
  await page.getByLabel("From", { exact: true }).fill("2020-02-10");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("form", { name: "Custom period" }).getByRole("alert")).toHaveText("The first day must not be after the last day");

  // On a phone: nothing scrolls the page sideways (the tables scroll on their own).
  await page.goto("/admin/usage?range=7");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("model-table")).toContainText(IMAGE_MODEL);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "usage-mobile");
});

test("non-admins get the 403 page on Usage, visitors the sign-in page", async ({ page }) => {
  await page.goto("/admin/usage");
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fusage/);

  await signIn(page, uniqueEmail("usage-not-admin"));
  const response = await page.goto("/admin/usage");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(page.getByText("403 · Forbidden")).toBeVisible();
  await expect(page.getByRole("link", { name: "Usage", exact: true })).toHaveCount(0);
  const api = await page.request.get("/api/admin/metrics");
  expect(api.status()).toBe(403);
});
