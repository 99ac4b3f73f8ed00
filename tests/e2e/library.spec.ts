// The public library as a visitor sees it: an admin publishes avatars with different tags through
// the API; a signed-out visitor's filter chips and search narrow the results, and the selection
// survives a reload (it lives in the URL).
import { expect, test } from "@playwright/test";
import { publishAvatars, screenshot, signIn } from "./fixtures";

test("a visitor filters the library by tag and searches by name", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Zed${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [
    { name: `${run} Hugo tech`, tagSlugs: ["homme", "tech", "adulte"] },
    { name: `${run} Ines tech`, tagSlugs: ["femme", "tech", "jeune"] },
    { name: `${run} Lea medical`, tagSlugs: ["femme", "medical", "senior"] },
  ], "e2e-library");

  // Signed out: the public library, no "My avatars" tab.
  await page.goto("/library");
  await expect(page.getByRole("heading", { name: "Avatar library" })).toBeVisible();
  await expect(page.getByRole("link", { name: "My avatars" })).toHaveCount(0);
  const cards = page.getByTestId("library-card");
  await expect(cards.first()).toBeVisible({ timeout: 60_000 });

  // Search narrows to this run's three avatars (debounced, then in the URL).
  await page.getByLabel("Search by name").fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  await expect(cards).toHaveCount(3);

  // A chip (sexe = femme) changes the results: OR within a category...
  await page.getByRole("button", { name: "Femme", exact: true }).click();
  await expect(page).toHaveURL(/sexe=femme/);
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) await expect(card).toContainText("Femme");

  // ...AND across categories.
  await page.getByRole("button", { name: "Médical", exact: true }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${run} Lea medical`);
  await page.getByRole("button", { name: "Tech", exact: true }).click();
  await expect(cards).toHaveCount(2);

  // The selection survives a reload.
  await page.reload();
  await expect(page.getByRole("button", { name: "Femme", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Search by name")).toHaveValue(run);
  await expect(cards).toHaveCount(2);

  // Sort by name.
  await page.getByLabel("Sort").selectOption("name");
  await expect(cards.first()).toContainText(`${run} Ines tech`);

  // Nothing matches -> empty state with a way out.
  await page.getByRole("button", { name: "Senior", exact: true }).click();
  await expect(cards).toHaveCount(1);
  await page.getByRole("button", { name: "Médical", exact: true }).click();
  await expect(page.getByText("No avatars match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page.getByLabel("Search by name")).toHaveValue("");
  await expect(cards.first()).toBeVisible();

  // "Use in a b-roll" hands the avatar's image to the projects pages.
  await page.getByLabel("Search by name").fill(run);
  await expect(cards).toHaveCount(3);
  await expect(cards.first().getByRole("link", { name: /in a b-roll/ })).toHaveAttribute("href", /^\/projects\?useImage=%2Fapi%2Fmedia%2F/);
  await screenshot(page, "library");
});

test("signed in, My avatars lists the user's private avatars", async ({ page }) => {
  await signIn(page, `library-mine-${Date.now()}@e2e.test`);
  await page.goto("/library?tab=mine");
  await expect(page.getByRole("link", { name: "My avatars" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No avatars yet")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("link", { name: "Open the avatar studio" })).toBeVisible();
});

test("search ignores case and accents: \"ines\" finds \"Inès\", in the library and the admin list", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Acc${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [{ name: `${run} Inès Durand`, tagSlugs: ["femme", "tech", "adulte"] }], "e2e-library-accents");

  await page.goto("/library");
  const cards = page.getByTestId("library-card");
  for (const typed of [`${run} ines`, `${run.toUpperCase()} INES DURAND`, `${run} inès`, `${run} Ínes`]) {
    await page.getByLabel("Search by name").fill(typed);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(typed);
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText(`${run} Inès Durand`);
  }

  // The admin list searches the same way (every status, uncached).
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin");
  await page.getByLabel("Search by name").fill(`${run} ines`);
  await expect(page.getByTestId("admin-avatar")).toHaveCount(1);
  await expect(page.getByTestId("admin-avatar").first()).toContainText(`${run} Inès Durand`);
});
