import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { isFalSimulated } from "@/_shared/lib/env";
import { LanguageMenu } from "./_components/language-menu";
import { ProgressHub } from "./_components/progress-hub";
import { SignOutButton } from "./_components/sign-out-button";
import { currentUser } from "./_lib/page-auth";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Better Ads", template: "%s · Better Ads" },
  description: "Silent avatar clips and b-rolls for video ads",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b0d12" };

const NAV = [
  { href: "/projects", label: "projects", signedIn: true },
  { href: "/studio", label: "studio", signedIn: true },
  { href: "/library", label: "library", signedIn: false },
] as const;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [user, locale, t] = await Promise.all([currentUser(), getLocale(), getTranslations("nav")]);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-[#0b0d12] text-slate-200 antialiased">
        <NextIntlClientProvider>
        {isFalSimulated() ? (
          <div className="sim-banner" role="status" data-testid="simulated-banner">
            {t("simulated")}
          </div>
        ) : null}
        <header className="sticky top-0 z-20 border-b border-slate-800 bg-[#0b0d12]/90 backdrop-blur">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-base font-bold tracking-tight text-white" aria-label={t("home")}>
              Better <span className="text-violet-400">Ads</span>
            </Link>
            <nav aria-label={t("main")} className="flex flex-1 flex-wrap items-center gap-4 text-sm">
              {NAV.filter((item) => user || !item.signedIn).map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-300 hover:text-white">
                  {t(item.label)}
                </Link>
              ))}
              {user?.role === "admin" ? (
                <>
                  <Link href="/admin" className="text-slate-300 hover:text-white">
                    {t("admin")}
                  </Link>
                  <Link href="/admin/usage" className="text-slate-300 hover:text-white">
                    {t("usage")}
                  </Link>
                </>
              ) : null}
            </nav>
            <LanguageMenu />
            {user ? (
              <div className="flex items-center gap-3">
                <span className="hidden text-xs text-slate-500 sm:inline" data-testid="signed-in-as">
                  {user.email}
                </span>
                <SignOutButton />
              </div>
            ) : (
              <Link href="/signin" className="rounded-xl bg-violet-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-violet-500">
                {t("signIn")}
              </Link>
            )}
          </div>
        </header>
        <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
        {user ? <ProgressHub /> : null}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
