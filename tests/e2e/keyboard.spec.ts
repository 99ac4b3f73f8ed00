// Keyboard only: on a phone the header's menu opens, closes on Escape and leads to a page; on a wide
// screen "Skip to content" is the first Tab stop and jumps past the header. Every focused element
// shows it (an outline or a ring), whatever its own styles.
import { expect, test, type Page } from "@playwright/test";

/** The focused element's description, and whether its focus is drawn (outline or box-shadow). */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "", tag: "body", visible: false, inMain: false, inHeader: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
      name: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim(),
      tag: el.tagName.toLowerCase(),
      visible: outline || style.boxShadow !== "none",
      inMain: Boolean(el.closest("main")),
      inHeader: Boolean(el.closest("header")),
    };
  });
}

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the menu button opens the menu, Escape closes it, and a link in it is followed, keyboard only", async ({ page }) => {
    await page.goto("/");
    const button = page.getByRole("button", { name: "Menu" });
    await expect(button).toHaveAttribute("aria-expanded", "false");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();

    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Skip to content", visible: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Better Ads home", visible: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Menu", tag: "button", visible: true });

    // Open: the first item takes the focus; the panel belongs to the button.
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(`#${await button.getAttribute("aria-controls")}`)).toBeVisible();
    await expect(nav.getByRole("link", { name: "Library" })).toBeFocused();
    expect((await focused(page)).visible).toBe(true);
    // The language menu and sign-in are in it too.
    await expect(page.getByRole("combobox", { name: "Language" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await expect(button).toBeFocused();

    // Open again with Space and follow the link with Enter: the library opens, the menu is closed.
    await page.keyboard.press("Space");
    await expect(nav.getByRole("link", { name: "Library" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/library$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
  });
});

test.describe("at 1440 px", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("Skip to content is the first Tab stop and leads into the page's content; focus stays visible", async ({ page }) => {
    await page.goto("/signin");
    // No menu button on a wide screen: the navigation is in the header row.
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" })).toBeVisible();

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    expect((await focused(page)).visible).toBe(true);

    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    // The first stop after the skip is the page's own first control, not the header's.
    await expect(page.getByLabel("Email")).toBeFocused();
    expect(await focused(page)).toMatchObject({ inMain: true, inHeader: false, visible: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Email me a sign-in link", tag: "button", inMain: true, visible: true });

    // Without the skip: the header's links come first, each with its ring.
    await page.goto("/signin");
    for (const name of ["Skip to content", "Better Ads home", "Library", "Language", "Sign in"]) {
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ name, inHeader: name !== "Skip to content", visible: true });
    }
  });
});
