import "server-only";
// B-rolls: short silent clips for a project, from a prompt (Seedance text-to-video) or a prompt and
// an image (image-to-video). Creating one writes the row (`processing`) and its generation job in one
// transaction, then hands the job to the pipeline, which makes the b-roll `ready` or `failed`.
import { randomInt } from "node:crypto";
import { ApiError, notFound } from "@/_shared/lib/errors";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { createId } from "@/_shared/lib/ids";
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import type { BRollResponse, CreateBRollBody, CreateBRollResponse, RegenerateBRollBody, UpdateBRollBody } from "@/_shared/schemas/b-roll";
import { withVideoDefaults } from "@/_shared/schemas/generation-options";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { toDbBRollType } from "@/_shared/core/generation/job-kinds";
import { lastVideoRequest } from "@/_shared/core/generation/jobs";
import type { Replay } from "@/_shared/core/generation/idempotency";
import { startVideoGeneration, startVideoGenerations, type VideoGenerationPlan } from "@/_shared/core/generation/start-video-generation";
import { resolveImageInput } from "@/_shared/core/images/image-input";
import { countLibraryPictureUse } from "@/_shared/core/library/usage";
import { clipRequestOf, editedName, regenerationOptions } from "@/_shared/core/generation/clip-request";
import { imageExtensionOf, withObjectCopies } from "@/_shared/core/projects/asset-copies";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";
import { getBRoll, getBRollOrThrow, getTakeGroup } from "./b-roll-view";
import { deleteClipRenditionObjects } from "@/_shared/core/renditions/rendition-objects";

const notFailed = () => new ApiError("conflict", "Only a failed b-roll can be retried");

/**
 * What a request with an already used Idempotency-Key answers: what the first one created, the b-roll
 * or (takes) its whole group as it is now.
 */
function answerReplay(user: SessionUser) {
  return async (replay: Replay): Promise<CreateBRollResponse> => {
    if (!replay.bRollId) throw new ApiError("conflict", "The b-roll created with this Idempotency-Key has been deleted; use a new key");
    const first = await getBRoll({ user, id: replay.bRollId });
    return first.takeGroupId ? getTakeGroup({ user, takeGroupId: first.takeGroupId }) : first;
  };
}

/** The singular reply answers a plain BRoll; the takes reply answers the group. */
function answerSingle(user: SessionUser) {
  const answer = answerReplay(user);
  return async (replay: Replay): Promise<BRollResponse> => {
    const reply = await answer(replay);
    if ("takes" in reply) throw new ApiError("conflict", "This Idempotency-Key was used for a request that made several takes; use a new key");
    return reply;
  };
}

const MAX_SEED = 2 ** 31 - 1;

/**
 * Each take's seed, chosen now and stored with its request (so a retry repeats it): the given seed
 * for the first take and the next ones for the others, or random distinct seeds.
 */
function takeSeeds(count: number, seed?: number): number[] {
  if (seed !== undefined) return Array.from({ length: count }, (_, i) => (seed + i) % (MAX_SEED + 1));
  const seeds = new Set<number>();
  while (seeds.size < count) seeds.add(randomInt(0, MAX_SEED));
  return [...seeds];
}

/**
 * The picture of an avatar the caller may animate: one of their own, or a public avatar the library
 * shows (ready; admins see every public avatar). Anything else is the same 404.
 */
async function avatarPicture(user: SessionUser, avatarId: string): Promise<string> {
  const publicAvatar = { visibility: "public" as const, ...(user.role === "admin" ? {} : { status: "ready" as const }) };
  const avatar = await prisma.avatar.findFirst({
    where: { id: avatarId, OR: [{ visibility: "private", userId: user.id }, publicAvatar] },
    select: { imageUrl: true },
  });
  if (!avatar) throw notFound("Avatar");
  return avatar.imageUrl;
}

/**
 * POST /api/b-rolls: validates the project and image (an image URL, or an avatar's picture), creates
 * the b-roll (or `takes` b-rolls of one group, each with its own seed) with its job, starts it. With
 * one take the reply is the b-roll; with more, the group.
 */
