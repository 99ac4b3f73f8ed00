// The library on a phone (390x844): one column of cards, chips that wrap and work, no sideways scroll.
import { expect, test } from "@playwright/test";
import { publishAvatars, screenshot } from "./fixtures";

test("mobile library: one column, usable filters, no horizontal scroll", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Mob${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [
    { name: `${run} Sara`, tagSlugs: ["femme", "beaute"] },
    { name: `${run} Tom`, tagSlugs: ["homme", "sport"] },
  ], "e2e-mobile");

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
