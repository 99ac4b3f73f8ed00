"use client";
// The progress of an avatar or b-roll being made, from the tab's event stream: the stage ("In queue ·
// position 3", "Generating", "Copying"), a progress bar and the time left by the usual figure. The
// bar moves on between updates with the tab's clock; it stays short of the end until the clip is ready.
import { useTranslations } from "next-intl";
import type { JobStage } from "@/_shared/schemas/events";
import type { ResourceType, TrackedJob } from "../_lib/progress-store";
import { useJobProgress } from "../_lib/use-progress";
import { useNow } from "../_lib/use-now";

const MAX_UNFINISHED = 0.95;
const COPYING_FLOOR = 0.9;

/** Progress and time left of `job` at `now` (the server's figures, moved on by the time since they came). */
function liveProgress(job: TrackedJob, now: number) {
  const ended = job.stage === "ready" || job.stage === "failed";
  const elapsed = job.elapsedMs + (ended ? 0 : Math.max(0, now - job.receivedAt));
  if (job.stage === "ready") return { fraction: 1, remainingMs: 0 };
  if (job.stage === "failed") return { fraction: null, remainingMs: null };
  const measured = Math.min(MAX_UNFINISHED, elapsed / Math.max(1, job.expectedMs));
  return { fraction: job.stage === "copying" ? Math.max(COPYING_FLOOR, measured) : measured, remainingMs: elapsed < job.expectedMs ? job.expectedMs - elapsed : null };
}

function useStageText() {
  const t = useTranslations("progress");
  return (stage: JobStage | null, queuePosition: number | null) =>
    stage === null ? t("stage.processing") : stage === "queued" && queuePosition !== null ? t("stage.queuedAt", { position: queuePosition + 1 }) : t(`stage.${stage}`);
}

function useEtaText() {
  const t = useTranslations("progress");
  return (stage: JobStage | null, remainingMs: number | null) => {
    if (stage === null || stage === "ready" || stage === "failed") return "";
    if (remainingMs === null) return t("eta.longer");
    const seconds = Math.ceil(remainingMs / 1000);
    if (seconds < 60) return t("eta.seconds", { seconds: Math.max(5, Math.ceil(seconds / 5) * 5) });
    return t("eta.minutes", { minutes: Math.ceil(seconds / 60) });
  };
}

/**
 * The stage, bar and time left of one avatar or b-roll. `tone="overlay"` for the white-on-picture
 * variant over a card's poster; `hideStage` where the page names the step already (the queue
 * position still shows).
 */
export function JobProgress({
  type,
  id,
  name,
  tone = "panel",
  hideStage = false,
  className = "",
}: {
  type: ResourceType;
  id: string;
  name: string;
  tone?: "panel" | "overlay";
  hideStage?: boolean;
  className?: string;
}) {
  const t = useTranslations("progress");
  const job = useJobProgress(type, id);
  const running = !!job && job.stage !== "ready" && job.stage !== "failed";
  const now = useNow(running);
  const stageText = useStageText();
  const etaText = useEtaText();
  const live = job ? liveProgress(job, now) : null;
  const stage = stageText(job?.stage ?? null, job?.queuePosition ?? null);
  const eta = etaText(job?.stage ?? null, live?.remainingMs ?? null);
  const percent = live?.fraction === null || live === null ? null : Math.round(live.fraction * 100);
  const failed = job?.stage === "failed";
  const overlay = tone === "overlay";
  return (
    <div className={`min-w-0 ${className}`} data-testid="job-progress" data-stage={job?.stage ?? "unknown"}>
      <div className={`flex flex-wrap items-baseline justify-between gap-x-2 text-xs ${overlay ? "text-white" : "text-slate-200"}`}>
        <span className="font-medium" data-testid="job-stage">
          {!hideStage || (job?.stage === "queued" && job.queuePosition !== null) ? stage : ""}
        </span>
        {eta ? (
          <span className={overlay ? "text-white/80" : "text-slate-400"} data-testid="job-eta">
            {eta}
          </span>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={t("barLabel", { name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={[stage, eta].filter(Boolean).join(", ")}
        className={`mt-1.5 h-1.5 overflow-hidden rounded-full ${overlay ? "bg-white/25" : "bg-slate-700"}`}
      >
        <div
          className={`h-full rounded-full transition-[width] duration-1000 ease-linear ${job?.stage === "failed" ? "bg-rose-500" : job?.stage === "ready" ? "bg-emerald-400" : "bg-violet-400"} ${percent === null && !failed ? "w-1/3 animate-pulse" : ""}`}
          style={failed ? { width: "100%" } : percent === null ? undefined : { width: `${Math.max(3, percent)}%` }}
        />
      </div>
    </div>
  );
}
