// Admin pages: an admin manages tags (create, rename, delete) and publishes a public avatar through
// the UI, watching it go from processing to ready; the recent jobs list shows the work. Everyone
// else gets the 403 page (or the sign-in page when signed out).
import { expect, test } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

test("an admin manages tags and publishes a public avatar", async ({ page }) => {
  test.setTimeout(300_000);
  const run = Date.now().toString(36);
  const tagName = `Assurance ${run}`;
  await signIn(page, "admin@e2e.test");

  // Tags: create, rename, delete (with confirmation).
  await page.goto("/admin?tab=tags");
  await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
  await page.getByLabel("New tag").fill(tagName);
  await page.getByLabel("Category").selectOption("industrie");
  await page.getByRole("button", { name: "Add tag" }).click();
  const row = page.getByTestId("tag-row").filter({ hasText: tagName });
  await expect(row).toBeVisible({ timeout: 30_000 });

  // The form validates with the API's schema.
  await page.getByLabel("New tag").fill("  ");
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Name must not be empty")).toBeVisible();

  await page.getByRole("button", { name: `Rename ${tagName}` }).click();
  await page.getByLabel(`New name for ${tagName}`).fill(`${tagName} pro`);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tag-row").filter({ hasText: `${tagName} pro` })).toBeVisible();

  const doomed = `Doomed ${run}`;
  await page.getByLabel("New tag").fill(doomed);
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByTestId("tag-row").filter({ hasText: doomed })).toBeVisible();
  await page.getByRole("button", { name: `Delete ${doomed}` }).click();
  await expect(page.getByText(`Delete “${doomed}”? No avatar uses it.`)).toBeVisible();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("tag-row").filter({ hasText: doomed })).toHaveCount(0);
  await screenshot(page, "admin-tags");

  // Public avatars: generate a picture, pick tags (including the new one), create.
  await page.getByRole("link", { name: "Public avatars" }).click();
  await page.getByRole("button", { name: "+ New public avatar" }).click();
  const form = page.getByRole("region", { name: "New public avatar" });
  await form.getByLabel("Describe the person").fill("A cheerful young woman with red hair, green sweater, plain background");
  // Every button that spends shows its price first (POST /api/estimates): 2 FLUX pictures, then 1
  // (3:4, under a megapixel: billed as one whole megapixel, $0.025 each).
  await expect(form.getByTestId("admin-generate-price")).toHaveText("$0.05");
  await form.getByLabel("Number of pictures").selectOption("1");
  await expect(form.getByTestId("admin-generate-price")).toHaveText("$0.03");
  await expect(form.getByTestId("admin-clip-price")).toHaveText("$0.27");
  await form.getByRole("button", { name: "Generate" }).click();
  await expect(form.getByTestId("admin-image").first()).toHaveAttribute("aria-pressed", "true", { timeout: 90_000 });

  // Missing tags are caught before sending.
  const name = `Rosie ${run}`;
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create public avatar" }).click();
  await expect(form.getByText("Pick at least one tag")).toBeVisible();

  await form.getByRole("group", { name: "Gender" }).getByRole("button", { name: "Woman" }).click();
  await form.getByRole("group", { name: "Industry" }).getByRole("button", { name: `${tagName} pro` }).click();
  await form.getByRole("button", { name: "Create public avatar" }).click();

  const created = page.getByTestId("admin-avatar").filter({ hasText: name });
  await expect(created).toBeVisible({ timeout: 30_000 });
  const avatar = page.locator(`[data-testid="admin-avatar"][data-id="${await created.getAttribute("data-id")}"]`);
  await expect(avatar).toHaveAttribute("data-status", "processing");
  await expect(avatar.getByText("Processing")).toBeVisible();
  await expect(avatar).toHaveAttribute("data-status", "ready", { timeout: 150_000 });
  await expect(avatar).toContainText(`${tagName} pro`);

  // Edit its name.
  await avatar.getByRole("button", { name: `Edit ${name}` }).click();
  await avatar.getByLabel("Name").fill(`${name} (edited)`);
  await avatar.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("admin-avatar").filter({ hasText: `${name} (edited)` })).toBeVisible();
  await page.getByRole("button", { name: "Close" }).click();
  await screenshot(page, "admin");

  // Tags show how many avatars use them, and the delete confirmation says it.
  await page.getByRole("link", { name: "Tags", exact: true }).click();
  const used = page.getByTestId("tag-row").filter({ hasText: `${tagName} pro` });
  await expect(used.getByTestId("tag-usage")).toHaveText("1 avatar");
  await used.getByRole("button", { name: `Delete ${tagName} pro` }).click();
  await expect(used.getByTestId("tag-delete-confirm")).toHaveText(`Delete “${tagName} pro”? It is removed from 1 avatar.`);
  await used.getByRole("button", { name: "Cancel" }).click();

  // Jobs: the image and video jobs just run, a page at a time, each linked to its output. Ten more
  // pictures (through the API) make sure there is a second page of ten.
  await Promise.all(Array.from({ length: 10 }, () => page.request.post("/api/images/generate", { data: { prompt: "A face for the jobs page", sessionId: `jobs-${run}`, numImages: 1 } })));
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  const jobs = page.getByTestId("job-row");
  await expect(jobs.first()).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Per page").selectOption("10");
  await expect(jobs).toHaveCount(10);
  await expect(page.getByTestId("jobs-range").first()).toHaveText(/^Jobs 1–10 of \d+$/);
  await expect(page.getByTestId("jobs-table").getByTestId("job-output").first()).toHaveText(/^Picture/);
  await page.getByTestId("jobs-next").first().click();
  await expect(page.getByTestId("jobs-range").first()).toHaveText(/^Jobs 11–\d+ of \d+$/);
  await expect(page.getByTestId("jobs-table")).toContainText("image-to-video");
  await expect(page.getByTestId("jobs-table").getByRole("link", { name: `Library avatar · ${name} (edited)` })).toHaveAttribute("href", /^\/library\?q=/);
  await screenshot(page, "admin-jobs");
});

