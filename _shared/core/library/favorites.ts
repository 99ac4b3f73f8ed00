import "server-only";
// A user's favourite public avatars: a star per user and avatar (FavoriteAvatar). Stars are the
// caller's own data: they never enter the shared library cache (the listing adds them per request).
import { notFound } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { FavoriteResponse } from "@/_shared/schemas/library";

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
  return { avatarId: id, favorite: true };
}

/** DELETE /api/avatars/public/[id]/favorite: removes the star; an avatar without one stays so. */
export async function removeFavorite({ user, id }: { user: SessionUser; id: string }): Promise<FavoriteResponse> {
  const { count } = await prisma.favoriteAvatar.deleteMany({ where: { userId: user.id, avatarId: id } });
  if (count === 0) await findStarrableOrThrow(id);
  return { avatarId: id, favorite: false };
}

/** The avatars with `favorite` set for `userId` (one query for the page). */
export async function markFavorites<A extends { id: string }>(userId: string, avatars: A[]): Promise<Array<A & { favorite: boolean }>> {
  if (avatars.length === 0) return [];
  const rows = await prisma.favoriteAvatar.findMany({ where: { userId, avatarId: { in: avatars.map((a) => a.id) } }, select: { avatarId: true } });
  const starred = new Set(rows.map((row) => row.avatarId));
  return avatars.map((avatar) => ({ ...avatar, favorite: starred.has(avatar.id) }));
}
