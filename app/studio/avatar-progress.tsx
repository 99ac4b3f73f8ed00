"use client";
// The live status of an avatar being made: the step (queued / generating / copying / ready), a progress
// bar with the time left and the elapsed time, pushed by the tab's event stream (JobProgress), then
// the clip. The avatar and its job are read once, again when the stream says the job ended, and every
// 2 s only while the stream is down. A failure shows the readable reason, a Retry and what else to
// try. The avatar id is in the URL, so a reload comes back here and keeps following the same job.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { usePaidPost } from "../_lib/idempotency";
import { useNow } from "../_lib/use-now";
import { useResource } from "../_lib/use-resource";
import { buttonClass, cardClass, ErrorBox, Spinner, StatusBadge } from "../_components/ui";
import { EnableNotifications } from "../_components/enable-notifications";
import { JobProgress } from "../_components/job-progress";
import { ClipModelNote } from "../_components/clip-model-note";
import { SpendNote } from "../_components/spend-note";
import { aspectOf, formatElapsed } from "../_lib/format";
import { useFormat } from "../_lib/use-format";
import { useJobProgress, useProgressStreamUp } from "../_lib/use-progress";
import type { JobStage } from "@/_shared/schemas/events";
import type { JobResponse, JobStatus } from "@/_shared/schemas/job";
import type { PrivateAvatarResponse as AvatarResponse, PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";

const STEPS: Array<{ status: JobStatus; key: "queued" | "generating" | "copying" | "ready" }> = [
  { status: "queued", key: "queued" },
  { status: "submitted", key: "generating" },
  { status: "finalizing", key: "copying" },
  { status: "completed", key: "ready" },
];
const STAGE_STEP: Record<JobStage, number | null> = { queued: 0, generating: 1, copying: 2, ready: 3, failed: null };

type Progress = { avatar: AvatarResponse; job: JobResponse | null };

async function fetchProgress(avatarId: string, signal: AbortSignal): Promise<Progress> {
  const avatar = await api<AvatarResponse>(`/api/avatars/private/${encodeURIComponent(avatarId)}`, { signal });
  const job = avatar.jobId ? await api<JobResponse>(`/api/jobs/${encodeURIComponent(avatar.jobId)}`, { signal }) : null;
  return { avatar, job };
}

const isMissing = (error: Error | null) => error instanceof ApiClientError && error.status === 404;

function stepOf(avatar: AvatarResponse | null, job: JobResponse | null, stage: JobStage | null): number {
  if (avatar?.status === "ready") return 3;
  // The stream knows more than the job log's status: a request waiting in Fal's queue is not running yet.
  const pushed = stage && avatar?.status === "processing" ? STAGE_STEP[stage] : null;
  if (pushed !== null) return pushed;
  // A failure is shown on the step it happened at.
  if (job?.status === "failed") return job.errorCode === "copy_failed" ? 2 : job.timings.submittedAt ? 1 : 0;
  const i = STEPS.findIndex((s) => s.status === job?.status);
  return i === -1 ? 0 : i;
}

export function AvatarProgress({
  avatarId,
  format,
  estimatedCostUsd,
  onBack,
}: {
  avatarId: string;
  format: string;
  estimatedCostUsd?: number | null;
  onBack: () => void;
}) {
  const t = useTranslations("studio.progress");
  const money = useFormat();
  const streamUp = useProgressStreamUp();
  const pushed = useJobProgress("avatar", avatarId);
  const progress = useResource(`/api/avatars/private/${avatarId}`, (signal) => fetchProgress(avatarId, signal), {
    pollMs: 2000,
    // Only while the event stream is down, until it is ready or failed; a connection problem keeps
    // trying, a deleted avatar stops.
    pollWhile: (data, error) => !streamUp && !isMissing(error) && (!data || data.avatar.status === "processing"),
  });
  const pushedStage = pushed?.stage ?? null;
  const { refetch } = progress;
  // The stream says the job ended (or was retried): read the avatar again for its clip or reason.
  useEffect(() => {
    if (pushedStage === "ready" || pushedStage === "failed") void refetch();
  }, [pushedStage, pushed?.jobId, refetch]);
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
        <ErrorBox message={t("missing")} />
        <button type="button" className={`${buttonClass.primary} mt-4`} onClick={onBack}>
          {t("back")}
        </button>
      </section>
    );
  }

  const step = stepOf(avatar, job, pushed && (!avatar?.jobId || pushed.jobId === avatar.jobId) ? pushedStage : null);
  const failed = avatar?.status === "failed";
  const ready = avatar?.status === "ready" && avatar.videoUrl;
  const started = Date.parse(job?.timings.createdAt ?? avatar?.createdAt ?? "") || now;
  const ended = job?.timings.completedAt ? Date.parse(job.timings.completedAt) : null;
  const elapsed = formatElapsed(started, ended ?? (processing ? Math.max(now, started) : now));
  const reason = avatar?.errorMessage ?? job?.error ?? t("failedReason");

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
            aria-label={t("clipOf", { name: avatar.name })}
            className="h-full w-full bg-black object-contain"
          />
        ) : avatar ? (
          <>
            {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
            <img src={avatar.imageUrl} alt={t("pictureOf", { name: avatar.name })} className={`h-full w-full object-cover ${failed ? "opacity-40 grayscale" : "opacity-60"}`} />
            {!failed ? (
              <div className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/80 to-transparent p-3 text-sm text-white">
                <span className="mr-2 inline-block h-3 w-3 animate-spin rounded-full border-2 border-white/40 border-t-white align-[-2px]" aria-hidden />
                {t(`steps.${STEPS[step].key}`)}…
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
            {avatar?.name ?? t("yourAvatar")}
          </h2>
          {avatar ? <StatusBadge status={avatar.status} /> : null}
        </div>

        <ol className="mt-5 grid grid-cols-4 gap-1" aria-label={t("stepsLabel")}>
          {STEPS.map((s, i) => {
            const done = i < step || (i === step && !!ready);
            const active = i === step && !ready && !failed;
            const broken = i === step && failed;
            return (
              <li key={s.key} className="min-w-0" aria-current={active ? "step" : undefined}>
                <div className={`h-1.5 rounded-full ${broken ? "bg-rose-500" : done ? "bg-emerald-400" : active ? "animate-pulse bg-violet-400" : "bg-slate-700"}`} />
                <p className={`mt-1.5 truncate text-xs ${active ? "font-semibold text-white" : done ? "text-emerald-300" : broken ? "text-rose-300" : "text-slate-500"}`}>{t(`steps.${s.key}`)}</p>
              </li>
            );
          })}
        </ol>

        {/* Fixed-height status area: the layout does not jump as statuses change. */}
        <div className="mt-4 min-h-[5.5rem]" aria-live="polite">
          {failed ? (
            <div role="alert" className="rounded-xl border border-rose-500/50 bg-rose-500/10 p-4 text-sm text-rose-100">
              <p className="font-semibold">{t("failedTitle")}</p>
              <p className="mt-1" data-testid="avatar-error">{reason}</p>
              <p className="mt-2 text-rose-200/80">{t("whatToDo")}</p>
            </div>
          ) : (
            <>
              <p className="text-base text-slate-100" data-testid="avatar-status">
                {avatar ? t(`steps.${ready ? "ready" : STEPS[step].key}`) : t("loading")}
                <span className="text-slate-400"> · {avatar ? t(`doing.${ready ? "ready" : STEPS[step].key}`) : t("fetching")}</span>
              </p>
              {processing && avatar ? <JobProgress type="avatar" id={avatarId} name={avatar.name} hideStage className="mt-3 max-w-md" /> : null}
              <p className="mt-2 text-sm text-slate-400">
                {t("elapsed")} <span className="font-mono tabular-nums text-slate-200" data-testid="avatar-elapsed">{elapsed}</span>
              </p>
              {ready && avatar.width && avatar.height ? (
                <p className="mt-1 text-sm text-slate-400">
                  {t("silentClip")} · {avatar.durationSeconds ? `${t("seconds", { seconds: Math.round(avatar.durationSeconds) })} · ` : ""}
                  {avatar.width}×{avatar.height}
                </p>
              ) : null}
              {ready ? <ClipModelNote clipModel={avatar.clipModel} className="mt-1" /> : null}
              {avatar?.seed !== null && avatar?.seed !== undefined ? (
                <p className="mt-1 text-xs text-slate-500" data-testid="avatar-seed">
                  {t("seed", { seed: avatar.seed })}
                </p>
              ) : null}
              {/* A second request on the fallback model is not a retry: only submissions beyond one per model are. */}
              {job && job.attempts > job.requests.length ? <p className="mt-1 text-xs text-amber-200">{t("attempt", { attempt: job.attempts })}</p> : null}
              <p className="mt-1 flex flex-wrap gap-x-2 text-xs text-slate-500">
                {/* The job's own figure once read: it counts the fallback's request too when there was one. */}
                {(job?.estimatedCostUsd ?? estimatedCostUsd) ? <span>{t("cost", { price: money.usd(job?.estimatedCostUsd ?? estimatedCostUsd ?? 0) })}</span> : null}
                <SpendNote />
              </p>
            </>
          )}
          {offline ? <p className="mt-2 text-xs text-amber-200">{t("offline", { error: offline })}</p> : null}
        </div>

        <div className="mt-4 flex flex-wrap gap-2">
          {failed ? (
            <>
              <button type="button" className={buttonClass.primary} onClick={() => void retry()} disabled={retrying}>
                {retrying ? t("retrying") : t("retry")}
              </button>
              <button type="button" className={buttonClass.secondary} onClick={onBack}>
                {t("pickAnother")}
              </button>
            </>
          ) : ready ? (
            <>
              <Link href={`/projects?useImage=${encodeURIComponent(avatar.imageUrl)}`} className={buttonClass.primary}>
                {t("useInBRoll")}
              </Link>
              <Link href="/library?tab=mine" className={buttonClass.secondary}>
                {t("myAvatars")}
              </Link>
              <Link href="/studio" className={buttonClass.secondary}>
                {t("another")}
              </Link>
            </>
          ) : (
            <>
              <Link href="/library?tab=mine" className={buttonClass.secondary}>
                {t("myAvatars")}
              </Link>
              <p className="self-center text-xs text-slate-500">{t("canLeave")}</p>
              <EnableNotifications className="self-center" />
            </>
          )}
        </div>
        <ErrorBox message={retryError} className="mt-3" />
      </div>
    </section>
  );
}
