"use client";
// Admin usage (GET /api/admin/metrics): for the chosen period, what ran, how often it failed, how long
// it took and what it cost, as cards, charts and tables; then what is stuck now and the alerts. A
// period that ends now is re-read every minute.
import { useState } from "react";
import { EmptyState, ErrorBox, Spinner, buttonClass } from "../../_components/ui";
import { api, errorMessage } from "../../_lib/api-client";
import { useResource } from "../../_lib/use-resource";
import { formatDuration, formatUsd } from "../../_lib/format";
import { DayBarChart, HorizontalBarChart } from "./charts";
import { daysOf, metricsQuery, periodSearch, type PeriodChoice } from "./period";
import { PeriodPicker } from "./period-picker";
import { SummaryCards } from "./summary-cards";
import { AlertTable, ModelTable, ProjectTable, Section, StuckTable, UserTable } from "./tables";
import { formatDay, formatPercent, formatPeriod, shortModel, type Metrics } from "./usage-view";

type Day = Metrics["spend"]["perDay"][number];

async function fetchMetrics(choice: PeriodChoice, signal: AbortSignal) {
  return { metrics: await api<Metrics>(`/api/admin/metrics?${metricsQuery(choice)}`, { signal }), at: new Date() };
}

export function UsageDashboard({ initial }: { initial: PeriodChoice }) {
  const [choice, setChoice] = useState(initial);
  const key = periodSearch(choice);
  const usage = useResource(key, (signal) => fetchMetrics(choice, signal), { pollMs: 60_000, pollWhile: () => choice.preset !== "custom" });
  const loaded = usage.latest ?? null;
  const error = usage.error ? errorMessage(usage.error) : null;
  const busy = usage.loading;
  const refresh = usage.refetch;

  const change = (next: PeriodChoice) => {
    setChoice(next);
    // The choice stays in the address (reload, share) without a server round trip.
    window.history.replaceState(null, "", `?${periodSearch(next)}`);
  };

  const metrics = loaded?.metrics ?? null;
  const stale = loaded !== null && usage.stale;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PeriodPicker choice={choice} shown={metrics ? daysOf(metrics.period) : null} onChange={change} />
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-400" aria-live="polite" data-testid="usage-period">
            {busy ? <Spinner label={metrics ? "Updating" : "Loading usage"} /> : metrics ? `${formatPeriod(metrics.period)} · updated ${loaded?.at.toLocaleTimeString("en-US")}` : null}
          </p>
          <button type="button" className={buttonClass.secondary} onClick={() => void refresh()} disabled={busy}>
            Refresh
          </button>
        </div>
      </div>

      {error ? <ErrorBox message={`Could not load the usage figures: ${error}`} onRetry={() => void refresh()} /> : null}
      {!metrics && !error ? <Skeleton /> : null}
      {metrics ? (
        <div className={`space-y-8 transition-opacity ${stale ? "opacity-60" : ""}`} aria-busy={stale || busy} data-testid="usage" data-period={usage.dataKey ?? undefined}>
          <SummaryCards metrics={metrics} />
          {metrics.totals.jobs === 0 ? (
            <EmptyState title="No generations in this period">Pick a longer period, or come back once someone has generated a picture or a clip.</EmptyState>
          ) : (
            <PeriodFigures metrics={metrics} />
          )}
          <Section title="Stuck jobs" note={metrics.stuck.count > metrics.stuck.jobs.length ? `the ${metrics.stuck.jobs.length} oldest of ${metrics.stuck.count}, now` : "now, whatever the period"}>
            <StuckTable stuck={metrics.stuck} />
          </Section>
          <Section title="Alerts" note="firing first">
            <AlertTable alerts={metrics.alerts} />
          </Section>
        </div>
      ) : null}
    </div>
  );
}

function Skeleton() {
  return (
    <div aria-hidden className="space-y-6">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-28 animate-pulse rounded-2xl border border-slate-800 bg-slate-900/60" />
        ))}
      </div>
      <div className="h-56 animate-pulse rounded-2xl border border-slate-800 bg-slate-900/60" />
    </div>
  );
}

