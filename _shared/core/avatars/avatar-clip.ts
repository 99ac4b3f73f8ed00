import "server-only";
// What private and public avatars share when their clip is generated: the clip is Seedance
// image-to-video of the avatar's own copy of its picture, and a retry repeats the last request.
import { ApiError } from "@/_shared/lib/errors";
import { prisma } from "@/_shared/lib/prisma";
import { keyOfStoredMediaUrl } from "@/_shared/lib/storage-keys";
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
