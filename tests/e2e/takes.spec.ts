// B-roll takes in the browser: three takes of one prompt with a locked seed, shown as one card; the
// compare view plays them in sync (every clip within 0.2 s of the others after play and after a
// seek), keeps one (a star) and discards one; then "Use in a b-roll" from a project avatar sends the
// avatar and makes an image-to-video b-roll. Screenshots of the compare view at 1440 and 390 px.
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

/** What the screen shows (a dialog is fixed to the viewport: a full-page shot would cut it). */
const viewportShot = (page: Page, name: string) => page.screenshot({ path: path.join("test-results", "e2e", "screenshots", `${name}.png`) });

const CLIP_TIMEOUT = 150_000;

/** The current time of every video of the compare view. */
const times = (dialog: Locator) => dialog.locator("video").evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).currentTime));
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

/** Samples the videos' times a few times: each sample must have them within 0.2 s of each other. */
async function expectInSync(dialog: Locator, page: Page) {
  for (let i = 0; i < 5; i++) {
    const now = await times(dialog);
    expect(now.length).toBeGreaterThanOrEqual(2);
    expect(spread(now), `times ${now.join(", ")}`).toBeLessThan(0.2);
    await page.waitForTimeout(150);
  }
}

test("takes: three takes as one card, compared in sync, one kept and one discarded; Use in a b-roll from an avatar", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, uniqueEmail("takes"));
  const projectId = ((await (await page.request.post("/api/projects", { data: { name: "Takes launch" } })).json()) as { id: string }).id;
  // A private avatar of this project, for "Use in a b-roll" at the end (made meanwhile).
  const image = await page.request.post("/api/images/generate", { data: { prompt: "A portrait of a smiling florist", sessionId: "e2e-takes" } });
  expect(image.status()).toBe(200);
  const { imageUrl } = (await image.json()) as { imageUrl: string };
  const avatar = await page.request.post("/api/avatars/private", { data: { name: "Flora", imageUrl, projectId, duration: 2, resolution: "480p" } });
  expect(avatar.status(), await avatar.text()).toBe(202);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${projectId}`);
  await page.getByLabel("Prompt").fill("Tulips swaying in a breeze on a sunny windowsill");
  await page.getByLabel("Name (optional)").fill("Tulips");
  await page.getByLabel("Duration").selectOption("4");
  await page.getByLabel("Resolution").selectOption("480p");
  const onePrice = await page.getByTestId("estimated-price").textContent();
  await page.getByRole("radio", { name: "3 takes" }).check();
  await expect(page.getByTestId("estimated-price")).not.toHaveText(onePrice ?? "");
  await page.getByText("Lock seed").click();
  await page.getByLabel("Seed", { exact: true }).fill("100");
  const sent = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/b-rolls");
  await page.getByRole("button", { name: "Generate 3 takes" }).click();
  expect((await sent).postDataJSON()).toMatchObject({ takes: 3, seed: 100, name: "Tulips", duration: 4, resolution: "480p" });

  // One card for the group, with its three takes and their seeds.
  const group = page.getByTestId("take-group");
  await expect(group).toHaveCount(1);
  const takes = group.getByTestId("b-roll-card");
  await expect(takes).toHaveCount(3);
  await expect(group).toContainText("seed 100");
  await expect(group).toContainText("seed 102");
  await expect(group.locator('[data-testid="b-roll-card"][data-status="ready"]')).toHaveCount(3, { timeout: CLIP_TIMEOUT });

  // Compare: one control for all.
  await group.getByRole("button", { name: "Compare takes (3 ready)" }).click();
  const dialog = page.getByTestId("compare-takes");
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("video")).toHaveCount(3);
  await expect.poll(async () => Math.min(...(await dialog.locator("video").evaluateAll((vs) => vs.map((v) => (v as HTMLVideoElement).readyState)))), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await viewportShot(page, "takes-compare-1440");

  await dialog.getByRole("button", { name: "Play all takes" }).click();
  await expect(dialog.getByRole("button", { name: "Pause all takes" })).toBeVisible();
  await expect.poll(async () => Math.min(...(await times(dialog)))).toBeGreaterThan(0.3);
  await expectInSync(dialog, page);

  // A seek moves every take; they stay together while playing on.
  await dialog.getByTestId("compare-scrub").fill("2");
  await expect.poll(async () => Math.min(...(await times(dialog)))).toBeGreaterThanOrEqual(2);
  await expectInSync(dialog, page);
  await dialog.getByRole("button", { name: "Pause all takes" }).click();
  const paused = await times(dialog);
  expect(spread(paused)).toBeLessThan(0.2);

  // Phones: the takes two by two.
  await page.setViewportSize({ width: 390, height: 844 });
  await viewportShot(page, "takes-compare-390");
  // The one control stays in view at the bottom of the dialog while the takes scroll.
  await expect(dialog.getByRole("button", { name: "Play all takes" })).toBeInViewport();
  const [first, second] = await dialog.getByTestId("compare-take").evaluateAll((figures) => figures.slice(0, 2).map((f) => f.getBoundingClientRect().top));
  expect(Math.abs(first - second)).toBeLessThan(2);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Keep the first take, discard the third.
  const compareTakes = dialog.getByTestId("compare-take");
  await compareTakes.nth(0).getByTestId("keep-take").click();
  await expect(compareTakes.nth(0).getByTestId("keep-take")).toHaveAttribute("aria-pressed", "true");
  const discarded = await compareTakes.nth(2).getAttribute("data-id");
  await compareTakes.nth(2).getByTestId("discard-take").click();
  await compareTakes.nth(2).getByTestId("confirm-discard").click();
  await expect(compareTakes).toHaveCount(2);
  expect((await page.request.get(`/api/b-rolls/${discarded}`)).status()).toBe(404);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(takes).toHaveCount(2);
  await expect(takes.first().getByTestId("kept-star")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("take-group").getByTestId("b-roll-card")).toHaveCount(2);
  await expect(page.getByTestId("take-group").getByTestId("kept-star")).toHaveCount(1);
  await screenshot(page, "takes-group-card");

  // Use in a b-roll from the project's avatar: the panel opens with its picture; the avatar is sent.
  const avatarCard = page.getByTestId("project-avatar").filter({ hasText: "Flora" });
  await expect(async () => {
    await page.reload();
    await expect(avatarCard).toHaveAttribute("data-status", "ready", { timeout: 5_000 });
  }).toPass({ timeout: CLIP_TIMEOUT });
  await avatarCard.getByRole("button", { name: "Use Flora in a b-roll of this project" }).click();
  await page.getByLabel("Prompt").fill("She arranges tulips in a vase, smiling");
  await page.getByLabel("Duration").selectOption("2");
  await page.getByLabel("Resolution").selectOption("480p");
  const fromAvatar = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/b-rolls");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  const body = (await fromAvatar).postDataJSON() as Record<string, unknown>;
  expect(body).toMatchObject({ avatarId: (await avatar.json()).id });
  expect(body).not.toHaveProperty("imageUrl");
  const made = page.getByTestId("b-roll-card").filter({ hasText: "Image → video" });
  await expect(made).toHaveCount(1);
  await expect(made).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });

  // French is longer: the takes and seed controls and the group card at 390 px.
  await page.getByRole("combobox", { name: "Language" }).selectOption("fr");
  await expect(page.getByRole("button", { name: "Générer le b-roll" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  // The panel is open already ("Use in a b-roll" opened it): its toggle offers to hide it.
  await expect(page.getByRole("button", { name: "Masquer" })).toBeVisible();
  await page.getByText("Verrouiller la graine").click();
  await page.getByRole("radio", { name: "4 prises" }).check();
  await page.getByText("Prises", { exact: true }).scrollIntoViewIfNeeded();
  await viewportShot(page, "takes-panel-fr-390");
  await page.getByTestId("take-group").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("take-group").getByText("prêt", { exact: true })).toHaveCount(2);
  await expect(page.getByTestId("take-group").getByText("prêt", { exact: true }).first()).toBeVisible();
  await viewportShot(page, "takes-group-fr-390");
});
