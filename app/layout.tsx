import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Better Ads",
  description: "Silent avatar clips and b-rolls for video ads",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
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
