"use client";
// A modal dialog: role="dialog" + aria-modal, labelled by its title, Escape and the backdrop close it
// (unless busy), focus moves in on open, stays inside with Tab and goes back where it was on close.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { useTranslations } from "next-intl";
import { buttonClass } from "../_components/ui";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  title,
  description,
  onClose,
  busy = false,
  children,
  testId,
  wide = false,
}: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** While true (a request is running) Escape and the backdrop do not close it. */
  busy?: boolean;
  children: ReactNode;
  testId?: string;
  /** A dialog that shows media side by side (the takes compare view): as wide as the screen allows. */
  wide?: boolean;
}) {
  const t = useTranslations("assets.dialog");
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const close = useRef(onClose);
  const isBusy = useRef(busy);
  useEffect(() => {
    close.current = onClose;
    isBusy.current = busy;
  }, [onClose, busy]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = panel.current;
    const preferred = node?.querySelector<HTMLElement>("[data-autofocus]") ?? node?.querySelector<HTMLElement>(FOCUSABLE);
    (preferred ?? node)?.focus();
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        if (!isBusy.current) close.current();
        return;
      }
      if (event.key !== "Tab" || !node) return;
      const items = Array.from(node.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && (document.activeElement === first || !node.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => {
      document.removeEventListener("keydown", onKeyDown, true);
      document.body.style.overflow = overflow;
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return createPortal(
    <div className="fixed inset-0 z-50 flex items-end justify-center p-0 sm:items-center sm:p-4">
      <div className="absolute inset-0 bg-black/70 backdrop-blur-sm" aria-hidden onClick={() => (busy ? undefined : onClose())} />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        data-testid={testId}
        className={`relative w-full max-h-[calc(100dvh-1rem)] ${wide ? "max-w-6xl p-4 sm:p-6" : "max-w-md p-6"} overflow-y-auto rounded-t-2xl border border-slate-700 bg-slate-900 shadow-2xl shadow-black/50 outline-none sm:rounded-2xl`}
      >
        <h2 id={titleId} className="pr-8 text-lg font-semibold text-white">
          {title}
        </h2>
        {description ? (
          <div id={descriptionId} className="mt-2 text-sm text-slate-400">
            {description}
          </div>
        ) : null}
        <button
          type="button"
          onClick={onClose}
          disabled={busy}
          aria-label={t("close")}
          className="absolute right-3 top-3 rounded-lg p-1.5 text-slate-400 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:opacity-40"
        >
          <svg viewBox="0 0 20 20" className="h-4 w-4" aria-hidden fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
          </svg>
        </button>
        <div className="mt-5">{children}</div>
      </div>
    </div>,
    document.body,
  );
}

/**
 * A dialog's buttons: Cancel, then the action (`children`); on phones the action comes first, above
 * Cancel. `focusCancel` makes Cancel the first focus, for a dialog whose action cannot be undone.
 */
export function DialogActions({ onCancel, busy, focusCancel = false, className = "", children }: { onCancel: () => void; busy: boolean; focusCancel?: boolean; className?: string; children: ReactNode }) {
  const t = useTranslations("assets.dialog");
  return (
    <div className={`flex flex-col-reverse gap-2 sm:flex-row sm:justify-end ${className}`}>
      <button type="button" className={buttonClass.secondary} onClick={onCancel} disabled={busy} data-autofocus={focusCancel || undefined}>
        {t("cancel")}
      </button>
      {children}
    </div>
  );
}
