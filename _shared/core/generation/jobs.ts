import "server-only";
// The generation pipeline's state machine (GenerationJob): created `queued` with its resource, then
// `submitted` to Fal by the submit worker, `finalizing` while a worker copies the output, and
// `completed` or `failed`. Every transition is a conditional update, so duplicates and races
// (webhook retries, two workers, the reconciler) change a terminal job never again.
import { z } from "zod";
import { notFound } from "@/_shared/lib/errors";
import type { FalFailure } from "@/_shared/lib/fal-errors";
import { estimateCostUsd, modelId, videoInput } from "@/_shared/lib/fal-models";
import { type VideoOptions } from "@/_shared/schemas/generation-options";
import { logger } from "@/_shared/lib/logger";
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";
import { enqueue, QUEUES } from "@/_shared/lib/queue";
import type { SessionUser } from "@/_shared/lib/session";
import { FalError, falAi } from "../fal-ai.service";
import { reportJobEvent } from "./telemetry";
import { jobCore, jobDurations, jobViewSelect } from "./job-view";

export type VideoRole = "image-to-video" | "text-to-video";

/** What a video job carries from creation to submission (stored as GenerationJob.input). */
export const videoJobInputSchema = z.object({
  role: z.enum(["image-to-video", "text-to-video"]),
  falInput: z.record(z.string(), z.unknown()),
  /** Our storage key of the source image (image-to-video); uploaded for Fal at submit time. */
  sourceImageKey: z.string().optional(),
  /** A temporary-images prefix to delete once the clip is ready (the plan's cleanup rule). */
  cleanupPrefixOnReady: z.string().optional(),
  /** Fingerprint of the request that carried an Idempotency-Key (a replay must match it). */
  requestHash: z.string().optional(),
});
export type VideoJobInput = z.infer<typeof videoJobInputSchema>;

/** Plain data as a Prisma JSON value. */
export const toJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

const TERMINAL = ["completed", "failed"] as const;

export async function createVideoJob(
  tx: Tx,
  p: {
    role: VideoRole;
    prompt: string;
    options: VideoOptions;
    sourceImageKey?: string;
    cleanupPrefixOnReady?: string;
    userId: string | null;
    projectId?: string | null;
    avatarId?: string;
    bRollId?: string;
    idempotency?: { key: string; requestHash: string };
  },
) {
  const input: VideoJobInput = {
    role: p.role,
    falInput: videoInput(p.role, p.prompt, p.options),
    ...(p.sourceImageKey ? { sourceImageKey: p.sourceImageKey } : {}),
    ...(p.cleanupPrefixOnReady ? { cleanupPrefixOnReady: p.cleanupPrefixOnReady } : {}),
    ...(p.idempotency ? { requestHash: p.idempotency.requestHash } : {}),
  };
  return tx.generationJob.create({
    data: {
      kind: p.role === "image-to-video" ? "image_to_video" : "text_to_video",
      model: modelId(p.role),
      input: toJson(input),
      estimatedCostUsd: estimateCostUsd(p.role, p.options),
      userId: p.userId,
      projectId: p.projectId ?? null,
      avatarId: p.avatarId,
      bRollId: p.bRollId,
      idempotencyKey: p.idempotency?.key,
    },
  });
}

/** Hands a committed job to the submit worker. A lost enqueue is re-sent by the reconciler. */
export async function enqueueSubmit(jobId: string) {
  await enqueue(QUEUES.submit, { jobId }).catch((error: unknown) => logger.error("could not enqueue submit; the reconciler will", { jobId, error }));
}

/** Marks the job and its avatar or b-roll failed with a readable reason (once: terminal jobs stay). */
export async function markJobFailed(jobId: string, failure: Pick<FalFailure, "code" | "message" | "detail">) {
  const changed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.generationJob.updateMany({
      where: { id: jobId, status: { notIn: [...TERMINAL] } },
      data: { status: "failed", error: failure.message, errorCode: failure.code, completedAt: new Date() },
    });
    if (count === 0) return false;
    const job = await tx.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { avatarId: true, bRollId: true } });
    const data = { status: "failed" as const, errorMessage: failure.message };
    if (job.avatarId) await tx.avatar.updateMany({ where: { id: job.avatarId, status: "processing" }, data });
    if (job.bRollId) await tx.bRoll.updateMany({ where: { id: job.bRollId, status: "processing" }, data });
    return true;
  });
  if (changed) await reportJobEvent(jobId, "failed", { detail: failure.detail });
}

