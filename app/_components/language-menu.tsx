"use client";
// The language menu in the header: the choice is kept a year in a cookie and the page re-renders in
// place. It also records the browser's time zone, so server-rendered dates read as local ones.
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { LOCALES, LOCALE_COOKIE, LOCALE_NAMES, TIME_ZONE_COOKIE } from "@/i18n/locales";

const YEAR = 60 * 60 * 24 * 365;

function setCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${YEAR}; samesite=lax`;
}

export function LanguageMenu({ className = "" }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations("nav");
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && !document.cookie.includes(`${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`)) setCookie(TIME_ZONE_COOKIE, zone);
  }, []);

  return (
    <label className={`flex items-center gap-2 text-sm text-slate-400 ${className}`}>
      <span className="sr-only">{t("language")}</span>
      <select
        value={locale}
        disabled={pending}
        data-testid="language-menu"
        aria-label={t("language")}
        onChange={(event) => {
          setCookie(LOCALE_COOKIE, event.target.value);
          startTransition(() => router.refresh());
        }}
        className="rounded-lg border border-slate-700 bg-slate-900 px-2 py-1 text-sm text-slate-200 focus-visible:outline-2 focus-visible:outline-violet-400"
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
