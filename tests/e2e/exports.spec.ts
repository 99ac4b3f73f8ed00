// Ad-ready exports in the browser: a ready b-roll's "Formats" panel makes a 4:5 rendition with the
// crop window moved off the centre (the request says so), waits for it and downloads an MP4 of
// 1080x1350 (probed with ffprobe), a poster, and a trimmed 1:1 padded over a blur, then deletes the
// last one (confirmed); then "Download all" downloads the project ZIP with its formats. A public
// avatar's Formats from the library: a user makes a poster (its progress pushed by the event stream:
// the list is read once) and cannot delete it (shared); an admin can.
// Screenshots of the panel at 1440 and 390 px, in English and French, on the project page and in the library.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { publishAvatars, signIn, uniqueEmail } from "./fixtures";

const CLIP_TIMEOUT = 150_000;
const ffprobe = (createRequire(import.meta.url)("@ffprobe-installer/ffprobe") as { path: string }).path;

/** What the screen shows (a dialog is fixed to the viewport: a full-page shot would cut it). */
const viewportShot = (page: Page, name: string) => page.screenshot({ path: path.join("test-results", "e2e", "screenshots", `${name}.png`) });

/** The panel's serious and critical axe problems (WCAG 2.2 A/AA, touch targets included), one line each. */
async function panelProblems(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).include('[data-testid="formats-panel"]').analyze();
  return axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

async function ready(page: Page, url: string) {
  await expect.poll(async () => ((await (await page.request.get(url)).json()) as { status: string }).status, { timeout: CLIP_TIMEOUT, intervals: [1000] }).toBe("ready");
}

async function openFormats(page: Page, name: string) {
  await page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole("menuitem", { name: "Formats" }).click();
  const panel = page.getByTestId("formats-panel");
  await expect(panel).toBeVisible();
  // The clip's duration is known (trim handles and the make buttons wait for it).
  await expect(panel.getByTestId("make-rendition")).toBeEnabled();
  return panel;
}

