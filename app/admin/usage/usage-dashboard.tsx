"use client";
// Admin usage (GET /api/admin/metrics): for the chosen period, what ran, how often it failed, how long
// it took and what it cost, as cards, charts and tables; then what is stuck now and the alerts. A
// period that ends now is re-read every minute.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { EmptyState, ErrorBox, Spinner, buttonClass } from "../../_components/ui";
import { api, errorMessage } from "../../_lib/api-client";
import { useResource } from "../../_lib/use-resource";
import { useFormat } from "../../_lib/use-format";
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
  const t = useTranslations("usage");
  const format = useFormat();
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
            {busy ? (
              <Spinner label={metrics ? t("updating") : t("loading")} />
            ) : metrics && loaded ? (
              t("periodUpdated", { period: formatPeriod(metrics.period, format.locale), time: loaded.at.toLocaleTimeString(format.locale === "fr" ? "fr-FR" : "en-US") })
            ) : null}
          </p>
          <button type="button" className={buttonClass.secondary} onClick={() => void refresh()} disabled={busy}>
            {t("refresh")}
          </button>
        </div>
      </div>

      {error ? <ErrorBox message={t("loadError", { error })} onRetry={() => void refresh()} /> : null}
      {!metrics && !error ? <Skeleton /> : null}
      {metrics ? (
        <div className={`space-y-8 transition-opacity ${stale ? "opacity-60" : ""}`} aria-busy={stale || busy} data-testid="usage" data-period={usage.dataKey ?? undefined}>
          <SummaryCards metrics={metrics} />
          {metrics.totals.jobs === 0 ? (
            <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
          ) : (
            <PeriodFigures metrics={metrics} />
          )}
          <Section title={t("stuckTitle")} note={metrics.stuck.count > metrics.stuck.jobs.length ? t("stuckOldest", { shown: metrics.stuck.jobs.length, count: metrics.stuck.count }) : t("stuckNow")}>
            <StuckTable stuck={metrics.stuck} />
          </Section>
          <Section title={t("alertsTitle")} note={t("alertsNote")}>
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
  const t = useTranslations("usage");
  const format = useFormat();
  const { locale } = format;
  const day = (d: string, withYear = false) => formatDay(d, withYear, locale);
  const days = metrics.spend.perDay;
  const busiest = days.reduce<Day | null>((best, day) => (!best || day.usd > best.usd ? day : best), null);
  const failed = days.reduce((sum, day) => sum + day.failed, 0);
  const slowest = [...metrics.durations].sort((a, b) => b.p95Ms - a.p95Ms);
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <DayBarChart
          title={t("charts.spendTitle")}
          testId="chart-spend"
          summary={
            busiest?.usd
              ? t("charts.spendSummaryBusiest", { total: format.usd(metrics.totals.estimatedSpendUsd), days: days.length, day: day(busiest.day), usd: format.usd(busiest.usd) })
              : t("charts.spendSummary", { total: format.usd(metrics.totals.estimatedSpendUsd), days: days.length })
          }
          days={days}
          series={[{ label: t("charts.spend"), fill: "fill-violet-500 group-hover:fill-violet-300", swatch: "bg-violet-500", value: (d) => d.usd }]}
          format={(value) => format.usd(value)}
          tooltip={(d) => t("charts.spendTooltip", { day: day(d.day, true), usd: format.usd(d.usd), jobs: d.jobs })}
        />
        <DayBarChart
          title={t("charts.jobsTitle")}
          testId="chart-jobs"
          summary={t("charts.jobsSummary", { jobs: metrics.totals.jobs, days: days.length, failed })}
          days={days}
          series={[
            { label: t("charts.completedOrRunning"), fill: "fill-slate-400 group-hover:fill-slate-200", swatch: "bg-slate-400", value: (d) => d.jobs - d.failed },
            { label: t("charts.failed"), fill: "fill-rose-500 group-hover:fill-rose-300", swatch: "bg-rose-500", value: (d) => d.failed },
          ]}
          format={(value) => format.number(Math.round(value))}
          tooltip={(d) => t("charts.jobsTooltip", { day: day(d.day, true), jobs: d.jobs, failed: d.failed })}
        />
      </div>
      <HorizontalBarChart
        title={t("charts.p95Title")}
        testId="chart-p95"
        summary={
          slowest.length
            ? t("charts.p95Summary", { model: slowest[0].resolution ? `${slowest[0].model} (${slowest[0].resolution})` : slowest[0].model, p95: format.duration(slowest[0].p95Ms) })
            : t("charts.p95None")
        }
        empty={t("charts.p95None")}
        bars={slowest.map((row) => ({
          key: `${row.model} ${row.resolution ?? ""}`,
          label: shortModel(row.model),
          sublabel: row.resolution ?? undefined,
          value: row.p95Ms,
          display: format.duration(row.p95Ms),
          tooltip: t("charts.p95Tooltip", { model: `${row.model}${row.resolution ? ` · ${row.resolution}` : ""}`, p95: format.duration(row.p95Ms), p50: format.duration(row.p50Ms), count: row.count }),
        }))}
      />
      <Section title={t("perModel")} note={t("perModelNote", { rate: formatPercent(metrics.totals.successRate, locale) })}>
        <ModelTable metrics={metrics} />
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={t("perUser")} note={t("top50")}>
          <UserTable metrics={metrics} />
        </Section>
        <Section title={t("perProject")} note={t("top50")}>
          <ProjectTable metrics={metrics} />
        </Section>
      </div>
      <details className="rounded-2xl border border-slate-800 p-3 text-sm">
        <summary className="cursor-pointer text-slate-300">{t("daily.summary")}</summary>
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label={t("daily.caption")}>
          <table className="w-full min-w-[360px] text-left text-sm">
            <caption className="sr-only">{t("daily.caption")}</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">{t("daily.day")}</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">{t("daily.jobs")}</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">{t("daily.failed")}</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">{t("daily.spend")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-800 tabular-nums">
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="px-2 py-1 font-normal text-slate-300">{day(d.day, true)}</th>
                  <td className="px-2 py-1 text-right">{format.number(d.jobs)}</td>
                  <td className="px-2 py-1 text-right">{format.number(d.failed)}</td>
                  <td className="px-2 py-1 text-right">{format.usd(d.usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
