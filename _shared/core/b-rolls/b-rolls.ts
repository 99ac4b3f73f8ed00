import "server-only";
// B-rolls: short silent clips for a project, from a prompt (Seedance text-to-video) or a prompt and
// an image (image-to-video). Creating one writes the row (`processing`) and its generation job in one
// transaction, then hands the job to the pipeline, which makes the b-roll `ready` or `failed`.
import { z } from "zod";
import { ApiError, notFound } from "@/_shared/lib/errors";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { VIDEO_ASPECT_RATIOS, VIDEO_DEFAULTS, VIDEO_RESOLUTIONS, type VideoOptions } from "@/_shared/schemas/generation-options";
import { createId } from "@/_shared/lib/ids";
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import type { BRollResponse, CreateBRollBody } from "@/_shared/schemas/b-roll";
import { getBRoll, getBRollOrThrow } from "./b-roll-view";
import { generateBRoll, startGeneration } from "../content-generation.service";
import { fileStorage } from "../file-storage.service";
import { videoJobInputSchema } from "@/_shared/core/generation/jobs";
import { findReplay, writeOrReplay, type IdempotencyRequest } from "@/_shared/core/generation/idempotency";
import { enforceGenerationLimits } from "@/_shared/core/spend/limits";
import { resolveImageInput } from "@/_shared/core/images/image-input";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";

const notFailed = () => new ApiError("conflict", "Only a failed b-roll can be retried");

/** What a request with an already used Idempotency-Key answers: the b-roll the first one created. */
async function replayOf(user: SessionUser, idempotency: IdempotencyRequest | undefined): Promise<BRollResponse | null> {
  const replay = await findReplay(user.id, idempotency);
  if (!replay) return null;
  if (!replay.bRollId) throw new ApiError("conflict", "The b-roll created with this Idempotency-Key has been deleted; use a new key");
  return getBRoll({ user, id: replay.bRollId });
}

/**
 * Runs the transaction that writes the b-roll and its job, then starts the job once committed. A
 * transaction that lost the race to a concurrent request with the same key answers that one's b-roll.
 */
async function generate(
  user: SessionUser,
  idempotency: IdempotencyRequest | undefined,
  onFailure: () => Promise<void>,
  write: () => Promise<{ bRollId: string; jobId: string }>,
): Promise<BRollResponse> {
  const outcome = await writeOrReplay(write, () => replayOf(user, idempotency), onFailure);
  if ("replayed" in outcome) return outcome.replayed;
  await startGeneration(outcome.written.jobId);
  return getBRoll({ user, id: outcome.written.bRollId });
}

/** POST /api/b-rolls: validates the project and image, creates the b-roll and its job, starts it. */
export async function createBRoll(
  { user, input, idempotency }: { user: SessionUser; input: CreateBRollBody; idempotency?: IdempotencyRequest },
): Promise<BRollResponse> {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;
  await getProjectOrThrow({ id: input.projectId, userId: user.id });
  const image = input.imageUrl ? await resolveImageInput({ user, imageUrl: input.imageUrl, allowPublic: true }) : undefined;
  const options = {
    aspectRatio: input.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio,
    resolution: input.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: input.duration ?? VIDEO_DEFAULTS.duration,
    seed: input.seed,
    cameraFixed: input.cameraFixed,
  } satisfies VideoOptions;
  const role = image ? "image-to-video" : "text-to-video";
  const permit = await enforceGenerationLimits(user, { role, estimatedCostUsd: estimateCostUsd(role, options) });

  // The source image is copied next to the clip: temporary images are swept and avatars deleted,
  // but a b-roll keeps what it was made from (for display and retries). A failed write removes it.
  const bRollId = createId();
  const sourceKey = image ? storageKeys.bRollSourceImage({ userId: user.id, projectId: input.projectId, bRollId, ext: image.ext }) : undefined;
  if (image && sourceKey) await fileStorage.copyFile(image.key, sourceKey);
  const removeCopy = async () => {
    if (sourceKey) await fileStorage.deleteFile(sourceKey).catch(() => undefined);
  };

  return generate(user, idempotency, removeCopy, () =>
    prisma.$transaction(async (tx) => {
      await permit.holdDailySpend(tx);
      const bRoll = await tx.bRoll.create({
        data: {
          id: bRollId,
          name: input.name,
          prompt: input.prompt,
          imageUrl: sourceKey ? mediaUrl(sourceKey) : null,
          type: image ? "image_to_video" : "text_to_video",
          status: "processing",
          aspectRatio: options.aspectRatio,
          resolution: options.resolution,
          userId: user.id,
          projectId: input.projectId,
        },
        select: { id: true },
      });
      const job = await generateBRoll(tx, { bRollId: bRoll.id, userId: user.id, projectId: input.projectId, prompt: input.prompt, imageKey: sourceKey, options, idempotency });
      return { bRollId: bRoll.id, jobId: job.id };
    }),
  );
}

