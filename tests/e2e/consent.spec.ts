// Consent for real people, end to end: a face uploaded in the avatar studio needs the likeness
// consent before the clip can start (the create button explains and sends nothing); ticked, the avatar
// is made, and its card's Details panel shows the record: model, prompt, seed and the consent.
// Screenshots of the checkbox and the panel at 1440 and 390 px go to SHOTS_DIR.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { publishAvatars, signIn, uniqueEmail } from "./fixtures";

const SHOTS_DIR = process.env.SHOTS_DIR ?? path.join("test-results", "e2e", "screenshots");

async function shotAt(page: Page, width: number, name: string, show?: Locator) {
  await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
  if (show) await show.evaluate((element) => element.scrollIntoView({ block: "center" }));
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-${width}.png`) });
  // Never sideways scroll, whatever the width; no serious WCAG AA problem.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).exclude("nextjs-portal").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

test("an uploaded face needs consent; the avatar's Details panel shows its record", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, uniqueEmail("consent"));
  expect((await page.request.post("/api/projects", { data: { name: "Consent campaign" } })).status()).toBe(201);
  await page.goto("/studio");
  await expect(page).toHaveURL(/\/studio\?session=[\w-]+/);
  // The session is loaded (the page is live): an upload now lands in it.
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });

  // Upload a face: it is picked at once, and the create form asks for the consent.
  const face = await sharp({ create: { width: 640, height: 800, channels: 3, background: { r: 190, g: 150, b: 120 } } }).jpeg().toBuffer();
  await page.getByText("Upload a photo instead").setInputFiles({ name: "face.jpg", mimeType: "image/jpeg", buffer: face });
  const consent = page.getByLabel("I have the right to use this person's likeness and their consent to make AI videos of them");
  await expect(consent).toBeVisible({ timeout: 60_000 });
  await expect(consent).not.toBeChecked();

  await page.getByLabel("Avatar name").fill("Real Rita");
  await page.getByLabel("Motion", { exact: true }).fill("She smiles and waves at the camera");
  const creates: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/avatars/private") creates.push(request.url());
  });
  // Unticked: the button explains what is missing and sends nothing.
  await page.getByRole("button", { name: /Create avatar clip/ }).click();
  await expect(page.getByText("Tick the consent box first: an uploaded picture shows a real person.")).toBeVisible();
  await expect(consent).toHaveAttribute("aria-invalid", "true");
  expect(creates).toEqual([]);
  await shotAt(page, 1440, "consent-checkbox", consent);
  await shotAt(page, 390, "consent-checkbox", consent);
  await page.setViewportSize({ width: 1280, height: 860 });

  // Ticked: the avatar is created (the clip is made by the simulator).
  await consent.check();
  await page.getByRole("button", { name: /Create avatar clip/ }).click();
  await expect.poll(() => creates.length).toBe(1);
  await expect(page.getByTestId("avatar-video")).toBeVisible({ timeout: 150_000 });

  // Its card in My avatars: Details shows the record.
  await page.goto("/library?tab=mine");
  const card = page.getByTestId("library-card").filter({ hasText: "Real Rita" });
  await card.getByRole("button", { name: "Actions for Real Rita" }).click();
  await page.getByRole("menuitem", { name: "Details" }).click();
  const panel = page.getByTestId("provenance-panel");
  await expect(panel.getByRole("heading", { name: 'Details of "Real Rita"' })).toBeVisible();
  const record = panel.getByTestId("provenance-record");
  await expect(record).toContainText("fal-ai/bytedance/seedance");
  await expect(record).toContainText("She smiles and waves at the camera");
  await expect(record).toContainText(/Seed\s*\d+/);
  await expect(record).toContainText("Uploaded");
  await expect(record).toContainText(/[0-9a-f]{64}/);
  await expect(panel.getByTestId("provenance-consent")).toContainText(/Attested on .+ by consent-/);
  await expect(panel.getByRole("heading", { name: "How to disclose AI content" })).toBeVisible();
  await expect(panel).toContainText('"AI-generated content"');
  await shotAt(page, 1440, "details-panel");
  await shotAt(page, 390, "details-panel");
});

test("a library card's Details: the record of a generated picture, without who made it", async ({ browser, baseURL, page }) => {
  test.setTimeout(240_000);
  const name = `Library details ${Date.now()}`;
  await publishAvatars(browser, baseURL!, [{ name, tagSlugs: ["femme"] }], `consent-library-${Date.now()}`);
  // Signed out: the library is public, and so is its avatars' record (without who made it).
  await page.goto(`/library?q=${encodeURIComponent(name)}`);
  const card = page.getByTestId("library-card").filter({ hasText: name });
  await expect(card.getByRole("button", { name: `Details of ${name}` })).toBeVisible();
  await shotAt(page, 390, "library-card", card);
  await page.setViewportSize({ width: 1280, height: 860 });
  await card.getByRole("button", { name: `Details of ${name}` }).click();
  const panel = page.getByTestId("provenance-panel");
  const record = panel.getByTestId("provenance-record");
  await expect(record).toContainText("Generated with FLUX");
  await expect(record).toContainText("A portrait of a person for the library");
  await expect(record).toContainText("Shown to admins only");
  await expect(panel.getByTestId("provenance-consent")).toHaveText("Not needed: the picture was not uploaded.");
  await shotAt(page, 390, "library-details-panel");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
});
