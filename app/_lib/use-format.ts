"use client";
// The formatting helpers bound to the page's language and the browser's time zone.
import { useLocale, useTimeZone } from "next-intl";
import { useMemo } from "react";
import { categoryLabel, tagLabel } from "@/_shared/lib/base-tags";
import { isLocale, DEFAULT_LOCALE } from "@/i18n/locales";
import { formatDate, formatDateTime, formatDuration, formatNumber, formatUsd } from "./format";

export function useFormat() {
  const raw = useLocale();
  const timeZone = useTimeZone();
  const locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  return useMemo(
    () => ({
      locale,
      date: (iso: string) => formatDate(iso, locale, timeZone),
      dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
      number: (value: number) => formatNumber(value, locale),
      usd: (amount: number | null) => formatUsd(amount, locale),
      duration: (ms: number | null) => formatDuration(ms, locale),
      tag: (tag: { slug: string; name: string }) => tagLabel(tag, locale),
      category: (category: { slug: string; name: string }) => categoryLabel(category, locale),
    }),
    [locale, timeZone],
  );
}
