// Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against the app on
// its embedded default (`npm run dev`: embedded Postgres, s3rver, the Fal simulator), on ports and a
// data directory of its own, started fresh for each run.
import { defineConfig } from "@playwright/test";

// Overridable so that two runs on one machine do not collide.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;
const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "desktop", testIgnore: /mobile\.spec\.ts/, use: { viewport: { width: 1280, height: 860 } } },
    { name: "mobile", testMatch: /mobile\.spec\.ts/, use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  ],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node node_modules/tsx/dist/cli.mjs tools/dev.ts`,
    url: `${BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      BETTER_ADS_DATA_DIR: E2E_DATA_DIR,
      EMBEDDED_POSTGRES_PORT: String(PORT + 2340),
      EMBEDDED_S3_PORT: String(PORT + 1480),
      FAL_SIMULATOR_PORT: String(PORT + 920),
      FAL_SIMULATOR_LATENCY_MS: "1500",
      APP_URL: BASE_URL,
      NEXTAUTH_URL: BASE_URL,
      ADMIN_EMAILS: "admin@e2e.test",
      // The embedded default, whatever the calling shell points at.
      DATABASE_URL: "",
      S3_ENDPOINT: "",
      REDIS_URL: "",
      FAL_KEY: "",
      FAL_BASE_URL: "",
      EMAIL_SERVER: "",
      LOG_LEVEL: "warn",
    },
  },
});
