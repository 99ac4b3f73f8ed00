// The language switch: the header's menu re-renders the page in French at once, the choice is kept
// (a reload, a link followed), and a browser that asks for French gets French without choosing.
import { expect, test } from "@playwright/test";

test("choosing Français in the language menu turns the pages French, and the choice is kept", async ({ page }) => {
  await page.goto("/library");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Library" })).toBeVisible();

  await page.getByRole("combobox", { name: "Language" }).selectOption("fr");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const navFr = page.getByRole("navigation", { name: "Principal" });
  await expect(navFr.getByRole("link", { name: "Bibliothèque" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Se connecter" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Langue" })).toHaveValue("fr");
  expect((await page.context().cookies()).find((cookie) => cookie.name === "locale")?.value).toBe("fr");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(navFr.getByRole("link", { name: "Bibliothèque" })).toBeVisible();

  // A link followed: the home page is French too.
  await page.getByRole("link", { name: "Accueil Better Ads" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Des clips d’avatars et des b-rolls pour vos publicités vidéo.");
  await expect(page.getByRole("link", { name: "Parcourir la bibliothèque d’avatars" })).toBeVisible();
  await page.getByRole("link", { name: "Se connecter avec son e-mail" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion");
  await expect(page.getByLabel("E-mail")).toBeVisible();
  await expect(page).toHaveTitle("Connexion · Better Ads");

  // And back to English the same way.
  await page.getByRole("combobox", { name: "Langue" }).selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
});

test("a browser that prefers French sees French without choosing; the menu's choice overrides it", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Bibliothèque" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Langue" })).toHaveValue("fr");

  await page.getByRole("combobox", { name: "Langue" }).selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/library");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" })).toBeVisible();
  await context.close();
});
