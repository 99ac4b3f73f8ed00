"use client";
// "Are you sure?" for destructive actions: says what will happen, needs a click on a clearly
// labelled button, shows the API error in place if the action fails.
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { buttonClass, ErrorBox } from "../_components/ui";
import { errorMessage } from "../_lib/api-client";
import { Dialog, DialogActions } from "./dialog";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  /** Runs the action; the caller closes the dialog on success. A thrown error is shown here. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  testId?: string;
}) {
  const t = useTranslations("assets.dialog");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={title} description={children} onClose={onClose} busy={pending} testId={testId}>
      <ErrorBox message={error} className="mb-4" />
      <DialogActions onCancel={onClose} busy={pending} focusCancel>
        <button
          type="button"
          className={`${buttonClass.danger} focus-visible:outline focus-visible:outline-2 focus-visible:outline-rose-300`}
          disabled={pending}
          onClick={async () => {
            setPending(true);
            setError(null);
            try {
              await onConfirm();
            } catch (e) {
              setError(errorMessage(e));
              setPending(false);
            }
          }}
        >
          {pending ? (pendingLabel ?? t("deleting")) : confirmLabel}
        </button>
      </DialogActions>
    </Dialog>
  );
}
