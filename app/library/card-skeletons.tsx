// Placeholder cards of the real cards' size while the first page loads (no layout shift).
import { useTranslations } from "next-intl";

/** The public library's dense grid: two compact columns on a phone, five on a desktop. */
export const DENSE_GRID = "grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-5";
const DEFAULT_GRID = "grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3";

export function CardSkeletons({ count, className = DEFAULT_GRID }: { count: number; className?: string }) {
  const t = useTranslations("library");
  return (
    <ul className={className} aria-busy="true" aria-label={t("loadingAvatars")}>
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="rounded-2xl border border-slate-800 bg-slate-900/60 p-2">
          <div className="aspect-[3/4] w-full animate-pulse rounded-xl bg-slate-800" />
          <div className="mt-3 h-4 w-2/3 animate-pulse rounded bg-slate-800" />
          <div className="mt-2 mb-1 h-3 w-1/2 animate-pulse rounded bg-slate-800" />
        </li>
      ))}
    </ul>
  );
}
