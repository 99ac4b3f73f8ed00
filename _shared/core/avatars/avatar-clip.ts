import "server-only";
// What private and public avatars share when their clip is generated: the clip is Seedance
// image-to-video of the avatar's own copy of its picture, and a retry repeats the last request.
import { ApiError } from "@/_shared/lib/errors";
import { prisma, type Prisma } from "@/_shared/lib/prisma";
import { keyOfStoredMediaUrl, mediaUrl } from "@/_shared/lib/storage-keys";
import type { VideoOptions } from "@/_shared/schemas/generation-options";
import type { ImageInput } from "@/_shared/core/images/image-input";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { storedVideoRequest, videoJobInputSchema } from "@/_shared/core/generation/jobs";

export const notFailed = (detail = "") => new ApiError("conflict", `Only a failed avatar can be retried${detail}`);

/** The storage key of an avatar's own picture, or 409 when it is gone. */
export async function avatarImageKeyOrThrow(imageUrl: string): Promise<string> {
  const key = keyOfStoredMediaUrl(imageUrl);
  if (!key || !(await fileStorage.statFile(key))) throw new ApiError("conflict", "The avatar's image is gone; create a new avatar instead");
  return key;
}

/** What the avatar's newest generation asked for (prompt, options), to repeat it. */
export async function lastAvatarRequest(avatarId: string) {
  const job = await prisma.generationJob.findFirst({ where: { avatarId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { input: true } });
  return {
    ...storedVideoRequest(job?.input, "avatar"),
    cleanupPrefixOnReady: videoJobInputSchema.safeParse(job?.input).data?.cleanupPrefixOnReady,
  };
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
  } satisfies Partial<Prisma.AvatarUncheckedCreateInput>;
}
