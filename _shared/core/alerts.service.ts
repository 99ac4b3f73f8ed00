import "server-only";
// Alerts (issue 8). PLACEHOLDER: implemented by the alerts work; the job telemetry calls these hooks.
import type { FinishedJob } from "./job-telemetry";

/** A job ended `failed` (terminal: no more retries). Must never throw. */
export async function onJobFailed(_job: FinishedJob): Promise<void> {}

/** A job ended `completed` or `failed`: re-evaluates its model's failure rate. Must never throw. */
export async function onJobFinished(_job: FinishedJob): Promise<void> {}

export interface AlertView {
  key: string;
  status: "firing" | "resolved";
  severity: string;
  title: string;
  message: string;
  occurrences: number;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

/** Alerts for the admin usage page: firing ones first, then the most recently resolved. */
export async function listAlerts(_p: { status?: "firing" | "resolved"; limit?: number } = {}): Promise<AlertView[]> {
  return [];
}
