import "server-only";
// The public avatar library, write side (admins): create a clip from one of our images, rename and
// retag, delete, retry a failed generation. Every write makes the cached library replies stale.
import { z } from "zod";
import { ApiError, notFound } from "@/_shared/lib/errors";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { VIDEO_DEFAULTS, videoOptionsSchema, type VideoOptions } from "@/_shared/schemas/generation-options";
import { createId } from "@/_shared/lib/ids";
import { logger } from "@/_shared/lib/logger";
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { DEFAULT_AVATAR_MOTION } from "@/_shared/schemas/private-avatar";
import type { CreatePublicAvatarBody, RetryPublicAvatarBody, UpdatePublicAvatarBody } from "@/_shared/schemas/public-avatar";
import { avatarSelect, toAvatarResponse } from "./avatar-view";
import { generateMuteAvatar, startGeneration } from "../content-generation.service";
import { fileStorage } from "../file-storage.service";
import { videoJobInputSchema } from "@/_shared/core/generation/jobs";
import { findReplay, type IdempotencyRequest, writeOrReplay } from "@/_shared/core/generation/idempotency";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { enforceGenerationLimits } from "@/_shared/core/spend/limits";
import { resolveImageInput } from "@/_shared/core/images/image-input";

/** The video options a request carries, without the fields it left out. */
function videoOptions({ aspectRatio, resolution, duration, seed, cameraFixed }: VideoOptions): VideoOptions {
  return {
    ...(aspectRatio !== undefined ? { aspectRatio } : {}),
    ...(resolution !== undefined ? { resolution } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(cameraFixed !== undefined ? { cameraFixed } : {}),
  };
}

/** Tag ids from `tagIds` or `tagSlugs`; any that do not exist are a 400 naming them. */
async function resolveTagIds({ tagIds, tagSlugs }: { tagIds?: string[]; tagSlugs?: string[] }): Promise<string[]> {
  const field = tagIds ? "tagIds" : "tagSlugs";
  const wanted = [...new Set(tagIds ?? tagSlugs ?? [])];
  const found = await prisma.tag.findMany({ where: field === "tagIds" ? { id: { in: wanted } } : { slug: { in: wanted } }, select: { id: true, slug: true } });
  const known = new Set(found.map((tag) => (field === "tagIds" ? tag.id : tag.slug)));
  const unknown = wanted.filter((value) => !known.has(value));
  if (unknown.length) {
    const message = `Unknown tag${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`;
    throw new ApiError("bad_request", message, [{ path: field, message }]);
  }
  return found.map((tag) => tag.id);
}

/**
 * Makes the clip of an avatar row in `tx`; the caller starts the job once committed. The job is the
 * admin's (the avatar belongs to the library): their spend counts it and their Idempotency-Keys name it.
 */
function queueClip(tx: Tx, p: { user: SessionUser; avatarId: string; imageKey: string; prompt: string; options: VideoOptions; idempotency?: IdempotencyRequest }) {
  return generateMuteAvatar(tx, {
    avatarId: p.avatarId,
    userId: p.user.id,
    projectId: null,
    imageKey: p.imageKey,
    prompt: p.prompt,
    options: p.options,
    idempotency: p.idempotency,
  });
}

/** What a request with an already used Idempotency-Key answers: the avatar the first one made or retried. */
async function replayOf(user: SessionUser, idempotency: IdempotencyRequest | undefined) {
  const replay = await findReplay(user.id, idempotency);
  if (!replay) return null;
  const row = replay.avatarId ? await prisma.avatar.findFirst({ where: { id: replay.avatarId, visibility: "public" }, select: avatarSelect }) : null;
  if (!row) throw new ApiError("conflict", "The avatar made with this Idempotency-Key has been deleted; use a new key");
  return { ...toAvatarResponse(row), estimatedCostUsd: replay.estimatedCostUsd ?? 0 };
}

/**
 * POST /api/avatars/public: copies the image to the avatar's own key, then creates the row
 * (processing) and its Seedance job in one transaction, and starts the job. No orphans: if the
 * transaction fails, the copy is removed; if the copy fails, there is no row.
 */
export async function createPublicAvatar({ user, body, idempotency }: { user: SessionUser; body: CreatePublicAvatarBody; idempotency?: IdempotencyRequest }) {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;
  const tagIds = await resolveTagIds(body);
  const image = await resolveImageInput({ user, imageUrl: body.imageUrl });
  const options = { ...videoOptions(body), aspectRatio: body.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio };
  const estimatedCostUsd = estimateCostUsd("image-to-video", options);
  const permit = await enforceGenerationLimits(user, { role: "image-to-video", estimatedCostUsd });
  const avatarId = createId();
  const imageKey = storageKeys.publicAvatarImage({ avatarId, ext: image.ext });
  await fileStorage.copyFile(image.key, imageKey);
  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        await tx.avatar.create({
          data: {
            id: avatarId,
            name: body.name,
            imageUrl: mediaUrl(imageKey),
            visibility: "public",
            status: "processing",
            aspectRatio: options.aspectRatio,
            tags: { connect: tagIds.map((id) => ({ id })) },
          },
        });
        const job = await queueClip(tx, { user, avatarId, imageKey, prompt: body.prompt ?? DEFAULT_AVATAR_MOTION, options, idempotency });
        return { jobId: job.id, row: await tx.avatar.findUniqueOrThrow({ where: { id: avatarId }, select: avatarSelect }) };
      }),
    () => replayOf(user, idempotency),
    () => fileStorage.deleteFile(imageKey).catch((cleanupError: unknown) => logger.error("could not remove the copy of a public avatar's image", { imageKey, error: cleanupError })),
  );
  if ("replayed" in outcome) return outcome.replayed;
  const created = outcome.written;
  await startGeneration(created.jobId);
  await invalidatePublicLibrary();
  return { ...toAvatarResponse(created.row), estimatedCostUsd };
}

