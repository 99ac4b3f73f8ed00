import type { Metadata } from "next";
import Link from "next/link";
import { isFalSimulated } from "@/_shared/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: "Better Ads",
  description: "Silent avatar clips and b-rolls for video ads",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        {isFalSimulated() ? (
          <div className="sim-banner" role="status">
            Simulated generation: images and clips come from the local Fal simulator, not Fal.ai (set FAL_KEY to use Fal).
          </div>
        ) : null}
        <header className="top">
          <Link className="brand" href="/">
            Better Ads
          </Link>
          <nav>
            <Link className="button secondary" href="/signin">
              Sign in
            </Link>
          </nav>
        </header>
        {children}
      </body>
    </html>
  );
}
