"use client";
// One page of GET /api/avatars/public for the pages that list the library (the library, admin). The
// outcome carries the query it answers, so a page can drop an answer to a query it no longer shows.
import { api, errorMessage } from "../_lib/api-client";
import type { PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";

export type PublicAvatarsOutcome = { key: string; reply: PublicAvatarListResponse } | { key: string; error: string };

/** `key` is the list's query string (filters, search, sort); `page` and `limit` are added to it. */
export async function fetchPublicAvatars(key: string, page: number, limit: number): Promise<PublicAvatarsOutcome> {
  const params = new URLSearchParams(key);
  params.set("page", String(page));
  params.set("limit", String(limit));
  try {
    return { key, reply: await api<PublicAvatarListResponse>(`/api/avatars/public?${params}`) };
  } catch (error) {
    return { key, error: errorMessage(error) };
  }
}
