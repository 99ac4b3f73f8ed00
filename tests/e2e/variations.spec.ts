// Avatar variations in the studio, against the Fal simulator: two pictures x two motions (one filled
// by a preset chip) priced as a whole, four clips filling the grid in, a winner chosen (the others
// deleted); and a preset chip filling the single clip's motion. Screenshots of the grid at 1440 and
// 390 px.
import { expect, test } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

test("2 pictures x 2 motions -> a grid of 4 clips -> the chosen one becomes the avatar", async ({ page }) => {
  test.setTimeout(480_000);
  await signIn(page, uniqueEmail("grid"));
  await page.setViewportSize({ width: 1440, height: 900 });
  const project = await page.request.post("/api/projects", { data: { name: "Grid campaign" } });
  expect(project.status()).toBe(201);

  await page.goto("/studio");
  await expect(page).toHaveURL(/\/studio\?session=[\w-]+/);
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("Who should appear in the clip?").fill("A cheerful pharmacist in a white coat, bright pharmacy");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(page.getByTestId("studio-image")).toHaveCount(2, { timeout: 90_000 });
  // Each picture shows the seed FLUX reported.
  await expect(page.getByTestId("studio-image").first()).toContainText(/seed \d+/);

  // A preset chip fills the single clip's motion.
  const presets = await (await page.request.get("/api/motion-presets")).json();
  const nod = presets.presets.find((p: { label: string }) => p.label === "Nod");
  await page.getByTestId("studio-image").first().click();
  await page.getByRole("list", { name: "Motion presets" }).getByRole("button", { name: "Nod" }).click();
  await expect(page.getByLabel("Motion", { exact: true })).toHaveValue(nod.prompt);

  // The grid: both pictures, two motions (the first from a preset chip).
  const grid = page.getByRole("region", { name: "Compare variations" });
  const gridPictures = grid.getByTestId("grid-picture");
  await expect(gridPictures).toHaveCount(2);
  await gridPictures.nth(0).click();
  await gridPictures.nth(1).click();
  await expect(gridPictures.nth(1)).toHaveAttribute("aria-pressed", "true");
  await grid.getByRole("list", { name: "Presets for motion 1" }).getByRole("button", { name: "Camera: slow push-in" }).click();
  await expect(grid.getByLabel("Motion 1", { exact: true })).toHaveValue(/slowly pushes in/);
  await grid.getByLabel("Motion 2", { exact: true }).fill("The person waves at the camera and smiles");
  await grid.getByLabel("Name of the chosen clip").fill("Pharmacist host");
  await expect(grid.locator("#grid-project option:checked")).toHaveText("Grid campaign");

  // The price of the whole grid, before anything starts.
  await expect(grid.getByTestId("grid-price")).toContainText(/4 clips in all: \$\d+\.\d{2}/);
  // The fallback for refused faces, ticked, with what it may add for the whole grid.
  await expect(grid.getByTestId("grid-fallback")).toBeChecked();
  await expect(grid.getByText(/for up to \$\d+\.\d{2} more/)).toBeVisible();
  await screenshot(page, "variations-form-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "variations-form-390");
  await page.setViewportSize({ width: 1440, height: 900 });
  await grid.getByRole("button", { name: /^Make 4 clips/ }).click();

  // The grid fills in as clips become ready; a reload keeps following it.
  await expect(page).toHaveURL(/grid=[\w-]+/, { timeout: 30_000 });
  const view = page.getByTestId("variations-grid");
  await expect(view.getByTestId("grid-cell")).toHaveCount(4);
  await expect(view.getByTestId("grid-cell-seed").first()).toHaveText(/seed \d+/);
  await page.reload();
  await expect(view.getByTestId("grid-cell")).toHaveCount(4, { timeout: 60_000 });
  await expect(view.getByTestId("grid-choose")).toHaveCount(4, { timeout: 300_000 });
  await expect(view.getByTestId("grid-count")).toContainText("4 of 4 ready");
  await screenshot(page, "variations-grid-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(view.getByTestId("grid-choose").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "variations-grid-390");
  await page.setViewportSize({ width: 1440, height: 900 });

  // Choose the clip of picture 2 x motion 2; the others are deleted.
  await view.getByTestId("grid-cell").nth(3).getByTestId("grid-choose").click();
  await expect(view.getByTestId("grid-winner")).toBeVisible();
  await expect(view.getByRole("heading", { name: "Pharmacist host is your avatar" })).toBeVisible();
  await expect(view.getByText("The other clips were deleted.")).toBeVisible();
  await screenshot(page, "variations-winner-1440");

  const mine = await (await page.request.get("/api/avatars/private")).json();
  expect(mine.avatars.map((a: { name: string; status: string }) => [a.name, a.status])).toEqual([["Pharmacist host", "ready"]]);
});
