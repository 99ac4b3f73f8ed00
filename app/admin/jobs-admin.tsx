"use client";
// Admin: the most recent generation jobs (GET /api/admin/jobs?limit=50[&status=]): what ran, on which
// model, how long it took, what it cost and why it failed. Refreshed every 5 s while any job runs.
import { useState } from "react";
import { ApiClientError, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { buttonClass, EmptyState, ErrorBox, Spinner, StatusBadge } from "../_components/ui";
import { formatDateTime, formatDuration, formatUsd } from "../_lib/format";
import { JOB_STATUSES, type AdminJob, type AdminJobListResponse } from "@/_shared/schemas/job";
import type { JobStatus } from "@/_shared/schemas/job";
import { Field, inputClass, Options } from "../_components/form";
import { DataTable, type Column } from "../_components/data-table";

/** Who a job was for: a user, or the public library (with the admin who made it). */
const ownerOf = (job: AdminJob) => (job.library ? ["library", job.user?.email].filter(Boolean).join(" · ") : (job.user?.email ?? "—"));

/** Queued jobs keep the grey of a status not listed. */
const STATUS_TONES: Partial<Record<JobStatus, string>> = {
  submitted: "border-amber-500/60 bg-amber-500/10 text-amber-200",
  finalizing: "border-sky-500/60 bg-sky-500/10 text-sky-200",
  completed: "border-emerald-500/60 bg-emerald-500/10 text-emerald-300",
  failed: "border-rose-500/60 bg-rose-500/10 text-rose-300",
};
const RUNNING: JobStatus[] = ["queued", "submitted", "finalizing"];

/** The table of wider screens (phones get one card per job). */
const COLUMNS: Column<AdminJob>[] = [
  { header: "When", className: "whitespace-nowrap text-slate-300", cell: (job) => formatDateTime(job.createdAt) },
  {
    header: "Kind · model",
    cell: (job) => (
      <>
        <span className="text-slate-100">{job.kind}</span>
        <span className="block max-w-[220px] truncate font-mono text-xs text-slate-500" title={job.model}>
          {job.model}
        </span>
      </>
    ),
  },
  { header: "Status", cell: (job) => <StatusBadge status={job.status} tones={STATUS_TONES} /> },
  { header: "Attempts", numeric: true, className: "text-slate-300", cell: (job) => job.attempts },
  { header: "Duration", numeric: true, className: "text-slate-300", cell: (job) => formatDuration(job.durationMs) },
  { header: "Cost", numeric: true, className: "text-slate-300", cell: (job) => formatUsd(job.estimatedCostUsd) },
  { header: "User", className: "max-w-[180px] truncate text-slate-400", cell: (job) => <span title={job.user?.email}>{ownerOf(job)}</span> },
  {
    header: "Error",
    className: "max-w-[260px] text-xs text-rose-300",
    cell: (job) =>
      job.error ? (
        <>
          {job.errorCode ? <span className="font-mono text-rose-400">{job.errorCode}: </span> : null}
          {job.error}
        </>
      ) : (
        <span className="text-slate-600">—</span>
      ),
  },
];

function describe(error: Error): string {
  const missing = error instanceof ApiClientError && error.status === 404;
  return missing ? "The jobs listing (GET /api/admin/jobs) is not available on this server yet." : errorMessage(error);
}

export function JobsAdmin() {
  const [status, setStatus] = useState("");
  const jobs = useApi<AdminJobListResponse>(`/api/admin/jobs?${new URLSearchParams({ limit: "50", ...(status ? { status } : {}) })}`, {
    pollMs: 5000,
    pollWhile: (data) => Boolean(data?.jobs.some((j) => RUNNING.includes(j.status))),
  });
  const error = jobs.error ? describe(jobs.error) : null;
  const refresh = jobs.refetch;
  // "Refreshing" is for a list on screen; a new status filter shows the spinner instead.
  const refreshing = jobs.loading && jobs.data !== undefined;

  const list = jobs.data?.jobs ?? null;
  const cost = list?.reduce((sum, j) => sum + (j.estimatedCostUsd ?? 0), 0) ?? 0;
  const failed = list?.filter((j) => j.status === "failed").length ?? 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="jobs-status" label="Status" className="w-48">
          <select id="jobs-status" value={status} onChange={(e) => setStatus(e.target.value)} className={inputClass}>
            <option value="">All</option>
            <Options choices={JOB_STATUSES} />
          </select>
        </Field>
        <button type="button" className={buttonClass.secondary} onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
        {list ? (
          <p className="text-sm text-slate-400" aria-live="polite">
            Last {list.length} jobs · estimated {formatUsd(cost)} · {failed} failed
          </p>
        ) : null}
      </div>

      <ErrorBox message={error} onRetry={() => void refresh()} />
      {!list && !error ? <Spinner label="Loading jobs" /> : null}
      {list && list.length === 0 ? <EmptyState title="No generation jobs yet">Jobs appear here as soon as someone generates a picture or a clip.</EmptyState> : null}
      {list && list.length ? (
        // Phones: one card per job; wider screens: the table.
        <ul className="space-y-2 md:hidden" aria-label="Recent generation jobs">
          {list.map((job) => (
            <li key={job.id} className="rounded-xl border border-slate-800 bg-slate-900/60 p-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-slate-100">{job.kind}</span>
                <StatusBadge status={job.status} tones={STATUS_TONES} />
              </div>
              <p className="truncate font-mono text-xs text-slate-500">{job.model}</p>
              <p className="mt-1 text-xs text-slate-400">
                {formatDateTime(job.createdAt)} · {formatDuration(job.durationMs)} · {formatUsd(job.estimatedCostUsd)} · {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}
              </p>
              <p className="truncate text-xs text-slate-500">{ownerOf(job)}</p>
              {job.error ? <p className="mt-1 text-xs text-rose-300">{job.errorCode ? `${job.errorCode}: ` : ""}{job.error}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {list && list.length ? (
        <DataTable caption="Recent generation jobs" testId="jobs-table" rowTestId="job-row" minWidth="min-w-[860px]" className="hidden md:block" rows={list} rowKey={(job) => job.id} columns={COLUMNS} />
      ) : null}
    </div>
  );
}