const notFoundOnMissing = (error: unknown): never => {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("Avatar");
  throw error;
};

/** PUT /api/avatars/public/[id]: a new name and/or a new set of tags (replacing the old one). */
export async function updatePublicAvatar({ id, body }: { user: SessionUser; id: string; body: UpdatePublicAvatarBody }) {
  const tagIds = body.tagIds || body.tagSlugs ? await resolveTagIds(body) : undefined;
  const row = await prisma.avatar
    .update({
      where: { id, visibility: "public" },
      data: { ...(body.name !== undefined ? { name: body.name } : {}), ...(tagIds ? { tags: { set: tagIds.map((tagId) => ({ id: tagId })) } } : {}) },
      select: avatarSelect,
    })
    .catch(notFoundOnMissing);
  await invalidatePublicLibrary();
  return toAvatarResponse(row);
}

/**
 * DELETE /api/avatars/public/[id]: the row first (its tag links go with it), then its objects. Only
 * the avatar's own keys are removed, never an object another row might share; a clip still being
 * generated is dropped by finalisation when it finds the row gone.
 */
export async function deletePublicAvatar({ id }: { user: SessionUser; id: string }) {
  const row = await prisma.avatar.delete({ where: { id, visibility: "public" }, select: { imageUrl: true } }).catch(notFoundOnMissing);
  await invalidatePublicLibrary();
  const imageKey = keyOfStoredMediaUrl(row.imageUrl);
  const keys = [imageKey?.startsWith(`images/public-avatars/${id}.`) ? imageKey : null, storageKeys.publicAvatarVideo({ avatarId: id })];
  for (const key of keys) {
    if (key) await fileStorage.deleteFile(key).catch((error: unknown) => logger.error("public avatar deleted but not its object", { avatarId: id, key, error }));
  }
}

/** What the last generation asked Seedance for, as our options (the inverse of videoInput). */
const { aspectRatio, resolution, seed, cameraFixed } = videoOptionsSchema.shape;
const lastRequestSchema = z.object({
  prompt: z.string(),
  aspect_ratio: aspectRatio,
  resolution,
  duration: z.coerce.number().pipe(videoOptionsSchema.shape.duration.unwrap()).optional(),
  camera_fixed: cameraFixed,
  seed,
});

function lastRequest(input: unknown): { prompt?: string; options: VideoOptions } {
  const job = videoJobInputSchema.safeParse(input);
  const fal = job.success ? lastRequestSchema.safeParse(job.data.falInput) : undefined;
  if (!fal?.success) return { options: {} };
  const { prompt, aspect_ratio, duration, camera_fixed, ...rest } = fal.data;
  return { prompt, options: videoOptions({ ...rest, aspectRatio: aspect_ratio, duration, cameraFixed: camera_fixed }) };
}

/**
 * POST /api/avatars/public/[id]/retry: a failed avatar goes back to processing with a new job, in
 * one transaction. It repeats the last request unless the body changes the prompt or options.
 */
export async function retryPublicAvatar({ user, id, body, idempotency }: { user: SessionUser; id: string; body: RetryPublicAvatarBody; idempotency?: IdempotencyRequest }) {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;
  const avatar = await prisma.avatar.findFirst({
    where: { id, visibility: "public" },
    select: { status: true, imageUrl: true, generation_jobs: { select: { input: true }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  if (!avatar) throw notFound("Avatar");
  if (avatar.status !== "failed") throw new ApiError("conflict", `Only a failed avatar can be retried; this one is ${avatar.status}`);
  const imageKey = keyOfStoredMediaUrl(avatar.imageUrl);
  if (!imageKey || !(await fileStorage.statFile(imageKey))) throw new ApiError("conflict", "The avatar's image is gone; create a new avatar instead");
  const last = lastRequest(avatar.generation_jobs[0]?.input);
  const prompt = body?.prompt ?? last.prompt ?? DEFAULT_AVATAR_MOTION;
  const options = { ...last.options, ...videoOptions(body ?? {}) };
  const estimatedCostUsd = estimateCostUsd("image-to-video", options);
  const permit = await enforceGenerationLimits(user, { role: "image-to-video", estimatedCostUsd });

  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        // Conditional: of two concurrent retries, one wins and the other is a 409.
        const { count } = await tx.avatar.updateMany({ where: { id, status: "failed" }, data: { status: "processing", errorMessage: null, videoUrl: null, aspectRatio: options.aspectRatio } });
        if (count === 0) throw new ApiError("conflict", "Only a failed avatar can be retried; this one is already being retried");
        const job = await queueClip(tx, { user, avatarId: id, imageKey, prompt, options, idempotency });
        return { jobId: job.id, row: await tx.avatar.findUniqueOrThrow({ where: { id }, select: avatarSelect }) };
      }),
    () => replayOf(user, idempotency),
  );
  if ("replayed" in outcome) return outcome.replayed;
  const created = outcome.written;
  await startGeneration(created.jobId);
  await invalidatePublicLibrary();
  return { ...toAvatarResponse(created.row), estimatedCostUsd };
}
