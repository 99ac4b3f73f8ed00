import "server-only";
// How often a public avatar is used, for the library's "most used" sort: Avatar.usageCount counts
// each time the avatar is added to a project and each clip started from its picture. It only counts
// up (removing an avatar from a project or deleting the project keeps the use it made), so the sort
// reads one indexed column and never aggregates at read time.
import type { Tx } from "@/_shared/lib/prisma";

const PUBLIC_AVATAR_IMAGE = /^images\/public-avatars\/([^/.]+)\.[a-z]+$/;

/** One more use of a public avatar, in the transaction that makes it. */
export async function countLibraryUse(tx: Tx, avatarId: string): Promise<void> {
  await tx.avatar.updateMany({ where: { id: avatarId, visibility: "public" }, data: { usageCount: { increment: 1 } } });
}

/**
 * A clip is started from the stored image `imageKey`: when it is a public avatar's picture, that
 * avatar counts one more use. The "most used" order of cached listings follows within their lifetime.
 */
export async function countLibraryPictureUse(tx: Tx, imageKey: string): Promise<void> {
  const avatarId = imageKey.match(PUBLIC_AVATAR_IMAGE)?.[1];
  if (avatarId) await countLibraryUse(tx, avatarId);
}
