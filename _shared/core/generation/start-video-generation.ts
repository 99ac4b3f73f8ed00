import "server-only";
// The one path of every request that starts a video generation (an avatar's clip or a b-roll,
// created or retried):
//   replay check -> plan (the resource's checks and options) -> limits -> copy the input image ->
//   one transaction (spend hold + the resource row + its job) -> enqueue the job -> read back.
// Each resource says only what differs: how it answers a replay, how it plans (checks, options,
// which image, which row to write) and how it reads itself back.
import { AsyncLocalStorage } from "node:async_hooks";
import { concurrencyLimit, type ConcurrencyLimit } from "@/_shared/lib/concurrency-limit";
import { getEnv } from "@/_shared/lib/env";
import { ApiError } from "@/_shared/lib/errors";
import { fallbackFor } from "@/_shared/lib/fal-fallback-model";
import { estimateCostUsd, videoOptionProblems } from "@/_shared/lib/fal-models";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { logger } from "@/_shared/lib/logger";
import { prisma, type Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { VideoKind, VideoOptions } from "@/_shared/schemas/generation-options";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { copyImageHashed, recordImageHash } from "@/_shared/core/provenance/picture-hash";
import { enforceGenerationLimits } from "@/_shared/core/spend/limits";
import { findReplay, writeOrReplay, type Replay } from "./idempotency";
import { publishJobUpdate } from "./job-events";
import { createVideoJob, enqueueSubmit } from "./jobs";

export interface VideoGenerationPlan {
  kind: VideoKind;
  prompt: string;
  /** Complete options (defaults applied): what the job stores and a retry repeats. */
  options: VideoOptions;
  /** A retry repeating a stored request: options the model now refuses are a 422, not a 400. */
  repeats?: boolean;
  resource: { avatarId: string } | { bRollId: string };
  projectId: string | null;
  /** An image to copy before the transaction; the copy is removed again if the transaction fails. */
  copyImage?: { from: string; to: string };
  /** The storage key of the image the model animates (image-to-video). */
  sourceImageKey?: string;
  /** A temporary-images prefix to delete once the clip is ready. */
  cleanupPrefixOnReady?: string;
  /** Inside the transaction: creates the row, or turns a failed one back to processing (or throws). */
  writeRow(tx: Tx): Promise<void>;
}

export interface VideoGenerationRequest<R> {
  user: SessionUser;
  idempotency?: IdempotencyRequest;
  /** What a request whose Idempotency-Key was used before answers: the first request's resource. */
  answerReplay(replay: Replay): Promise<R>;
  /** Checks the request (ownership, state, image) and decides what to generate. */
  plan(): Promise<VideoGenerationPlan>;
  /** The reply once the job is queued. */
  readBack(plan: VideoGenerationPlan, estimatedCostUsd: number): Promise<R>;
}

const globalForStarts = globalThis as typeof globalThis & { generationStarts?: ConcurrencyLimit; inGenerationStart?: AsyncLocalStorage<true> };
const inStart = (globalForStarts.inGenerationStart ??= new AsyncLocalStorage<true>());

/**
 * At most GENERATION_START_CONCURRENCY generations being started at once in this process; the
 * others wait their turn. A burst of creations otherwise holds every connection of the database
 * pool, and a plain listing waits behind them. A start made from inside another runs in its
 * caller's slot; a b-roll's takes are one start (one slot) for the whole group.
 */
export function inStartSlot<R>(start: () => Promise<R>): Promise<R> {
  if (inStart.getStore()) return start();
  globalForStarts.generationStarts ??= concurrencyLimit(getEnv().GENERATION_START_CONCURRENCY);
  return globalForStarts.generationStarts(() => inStart.run(true, start));
}

export function startVideoGeneration<R>(request: VideoGenerationRequest<R>): Promise<R> {
  return startVideoGenerations({
    ...request,
    plans: async () => [await request.plan()],
    readBack: (plans, estimatedCostUsd) => request.readBack(plans[0], estimatedCostUsd),
  });
}

/**
 * Several generations one request starts together (a b-roll's takes): checked, priced and capped as
 * a whole (the cap counts every one before anything starts), written in one transaction (all rows
 * and jobs or none), then each enqueued. The Idempotency-Key is stored on the first plan's job.
 */
export interface VideoGenerationGroupRequest<R> extends Omit<VideoGenerationRequest<R>, "plan" | "readBack"> {
  plans(): Promise<VideoGenerationPlan[]>;
  /** The reply once the jobs are queued; `estimatedCostUsd` is the sum of the plans' prices. */
  readBack(plans: VideoGenerationPlan[], estimatedCostUsd: number): Promise<R>;
}

export function startVideoGenerations<R>(request: VideoGenerationGroupRequest<R>): Promise<R> {
  return inStartSlot(() => startInSlot(request));
}

async function startInSlot<R>(request: VideoGenerationGroupRequest<R>): Promise<R> {
  const { user, idempotency } = request;
  const replay = async () => {
    const first = await findReplay(user.id, idempotency);
    return first ? request.answerReplay(first) : null;
  };
  const replayed = await replay();
  if (replayed) return replayed;

  const plans = await request.plans();
  for (const plan of plans) assertModelTakes(plan.kind, plan.options, plan.repeats);
  const estimatedCostUsd = Math.round(plans.reduce((sum, plan) => sum + estimateCostUsd(plan.kind, plan.options), 0) * 10_000) / 10_000;
  const permit = await enforceGenerationLimits(user, { kind: plans[0].kind, estimatedCostUsd });
  const copies = plans.flatMap((plan) => (plan.copyImage ? [plan.copyImage] : []));
  const copied: string[] = [];
  const removeCopies = async () => {
    for (const key of copied) {
      await fileStorage.deleteFile(key).catch((error: unknown) => logger.error("could not remove an input image copy", { key, error }));
    }
  };
  // Each copy's SHA-256, for the provenance record (computed once, here).
  const hashes = new Map<string, string>();
  try {
    for (const copy of copies) {
      copied.push(copy.to);
      hashes.set(copy.to, await copyImageHashed(copy.from, copy.to));
    }
  } catch (error) {
    await removeCopies();
    throw error;
  }

  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        const jobIds: string[] = [];
        for (const [i, plan] of plans.entries()) {
          await plan.writeRow(tx);
          const imageSha256 = plan.copyImage && hashes.get(plan.copyImage.to);
          if (imageSha256) await recordImageHash(tx, plan.resource, imageSha256);
          const job = await createVideoJob(tx, {
            kind: plan.kind,
            prompt: plan.prompt,
            options: plan.options,
            sourceImageKey: plan.sourceImageKey,
            cleanupPrefixOnReady: plan.cleanupPrefixOnReady,
            userId: user.id,
            projectId: plan.projectId,
            ...plan.resource,
            ...(i === 0 ? { idempotency } : {}),
          });
          jobIds.push(job.id);
        }
        return jobIds;
      }),
    replay,
    removeCopies,
  );
  if ("replayed" in outcome) return outcome.replayed;
  await queueStartedJobs(outcome.written);
  return request.readBack(plans, estimatedCostUsd);
}

