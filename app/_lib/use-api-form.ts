"use client";
// What a form that sends to the API keeps: the field errors (from the API's own zod schema before
// anything is sent, from a 400's details after; a field's error goes when the field changes), the
// failure shown under the form, and whether a request is running.
import { useCallback, useState } from "react";
import { ApiClientError, errorMessage } from "./api-client";
import { issuesToFieldErrors } from "../_components/form";

/** A zod `safeParse` result. */
type Checked<T> = { success: true; data: T } | { success: false; error: { issues: Parameters<typeof issuesToFieldErrors>[0] } };

export function useApiForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Drops a field's error: call it when the field changes (the user is fixing it). */
  const clearError = useCallback((field: string) => setErrors((found) => withoutError(found, field)), []);

  /**
   * Runs one request: a 400's field details are added to the field errors, and any error's message
   * becomes the failure (`describe` may add what to do about it).
   */
  async function send(request: () => Promise<void>, describe: (error: unknown) => string = errorMessage) {
    setBusy(true);
    setFailure(null);
    try {
      await request();
    } catch (error) {
      if (error instanceof ApiClientError && error.status === 400) setErrors((found) => ({ ...found, ...error.fieldErrors() }));
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  }

  /** Sends the checked body; or, when the check failed, only shows its field errors. */
  async function submit<T>(checked: Checked<T>, request: (body: T) => Promise<void>, describe?: (error: unknown) => string) {
    if (!checked.success) return setErrors(issuesToFieldErrors(checked.error.issues));
    setErrors({});
    await send(() => request(checked.data), describe);
  }

  return { errors, setErrors, clearError, failure, setFailure, busy, send, submit };
}

/** `errors` without `field`'s (the same object when it has none, so nothing re-renders). */
export function withoutError(errors: Record<string, string>, field: string): Record<string, string> {
  if (!(field in errors)) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([key]) => key !== field));
}
