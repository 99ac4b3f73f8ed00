"use client";
// One b-roll: its clip in a box of the clip's aspect ratio (nothing moves when the status changes),
// the status, and what can be done with it (download, rename, delete, retry when it failed).
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import type { JobResponse } from "@/_shared/schemas/job";
import { StatusBadge } from "../../_components/ui";
import { HoverVideo } from "../../_components/video-card-media";
import { useNow } from "../../_lib/use-now";
import { useApi } from "../../_lib/use-resource";
import { fileName, formatElapsed, formatUsd } from "../../_lib/format";
import { RenameDeleteButtons } from "../rename-delete-buttons";
import { cssAspect } from "./price";

const STAGE: Record<JobResponse["status"], string> = {
  queued: "Queued",
  submitted: "Generating",
  finalizing: "Saving the clip",
  completed: "Finishing",
  failed: "Failing",
};

/** The newest job of a processing b-roll, polled for its stage and start time (a missed poll keeps the last one). */
function useJob(jobId: string | null, active: boolean): JobResponse | null {
  const job = useApi<JobResponse>(jobId && active ? `/api/jobs/${jobId}` : null, { pollMs: 3000 });
  return job.data ?? null;
}

const action =
  "inline-flex items-center rounded-lg px-2 py-1.5 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:opacity-50";

export function BRollCard({
  bRoll,
  onRename,
  onDelete,
  onRetry,
  retrying,
}: {
  bRoll: BRollResponse;
  onRename: () => void;
  onDelete: () => void;
  onRetry: () => void;
  retrying: boolean;
}) {
  const processing = bRoll.status === "processing";
  const job = useJob(bRoll.jobId, processing);
  const now = useNow(processing);
  // A retried b-roll keeps its createdAt: its job (or last update) says when this run started.
  const startedAt = Date.parse(job?.timings.createdAt ?? bRoll.updatedAt);
  const poster = bRoll.thumbnailUrl ?? bRoll.imageUrl;
  const ready = bRoll.status === "ready" && Boolean(bRoll.videoUrl);
  const details = [
    bRoll.type === "image-to-video" ? "Image → video" : "Text → video",
    bRoll.aspectRatio,
    bRoll.resolution,
    bRoll.durationSeconds ? `${Math.round(bRoll.durationSeconds)} s` : null,
  ].filter(Boolean);

  return (
    <article
      data-testid="b-roll-card"
      data-status={bRoll.status}
      data-id={bRoll.id}
      aria-label={bRoll.name}
      className="flex flex-col rounded-2xl border border-slate-800 bg-slate-900/60 p-2 transition hover:border-slate-600"
    >
      <div className="relative">
        <HoverVideo src={ready ? bRoll.videoUrl : null} poster={poster} aspect={cssAspect(bRoll.aspectRatio)} label={bRoll.name} />
        {processing ? (
          <div className={`pointer-events-none absolute inset-0 flex flex-col items-center justify-center gap-2 rounded-xl text-center ${poster ? "bg-black/40" : "bg-slate-800"}`}>
            <span className="h-7 w-7 animate-spin rounded-full border-2 border-slate-500 border-t-violet-300" aria-hidden />
            <span className="text-xs font-medium text-slate-100">{job ? STAGE[job.status] : "Starting"}</span>
            <span className="font-mono text-xs tabular-nums text-slate-300" data-testid="elapsed" aria-label="Elapsed time">
              {formatElapsed(startedAt, now)}
            </span>
          </div>
        ) : null}
        {bRoll.status === "failed" ? (
          <div className={`pointer-events-none absolute inset-0 flex items-center justify-center rounded-xl ${poster ? "bg-rose-950/60" : "bg-[#2a1520]"}`}>
            <svg viewBox="0 0 24 24" className="h-8 w-8 text-rose-300" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <circle cx="12" cy="12" r="9" />
              <path d="M12 7v6M12 16.5v.5" strokeLinecap="round" />
            </svg>
          </div>
        ) : null}
        <div className="pointer-events-none absolute left-2 top-2 z-10 rounded-full bg-black/50 backdrop-blur">
          <StatusBadge status={bRoll.status} />
        </div>
      </div>

      <div className="flex flex-1 flex-col px-1.5 pb-1 pt-2.5">
        <h3 className="truncate text-sm font-semibold text-white" title={bRoll.name} data-testid="b-roll-name">
          {bRoll.name}
        </h3>
        <p className="mt-0.5 text-xs text-slate-400">
          {details.join(" · ")}
          {bRoll.estimatedCostUsd != null ? <span className="text-slate-500"> · ~{formatUsd(bRoll.estimatedCostUsd)}</span> : null}
        </p>
        <p className="mt-1 line-clamp-2 text-xs text-slate-500" title={bRoll.prompt}>
          {bRoll.prompt}
        </p>
        {bRoll.status === "failed" ? (
          <p className="mt-2 rounded-lg bg-rose-500/10 px-2 py-1.5 text-xs text-rose-200" data-testid="b-roll-error">
            {bRoll.errorMessage ?? "The generation failed."}
          </p>
        ) : null}

        <div className="mt-auto flex flex-wrap items-center gap-0.5 pt-2">
          {bRoll.status === "ready" && bRoll.videoUrl ? (
            <a href={`${bRoll.videoUrl}?download=${fileName(bRoll.name, "mp4")}`} download={fileName(bRoll.name, "mp4")} className={`${action} text-violet-300`}>
              Download
            </a>
          ) : null}
          {bRoll.status === "failed" ? (
            <button type="button" className={`${action} text-violet-300`} onClick={onRetry} disabled={retrying}>
              {retrying ? "Retrying…" : "Retry"}
            </button>
          ) : null}
          <RenameDeleteButtons name={bRoll.name} className={action} onRename={onRename} onDelete={onDelete} />
        </div>
      </div>
    </article>
  );
}
