// Shared steps of the browser tests: a real magic-link sign-in (the dev server writes the link to
// its outbox file when no SMTP is configured) and screenshots of the main pages.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";

const OUTBOX = path.resolve(process.env.E2E_DATA_DIR ?? ".data/e2e", "outbox.jsonl");

async function latestLinkFor(email: string, after: number): Promise<string | null> {
  const text = await readFile(OUTBOX, "utf8").catch(() => "");
  const lines = text.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as { to: string; url: string; at: string });
  const match = lines.reverse().find((m) => m.to === email && Date.parse(m.at) >= after);
  return match?.url ?? null;
}

/**
 * Signs in through the sign-in page (on `origin`, the base URL by default) and the emailed (here:
 * written) magic link, which it returns.
 */
export async function signIn(page: Page, email: string, { origin = "" }: { origin?: string } = {}): Promise<string> {
  const started = Date.now() - 1000;
  await page.goto(`${origin}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  // The first sign-in of a run compiles the auth routes in the dev server: slow on a busy machine.
  await expect(page.getByText(/check your inbox/i)).toBeVisible({ timeout: 90_000 });
  let link: string | null = null;
  await expect.poll(async () => (link = await latestLinkFor(email, started)), { timeout: 30_000 }).not.toBeNull();
  await page.goto(link!);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return link!;
}

export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.test`;

/** A full-page screenshot kept with the run's results (test-results/e2e/screenshots). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join("test-results", "e2e", "screenshots", `${name}.png`), fullPage: true });
}

/**
 * Publishes one public avatar per entry as the e2e admin (in a desktop context of its own, from images
 * generated for it) and waits until all are ready.
 */
export async function publishAvatars(browser: Browser, baseURL: string, entries: Array<{ name: string; tagSlugs: string[] }>, sessionId: string) {
  const context = await browser.newContext({ baseURL });
  const admin = await context.newPage();
  await signIn(admin, "admin@e2e.test");
  const generated = await admin.request.post("/api/images/generate", { data: { prompt: "A portrait of a person for the library", sessionId, numImages: entries.length } });
  expect(generated.status()).toBe(200);
  const { images, imageUrl } = (await generated.json()) as { imageUrl: string; images?: Array<{ imageUrl: string }> };
  const ids: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const created = await admin.request.post("/api/avatars/public", { data: { ...entry, imageUrl: images?.[i].imageUrl ?? imageUrl } });
    expect(created.status()).toBe(202);
    ids.push(((await created.json()) as { id: string }).id);
  }
  await expect
    .poll(async () => {
      const statuses = await Promise.all(ids.map(async (id) => ((await (await admin.request.get(`/api/avatars/public/${id}`)).json()) as { status: string }).status));
      return statuses.every((status) => status === "ready");
    }, { timeout: 150_000, intervals: [2000] })
    .toBe(true);
  await context.close();
}

/** Records the Idempotency-Key of every POST the page sends; returns them for a path, in order ("" for none). */
export function idempotencyKeys(page: Page): (path: string | RegExp) => string[] {
  const sent: Array<{ path: string; key: string }> = [];
  page.on("request", (request) => {
    if (request.method() === "POST") sent.push({ path: new URL(request.url()).pathname, key: request.headers()["idempotency-key"] ?? "" });
  });
  return (path) => sent.filter((s) => (typeof path === "string" ? s.path === path : path.test(s.path))).map((s) => s.key);
}

/** Loses the next request to `url` as a dropped connection would: the browser gets no answer, the server never sees it. */
export async function dropNextRequest(page: Page, url: RegExp) {
  let dropped = false;
  await page.route(url, (route) => {
    if (dropped) return route.continue();
    dropped = true;
    return route.abort("internetdisconnected");
  });
}
