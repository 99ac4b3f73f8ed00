import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { isFalSimulated } from "@/_shared/lib/env";
import { HeaderMenu } from "./_components/header-menu";
import { LanguageMenu } from "./_components/language-menu";
import { ProgressHub } from "./_components/progress-hub";
import { SignOutButton } from "./_components/sign-out-button";
import { currentUser } from "./_lib/page-auth";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: "Better Ads", template: "%s · Better Ads" },
    description: t("description"),
  };
}
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b0d12" };

const NAV = [
  { href: "/projects", label: "projects", signedIn: true },
  { href: "/studio", label: "studio", signedIn: true },
  { href: "/library", label: "library", signedIn: false },
] as const;

const navLinkClass = "rounded-md py-1 text-slate-300 hover:text-white";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [user, locale, t] = await Promise.all([currentUser(), getLocale(), getTranslations("nav")]);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-[#0b0d12] text-slate-200 antialiased">
        <NextIntlClientProvider>
        <a href="#main-content" className="skip-link">
          {t("skipToContent")}
        </a>
        {isFalSimulated() ? (
          <div className="sim-banner" role="status" data-testid="simulated-banner">
            {t("simulated")}
          </div>
        ) : null}
        <header className="sticky top-0 z-20 border-b border-slate-800 bg-[#0b0d12]/90 backdrop-blur">
          <div className="relative mx-auto flex max-w-6xl items-center gap-x-6 px-4 py-3">
            <Link href="/" className="rounded-md text-base font-bold tracking-tight text-white" aria-label={t("home")}>
              Better <span className="text-violet-400">Ads</span>
            </Link>
            <HeaderMenu>
              <nav aria-label={t("main")} className="flex flex-col gap-1 text-base lg:flex-1 lg:flex-row lg:flex-wrap lg:items-center lg:gap-4 lg:text-sm">
                {NAV.filter((item) => user || !item.signedIn).map((item) => (
                  <Link key={item.href} href={item.href} className={navLinkClass}>
                    {t(item.label)}
                  </Link>
                ))}
                {user?.role === "admin" ? (
                  <>
                    <Link href="/admin" className={navLinkClass}>
                      {t("admin")}
                    </Link>
                    <Link href="/admin/usage" className={navLinkClass}>
                      {t("usage")}
                    </Link>
                  </>
                ) : null}
              </nav>
              <div className="flex flex-wrap items-center gap-3 border-t border-slate-800 pt-4 lg:border-0 lg:pt-0">
                <LanguageMenu />
                {user ? (
                  <div className="flex min-w-0 items-center gap-3">
                    <span className="truncate text-xs text-slate-400 lg:max-w-56" data-testid="signed-in-as">
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
            </HeaderMenu>
          </div>
        </header>
        <div id="main-content" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </div>
        {user ? <ProgressHub /> : null}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
