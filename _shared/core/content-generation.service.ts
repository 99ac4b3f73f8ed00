import "server-only";
// ContentGenerationService (the plan's): what to generate for avatars and b-rolls, on top of the job
// pipeline. Callers create their row and the job in one transaction, then call startGeneration
// once it is committed.
import type { VideoOptions } from "@/_shared/schemas/generation-options";
import { prisma, type Tx } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { fileStorage } from "./file-storage.service";
import { createVideoJob, enqueueSubmit, getJobForUser } from "./generation/jobs";

type Idempotency = { key: string; requestHash: string };

/** A silent clip of the person in `imageKey` (Seedance image-to-video) for an avatar row. */
export function generateMuteAvatar(
  tx: Tx,
  p: { avatarId: string; userId: string | null; projectId?: string | null; imageKey: string; prompt: string; options: VideoOptions; cleanupPrefixOnReady?: string; idempotency?: Idempotency },
) {
  return createVideoJob(tx, {
    role: "image-to-video",
    prompt: p.prompt,
    options: p.options,
    sourceImageKey: p.imageKey,
    cleanupPrefixOnReady: p.cleanupPrefixOnReady,
    userId: p.userId,
    projectId: p.projectId,
    avatarId: p.avatarId,
    idempotency: p.idempotency,
  });
}

/** A b-roll clip: image-to-video when an image is given, else text-to-video. */
export function generateBRoll(
  tx: Tx,
  p: { bRollId: string; userId: string; projectId: string; prompt: string; imageKey?: string; options: VideoOptions; idempotency?: Idempotency },
) {
  return createVideoJob(tx, {
    role: p.imageKey ? "image-to-video" : "text-to-video",
    prompt: p.prompt,
    options: p.options,
    sourceImageKey: p.imageKey,
    userId: p.userId,
    projectId: p.projectId,
    bRollId: p.bRollId,
    idempotency: p.idempotency,
  });
}

/** After the transaction that created the job has committed. */
export const startGeneration = (jobId: string) => enqueueSubmit(jobId);

export async function cleanupTempImages({ userId, sessionId }: { userId: string; sessionId: string }) {
  return fileStorage.deleteDirectory(storageKeys.tempSessionPrefix({ userId, sessionId }));
}

export const getGenerationStatus = getJobForUser;

/** The newest job of an avatar or b-roll (what the UI polls while it is processing). */
export async function latestJobId(where: { avatarId: string } | { bRollId: string }) {
  const job = await prisma.generationJob.findFirst({ where, orderBy: { createdAt: "desc" }, select: { id: true } });
  return job?.id ?? null;
}

