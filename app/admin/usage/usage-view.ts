// What the Usage page derives from GET /api/admin/metrics for display (pure: safe on server and client).
import type { AdminMetricsResponse } from "@/_shared/schemas/admin-metrics";
import type { Locale } from "@/i18n/locales";

export type Metrics = AdminMetricsResponse;

/** "72.7%" / "72,7 %", or "—" when nothing finished. */
export function formatPercent(rate: number | null, locale: Locale = "en"): string {
  if (rate === null) return "—";
  const digits = rate === 1 || rate === 0 ? 0 : 1;
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rate);
}

/** "Jan 3" / "3 janv." for a UTC day ("2025-01-03"); with the year when asked. */
export function formatDay(day: string, withYear = false, locale: Locale = "en"): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale === "fr" ? "fr-FR" : "en-US", { month: "short", day: "numeric", timeZone: "UTC", ...(withYear ? { year: "numeric" } : {}) });
}

/** "Jan 3 – Jan 9, 2025": the UTC days a [from, to) period covers. */
export function formatPeriod(period: { from: string; to: string }, locale: Locale = "en"): string {
  const first = period.from.slice(0, 10);
  const last = new Date(Date.parse(period.to) - 1).toISOString().slice(0, 10);
  return first === last ? formatDay(first, true, locale) : `${formatDay(first, first.slice(0, 4) !== last.slice(0, 4), locale)} – ${formatDay(last, true, locale)}`;
}

/** "45 min", "3 h 20 min", "12 d 4 h" ("12 j 4 h" in French). */
export function formatMinutes(minutes: number, locale: Locale = "en"): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} ${locale === "fr" ? "j" : "d"} ${Math.floor((minutes % 1440) / 60)} h`;
}

/** A model id without the "fal-ai/" prefix every one of them carries (charts have little room). */
export const shortModel = (model: string) => model.replace(/^fal-ai\//, "");

export interface ModelRow {
  model: string;
  jobs: number;
  completed: number;
  failed: number;
  rate: number | null;
  usd: number;
  /** p50/p95 per resolution (one entry, resolution null, for image models). */
  durations: Metrics["durations"];
}

/** One row per model: its jobs, success rate over its kinds, spend and generation times. */
export function modelRows(metrics: Metrics): ModelRow[] {
  return metrics.jobs.byModel.map(({ model, count }) => {
    const outcomes = metrics.successRate.filter((row) => row.model === model);
    const completed = outcomes.reduce((sum, row) => sum + row.completed, 0);
    const failed = outcomes.reduce((sum, row) => sum + row.failed, 0);
    return {
      model,
      jobs: count,
      completed,
      failed,
      rate: completed + failed ? completed / (completed + failed) : null,
      usd: metrics.spend.perModel.find((row) => row.model === model)?.usd ?? 0,
      durations: metrics.durations.filter((row) => row.model === model),
    };
  });
}
