"use client";
// A modal built on the native <dialog> (showModal): the page behind is inert, Tab stays inside,
// Escape closes, and focus goes back to what opened it. `sheet` slides it up from the bottom of a
// phone's screen. The library's own, so its dialogs need nothing from other pages.
import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";

export function ModalDialog({
  open,
  onClose,
  title,
  sheet = false,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  sheet?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const t = useTranslations("library.dialog");
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  const place = sheet
    ? "m-0 mt-auto w-full max-w-none rounded-t-2xl rounded-b-none border-x-0 border-b-0 max-h-[85dvh]"
    : "m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl max-h-[85dvh]";
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${testId ?? "dialog"}-title`}
      data-testid={testId}
      onClose={() => {
        onClose();
        if (opener.current instanceof HTMLElement) opener.current.focus();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) ref.current?.close();
      }}
      className={`${place} border border-slate-700 bg-slate-900 p-0 text-slate-100 shadow-2xl backdrop:bg-black/60`}
    >
      <div className="flex max-h-[inherit] flex-col">
        <div className="flex items-center justify-between gap-3 border-b border-slate-800 px-4 py-3">
          <h2 id={`${testId ?? "dialog"}-title`} className="text-base font-semibold text-white">
            {title}
          </h2>
          <button
            type="button"
            onClick={() => ref.current?.close()}
            aria-label={t("close")}
            className="flex h-8 w-8 items-center justify-center rounded-lg text-slate-400 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
          >
            <span aria-hidden>✕</span>
          </button>
        </div>
        <div className="min-h-0 overflow-y-auto px-4 py-4">{children}</div>
      </div>
    </dialog>
  );
}
