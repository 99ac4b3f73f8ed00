import "server-only";
// The public avatar library, read side (AvatarService.filterPublicAvatars): the filtered, sorted,
// paginated listing and the detail. Non-admins see ready public avatars only, from the library
// cache; admins read the database directly and may see every status. The name search ignores case
// and accents ("ines" finds "Inès"): names and the query are compared through the database's
// fold_for_search() (migration 20261201010000_library_search_ignores_accents), which a trigram
// index on the folded name serves.
import { ApiError, notFound, type ErrorDetail } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { PublicAvatarListQuery, PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";
import { avatarSelect, toAvatarResponse, type AvatarRow } from "@/_shared/core/avatars/avatar-view";
import { favoriteIds, markFavorites } from "./favorites";
import { cachedLibrary } from "./library-cache";
import { listTags } from "./tags";

const isAdmin = (user: SessionUser | null) => user?.role === "admin";

const ORDER: Record<PublicAvatarListQuery["sort"], Prisma.Sql> = {
  // The id breaks ties, so pages never overlap or skip rows that share a timestamp or a name.
  newest: Prisma.sql`a."createdAt" DESC, a."id" DESC`,
  oldest: Prisma.sql`a."createdAt" ASC, a."id" ASC`,
  name: Prisma.sql`a."name" ASC, a."id" ASC`,
  // Served by the (visibility, status, usageCount DESC, id DESC) index.
  "most-used": Prisma.sql`a."usageCount" DESC, a."id" DESC`,
};

/**
 * The tag ids each category filter stands for, checked against the tag library first: unknown
 * categories and tags (or a tag of another category) are a 400 naming every one of them.
 */
export async function resolveFilters(filters: Record<string, string[]>): Promise<string[][]> {
  const entries = Object.entries(filters);
  if (entries.length === 0) return [];
  const { categories } = await listTags({});
  const details: ErrorDetail[] = [];
  const resolved = entries.map(([categorySlug, slugs]) => {
    const category = categories.find((c) => c.slug === categorySlug);
    if (!category) {
      details.push({
        path: categorySlug,
        message: `unknown filter "${categorySlug}": not a tag category (${categories.map((c) => c.slug).join(", ")}) nor page, limit, sort, q, status or favorites`,
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

/**
 * The search text as the database folds names (lower case, no accents): what a name must contain.
 * It is also the cache key's, so "Inès", "ines" and "INES" are one question with one cached answer.
 */
export async function foldSearch(q: string | undefined): Promise<string> {
  if (!q) return "";
  const [row] = await prisma.$queryRaw<Array<{ folded: string }>>`SELECT fold_for_search(${q}) AS folded`;
  return row.folded;
}

/** `%needle%` for LIKE, the needle's own % _ and \ taken literally. */
const containing = (needle: string) => `%${needle.replace(/[\\%_]/g, "\\$&")}%`;

/** What a listing (or a tag count) is narrowed by, once tags are resolved and the search folded. */
export interface LibraryScope {
  statuses: string[];
  needle: string;
  /** Only this user's favourites. */
  favoritesOf?: string;
}

/**
 * The WHERE clause of the library: public avatars in the statuses asked for, whose folded name
 * contains the folded search, with one tag of each filtered category (OR within, AND across), and
 * among the caller's favourites when asked. Written in SQL because Prisma's filters cannot compare
 * through a function.
 */
export function libraryWhere(scope: LibraryScope, tagIdsPerCategory: string[][]): Prisma.Sql {
  return Prisma.join(
    [
      Prisma.sql`a."visibility" = 'public'`,
      Prisma.sql`a."status" IN (${Prisma.join(scope.statuses.map((status) => Prisma.sql`${status}::"GenerationStatus"`))})`,
      ...(scope.needle ? [Prisma.sql`fold_for_search(a."name") LIKE ${containing(scope.needle)}`] : []),
      ...(scope.favoritesOf ? [Prisma.sql`EXISTS (SELECT 1 FROM "FavoriteAvatar" f WHERE f."userId" = ${scope.favoritesOf} AND f."avatarId" = a."id")`] : []),
      // Tags were resolved to ids above (slugs are unique), so a filter needs no join: each avatar
      // carries its tag ids (`tagIds`, kept by the database from the tag links), and one overlap
      // test per category is answered by its GIN index, all categories in one bitmap AND.
      ...tagIdsPerCategory.map((ids) => Prisma.sql`a."tagIds" && ARRAY[${Prisma.join(ids)}]::text[]`),
    ],
    " AND ",
  );
}

/** A page row as the statement below answers it: JSON, so its timestamps are text (UTC, no zone). */
type JsonAvatarRow = Omit<AvatarRow, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string; usageCount: number };

/**
 * The listing's total and its page's rows in the reply's shape (avatarSelect's fields with the tags
 * and the newest job), in ONE statement, so an uncached listing costs the server one round trip
 * and one query's parsing: the count, then the page's ids cut from the sort's index alone (an
 * index-only scan, so a deep page skips index entries, not table rows: page 500 costs little more
 * than page 1), then only those rows read and joined to their tags and jobs, as JSON.
 */
async function queryLibrary(query: PublicAvatarListQuery, scope: LibraryScope): Promise<PublicAvatarListResponse> {
  const where = libraryWhere(scope, await resolveFilters(query.filters));
  const [{ total, rows }] = await prisma.$queryRaw<Array<{ total: number; rows: JsonAvatarRow[] }>>`
    SELECT (SELECT count(*)::int FROM "Avatar" a WHERE ${where}) AS "total",
      COALESCE((SELECT json_agg(p ORDER BY p."position") FROM (
        SELECT page."position", a."id", a."name", a."imageUrl", a."videoUrl", a."visibility", a."status", a."errorMessage",
          a."projectId", a."durationSeconds", a."width", a."height", a."videoModel", a."videoModelFallbackFrom", a."createdAt", a."updatedAt", a."usageCount",
          COALESCE((SELECT json_agg(json_build_object('slug', t."slug", 'name', t."name", 'category', json_build_object('slug', c."slug")) ORDER BY t."slug")
                    FROM "_AvatarTags" l JOIN "Tag" t ON t."id" = l."B" JOIN "TagCategory" c ON c."id" = t."categoryId" WHERE l."A" = a."id"), '[]'::json) AS "tags",
          COALESCE((SELECT json_agg(json_build_object('id', j."id"))
                    FROM (SELECT g."id" FROM "GenerationJob" g WHERE g."avatarId" = a."id" ORDER BY g."createdAt" DESC LIMIT 1) j), '[]'::json) AS "generation_jobs"
        FROM (SELECT a."id", row_number() OVER (ORDER BY ${ORDER[query.sort]}) AS "position"
              FROM "Avatar" a WHERE ${where} ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}) page
        JOIN "Avatar" a ON a."id" = page."id") p), '[]'::json) AS "rows"`;
  // The row's `position` (its place in the page) is not a reply field: the reply's schema drops it.
  const avatars = rows.map((row) => ({
    ...toAvatarResponse({ ...row, createdAt: utc(row.createdAt), updatedAt: utc(row.updatedAt) }),
    usageCount: row.usageCount,
  }));
  return { avatars, total, hasMore: query.page * query.limit < total, page: query.page, limit: query.limit };
}

/** A timestamp column as JSON renders it (ISO 8601 without a zone; the columns hold UTC). */
const utc = (text: string) => new Date(`${text}Z`);

/** The cache key of a listing: the same question asked in any order, case or accents is one entry. */
function listingKey(query: PublicAvatarListQuery, needle: string): string {
  const filters = Object.keys(query.filters)
    .sort()
    .map((category) => `${encodeURIComponent(category)}=${[...query.filters[category]].sort().map(encodeURIComponent).join(",")}`);
  return `list:sort=${query.sort}&page=${query.page}&limit=${query.limit}&q=${encodeURIComponent(needle)}&${filters.join("&")}`;
}

/** Who may ask what of the listing: `status` is for admins, `favorites` for signed-in users. */
export function libraryScopeOf({ user, query }: { user: SessionUser | null; query: Pick<PublicAvatarListQuery, "status" | "favorites"> }, needle: string): LibraryScope {
  if (query.status && !isAdmin(user)) {
    if (!user) throw new ApiError("unauthorized", "Sign in as an admin to filter the library by status");
    throw new ApiError("forbidden", "Only admins may filter the library by status; it shows ready avatars");
  }
  if (query.favorites && !user) throw new ApiError("unauthorized", "Sign in to see your favourite avatars");
  return { statuses: query.status ?? ["ready"], needle, ...(query.favorites && user ? { favoritesOf: user.id } : {}) };
}

/**
 * GET /api/avatars/public. The shared cache holds what is the same for everyone; a signed-in
 * caller's stars are added to the page afterwards, and a favourites-only listing (the caller's own
 * data) is never cached.
 */
export async function listPublicAvatars({ user, query }: { user: SessionUser | null; query: PublicAvatarListQuery }) {
  const needle = await foldSearch(query.q);
  const scope = libraryScopeOf({ user, query }, needle);
  const uncached = isAdmin(user) || Boolean(scope.favoritesOf);
  // The page and the caller's stars are read at the same time (on a hit: two cache reads, no query).
  const [listing, starred] = await Promise.all([
    uncached ? queryLibrary(query, scope) : cachedLibrary(listingKey(query, needle), () => queryLibrary(query, scope)),
    user ? favoriteIds(user.id) : null,
  ]);
  return starred ? { ...listing, avatars: markFavorites(starred, listing.avatars) } : listing;
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
