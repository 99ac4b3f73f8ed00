// Small pure helpers shared by the studio, library and admin pages (safe on server and client).
// The projects pages carry near-identical ones (app/projects/format.ts): they belong in app/_lib.

/** "0:07", "2:31": time between two instants. */
export function formatElapsed(fromMs: number, toMs: number): string {
  const total = Math.max(0, Math.floor((toMs - fromMs) / 1000));
  const m = Math.floor(total / 60);
  return `${m}:${String(total % 60).padStart(2, "0")}`;
}

/** "12.3 s", "2 min 05 s", or "—". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** "$0.27", or "$0.004" under a cent. */
export function formatUsd(amount: number | null): string {
  if (amount === null) return "—";
  return amount > 0 && amount < 0.01 ? `$${amount.toFixed(3)}` : `$${amount.toFixed(2)}`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** The CSS aspect ratio of a clip: from its size when known, else from a "9:16" format. */
export function aspectOf(width: number | null, height: number | null, format = "9:16"): string {
  if (width && height) return `${width} / ${height}`;
  const [w, h] = format.split(":");
  return `${w} / ${h}`;
}

export { issuesToFieldErrors, randomId } from "../_lib/forms";
