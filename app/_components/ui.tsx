// Small shared UI pieces (server-safe: no state or effects; their texts come from next-intl, which
// works in server and client components alike). Client-only pieces live in their own files.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { sentence } from "../_lib/format";

/** The statuses the badge knows how to name; any other is shown as it is. */
const STATUS_NAMES = ["ready", "processing", "failed", "queued", "submitted", "finalizing", "completed", "firing", "resolved"] as const;

/** The colours of an avatar's or a b-roll's status. */
const MEDIA_TONES: Record<string, string> = {
  ready: "border-emerald-500/60 text-emerald-300 bg-emerald-500/10",
  processing: "border-amber-500/60 text-amber-200 bg-amber-500/10",
  failed: "border-rose-500/60 text-rose-300 bg-rose-500/10",
};

/** A status as a coloured pill; `tones` gives each status its colours (one not listed is grey). */
export function StatusBadge({ status, tones = MEDIA_TONES }: { status: string; tones?: Record<string, string> }) {
  const t = useTranslations("common.status");
  const name = (STATUS_NAMES as readonly string[]).includes(status) ? t(status as (typeof STATUS_NAMES)[number]) : status;
  return (
    <span data-status={status} className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${tones[status] ?? "border-slate-600 text-slate-300"}`}>
      {status === "processing" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-amber-300" aria-hidden /> : null}
      {name}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-2xl border border-dashed border-slate-700 p-10 text-center">
      <p className="text-lg font-semibold text-slate-100">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-400">{children}</div> : null}
    </div>
  );
}

/** Nothing while there is no message, so a failure that may or may not have happened needs no condition. */
export function ErrorBox({ message, onRetry, className = "" }: { message: string | null | undefined; onRetry?: () => void; className?: string }) {
  const t = useTranslations("common");
  if (!message) return null;
  return (
    <div role="alert" className={`rounded-xl border border-rose-500/50 bg-rose-500/10 p-4 text-sm text-rose-200 ${className}`}>
      {sentence(message)}
      {onRetry ? (
        <button type="button" onClick={onRetry} className="ml-3 underline">
          {t("tryAgain")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * "Delete it?" in place of a list item's actions: the question (children), then Delete, focused so
 * that Enter confirms, and Cancel; both wait while the deletion runs.
 */
export function ConfirmDelete({ label, busy, onConfirm, onCancel, className = "", children }: { label: string; busy: boolean; onConfirm: () => void; onCancel: () => void; className?: string; children: ReactNode }) {
  const t = useTranslations("common");
  return (
    <div className={`flex flex-wrap items-center gap-2 ${className}`} role="alertdialog" aria-label={label}>
      {children}
      <button type="button" autoFocus className={`${buttonClass.danger} px-3 py-1.5`} disabled={busy} onClick={onConfirm}>
        {busy ? t("deleting") : t("delete")}
      </button>
      <button type="button" className={`${buttonClass.secondary} px-3 py-1.5`} onClick={onCancel} disabled={busy}>
        {t("cancel")}
      </button>
    </div>
  );
}

/** The button under a paged list ("Load more" unless `label` says otherwise); it says "Loading…" and waits while the next page comes. */
export function LoadMoreButton({ loading, disabled = false, onClick, label }: { loading: boolean; disabled?: boolean; onClick: () => void; label?: string }) {
  const t = useTranslations("common");
  return (
    <button type="button" className={buttonClass.secondary} onClick={onClick} disabled={loading || disabled}>
      {loading ? t("loadingEllipsis") : (label ?? t("loadMore"))}
    </button>
  );
}

/** A spinner and what is loading ("Loading…" unless `label` names it; the ellipsis is added). */
export function Spinner({ label }: { label?: string }) {
  const t = useTranslations("common");
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-400">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-600 border-t-violet-400" aria-hidden />
      {label ? `${label}…` : t("loadingEllipsis")}
    </span>
  );
}

/** A placeholder of fixed size while something loads: nothing moves when it is replaced. */
export function Skeleton({ className = "", label }: { className?: string; label?: string }) {
  return (
    <div className={`animate-pulse rounded-xl bg-slate-800/80 ${className}`} aria-hidden={label ? undefined : true}>
      {label ? <span className="sr-only">{label}</span> : null}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-white sm:text-3xl">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-400">{subtitle}</p> : null}
      </div>
      {actions}
    </div>
  );
}

/** Button looks; their keyboard focus ring is the global one (globals.css). */
export const buttonClass = {
  primary: "inline-flex items-center justify-center gap-2 rounded-xl bg-violet-600 px-4 py-2 text-sm font-semibold text-white hover:bg-violet-500 disabled:cursor-not-allowed disabled:opacity-50",
  secondary: "inline-flex items-center justify-center gap-2 rounded-xl border border-slate-700 px-4 py-2 text-sm font-medium text-slate-100 hover:bg-slate-800 disabled:opacity-50",
  danger: "inline-flex items-center justify-center gap-2 rounded-xl bg-rose-600 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-500 disabled:opacity-50",
};

export const cardClass = "rounded-2xl border border-slate-800 bg-slate-900/60";
