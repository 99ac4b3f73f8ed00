// Small client helpers shared by the forms of every page.

/** A random id for a session or an idempotency key (crypto.randomUUID needs a secure context). */
export function randomId(): string {
  return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" && (typeof window === "undefined" || window.isSecureContext)
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** zod issues -> { field: first message }, keyed like the API's error details (`path.join(".")`). */
export function issuesToFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}
