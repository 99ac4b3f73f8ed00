"use client";
// Mounted once in the layout for a signed-in user: opens the tab's event stream, and says when a clip
// this tab saw being made is ready (or failed) while its card is not on screen: a toast (announced:
// role="status"), and a browser notification too when the tab is in the background and the user
// allowed them (EnableNotifications; the browser is never asked on load).
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { progressStore, resourceKey, type Settlement } from "../_lib/progress-store";
import { useJobSettled } from "../_lib/use-progress";
import { EnableNotifications } from "./enable-notifications";

const TOAST_MS = 12_000;

interface Toast {
  id: string;
  outcome: Settlement["outcome"];
  title: string;
  href: string | null;
}

function linkOf({ job }: Settlement): string | null {
  const resource = job.resource;
  if (!resource) return null;
  if (resource.type === "b-roll") return resource.projectId ? `/projects/${encodeURIComponent(resource.projectId)}` : null;
  if (resource.type === "avatar") return `/library?tab=mine`;
  return "/admin";
}

export function ProgressHub() {
  const t = useTranslations("progress");
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = (id: string) => setToasts((list) => list.filter((toast) => toast.id !== id));

  useJobSettled((settlement) => {
    const resource = settlement.job.resource;
    if (!resource || progressStore.isWatched(resourceKey(resource.type, resource.id))) return;
    const what = t(`toast.kind.${resource.type}`);
    const title = t(settlement.outcome === "ready" ? "toast.ready" : "toast.failed", { what, name: resource.name ?? "" });
    const toast: Toast = { id: settlement.job.jobId, outcome: settlement.outcome, title, href: linkOf(settlement) };
    setToasts((list) => [...list.filter((item) => item.id !== toast.id), toast].slice(-4));
    setTimeout(() => dismiss(toast.id), TOAST_MS);
    if (typeof Notification !== "undefined" && Notification.permission === "granted" && document.visibilityState === "hidden") {
      const notification = new Notification(title, { tag: toast.id, body: settlement.outcome === "failed" ? (settlement.job.error ?? undefined) : undefined });
      notification.onclick = () => {
        window.focus();
        if (toast.href) window.location.assign(toast.href);
      };
    }
  });

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-end gap-2 sm:left-auto sm:right-4 sm:w-96">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="toast"
          className={`pointer-events-auto w-full rounded-xl border p-3 text-sm shadow-xl backdrop-blur ${toast.outcome === "ready" ? "border-emerald-500/40 bg-slate-900/95 text-slate-100" : "border-rose-500/50 bg-slate-900/95 text-rose-100"}`}
        >
          <div className="flex items-start gap-3">
            <span aria-hidden className={`mt-1 h-2 w-2 shrink-0 rounded-full ${toast.outcome === "ready" ? "bg-emerald-400" : "bg-rose-400"}`} />
            <div className="min-w-0 flex-1">
              <p className="break-words font-medium">{toast.title}</p>
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
                {toast.href ? (
                  <Link href={toast.href} className="text-xs font-semibold text-violet-300 hover:text-violet-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300" onClick={() => dismiss(toast.id)}>
                    {t("toast.open")}
                  </Link>
                ) : null}
                <EnableNotifications offerOnly />
              </div>
            </div>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              aria-label={t("toast.dismiss")}
              className="-m-1 rounded-lg p-1 text-slate-400 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
            >
              <svg viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
                <path d="M4 4l8 8M12 4l-8 8" />
              </svg>
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
