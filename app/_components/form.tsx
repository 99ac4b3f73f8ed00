// The form kit of every page: the input look, a labelled field with its hint or error wired for
// screen readers, an error line for controls that are not single inputs, a search box, the options
// of a select, the price tag of a spending button, and zod issues turned into field errors
// (server-safe: no hooks).
import { useTranslations } from "next-intl";
import type { InputHTMLAttributes, ReactNode } from "react";
import { sentence } from "../_lib/format";

/**
 * Text inputs, textareas and selects; an invalid one (aria-invalid, see controlProps) has a red border.
 * Focused, they get the global focus ring (globals.css) and a violet border.
 */
export const inputClass =
  "w-full rounded-xl border border-slate-700 bg-slate-900 px-3 py-2 text-sm text-slate-100 placeholder:text-slate-400 focus:border-violet-400 aria-[invalid=true]:border-rose-500";

/**
 * zod issues -> { field: first message }, keyed like the API's error details (`path.join(".")`).
 * The schemas' messages start with the field name ("name must not be empty"): they become sentences,
 * like every error the pages show.
 */
export function issuesToFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= sentence(issue.message);
  }
  return errors;
}

/**
 * Props for the control inside a Field: links it to its label, and to its error or else its hint
 * (pass any truthy `hint` when the Field has one), plus `also` (another describing element's id).
 */
export function controlProps(id: string, error?: string, hint?: string, also?: string) {
  const describedBy = [error ? `${id}-error` : hint ? `${id}-hint` : null, also].filter(Boolean).join(" ") || undefined;
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
}

/** The error line of control `id` (its element id is `${id}-error`, as controlProps expects). */
export function FieldError({ id, error, className = "" }: { id: string; error?: string | null; className?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className={`mt-1 text-xs text-rose-300 ${className}`}>
      {sentence(error)}
    </p>
  );
}

export function Field({
  id,
  label,
  error,
  hint,
  aside,
  srOnlyLabel = false,
  children,
  className = "",
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** Shown at the end of the error/hint line (e.g. a character count). */
  aside?: ReactNode;
  srOnlyLabel?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const note = error ? (
    <FieldError id={id} error={error} />
  ) : hint ? (
    <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
      {hint}
    </p>
  ) : null;
  return (
    <div className={className || undefined}>
      <label htmlFor={id} className={srOnlyLabel ? "sr-only" : "mb-1 block text-sm font-medium text-slate-300"}>
        {label}
      </label>
      {children}
      {aside ? (
        <div className="mt-1 flex justify-between gap-2">
          {note ?? <span />}
          {aside}
        </div>
      ) : (
        note
      )}
    </div>
  );
}

/** A labelled search box; `onChange` gets the text. Browsers' autofill is off: it only hides the results. */
export function SearchField({
  id,
  label,
  value,
  onChange,
  srOnlyLabel,
  className,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  srOnlyLabel?: boolean;
  className?: string;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "placeholder" | "maxLength">) {
  return (
    <Field id={id} label={label} srOnlyLabel={srOnlyLabel} className={className}>
      <input id={id} type="search" value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} autoComplete="off" {...input} />
    </Field>
  );
}

/** One choice of a select: a plain value is shown as it is. */
export type Choice = string | number | { value: string | number; label: string };

/** The <option>s of a select, one per choice. */
export function Options({ choices }: { choices: readonly Choice[] }) {
  return choices.map((choice) => {
    const { value, label } = typeof choice === "object" ? choice : { value: choice, label: String(choice) };
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}

/**
 * The estimated price shown inside a submit button. It stays out of the button's name ("Generate"),
 * and is read as its description: give the button `aria-describedby={id}`.
 */
export function PriceTag({ id, label }: { id: string; label: string }) {
  const t = useTranslations("common");
  return (
    <>
      <span aria-hidden="true" data-testid={id} className="rounded-full bg-black/25 px-2 py-0.5 text-xs font-medium tabular-nums">
        {label}
      </span>
      <span id={id} hidden>
        {t("estimatedPrice", { price: label })}
      </span>
    </>
  );
}
