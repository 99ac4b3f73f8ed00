// The image-to-video fallback in the studio: an uploaded face that Seedance refuses (the simulator's
// refuseFacesOn control) is made by the fallback model instead, and the studio and the My avatars card
// say so, and its Details panel lists both models and the consent. Screenshots of the studio's option and the card at 1440 and 390 px go to /tmp/shots-fallback.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;
const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp/shots-fallback";
const MADE_INSTEAD = "Seedance 1.0 Pro refused this face; made with Kling 2.1 instead.";

/** Shots of `section` (a card or a form section) on its own and of the whole page, at 1440 and 390 px. */
async function shots(page: Page, name: string, section: Locator) {
  await section.waitFor({ timeout: 30_000 });
  await section.evaluate((el, shot) => el.setAttribute("data-shot", shot), name);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await section.scrollIntoViewIfNeeded();
    // Its pictures are loaded (lazy ones load once on screen).
    await expect.poll(() => section.evaluate((el) => [...el.querySelectorAll("img")].every((img) => img.complete && img.naturalWidth > 0)), { timeout: 15_000 }).toBe(true);
    await section.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-page.png`), fullPage: true });
    // The section passes axe (WCAG 2.2 A/AA, touch targets included: serious and critical problems).
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).include(`[data-shot="${name}"]`).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
    // No sideways scroll at either width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

/** A portrait-shaped picture to upload (the simulator animates whatever it is given). */
function portrait() {
  return sharp({ create: { width: 768, height: 1024, channels: 3, background: { r: 196, g: 160, b: 140 } } })
    .composite([{ input: Buffer.from('<svg width="768" height="1024"><circle cx="384" cy="400" r="200" fill="#8a5a44"/></svg>') }])
    .png()
    .toBuffer();
}

// Cleared after the test whatever happens to it (a timed-out test does not reach a finally block).
test.afterEach(async ({ request }) => {
  await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseFacesOn: null } });
});

test("a face Seedance refuses is made by the fallback model; the card says so and its Details list both models and the consent", async ({ page, request }) => {
  test.setTimeout(300_000);
  await signIn(page, uniqueEmail("fallback"));
  const set = await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseFacesOn: "seedance" } });
  expect(set.ok()).toBe(true);

  await page.goto("/studio");
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });
  await page.getByText("Upload a photo instead").locator("input[type=file]").setInputFiles({ name: "face.png", mimeType: "image/png", buffer: await portrait() });
  // An uploaded face needs the likeness consent before the clip can start.
  const consent = page.getByLabel("I have the right to use this person's likeness and their consent to make AI videos of them");
  await expect(consent).toBeVisible({ timeout: 60_000 });
  // The form may be drawn again as the session refreshes after the upload: tick until it holds.
  await expect(async () => {
    await consent.check();
    await expect(consent).toBeChecked();
  }).toPass({ timeout: 15_000 });

  await page.getByLabel("Avatar name").fill("Refused face");
  await page.getByLabel(/name one/).fill("Fallback project");
  const option = page.getByTestId("avatar-fallback");
  await expect(option).toBeChecked();
  await expect(page.getByText("If refused, try Kling 2.1")).toBeVisible();
  await expect(page.getByText(/for up to \$0\.28 more/)).toBeVisible();
  await shots(page, "studio-option", page.locator("section").filter({ has: option }));

  await page.getByRole("button", { name: "Create avatar clip" }).click();
  const video = page.getByTestId("avatar-video");
  await expect(video).toBeVisible({ timeout: 150_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0), { timeout: 60_000 }).toBe(true);
  await expect(page.getByTestId("clip-model")).toHaveText(MADE_INSTEAD);
  // Both requests' cost (Seedance's 720p 5 s $0.2723, Kling's 5 s $0.28), and the second request is no "attempt 2".
  await expect(page.getByText("Estimated generation cost $0.55")).toBeVisible();
  await expect(page.getByText(/^Attempt \d/)).toHaveCount(0);
  await shots(page, "studio-made-instead", page.locator("section").filter({ has: page.getByTestId("clip-model") }));

  await page.goto("/library?tab=mine");
  const card = page.locator("li").filter({ has: page.getByTestId("clip-model") });
  await expect(card.getByTestId("clip-model")).toHaveText(MADE_INSTEAD, { timeout: 30_000 });
  await shots(page, "my-avatars-card", card);

  // Its Details panel: both models of the job, the uploaded picture's hash and the consent.
  await card.getByRole("button", { name: "Actions for Refused face" }).click();
  await page.getByRole("menuitem", { name: "Details" }).click();
  const record = page.getByTestId("provenance-panel").getByTestId("provenance-record");
  await expect(record).toContainText("fal-ai/bytedance/seedance");
  await expect(record).toContainText("fal-ai/kling-video/v2.1/standard/image-to-video");
  await expect(record).toContainText("Uploaded");
  await expect(record).toContainText(/[0-9a-f]{64}/);
  await expect(page.getByTestId("provenance-consent")).toContainText(/Attested on .+ by fallback-/);
});
