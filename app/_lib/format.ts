// Small pure formatting helpers shared by every page (safe on server and client).

/** An error message as shown: a sentence ("name must not be empty" -> "Name must not be empty"). */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A text as searches in the page compare it: lower case, accents removed ("Inès" -> "ines"). */
export function searchable(text: string): string {
  return text.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "0:07", "2:31", "1:04:09": time between two instants. */
export function formatElapsed(fromMs: number, toMs: number): string {
  const total = Math.max(0, Math.floor((toMs - fromMs) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "12.3 s", "2 min 05 s", or "—". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** "$0.27", "$0.004" under a cent, or "—". */
export function formatUsd(amount: number | null): string {
  if (amount === null) return "—";
  return amount > 0 && amount < 0.01 ? `$${amount.toFixed(3)}` : `$${amount.toFixed(2)}`;
}

/** A file name for a download: "Coffee pour close-up" -> "coffee-pour-close-up.mp4". */
export function fileName(name: string, ext: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${base || "b-roll"}.${ext}`;
}

/** The CSS aspect ratio of a clip: from its size when known, else from a "9:16" format. */
export function aspectOf(width: number | null, height: number | null, format = "9:16"): string {
  if (width && height) return `${width} / ${height}`;
  const [w, h] = format.split(":");
  return `${w} / ${h}`;
}
