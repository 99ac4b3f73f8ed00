import "server-only";
// useFormat()'s twin for server components: the same helpers bound to the request's language.
import { getLocale, getTimeZone } from "next-intl/server";
import { categoryLabel, tagLabel } from "@/_shared/lib/base-tags";
import { DEFAULT_LOCALE, isLocale } from "@/i18n/locales";
import { formatDate, formatDateTime, formatNumber, formatUsd } from "./format";

export async function getFormat() {
  const [raw, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  const locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  return {
    locale,
    date: (iso: string) => formatDate(iso, locale, timeZone),
    dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
    number: (value: number) => formatNumber(value, locale),
    usd: (amount: number | null) => formatUsd(amount, locale),
    tag: (tag: { slug: string; name: string }) => tagLabel(tag, locale),
    category: (category: { slug: string; name: string }) => categoryLabel(category, locale),
  };
}
