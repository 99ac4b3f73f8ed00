import "server-only";
// Finalisation: a worker claims a job whose outcome is known, streams Fal's output into our bucket
// silent and +faststart, with a b-roll thumbnail (copy-output.ts: through a temporary file, never
// whole in memory), and marks the job completed and its resource ready, or failed with the reason.
import { z } from "zod";
import { getEnv } from "@/_shared/lib/env";
import { byteSizeText } from "@/_shared/lib/byte-size";
import { classifyWebhookError, resultExpired, type FalFailure } from "@/_shared/lib/fal-errors";
import { parseVideoOutput } from "@/_shared/lib/fal-output";
import { logger } from "@/_shared/lib/logger";
import { DownloadHttpError, VideoTooLargeError } from "@/_shared/lib/video-files";
import { prisma, type Tx } from "@/_shared/lib/prisma";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { FalError, falAi } from "../fal-ai.service";
import { fileStorage } from "../file-storage.service";
import type { GenerationKind } from "@/_shared/schemas/generation-options";
import { copyOutput, type CopyTarget } from "./copy-output";
import { kindOfDb } from "./job-kinds";
import { markJobFailed, videoJobInputSchema } from "./jobs";
import { DEADLINE_FAILURE_CODE, isSuperseded, lateCompletionNote } from "./late-outcome";
import { clipModelFields, failOrFallBack } from "./fallback";
import { resubmitJob } from "./resubmit";
import { reportFinalization, reportJobEvent } from "./telemetry";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";

const outcomeSchema = z.object({
  source: z.enum(["webhook", "poll"]),
  ok: z.boolean(),
  payload: z.unknown().optional(),
  error: z.string().optional(),
  payloadError: z.string().optional(),
  failure: z.object({ code: z.string(), message: z.string(), detail: z.string() }).optional(),
});

async function resolveTarget(job: { avatarId: string | null; bRollId: string | null }): Promise<CopyTarget | null> {
  if (job.bRollId) {
    const bRoll = await prisma.bRoll.findUnique({ where: { id: job.bRollId }, select: { id: true, userId: true, projectId: true } });
    if (!bRoll) return null;
    const parts = { userId: bRoll.userId, projectId: bRoll.projectId, bRollId: bRoll.id };
    return { videoKey: storageKeys.bRollVideo(parts), thumbnailKey: storageKeys.bRollThumbnail({ ...parts, ext: "webp" }) };
  }
  if (job.avatarId) {
    const avatar = await prisma.avatar.findUnique({ where: { id: job.avatarId }, select: { id: true, userId: true, visibility: true } });
    if (!avatar) return null;
    return {
      videoKey:
        avatar.visibility === "private" && avatar.userId
          ? storageKeys.privateAvatarVideo({ userId: avatar.userId, avatarId: avatar.id })
          : storageKeys.publicAvatarVideo({ avatarId: avatar.id }),
    };
  }
  return null;
}

/**
 * Claims the job for finalisation: only one worker at a time; a stale claim (dead worker) is taken
 * over; a job the deadline failed whose outcome is known (a late success) is finalised all the same.
 */
async function claim(jobId: string): Promise<boolean> {
  const staleBefore = new Date(Date.now() - getEnv().JOB_EXPIRE_SECONDS * 1000);
  const { count } = await prisma.generationJob.updateMany({
    where: {
      id: jobId,
      outcomeAt: { not: null },
      OR: [{ status: { in: ["queued", "submitted"] } }, { status: "finalizing", claimedAt: { lt: staleBefore } }],
    },
    data: { status: "finalizing", claimedAt: new Date() },
  });
  if (count === 1) return true;
  const late = await prisma.generationJob.updateMany({
    where: { id: jobId, outcomeAt: { not: null }, status: "failed", errorCode: DEADLINE_FAILURE_CODE },
    data: { status: "finalizing", claimedAt: new Date() },
  });
  return late.count === 1;
}

/**
 * A webhook carries no timing: Fal's status reports the inference time of a completed request, kept
 * for the job log and metrics. Best effort: without it the job finalises all the same.
 */
async function recordInferenceTime(jobId: string) {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { inferenceMs: true, falStatusUrl: true, kind: true } });
  if (job.inferenceMs !== null || !job.falStatusUrl) return;
  try {
    const status = await falAi.getJobStatus(job.falStatusUrl, kindOfDb(job.kind));
    if (status.state === "COMPLETED" && status.inferenceMs) await prisma.generationJob.update({ where: { id: jobId }, data: { inferenceMs: status.inferenceMs } });
  } catch (error) {
    logger.info("no inference time from Fal for this job", { jobId, error: error instanceof FalError ? error.failure.detail : String(error) });
  }
}

type Outcome = z.infer<typeof outcomeSchema>;
type Failure = Pick<FalFailure, "code" | "message" | "detail">;

