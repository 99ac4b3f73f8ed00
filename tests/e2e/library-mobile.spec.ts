// The library on a phone (390x844): two compact columns of cards, the filters in a bottom sheet
// ("Filters (n)": a modal dialog that keeps focus, closes with Escape and gives focus back), no
// sideways scroll.
import { expect, test } from "@playwright/test";
import { publishAvatars, screenshot } from "./fixtures";

test("mobile library: two columns, filters in a bottom sheet, no horizontal scroll", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Mob${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [
    { name: `${run} Sara`, tagSlugs: ["femme", "beaute"] },
    { name: `${run} Tom`, tagSlugs: ["homme", "sport"] },
  ], "e2e-mobile");

  await page.goto(`/library?q=${run}`);
  const cards = page.getByTestId("library-card");
  await expect(cards).toHaveCount(2, { timeout: 60_000 });

  // Two columns: side by side, each about half the screen.
  const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
  expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
  expect(a!.width).toBeGreaterThan(150);

  // The filters live in a bottom sheet; the search already counts as one filter.
  const open = page.getByRole("button", { name: "Filters (1)" });
  await open.tap();
  const sheet = page.getByRole("dialog", { name: "Filters" });
  await expect(sheet).toBeVisible();
  const box = await sheet.boundingBox();
  expect(box!.y + box!.height).toBeGreaterThan(844 - 2); // anchored to the bottom
  // Focus stays inside the sheet.
  for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
  expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(open).toBeFocused();

  // Chips wrap and filter with a tap; the sheet's button shows the results.
  await open.tap();
  const chip = sheet.locator('[data-testid="filter-chip"][data-tag="sport"]');
  await chip.scrollIntoViewIfNeeded();
  await expect(chip.getByTestId("chip-count")).toHaveText("1");
  await chip.tap();
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  await screenshot(page, "library-mobile-sheet");
  await sheet.getByTestId("sheet-done").tap();
  await expect(sheet).toBeHidden();
  await expect(page.getByRole("button", { name: "Filters (2)" })).toBeVisible();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${run} Tom`);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "library-mobile");
});
