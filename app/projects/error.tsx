"use client";
// Something failed while rendering a projects page: say so, offer to try again.
import Link from "next/link";
import { ErrorBox } from "../_components/ui";

export default function ProjectsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="space-y-4">
      <ErrorBox message={`This page could not be shown: ${error.message || "unexpected error"}`} onRetry={reset} />
      <Link href="/projects" className="text-sm text-violet-300 underline">
        Back to your projects
      </Link>
    </main>
  );
}
