// The accessibility and layout sweep: every page, in English at 1440 px and in French at 390 px (both
// widths and both languages, French being the longer text and so the harder case on a phone); with
// A11Y_ALL_COMBINATIONS=1, also English at 390 and French at 1440 (for screenshots after a layout change).
// Each page must have no axe violation of impact serious or critical among the WCAG 2 A/AA rules, no
// sideways scroll, one <main> landmark, and <html lang> in the page's language; a full-page
// screenshot of each is kept (test-results/e2e/screenshots/a11y-<lang>-<width>-<page>.png) to look at.
// State is set up once through the API (a project with a ready b-roll and a ready private avatar, a
// public avatar); each language and width is one test, with one context per kind of visitor. Every
// problem of a test is collected and printed as one readable list, so one run shows them all.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signIn, screenshot, uniqueEmail } from "./fixtures";

const WIDTHS = [
  { name: "1440", viewport: { width: 1440, height: 900 }, mobile: false },
  { name: "390", viewport: { width: 390, height: 844 }, mobile: true },
] as const;
const LANGUAGES = ["en", "fr"] as const;
type Width = (typeof WIDTHS)[number];
/** The sweeps this run makes: one per language and width pair. */
const SWEEPS: Array<{ lang: (typeof LANGUAGES)[number]; width: Width }> =
  process.env.A11Y_ALL_COMBINATIONS === "1"
    ? LANGUAGES.flatMap((lang) => WIDTHS.map((width) => ({ lang, width })))
    : [
        { lang: "en", width: WIDTHS[0] },
        { lang: "fr", width: WIDTHS[1] },
      ];
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const READY_TIMEOUT = 150_000;
const PAGE_TIMEOUT = 45_000;

type Visitor = "anonymous" | "admin" | "user";
interface Sweep {
  name: string;
  path: string;
  as: Visitor;
  status?: number;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
type State = { admin: StorageState; user: StorageState; projectId: string };

/** Signs `email` in within a context of its own and returns its cookies. */
async function sessionOf(browser: Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email);
  const state = await context.storageState();
  return { context, page, state };
}

/** Polls a resource until it is ready (the simulator makes clips in seconds). */
async function waitReady(page: Page, url: string) {
  await expect
    .poll(async () => ((await (await page.request.get(url)).json()) as { status: string }).status, { timeout: READY_TIMEOUT, intervals: [1500] })
    .toBe("ready");
}

