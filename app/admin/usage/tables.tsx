"use client";
// The Usage page's tables: per model, per user, per project, stuck jobs and alerts.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DataTable, type Column } from "../../_components/data-table";
import { useFormat } from "../../_lib/use-format";
import { formatMinutes, formatPercent, modelRows, type Metrics } from "./usage-view";

/** A titled block; `note` says what the figures cover. */
export function Section({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  const id = `usage-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold uppercase tracking-wide text-slate-400">
          {title}
        </h2>
        {note ? <p className="text-xs text-slate-500">{note}</p> : null}
      </div>
      {children}
    </section>
  );
}

const None = ({ children }: { children: ReactNode }) => <p className="rounded-2xl border border-dashed border-slate-800 p-4 text-center text-sm text-slate-500">{children}</p>;
const Muted = ({ children }: { children: ReactNode }) => <span className="text-slate-500">{children}</span>;

export function ModelTable({ metrics }: { metrics: Metrics }) {
  const t = useTranslations("usage.tables");
  const format = useFormat();
  return (
    <DataTable
      caption={t("modelCaption")}
      testId="model-table"
      minWidth="min-w-[720px]"
      rows={modelRows(metrics)}
      rowKey={(row) => row.model}
      columns={[
        { header: t("model"), cell: (row) => <span className="break-all font-mono text-xs text-slate-200">{row.model}</span> },
        { header: t("jobs"), numeric: true, cell: (row) => format.number(row.jobs) },
        {
          header: t("success"),
          numeric: true,
          cell: (row) => (
            <span title={t("outcomes", { completed: row.completed, failed: row.failed })} className={row.rate !== null && row.rate < 0.9 ? "text-rose-300" : undefined}>
              {formatPercent(row.rate, format.locale)}
            </span>
          ),
        },
        { header: "p50", numeric: true, cell: (row) => <Timings row={row.durations} pick="p50Ms" /> },
        { header: "p95", numeric: true, cell: (row) => <Timings row={row.durations} pick="p95Ms" /> },
        { header: t("spend"), numeric: true, cell: (row) => format.usd(row.usd) },
      ]}
    />
  );
}

/** A model's times, one line per resolution ("720p 48.0 s"). */
function Timings({ row, pick }: { row: Metrics["durations"]; pick: "p50Ms" | "p95Ms" }) {
  const t = useTranslations("usage.tables");
  const format = useFormat();
  if (!row.length) return <Muted>—</Muted>;
  return (
    <ul>
      {row.map((timing) => (
        <li key={timing.resolution ?? "-"} title={t("completed", { count: timing.count })}>
          {timing.resolution ? <span className="mr-1.5 text-xs text-slate-500">{timing.resolution}</span> : null}
          {format.duration(timing[pick])}
        </li>
      ))}
    </ul>
  );
}

type Spender = { id: string; jobs: number; usd: number };

/** Spend per user or per project: who (one or two columns), then their jobs and estimated spend. */
function SpendTable<T extends Spender>({ per, rows, minWidth, who }: { per: "user" | "project"; rows: T[]; minWidth: string; who: Column<T>[] }) {
  const t = useTranslations("usage.tables");
  const format = useFormat();
  if (!rows.length) return <None>{per === "user" ? t("noUser") : t("noProject")}</None>;
  return (
    <DataTable
      caption={per === "user" ? t("userCaption") : t("projectCaption")}
      testId={`${per}-table`}
      minWidth={minWidth}
      rows={rows}
      rowKey={(row) => row.id}
      columns={[...who, { header: t("jobs"), numeric: true, cell: (row) => format.number(row.jobs) }, { header: t("spend"), numeric: true, cell: (row) => format.usd(row.usd) }]}
    />
  );
}

export function UserTable({ metrics }: { metrics: Metrics }) {
  const t = useTranslations("usage.tables");
  const user: Column<Metrics["spend"]["perUser"][number]> = {
    header: t("user"),
    cell: (row) => (
      <>
        <span className="text-slate-200">{row.email}</span>
        {row.name ? <span className="block text-xs text-slate-500">{row.name}</span> : null}
      </>
    ),
  };
  return <SpendTable per="user" rows={metrics.spend.perUser} minWidth="min-w-[480px]" who={[user]} />;
}

export function ProjectTable({ metrics }: { metrics: Metrics }) {
  const t = useTranslations("usage.tables");
  return (
    <SpendTable
      per="project"
      rows={metrics.spend.perProject}
      minWidth="min-w-[520px]"
      who={[
        { header: t("project"), cell: (row) => <span className="text-slate-200">{row.name}</span> },
        { header: t("owner"), cell: (row) => row.ownerEmail },
      ]}
    />
  );
}

export function StuckTable({ stuck }: { stuck: Metrics["stuck"] }) {
  const t = useTranslations("usage.tables");
  const format = useFormat();
  if (!stuck.count) return <None>{t("noStuck", { minutes: stuck.deadlineMinutes })}</None>;
  return (
    <DataTable
      caption={t("stuckCaption")}
      testId="stuck-table"
      minWidth="min-w-[760px]"
      rows={stuck.jobs}
      rowKey={(row) => row.id}
      columns={[
        { header: t("job"), cell: (row) => <span className="font-mono text-xs">{row.id}</span> },
        {
          header: t("kind"),
          cell: (row) => (
            <>
              <span className="text-slate-200">{row.kind}</span>
              <span className="block break-all font-mono text-xs text-slate-500">{row.model}</span>
            </>
          ),
        },
        { header: t("status"), cell: (row) => row.status },
        { header: t("created"), cell: (row) => <span className="whitespace-nowrap">{format.dateTime(row.createdAt)}</span> },
        { header: t("overdue"), numeric: true, cell: (row) => <span className="text-rose-300">{formatMinutes(row.minutesOverdue, format.locale)}</span> },
        { header: t("user"), cell: (row) => row.userEmail ?? <Muted>{t("library")}</Muted> },
        { header: t("for"), cell: (row) => (row.bRollId ? t("forBRoll", { id: row.bRollId }) : row.avatarId ? t("forAvatar", { id: row.avatarId }) : <Muted>—</Muted>) },
      ]}
    />
  );
}

const ALERT_TONES = {
  firing: "border-rose-500/60 bg-rose-500/10 text-rose-300",
  resolved: "border-emerald-500/60 bg-emerald-500/10 text-emerald-300",
};

export function AlertTable({ alerts }: { alerts: Metrics["alerts"] }) {
  const t = useTranslations("usage.tables");
  const format = useFormat();
  if (!alerts.length) return <None>{t("noAlerts")}</None>;
  return (
    <DataTable
      caption={t("alertCaption")}
      testId="alert-table"
      minWidth="min-w-[720px]"
      rows={alerts}
      rowKey={(row) => row.key}
      columns={[
        {
          header: t("status"),
          cell: (row) => (
            <span data-status={row.status} className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${ALERT_TONES[row.status]}`}>
              {t(`alertStatuses.${row.status}`)}
            </span>
          ),
        },
        {
          header: t("alert"),
          cell: (row) => (
            <>
              <span className="text-slate-200">{row.title}</span>
              <span className="block text-xs text-slate-400">{row.message}</span>
            </>
          ),
        },
        { header: t("count"), numeric: true, cell: (row) => format.number(row.occurrences) },
        { header: t("opened"), cell: (row) => <span className="whitespace-nowrap">{format.dateTime(row.openedAt)}</span> },
        {
          header: t("lastSeen"),
          cell: (row) => <span className="whitespace-nowrap">{row.resolvedAt ? t("resolved", { date: format.dateTime(row.resolvedAt) }) : format.dateTime(row.lastSeenAt)}</span>,
        },
      ]}
    />
  );
}
