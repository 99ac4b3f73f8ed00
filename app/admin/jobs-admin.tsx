"use client";
// Admin: generation jobs newest first, a page at a time (GET /api/admin/jobs?page=&limit=[&status=]):
// what ran, on which model, how long it took, what it cost, why it failed, and a link to what it
// made. Refreshed every 5 s while a job on the page runs.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApiClientError, errorMessage } from "../_lib/api-client";
import { useFormat } from "../_lib/use-format";
import { useApi } from "../_lib/use-resource";
import { buttonClass, EmptyState, ErrorBox, Spinner } from "../_components/ui";
import { JOB_STATUSES, type AdminJob, type AdminJobListResponse } from "@/_shared/schemas/job";
import type { JobStatus } from "@/_shared/schemas/job";
import { Field, inputClass } from "../_components/form";
import { DataTable, type Column } from "../_components/data-table";

/** Queued jobs keep the grey of a status not listed. */
const STATUS_TONES: Partial<Record<JobStatus, string>> = {
  submitted: "border-amber-500/60 bg-amber-500/10 text-amber-200",
  finalizing: "border-sky-500/60 bg-sky-500/10 text-sky-200",
  completed: "border-emerald-500/60 bg-emerald-500/10 text-emerald-300",
  failed: "border-rose-500/60 bg-rose-500/10 text-rose-300",
};
const RUNNING: JobStatus[] = ["queued", "submitted", "finalizing"];
const PAGE_SIZES = [10, 25, 50, 100] as const;
const linkClass = "text-violet-300 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300";

/** Where a job's output opens: the admin's own b-roll in its project page, a library avatar's card, else the media itself. */
function outputHref(output: NonNullable<AdminJob["output"]>): string | null {
  if (output.type === "b-roll" && output.projectId) return `/projects/${encodeURIComponent(output.projectId)}`;
  if (output.type === "public-avatar" && output.name) return `/library?q=${encodeURIComponent(output.name)}`;
  return output.mediaUrl;
}

