// The library on a phone (390x844): one column of cards, chips that wrap and work, no sideways scroll.
import { expect, test, type Browser } from "@playwright/test";
import { screenshot, signIn } from "./fixtures";

/** Publishes public avatars as the e2e admin (in a desktop context of its own) and waits until ready. */
async function publishAvatars(browser: Browser, baseURL: string, entries: Array<{ name: string; tagSlugs: string[] }>) {
  const context = await browser.newContext({ baseURL });
  const admin = await context.newPage();
  await signIn(admin, "admin@e2e.test");
  const generated = await admin.request.post("/api/images/generate", { data: { prompt: "A portrait for the mobile library", sessionId: "e2e-mobile", numImages: entries.length } });
  expect(generated.status()).toBe(200);
  const { images } = (await generated.json()) as { images: Array<{ imageUrl: string }> };
  const ids: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const created = await admin.request.post("/api/avatars/public", { data: { ...entry, imageUrl: images[i].imageUrl } });
    expect(created.status()).toBe(202);
    ids.push(((await created.json()) as { id: string }).id);
  }
  await expect
    .poll(async () => {
      const all = await Promise.all(ids.map(async (id) => ((await (await admin.request.get(`/api/avatars/public/${id}`)).json()) as { status: string }).status));
      return all.every((s) => s === "ready");
    }, { timeout: 150_000, intervals: [2000] })
    .toBe(true);
  await context.close();
}

test("mobile library: one column, usable filters, no horizontal scroll", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Mob${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [
    { name: `${run} Sara`, tagSlugs: ["femme", "beaute"] },
    { name: `${run} Tom`, tagSlugs: ["homme", "sport"] },
  ]);

  await page.goto(`/library?q=${run}`);
  const cards = page.getByTestId("library-card");
  await expect(cards).toHaveCount(2, { timeout: 60_000 });

  // One column: same left edge, stacked.
  const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  expect(Math.abs(a!.x - b!.x)).toBeLessThan(2);
  expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
  expect(a!.width).toBeGreaterThan(300);

  // Chips wrap and filter with a tap.
  const chip = page.getByRole("button", { name: "Sport", exact: true });
  await chip.scrollIntoViewIfNeeded();
  await chip.tap();
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${run} Tom`);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await chip.tap();
  await expect(cards).toHaveCount(2);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "library-mobile");
});
