// The avatar studio's session lives on the server: pictures whose request finishes while the user is
// on another page show when they come back (Back, or a reload), and the same `/studio?session=` URL
// in another browser of the same user shows the same pictures in the same order, the edit as a
// version of its original, the pick and both prompts. Runs against the Fal simulator.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;
/** The playwright config's simulator latency, restored after a test slows it down. */
const DEFAULT_LATENCY_MS = 1500;

// The dev server compiles each page on its first visit: do it before the timed steps.
test.beforeAll(async ({ request }) => {
  for (const path of ["/signin", "/api/auth/providers", "/studio", "/projects", "/api/health"]) {
    await request.get(path, { timeout: 180_000, maxRedirects: 0 });
  }
});

const sources = (page: Page) => page.getByTestId("studio-image").locator("img").evaluateAll((imgs) => imgs.map((img) => img.getAttribute("src")));

test("pictures made while the user is on another page show on Back and on reload", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signIn(page, uniqueEmail("studio-back"));
  await page.goto("/studio");
  await expect(page).toHaveURL(/\/studio\?session=[\w-]+/);
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });
  const studioUrl = page.url();
  try {
    // A slow model: the request is still running when the user leaves and comes back.
    expect((await request.post(`${SIMULATOR}/_sim/controls`, { data: { latencyMs: 12_000 } })).ok()).toBe(true);
    await page.getByLabel("Who should appear in the clip?").fill("A young man with a beard, green hoodie, city street at dusk");
    const generated = page.waitForResponse((res) => res.url().endsWith("/api/images/generate"), { timeout: 90_000 });
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await page.getByRole("link", { name: "Projects", exact: true }).click();
    await expect(page).toHaveURL(/\/projects/);
    await page.goBack();
    await expect(page).toHaveURL(studioUrl);

    // Back on the studio while the pictures are still being made: they are on their way, and the
    // description is still there.
    await expect(page.getByLabel("Who should appear in the clip?")).toHaveValue("A young man with a beard, green hoodie, city street at dusk");
    expect((await generated).status()).toBe(200);
    // The request finished after the user left: its pictures arrive without a reload.
    await expect(page.getByTestId("studio-image")).toHaveCount(2, { timeout: 60_000 });
    const order = await sources(page);
    await screenshot(page, "studio-back");

    await page.reload();
    await expect(page.getByTestId("studio-image")).toHaveCount(2, { timeout: 60_000 });
    expect(await sources(page)).toEqual(order);
  } finally {
    await request.post(`${SIMULATOR}/_sim/controls`, { data: { latencyMs: DEFAULT_LATENCY_MS } });
  }
});

test("the same session in another browser shows the same pictures in order, the versions, the pick and the prompts", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail("studio-two");
  await signIn(page, email);
  await page.goto("/studio");
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });
  const studioUrl = page.url();

  const description = "A woman in her fifties with silver hair, navy blazer, bright office";
  await page.getByLabel("Who should appear in the clip?").fill(description);
  await page.locator("label").filter({ hasText: /^3$/ }).click();
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const pictures = page.getByTestId("studio-image");
  await expect(pictures).toHaveCount(3, { timeout: 90_000 });
  const order = await sources(page);

  // Pick the second picture, edit it, and go back to the original version.
  await pictures.nth(1).click();
  await expect(pictures.nth(1)).toHaveAttribute("aria-pressed", "true");
  const versions = page.getByTestId("studio-version");
  await page.getByLabel("Describe a change").fill("Add a red scarf");
  await page.getByRole("button", { name: "Apply edit" }).click();
  await expect(versions).toHaveCount(2, { timeout: 90_000 });
  await expect(versions.nth(1)).toHaveAttribute("aria-current", "true");
  await versions.first().click();
  await expect(versions.first()).toHaveAttribute("aria-current", "true");
  const original = await page.getByTestId("studio-current").getAttribute("src");
  const motion = "She waves at the camera and smiles";
  await page.getByLabel("Motion", { exact: true }).fill(motion);
  // The edit is a version, not a fourth picture to pick from.
  await expect(pictures).toHaveCount(3);
  expect(await sources(page)).toEqual(order);

  // Another browser, the same user, the same URL.
  const other = await browser.newContext({ baseURL });
  try {
    const second = await other.newPage();
    await signIn(second, email);
    // What the first browser typed reaches the server within a moment (it is saved as it is typed).
    await expect
      .poll(async () => {
        await second.goto(studioUrl);
        return second.getByLabel("Motion", { exact: true }).inputValue({ timeout: 60_000 });
      }, { timeout: 30_000, intervals: [1000] })
      .toBe(motion);
    const secondPictures = second.getByTestId("studio-image");
    await expect(secondPictures).toHaveCount(3, { timeout: 60_000 });
    expect(await sources(second)).toEqual(order);
    await expect(secondPictures.nth(1)).toHaveAttribute("aria-pressed", "true");
    const secondVersions = second.getByTestId("studio-version");
    await expect(secondVersions).toHaveCount(2);
    await expect(secondVersions.first()).toHaveAttribute("aria-current", "true");
    await expect(secondVersions.nth(1)).toHaveAccessibleName(/Add a red scarf/);
    await expect(second.getByTestId("studio-current")).toHaveAttribute("src", original!);
    await expect(second.getByLabel("Who should appear in the clip?")).toHaveValue(description);
    await screenshot(second, "studio-other-browser");

    // A change there (the edited version) shows here after a reload, in the same order.
    await secondVersions.nth(1).click();
    await expect(secondVersions.nth(1)).toHaveAttribute("aria-current", "true");
    await expect
      .poll(async () => {
        await page.reload();
        await expect(versions).toHaveCount(2, { timeout: 60_000 });
        return versions.nth(1).getAttribute("aria-current");
      }, { timeout: 30_000, intervals: [1000] })
      .toBe("true");
    expect(await sources(page)).toEqual(order);
  } finally {
    await other.close();
  }
});
