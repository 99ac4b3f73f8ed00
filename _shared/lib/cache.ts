// The cache: Redis when REDIS_URL is set, otherwise an in-process map with the same interface (the
// zero-setup default). Values are JSON; every entry has a TTL.
//
// Redis is a cache, never a reason to hold a request: every command gives up after REDIS_TIMEOUT_MS
// (a frozen server or a dead link would otherwise hold it forever), and while the client waits to
// reconnect to a server that is down, cache calls fail at once instead of queueing until the next
// attempt (whose delay grows to seconds). Callers treat a failure as a miss.
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { getEnv } from "./env";
import { logger } from "./logger";

export interface Cache {
  readonly kind: "redis" | "memory";
  get<T>(key: string): Promise<T | undefined>;
  /** Several values in one round trip, in the order of `keys` (undefined where absent). */
  getMany(keys: string[]): Promise<unknown[]>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Atomically increments a counter (creating it at 1); used for version keys and limits. */
  incr(key: string, ttlSeconds?: number): Promise<number>;
  ping(): Promise<boolean>;
}

const DEFAULT_COUNTER_TTL_SECONDS = 7 * 24 * 3600;

class RedisCache implements Cache {
  readonly kind = "redis" as const;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The client, unless it is between reconnection attempts (the server is known to be down). */
  private connected(): Redis {
    if (this.redis.status === "reconnecting" || this.redis.status === "close" || this.redis.status === "end") {
      // The code errors.ts reads as "a backing service is unreachable", should it ever reach a reply.
      throw Object.assign(new Error("Redis is unreachable (the client is waiting to reconnect)"), { code: "ECONNREFUSED" });
    }
    return this.redis;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.connected().get(this.prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }
  async getMany(keys: string[]) {
    const raws = await this.connected().mget(keys.map((key) => this.prefix + key));
    return raws.map((raw) => (raw === null ? undefined : (JSON.parse(raw) as unknown)));
  }
  async set(key: string, value: unknown, ttlSeconds: number) {
    await this.connected().set(this.prefix + key, JSON.stringify(value), "EX", ttlSeconds);
  }
  async del(key: string) {
    await this.connected().del(this.prefix + key);
  }
  async incr(key: string, ttlSeconds = DEFAULT_COUNTER_TTL_SECONDS) {
    // One transaction: a counter is never left without its expiry.
    const results = await this.connected().multi().incr(this.prefix + key).expire(this.prefix + key, ttlSeconds, "NX").exec();
    const [error, value] = results?.[0] ?? [new Error("Redis transaction aborted"), 0];
    if (error) throw error;
    return Number(value);
  }
  async ping() {
    try {
      return (await this.connected().ping()) === "PONG";
    } catch {
      return false;
    }
  }
}

export class MemoryCache implements Cache {
  readonly kind = "memory" as const;
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxEntries = 10_000;

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    return entry ? (JSON.parse(entry.value) as T) : undefined;
  }
  async getMany(keys: string[]) {
    return Promise.all(keys.map((key) => this.get(key)));
  }
  async set(key: string, value: unknown, ttlSeconds: number) {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: Date.now() + ttlSeconds * 1000 });
  }
  async del(key: string) {
    this.entries.delete(key);
  }
  async incr(key: string, ttlSeconds = DEFAULT_COUNTER_TTL_SECONDS) {
    const entry = this.live(key);
    const value = (entry ? Number(JSON.parse(entry.value)) : 0) + 1;
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: entry?.expiresAt ?? Date.now() + ttlSeconds * 1000 });
    return value;
  }
  async ping() {
    return true;
  }
}

const globalForCache = globalThis as typeof globalThis & { cache?: Cache; redis?: Redis };

/**
 * The prefix of every key this deployment writes to Redis. One Redis may serve several environments
 * (or CI runs): keys are namespaced by the database they describe, so one never reads another's.
 */
export function redisNamespace(): string {
  return `better-ads:${createHash("sha256").update(getEnv().DATABASE_URL).digest("hex").slice(0, 12)}:`;
}

function connectRedis(url: string, timeoutMs: number): Redis {
  // Auto-pipelining: the commands issued in one tick (a listing's page and the caller's stars) leave
  // in one write and come back in one read, instead of one round trip each.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: timeoutMs, enableAutoPipelining: true });
  // One line when Redis goes away and one when it is back, not one per reconnection attempt (and
  // no "unhandled error event" from ioredis).
  let down = false;
  redis.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn("Redis is unreachable: the cache is bypassed and rate limits are kept per process until it answers", { error });
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info("Redis answers again");
  });
  return redis;
}

/** The process's one Redis connection when REDIS_URL is set (the cache and the rate limiter share it), else null. */
export function getRedisClient(): Redis | null {
  const env = getEnv();
  if (!env.REDIS_URL) return null;
  globalForCache.redis ??= connectRedis(env.REDIS_URL, env.REDIS_TIMEOUT_MS);
  return globalForCache.redis;
}

export function getCache(): Cache {
  if (!globalForCache.cache) {
    const redis = getRedisClient();
    globalForCache.cache = redis ? new RedisCache(redis, redisNamespace()) : new MemoryCache();
  }
  return globalForCache.cache;
}