test("exports: a 4:5 rendition with a moved focus point, downloaded as 1080x1350; the project ZIP with its formats", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, uniqueEmail("exports"));
  const projectId = ((await (await page.request.post("/api/projects", { data: { name: "Export launch" } })).json()) as { id: string }).id;
  const created = await page.request.post("/api/b-rolls", { data: { name: "Latte pour", prompt: "Milk poured into a latte, close-up", projectId, aspectRatio: "16:9", resolution: "480p", duration: 2 } });
  expect(created.status(), await created.text()).toBe(202);
  const bRollId = ((await created.json()) as { id: string }).id;
  await ready(page, `/api/b-rolls/${bRollId}`);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${projectId}`);
  await expect(page.locator('[data-testid="b-roll-card"][data-status="ready"]')).toHaveCount(1);
  const panel = await openFormats(page, "Latte pour");
  await expect(panel.getByText("Nothing yet")).toBeVisible();

  // 4:5 over a 16:9 clip: a narrow window, moved right by dragging it, then with the arrow keys.
  await panel.getByRole("radio", { name: "4:5" }).check();
  const box = panel.getByTestId("crop-box");
  const centred = (await box.boundingBox())!;
  await page.mouse.move(centred.x + centred.width / 2, centred.y + centred.height / 2);
  await page.mouse.down();
  await page.mouse.move(centred.x + centred.width / 2 + 60, centred.y + centred.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = (await box.boundingBox())!;
  expect(dragged.x).toBeGreaterThan(centred.x + 30);
  await box.focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  expect((await box.boundingBox())!.x).toBeLessThan(dragged.x);
  await viewportShot(page, "exports-formats-1440");

  const sent = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/renditions");
  await panel.getByRole("button", { name: "Make 4:5" }).click();
  const body = (await sent).postDataJSON() as { clipType: string; clipId: string; format: string; fit: string; focus: { x: number; y: number }; trim?: unknown };
  expect(body).toMatchObject({ clipType: "b-roll", clipId: bRollId, format: "4:5", fit: "crop" });
  expect(body.focus.x).toBeGreaterThan(0.51);
  expect(body.focus.y).toBe(0.5);
  expect(body.trim).toBeUndefined();

  // Listed at once, processing, then ready with its download link.
  const rendition = panel.getByTestId("rendition");
  await expect(rendition).toHaveCount(1);
  await expect(rendition).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(rendition).toContainText("1080×1350");
  const link = rendition.getByRole("link", { name: "Download MP4" });
  const served = await page.request.get((await link.getAttribute("href"))!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("video/mp4");
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("latte-pour-4-5.mp4");
  const { stdout } = await promisify(execFile)(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,codec_name", "-of", "json", (await download.path())!]);
  expect((JSON.parse(stdout) as { streams: unknown[] }).streams[0]).toEqual({ codec_name: "h264", width: 1080, height: 1350 });

  // A poster of the frame shown: JPEG and WebP links once ready.
  await panel.getByRole("button", { name: "Make poster from this frame" }).click();
  const poster = rendition.filter({ hasText: "Poster" });
  await expect(poster).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(poster.getByRole("link", { name: "JPEG" })).toHaveAttribute("download", "latte-pour-poster.jpg");
  await expect(poster.getByRole("link", { name: "WebP" })).toHaveAttribute("download", "latte-pour-poster.webp");
  await viewportShot(page, "exports-formats-made-1440");
  expect(await panelProblems(page)).toEqual([]);

  // A trimmed 1:1 padded over a blur: the start handle stops 1 s before the end; no focus is sent.
  const clipSeconds = await panel.locator("video").evaluate((video: HTMLVideoElement) => video.duration);
  await panel.getByTestId("trim-start").fill(String(clipSeconds));
  await expect.poll(async () => Number(await panel.getByTestId("trim-start").inputValue())).toBeCloseTo(clipSeconds - 1, 1);
  await panel.getByRole("radio", { name: "1:1" }).check();
  await panel.getByRole("radio", { name: "Pad with blur" }).check();
  await expect(panel.getByTestId("crop-box")).toHaveCount(0);
  const padded = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/renditions");
  await panel.getByRole("button", { name: "Make 1:1" }).click();
  const paddedBody = (await padded).postDataJSON() as { fit: string; format: string; focus?: unknown; trim: { start: number; end: number } };
  expect(paddedBody).toMatchObject({ format: "1:1", fit: "pad" });
  expect(paddedBody.focus).toBeUndefined();
  expect(paddedBody.trim.end - paddedBody.trim.start).toBeGreaterThanOrEqual(1);
  expect(paddedBody.trim.start).toBeGreaterThan(0);
  await expect(rendition).toHaveCount(3);
  await expect(rendition.first()).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  await expect(rendition.first()).toContainText("1080×1080");

  // Delete it: confirmed, gone from the list and from the API.
  const doomed = (await rendition.first().getAttribute("data-id"))!;
  await rendition.first().getByRole("button", { name: /^Delete 1:1/ }).click();
  const confirm = page.getByTestId("delete-rendition-dialog");
  await expect(confirm).toContainText("download links stop working");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(rendition).toHaveCount(2);
  expect((await page.request.get(`/api/renditions/${doomed}`)).status()).toBe(404);

  // Phones, in English then in French: the panel fits the width.
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = async () => expect(await panel.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
  await fits();
  await viewportShot(page, "exports-formats-390");
  await page.getByRole("button", { name: "Close" }).click();
  await viewportShot(page, "exports-toolbar-390");
  await page.context().addCookies([{ name: "locale", value: "fr", url: page.url() }]);
  await page.reload();
  await page.getByRole("button", { name: "Actions pour Latte pour", exact: true }).click();
  await page.getByRole("menuitem", { name: "Formats" }).click();
  await expect(panel.getByTestId("rendition")).toHaveCount(2);
  await fits();
  await viewportShot(page, "exports-formats-390-fr");
  await panel.getByTestId("rendition").filter({ hasText: "Affiche" }).scrollIntoViewIfNeeded();
  await viewportShot(page, "exports-formats-made-390-fr");
  await panel.getByRole("button", { name: "Fermer" }).click();
  await viewportShot(page, "exports-toolbar-390-fr");
  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();

  // Download all, with the formats and posters.
  await page.getByLabel("Include formats and posters").check();
  await expect(page.getByRole("link", { name: "Download all" })).toHaveAttribute("href", `/api/projects/${projectId}/export?include=renditions,posters`);
  const zipping = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download all" }).click();
  const zip = await zipping;
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const bytes = await readFile((await zip.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  // Entry names are stored as they are in the central directory.
  const names = bytes.toString("latin1");
  expect(names).toContain("b-rolls/Latte pour.mp4");
  expect(names).toContain("renditions/Latte pour 4x5 crop.mp4");
  expect(names).toContain("posters/Latte pour");
});

test("exports: Formats of a public avatar from the library; shared renditions are deleted by admins only", async ({ page, browser, baseURL }) => {
  test.setTimeout(420_000);
  const run = `Fmt${Date.now().toString(36)}`;
  const name = `${run} Zoe`;
  await publishAvatars(browser, baseURL!, [{ name, tagSlugs: ["femme"] }], `formats-${run}`);

  await signIn(page, uniqueEmail("library-formats"));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/library?q=${encodeURIComponent(run)}`);
  await expect(page.getByRole("button", { name: `Formats of ${name}`, exact: true })).toBeVisible();
  await viewportShot(page, "exports-library-card-1440");
  await page.getByRole("button", { name: `Formats of ${name}`, exact: true }).click();
  const panel = page.getByTestId("formats-panel");
  await expect(panel.getByTestId("make-rendition")).toBeEnabled();
  await expect(panel.getByText("Nothing yet")).toBeVisible();

  // Progress comes from the event stream: the list is read when the panel opens, not polled.
  const listReads: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (r.method() === "GET" && url.pathname === "/api/renditions") listReads.push(url.search);
  });
  await panel.getByRole("button", { name: "Make poster from this frame" }).click();
  const poster = panel.getByTestId("rendition");
  await expect(poster).toHaveCount(1);
  await expect(poster).toHaveAttribute("data-status", "ready", { timeout: CLIP_TIMEOUT });
  expect(listReads).toEqual([]);
  await expect(poster.getByRole("link", { name: "JPEG" })).toBeVisible();
  // Shared by every user: only admins delete it.
  await expect(poster.getByTestId("delete-rendition")).toHaveCount(0);
  await viewportShot(page, "exports-library-formats-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await panel.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
  await viewportShot(page, "exports-library-formats-390");
  expect(await panelProblems(page)).toEqual([]);
  await page.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: `Formats of ${name}`, exact: true }).scrollIntoViewIfNeeded();
  await viewportShot(page, "exports-library-card-390");

  const context = await browser.newContext({ baseURL });
  const admin = await context.newPage();
  await signIn(admin, "admin@e2e.test");
  await admin.goto(`/library?q=${encodeURIComponent(run)}`);
  await admin.getByRole("button", { name: `Formats of ${name}`, exact: true }).click();
  const adminPanel = admin.getByTestId("formats-panel");
  await adminPanel.getByTestId("delete-rendition").click();
  const confirm = admin.getByTestId("delete-rendition-dialog");
  await expect(confirm).toContainText("shared by every user");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(adminPanel.getByText("Nothing yet")).toBeVisible();
  await context.close();
});
