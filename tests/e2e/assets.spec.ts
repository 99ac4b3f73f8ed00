// Managing what a marketer made, in the browser: a project card shows its newest clip; in My avatars
// an avatar is downloaded (a real MP4 under a readable name), renamed, copied to another project
// (where it shows), regenerated with an edited motion prompt (the new clip becomes ready, the old
// one stays) and deleted after its confirmation; a b-roll is copied to another project from its
// card's menu. The clips are made through the API first: the UI under test is what comes after.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

const CLIP_TIMEOUT = 150_000;
const SMALL = { resolution: "480p", duration: 2 };

async function ready(page: Page, url: string) {
  await expect.poll(async () => ((await (await page.request.get(url)).json()) as { status: string }).status, { timeout: CLIP_TIMEOUT, intervals: [1000] }).toBe("ready");
}

async function cardAction(page: Page, item: string, action: string) {
  await page.getByRole("button", { name: `Actions for ${item}`, exact: true }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test("assets: project covers; an avatar downloaded, renamed, copied, regenerated and deleted; a b-roll copied to another project", async ({ page }) => {
  // Three clips are made (two before the UI, one by it): room for a busy machine.
  test.setTimeout(300_000);
  await signIn(page, uniqueEmail("assets"));
  const project = async (name: string) => ((await (await page.request.post("/api/projects", { data: { name } })).json()) as { id: string }).id;
  const launch = await project("Launch");
  const archive = await project("Archive");
  const image = await page.request.post("/api/images/generate", { data: { prompt: "A portrait of a smiling barista", sessionId: "e2e-assets" } });
  expect(image.status()).toBe(200);
  const { imageUrl } = (await image.json()) as { imageUrl: string };
  const made = async (path: string, data: Record<string, unknown>) => {
    const res = await page.request.post(path, { data });
    expect(res.status(), await res.text()).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const avatar = { id: await made("/api/avatars/private", { name: "Clara", imageUrl, projectId: launch, ...SMALL }) };
  const bRoll = { id: await made("/api/b-rolls", { name: "Latte pour", prompt: "Milk poured into a latte, close-up", projectId: launch, aspectRatio: "16:9", ...SMALL }) };
  await ready(page, `/api/avatars/private/${avatar.id}`);
  await ready(page, `/api/b-rolls/${bRoll.id}`);

  // The project card shows its newest ready clip's picture; the other one its initial.
  await page.goto("/projects");
  const cover = page.getByTestId("project-card").filter({ hasText: "Launch" }).getByTestId("project-cover");
  await expect(cover).toHaveAttribute("src", /\/api\/media\//);
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId("project-card").filter({ hasText: "Archive" }).getByTestId("project-cover")).toHaveCount(0);
  await screenshot(page, "projects-covers");

  // My avatars: download the clip.
  await page.goto("/library?tab=mine");
  const cards = page.getByTestId("library-card");
  await expect(cards).toHaveCount(1);
  const downloading = page.waitForEvent("download");
  await cardAction(page, "Clara", "Download");
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("clara.mp4");
  const bytes = await readFile((await download.path())!);
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

  // Rename.
  await cardAction(page, "Clara", "Rename");
  const rename = page.getByRole("dialog", { name: "Rename avatar" });
  await rename.getByLabel("Avatar name").fill("Clara barista");
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(cards.first()).toContainText("Clara barista");

  // Copy to the other project: a second card, in Archive.
  await cardAction(page, "Clara barista", "Copy to another project");
  const copy = page.getByRole("dialog", { name: 'Copy "Clara barista" to another project' });
  await expect(copy.getByLabel("Project")).toHaveValue(archive);
  await copy.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByTestId("asset-notice")).toContainText('"Clara barista" copied to Archive.');
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: "Archive" })).toHaveCount(1);

  // Edit the motion prompt and regenerate: a third avatar, made by the pipeline; the price is on the button.
  await cards.filter({ hasText: "Launch" }).getByRole("button", { name: "Actions for Clara barista" }).click();
  await page.getByRole("menuitem", { name: "Edit prompt and regenerate" }).click();
  const regenerate = page.getByRole("dialog", { name: 'New take of "Clara barista"' });
  await expect(regenerate.getByTestId("regenerate-price")).toHaveText(/\$\d+\.\d{2,3}/);
  await expect(regenerate.getByTestId("regenerate-format")).toHaveText("Same format: 9:16 · 480p · 2 s");
  await regenerate.getByLabel("Motion prompt").fill("She waves at the camera and laughs");
  await regenerate.getByRole("button", { name: "Regenerate" }).click();
  await expect(regenerate).toBeHidden();
  await expect(cards).toHaveCount(3);
  const edited = cards.filter({ hasText: "Clara barista (edited)" });
  await expect(edited.getByText("ready", { exact: true })).toBeVisible({ timeout: CLIP_TIMEOUT });
  await screenshot(page, "my-avatars-actions");

  // Delete the copy, after its confirmation.
  await cards.filter({ hasText: "Archive" }).getByRole("button", { name: "Actions for Clara barista" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: 'Delete "Clara barista"?' });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete avatar" }).click();
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: "Archive" })).toHaveCount(0);

  // A b-roll copied from its project to the other one shows there.
  await page.goto(`/projects/${launch}`);
  await expect(page.getByTestId("project-avatar")).toHaveCount(2);
  await cardAction(page, "Latte pour", "Copy to another project");
  await page.getByRole("dialog", { name: 'Copy "Latte pour" to another project' }).getByRole("button", { name: "Copy" }).click();
  await page.getByTestId("asset-notice").getByRole("link", { name: "Open Archive" }).click();
  await expect(page.getByTestId("project-name")).toHaveText("Archive");
  const copied = page.getByTestId("b-roll-card");
  await expect(copied).toHaveCount(1);
  await expect(copied).toHaveAttribute("data-status", "ready");
  await expect(copied.getByTestId("b-roll-name")).toHaveText("Latte pour");
  await expect.poll(() => copied.locator("video").evaluate((v: HTMLVideoElement) => v.muted && v.src.length > 0)).toBe(true);
});
