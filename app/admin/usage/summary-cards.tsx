// The four figures at the top of the Usage page.
import type { ReactNode } from "react";
import { formatUsd } from "../../_lib/format";
import { formatPercent, type Metrics } from "./usage-view";

function Card({ label, value, note, tone, testId }: { label: string; value: ReactNode; note: ReactNode; tone?: "alert"; testId: string }) {
  return (
    <div className={`rounded-2xl border p-4 ${tone === "alert" ? "border-rose-500/50 bg-rose-500/10" : "border-slate-800 bg-slate-900/60"}`} data-testid={testId}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className={`mt-1 text-2xl font-bold tabular-nums sm:text-3xl ${tone === "alert" ? "text-rose-200" : "text-white"}`}>{value}</dd>
      <dd className="mt-1 text-xs text-slate-500">{note}</dd>
    </div>
  );
}

export function SummaryCards({ metrics }: { metrics: Metrics }) {
  const { totals, stuck } = metrics;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Summary">
      <Card label="Jobs" testId="card-jobs" value={totals.jobs} note={`${totals.completed} completed · ${totals.failed} failed · ${totals.inProgress} running`} />
      <Card label="Success rate" testId="card-success" value={formatPercent(totals.successRate)} note="of the finished jobs" tone={totals.successRate !== null && totals.successRate < 0.9 ? "alert" : undefined} />
      <Card label="Estimated spend" testId="card-spend" value={formatUsd(totals.estimatedSpendUsd)} note="jobs Fal accepted" />
      <Card label="Stuck jobs" testId="card-stuck" value={stuck.count} note={`running past ${stuck.deadlineMinutes} min, now`} tone={stuck.count ? "alert" : undefined} />
    </dl>
  );
}
