// The Usage page's tables: per model, per user, per project, stuck jobs and alerts.
import type { ReactNode } from "react";
import { DataTable, type Column } from "../../_components/data-table";
import { StatusBadge } from "../../_components/ui";
import { formatDateTime, formatDuration, formatUsd } from "../../_lib/format";
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
  return (
    <DataTable
      caption="Jobs, success rate, generation time and estimated spend per model"
      testId="model-table"
      minWidth="min-w-[720px]"
      rows={modelRows(metrics)}
      rowKey={(row) => row.model}
      columns={[
        { header: "Model", cell: (row) => <span className="break-all font-mono text-xs text-slate-200">{row.model}</span> },
        { header: "Jobs", numeric: true, cell: (row) => row.jobs },
        {
          header: "Success",
          numeric: true,
          cell: (row) => (
            <span title={`${row.completed} completed, ${row.failed} failed`} className={row.rate !== null && row.rate < 0.9 ? "text-rose-300" : undefined}>
              {formatPercent(row.rate)}
            </span>
          ),
        },
        { header: "p50", numeric: true, cell: (row) => <Timings row={row.durations} pick="p50Ms" /> },
        { header: "p95", numeric: true, cell: (row) => <Timings row={row.durations} pick="p95Ms" /> },
        { header: "Spend", numeric: true, cell: (row) => formatUsd(row.usd) },
      ]}
    />
  );
}

/** A model's times, one line per resolution ("720p 48.0 s"). */
function Timings({ row, pick }: { row: Metrics["durations"]; pick: "p50Ms" | "p95Ms" }) {
  if (!row.length) return <Muted>—</Muted>;
  return (
    <ul>
      {row.map((timing) => (
        <li key={timing.resolution ?? "-"} title={`${timing.count} completed`}>
          {timing.resolution ? <span className="mr-1.5 text-xs text-slate-500">{timing.resolution}</span> : null}
          {formatDuration(timing[pick])}
        </li>
      ))}
    </ul>
  );
}

type Spender = { id: string; jobs: number; usd: number };

/** Spend per user or per project: who (one or two columns), then their jobs and estimated spend. */
function SpendTable<T extends Spender>({ per, rows, minWidth, who }: { per: "user" | "project"; rows: T[]; minWidth: string; who: Column<T>[] }) {
  if (!rows.length) return <None>{`No ${per === "user" ? "one" : "project"} generated anything in this period.`}</None>;
  return (
    <DataTable
      caption={`Estimated spend per ${per}`}
      testId={`${per}-table`}
      minWidth={minWidth}
      rows={rows}
      rowKey={(row) => row.id}
      columns={[...who, { header: "Jobs", numeric: true, cell: (row) => row.jobs }, { header: "Spend", numeric: true, cell: (row) => formatUsd(row.usd) }]}
    />
  );
}

export function UserTable({ metrics }: { metrics: Metrics }) {
  const user: Column<Metrics["spend"]["perUser"][number]> = {
    header: "User",
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
  return (
    <SpendTable
      per="project"
      rows={metrics.spend.perProject}
      minWidth="min-w-[520px]"
      who={[
        { header: "Project", cell: (row) => <span className="text-slate-200">{row.name}</span> },
        { header: "Owner", cell: (row) => row.ownerEmail },
      ]}
    />
  );
}

export function StuckTable({ stuck }: { stuck: Metrics["stuck"] }) {
  if (!stuck.count) return <None>Nothing is stuck: every running job is within its {stuck.deadlineMinutes}-minute deadline.</None>;
  return (
    <DataTable
      caption="Jobs running past their deadline"
      testId="stuck-table"
      minWidth="min-w-[760px]"
      rows={stuck.jobs}
      rowKey={(row) => row.id}
      columns={[
        { header: "Job", cell: (row) => <span className="font-mono text-xs">{row.id}</span> },
        {
          header: "Kind · model",
          cell: (row) => (
            <>
              <span className="text-slate-200">{row.kind}</span>
              <span className="block break-all font-mono text-xs text-slate-500">{row.model}</span>
            </>
          ),
        },
        { header: "Status", cell: (row) => row.status },
        { header: "Created", cell: (row) => <span className="whitespace-nowrap">{formatDateTime(row.createdAt)}</span> },
        { header: "Overdue", numeric: true, cell: (row) => <span className="text-rose-300">{formatMinutes(row.minutesOverdue)}</span> },
        { header: "User", cell: (row) => row.userEmail ?? <Muted>library</Muted> },
        { header: "For", cell: (row) => (row.bRollId ? `b-roll ${row.bRollId}` : row.avatarId ? `avatar ${row.avatarId}` : <Muted>—</Muted>) },
      ]}
    />
  );
}

const ALERT_TONES = {
  firing: "border-rose-500/60 bg-rose-500/10 text-rose-300",
  resolved: "border-emerald-500/60 bg-emerald-500/10 text-emerald-300",
};

export function AlertTable({ alerts }: { alerts: Metrics["alerts"] }) {
  if (!alerts.length) return <None>No alerts: no permanent failure, failure-rate burst or stuck job has been reported.</None>;
  return (
    <DataTable
      caption="Alerts, firing first"
      testId="alert-table"
      minWidth="min-w-[720px]"
      rows={alerts}
      rowKey={(row) => row.key}
      columns={[
        { header: "Status", cell: (row) => <StatusBadge status={row.status} tones={ALERT_TONES} /> },
        {
          header: "Alert",
          cell: (row) => (
            <>
              <span className="text-slate-200">{row.title}</span>
              <span className="block text-xs text-slate-400">{row.message}</span>
            </>
          ),
        },
        { header: "Count", numeric: true, cell: (row) => row.occurrences },
        { header: "Opened", cell: (row) => <span className="whitespace-nowrap">{formatDateTime(row.openedAt)}</span> },
        {
          header: "Last seen",
          cell: (row) => <span className="whitespace-nowrap">{row.resolvedAt ? `resolved ${formatDateTime(row.resolvedAt)}` : formatDateTime(row.lastSeenAt)}</span>,
        },
      ]}
    />
  );
}