/**
 * The schemas take what any of our models accepts; the configured model may take less: a 400 naming
 * what it refuses (a 422 when the generation repeats an earlier request, which cannot be edited).
 */
export function assertModelTakes(kind: VideoKind, options: VideoOptions, repeats = false): void {
  const problems = videoOptionProblems(kind, options);
  // Asking for the fallback where there is none is a mistake to tell; a repeat of a request made while
  // the fallback was on just goes without it.
  if (options.fallback === true && !repeats && (kind !== "image-to-video" || !fallbackFor({}))) {
    problems.push({
      path: "fallback",
      message: kind === "image-to-video" ? "fallback: no fallback model is configured on this server; leave the field out or send false" : "fallback applies only to clips made from a picture; leave the field out",
    });
  }
  if (!problems.length) return;
  const message = problems.map((p) => p.message).join("; ");
  throw repeats
    ? new ApiError("unprocessable", `The last generation cannot be repeated with the current model (${message}). Create a new one instead.`, problems)
    : new ApiError("bad_request", message, problems);
}

/** Jobs whose rows just committed: each queued for submission, and shown in the owner's other tabs (with the spend it adds). */
export async function queueStartedJobs(jobIds: string[]): Promise<void> {
  for (const jobId of jobIds) {
    await enqueueSubmit(jobId);
    await publishJobUpdate(jobId);
  }
}
