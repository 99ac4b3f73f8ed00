// next-intl's per-request configuration: the language (see ./locales), the browser's time zone, and
// that language's messages. Messages live in messages/<locale>/<namespace>.json, one file per area of
// the app, and are loaded whole: a page uses them as t("namespace.key") or useTranslations("namespace").
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, negotiateLocale, validTimeZone, type Locale } from "./locales";

type Messages = Record<string, unknown>;
const cache = new Map<Locale, Promise<Messages>>();

export async function loadMessages(locale: Locale): Promise<Messages> {
  const dir = path.join(process.cwd(), "messages", locale);
  const files = (await readdir(dir)).filter((file) => file.endsWith(".json")).sort();
  const entries = await Promise.all(
    files.map(async (file) => [path.basename(file, ".json"), JSON.parse(await readFile(path.join(dir, file), "utf8"))] as const),
  );
  return Object.fromEntries(entries);
}

function messagesOf(locale: Locale): Promise<Messages> {
  // Read once per process in production; re-read on every request in development, so edits show at once.
  if (process.env.NODE_ENV !== "production") return loadMessages(locale);
  let messages = cache.get(locale);
  if (!messages) cache.set(locale, (messages = loadMessages(locale)));
  return messages;
}

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
  return {
    locale,
    timeZone: validTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value),
    messages: await messagesOf(locale),
  };
});
