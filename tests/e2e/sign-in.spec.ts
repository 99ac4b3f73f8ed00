// Signing in, and the pages around it: the app opened on 127.0.0.1 (not only localhost) hydrates and
// its sign-in form sends the link; a used magic link and an unknown address land on pages in the
// app's own layout, never the frameworks' bare defaults.
import { expect, test } from "@playwright/test";
import { screenshot, signIn, uniqueEmail } from "./fixtures";

const LOOPBACK = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

test("on 127.0.0.1 the app is interactive: the sign-in form sends the link", async ({ page }) => {
  const email = uniqueEmail("loopback");
  // signIn fills the form on 127.0.0.1 and waits for "Check your inbox", which only the hydrated
  // form shows; the emailed link then signs in on the configured app URL.
  await signIn(page, email, { origin: LOOPBACK });
});

test("a used sign-in link lands on the sign-in page, which says so and offers a new link", async ({ page }) => {
  const link = await signIn(page, uniqueEmail("reused-link"));
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page).toHaveURL(/\/signin\?error=Verification$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Better Ads" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("sign-in-error")).toHaveText("This sign-in link has expired or has already been used. Ask for a new one below.");
  await expect(page.getByLabel("Email")).toBeVisible();
  await screenshot(page, "sign-in-link-used");
  // An error code it does not know (or a prototype key) gets the general message.
  await page.goto("/signin?error=__proto__");
  await expect(page.getByTestId("sign-in-error")).toHaveText("Sign-in failed. Try again, or ask for a new link below.");
});

test("an unknown address gets a 404 page in the app's layout", async ({ page }) => {
  const response = await page.goto("/no-such-page/at-all");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Better Ads");
  await expect(page.getByRole("banner").getByRole("link", { name: "Better Ads" })).toBeVisible();
  await expect(page.getByTestId("not-found").getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Browse the library" }).click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole("heading", { name: "Avatar library" })).toBeVisible();
  await page.goto("/no-such-page");
  await screenshot(page, "not-found");
});
