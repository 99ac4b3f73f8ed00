// Small pure formatting helpers shared by every page (safe on server and client). Dates, prices and
// numbers follow the page's language ("Nov 27, 2026" / "27 nov. 2026", "$18.70" / "18,70 $US"):
// server components pass getLocale(), client components use useFormat() from ./use-format.
import type { Locale } from "@/i18n/locales";

const TAGS: Record<Locale, string> = { en: "en-US", fr: "fr-FR" };

/** An error message as shown: a sentence ("name must not be empty" -> "Name must not be empty"). */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A text as searches in the page compare it: lower case, accents removed ("Inès" -> "ines"). */
export function searchable(text: string): string {
  return text.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
}

export function formatDate(iso: string, locale: Locale = "en", timeZone?: string): string {
  return new Date(iso).toLocaleDateString(TAGS[locale], { month: "short", day: "numeric", year: "numeric", timeZone });
}

export function formatDateTime(iso: string, locale: Locale = "en", timeZone?: string): string {
  return new Date(iso).toLocaleString(TAGS[locale], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone });
}

/** "1,234" / "1 234". */
export function formatNumber(value: number, locale: Locale = "en"): string {
  return value.toLocaleString(TAGS[locale]);
}

/** "0:07", "2:31", "1:04:09": time between two instants. */
export function formatElapsed(fromMs: number, toMs: number): string {
  const total = Math.max(0, Math.floor((toMs - fromMs) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "12.3 s", "2 min 05 s" ("12,3 s" in French), or "—". */
export function formatDuration(ms: number | null, locale: Locale = "en"): string {
  if (ms === null) return "—";
  if (ms < 60_000) return `${(ms / 1000).toLocaleString(TAGS[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** "$0.27", "$0.004" under a cent ("0,27 $US" in French), or "—". */
export function formatUsd(amount: number | null, locale: Locale = "en"): string {
  if (amount === null) return "—";
  const digits = amount > 0 && amount < 0.01 ? 3 : 2;
  return amount.toLocaleString(TAGS[locale], { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits });
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