/**
 * The URL of the video a successful outcome names. When the webhook could not carry the output
 * (`payload_error`: Fal could not serialise it, `payload` is null) or carries no readable video, the
 * request still finished and was billed: its result is read from the response URL Fal answered at
 * submit (kept there an hour, six minutes when large). Only when that fails too is the job failed.
 * Throws FalError when Fal's answer is transient (the queue retries).
 */
async function videoUrlOf(job: { falResponseUrl: string | null }, outcome: Outcome, kind: GenerationKind): Promise<{ url: string; seed?: number } | { failure: Failure }> {
  const sent = parseVideoOutput(outcome.payload);
  if (sent) return sent;
  const why = outcome.payloadError ? `payload_error: ${outcome.payloadError}` : `payload: ${JSON.stringify(outcome.payload ?? null)}`;
  const noVideo = (detail: string): { failure: Failure } => ({ failure: { code: "invalid_output", message: "The model returned no video. Try again.", detail: detail.slice(0, 1000) } });
  if (!job.falResponseUrl) return noVideo(why);
  const result = await falAi.getResult(job.falResponseUrl, kind);
  if (!result.ok) {
    return { failure: { code: "output_unavailable", message: "The finished video could not be retrieved from the generation service. Try again.", detail: `${why}; result: ${result.failure.detail}`.slice(0, 1000) } };
  }
  const fetched = parseVideoOutput(result.data);
  return fetched ?? noVideo(`${why}; result: ${JSON.stringify(result.data).slice(0, 500)}`);
}

/**
 * A request that ended failed. A server error on Fal's side (5xx, 429: not billed) is sent again as a
 * new request of the same job while its attempts last (never for a late outcome: the deadline has
 * passed); anything else, or a spent budget, fails the job with a reason that does not promise a retry.
 */
async function endFailedRequest(jobId: string, outcome: Outcome, kind: GenerationKind, late: boolean): Promise<void> {
  // A failure found by polling is already classified, and only permanent ones are recorded as outcomes.
  const failure: FalFailure = outcome.failure ? { ...outcome.failure, permanent: true } : classifyWebhookError(outcome.error, outcome.payload, kind);
  if (failure.permanent) return failOrFallBack(jobId, failure, late);
  if (late) return markJobFailed(jobId, { ...failure, message: "The generation service failed on its side. Try again." });
  if (await resubmitJob(jobId, failure)) return;
  return markJobFailed(jobId, { ...failure, message: "The generation service kept failing. Try again later." });
}

/**
 * A transient problem while finalising: the last attempt fails the job; before it, the claim is
 * released for the queue's retry (a late job goes back to `failed`, where the reconciler leaves it).
 */
async function releaseOrFail(jobId: string, failure: Failure, { lastAttempt, late }: { lastAttempt: boolean; late: boolean }, error: unknown): Promise<void> {
  if (lastAttempt) return markJobFailed(jobId, failure);
  // Release the claim so the queue's retry can take it again at once.
  const data = late ? { status: "failed" as const, claimedAt: null } : { status: "submitted" as const, claimedAt: null, error: failure.message };
  await prisma.generationJob.updateMany({ where: { id: jobId, status: "finalizing" }, data });
  throw error;
}

/** A late job whose avatar or b-roll was retried meanwhile goes back to `failed`: the retry owns the resource. */
async function yieldToNewerJob(db: Tx | typeof prisma, jobId: string): Promise<void> {
  await db.generationJob.updateMany({ where: { id: jobId, status: "finalizing" }, data: { status: "failed", claimedAt: null } });
}

/**
 * Finalize worker. Throws on a transient problem (the copy is retried by the queue); the last
 * attempt fails the job instead, so nothing stays `processing`.
 */
