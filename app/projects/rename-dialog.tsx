"use client";
// Rename a project or a b-roll: validated with the API's own zod schema, the API's answer (e.g. 409
// duplicate name) shown under the field.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import { buttonClass } from "../_components/ui";
import { ApiClientError, errorMessage } from "../_lib/api-client";
import { Dialog, DialogActions } from "./dialog";
import { controlProps, Field, inputClass, issuesToFieldErrors } from "../_components/form";

export function RenameDialog({
  title,
  label,
  initialName,
  schema,
  onSave,
  onClose,
}: {
  title: string;
  label: string;
  initialName: string;
  schema: z.ZodType<{ name: string }>;
  /** Saves the new name; the caller closes the dialog on success. */
  onSave: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const t = useTranslations("assets.dialog");
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = "rename-name";
  return (
    <Dialog title={title} onClose={onClose} busy={pending} testId="rename-dialog">
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const parsed = schema.safeParse({ name });
          if (!parsed.success) {
            setError(issuesToFieldErrors(parsed.error.issues).name ?? parsed.error.issues[0]?.message ?? t("invalidName"));
            return;
          }
          if (parsed.data.name === initialName) return onClose();
          setPending(true);
          setError(null);
          try {
            await onSave(parsed.data.name);
          } catch (e) {
            setError(e instanceof ApiClientError ? (e.fieldErrors().name ?? e.message) : errorMessage(e));
            setPending(false);
          }
        }}
      >
        <Field id={inputId} label={label} error={error ?? undefined}>
          <input
            {...controlProps(inputId, error ?? undefined)}
            data-autofocus
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.target.value);
              setError(null); // the user is fixing it
            }}
            onFocus={(e) => e.currentTarget.select()}
            className={inputClass}
          />
        </Field>
        <DialogActions onCancel={onClose} busy={pending} className="mt-5">
          <button type="submit" className={buttonClass.primary} disabled={pending}>
            {pending ? t("saving") : t("saveName")}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
