// The public library as a visitor sees it: an admin publishes avatars with different tags through
// the API; a signed-out visitor's filter chips and search narrow the results, and the selection
// survives a reload (it lives in the URL).
import { expect, test } from "@playwright/test";
import { publishAvatars, screenshot, signIn, uniqueEmail } from "./fixtures";

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
  const chip = (slug: string) => page.locator(`[data-testid="filter-chip"][data-tag="${slug}"]`);

  // Search narrows to this run's three avatars (debounced, then in the URL).
  await page.getByLabel("Search by name").fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  await expect(cards).toHaveCount(3);

  // Each chip says how many avatars it would show, given the other filters (the search here).
  await expect(chip("femme")).toHaveAccessibleName("Woman: 2 avatars");
  await expect(chip("medical").getByTestId("chip-count")).toHaveText("1");

  // A chip (sexe = femme) changes the results: OR within a category...
  await chip("femme").click();
  await expect(page).toHaveURL(/sexe=femme/);
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) await expect(card).toContainText("Woman");
  // ...and the counts follow: among the women, one is in tech; the gender chips keep theirs.
  await expect(chip("tech").getByTestId("chip-count")).toHaveText("1");
  await expect(chip("homme").getByTestId("chip-count")).toHaveText("1");

  // ...AND across categories.
  await chip("medical").click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${run} Lea medical`);
  await chip("tech").click();
  await expect(cards).toHaveCount(2);

  // The selection survives a reload.
  await page.reload();
  await expect(chip("femme")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Search by name")).toHaveValue(run);
  await expect(cards).toHaveCount(2);

  // Sort by name.
  await page.getByLabel("Sort").selectOption("name");
  await expect(cards.first()).toContainText(`${run} Ines tech`);

  // Nothing matches -> empty state with a way out.
  await chip("senior").click();
  await expect(cards).toHaveCount(1);
  await chip("medical").click();
  await expect(page.getByText("No avatars match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page.getByLabel("Search by name")).toHaveValue("");
  await expect(cards.first()).toBeVisible();

  // "Animate again" (priced) hands the avatar's image to the projects pages; visitors get no "Add to project".
  await page.getByLabel("Search by name").fill(run);
  await expect(cards).toHaveCount(3);
  await expect(cards.first().getByRole("link", { name: /again: a new clip .* \$\d/ })).toHaveAttribute("href", /^\/projects\?useImage=%2Fapi%2Fmedia%2F/);
  await expect(cards.first().getByTestId("add-to-project")).toHaveCount(0);
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

test("signed in: star favourites and filter by them, sort by most used, add an avatar to a project for free", async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const run = `Fav${Date.now().toString(36)}`;
  await publishAvatars(browser, baseURL!, [
    { name: `${run} Ana`, tagSlugs: ["femme", "finance"] },
    { name: `${run} Ben`, tagSlugs: ["homme", "finance"] },
  ], "e2e-library-favourites");
  await signIn(page, uniqueEmail("library-fav"));
  const project = await page.request.post("/api/projects", { data: { name: `Launch ${run}` } });
  expect(project.status()).toBe(201);
  const projectId = ((await project.json()) as { id: string }).id;

  await page.goto(`/library?q=${run}&sort=name`);
  const cards = page.getByTestId("library-card");
  await expect(cards).toHaveCount(2, { timeout: 60_000 });
  // Dense grid: the two cards share a row at 1280 px.
  const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);

  // Star Ben, then keep only favourites.
  const ben = cards.filter({ hasText: `${run} Ben` });
  const star = ben.getByRole("button", { name: `Favourite: ${run} Ben` });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  const saved = page.waitForResponse((res) => res.url().endsWith("/favorite") && res.request().method() === "PUT");
  await star.click();
  expect((await saved).status()).toBe(200);
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("favorites-filter").click();
  await expect(page).toHaveURL(/favorites=true/);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${run} Ben`);
  await page.getByTestId("favorites-filter").click();
  await expect(cards).toHaveCount(2);

  // Add Ana to the project: free, a link to her clip.
  const ana = cards.filter({ hasText: `${run} Ana` });
  await ana.getByRole("button", { name: `Add ${run} Ana to a project (free)` }).click();
  const dialog = page.getByRole("dialog", { name: `Add ${run} Ana to a project` });
  await expect(dialog).toContainText("nothing is generated and nothing is charged");
  await dialog.getByRole("button", { name: new RegExp(`Launch ${run}`) }).click();
  await expect(dialog.getByRole("status")).toHaveText(`Added to Launch ${run}.`);
  await screenshot(page, "library-add-to-project");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // Most used: Ana (now in a project) comes first.
  await page.getByLabel("Sort").selectOption("most-used");
  await expect(page).toHaveURL(/sort=most-used/);
  await expect(cards.first()).toContainText(`${run} Ana`);
  await screenshot(page, "library-signed-in");

  // The project page lists her, with Remove.
  await page.goto(`/projects/${projectId}`);
  const section = page.getByTestId("project-library-avatars");
  await expect(section.getByTestId("library-card")).toHaveCount(1, { timeout: 30_000 });
  await expect(section).toContainText(`${run} Ana`);
  await section.getByRole("button", { name: `Remove ${run} Ana from this project` }).click();
  await expect(section.getByTestId("library-card")).toHaveCount(0);
});
