import "server-only";
// The public avatar library, read side (AvatarService.filterPublicAvatars): the filtered, sorted,
// paginated listing and the detail. Non-admins see ready public avatars only, from the library
// cache; admins read the database directly and may see every status.
import { ApiError, notFound, type ErrorDetail } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { PublicAvatarListQuery, PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";
import { avatarSelect, toAvatarResponse } from "@/_shared/core/avatars/avatar-view";
import { cachedLibrary } from "./library-cache";
import { listTags } from "./tags";

const isAdmin = (user: SessionUser | null) => user?.role === "admin";

const ORDER: Record<PublicAvatarListQuery["sort"], Prisma.AvatarOrderByWithRelationInput[]> = {
  // The id breaks ties, so pages never overlap or skip rows that share a timestamp or a name.
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  name: [{ name: "asc" }, { id: "asc" }],
};

/**
 * The tag ids each category filter stands for, checked against the tag library first: unknown
 * categories and tags (or a tag of another category) are a 400 naming every one of them.
 */
async function resolveFilters(filters: Record<string, string[]>): Promise<string[][]> {
  const entries = Object.entries(filters);
  if (entries.length === 0) return [];
  const { categories } = await listTags({});
  const details: ErrorDetail[] = [];
  const resolved = entries.map(([categorySlug, slugs]) => {
    const category = categories.find((c) => c.slug === categorySlug);
    if (!category) {
      details.push({
        path: categorySlug,
        message: `unknown filter "${categorySlug}": not a tag category (${categories.map((c) => c.slug).join(", ")}) nor page, limit, sort, q or status`,
      });
      return [];
    }
    const ids = slugs.map((slug) => category.tags.find((tag) => tag.slug === slug)?.id);
    const unknown = slugs.filter((_slug, i) => !ids[i]);
    if (unknown.length) {
      details.push({
        path: categorySlug,
        message: `unknown ${categorySlug} tag${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (known: ${category.tags.map((t) => t.slug).join(", ")})`,
      });
    }
    return ids.filter((id): id is string => Boolean(id));
  });
  if (details.length) throw new ApiError("bad_request", `Unknown tag filters: ${details.map((d) => d.path).join(", ")}`, details);
  return resolved;
}

/** What the listing shows: one tag of each filtered category must match (OR within, AND across). */
async function queryLibrary(query: PublicAvatarListQuery): Promise<PublicAvatarListResponse> {
  const tagIdsPerCategory = await resolveFilters(query.filters);
  const statuses = query.status ?? ["ready"];
  const where: Prisma.AvatarWhereInput = {
    visibility: "public",
    status: statuses.length === 1 ? statuses[0] : { in: statuses },
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}),
    // Tags were resolved to ids above (slugs are unique), so a filter needs no join through
    // TagCategory: at 100k avatars a 3-category count took ~120 ms this way, ~175 ms by slug and
    // category (see bench/public-avatars-listing.ts).
    ...(tagIdsPerCategory.length ? { AND: tagIdsPerCategory.map((ids) => ({ tags: { some: { id: { in: ids } } } })) } : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.avatar.count({ where }),
    prisma.avatar.findMany({ where, orderBy: ORDER[query.sort], skip: (query.page - 1) * query.limit, take: query.limit, select: avatarSelect }),
  ]);
  return { avatars: rows.map(toAvatarResponse), total, hasMore: query.page * query.limit < total, page: query.page, limit: query.limit };
}

/** The cache key of a listing: the same question asked in any order or case is one entry. */
function listingKey(query: PublicAvatarListQuery): string {
  const filters = Object.keys(query.filters)
    .sort()
    .map((category) => `${encodeURIComponent(category)}=${[...query.filters[category]].sort().map(encodeURIComponent).join(",")}`);
  const q = query.q ? encodeURIComponent(query.q.toLowerCase()) : "";
  return `list:sort=${query.sort}&page=${query.page}&limit=${query.limit}&q=${q}&${filters.join("&")}`;
}

/** GET /api/avatars/public */
export async function listPublicAvatars({ user, query }: { user: SessionUser | null; query: PublicAvatarListQuery }) {
  if (isAdmin(user)) return queryLibrary(query);
  if (query.status) {
    if (!user) throw new ApiError("unauthorized", "Sign in as an admin to filter the library by status");
    throw new ApiError("forbidden", "Only admins may filter the library by status; it shows ready avatars");
  }
  return cachedLibrary(listingKey(query), () => queryLibrary(query));
}

/** A public avatar in any status (admins), or 404. */
async function findPublicAvatarOrThrow(id: string, where: Prisma.AvatarWhereInput = {}) {
  const row = await prisma.avatar.findFirst({ where: { id, visibility: "public", ...where }, select: avatarSelect });
  if (!row) throw notFound("Avatar");
  return row;
}

/** GET /api/avatars/public/[id]: 404 unless public and ready, except for admins. */
export async function getPublicAvatar({ user, id }: { user: SessionUser | null; id: string }) {
  if (isAdmin(user)) return toAvatarResponse(await findPublicAvatarOrThrow(id));
  return cachedLibrary(`avatar:${id}`, async () => toAvatarResponse(await findPublicAvatarOrThrow(id, { status: "ready" })));
}
