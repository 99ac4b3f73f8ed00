import "server-only";
// Private avatars: a user's silent avatar clips, reusable in all their projects. The chosen image is
// copied to images/avatars/{userId}/{avatarId}.{ext}; Seedance image-to-video makes the clip through
// the pipeline; once it is ready, the temporary session the image came from is deleted.
import { ApiError, notFound } from "@/_shared/lib/errors";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { withVideoDefaults } from "@/_shared/schemas/generation-options";
import {
  DEFAULT_AVATAR_MOTION,
  privateAvatarResponse,
  type CreatePrivateAvatarBody,
  type PrivateAvatarResponse,
  type RegeneratePrivateAvatarBody,
} from "@/_shared/schemas/private-avatar";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { clipRequestOf, editedName, regenerationOptions } from "@/_shared/core/generation/clip-request";
import type { Replay } from "@/_shared/core/generation/idempotency";
import { startVideoGeneration } from "@/_shared/core/generation/start-video-generation";
import { resolveImageInput } from "@/_shared/core/images/image-input";
import { carriedConsent, likenessConsentOrThrow } from "@/_shared/core/provenance/consent";
import { imageExtensionOf, withObjectCopies } from "@/_shared/core/projects/asset-copies";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";
import { lastVideoRequest } from "@/_shared/core/generation/jobs";
import { avatarImageKeyOrThrow, newAvatarRow, notFailed, withClipSeed } from "./avatar-clip";
import { avatarReplyFields, avatarSelect, decidedOrNotInGrid } from "./avatar-view";
import { deleteClipRenditionObjects } from "@/_shared/core/renditions/rendition-objects";

const mine = (user: SessionUser) => ({ visibility: "private" as const, userId: user.id });

// A private avatar's reply also says what its clip was asked for (its newest job's request).
export const privateAvatarSelect = {
  ...avatarSelect,
  aspectRatio: true,
  seed: true,
  variationGridId: true,
  falImageJobId: true,
  imageSha256: true,
  consentAttestedBy: true,
  consentAttestedAt: true,
  consentTextVersion: true,
  generation_jobs: { select: { id: true, input: true }, orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }], take: 1 },
};
export type PrivateAvatarRow = Awaited<ReturnType<typeof getAvatarOrThrow>>;


async function getAvatarOrThrow({ user, id }: { user: SessionUser; id: string }) {
  const row = await prisma.avatar.findFirst({ where: { id, ...mine(user) }, select: privateAvatarSelect });
  if (!row) throw notFound("Avatar");
  return row;
}

export function toPrivateAvatarResponse(row: PrivateAvatarRow): PrivateAvatarResponse {
  return privateAvatarResponse.parse({ ...avatarReplyFields(row), request: clipRequestOf("image-to-video", row, row.generation_jobs[0]?.input) });
}

export async function getPrivateAvatar(p: { user: SessionUser; id: string }) {
  return toPrivateAvatarResponse(await getAvatarOrThrow(p));
}

