import "server-only";
// Projects: a marketer's folders for avatars and b-rolls. Another user's project is "not found".
import { ApiError, notFound } from "@/_shared/lib/errors";
import { logger } from "@/_shared/lib/logger";
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { projectListResponse, projectResponse, type ProjectResponse } from "@/_shared/schemas/project";
import { fileStorage } from "../file-storage.service";
import { decidedOrNotInGrid } from "../avatars/avatar-view";
import { deleteClipRenditionObjects } from "@/_shared/core/renditions/rendition-objects";

const projectSelect = {
  id: true,
  name: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { avatars: { where: decidedOrNotInGrid }, b_rolls: true } },
} satisfies Prisma.ProjectSelect;

type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;

function replyOf(row: ProjectRow, covers: Map<string, string>) {
  return { ...row, counts: { avatars: row._count.avatars, bRolls: row._count.b_rolls }, coverUrl: covers.get(row.id) ?? null };
}

async function toResponse(row: ProjectRow, userId: string): Promise<ProjectResponse> {
  return projectResponse.parse(replyOf(row, await coversOf(userId, row.id)));
}

/**
 * Each project's cover: the picture of its newest ready clip, a b-roll's thumbnail or a private
 * avatar's picture (one query for all of the user's projects, or for one).
 */
async function coversOf(userId: string, projectId?: string): Promise<Map<string, string>> {
  const only = projectId ? Prisma.sql`AND "projectId" = ${projectId}` : Prisma.empty;
  const rows = await prisma.$queryRaw<Array<{ projectId: string; url: string }>>`
    SELECT DISTINCT ON ("projectId") "projectId", "url" FROM (
      SELECT "projectId", "thumbnailUrl" AS "url", "createdAt" FROM "BRoll"
        WHERE "userId" = ${userId} AND "status" = 'ready' AND "thumbnailUrl" IS NOT NULL ${only}
      UNION ALL
      SELECT "projectId", "imageUrl" AS "url", "createdAt" FROM "Avatar"
        WHERE "userId" = ${userId} AND "visibility" = 'private' AND "status" = 'ready' AND "projectId" IS NOT NULL ${only}
          AND ("variationGridId" IS NULL OR EXISTS (SELECT 1 FROM "AvatarVariationGrid" g WHERE g."id" = "variationGridId" AND g."decidedAt" IS NOT NULL))
    ) AS "clips"
    ORDER BY "projectId", "createdAt" DESC`;
  return new Map(rows.map((row) => [row.projectId, row.url]));
}

function duplicateName(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ApiError("conflict", `You already have a project named "${name}"; choose another name`);
  }
  throw error;
}

/** The caller's project, or 404 for a missing project and for someone else's alike. */
export async function getProjectOrThrow({ id, userId }: { id: string; userId: string }, tx: Tx = prisma) {
  const project = await tx.project.findFirst({ where: { id, userId }, select: projectSelect });
  if (!project) throw notFound("Project");
  return project;
}

export async function listProjects({ user }: { user: SessionUser }) {
  const [rows, covers] = await Promise.all([
    prisma.project.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, select: projectSelect }),
    coversOf(user.id),
  ]);
  return projectListResponse.parse({ projects: rows.map((row) => replyOf(row, covers)) });
}

export async function getProject({ user, id }: { user: SessionUser; id: string }) {
  return toResponse(await getProjectOrThrow({ id, userId: user.id }), user.id);
}

export async function createProject({ user, name }: { user: SessionUser; name: string }) {
  const row = await prisma.project
    .create({ data: { name, userId: user.id }, select: projectSelect })
    .catch((error: unknown) => duplicateName(error, name));
  return toResponse(row, user.id);
}

export async function renameProject({ user, id, name }: { user: SessionUser; id: string; name: string }) {
  await getProjectOrThrow({ id, userId: user.id });
  const row = await prisma.project
    .update({ where: { id }, data: { name }, select: projectSelect })
    .catch((error: unknown) => duplicateName(error, name));
  return toResponse(row, user.id);
}

/**
 * Deletes a project, its b-rolls (database cascade) and their objects in storage. Its private avatars
 * are the user's, reusable in every project: they are kept, detached from it (the foreign key sets
 * their projectId to null), unless `deleteAvatars` deletes them too. Rows go first, in one
 * transaction: if storage then fails, what remains are unreferenced objects, which are logged for
 * cleanup, never rows that point at missing media. A kept avatar's objects live outside the project's
 * prefix (images/avatars/, videos/avatars/private/), so the prefix delete never reaches them.
 */
export async function deleteProject({ user, id, deleteAvatars = false }: { user: SessionUser; id: string; deleteAvatars?: boolean }) {
  const { keys, avatarIds } = await prisma.$transaction(async (tx) => {
    await getProjectOrThrow({ id, userId: user.id }, tx);
    let keys: Array<string | null> = [];
    let avatarIds: string[] = [];
    if (deleteAvatars) {
      const where = { projectId: id, userId: user.id, visibility: "private" as const };
      const avatars = await tx.avatar.findMany({ where, select: { id: true, imageUrl: true, videoUrl: true } });
      await tx.avatar.deleteMany({ where });
      keys = avatars.flatMap((a) => [a.imageUrl, a.videoUrl]).map((url) => (url ? keyOfStoredMediaUrl(url) : null));
      avatarIds = avatars.map((a) => a.id);
    }
    await tx.project.delete({ where: { id } });
    return { keys, avatarIds };
  });
  const prefix = storageKeys.bRollProjectPrefix({ userId: user.id, projectId: id });
  try {
    await fileStorage.deleteDirectory(prefix);
    for (const key of keys) if (key) await fileStorage.deleteFile(key);
  } catch (error) {
    logger.error("project deleted but some of its objects were not", { projectId: id, prefix, error });
  }
  // The b-rolls' renditions went with the prefix; deleted avatars' renditions live beside their clips.
  for (const avatarId of avatarIds) await deleteClipRenditionObjects({ type: "private-avatar", userId: user.id, avatarId });
}