export async function finalizeJob(jobId: string, { lastAttempt }: { lastAttempt: boolean }) {
  if (!(await claim(jobId))) return;
  await recordInferenceTime(jobId);
  await reportJobEvent(jobId, "finalizing");
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  const outcome = outcomeSchema.parse(job.output);
  const kind = kindOfDb(job.kind);
  // Failed at its deadline, finished after it: finalised late (the claim keeps the deadline's errorCode).
  const late = job.errorCode === DEADLINE_FAILURE_CODE;
  if (late && outcome.ok && (await isSuperseded(prisma, job))) return yieldToNewerJob(prisma, jobId);

  if (!outcome.ok) return endFailedRequest(jobId, outcome, kind, late);
  let video: Awaited<ReturnType<typeof videoUrlOf>>;
  try {
    video = await videoUrlOf(job, outcome, kind);
  } catch (error) {
    if (!(error instanceof FalError)) throw error;
    const failure = { code: "output_unavailable", message: "Could not retrieve the generated video. Try again.", detail: error.failure.detail };
    return releaseOrFail(jobId, failure, { lastAttempt, late }, error);
  }
  if ("failure" in video) return markJobFailed(jobId, video.failure);
  const target = await resolveTarget(job);
  if (!target) return markJobFailed(jobId, { code: "resource_deleted", message: "The avatar or b-roll was deleted.", detail: jobId });

  let media: Awaited<ReturnType<typeof copyOutput>>;
  const copyStarted = performance.now();
  try {
    media = await copyOutput(video.url, target, { origin: "generated", model: job.model, assetId: job.bRollId ?? job.avatarId ?? job.id });
    reportFinalization(kind, (performance.now() - copyStarted) / 1000, media.bytes);
  } catch (error) {
    // Fal's CDN no longer has the file (it outlived its lifetime before we came): no retry will find it.
    if (error instanceof DownloadHttpError && (error.status === 404 || error.status === 410)) {
      return markJobFailed(jobId, resultExpired(kind, `video ${error.message}`));
    }
    // Larger than we store: every attempt would download it again for nothing.
    if (error instanceof VideoTooLargeError) {
      return markJobFailed(jobId, { code: "output_too_large", message: `The generated video is larger than the ${byteSizeText(error.maxBytes)} we can store.`, detail: error.message });
    }
    const failure = { code: "copy_failed", message: "Could not copy the generated video. Try again.", detail: String(error) };
    return releaseOrFail(jobId, failure, { lastAttempt, late }, error);
  }

  // The temporary session the image came from goes once the clip exists. Done before the resource
  // shows `ready`, so a client that sees `ready` never sees the session still there (the avatar
  // keeps its own copy of the image).
  const cleanupPrefix = videoJobInputSchema.safeParse(job.input).data?.cleanupPrefixOnReady;
  if (cleanupPrefix) {
    await fileStorage.deleteDirectory(cleanupPrefix).catch((error: unknown) => logger.warn("temp cleanup failed; the sweeper will", { jobId, error }));
  }
  const ready = { status: "ready" as const, errorMessage: null, videoUrl: mediaUrl(target.videoKey), width: media.width, height: media.height, durationSeconds: media.durationSeconds };
  // A late clip replaces the deadline's failure: the resource may be `failed` (by that deadline) as well as `processing`.
  const resourceStatus = late ? { in: ["processing" as const, "failed" as const] } : ("processing" as const);
  const settled = await prisma.$transaction(async (tx): Promise<"ready" | "keep" | "discard"> => {
    // Checked again in the transaction: a retry may have started while the late clip was copied.
    if (late && (await isSuperseded(tx, job))) {
      await yieldToNewerJob(tx, jobId);
      return "keep";
    }
    const { count } = await tx.generationJob.updateMany({
      where: { id: jobId, status: "finalizing" },
      data: { status: "completed", completedAt: new Date(), ...(late ? lateCompletionNote() : { error: null, errorCode: null }) },
    });
    if (count === 0) {
      // Someone else ended the job: if they completed it, the objects are theirs too (same keys);
      // if it was failed meanwhile (deadline), what we copied must not stay behind.
      const now = await tx.generationJob.findUnique({ where: { id: jobId }, select: { status: true } });
      return now?.status === "completed" ? "keep" : "discard";
    }
    // The seed the model reports is the one that made this clip (b-rolls and avatars show their seed).
    const seed = video.seed !== undefined && video.seed <= 2 ** 31 - 1 && video.seed >= 0 ? { seed: video.seed } : {};
    const made = { ...ready, ...clipModelFields(job), ...seed };
    if (job.bRollId) {
      const thumbnailUrl = target.thumbnailKey ? mediaUrl(target.thumbnailKey) : null;
      return (await tx.bRoll.updateMany({ where: { id: job.bRollId, status: resourceStatus }, data: { ...made, thumbnailUrl } })).count === 1 ? "ready" : "discard";
    }
    return (await tx.avatar.updateMany({ where: { id: job.avatarId ?? "", status: resourceStatus }, data: made })).count === 1 ? "ready" : "discard";
  });
  if (settled === "discard") {
    // The resource was deleted while we copied: its objects must not outlive it.
    for (const key of [target.videoKey, target.thumbnailKey]) if (key) await fileStorage.deleteFile(key).catch(() => undefined);
  }
  if (settled !== "ready") return;
  // A public avatar just became ready: the cached library must list it on the next request.
  if (job.avatarId && target.videoKey === storageKeys.publicAvatarVideo({ avatarId: job.avatarId })) await invalidatePublicLibrary();
  await reportJobEvent(jobId, "completed", { bytes: media.bytes, finalizeMs: Math.round(performance.now() - copyStarted), videoSeconds: media.durationSeconds, ...(late ? { late: true } : {}) });
}
