// Small client helpers shared by the forms of every page.

/** A random id for a session or an idempotency key (crypto.randomUUID needs a secure context). */
export function randomId(): string {
  return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" && (typeof window === "undefined" || window.isSecureContext)
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
