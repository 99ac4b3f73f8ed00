"use client";
// What a section's error.tsx shows when rendering failed: the reason, a retry, and a way back.
import Link from "next/link";
import { ErrorBox } from "./ui";

export function PageError({ error, reset, backHref, backLabel }: { error: Error & { digest?: string }; reset: () => void; backHref: string; backLabel: string }) {
  return (
    <main className="space-y-4">
      <ErrorBox message={`This page could not be shown: ${error.message || "unexpected error"}`} onRetry={reset} />
      <Link href={backHref} className="text-sm text-violet-300 underline">
        {backLabel}
      </Link>
    </main>
  );
}
