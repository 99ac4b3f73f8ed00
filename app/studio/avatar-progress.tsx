"use client";
// The live status of an avatar being made: polls GET /api/avatars/private/:id and GET /api/jobs/:jobId
// every 2 s, shows the step (queued / generating / copying / ready), the elapsed time and the usual
// wait, then plays the clip. A failure shows the readable reason, a Retry and what else to try. The
// avatar id is in the URL, so a reload comes back here and keeps following the same job.
import Link from "next/link";
import { useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { usePaidPost } from "../_lib/idempotency";
import { useNow } from "../_lib/use-now";
import { useResource } from "../_lib/use-resource";
import { buttonClass, cardClass, ErrorBox, Spinner, StatusBadge } from "../_components/ui";
import { aspectOf, formatElapsed, formatUsd } from "../_lib/format";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { JobResponse, JobStatus } from "@/_shared/schemas/job";
import type { PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";

const STEPS: Array<{ status: JobStatus; label: string; doing: string }> = [
  { status: "queued", label: "Queued", doing: "Waiting for a generation slot" },
  { status: "submitted", label: "Generating", doing: "Seedance is animating your picture" },
  { status: "finalizing", label: "Copying", doing: "Copying the clip into your library" },
  { status: "completed", label: "Ready", doing: "Your clip is ready" },
];

type Progress = { avatar: AvatarResponse; job: JobResponse | null };

async function fetchProgress(avatarId: string, signal: AbortSignal): Promise<Progress> {
  const avatar = await api<AvatarResponse>(`/api/avatars/private/${encodeURIComponent(avatarId)}`, { signal });
  const job = avatar.jobId ? await api<JobResponse>(`/api/jobs/${encodeURIComponent(avatar.jobId)}`, { signal }) : null;
  return { avatar, job };
}

const isMissing = (error: Error | null) => error instanceof ApiClientError && error.status === 404;

function stepOf(avatar: AvatarResponse | null, job: JobResponse | null): number {
  if (avatar?.status === "ready") return 3;
  // A failure is shown on the step it happened at.
  if (job?.status === "failed") return job.errorCode === "copy_failed" ? 2 : job.timings.submittedAt ? 1 : 0;
  const i = STEPS.findIndex((s) => s.status === job?.status);
  return i === -1 ? 0 : i;
}

export function AvatarProgress({
  avatarId,
  format,
  simulated,
  estimatedCostUsd,
  onBack,
}: {
  avatarId: string;
  format: string;
  simulated: boolean;
  estimatedCostUsd?: number | null;
  onBack: () => void;
}) {
  const progress = useResource(`/api/avatars/private/${avatarId}`, (signal) => fetchProgress(avatarId, signal), {
    pollMs: 2000,
    // Until it is ready or failed; a connection problem keeps trying, a deleted avatar stops.
    pollWhile: (data, error) => !isMissing(error) && (!data || data.avatar.status === "processing"),
  });
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const paidPost = usePaidPost();
  const missing = isMissing(progress.error);
  const offline = progress.error && !missing ? errorMessage(progress.error) : null;
  const avatar = progress.data?.avatar ?? null;
  const job = progress.data?.job ?? null;
  const processing = !missing && (avatar === null || avatar.status === "processing");
  const now = useNow(processing);

  async function retry() {
    setRetrying(true);
    setRetryError(null);
    try {
      const next = await paidPost<PrivateAvatarWithCost>(`/api/avatars/private/${encodeURIComponent(avatarId)}/retry`);
      progress.mutate(() => ({ avatar: next, job: null }));
    } catch (error) {
      setRetryError(errorMessage(error));
    } finally {
      setRetrying(false);
    }
  }

  if (missing) {
    return (
      <section className={`${cardClass} p-6`}>
        <ErrorBox message="This avatar does not exist any more (it may have been deleted)." />
        <button type="button" className={`${buttonClass.primary} mt-4`} onClick={onBack}>
          Back to the pictures
        </button>
      </section>
    );
  }

  const step = stepOf(avatar, job);
  const failed = avatar?.status === "failed";
  const ready = avatar?.status === "ready" && avatar.videoUrl;
  const started = Date.parse(job?.timings.createdAt ?? avatar?.createdAt ?? "") || now;
  const ended = job?.timings.completedAt ? Date.parse(job.timings.completedAt) : null;
  const elapsed = formatElapsed(started, ended ?? (processing ? Math.max(now, started) : now));
  const reason = avatar?.errorMessage ?? job?.error ?? "The clip could not be made.";

  return (
    <section className={`${cardClass} grid gap-6 p-4 sm:p-6 md:grid-cols-[minmax(0,320px)_minmax(0,1fr)]`} aria-labelledby="progress-title">
      <div className="relative mx-auto w-full max-w-[320px] overflow-hidden rounded-xl bg-slate-800" style={{ aspectRatio: aspectOf(avatar?.width ?? null, avatar?.height ?? null, format) }}>
        {ready ? (
          <video
            data-testid="avatar-video"
            key={avatar.videoUrl}
            src={avatar.videoUrl ?? undefined}
            poster={avatar.imageUrl}
            controls
            muted
            playsInline
            autoPlay
            loop
            preload="auto"
            aria-label={`Clip of ${avatar.name}`}
            className="h-full w-full bg-black object-contain"
          />
        ) : avatar ? (
          <>
            {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
            <img src={avatar.imageUrl} alt={`Picture of ${avatar.name}`} className={`h-full w-full object-cover ${failed ? "opacity-40 grayscale" : "opacity-60"}`} />
            {!failed ? (
              <div className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/80 to-transparent p-3 text-sm text-white">
                <span className="mr-2 inline-block h-3 w-3 animate-spin rounded-full border-2 border-white/40 border-t-white align-[-2px]" aria-hidden />
                {STEPS[step].label}…
              </div>
            ) : null}
          </>
        ) : (
          <div className="flex h-full items-center justify-center">
            <Spinner />
          </div>
        )}
      </div>

      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="progress-title" className="text-xl font-semibold text-white">
            {avatar?.name ?? "Your avatar"}
          </h2>
          {avatar ? <StatusBadge status={avatar.status} /> : null}
        </div>

        <ol className="mt-5 grid grid-cols-4 gap-1" aria-label="Progress">
          {STEPS.map((s, i) => {
            const done = i < step || (i === step && !!ready);
            const active = i === step && !ready && !failed;
            const broken = i === step && failed;
            return (
              <li key={s.status} className="min-w-0" aria-current={active ? "step" : undefined}>
                <div className={`h-1.5 rounded-full ${broken ? "bg-rose-500" : done ? "bg-emerald-400" : active ? "animate-pulse bg-violet-400" : "bg-slate-700"}`} />
                <p className={`mt-1.5 truncate text-xs ${active ? "font-semibold text-white" : done ? "text-emerald-300" : broken ? "text-rose-300" : "text-slate-500"}`}>{s.label}</p>
              </li>
            );
          })}
        </ol>

        {/* Fixed-height status area: the layout does not jump as statuses change. */}
        <div className="mt-4 min-h-[5.5rem]" aria-live="polite">
          {failed ? (
            <div role="alert" className="rounded-xl border border-rose-500/50 bg-rose-500/10 p-4 text-sm text-rose-100">
              <p className="font-semibold">The clip could not be made.</p>
              <p className="mt-1" data-testid="avatar-error">{reason}</p>
              <p className="mt-2 text-rose-200/80">
                What to do: retry once (temporary problems often pass). If the model refused the picture, go back and pick another picture, or edit it (a neutral
                background, a clearly adult person, no logos) and create again.
              </p>
            </div>
          ) : (
            <>
              <p className="text-base text-slate-100" data-testid="avatar-status">
                {avatar ? (ready ? "Ready" : STEPS[step].label) : "Loading"}
                <span className="text-slate-400"> · {avatar ? STEPS[step].doing : "Fetching the status"}</span>
              </p>
              <p className="mt-1 text-sm text-slate-400">
                Elapsed <span className="font-mono tabular-nums text-slate-200" data-testid="avatar-elapsed">{elapsed}</span>
                {ready ? null : <> · usually about 1-3 minutes{simulated ? " (simulated generation: a few seconds)" : ""}</>}
              </p>
              {ready && avatar.width && avatar.height ? (
                <p className="mt-1 text-sm text-slate-400">
                  Silent clip · {avatar.durationSeconds ? `${Math.round(avatar.durationSeconds)} s · ` : ""}
                  {avatar.width}×{avatar.height}
                </p>
              ) : null}
              {job && job.attempts > 1 ? <p className="mt-1 text-xs text-amber-200">Attempt {job.attempts}: the first try hit a temporary problem.</p> : null}
              {estimatedCostUsd ? <p className="mt-1 text-xs text-slate-500">Estimated generation cost {formatUsd(estimatedCostUsd)}</p> : null}
            </>
          )}
          {offline ? <p className="mt-2 text-xs text-amber-200">Connection problem ({offline}); still trying…</p> : null}
        </div>

        <div className="mt-4 flex flex-wrap gap-2">
          {failed ? (
            <>
              <button type="button" className={buttonClass.primary} onClick={() => void retry()} disabled={retrying}>
                {retrying ? "Retrying…" : "Retry"}
              </button>
              <button type="button" className={buttonClass.secondary} onClick={onBack}>
                Pick another picture
              </button>
            </>
          ) : ready ? (
            <>
              <Link href={`/projects?useImage=${encodeURIComponent(avatar.imageUrl)}`} className={buttonClass.primary}>
                Use in a b-roll
              </Link>
              <Link href="/library?tab=mine" className={buttonClass.secondary}>
                My avatars
              </Link>
              <Link href="/studio" className={buttonClass.secondary}>
                Make another avatar
              </Link>
            </>
          ) : (
            <>
              <Link href="/library?tab=mine" className={buttonClass.secondary}>
                My avatars
              </Link>
              <p className="self-center text-xs text-slate-500">You can leave: the clip keeps generating.</p>
            </>
          )}
        </div>
        <ErrorBox message={retryError} className="mt-3" />
      </div>
    </section>
  );
}
