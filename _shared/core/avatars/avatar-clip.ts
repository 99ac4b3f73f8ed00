import "server-only";
// What private and public avatars share: the clip animates the avatar's own copy of its picture
// (the row points at it), which must still exist for a retry.
import { randomInt } from "node:crypto";
import { ApiError } from "@/_shared/lib/errors";
import type { Prisma } from "@/_shared/lib/prisma";
import { keyOfStoredMediaUrl, mediaUrl } from "@/_shared/lib/storage-keys";
import { seedSchema, type VideoOptions } from "@/_shared/schemas/generation-options";
import type { ImageInput } from "@/_shared/core/images/image-input";
import { fileStorage } from "@/_shared/core/file-storage.service";

export const notFailed = (detail = "") => new ApiError("conflict", `Only a failed avatar can be retried${detail}`);

/** The storage key of an avatar's own picture, or 409 when it is gone. */
export async function avatarImageKeyOrThrow(imageUrl: string): Promise<string> {
  const key = keyOfStoredMediaUrl(imageUrl);
  if (!key || !(await fileStorage.statFile(key))) throw new ApiError("conflict", "The avatar's image is gone; create a new avatar instead");
  return key;
}

/**
 * A clip's options with a seed: the one asked, else one chosen here, so an avatar's seed is always
 * known (stored on the row, and in the job's request, which a retry repeats).
 */
export function withClipSeed(options: VideoOptions): VideoOptions & { seed: number } {
  return { ...options, seed: options.seed ?? randomInt(0, seedSchema.maxValue ?? 2 ** 31 - 1) };
}

/** A new avatar row, `processing`, pointing at its own copy of the picture it was made from. */
export function newAvatarRow(p: { id: string; name: string; imageKey: string; source: ImageInput; options: VideoOptions }) {
  return {
    id: p.id,
    name: p.name,
    imageUrl: mediaUrl(p.imageKey),
    status: "processing",
    aspectRatio: p.options.aspectRatio ?? null,
    falImageJobId: p.source.falRequestId ?? null,
    seed: p.options.seed ?? null,
  } satisfies Partial<Prisma.AvatarUncheckedCreateInput>;
}
