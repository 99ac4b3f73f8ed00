// Progress people trust, pushed by the event stream: an avatar being made shows its stage, a progress
// bar and the time left, then its clip; today's spend against the daily cap sits next to the prices
// and moves after a charge made elsewhere (another tab, the API); a b-roll that finishes while the
// user is on another page is announced by a toast with a link to it. Runs against the Fal simulator,
// slowed down so that the jobs can be watched.
import { expect, test } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

const SIMULATOR = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 920}`;
/** The playwright config's simulator latency, restored after the test slows it down. */
const DEFAULT_LATENCY_MS = 1500;

// The dev server compiles each page on its first visit: do it before the timed steps.
test.beforeAll(async ({ request }) => {
  const routes = ["/signin", "/api/auth/providers", "/studio", "/api/health", "/api/events", "/api/avatars/private/x", "/api/jobs/x", "/api/b-rolls", "/api/projects", "/api/estimates"];
  for (const path of routes) {
    await request.get(path, { timeout: 180_000, maxRedirects: 0 });
  }
});

test("a processing avatar shows stage, bar and time left; the spend note moves after a charge; a b-roll ready elsewhere is a toast", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signIn(page, uniqueEmail("progress"));
  // Set up through the API: a picture, a project.
  const sessionId = crypto.randomUUID();
  const picture = await page.request.post("/api/images/generate", { data: { prompt: "A smiling woman, studio portrait", sessionId, numImages: 1 } });
  expect(picture.status()).toBe(200);
  const { imageUrl } = (await picture.json()) as { imageUrl: string };
  const project = await page.request.post("/api/projects", { data: { name: `Harbour ${Date.now()}` } });
  const projectId = ((await project.json()) as { id: string }).id;

  try {
    // A slow model: the jobs are watched while they wait and run.
    expect((await request.post(`${SIMULATOR}/_sim/controls`, { data: { latencyMs: 20_000 } })).ok()).toBe(true);
    const avatar = await page.request.post("/api/avatars/private", { data: { name: "Clara", imageUrl, projectId } });
    expect(avatar.status()).toBe(202);
    const avatarId = ((await avatar.json()) as { id: string }).id;

    await page.goto(`/studio?session=${sessionId}&avatar=${avatarId}`);
    const progress = page.getByTestId("job-progress");
    await expect(page.getByTestId("avatar-status")).toHaveText(/^(Queued|Generating|Copying) · /, { timeout: 60_000 });
    await expect(progress.getByTestId("job-stage")).toHaveText(/^(In queue · position \d+)?$/);
    await expect(progress.getByTestId("job-eta")).toHaveText(/^about \d+ (s|min) left$|^taking longer than usual$/);
    const bar = page.getByRole("progressbar", { name: "Progress of Clara" });
    await expect(bar).toHaveAttribute("aria-valuenow", /^\d+$/);
    const note = page.getByTestId("spend-note");
    await expect(note).toHaveText(/^\$\d+\.\d\d of \$20\.00 today$/);
    await screenshot(page, "progress-studio-1440");

    // A charge made elsewhere (here: the API) reaches the note through the stream.
    const before = await note.textContent();
    const bRoll = await page.request.post("/api/b-rolls", { data: { name: "Harbour at dawn", prompt: "boats in a harbour at dawn", projectId, resolution: "480p", duration: 2 } });
    expect(bRoll.status()).toBe(202);
    await expect(note).not.toHaveText(before ?? "");
    await expect(note).toHaveText(/^\$\d+\.\d\d of \$20\.00 today$/);

    // The stage moves on while the page is open (no reload).
    await expect(page.getByTestId("avatar-status")).toHaveText(/^(Generating|Copying) · /, { timeout: 30_000 });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "progress-studio-390");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });

    // The avatar's clip plays here (no toast: it is on screen); the b-roll's card is not: a toast says it is ready.
    await expect(page.getByTestId("avatar-video")).toBeVisible({ timeout: 60_000 });
    const toast = page.getByRole("status").filter({ has: page.getByTestId("toast") });
    await expect(toast.getByTestId("toast")).toHaveText(/B-roll “Harbour at dawn” is ready/, { timeout: 60_000 });
    await expect(toast.getByRole("link", { name: "Open" })).toHaveAttribute("href", `/projects/${projectId}`);
    await expect(page.getByTestId("toast").filter({ hasText: "Clara" })).toHaveCount(0);
    await screenshot(page, "progress-toast-1440");

    // The same pages in French (the studio's form with its spend note, at phone width too).
    await page.context().addCookies([{ name: "locale", value: "fr", url: page.url() }]);
    await page.goto(`/studio?session=${sessionId}`);
    await expect(page.getByTestId("spend-note").first()).toHaveText(/ sur 20,00.\$US aujourd'hui$/);
    await screenshot(page, "progress-studio-fr-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "progress-studio-fr-390");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  } finally {
    await request.post(`${SIMULATOR}/_sim/controls`, { data: { latencyMs: DEFAULT_LATENCY_MS } });
  }
});
