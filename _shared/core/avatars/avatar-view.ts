import "server-only";
// The one place that turns avatar rows into API replies, for public and private avatars alike:
// internal fields (Fal ids, storage keys, user ids) never leave through it.
import { clipModelOf } from "@/_shared/lib/fal-price-table";
import { Prisma } from "@/_shared/lib/prisma";
import { avatarResponse, type AvatarResponse } from "@/_shared/schemas/avatar";

export const avatarSelect = {
  id: true,
  name: true,
  imageUrl: true,
  videoUrl: true,
  visibility: true,
  status: true,
  errorMessage: true,
  projectId: true,
  durationSeconds: true,
  width: true,
  height: true,
  videoModel: true,
  videoModelFallbackFrom: true,
  createdAt: true,
  updatedAt: true,
  tags: { select: { slug: true, name: true, category: { select: { slug: true } } }, orderBy: { slug: "asc" } },
  generation_jobs: { select: { id: true }, orderBy: { createdAt: "desc" }, take: 1 },
} satisfies Prisma.AvatarSelect;

/**
 * Listings and project counts leave out the clips of a variations grid whose winner is not chosen
 * yet (the grid shows them); once it is, the clips the user kept are ordinary private avatars.
 */
export const decidedOrNotInGrid = { OR: [{ variationGridId: null }, { variationGrid: { decidedAt: { not: null } } }] } satisfies Prisma.AvatarWhereInput;

export type AvatarRow = Prisma.AvatarGetPayload<{ select: typeof avatarSelect }>;

/** A row in the shape the response schemas parse (which drop every field they do not name). */
export function avatarReplyFields(row: AvatarRow) {
  return {
    ...row,
    tags: row.tags.map((tag) => ({ slug: tag.slug, name: tag.name, category: tag.category.slug })),
    jobId: row.generation_jobs[0]?.id ?? null,
    clipModel: clipModelOf(row),
  };
}

export function toAvatarResponse(row: AvatarRow): AvatarResponse {
  return avatarResponse.parse(avatarReplyFields(row));
}