/** The charts and tables of the period (shown when it has jobs). */
function PeriodFigures({ metrics }: { metrics: Metrics }) {
  const days = metrics.spend.perDay;
  const busiest = days.reduce<Day | null>((best, day) => (!best || day.usd > best.usd ? day : best), null);
  const failed = days.reduce((sum, day) => sum + day.failed, 0);
  const slowest = [...metrics.durations].sort((a, b) => b.p95Ms - a.p95Ms);
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <DayBarChart
          title="Estimated spend per day"
          testId="chart-spend"
          summary={`${formatUsd(metrics.totals.estimatedSpendUsd)} over ${days.length} days${busiest?.usd ? `; most on ${formatDay(busiest.day)} (${formatUsd(busiest.usd)})` : ""}.`}
          days={days}
          series={[{ label: "Spend", fill: "fill-violet-500 group-hover:fill-violet-300", swatch: "bg-violet-500", value: (day) => day.usd }]}
          format={(value) => formatUsd(value)}
          tooltip={(day) => `${formatDay(day.day, true)}: ${formatUsd(day.usd)} (${day.jobs} ${day.jobs === 1 ? "job" : "jobs"})`}
        />
        <DayBarChart
          title="Jobs and failures per day"
          testId="chart-jobs"
          summary={`${metrics.totals.jobs} jobs over ${days.length} days, ${failed} failed.`}
          days={days}
          series={[
            { label: "Completed or running", fill: "fill-slate-400 group-hover:fill-slate-200", swatch: "bg-slate-400", value: (day) => day.jobs - day.failed },
            { label: "Failed", fill: "fill-rose-500 group-hover:fill-rose-300", swatch: "bg-rose-500", value: (day) => day.failed },
          ]}
          format={(value) => String(Math.round(value))}
          tooltip={(day) => `${formatDay(day.day, true)}: ${day.jobs} ${day.jobs === 1 ? "job" : "jobs"}, ${day.failed} failed`}
        />
      </div>
      <HorizontalBarChart
        title="p95 generation time per model"
        testId="chart-p95"
        summary={slowest.length ? `Slowest: ${slowest[0].model}${slowest[0].resolution ? ` at ${slowest[0].resolution}` : ""}, p95 ${formatDuration(slowest[0].p95Ms)}.` : "No completed job in this period."}
        empty="No job completed in this period."
        bars={slowest.map((row) => ({
          key: `${row.model} ${row.resolution ?? ""}`,
          label: shortModel(row.model),
          sublabel: row.resolution ?? undefined,
          value: row.p95Ms,
          display: formatDuration(row.p95Ms),
          tooltip: `${row.model}${row.resolution ? ` · ${row.resolution}` : ""}: p95 ${formatDuration(row.p95Ms)}, p50 ${formatDuration(row.p50Ms)} (${row.count} completed)`,
        }))}
      />
      <Section title="Per model" note={`success rate ${formatPercent(metrics.totals.successRate)} overall; times from request to finished media`}>
        <ModelTable metrics={metrics} />
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Per user" note="top 50 by spend">
          <UserTable metrics={metrics} />
        </Section>
        <Section title="Per project" note="top 50 by spend">
          <ProjectTable metrics={metrics} />
        </Section>
      </div>
      <details className="rounded-2xl border border-slate-800 p-3 text-sm">
        <summary className="cursor-pointer text-slate-300">Daily figures as a table</summary>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[360px] text-left text-sm">
            <caption className="sr-only">Jobs, failures and estimated spend per UTC day</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">Day</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Jobs</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Failed</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Spend</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-800 tabular-nums">
              {days.map((day) => (
                <tr key={day.day}>
                  <th scope="row" className="px-2 py-1 font-normal text-slate-300">{formatDay(day.day, true)}</th>
                  <td className="px-2 py-1 text-right">{day.jobs}</td>
                  <td className="px-2 py-1 text-right">{day.failed}</td>
                  <td className="px-2 py-1 text-right">{formatUsd(day.usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
