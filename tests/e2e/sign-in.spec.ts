// Signing in from another address than localhost: the app opened on 127.0.0.1 hydrates and its
// sign-in form sends the link (Next.js serves its dev scripts only to the hosts next.config.ts allows).
import { test } from "@playwright/test";
import { signIn, uniqueEmail } from "./fixtures";

const LOOPBACK = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

test("on 127.0.0.1 the app is interactive: the sign-in form sends the link", async ({ page }) => {
  const email = uniqueEmail("loopback");
  // signIn fills the form on 127.0.0.1 and waits for "Check your inbox", which only the hydrated
  // form shows; the emailed link then signs in on the configured app URL.
  await signIn(page, email, { origin: LOOPBACK });
});
