import "server-only";
// A user's favourite public avatars: a star per user and avatar (FavoriteAvatar). Stars are the
// caller's own data: they never enter the shared library replies (the listing adds them per
// request, from the user's own cached list of starred ids, which every star and unstar invalidates).
import { notFound } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { FavoriteResponse } from "@/_shared/schemas/library";
import { cachedFavorites, invalidateFavorites } from "./library-cache";

/** A ready public avatar, or 404 (stars are for what the library shows). */
async function findStarrableOrThrow(id: string) {
  const avatar = await prisma.avatar.findFirst({ where: { id, visibility: "public", status: "ready" }, select: { id: true } });
  if (!avatar) throw notFound("Avatar");
  return avatar;
}

/** PUT /api/avatars/public/[id]/favorite: stars the avatar; starring it again changes nothing. */
export async function addFavorite({ user, id }: { user: SessionUser; id: string }): Promise<FavoriteResponse> {
  await findStarrableOrThrow(id);
  try {
    await prisma.favoriteAvatar.upsert({ where: { userId_avatarId: { userId: user.id, avatarId: id } }, create: { userId: user.id, avatarId: id }, update: {} });
  } catch (error) {
    // The avatar was deleted between the check and the write (foreign key), or a concurrent star won (unique).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw notFound("Avatar");
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  await invalidateFavorites(user.id);
  return { avatarId: id, favorite: true };
}

/** DELETE /api/avatars/public/[id]/favorite: removes the star; an avatar without one stays so. */
export async function removeFavorite({ user, id }: { user: SessionUser; id: string }): Promise<FavoriteResponse> {
  const { count } = await prisma.favoriteAvatar.deleteMany({ where: { userId: user.id, avatarId: id } });
  if (count > 0) await invalidateFavorites(user.id);
  else await findStarrableOrThrow(id);
  return { avatarId: id, favorite: false };
}

/** The ids of the avatars `userId` starred (cached under the user's own version: no query on a hit). */
export function favoriteIds(userId: string): Promise<string[]> {
  return cachedFavorites(userId, async () => {
    const rows = await prisma.favoriteAvatar.findMany({ where: { userId }, select: { avatarId: true } });
    return rows.map((row) => row.avatarId);
  });
}

/** The avatars with `favorite` set from the caller's starred ids. */
export function markFavorites<A extends { id: string }>(starredIds: string[], avatars: A[]): Array<A & { favorite: boolean }> {
  const starred = new Set(starredIds);
  return avatars.map((avatar) => ({ ...avatar, favorite: starred.has(avatar.id) }));
}
