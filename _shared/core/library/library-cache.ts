import "server-only";
// The public library's reply cache: listing, detail and tag replies for non-admins,
// kept in Redis (or the in-process fallback) under a version number. Every admin write to avatars
// or tags, and a public avatar becoming ready, bumps the version, so the next request computes a
// fresh reply and the old entries simply expire. With the in-process fallback, invalidation
// reaches only this process: run Redis when the app runs as several processes.
import { getCache } from "@/_shared/lib/cache";
import { logger } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";

const VERSION_KEY = "library:version";
const ENTRY_TTL_SECONDS = 300;
// Far longer than any entry lives, so a version number is never reused while entries carry it.
const VERSION_TTL_SECONDS = 30 * 24 * 3600;
// The label of this cache in better_ads_cache_requests_total (every library reply: listings, details, tags).
const CACHE_LABEL = "public-avatars";

const countLookup = (result: "hit" | "miss") => getMetrics().cacheRequests.inc({ cache: CACHE_LABEL, result });

/**
 * The cached reply under `key`, or `compute()`'s result, stored for the next caller. The version is
 * read before computing: a write that commits meanwhile bumps it, so a reply computed from data read
 * before that write is never served under the new version. A cache outage only costs the cache.
 */
export async function cachedLibrary<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const cache = getCache();
  let entryKey: string;
  try {
    const version = (await cache.get<number>(VERSION_KEY)) ?? 0;
    entryKey = `library:v${version}:${key}`;
    const hit = await cache.get<T>(entryKey);
    if (hit !== undefined) {
      countLookup("hit");
      return hit;
    }
  } catch (error) {
    logger.warn("library cache unavailable; answering from the database", { error });
    countLookup("miss");
    return compute();
  }
  countLookup("miss");
  const value = await compute();
  await cache.set(entryKey, value, ENTRY_TTL_SECONDS).catch((error: unknown) => logger.warn("could not store a library reply in the cache", { error }));
  return value;
}

/** Makes every cached library reply stale. Call it after the write has committed; it never throws. */
export async function invalidatePublicLibrary(): Promise<void> {
  try {
    await getCache().incr(VERSION_KEY, VERSION_TTL_SECONDS);
  } catch (error) {
    logger.error(`could not invalidate the library cache; replies may be stale for up to ${ENTRY_TTL_SECONDS} s`, { error });
  }
}