// The options a b-roll's previous generation used, read back from the Fal input its job carried
// (duration, seed and camera_fixed are not columns of the b-roll). Anything unreadable falls back to
// the defaults rather than blocking the retry.
const previousFalInput = z.object({
  aspect_ratio: z.enum(VIDEO_ASPECT_RATIOS).optional().catch(undefined),
  resolution: z.enum(VIDEO_RESOLUTIONS).optional().catch(undefined),
  duration: z.coerce.number().int().min(2).max(12).optional().catch(undefined),
  seed: z.number().int().min(0).optional().catch(undefined),
  camera_fixed: z.boolean().optional().catch(undefined),
});

async function previousOptions(bRollId: string): Promise<VideoOptions> {
  const job = await prisma.generationJob.findFirst({ where: { bRollId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { input: true } });
  const parsed = videoJobInputSchema.safeParse(job?.input);
  const fal = previousFalInput.parse(parsed.success ? parsed.data.falInput : {});
  return {
    aspectRatio: fal.aspect_ratio ?? VIDEO_DEFAULTS.aspectRatio,
    resolution: fal.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: fal.duration ?? VIDEO_DEFAULTS.duration,
    seed: fal.seed,
    cameraFixed: fal.camera_fixed,
  };
}

/** The storage key of the image a b-roll was made from, if the caller may still use it. */
async function sourceImageKey(user: SessionUser, imageUrl: string): Promise<string> {
  try {
    return (await resolveImageInput({ user, imageUrl, allowPublic: true })).key;
  } catch (error) {
    if (error instanceof ApiError && error.code === "bad_request") {
      throw new ApiError(
        "conflict",
        "The image this b-roll was made from no longer exists (temporary images are deleted after a while); create a new b-roll with another image",
      );
    }
    throw error;
  }
}

/** POST /api/b-rolls/[id]/retry: a failed b-roll goes back to `processing` with a new job, same request. */
export async function retryBRoll(
  { user, id, idempotency }: { user: SessionUser; id: string; idempotency?: IdempotencyRequest },
): Promise<BRollResponse> {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;
  const row = await getBRollOrThrow({ id, userId: user.id });
  if (row.status !== "failed") throw notFailed();
  const imageKey = row.imageUrl ? await sourceImageKey(user, row.imageUrl) : undefined;
  const options = await previousOptions(id);
  const role = imageKey ? "image-to-video" : "text-to-video";
  const permit = await enforceGenerationLimits(user, { role, estimatedCostUsd: estimateCostUsd(role, options) });

  return generate(user, idempotency, async () => undefined, () =>
    prisma.$transaction(async (tx) => {
      await permit.holdDailySpend(tx);
      // Conditional: of two concurrent retries one wins, the other gets the 409.
      const { count } = await tx.bRoll.updateMany({
        where: { id, userId: user.id, status: "failed" },
        data: { status: "processing", errorMessage: null, videoUrl: null, thumbnailUrl: null, durationSeconds: null, width: null, height: null },
      });
      if (count === 0) throw notFailed();
      const job = await generateBRoll(tx, { bRollId: id, userId: user.id, projectId: row.projectId, prompt: row.prompt, imageKey, options, idempotency });
      return { bRollId: id, jobId: job.id };
    }),
  );
}

/** PATCH /api/b-rolls/[id]: rename. */
export async function renameBRoll({ user, id, name }: { user: SessionUser; id: string; name: string }): Promise<BRollResponse> {
  const { count } = await prisma.bRoll.updateMany({ where: { id, userId: user.id }, data: { name } });
  if (count === 0) throw notFound("B-roll");
  return getBRoll({ user, id });
}

/**
 * DELETE /api/b-rolls/[id]: the row first, then its video and thumbnail. If its job is still running,
 * finalisation finds the b-roll gone and keeps (or removes) nothing, so no object outlives the row.
 */
export async function deleteBRoll({ user, id }: { user: SessionUser; id: string }): Promise<void> {
  const { projectId } = await getBRollOrThrow({ id, userId: user.id });
  const { count } = await prisma.bRoll.deleteMany({ where: { id, userId: user.id } });
  if (count === 0) throw notFound("B-roll");
  // Its clip, thumbnail and source image: every object of the project folder named after it.
  const prefix = storageKeys.bRollProjectPrefix({ userId: user.id, projectId });
  let keys: string[] = [];
  try {
    keys = (await fileStorage.listKeys(prefix)).filter((key) => key.startsWith(`${prefix}${id}.`) || key.startsWith(`${prefix}${id}-source.`));
    for (const key of keys) await fileStorage.deleteFile(key);
  } catch (error) {
    logger.error("b-roll deleted but some of its objects were not", { bRollId: id, keys, error });
  }
}
