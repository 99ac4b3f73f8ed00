"use client";
// The four figures at the top of the Usage page.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useFormat } from "../../_lib/use-format";
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
  const t = useTranslations("usage.cards");
  const format = useFormat();
  const { totals, stuck } = metrics;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label={t("label")}>
      <Card label={t("jobs")} testId="card-jobs" value={format.number(totals.jobs)} note={t("jobsNote", { completed: totals.completed, failed: totals.failed, running: totals.inProgress })} />
      <Card label={t("success")} testId="card-success" value={formatPercent(totals.successRate, format.locale)} note={t("successNote")} tone={totals.successRate !== null && totals.successRate < 0.9 ? "alert" : undefined} />
      <Card label={t("spend")} testId="card-spend" value={format.usd(totals.estimatedSpendUsd)} note={t("spendNote")} />
      <Card label={t("stuck")} testId="card-stuck" value={format.number(stuck.count)} note={t("stuckNote", { minutes: stuck.deadlineMinutes })} tone={stuck.count ? "alert" : undefined} />
    </dl>
  );
}
