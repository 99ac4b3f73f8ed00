import "server-only";
// The public avatar library, write side (admins): create a clip from one of our images, rename and
// retag, delete, retry a failed generation. Every write makes the cached library replies stale.
import { ApiError, notFound } from "@/_shared/lib/errors";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { createId } from "@/_shared/lib/ids";
import { logger } from "@/_shared/lib/logger";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { withVideoDefaults, type VideoOptions } from "@/_shared/schemas/generation-options";
import { DEFAULT_AVATAR_MOTION } from "@/_shared/schemas/private-avatar";
import type { CreatePublicAvatarBody, RetryPublicAvatarBody, UpdatePublicAvatarBody } from "@/_shared/schemas/public-avatar";
import { fileStorage } from "@/_shared/core/file-storage.service";
import type { Replay } from "@/_shared/core/generation/idempotency";
import { startVideoGeneration } from "@/_shared/core/generation/start-video-generation";
import { resolveImageInput } from "@/_shared/core/images/image-input";
import { likenessConsentOrThrow } from "@/_shared/core/provenance/consent";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { lastVideoRequest } from "@/_shared/core/generation/jobs";
import { avatarImageKeyOrThrow, newAvatarRow, notFailed } from "./avatar-clip";
import { avatarSelect, toAvatarResponse } from "./avatar-view";
import { deleteClipRenditionObjects } from "@/_shared/core/renditions/rendition-objects";

/** The video options a request names, without the fields it left out. */
function namedOptions({ aspectRatio, resolution, duration, seed, cameraFixed, fallback }: VideoOptions): VideoOptions {
  const named = { aspectRatio, resolution, duration, seed, cameraFixed, fallback };
  return Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined));
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

/** What a request with an already used Idempotency-Key answers: the avatar the first one made or retried. */
async function answerReplay(replay: Replay) {
  const row = replay.avatarId ? await prisma.avatar.findFirst({ where: { id: replay.avatarId, visibility: "public" }, select: avatarSelect }) : null;
  if (!row) throw new ApiError("conflict", "The avatar made with this Idempotency-Key has been deleted; use a new key");
  return { ...toAvatarResponse(row), estimatedCostUsd: replay.estimatedCostUsd ?? 0 };
}

/** The reply once a library avatar's job is queued: the cached library replies are stale now. */
async function readBack(avatarId: string, estimatedCostUsd: number) {
  await invalidatePublicLibrary();
  const row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatarId }, select: avatarSelect });
  return { ...toAvatarResponse(row), estimatedCostUsd };
}

/**
 * POST /api/avatars/public: copies the image to the avatar's own key, then creates the row
 * (processing) and its Seedance job in one transaction, and starts the job. The job is the
 * admin's (the avatar belongs to the library): their spend counts it and their keys name it.
 */
export async function createPublicAvatar({ user, body, idempotency }: { user: SessionUser; body: CreatePublicAvatarBody; idempotency?: IdempotencyRequest }) {
  const avatarId = createId();
  return startVideoGeneration({
    user, idempotency, answerReplay,
    readBack: (_plan, estimatedCostUsd) => readBack(avatarId, estimatedCostUsd),
    async plan() {
      const tagIds = await resolveTagIds(body);
      const image = await resolveImageInput({ user, imageUrl: body.imageUrl });
      const consent = await likenessConsentOrThrow({ user, images: [image], consent: body.consent });
      const options = withVideoDefaults(namedOptions(body));
      const imageKey = storageKeys.publicAvatarImage({ avatarId, ext: image.ext });
      return {
        kind: "image-to-video",
        prompt: body.prompt ?? DEFAULT_AVATAR_MOTION,
        options,
        resource: { avatarId },
        projectId: null,
        copyImage: { from: image.key, to: imageKey },
        sourceImageKey: imageKey,
        async writeRow(tx) {
          const row = newAvatarRow({ id: avatarId, name: body.name, imageKey, source: image, options });
          await tx.avatar.create({ data: { ...row, ...consent, visibility: "public", tags: { connect: tagIds.map((id) => ({ id })) } } });
        },
      };
    },
  });
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
  await deleteClipRenditionObjects({ type: "public-avatar", avatarId: id });
}

/**
 * POST /api/avatars/public/[id]/retry: a failed avatar goes back to processing with a new job, in
 * one transaction. It repeats the last request unless the body changes the prompt or options.
 */
export async function retryPublicAvatar({ user, id, body, idempotency }: { user: SessionUser; id: string; body: RetryPublicAvatarBody; idempotency?: IdempotencyRequest }) {
  return startVideoGeneration({
    user, idempotency, answerReplay,
    readBack: (_plan, estimatedCostUsd) => readBack(id, estimatedCostUsd),
    async plan() {
      const avatar = await prisma.avatar.findFirst({ where: { id, visibility: "public" }, select: { status: true, imageUrl: true } });
      if (!avatar) throw notFound("Avatar");
      if (avatar.status !== "failed") throw notFailed(`; this one is ${avatar.status}`);
      const imageKey = await avatarImageKeyOrThrow(avatar.imageUrl);
      const last = await lastVideoRequest({ avatarId: id }, "avatar");
      const changed = namedOptions(body ?? {});
      const options = { ...last.options, ...changed };
      return {
        kind: "image-to-video",
        prompt: body?.prompt ?? last.prompt,
        options,
        // Options the model refuses are this request's (400) when it names them, the stored ones' (422) otherwise.
        repeats: changed.duration === undefined && changed.resolution === undefined,
        resource: { avatarId: id },
        projectId: null,
        sourceImageKey: imageKey,
        async writeRow(tx) {
          // Conditional: of two concurrent retries, one wins and the other is a 409.
          const { count } = await tx.avatar.updateMany({
            where: { id, visibility: "public", status: "failed" },
            data: { status: "processing", errorMessage: null, videoUrl: null, aspectRatio: options.aspectRatio ?? null },
          });
          if (count === 0) throw notFailed("; this one is already being retried");
        },
      };
    },
  });
}
