// Projects and a project's b-rolls in the browser: create/rename/delete projects with the
// confirmation, a text-to-video b-roll that becomes ready and plays, a refused one that is retried,
// an image-to-video one from an uploaded image; every paid click sends an Idempotency-Key, kept when
// the same click is tried again after a lost connection, new for the next one.
import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { dropNextRequest, idempotencyKeys, screenshot, signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;
const CLIP_TIMEOUT = 150_000;

/** A full-page screenshot from the top (the sticky header would otherwise cover the page title). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Creates a project from the list page: it opens at once. */
async function createProject(page: Page, name: string) {
  await page.getByLabel("New project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[^/?]+/);
  await expect(page.getByTestId("project-name")).toHaveText(name);
}

/** A card's action, through its menu. */
async function cardAction(page: Page, item: string, action: string) {
  await page.getByRole("button", { name: `Actions for ${item}`, exact: true }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

async function openProject(page: Page, name: string) {
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  await expect(page.getByTestId("project-name")).toHaveText(name);
}

const card = (page: Page, name: string) => page.getByTestId("b-roll-card").filter({ has: page.getByTestId("b-roll-name").getByText(name, { exact: true }) });

/** The clip really plays: the browser decoded frames of it. */
async function expectPlays(video: Locator) {
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => { v.muted = true; return v.play().then(() => v.readyState, () => -1); }), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
}

test("projects: create, rename with validation, delete with the confirmation", async ({ page }) => {
  await signIn(page, uniqueEmail("projects-list"));
  await page.goto("/projects");
  await expect(page.getByText("No projects yet")).toBeVisible();

  // The API's schema, client side: an empty name is refused before any request.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("name must not be empty")).toBeVisible();

  await createProject(page, "Spring campaign");
  await page.goto("/projects");
  await createProject(page, "Black Friday");
  await page.goto("/projects");
  // A duplicate name: the API's 409 is shown under the field.
  await page.getByLabel("New project name").fill("Black Friday");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText(/already have a project named "Black Friday"/)).toBeVisible();
  await page.getByLabel("New project name").fill("");

  // The card's menu from the keyboard: Escape closes it and focus goes back to its button.
  const menuButton = page.getByRole("button", { name: "Actions for Spring campaign", exact: true });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
  await expect(page.getByRole("menuitem", { name: "Rename" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  // Rename in a dialog; Escape closes it without saving.
  await cardAction(page, "Spring campaign", "Rename");
  const rename = page.getByRole("dialog", { name: "Rename project" });
  await expect(rename).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(rename).toBeHidden();
  await cardAction(page, "Spring campaign", "Rename");
  await rename.getByLabel("Project name").fill("Spring campaign 2026");
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(rename).toBeHidden();
  await expect(page.getByRole("link", { name: "Spring campaign 2026", exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Spring campaign 2026", exact: true })).toBeVisible();

  await shot(page, "projects");

  // Delete: the dialog says what goes with it and needs the labelled button.
  await cardAction(page, "Black Friday", "Delete");
  const confirm = page.getByRole("dialog", { name: 'Delete "Black Friday"?' });
  await expect(confirm).toHaveAttribute("aria-modal", "true");
  await expect(confirm.getByTestId("delete-counts")).toHaveText("0 b-rolls");
  await expect(confirm.getByTestId("delete-avatars")).toHaveCount(0);
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("project-card")).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId("project-card")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Black Friday" })).toHaveCount(0);
});

test("project: a text-to-video b-roll becomes ready and plays; rename, download, delete the project", async ({ page }) => {
  await signIn(page, uniqueEmail("projects-broll"));
  await page.goto("/projects");
  await createProject(page, "Coffee launch");
  await expect(page.getByText("No b-rolls yet")).toBeVisible();
  await expect(page.getByText("No avatars made in this project yet")).toBeVisible();

  // The price is shown before submitting and follows the options.
  const price = page.getByTestId("estimated-price");
  await expect(price).toHaveText(/Estimated price: \$\d+\.\d{2,3}/);
  const defaultPrice = await price.textContent();
  await page.getByLabel("Resolution").selectOption("1080p");
  await expect(price).not.toHaveText(defaultPrice!);
  await page.getByLabel("Resolution").selectOption("720p");
  await expect(price).toHaveText(defaultPrice!);

  // Client-side validation with the API's schema.
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  await expect(page.getByText("prompt must not be empty")).toBeVisible();
  await expect(page.getByLabel("Prompt")).toBeFocused();

  await page.getByLabel("Prompt").fill("Slow push-in on a steaming coffee cup on a sunlit wooden table");
  await page.getByLabel("Name (optional)").fill("Coffee push-in");
  await page.getByRole("radio", { name: "16:9" }).check();
  await page.getByLabel("Duration").selectOption("3");
  await page.getByRole("button", { name: "Generate b-roll" }).click();

  // The card shows at once as processing, with the elapsed time, then turns ready without a reload.
  const coffee = card(page, "Coffee push-in");
  await expect(coffee).toHaveAttribute("data-status", "processing", { timeout: 15_000 });
  await expect(coffee.getByTestId("elapsed")).toHaveText(/\d+:\d\d/);
  await shot(page, "project-processing");
  await page.reload(); // a reload keeps the running job
  await expect(coffee).toBeVisible();
  await expect(coffee).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });

  const video = coffee.locator("video");
  await expect(video).toHaveAttribute("poster", /\/api\/media\//);
  await expectPlays(video);
  // Download: the browser saves the clip under a readable name, and it is an MP4.
  const downloading = page.waitForEvent("download");
  await cardAction(page, "Coffee push-in", "Download");
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("coffee-push-in.mp4");
  const bytes = await readFile((await download.path())!);
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

  // Rename the b-roll.
  await cardAction(page, "Coffee push-in", "Rename");
  const rename = page.getByRole("dialog", { name: "Rename b-roll" });
  await rename.getByLabel("B-roll name").fill("Coffee hero shot");
  await rename.getByRole("button", { name: "Save name" }).click();
  const hero = card(page, "Coffee hero shot");
  await expect(hero).toHaveAttribute("data-status", "ready");
  await expect(page).toHaveTitle(/Coffee launch/);

  // The clip is also playable from the keyboard: a real button over it.
  await hero.getByRole("button", { name: "Play Coffee hero shot" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => hero.locator("video").evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true);
  await hero.getByRole("button", { name: "Pause Coffee hero shot" }).click();
  await expect.poll(() => hero.locator("video").evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);

  await shot(page, "project");

  // Delete the project from its page: the confirmation counts the b-roll.
  await page.getByRole("button", { name: "Delete project" }).click();
  const confirm = page.getByRole("dialog", { name: 'Delete "Coffee launch"?' });
  await expect(confirm.getByTestId("delete-counts")).toHaveText("1 b-roll");
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText("No projects yet")).toBeVisible();
});

test("project: a refused b-roll shows why and is retried; an uploaded image becomes image-to-video", async ({ page, request }) => {
  await signIn(page, uniqueEmail("projects-retry"));
  const keys = idempotencyKeys(page);
  await page.goto("/projects");
  await createProject(page, "Retry and images");

  // The simulator refuses the next job whose prompt names it.
  const refuse = await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseNext: 1, matchPrompt: "refuse-me" } });
  expect(refuse.ok()).toBe(true);
  await page.getByLabel("Prompt").fill("A city skyline at dusk refuse-me");
  await page.getByLabel("Name (optional)").fill("Skyline");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  const skyline = card(page, "Skyline");
  await expect(skyline).toHaveAttribute("data-status", "failed", { timeout: CLIP_TIMEOUT });
  await expect(skyline.getByTestId("b-roll-error")).not.toBeEmpty();
  await shot(page, "project-failed");
  // A refused prompt would be refused again: no Retry, the prompt is edited and a new b-roll made.
  await expect(skyline.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await skyline.getByRole("button", { name: "Edit prompt and regenerate" }).click();
  const regenerate = page.getByRole("dialog", { name: 'New take of "Skyline"' });
  await expect(regenerate.getByLabel("Prompt")).toHaveValue("A city skyline at dusk refuse-me");
  await expect(regenerate.getByTestId("regenerate-price")).toHaveText(/\$\d+\.\d{2,3}/);
  await regenerate.getByLabel("Prompt").fill("A calm harbour at dusk");
  // The first try loses its connection: trying again is the same intent, with the same key.
  await dropNextRequest(page, /\/api\/b-rolls\/[^/]+\/regenerate$/);
  await regenerate.getByRole("button", { name: "Regenerate" }).click();
  await expect(regenerate.getByRole("alert")).toBeVisible();
  await regenerate.getByRole("button", { name: "Regenerate" }).click();
  await expect(regenerate).toBeHidden();
  const harbour = card(page, "Skyline (edited)");
  await expect(harbour).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(skyline).toHaveAttribute("data-status", "failed");
  const regenerations = keys(/\/regenerate$/);
  expect(regenerations).toHaveLength(2);
  expect(regenerations[0]).not.toBe("");
  expect(regenerations[1]).toBe(regenerations[0]);
  await request.post(`${SIMULATOR}/_sim/controls`, { data: { matchPrompt: null } });

  // Upload a picture into the project's image session; it is selected and the price switches to image-to-video.
  const png = await sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 200, g: 120, b: 60 } } }).png().toBuffer();
  await page.getByRole("radio", { name: "Upload" }).check();
  await page.getByLabel("Upload an image").setInputFiles({ name: "product.png", mimeType: "image/png", buffer: png });
  await expect(page.getByRole("button", { name: /Use image 640×640/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(/Image to video · 9:16/)).toBeVisible();
  await page.getByRole("radio", { name: "1:1" }).check();
  await page.getByLabel("Prompt").fill("The product turns slowly on a table");
  await page.getByLabel("Name (optional)").fill("Product turn");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  const product = card(page, "Product turn");
  await expect(product).toHaveAttribute("data-status", "processing", { timeout: 15_000 });
  await expect(product).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(product).toContainText("Image → video");
  // Two b-rolls, two intents: two keys.
  const creates = keys("/api/b-rolls");
  expect(creates).toHaveLength(2);
  expect(new Set(creates).size).toBe(2);
  expect(creates).not.toContain("");
  await expectPlays(product.locator("video"));

  // Delete one b-roll with its confirmation.
  await cardAction(page, "Skyline", "Delete");
  const confirm = page.getByRole("dialog", { name: 'Delete "Skyline"?' });
  await confirm.getByRole("button", { name: "Delete b-roll" }).click();
  await expect(skyline).toHaveCount(0);
  await expect(page.getByTestId("b-roll-card")).toHaveCount(2);
  await shot(page, "project-image-to-video");

  // On a phone the grid has two columns, the panel folds above it, and a sticky button brings it back.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("button", { name: "Show" })).toBeVisible();
  await shot(page, "project-mobile");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Scrolled down a page taller than the screen, the sticky button brings the panel back, open.
  await page.setViewportSize({ width: 390, height: 480 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByTestId("new-b-roll-sticky").click();
  await expect(page.getByLabel("Prompt")).toBeFocused();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/projects");
  await expect(page.getByTestId("project-card")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "projects-mobile");
});

test("\"Use in a b-roll\": an image chosen elsewhere opens a project's panel with it selected", async ({ page }) => {
  await signIn(page, uniqueEmail("projects-use-image"));
  // An image of the user's (what the studio's or the library's link hands over).
  const generated = await page.request.post("/api/images/generate", { data: { prompt: "A ceramic mug on a kitchen counter", sessionId: "e2e-use-image" } });
  expect(generated.status()).toBe(200);
  const { imageUrl } = (await generated.json()) as { imageUrl: string };

  await page.goto("/projects");
  await createProject(page, "From the library");
  await page.goto(`/projects?useImage=${encodeURIComponent(imageUrl)}`);
  await expect(page.getByTestId("use-image-banner")).toContainText("Choose the project for your new b-roll");
  await openProject(page, "From the library");
  await expect(page).toHaveURL(/useImage=/);
  await expect(page.getByRole("button", { name: "Use the chosen image" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(/Image to video · 9:16/)).toBeVisible();
  await page.getByLabel("Prompt").fill("The mug steams gently");
  await page.getByLabel("Name (optional)").fill("Mug steam");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  const mug = card(page, "Mug steam");
  await expect(mug).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(mug).toContainText("Image → video");

  // A URL that is not one of our media images is ignored.
  await page.goto(`/projects?useImage=${encodeURIComponent("https://evil.example/x.jpg")}`);
  await expect(page.getByTestId("project-card")).toHaveCount(1);
  await expect(page.getByTestId("use-image-banner")).toHaveCount(0);
});

test("deleting a project keeps its avatars in My avatars, unless asked to delete them too", async ({ page }) => {
  await signIn(page, uniqueEmail("projects-keep-avatars"));
  for (const name of ["Launch A", "Launch B"]) expect((await page.request.post("/api/projects", { data: { name } })).status()).toBe(201);
  await page.goto("/projects");
  const projects = (await (await page.request.get("/api/projects")).json()) as { projects: Array<{ id: string; name: string }> };
  const idOf = (name: string) => projects.projects.find((p) => p.name === name)!.id;
  // One avatar made in each project (what the studio sends), ready before the deletes.
  const generated = await page.request.post("/api/images/generate", { data: { prompt: "A portrait of a smiling woman", sessionId: "e2e-keep-avatars", numImages: 2 } });
  expect(generated.status()).toBe(200);
  const { images } = (await generated.json()) as { images: Array<{ imageUrl: string }> };
  const avatars: Record<string, { id: string; imageUrl: string; videoUrl: string | null }> = {};
  for (const [i, [name, project]] of ([["Clara", "Launch A"], ["Marc", "Launch B"]] as const).entries()) {
    const created = await page.request.post("/api/avatars/private", { data: { name, imageUrl: images[i].imageUrl, projectId: idOf(project), duration: 2, resolution: "480p" } });
    expect(created.status()).toBe(202);
    avatars[name] = (await created.json()) as { id: string; imageUrl: string; videoUrl: string | null };
  }
  for (const name of ["Clara", "Marc"]) {
    await expect
      .poll(async () => {
        const avatar = (await (await page.request.get(`/api/avatars/private/${avatars[name].id}`)).json()) as { status: string; videoUrl: string | null };
        avatars[name].videoUrl = avatar.videoUrl;
        return avatar.status;
      }, { timeout: CLIP_TIMEOUT, intervals: [2000] })
      .toBe("ready");
  }
  await page.reload();

  // Deleting "Launch A" as offered: the confirmation names Clara, who stays.
  await cardAction(page, "Launch A", "Delete");
  let confirm = page.getByRole("dialog", { name: 'Delete "Launch A"?' });
  await expect(confirm.getByTestId("delete-avatars")).toContainText("1 avatar made in it stays in My avatars, usable in every project");
  await expect(confirm.getByTestId("delete-avatar-names")).toHaveText("Clara");
  await expect(confirm.getByRole("checkbox", { name: "Also delete its 1 avatar" })).not.toBeChecked();
  await screenshot(page, "project-delete-keeps-avatars");
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(confirm).toBeHidden();

  // Deleting "Launch B" with its avatar: the confirmation says Marc goes.
  await cardAction(page, "Launch B", "Delete");
  confirm = page.getByRole("dialog", { name: 'Delete "Launch B"?' });
  await expect(confirm.getByTestId("delete-avatar-names")).toHaveText("Marc");
  await confirm.getByRole("checkbox", { name: "Also delete its 1 avatar" }).check();
  await expect(confirm.getByTestId("delete-avatars")).toContainText("1 avatar made in it is deleted too, with its image and clip");
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("No projects yet")).toBeVisible();

  // My avatars: Clara, with no project; Marc is gone.
  await page.goto("/library?tab=mine");
  const cards = page.getByTestId("library-card");
  await expect(cards).toHaveCount(1, { timeout: 30_000 });
  await expect(cards.first()).toContainText("Clara");
  await expect(cards.first()).toContainText("No project");
  // Clara's picture and clip are still stored; Marc's are gone.
  for (const url of [avatars.Clara.imageUrl, avatars.Clara.videoUrl!]) expect((await page.request.get(url)).status(), url).toBe(200);
  for (const url of [avatars.Marc.imageUrl, avatars.Marc.videoUrl!]) expect((await page.request.get(url)).status(), url).toBe(404);
});

test("a prompt typed while the previous b-roll starts is kept", async ({ page }) => {
  await signIn(page, uniqueEmail("projects-prompt-kept"));
  await page.goto("/projects");
  await createProject(page, "Typing ahead");

  // The create request is held until the next prompt has been typed (a slow network).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/b-rolls", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await held;
    await route.continue();
  });
  const prompt = page.getByRole("textbox", { name: "Prompt", exact: true });
  await prompt.fill("A first prompt: waves on a beach at sunrise");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  await expect(page.getByRole("button", { name: "Starting…" })).toBeVisible();
  await prompt.fill("A second prompt: a city street in the rain");
  release();
  await expect(page.getByRole("status").filter({ hasText: "started" })).toBeVisible();
  await expect(card(page, "A first prompt: waves on a")).toBeVisible();
  // The reply to the first request leaves the second prompt alone.
  await expect(prompt).toHaveValue("A second prompt: a city street in the rain");
  await page.unroute("**/api/b-rolls");
  await page.getByRole("button", { name: "Generate b-roll" }).click();
  await expect(page.getByText("prompt must not be empty")).toHaveCount(0);
  await expect(card(page, "A second prompt: a city street")).toBeVisible();
  // The box empties once what was submitted is started and unchanged.
  await expect(prompt).toHaveValue("");
});
