"use client";
// What an action on a card did, said once in a polite live region (e.g. "Copied to Launch B" with a
// link there); it stays until the next action or until dismissed.
import Link from "next/link";
import { useTranslations } from "next-intl";

export interface NoticeState {
  text: string;
  link?: { href: string; label: string };
}

export function Notice({ notice, onDismiss }: { notice: NoticeState | null; onDismiss: () => void }) {
  const t = useTranslations("assets");
  return (
    <div role="status" aria-live="polite">
      {notice ? (
        <p className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl border border-emerald-500/40 bg-emerald-500/10 px-3 py-2 text-sm text-emerald-100" data-testid="asset-notice">
          <span>{notice.text}</span>
          {notice.link ? (
            <Link href={notice.link.href} className="font-medium text-emerald-200 underline">
              {notice.link.label}
            </Link>
          ) : null}
          <button type="button" onClick={onDismiss} className="ml-auto rounded px-1 text-emerald-200 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300" aria-label={t("notice.dismiss")}>
            ×
          </button>
        </p>
      ) : null}
    </div>
  );
}
