// A labelled form field with its hint or error, wired for screen readers (server-safe: no hooks).
import type { ReactNode } from "react";

/** API messages start with the field name ("name must not be empty"): shown as a sentence. */
export const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Props for the control inside a Field: links it to its label, hint and error. */
export function controlProps(id: string, error?: string, hint?: string) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
}

export function Field({ id, label, error, hint, children, className = "" }: { id: string; label: ReactNode; error?: string; hint?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-300">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-300">
          {sentence(error)}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A text shown while something loads, in a box of fixed size: nothing moves when it is replaced. */
export function Skeleton({ className = "", label }: { className?: string; label?: string }) {
  return (
    <div className={`animate-pulse rounded-xl bg-slate-800/80 ${className}`} aria-hidden={label ? undefined : true}>
      {label ? <span className="sr-only">{label}</span> : null}
    </div>
  );
}

/**
 * The estimated price shown inside a submit button. It stays out of the button's name ("Generate"),
 * and is read as its description: give the button `aria-describedby={id}`.
 */
export function PriceTag({ id, label }: { id: string; label: string }) {
  return (
    <>
      <span aria-hidden="true" data-testid={id} className="rounded-full bg-black/25 px-2 py-0.5 text-xs font-medium tabular-nums">
        {label}
      </span>
      <span id={id} hidden>
        Estimated price: {label}
      </span>
    </>
  );
}
