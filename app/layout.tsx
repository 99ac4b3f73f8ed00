import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { isFalSimulated } from "@/_shared/lib/env";
import { SignOutButton } from "./_components/sign-out-button";
import { currentUser } from "./_lib/page-auth";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Better Ads", template: "%s · Better Ads" },
  description: "Silent avatar clips and b-rolls for video ads",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b0d12" };

const NAV = [
  { href: "/projects", label: "Projects", signedIn: true },
  { href: "/studio", label: "Avatar studio", signedIn: true },
  { href: "/library", label: "Library", signedIn: false },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen bg-[#0b0d12] text-slate-200 antialiased">
        {isFalSimulated() ? (
          <div className="sim-banner" role="status" data-testid="simulated-banner">
            Simulated generation: images and clips come from the local Fal simulator, not Fal.ai (set FAL_KEY to use Fal).
          </div>
        ) : null}
        <header className="sticky top-0 z-20 border-b border-slate-800 bg-[#0b0d12]/90 backdrop-blur">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-base font-bold tracking-tight text-white">
              Better <span className="text-violet-400">Ads</span>
            </Link>
            <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-4 text-sm">
              {NAV.filter((item) => user || !item.signedIn).map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-300 hover:text-white">
                  {item.label}
                </Link>
              ))}
              {user?.role === "admin" ? (
                <>
                  <Link href="/admin" className="text-slate-300 hover:text-white">
                    Admin
                  </Link>
                  <Link href="/admin/usage" className="text-slate-300 hover:text-white">
                    Usage
                  </Link>
                </>
              ) : null}
            </nav>
            {user ? (
              <div className="flex items-center gap-3">
                <span className="hidden text-xs text-slate-500 sm:inline" data-testid="signed-in-as">
                  {user.email}
                </span>
                <SignOutButton />
              </div>
            ) : (
              <Link href="/signin" className="rounded-xl bg-violet-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-violet-500">
                Sign in
              </Link>
            )}
          </div>
        </header>
        <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
      </body>
    </html>
  );
}
