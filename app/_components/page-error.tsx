"use client";
// What a section's error.tsx shows when rendering failed: the reason, a retry, and a way back.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { ErrorBox } from "./ui";

export function PageError({ error, reset, backHref, backLabel }: { error: Error & { digest?: string }; reset: () => void; backHref: string; backLabel: string }) {
  const t = useTranslations("errors.page");
  return (
    <main className="space-y-4">
      <ErrorBox message={t("failed", { reason: error.message || t("unexpected") })} onRetry={reset} />
      <Link href={backHref} className="text-sm text-violet-300 underline">
        {backLabel}
      </Link>
    </main>
  );
}
