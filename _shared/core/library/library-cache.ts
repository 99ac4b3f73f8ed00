import "server-only";
// The public library's reply cache: listing, detail and tag replies for non-admins, kept in Redis
// (or the in-process fallback) with the version number they were computed under. Every admin write
// to avatars or tags, and a public avatar becoming ready, bumps the version, so the next request
// computes a fresh reply and overwrites the stale one (or it simply expires). A signed-in caller's
// favourites are cached the same way under a version of their own, bumped by their stars. A hit is
// one round trip: the version and the entry are read together. With the in-process fallback,
// invalidation reaches only this process: run Redis when the app runs as several processes.
import { getCache } from "@/_shared/lib/cache";
import { logger } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";

const VERSION_KEY = "library:version";
const ENTRY_TTL_SECONDS = 300;
// A star that could not be invalidated (the cache down at that moment) shows wrong for at most this long.
const FAVORITES_TTL_SECONDS = 60;
// Far longer than any entry lives, so a version number is never reused while entries carry it.
const VERSION_TTL_SECONDS = 30 * 24 * 3600;
// The labels of these caches in better_ads_cache_requests_total (every library reply: listings, details, tags).
const CACHE_LABEL = "public-avatars";
const FAVORITES_LABEL = "favorites";

const countLookup = (cache: string, result: "hit" | "miss") => getMetrics().cacheRequests.inc({ cache, result });
const favoritesKeys = (userId: string) => ({ version: `favorites:version:${userId}`, entry: `favorites:${userId}` });

/** An entry with the version it was computed under. */
interface Versioned<T> {
  v: number;
  value: T;
}

interface VersionedKeys {
  version: string;
  entry: string;
  ttlSeconds: number;
  label: string;
}

/**
 * The entry if it was computed under the current version, or `compute()`'s result, stored for the
 * next caller. The version is read before computing: a write that commits meanwhile bumps it, so a
 * value computed from data read before that write is never served under the new version. A cache
 * outage only costs the cache.
 */
async function cachedVersioned<T>(keys: VersionedKeys, compute: () => Promise<T>): Promise<T> {
  const cache = getCache();
  let version: number;
  try {
    const [current, entry] = (await cache.getMany([keys.version, keys.entry])) as [number | undefined, Versioned<T> | undefined];
    version = current ?? 0;
    if (entry?.v === version) {
      countLookup(keys.label, "hit");
      return entry.value;
    }
  } catch (error) {
    logger.warn("library cache unavailable; answering from the database", { error });
    countLookup(keys.label, "miss");
    return compute();
  }
  countLookup(keys.label, "miss");
  const value = await compute();
  const entry: Versioned<T> = { v: version, value };
  await cache.set(keys.entry, entry, keys.ttlSeconds).catch((error: unknown) => logger.warn("could not store a library reply in the cache", { error }));
  return value;
}

/** The cached library reply under `key`, or `compute()`'s result (see cachedVersioned). */
export function cachedLibrary<T>(key: string, compute: () => Promise<T>): Promise<T> {
  return cachedVersioned({ version: VERSION_KEY, entry: `library:${key}`, ttlSeconds: ENTRY_TTL_SECONDS, label: CACHE_LABEL }, compute);
}

/** The ids a user starred, cached under the user's own version, or `compute()`'s result. */
export function cachedFavorites(userId: string, compute: () => Promise<string[]>): Promise<string[]> {
  return cachedVersioned({ ...favoritesKeys(userId), ttlSeconds: FAVORITES_TTL_SECONDS, label: FAVORITES_LABEL }, compute);
}

/** Bumps a version; failures are logged with what they cost, never thrown. */
async function bump(key: string, staleFor: number): Promise<void> {
  try {
    await getCache().incr(key, VERSION_TTL_SECONDS);
  } catch (error) {
    logger.error(`could not invalidate the library cache; replies may be stale for up to ${staleFor} s`, { error });
  }
}

/** Makes every cached library reply stale. Call it after the write has committed; it never throws. */
export function invalidatePublicLibrary(): Promise<void> {
  return bump(VERSION_KEY, ENTRY_TTL_SECONDS);
}

/** Makes a user's cached favourites stale. Call it after the star has committed; it never throws. */
export function invalidateFavorites(userId: string): Promise<void> {
  return bump(favoritesKeys(userId).version, FAVORITES_TTL_SECONDS);
}