/** What is wrong with the page as it is now, one readable line per problem. */
async function problemsOf(page: Page, lang: string): Promise<string[]> {
  const problems: string[] = [];
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude("nextjs-portal").analyze();
  for (const violation of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    const targets = violation.nodes.slice(0, 4).map((node) => node.target.join(" ")).join(" | ");
    const more = violation.nodes.length > 4 ? ` (+${violation.nodes.length - 4} more)` : "";
    problems.push(`axe ${violation.impact} ${violation.id}: ${violation.help} -> ${targets}${more}`);
  }
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    lang: document.documentElement.lang,
    mains: document.querySelectorAll("main, [role=main]").length,
    // The elements that stick out on the right, to say where the sideways scroll comes from.
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest("nextjs-portal"))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}.${[...el.classList].slice(0, 4).join(".")}`),
  }));
  if (layout.scrollWidth > layout.clientWidth) problems.push(`horizontal scroll: ${layout.scrollWidth} > ${layout.clientWidth} px (${layout.wide.join(", ")})`);
  if (layout.lang !== lang) problems.push(`<html lang="${layout.lang}">, expected "${lang}"`);
  if (layout.mains !== 1) problems.push(`${layout.mains} <main> landmarks, expected 1`);
  return problems;
}

/** Opens a page and waits until it has drawn its content (its heading, no list still loading). */
async function visit(page: Page, entry: Sweep) {
  const response = await page.goto(entry.path);
  expect(response?.status(), entry.path).toBe(entry.status ?? 200);
  await expect(page.locator("main h1").first()).toBeVisible();
  // A route's first visit compiles it (and the API routes it calls) in the dev server: allow for that.
  await expect(page.locator("main [aria-busy=true], main [role=status]:has(.animate-spin)")).toHaveCount(0, { timeout: PAGE_TIMEOUT });
  // Images have their final size before the checks and the screenshot.
  await page.evaluate(() =>
    Promise.all(
      [...document.images].filter((img) => !img.complete).map((img) => new Promise((done) => {
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
      })),
    ),
  );
}

let state: State;

test.beforeAll(async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  // Kept in the run's output folder (emptied at the start of every run): a test that fails restarts
  // the worker, and the next test then reuses this run's set-up instead of making it again.
  const stateFile = path.join(testInfo.project.outputDir, "a11y-state.json");
  const saved = await readFile(stateFile, "utf8").catch(() => null);
  if (saved) {
    state = JSON.parse(saved) as State;
    return;
  }
  const run = Date.now().toString(36);
  // The admin makes a project with a b-roll and a private avatar, and one public avatar, through the
  // API; a second account (not an admin) is for the 403 page.
  const admin = await sessionOf(browser, baseURL!, "admin@e2e.test");
  const user = await sessionOf(browser, baseURL!, uniqueEmail("a11y-user"));
  const api = admin.page.request;
  const project = await api.post("/api/projects", { data: { name: `Sweep ${run}` } });
  expect(project.status()).toBe(201);
  const projectId = ((await project.json()) as { id: string }).id;
  const images = await api.post("/api/images/generate", { data: { prompt: "A portrait of a smiling person", sessionId: `a11y-${run}`, numImages: 2 } });
  expect(images.status()).toBe(200);
  const [first, second] = ((await images.json()) as { images: Array<{ imageUrl: string }> }).images;
  const created = await Promise.all([
    api.post("/api/b-rolls", { data: { name: "Coffee pour", prompt: "Coffee poured into a cup, slow motion", projectId, duration: 2, resolution: "480p" } }),
    api.post("/api/avatars/private", { data: { name: "Clara", imageUrl: first.imageUrl, projectId, duration: 2, resolution: "480p" } }),
    api.post("/api/avatars/public", { data: { name: `Sweep ${run} Inès`, imageUrl: second.imageUrl, tagSlugs: ["femme", "beaute"] } }),
  ]);
  for (const response of created) expect(response.status(), await response.text()).toBe(202);
  const [bRoll, avatar, publicAvatar] = await Promise.all(created.map(async (r) => ((await r.json()) as { id: string }).id));
  await Promise.all([waitReady(admin.page, `/api/b-rolls/${bRoll}`), waitReady(admin.page, `/api/avatars/private/${avatar}`), waitReady(admin.page, `/api/avatars/public/${publicAvatar}`)]);
  state = { admin: admin.state, user: user.state, projectId };
  await writeFile(stateFile, JSON.stringify(state));
  await Promise.all([admin.context.close(), user.context.close()]);
});

function pagesToSweep(): Sweep[] {
  return [
    { name: "home", path: "/", as: "anonymous" },
    { name: "signin", path: "/signin", as: "anonymous" },
    { name: "signin-error", path: "/signin?error=Verification", as: "anonymous" },
    { name: "not-found", path: "/no-such-page", as: "anonymous", status: 404 },
    { name: "library", path: "/library", as: "anonymous" },
    { name: "home-signed-in", path: "/", as: "admin" },
    { name: "library-signed-in", path: "/library", as: "admin" },
    { name: "projects", path: "/projects", as: "admin" },
    { name: "project", path: `/projects/${state.projectId}`, as: "admin" },
    { name: "studio", path: "/studio", as: "admin" },
    { name: "admin-avatars", path: "/admin", as: "admin" },
    { name: "admin-tags", path: "/admin?tab=tags", as: "admin" },
    { name: "admin-jobs", path: "/admin?tab=jobs", as: "admin" },
    { name: "admin-usage", path: "/admin/usage", as: "admin" },
    { name: "forbidden", path: "/admin", as: "user", status: 403 },
  ];
}

for (const { lang, width } of SWEEPS) {
  test(`${lang} at ${width.name} px: every page passes axe (WCAG 2 A/AA, serious and critical), has no sideways scroll, one main landmark and lang="${lang}"`, async ({ browser, baseURL }) => {
    test.setTimeout(600_000);
    const pages = pagesToSweep();
    const contexts = new Map<Visitor, BrowserContext>();
    for (const as of new Set(pages.map((p) => p.as))) {
      const context = await browser.newContext({
        baseURL,
        viewport: width.viewport,
        isMobile: width.mobile,
        hasTouch: width.mobile,
        storageState: as === "anonymous" ? undefined : state[as],
      });
      await context.addCookies([{ name: "locale", value: lang, url: baseURL! }]);
      contexts.set(as, context);
    }
    const report: string[] = [];
    for (const entry of pages) {
      const page = await contexts.get(entry.as)!.newPage();
      await test.step(entry.name, async () => {
        const started = Date.now();
        const where = `[${lang} ${width.name}] ${entry.name} (${entry.path})`;
        try {
          await visit(page, entry);
        } catch (error) {
          // Checked as it is, and said: a page that never finishes loading is a problem too.
          report.push(`${where}: did not finish loading: ${(error as Error).message.split("\n")[0]}`);
        }
        const problems = await problemsOf(page, lang);
        await screenshot(page, `a11y-${lang}-${width.name}-${entry.name}`);
        for (const problem of problems) report.push(`${where}: ${problem}`);
        console.log(`${where}: ${problems.length} problem(s), ${Date.now() - started} ms${problems.map((p) => `\n    ${p}`).join("")}`);
      });
      await page.close();
    }
    await Promise.all([...contexts.values()].map((context) => context.close()));
    if (report.length) console.log(`\nAccessibility and layout problems, ${lang} at ${width.name} px (${report.length}):\n${report.map((line) => `  - ${line}`).join("\n")}\n`);
    expect(report, "accessibility and layout problems (listed above)").toEqual([]);
  });
}
