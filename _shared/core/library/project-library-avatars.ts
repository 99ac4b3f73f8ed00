import "server-only";
// Public library avatars added to a project ("Add to project"): a link to the library's clip, not a
// copy. Adding costs nothing (no generation, no spend); adding twice is one link. Another user's
// project is a 404, as a missing one; an avatar the library does not show (not public, not ready)
// is a 404 too. Deleting the project or the public avatar removes its links (foreign keys cascade).
import { notFound } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { ProjectLibraryAvatar, ProjectLibraryAvatarListResponse } from "@/_shared/schemas/library";
import { avatarSelect, toAvatarResponse } from "@/_shared/core/avatars/avatar-view";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";
import { invalidatePublicLibrary } from "./library-cache";
import { countLibraryUse } from "./usage";

const linkSelect = { createdAt: true, avatar: { select: avatarSelect } } satisfies Prisma.ProjectLibraryAvatarSelect;
type LinkRow = Prisma.ProjectLibraryAvatarGetPayload<{ select: typeof linkSelect }>;

const toLinked = (row: LinkRow): ProjectLibraryAvatar => ({ ...toAvatarResponse(row.avatar), addedAt: row.createdAt.toISOString() });

/** GET /api/projects/[id]/library-avatars: the project's library avatars, last added first. */
export async function listProjectLibraryAvatars({ user, projectId }: { user: SessionUser; projectId: string }): Promise<ProjectLibraryAvatarListResponse> {
  await getProjectOrThrow({ id: projectId, userId: user.id });
  const rows = await prisma.projectLibraryAvatar.findMany({
    where: { projectId, avatar: { visibility: "public", status: "ready" } },
    orderBy: [{ createdAt: "desc" }, { avatarId: "desc" }],
    select: linkSelect,
  });
  return { avatars: rows.map(toLinked) };
}

const isKnownError = (error: unknown, code: string) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

/**
 * PUT /api/projects/[id]/library-avatars/[avatarId]: adds the avatar to the project; `created` is
 * false when it was there already. A new link counts one use of the avatar (the "most used" sort).
 */
export async function linkLibraryAvatar({ user, projectId, avatarId }: { user: SessionUser; projectId: string; avatarId: string }) {
  const created = await prisma
    .$transaction(async (tx) => {
      await getProjectOrThrow({ id: projectId, userId: user.id }, tx);
      const avatar = await tx.avatar.findFirst({ where: { id: avatarId, visibility: "public", status: "ready" }, select: { id: true } });
      if (!avatar) throw notFound("Avatar");
      const { count } = await tx.projectLibraryAvatar.createMany({ data: [{ projectId, avatarId }], skipDuplicates: true });
      if (count) await countLibraryUse(tx, avatarId);
      return count > 0;
    })
    // The project or the avatar was deleted between the check and the write.
    .catch((error: unknown) => (isKnownError(error, "P2003") ? Promise.reject(notFound("Avatar")) : Promise.reject(error)));
  if (created) await invalidatePublicLibrary();
  const row = await prisma.projectLibraryAvatar.findUnique({ where: { projectId_avatarId: { projectId, avatarId } }, select: linkSelect });
  if (!row) throw notFound("Avatar");
  return { ...toLinked(row), created };
}

/** DELETE /api/projects/[id]/library-avatars/[avatarId]: removes the avatar from the project (204 also when it was not in it). */
export async function unlinkLibraryAvatar({ user, projectId, avatarId }: { user: SessionUser; projectId: string; avatarId: string }): Promise<void> {
  await getProjectOrThrow({ id: projectId, userId: user.id });
  await prisma.projectLibraryAvatar.deleteMany({ where: { projectId, avatarId } });
}
