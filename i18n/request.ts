// next-intl's per-request configuration: the language (see ./locales), the browser's time zone, and
// that language's messages. Messages live in messages/<locale>/<namespace>.json, one file per area of
// the app, all imported by messages/index.ts: a page uses them as useTranslations("namespace") or
// getTranslations("namespace").
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "@/messages";
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, negotiateLocale, validTimeZone } from "./locales";

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
  return {
    locale,
    timeZone: validTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value),
    messages: MESSAGES[locale],
  };
});
