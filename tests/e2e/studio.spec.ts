// The avatar studio end to end: describe a person, pick one of two FLUX pictures, edit it, go back to
// the first version, create the avatar and follow its live status until the clip plays; and a refused
// clip that shows its reason and succeeds on Retry (the same key after a lost connection). Runs against
// the Fal simulator.
import { expect, test, type Page } from "@playwright/test";
import { dropNextRequest, idempotencyKeys, screenshot, signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;

async function expectClipPlays(page: Page) {
  const video = page.getByTestId("avatar-video");
  await expect(video).toBeVisible({ timeout: 150_000 });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0), { timeout: 60_000 })
    .toBe(true);
}

test("describe, pick, edit, undo, create, and watch the clip become ready", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, uniqueEmail("studio"));
  const project = await page.request.post("/api/projects", { data: { name: "Spring campaign" } });
  expect(project.status()).toBe(201);

  await page.goto("/studio");
  await expect(page).toHaveURL(/\/studio\?session=[\w-]+/);
  await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });

  // Describe -> 2 pictures side by side.
  await page.getByLabel("Who should appear in the clip?").fill("A smiling woman in her thirties with short black hair, white shirt, bright office");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const pictures = page.getByTestId("studio-image");
  await expect(pictures).toHaveCount(2, { timeout: 90_000 });

  // Pick the first -> it becomes version 1.
  await pictures.first().click();
  await expect(pictures.first()).toHaveAttribute("aria-pressed", "true");
  const versions = page.getByTestId("studio-version");
  await expect(versions).toHaveCount(1);
  const original = await page.getByTestId("studio-current").getAttribute("src");

  // One plain-language edit -> version 2 is current.
  await page.getByLabel("Describe a change").fill("Add thin black glasses");
  await page.getByRole("button", { name: "Apply edit" }).click();
  await expect(versions).toHaveCount(2, { timeout: 90_000 });
  await expect(versions.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("studio-current")).not.toHaveAttribute("src", original!);

  // Undo to the first version by clicking it in the history.
  await versions.first().click();
  await expect(versions.first()).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("studio-current")).toHaveAttribute("src", original!);

  // A reload keeps the pictures, the history and the current version (session id in the URL).
  await page.reload();
  await expect(pictures).toHaveCount(2, { timeout: 60_000 });
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toHaveAttribute("aria-current", "true");
  await screenshot(page, "studio-edit");

  // The form validates with the API's schema before sending anything.
  await page.getByRole("button", { name: "Create avatar clip" }).click();
  await expect(page.getByText("Name must not be empty")).toBeVisible();

  await page.getByLabel("Avatar name").fill("Clara, friendly host");
    await expect(page.locator("#avatar-project option:checked")).toHaveText("Spring campaign");
  await page.getByRole("button", { name: "Create avatar clip" }).click();

  // Live status; a reload keeps following the same job.
  await expect(page).toHaveURL(/avatar=[\w-]+/, { timeout: 30_000 });
  await expect(page.getByTestId("avatar-status").or(page.getByTestId("avatar-video"))).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("avatar-status").or(page.getByTestId("avatar-video"))).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/ left$|longer than usual|Ready/).first()).toBeVisible();

  await expectClipPlays(page);
  await expect(page.getByTestId("avatar-status")).toHaveText(/^Ready/);
  await expect(page.getByRole("link", { name: "Use in a b-roll" })).toHaveAttribute("href", /\/projects\?useImage=%2Fapi%2Fmedia%2F/);
  await screenshot(page, "studio");
});

test("a refused clip shows the reason and what to do, and Retry makes it", async ({ page, request }) => {
  test.setTimeout(300_000);
  const marker = `e2e-refuse-${Date.now()}`;
  await signIn(page, uniqueEmail("studio-fail"));
  const keys = idempotencyKeys(page);
  try {
    // The simulator refuses the next clip whose prompt carries the marker (the motion prompt here).
    const set = await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseNext: 1, matchPrompt: marker } });
    expect(set.ok()).toBe(true);

    await page.goto("/studio");
    await expect(page.getByText("Your pictures will appear here")).toBeVisible({ timeout: 60_000 });
    await page.getByLabel("Who should appear in the clip?").fill("A senior man with a grey beard, denim jacket, workshop");
    await page.locator("label").filter({ hasText: /^1$/ }).click();
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await expect(page.getByTestId("studio-image")).toHaveCount(1, { timeout: 90_000 });
    await page.getByTestId("studio-image").first().click();

    await page.getByLabel("Avatar name").fill("Refused once");
    await expect(page.getByLabel("Project", { exact: true })).toHaveValue("__new__");
    await page.getByLabel(/name one/).fill("Retry project");
    await page.getByLabel("Motion", { exact: true }).fill(`The man nods slowly ${marker}`);
    await page.getByText("16:9", { exact: true }).click();
    // Declined: the refusal fails the clip instead of going on to the fallback model (tests/e2e/fallback.spec.ts).
    await page.getByTestId("avatar-fallback").uncheck();
    await page.getByRole("button", { name: "Create avatar clip" }).click();

    await expect(page.getByTestId("avatar-error")).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId("avatar-error")).not.toBeEmpty();
    await expect(page.getByText(/What to do/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Pick another picture" })).toBeVisible();
    await screenshot(page, "studio-failed");

    // The first Retry loses its connection: trying again is the same intent, with the same key.
    await dropNextRequest(page, /\/api\/avatars\/private\/[^/]+\/retry$/);
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Could not reach the server" })).toBeVisible();
    await page.getByRole("button", { name: "Retry" }).click();
    await expectClipPlays(page);
    const retries = keys(/\/retry$/);
    expect(retries).toHaveLength(2);
    expect(retries[0]).not.toBe("");
    expect(retries[1]).toBe(retries[0]);
    // Every paid click carried a key.
    expect(keys("/api/images/generate")).toEqual([expect.stringMatching(/^\S+$/)]);
    expect(keys("/api/avatars/private")).toEqual([expect.stringMatching(/^\S+$/)]);
  } finally {
    await request.post(`${SIMULATOR}/_sim/controls`, { data: { refuseNext: 0, matchPrompt: null } });
  }
});
