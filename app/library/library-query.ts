// The library's state lives in the page URL, in the API's own query format (`?sexe=femme&industrie=
// tech,medical&q=clara&sort=name`), so a filtered library is shareable, survives a reload, and maps
// one-to-one onto GET /api/avatars/public (OR within a category, AND across categories).
import { LIBRARY_SORTS } from "@/_shared/schemas/public-avatar";
import type { CategoryResponse } from "@/_shared/schemas/tag";

export type LibrarySort = (typeof LIBRARY_SORTS)[number];
export interface LibraryState {
  q: string;
  sort: LibrarySort;
  /** Only the signed-in user's favourites. */
  favorites?: boolean;
  /** Selected tag slugs per category slug. */
  filters: Record<string, string[]>;
}

/** Page parameters that are not tag categories (the API's own, plus the page's tab). */
const RESERVED = new Set(["tab", "q", "sort", "page", "limit", "status", "favorites"]);

export function parseLibraryState(params: URLSearchParams): LibraryState {
  const filters: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    const slugs = value.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (slugs.length) filters[key.toLowerCase()] = [...new Set([...(filters[key.toLowerCase()] ?? []), ...slugs])];
  }
  const sort = params.get("sort");
  return {
    q: params.get("q")?.trim() ?? "",
    sort: (LIBRARY_SORTS as readonly string[]).includes(sort ?? "") ? (sort as LibrarySort) : "newest",
    favorites: params.get("favorites") === "true",
    filters,
  };
}

/** The state as query parameters, in a stable order (one URL and one cache entry per question). */
export function libraryParams(state: LibraryState): URLSearchParams {
  const params = new URLSearchParams();
  for (const category of Object.keys(state.filters).sort()) {
    const slugs = [...state.filters[category]].sort();
    if (slugs.length) params.set(category, slugs.join(","));
  }
  if (state.q) params.set("q", state.q);
  if (state.sort !== "newest") params.set("sort", state.sort);
  if (state.favorites) params.set("favorites", "true");
  return params;
}

export function toggleTag(state: LibraryState, category: string, slug: string): LibraryState {
  const current = state.filters[category] ?? [];
  const next = current.includes(slug) ? current.filter((s) => s !== slug) : [...current, slug];
  return { ...state, filters: { ...state.filters, [category]: next } };
}

export const hasFilters = (state: LibraryState) => Boolean(state.q) || Boolean(state.favorites) || Object.values(state.filters).some((slugs) => slugs.length > 0);

/** How many filters are on (tags, favourites, a search): the phone's "Filters (3)". */
export const activeFilterCount = (state: LibraryState) =>
  Object.values(state.filters).reduce((n, slugs) => n + slugs.length, 0) + (state.favorites ? 1 : 0) + (state.q ? 1 : 0);

/** The product's category order (sexe, age, industrie), then any other category by name. */
const CATEGORY_ORDER = ["sexe", "age", "industrie"];
export function orderCategories<C extends { slug: string; name: string }>(categories: C[]): C[] {
  const rank = (c: C) => (CATEGORY_ORDER.includes(c.slug) ? CATEGORY_ORDER.indexOf(c.slug) : CATEGORY_ORDER.length);
  return [...categories].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The state without tags that no longer exist (an old shared link): the API would refuse them. */
export function knownFiltersOnly(state: LibraryState, categories: CategoryResponse[]): LibraryState {
  const filters: Record<string, string[]> = {};
  for (const [slug, tags] of Object.entries(state.filters)) {
    const category = categories.find((c) => c.slug === slug);
    const known = tags.filter((tag) => category?.tags.some((t) => t.slug === tag));
    if (known.length) filters[slug] = known;
  }
  return { ...state, filters };
}
