// The period the Usage page shows, as chosen in its picker and kept in its URL: a preset ("the last
// 7 UTC days, today included") or custom UTC days (both included). Pure: safe on server and client.
import { MAX_PERIOD_DAYS } from "@/_shared/schemas/admin-metrics";

export { MAX_PERIOD_DAYS };

export const PRESETS = ["7", "30", "90"] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodChoice = { preset: Preset } | { preset: "custom"; from: string; to: string };

const DAY_MS = 24 * 3600 * 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
const isDay = (value: unknown): value is string => typeof value === "string" && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** The choice in the page's search parameters (?range=7, or ?from=2025-01-01&to=2025-01-31); default 30 days. */
export function parsePeriodChoice(params: Record<string, string | string[] | undefined>): PeriodChoice {
  const { range, from, to } = params;
  if (isDay(from) && isDay(to) && !customPeriodError(from, to)) return { preset: "custom", from, to };
  return { preset: PRESETS.find((preset) => preset === range) ?? "30" };
}

/** The page's search parameters for a choice. */
export function periodSearch(choice: PeriodChoice): string {
  return new URLSearchParams(choice.preset === "custom" ? { from: choice.from, to: choice.to } : { range: choice.preset }).toString();
}

/** The API's query: a preset runs from midnight UTC, n-1 days ago, to now; custom days end the day after `to`. */
export function metricsQuery(choice: PeriodChoice, now = new Date()): string {
  if (choice.preset === "custom") return new URLSearchParams({ from: choice.from, to: addDays(choice.to, 1) }).toString();
  return new URLSearchParams({ from: addDays(dayOf(now), 1 - Number(choice.preset)) }).toString();
}

/** Why custom days cannot be asked for (a message key of the `usage.period` messages), or null. */
export type PeriodProblem = "pickFirst" | "pickLast" | "reversed" | "tooLong";
export function customPeriodError(from: string, to: string): PeriodProblem | null {
  if (!isDay(from)) return "pickFirst";
  if (!isDay(to)) return "pickLast";
  if (from > to) return "reversed";
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1 > MAX_PERIOD_DAYS) return "tooLong";
  return null;
}

/** The custom days matching a period the API answered ([from, to) instants). */
export function daysOf(period: { from: string; to: string }): { from: string; to: string } {
  return { from: dayOf(new Date(period.from)), to: dayOf(new Date(Date.parse(period.to) - 1)) };
}