/** AvatarService.getUserAvatars: every private avatar of the user, all projects, newest first. */
export async function getUserAvatars({ user, projectId, status }: { user: SessionUser; projectId?: string; status?: "processing" | "ready" | "failed" }) {
  const rows = await prisma.avatar.findMany({
    where: { ...mine(user), ...decidedOrNotInGrid, ...(projectId ? { projectId } : {}), ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: privateAvatarSelect,
  });
  return { avatars: rows.map(toPrivateAvatarResponse) };
}

/** What a request with an already used Idempotency-Key answers: the avatar the first one made or retried. */
function answerReplay(user: SessionUser) {
  return async (replay: Replay) => {
    if (!replay.avatarId) throw new ApiError("conflict", "The avatar created with this Idempotency-Key has been deleted; use a new key");
    return { ...(await getPrivateAvatar({ user, id: replay.avatarId })), estimatedCostUsd: replay.estimatedCostUsd };
  };
}

/** A new private avatar: its own copy of the picture, the row (processing) and its clip's job. */
export async function createPrivateAvatar({ user, body, idempotency }: { user: SessionUser; body: CreatePrivateAvatarBody; idempotency?: IdempotencyRequest }) {
  const avatarId = createId();
  return startVideoGeneration({
    user, idempotency, answerReplay: answerReplay(user),
    readBack: async (_plan, estimatedCostUsd) => ({ ...(await getPrivateAvatar({ user, id: avatarId })), estimatedCostUsd }),
    async plan() {
      await getProjectOrThrow({ id: body.projectId, userId: user.id });
      const source = await resolveImageInput({ user, imageUrl: body.imageUrl });
      const consent = await likenessConsentOrThrow({ user, images: [source], consent: body.consent });
      const imageKey = storageKeys.avatarImage({ userId: user.id, avatarId, ext: source.ext });
      const { aspectRatio, resolution, duration, seed, fallback } = body;
      const options = withClipSeed(withVideoDefaults({ aspectRatio, resolution, duration, seed, fallback }));
      return {
        kind: "image-to-video",
        prompt: body.prompt ?? DEFAULT_AVATAR_MOTION,
        options,
        resource: { avatarId },
        projectId: body.projectId,
        copyImage: { from: source.key, to: imageKey },
        sourceImageKey: imageKey,
        // The session the picture came from goes once the clip is ready.
        cleanupPrefixOnReady: source.tempSession?.userId === user.id ? storageKeys.tempSessionPrefix(source.tempSession) : undefined,
        async writeRow(tx) {
          const row = newAvatarRow({ id: avatarId, name: body.name, imageKey, source, options });
          await tx.avatar.create({ data: { ...row, ...consent, visibility: "private", userId: user.id, projectId: body.projectId } });
        },
      };
    },
  });
}

/** A failed avatar gets a new job from its stored image, repeating its last request (motion, format, seed). */
export async function retryPrivateAvatar({ user, id, idempotency }: { user: SessionUser; id: string; idempotency?: IdempotencyRequest }) {
  return startVideoGeneration({
    user, idempotency, answerReplay: answerReplay(user),
    readBack: async (_plan, estimatedCostUsd) => ({ ...(await getPrivateAvatar({ user, id })), estimatedCostUsd }),
    async plan() {
      const avatar = await getAvatarOrThrow({ user, id });
      if (avatar.status !== "failed") throw notFailed();
      const imageKey = await avatarImageKeyOrThrow(avatar.imageUrl);
      const last = await lastVideoRequest({ avatarId: id }, "avatar");
      return {
        kind: "image-to-video",
        prompt: last.prompt,
        options: last.options,
        repeats: true,
        resource: { avatarId: id },
        projectId: avatar.projectId,
        sourceImageKey: imageKey,
        cleanupPrefixOnReady: last.cleanupPrefixOnReady,
        async writeRow(tx) {
          const { count } = await tx.avatar.updateMany({ where: { id, ...mine(user), status: "failed" }, data: { status: "processing", errorMessage: null, videoUrl: null } });
          if (count === 0) throw notFailed();
        },
      };
    },
  });
}

/**
 * A new private avatar from the same picture as `id` (its own copy of it), with another motion prompt:
 * a new generation through the pipeline; the original stays as it is. The format defaults to the
 * original's request; the new avatar is in the original's project (none for a detached one).
 */
export async function regeneratePrivateAvatar(
  { user, id, body, idempotency }: { user: SessionUser; id: string; body: RegeneratePrivateAvatarBody; idempotency?: IdempotencyRequest },
) {
  const avatarId = createId();
  return startVideoGeneration({
    user, idempotency, answerReplay: answerReplay(user),
    readBack: async (_plan, estimatedCostUsd) => ({ ...(await getPrivateAvatar({ user, id: avatarId })), estimatedCostUsd }),
    async plan() {
      const source = await getAvatarOrThrow({ user, id });
      const sourceKey = await avatarImageKeyOrThrow(source.imageUrl);
      const imageKey = storageKeys.avatarImage({ userId: user.id, avatarId, ext: imageExtensionOf(sourceKey) });
      const { aspectRatio, resolution, duration, seed, fallback } = body;
      const options = withClipSeed(regenerationOptions(clipRequestOf("image-to-video", source, source.generation_jobs[0]?.input), { aspectRatio, resolution, duration, seed, fallback }));
      return {
        kind: "image-to-video",
        prompt: body.prompt,
        options,
        resource: { avatarId },
        projectId: source.projectId,
        copyImage: { from: sourceKey, to: imageKey },
        sourceImageKey: imageKey,
        async writeRow(tx) {
          await tx.avatar.create({
            data: {
              id: avatarId, name: body.name ?? editedName(source.name), imageUrl: mediaUrl(imageKey), status: "processing", aspectRatio: options.aspectRatio ?? null, seed: options.seed,
              falImageJobId: source.falImageJobId, ...carriedConsent(source), visibility: "private", userId: user.id, projectId: source.projectId,
            },
          });
        },
      };
    },
  });
}

/** PATCH /api/avatars/private/[id]: rename. */
export async function renamePrivateAvatar({ user, id, name }: { user: SessionUser; id: string; name: string }) {
  const { count } = await prisma.avatar.updateMany({ where: { id, ...mine(user) }, data: { name } });
  if (count === 0) throw notFound("Avatar");
  return getPrivateAvatar({ user, id });
}

/**
 * A ready avatar copied into one of the caller's projects: a new row with its own copies of the
 * picture and the clip (deleting either avatar leaves the other whole). No generation, no cost.
 */
export async function duplicatePrivateAvatar({ user, id, projectId }: { user: SessionUser; id: string; projectId: string }) {
  const source = await getAvatarOrThrow({ user, id });
  if (source.status !== "ready" || !source.videoUrl) throw new ApiError("conflict", "Only a ready avatar can be duplicated");
  await getProjectOrThrow({ id: projectId, userId: user.id });
  const imageFrom = keyOfStoredMediaUrl(source.imageUrl);
  const avatarId = createId();
  const imageKey = storageKeys.avatarImage({ userId: user.id, avatarId, ext: imageExtensionOf(imageFrom) });
  const videoKey = storageKeys.privateAvatarVideo({ userId: user.id, avatarId });
  const copies = [
    { from: imageFrom, to: imageKey },
    { from: keyOfStoredMediaUrl(source.videoUrl), to: videoKey },
  ];
  await withObjectCopies("avatar", copies, () =>
    prisma.avatar.create({
      data: {
        id: avatarId,
        name: source.name,
        imageUrl: mediaUrl(imageKey),
        videoUrl: mediaUrl(videoKey),
        visibility: "private",
        status: "ready",
        aspectRatio: source.aspectRatio,
        seed: source.seed,
        falImageJobId: source.falImageJobId,
        imageSha256: source.imageSha256,
        ...carriedConsent(source),
        durationSeconds: source.durationSeconds,
        width: source.width,
        height: source.height,
        userId: user.id,
        projectId,
        tags: { connect: source.tags.map((tag) => ({ slug: tag.slug })) },
      },
    }),
  );
  return getPrivateAvatar({ user, id: avatarId });
}

/** AvatarService.deleteAvatar: the row first, then its image and clip. */
export async function deleteAvatar({ user, id }: { user: SessionUser; id: string }) {
  const avatar = await getAvatarOrThrow({ user, id });
  await prisma.avatar.delete({ where: { id: avatar.id } });
  for (const url of [avatar.imageUrl, avatar.videoUrl]) {
    const key = url ? keyOfStoredMediaUrl(url) : null;
    if (key) await fileStorage.deleteFile(key).catch(() => undefined);
  }
  await deleteClipRenditionObjects({ type: "private-avatar", userId: user.id, avatarId: avatar.id });
}
