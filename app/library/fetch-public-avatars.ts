"use client";
// Pages of GET /api/avatars/public for the pages that list the library (the library, admin).
import type { PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";
import { api } from "../_lib/api-client";

/** `query` is the list's query string (filters, search, sort); `page` and `limit` are added to it. */
export function fetchPublicAvatars(query: string, page: number, limit: number, signal?: AbortSignal): Promise<PublicAvatarListResponse> {
  const params = new URLSearchParams(query);
  params.set("page", String(page));
  params.set("limit", String(limit));
  return api<PublicAvatarListResponse>(`/api/avatars/public?${params}`, { signal });
}

/** The list with a further page after it (new avatars shift the pages: the ones already shown are skipped). */
export function appendPage<A extends { id: string }, L extends Omit<PublicAvatarListResponse, "avatars"> & { avatars: A[] }>(list: L, next: Omit<PublicAvatarListResponse, "avatars"> & { avatars: A[] }): L {
  const shown = new Set(list.avatars.map((a) => a.id));
  return { ...list, total: next.total, hasMore: next.hasMore, page: next.page, limit: next.limit, avatars: [...list.avatars, ...next.avatars.filter((a) => !shown.has(a.id))] };
}