/**
 * Submit worker: sends a queued job to Fal. Permanent failures fail the job at once; transient ones
 * throw so the queue retries with backoff, until the last attempt, which fails the job.
 */
export async function submitJob(jobId: string, { lastAttempt }: { lastAttempt: boolean }) {
  const job = await prisma.generationJob.findUnique({ where: { id: jobId } });
  if (!job || job.status !== "queued") return;
  if (!job.avatarId && !job.bRollId) {
    // Its avatar or b-roll was deleted before submission: nothing to pay Fal for.
    return markJobFailed(jobId, { code: "resource_deleted", message: "The avatar or b-roll was deleted.", detail: jobId });
  }
  const input = videoJobInputSchema.parse(job.input);
  await prisma.generationJob.update({ where: { id: jobId }, data: { attempts: { increment: 1 } } });
  try {
    const imageUrl = input.sourceImageKey ? await falAi.uploadInputImage(input.sourceImageKey) : undefined;
    const request = await falAi.submit(input.role, { ...input.falInput, ...(imageUrl ? { image_url: imageUrl } : {}) });
    const { count } = await prisma.generationJob.updateMany({
      where: { id: jobId, status: "queued" },
      data: {
        status: "submitted",
        falRequestId: request.requestId,
        falStatusUrl: request.statusUrl,
        falResponseUrl: request.responseUrl,
        submittedAt: new Date(),
        error: null,
        errorCode: null,
      },
    });
    if (count === 1) {
      await linkFalRequestId(jobId, request.requestId);
      await reportJobEvent(jobId, "submitted", { requestId: request.requestId });
    }
  } catch (error) {
    const failure = error instanceof FalError ? error.failure : { permanent: false, code: "internal", message: "Submission failed; retrying.", detail: String(error) };
    if (failure.permanent || lastAttempt) {
      await markJobFailed(jobId, lastAttempt && !failure.permanent ? { ...failure, message: "The generation service kept failing. Try again later." } : failure);
      return;
    }
    await prisma.generationJob.update({ where: { id: jobId }, data: { error: failure.message, errorCode: failure.code } });
    await reportJobEvent(jobId, "submit_retry", { errorCode: failure.code, detail: failure.detail });
    throw error;
  }
}

async function linkFalRequestId(jobId: string, requestId: string) {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { avatarId: true, bRollId: true } });
  if (job.avatarId) await prisma.avatar.updateMany({ where: { id: job.avatarId }, data: { falVideoJobId: requestId } });
  if (job.bRollId) await prisma.bRoll.updateMany({ where: { id: job.bRollId }, data: { falJobId: requestId } });
}

/** Outcome reported by a webhook or found by polling, kept on the job until finalisation. */
export interface JobOutcome {
  source: "webhook" | "poll";
  ok: boolean;
  payload?: unknown;
  /** Fal's error text (webhook ERROR). */
  error?: string;
  /** Already classified (found by polling the result). */
  failure?: Pick<FalFailure, "code" | "message" | "detail">;
}

/** Stores an outcome for a job still waiting for one and hands it to a finalize worker. */
export async function recordOutcome(jobId: string, outcome: JobOutcome, inferenceMs?: number): Promise<boolean> {
  const { count } = await prisma.generationJob.updateMany({
    where: { id: jobId, status: { in: ["queued", "submitted"] }, outcomeAt: null },
    data: { output: toJson(outcome), outcomeAt: new Date(), ...(inferenceMs ? { inferenceMs } : {}) },
  });
  if (count === 1) {
    await enqueue(QUEUES.finalize, { jobId }, { singletonKey: jobId });
    await reportJobEvent(jobId, "outcome", { source: outcome.source, ok: outcome.ok });
  }
  return count === 1;
}


/** GET /api/jobs/[id]: the caller's job (admins see any), with its queue state and timings. */
export async function getJobForUser({ user, id }: { user: SessionUser; id: string }) {
  const job = await prisma.generationJob.findFirst({ where: { id, ...(user.role === "admin" ? {} : { userId: user.id }) }, select: jobViewSelect });
  if (!job) throw notFound("Job");
  return {
    ...jobCore(job),
    timings: {
      createdAt: job.createdAt.toISOString(),
      submittedAt: job.submittedAt?.toISOString() ?? null,
      outcomeAt: job.outcomeAt?.toISOString() ?? null,
      completedAt: job.completedAt?.toISOString() ?? null,
      ...jobDurations(job),
    },
  };
}
