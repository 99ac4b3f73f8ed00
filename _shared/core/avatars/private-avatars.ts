import "server-only";
// Private avatars: a user's silent avatar clips, reusable in all their projects. The chosen image is
// copied to images/avatars/{userId}/{avatarId}.{ext}; Seedance image-to-video makes the clip through
// the pipeline; once it is ready, the temporary session the image came from is deleted.
import { ApiError, notFound } from "@/_shared/lib/errors";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { DEFAULT_AVATAR_MOTION, type CreatePrivateAvatarBody } from "@/_shared/schemas/private-avatar";
import { avatarSelect, toAvatarResponse } from "./avatar-view";
import { generateMuteAvatar, startGeneration } from "../content-generation.service";
import { fileStorage } from "../file-storage.service";
import { videoJobInputSchema } from "@/_shared/core/generation/jobs";
import { findReplay, type IdempotencyRequest, writeOrReplay } from "@/_shared/core/generation/idempotency";
import { enforceGenerationLimits } from "@/_shared/core/spend/limits";
import { resolveImageInput } from "@/_shared/core/images/image-input";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";

const mine = (user: SessionUser) => ({ visibility: "private" as const, userId: user.id });

async function getAvatarOrThrow({ user, id }: { user: SessionUser; id: string }) {
  const row = await prisma.avatar.findFirst({ where: { id, ...mine(user) }, select: avatarSelect });
  if (!row) throw notFound("Avatar");
  return row;
}

export async function getPrivateAvatar(p: { user: SessionUser; id: string }) {
  return toAvatarResponse(await getAvatarOrThrow(p));
}

/** The plan's getUserAvatars: every private avatar of the user, all projects, newest first. */
export async function getUserAvatars({ user, projectId, status }: { user: SessionUser; projectId?: string; status?: "processing" | "ready" | "failed" }) {
  const rows = await prisma.avatar.findMany({
    where: { ...mine(user), ...(projectId ? { projectId } : {}), ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: avatarSelect,
  });
  return { avatars: rows.map(toAvatarResponse) };
}

/** What a request with an already used Idempotency-Key answers: the avatar the first one made or retried. */
async function replayOf(user: SessionUser, idempotency: IdempotencyRequest | undefined) {
  const replay = await findReplay(user.id, idempotency);
  if (!replay) return null;
  if (!replay.avatarId) throw new ApiError("conflict", "The avatar created with this Idempotency-Key has been deleted; use a new key");
  const avatar = await getPrivateAvatar({ user, id: replay.avatarId });
  return { ...avatar, estimatedCostUsd: replay.estimatedCostUsd };
}

export async function createPrivateAvatar({ user, body, idempotency }: { user: SessionUser; body: CreatePrivateAvatarBody; idempotency?: IdempotencyRequest }) {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;

  await getProjectOrThrow({ id: body.projectId, userId: user.id });
  const source = await resolveImageInput({ user, imageUrl: body.imageUrl });
  const avatarId = createId();
  const imageKey = storageKeys.avatarImage({ userId: user.id, avatarId, ext: source.ext });
  const options = { aspectRatio: body.aspectRatio ?? "9:16", resolution: body.resolution, duration: body.duration, seed: body.seed };
  const cleanup = source.tempSession?.userId === user.id ? storageKeys.tempSessionPrefix(source.tempSession) : undefined;
  const estimatedCostUsd = estimateCostUsd("image-to-video", options);
  const permit = await enforceGenerationLimits(user, { role: "image-to-video", estimatedCostUsd });

  // The image is copied first; if the rows cannot be written, the copy is removed: no orphans.
  await fileStorage.copyFile(source.key, imageKey);
  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        await tx.avatar.create({
          data: { id: avatarId, name: body.name, imageUrl: mediaUrl(imageKey), visibility: "private", status: "processing", userId: user.id, projectId: body.projectId, aspectRatio: options.aspectRatio },
        });
        const job = await generateMuteAvatar(tx, {
          avatarId, userId: user.id, projectId: body.projectId, imageKey, prompt: body.prompt ?? DEFAULT_AVATAR_MOTION, options, cleanupPrefixOnReady: cleanup, idempotency,
        });
        return job.id;
      }),
    () => replayOf(user, idempotency),
    () => fileStorage.deleteFile(imageKey).catch(() => undefined),
  );
  if ("replayed" in outcome) return outcome.replayed;
  const jobId = outcome.written;
  await startGeneration(jobId);
  return { ...(await getPrivateAvatar({ user, id: avatarId })), estimatedCostUsd };
}

/** A failed avatar gets a new job from its stored image (and the same motion and format). */
export async function retryPrivateAvatar({ user, id, idempotency }: { user: SessionUser; id: string; idempotency?: IdempotencyRequest }) {
  const replayed = await replayOf(user, idempotency);
  if (replayed) return replayed;
  const avatar = await getAvatarOrThrow({ user, id });
  if (avatar.status !== "failed") throw new ApiError("conflict", "Only a failed avatar can be retried");
  const imageKey = keyOfStoredMediaUrl(avatar.imageUrl);
  if (!imageKey || !(await fileStorage.statFile(imageKey))) throw new ApiError("conflict", "The avatar's image is gone; create a new avatar instead");
  const last = await prisma.generationJob.findFirst({ where: { avatarId: id }, orderBy: { createdAt: "desc" }, select: { input: true } });
  const previous = last ? videoJobInputSchema.parse(last.input) : undefined;
  const fal = previous?.falInput ?? {};
  const options = {
    aspectRatio: (fal.aspect_ratio as "9:16" | undefined) ?? "9:16",
    resolution: fal.resolution as "720p" | undefined,
    duration: fal.duration ? Number(fal.duration) : undefined,
  };
  const estimatedCostUsd = estimateCostUsd("image-to-video", options);
  const permit = await enforceGenerationLimits(user, { role: "image-to-video", estimatedCostUsd });
  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        const { count } = await tx.avatar.updateMany({ where: { id, status: "failed" }, data: { status: "processing", errorMessage: null, videoUrl: null } });
        if (count === 0) throw new ApiError("conflict", "Only a failed avatar can be retried");
        const job = await generateMuteAvatar(tx, {
          avatarId: id,
          userId: user.id,
          projectId: avatar.projectId,
          imageKey,
          prompt: typeof fal.prompt === "string" ? fal.prompt : DEFAULT_AVATAR_MOTION,
          options,
          cleanupPrefixOnReady: previous?.cleanupPrefixOnReady,
          idempotency,
        });
        return job.id;
      }),
    () => replayOf(user, idempotency),
  );
  if ("replayed" in outcome) return outcome.replayed;
  const jobId = outcome.written;
  await startGeneration(jobId);
  return { ...(await getPrivateAvatar({ user, id })), estimatedCostUsd };
}

/** The plan's deleteAvatar: the row first, then its image and clip. */
export async function deleteAvatar({ user, id }: { user: SessionUser; id: string }) {
  const avatar = await getAvatarOrThrow({ user, id });
  await prisma.avatar.delete({ where: { id: avatar.id } });
  for (const url of [avatar.imageUrl, avatar.videoUrl]) {
    const key = url ? keyOfStoredMediaUrl(url) : null;
    if (key) await fileStorage.deleteFile(key).catch(() => undefined);
  }
}