/** A job's status as a coloured pill, in the page's language (`data-status` keeps the API's value). */
function JobStatusBadge({ status }: { status: JobStatus }) {
  const t = useTranslations("admin.jobs");
  return (
    <span data-status={status} className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${STATUS_TONES[status] ?? "border-slate-600 text-slate-300"}`}>
      {t(`statuses.${status}`)}
    </span>
  );
}

function JobOutputLink({ job }: { job: AdminJob }) {
  const t = useTranslations("admin.jobs");
  const output = job.output;
  if (!output) return <span className="text-slate-600">—</span>;
  const href = outputHref(output);
  const what = t(`outputs.${output.type === "b-roll" ? "bRoll" : output.type === "public-avatar" ? "publicAvatar" : output.type === "private-avatar" ? "privateAvatar" : "picture"}`);
  const label = output.name ? `${what} · ${output.name}` : what;
  if (!href) return <span className="text-slate-400">{label}</span>;
  const external = href.startsWith("/api/");
  return external ? (
    <a href={href} target="_blank" rel="noreferrer" className={linkClass} data-testid="job-output" title={t("openMedia")}>
      {label}
    </a>
  ) : (
    <Link href={href} className={linkClass} data-testid="job-output">
      {label}
    </Link>
  );
}

/** The Fal requests a job made before its current one (a face refused, then the fallback model). */
function EarlierRequests({ job }: { job: AdminJob }) {
  const t = useTranslations("admin.jobs");
  const format = useFormat();
  const earlier = job.requests.slice(0, -1);
  if (!earlier.length) return null;
  return (
    <span className="block max-w-[260px] text-xs text-amber-200" data-testid="job-earlier-requests">
      {earlier.map((request) => t("afterRefused", { model: request.model, price: format.usd(request.estimatedCostUsd) })).join(" · ")}
    </span>
  );
}

export function JobsAdmin() {
  const t = useTranslations("admin.jobs");
  const format = useFormat();
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState<number>(50);
  const jobs = useApi<AdminJobListResponse>(`/api/admin/jobs?${new URLSearchParams({ page: String(page), limit: String(limit), ...(status ? { status } : {}) })}`, {
    pollMs: 5000,
    pollWhile: (data) => Boolean(data?.jobs.some((j) => RUNNING.includes(j.status))),
  });
  const error = jobs.error ? (jobs.error instanceof ApiClientError && jobs.error.status === 404 ? t("unavailable") : errorMessage(jobs.error)) : null;
  const refresh = jobs.refetch;
  const refreshing = jobs.loading && jobs.data !== undefined;

  const answer = jobs.data ?? jobs.latest ?? null;
  const list = answer?.jobs ?? null;
  const pages = answer ? Math.max(1, Math.ceil(answer.total / answer.limit)) : 1;
  const first = answer && answer.jobs.length ? (answer.page - 1) * answer.limit + 1 : 0;
  const last = answer ? first + answer.jobs.length - Math.min(1, answer.jobs.length) : 0;

  const ownerOf = (job: AdminJob) => (job.library ? [t("library"), job.user?.email].filter(Boolean).join(" · ") : (job.user?.email ?? "—"));
  const columns: Column<AdminJob>[] = [
    { header: t("columns.when"), className: "whitespace-nowrap text-slate-300", cell: (job) => format.dateTime(job.createdAt) },
    {
      header: t("columns.kind"),
      cell: (job) => (
        <>
          <span className="text-slate-100">{job.kind}</span>
          <span className="block max-w-[200px] truncate font-mono text-xs text-slate-500" title={job.model}>
            {job.model}
          </span>
          <EarlierRequests job={job} />
        </>
      ),
    },
    { header: t("columns.status"), cell: (job) => <JobStatusBadge status={job.status} /> },
    { header: t("columns.output"), className: "max-w-[200px] truncate text-sm", cell: (job) => <JobOutputLink job={job} /> },
    { header: t("columns.attempts"), numeric: true, className: "text-slate-300", cell: (job) => format.number(job.attempts) },
    { header: t("columns.duration"), numeric: true, className: "text-slate-300", cell: (job) => format.duration(job.durationMs) },
    { header: t("columns.cost"), numeric: true, className: "text-slate-300", cell: (job) => format.usd(job.estimatedCostUsd) },
    { header: t("columns.user"), className: "max-w-[160px] truncate text-slate-400", cell: (job) => <span title={job.user?.email}>{ownerOf(job)}</span> },
    {
      header: t("columns.error"),
      className: "max-w-[240px] text-xs text-rose-300",
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

  const pager = answer && answer.total > 0 ? (
    <nav aria-label={t("pagination")} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-400" data-testid="jobs-pager">
      <p aria-live="polite" data-testid="jobs-range">
        {t("range", { first: format.number(first), last: format.number(last), total: format.number(answer.total) })}
      </p>
      <div className="flex items-center gap-2">
        <button type="button" className={buttonClass.secondary} disabled={page <= 1 || jobs.loading} onClick={() => setPage((p) => Math.max(1, p - 1))}>
          <span aria-hidden>←</span> {t("previous")}
        </button>
        <span className="tabular-nums">{t("pageOf", { page: format.number(answer.page), pages: format.number(pages) })}</span>
        <button type="button" className={buttonClass.secondary} disabled={!answer.hasMore || jobs.loading} onClick={() => setPage((p) => p + 1)} data-testid="jobs-next">
          {t("next")} <span aria-hidden>→</span>
        </button>
      </div>
    </nav>
  ) : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="jobs-status" label={t("status")} className="w-44">
          <select
            id="jobs-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
            className={inputClass}
          >
            <option value="">{t("all")}</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="jobs-page-size" label={t("pageSize")} className="w-32">
          <select
            id="jobs-page-size"
            value={limit}
            onChange={(e) => {
              setLimit(Number(e.target.value));
              setPage(1);
            }}
            className={inputClass}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {format.number(size)}
              </option>
            ))}
          </select>
        </Field>
        <button type="button" className={buttonClass.secondary} onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? t("refreshing") : t("refresh")}
        </button>
      </div>

      <ErrorBox message={error} onRetry={() => void refresh()} />
      {!list && !error ? <Spinner label={t("loading")} /> : null}
      {list && list.length === 0 ? <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState> : null}
      {pager}
      {list && list.length ? (
        // Phones: one card per job; wider screens: the table.
        <ul className="space-y-2 md:hidden" aria-label={t("caption")}>
          {list.map((job) => (
            <li key={job.id} className="rounded-xl border border-slate-800 bg-slate-900/60 p-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-slate-100">{job.kind}</span>
                <JobStatusBadge status={job.status} />
              </div>
              <p className="truncate font-mono text-xs text-slate-500">{job.model}</p>
              <EarlierRequests job={job} />
              <p className="mt-1 text-xs text-slate-400">
                {format.dateTime(job.createdAt)} · {format.duration(job.durationMs)} · {format.usd(job.estimatedCostUsd)} · {t("attempts", { count: job.attempts })}
              </p>
              <p className="truncate text-xs text-slate-500">{ownerOf(job)}</p>
              <p className="mt-1 truncate text-xs">
                <JobOutputLink job={job} />
              </p>
              {job.error ? <p className="mt-1 text-xs text-rose-300">{job.errorCode ? `${job.errorCode}: ` : ""}{job.error}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {list && list.length ? (
        <DataTable caption={t("caption")} testId="jobs-table" rowTestId="job-row" minWidth="min-w-[960px]" className={`hidden md:block ${jobs.loading ? "opacity-60" : ""}`} rows={list} rowKey={(job) => job.id} columns={columns} />
      ) : null}
      {pager}
    </div>
  );
}
