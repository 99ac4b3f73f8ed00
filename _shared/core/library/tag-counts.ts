import "server-only";
// Tag counts for the library's filter chips (GET /api/avatars/public/tag-counts): for each tag, how
// many avatars the listing would show with that tag, given the search, the favourites filter and the
// other categories' filters. A category's own filter is left out of its tags' counts, since tags of
// one category are OR-ed: the count is what selecting the tag brings. Shared answers are cached with
// the library; a favourites-only count is the caller's own and never cached.
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import type { TagCountsResponse } from "@/_shared/schemas/library";
import type { PublicAvatarListQuery } from "@/_shared/schemas/public-avatar";
import { cachedLibrary } from "./library-cache";
import { foldSearch, libraryScopeOf, libraryWhere, resolveFilters, type LibraryScope } from "./public-library";
import { listTags } from "./tags";

type Filters = PublicAvatarListQuery["filters"];

/** Avatars per tag id among `tagIds`, for avatars matching `where`: one grouped scan of the tag links. */
async function countByTag(where: Prisma.Sql, tagIds: string[]): Promise<Map<string, number>> {
  if (tagIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ tagId: string; n: number }>>`
    SELECT t."B" AS "tagId", count(*)::int AS n FROM "_AvatarTags" t JOIN "Avatar" a ON a."id" = t."A"
    WHERE t."B" IN (${Prisma.join(tagIds)}) AND ${where} GROUP BY t."B"`;
  return new Map(rows.map((row) => [row.tagId, row.n]));
}

async function computeTagCounts(filters: Filters, scope: LibraryScope): Promise<TagCountsResponse> {
  const { categories } = await listTags({});
  const tagIdsPerCategory = await resolveFilters(filters);
  const filtered = Object.keys(filters);
  const allWhere = libraryWhere(scope, tagIdsPerCategory);
  const withoutCategory = (slug: string) => libraryWhere(scope, tagIdsPerCategory.filter((_ids, i) => filtered[i] !== slug));
  // Categories without a filter of their own share one query (all other filters apply to them).
  const unfiltered = categories.filter((c) => !filtered.includes(c.slug)).flatMap((c) => c.tags.map((tag) => tag.id));
  const [[{ total }], shared, ...own] = await Promise.all([
    prisma.$queryRaw<Array<{ total: number }>>`SELECT count(*)::int AS total FROM "Avatar" a WHERE ${allWhere}`,
    countByTag(allWhere, unfiltered),
    ...categories.filter((c) => filtered.includes(c.slug)).map((c) => countByTag(withoutCategory(c.slug), c.tags.map((tag) => tag.id))),
  ]);
  const counts: Record<string, number> = {};
  for (const category of categories) {
    for (const tag of category.tags) counts[tag.slug] = [shared, ...own].find((m) => m.has(tag.id))?.get(tag.id) ?? 0;
  }
  return { total, counts };
}

/** The cache key: the same filters in any order are one entry. */
function countsKey(filters: Filters, scope: LibraryScope): string {
  const parts = Object.keys(filters)
    .sort()
    .map((category) => `${encodeURIComponent(category)}=${[...filters[category]].sort().map(encodeURIComponent).join(",")}`);
  return `tag-counts:status=${scope.statuses.join(",")}&q=${encodeURIComponent(scope.needle)}&${parts.join("&")}`;
}

/** GET /api/avatars/public/tag-counts: the listing's query (page, limit and sort do not matter). */
export async function getTagCounts({ user, query }: { user: SessionUser | null; query: PublicAvatarListQuery }): Promise<TagCountsResponse> {
  const scope = libraryScopeOf({ user, query }, await foldSearch(query.q));
  if (scope.favoritesOf || query.status) return computeTagCounts(query.filters, scope);
  return cachedLibrary(countsKey(query.filters, scope), () => computeTagCounts(query.filters, scope));
}
