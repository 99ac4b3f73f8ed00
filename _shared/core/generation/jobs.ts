import "server-only";
// The generation pipeline's state machine (GenerationJob): created `queued` with its resource, then
// `submitted` to Fal by the submit worker, `finalizing` while a worker copies the output, and
// `completed` or `failed`. Every transition is a conditional update, so duplicates and races
// (webhook retries, two workers, the reconciler) change a terminal job never again, with one
// exception: a job failed at its deadline whose request finished after it (late-outcome.ts).
import { z } from "zod";
import { ApiError } from "@/_shared/lib/errors";
import type { FalFailure } from "@/_shared/lib/fal-errors";
import { estimateCostUsd, modelId, videoInput } from "@/_shared/lib/fal-models";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { logger } from "@/_shared/lib/logger";
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";
import { enqueue, QUEUES } from "@/_shared/lib/queue";
import { videoOptionsSchema, type VideoKind, type VideoOptions } from "@/_shared/schemas/generation-options";
import { fallbackPlan } from "./fallback-plan";
import { toDbKind } from "./job-kinds";
import { reportJobEvent } from "./telemetry";

/** What a video job carries from creation to submission (stored as GenerationJob.input). */
export const videoJobInputSchema = z.object({
  /** The request as our API took it (prompt and options, defaults applied): what a retry repeats. */
  request: z.object({ prompt: z.string(), options: z.unknown() }).optional(),
  /** The model's input fields, made from the request when the job was created. */
  falInput: z.record(z.string(), z.unknown()),
  /** Our storage key of the source image (image-to-video); uploaded for Fal at submit time. */
  sourceImageKey: z.string().optional(),
  /** A temporary-images prefix to delete once the clip is ready (sessions are swept otherwise). */
  cleanupPrefixOnReady: z.string().optional(),
  /** Fingerprint of the request that carried an Idempotency-Key (a replay must match it). */
  requestHash: z.string().optional(),
  /** Fal requests this job made before its current one, ended by a server error on Fal's side (resubmit.ts). */
  previousFalRequestIds: z.array(z.string()).optional(),
  /** Image-to-video: the model to continue on when this one refuses the face, with its input and price (fallback.ts). */
  fallback: z.object({ model: z.string(), falInput: z.record(z.string(), z.unknown()), estimatedCostUsd: z.number() }).optional(),
  /** Set when the job continued on its fallback: the model that refused the face. */
  fallbackFrom: z.string().optional(),
});
export type VideoJobInput = z.infer<typeof videoJobInputSchema>;

/** Plain data as a Prisma JSON value. */
export const toJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

const TERMINAL = ["completed", "failed"] as const;

export interface VideoJobRequest {
  kind: VideoKind;
  prompt: string;
  options: VideoOptions;
  sourceImageKey?: string;
  cleanupPrefixOnReady?: string;
  userId: string;
  projectId: string | null;
  avatarId?: string;
  bRollId?: string;
  idempotency?: IdempotencyRequest;
}

export async function createVideoJob(tx: Tx, p: VideoJobRequest) {
  const input: VideoJobInput = {
    request: { prompt: p.prompt, options: p.options },
    falInput: videoInput(p.kind, p.prompt, p.options),
    ...(p.sourceImageKey ? { sourceImageKey: p.sourceImageKey } : {}),
    ...(p.cleanupPrefixOnReady ? { cleanupPrefixOnReady: p.cleanupPrefixOnReady } : {}),
    ...(p.idempotency ? { requestHash: p.idempotency.requestHash } : {}),
    ...fallbackPlan(p.kind, p.prompt, p.options),
  };
  return tx.generationJob.create({
    data: {
      kind: toDbKind(p.kind),
      model: modelId(p.kind),
      input: toJson(input),
      estimatedCostUsd: estimateCostUsd(p.kind, p.options),
      userId: p.userId,
      projectId: p.projectId,
      avatarId: p.avatarId,
      bRollId: p.bRollId,
      idempotencyKey: p.idempotency?.key,
    },
    select: { id: true },
  });
}

// Jobs made before the request was stored carry only the model's fields: read them back as options.
const legacyFalInput = z.object({
  prompt: z.string(),
  aspect_ratio: z.string().optional(),
  resolution: z.string().optional(),
  duration: z.union([z.string(), z.number()]).optional(),
  seed: z.number().optional(),
  camera_fixed: z.boolean().optional(),
});

function storedRequestOf(input: VideoJobInput): { prompt: string; options: unknown } | null {
  if (input.request) return input.request;
  const fal = legacyFalInput.safeParse(input.falInput);
  if (!fal.success) return null;
  const { prompt, aspect_ratio, resolution, duration, seed, camera_fixed } = fal.data;
  const options = { aspectRatio: aspect_ratio, resolution, duration: duration === undefined ? undefined : Number(duration), seed, cameraFixed: camera_fixed };
  return { prompt, options: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) };
}

/**
 * What the newest generation of an avatar or b-roll asked for, to repeat it: its prompt and options,
 * validated again with the schema every create request goes through (so a retry repeats exactly
 * what was asked, seed included, and stored input that no longer validates is a clear 422, never a
 * 500), and the temporary-images prefix it was to clean up.
 */
export async function lastVideoRequest(resource: { avatarId: string } | { bRollId: string }, what: string) {
  const job = await prisma.generationJob.findFirst({ where: resource, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { input: true } });
  const parsed = videoJobInputSchema.safeParse(job?.input);
  const request = parsed.success ? storedRequestOf(parsed.data) : null;
  const options = request ? videoOptionsSchema.safeParse(request.options) : null;
  if (!request || !options?.success) {
    const reason = options?.error?.issues.map((issue) => `${issue.path.join(".") || "options"}: ${issue.message}`).join("; ") ?? "unreadable";
    throw new ApiError("unprocessable", `The last generation of this ${what} cannot be repeated: its stored request is not valid (${reason}). Create a new one instead.`);
  }
  return { prompt: request.prompt, options: options.data, cleanupPrefixOnReady: parsed.data?.cleanupPrefixOnReady };
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

/** Outcome reported by a webhook or found by polling, kept on the job until finalisation. */
export interface JobOutcome {
  source: "webhook" | "poll";
  ok: boolean;
  payload?: unknown;
  /** Fal's error text (webhook ERROR). */
  error?: string;
  /** Fal could not serialise the output into the webhook (`payload_error`; payload null): the result is read from the queue. */
  payloadError?: string;
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