export async function createBRoll(
  { user, input, idempotency }: { user: SessionUser; input: CreateBRollBody; idempotency?: IdempotencyRequest },
): Promise<CreateBRollResponse> {
  const count = input.takes ?? 1;
  const takeGroupId = count > 1 ? createId() : null;
  const bRollIds = Array.from({ length: count }, () => createId());
  return startVideoGenerations<CreateBRollResponse>({
    user, idempotency, answerReplay: answerReplay(user),
    readBack: () => (takeGroupId ? getTakeGroup({ user, takeGroupId }) : getBRoll({ user, id: bRollIds[0] })),
    async plans() {
      if (input.imageUrl && input.avatarId) {
        throw new ApiError("bad_request", "Send either imageUrl or avatarId, not both", [{ path: "avatarId", message: "Send either imageUrl or avatarId, not both" }]);
      }
      await getProjectOrThrow({ id: input.projectId, userId: user.id });
      const imageUrl = input.avatarId ? await avatarPicture(user, input.avatarId) : input.imageUrl;
      const image = imageUrl
        ? await resolveImageInput({ user, imageUrl, allowPublic: true, field: input.avatarId ? "avatarId" : "imageUrl" })
        : undefined;
      const kind = image ? "image-to-video" : "text-to-video";
      const { aspectRatio, resolution, duration, cameraFixed, fallback } = input;
      const seeds = takeSeeds(count, input.seed);
      return bRollIds.map((bRollId, takeIndex): VideoGenerationPlan => {
        const options = withVideoDefaults({ aspectRatio, resolution, duration, seed: seeds[takeIndex], cameraFixed, fallback });
        // The source image is copied next to the clip: temporary images are swept and avatars deleted,
        // but a b-roll keeps what it was made from (for display and retries). Each take has its own.
        const sourceKey = image ? storageKeys.bRollSourceImage({ userId: user.id, projectId: input.projectId, bRollId, ext: image.ext }) : undefined;
        return {
          kind,
          prompt: input.prompt,
          options,
          resource: { bRollId },
          projectId: input.projectId,
          ...(image && sourceKey ? { copyImage: { from: image.key, to: sourceKey }, sourceImageKey: sourceKey } : {}),
          async writeRow(tx) {
            await tx.bRoll.create({
              data: {
                id: bRollId,
                name: input.name,
                prompt: input.prompt,
                imageUrl: sourceKey ? mediaUrl(sourceKey) : null,
                type: toDbBRollType(kind),
                status: "processing",
                aspectRatio: options.aspectRatio ?? null,
                resolution: options.resolution ?? null,
                seed: seeds[takeIndex],
                takeGroupId,
                takeIndex: takeGroupId ? takeIndex : null,
                userId: user.id,
                projectId: input.projectId,
              },
            });
            if (image?.isPublic) await countLibraryPictureUse(tx, image.key);
          },
        };
      });
    },
  });
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
  return startVideoGeneration({
    user, idempotency, answerReplay: answerSingle(user),
    readBack: () => getBRoll({ user, id }),
    async plan() {
      const row = await getBRollOrThrow({ id, userId: user.id });
      if (row.status !== "failed") throw notFailed();
      const imageKey = row.imageUrl ? await sourceImageKey(user, row.imageUrl) : undefined;
      const { options } = await lastVideoRequest({ bRollId: id }, "b-roll");
      return {
        kind: imageKey ? "image-to-video" : "text-to-video",
        prompt: row.prompt,
        options,
        repeats: true,
        resource: { bRollId: id },
        projectId: row.projectId,
        sourceImageKey: imageKey,
        async writeRow(tx) {
          // Conditional: of two concurrent retries one wins, the other gets the 409.
          const { count } = await tx.bRoll.updateMany({
            where: { id, userId: user.id, status: "failed" },
            // The seed stays: the retry repeats the stored request, seed included.
            data: { status: "processing", errorMessage: null, videoUrl: null, thumbnailUrl: null, durationSeconds: null, width: null, height: null, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
          });
          if (count === 0) throw notFailed();
        },
      };
    },
  });
}

/**
 * POST /api/b-rolls/[id]/regenerate: a new b-roll (or `takes` of them) in the same project, from the
 * same source image (a copy of its own) and the original's format unless the body names another,
 * with the new prompt — created exactly as POST /api/b-rolls creates one (price, daily cap,
 * pipeline). The original stays. "More like this" is this with the original's seed.
 */
export async function regenerateBRoll(
  { user, id, body, idempotency }: { user: SessionUser; id: string; body: RegenerateBRollBody; idempotency?: IdempotencyRequest },
): Promise<CreateBRollResponse> {
  const row = await getBRollOrThrow({ id, userId: user.id });
  // Checked here so a picture that is gone is the original's problem (409), not a field the caller sent.
  if (row.imageUrl) await sourceImageKey(user, row.imageUrl);
  const kind = row.imageUrl ? "image-to-video" : "text-to-video";
  const { aspectRatio, resolution, duration, seed, cameraFixed, fallback } = regenerationOptions(clipRequestOf(kind, row, row.generation_jobs[0]?.input), body);
  const input: CreateBRollBody = {
    name: body.name ?? editedName(row.name),
    prompt: body.prompt,
    projectId: row.projectId,
    ...(row.imageUrl ? { imageUrl: row.imageUrl } : {}),
    aspectRatio: aspectRatio === "auto" ? undefined : aspectRatio,
    resolution,
    duration,
    seed,
    cameraFixed,
    fallback,
    ...(body.takes !== undefined ? { takes: body.takes } : {}),
  };
  return createBRoll({ user, input, idempotency });
}

/**
 * POST /api/b-rolls/[id]/duplicate: a ready b-roll copied into one of the caller's projects, with its
 * own copies of the clip, thumbnail and source image (deleting either leaves the other whole).
 */
export async function duplicateBRoll({ user, id, projectId }: { user: SessionUser; id: string; projectId: string }): Promise<BRollResponse> {
  const row = await getBRollOrThrow({ id, userId: user.id });
  if (row.status !== "ready" || !row.videoUrl) throw new ApiError("conflict", "Only a ready b-roll can be duplicated");
  await getProjectOrThrow({ id: projectId, userId: user.id });
  const bRollId = createId();
  const parts = { userId: user.id, projectId, bRollId };
  const from = { video: keyOfStoredMediaUrl(row.videoUrl), thumbnail: row.thumbnailUrl && keyOfStoredMediaUrl(row.thumbnailUrl), image: row.imageUrl && keyOfStoredMediaUrl(row.imageUrl) };
  const to = {
    video: storageKeys.bRollVideo(parts),
    thumbnail: storageKeys.bRollThumbnail({ ...parts, ext: from.thumbnail?.endsWith(".jpg") ? "jpg" : "webp" }),
    image: storageKeys.bRollSourceImage({ ...parts, ext: imageExtensionOf(from.image ?? null) }),
  };
  const copies = [
    { from: from.video, to: to.video },
    { from: from.thumbnail ?? null, to: to.thumbnail, optional: true },
    { from: from.image ?? null, to: to.image, optional: true },
  ];
  await withObjectCopies("b-roll", copies, (copied) => {
    const url = (key: string) => (copied.has(key) ? mediaUrl(key) : null);
    const { name, prompt, type, aspectRatio, resolution, durationSeconds, width, height, seed, imageSha256 } = row;
    return prisma.bRoll.create({
      data: { id: bRollId, name, prompt, type, status: "ready", videoUrl: mediaUrl(to.video), thumbnailUrl: url(to.thumbnail), imageUrl: url(to.image), imageSha256: url(to.image) && imageSha256, aspectRatio, resolution, durationSeconds, width, height, seed, userId: user.id, projectId },
    });
  });
  return getBRoll({ user, id: bRollId });
}

/** PATCH /api/b-rolls/[id]: rename, and/or keep (favorite: the compare view's Keep, a star on the card). */
export async function updateBRoll({ user, id, body }: { user: SessionUser; id: string; body: UpdateBRollBody }): Promise<BRollResponse> {
  const { name, favorite } = body;
  const { count } = await prisma.bRoll.updateMany({ where: { id, userId: user.id }, data: { ...(name !== undefined ? { name } : {}), ...(favorite !== undefined ? { favorite } : {}) } });
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
  await deleteClipRenditionObjects({ type: "b-roll", userId: user.id, projectId, bRollId: id });
}