test("non-admins get the 403 page, visitors the sign-in page", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin/);

  await signIn(page, uniqueEmail("not-admin"));
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(page.getByText("403 · Forbidden")).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await screenshot(page, "admin-forbidden");
});

test("New public avatar: an error goes as soon as its field changes, and every error reads as a sentence", async ({ page }) => {
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin");
  await page.getByRole("button", { name: "+ New public avatar" }).click();
  const form = page.getByRole("region", { name: "New public avatar" });

  // Nothing filled in: one error per field.
  await form.getByRole("button", { name: "Create public avatar" }).click();
  const nameError = form.getByText("Name must not be empty", { exact: true });
  const tagsError = form.getByText(/^Pick at least one tag/);
  const pictureError = form.getByText("· Generate or upload a picture, then pick it.", { exact: true });
  await expect(nameError).toBeVisible();
  await expect(tagsError).toBeVisible();
  await expect(pictureError).toBeVisible();
  await form.getByRole("button", { name: "Generate" }).click();
  const promptError = form.getByText("Prompt must not be empty", { exact: true });
  await expect(promptError).toBeVisible();

  // Fixing a field clears its error at once, and only its own.
  const run = Date.now().toString(36);
  await form.getByLabel("Name").pressSequentially("N");
  await expect(nameError).toHaveCount(0);
  await expect(tagsError).toBeVisible();
  await form.getByRole("group", { name: "Gender" }).getByRole("button", { name: "Woman" }).click();
  await expect(tagsError).toHaveCount(0);
  await form.getByLabel("Describe the person").pressSequentially("A");
  await expect(promptError).toHaveCount(0);
  await expect(pictureError).toBeVisible();
  await form.getByLabel("Describe the person").fill("A calm older man with a grey beard, plain background");
  await form.getByLabel("Number of pictures").selectOption("1");
  await form.getByRole("button", { name: "Generate" }).click();
  await expect(form.getByTestId("admin-image").first()).toHaveAttribute("aria-pressed", "true", { timeout: 90_000 });
  await expect(pictureError).toHaveCount(0);

  // The API's own message names its field ("imageUrl does not point ..."): shown as a sentence, in
  // the form's alert and beside the picture alike. (The picked picture is deleted meanwhile.)
  await form.getByLabel("Name").fill(`Gone picture ${run}`);
  expect((await page.request.delete("/api/images/temp/admin-library")).status()).toBe(204);
  await form.getByRole("button", { name: "Create public avatar" }).click();
  await expect(form.getByRole("alert")).toHaveText("ImageUrl does not point to an image you can use");
  await expect(form.getByText("· ImageUrl does not point to an image you can use", { exact: true })).toBeVisible();
});
