"use client";
// Something failed while rendering the library: say so, offer to try again.
import Link from "next/link";
import { ErrorBox } from "../_components/ui";

export default function LibraryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="space-y-4">
      <ErrorBox message={`This page could not be shown: ${error.message || "unexpected error"}`} onRetry={reset} />
      <Link href="/library" className="text-sm text-violet-300 underline">
        Back to the library
      </Link>
    </main>
  );
}
