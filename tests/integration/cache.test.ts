import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type Cache, getCache, MemoryCache } from "@/_shared/lib/cache";

/** Whether `key` would ever expire on its own: read from the server, or by moving the clock on. */
type ExpiryProbe = (cache: Cache, key: string) => Promise<boolean>;

const memoryExpires: ExpiryProbe = async (cache, key) => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 366 * 24 * 3600_000 });
  try {
    return (await cache.get(key)) === undefined;
  } finally {
    vi.useRealTimers();
  }
};

// A second connection, only to read TTLs the cache interface does not expose.
const inspector = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
afterAll(() => inspector?.disconnect());
// Keys are namespaced per database (better-ads:<hash>:<key>): find ours, then read its TTL.
const redisExpires: ExpiryProbe = async (_cache, key) => {
  const [stored] = await inspector!.keys(`better-ads:*:${key}`);
  return Boolean(stored) && (await inspector!.ttl(stored)) > 0;
};

// The same semantics for every implementation available here: the in-process map always, and
// Redis (through getCache) when REDIS_URL is configured, so that run talks to a real server.
const implementations: Array<[name: string, make: () => Cache, kind: Cache["kind"], expires: ExpiryProbe]> = [
  ["MemoryCache", () => new MemoryCache(), "memory", memoryExpires],
];
if (process.env.REDIS_URL) implementations.push(["getCache() with REDIS_URL", getCache, "redis", redisExpires]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(implementations)("%s", (_name, make, kind, expires) => {
  const key = () => `test:cache:${randomUUID()}`;

  it("is the expected kind and answers ping", async () => {
    const cache = make();
    expect(cache.kind).toBe(kind);
    expect(await cache.ping()).toBe(true);
  });

  it("round-trips JSON values", async () => {
    const cache = make();
    const values: unknown[] = [{ a: 1, nested: { list: [1, "two", null, true] }, text: "é ✓" }, [1, 2, 3], "plain", 42, 0, false, null];
    for (const value of values) {
      const k = key();
      await cache.set(k, value, 60);
      expect(await cache.get(k), JSON.stringify(value)).toEqual(value);
      await cache.del(k);
    }
  });

  it("returns undefined for a missing key", async () => {
    expect(await make().get(key())).toBeUndefined();
  });

  it("overwrites a value on set", async () => {
    const cache = make();
    const k = key();
    await cache.set(k, { v: 1 }, 60);
    await cache.set(k, { v: 2 }, 60);
    expect(await cache.get(k)).toEqual({ v: 2 });
    await cache.del(k);
  });

  it("forgets a value after its TTL", async () => {
    const cache = make();
    const [short, long] = [key(), key()];
    await cache.set(short, "soon gone", 1);
    await cache.set(long, "still here", 60);
    expect(await cache.get(short)).toBe("soon gone");
    await sleep(1100);
    expect(await cache.get(short)).toBeUndefined();
    expect(await cache.get(long)).toBe("still here");
    await cache.del(long);
  });

  it("deletes a key, and deleting a missing key is harmless", async () => {
    const cache = make();
    const k = key();
    await cache.set(k, "x", 60);
    await cache.del(k);
    expect(await cache.get(k)).toBeUndefined();
    await expect(cache.del(key())).resolves.toBeUndefined();
  });

  it("incr counts from 1 on a missing key, and the counter reads back as a number", async () => {
    const cache = make();
    const k = key();
    expect(await cache.incr(k)).toBe(1);
    expect(await cache.incr(k)).toBe(2);
    expect(await cache.incr(k)).toBe(3);
    expect(await cache.get<number>(k)).toBe(3);
    await cache.del(k);
    expect(await cache.incr(k)).toBe(1);
    await cache.del(k);
  });

  it("incr with a TTL starts again from 1 once the counter expires", async () => {
    const cache = make();
    const k = key();
    expect(await cache.incr(k, 1)).toBe(1);
    expect(await cache.incr(k, 1)).toBe(2);
    await sleep(1100);
    expect(await cache.incr(k, 1)).toBe(1);
    await cache.del(k);
  });

  it("keeps keys apart", async () => {
    const cache = make();
    const [a, b] = [key(), key()];
    await cache.set(a, "A", 60);
    expect(await cache.incr(b)).toBe(1);
    expect(await cache.get(a)).toBe("A");
    await Promise.all([cache.del(a), cache.del(b)]);
  });

  // The cache's contract is that every entry has a TTL, counters included, so that nothing piles up.
  it("entries and counters always expire eventually, even when incr is given no TTL", async () => {
    const cache = make();
    const [value, counter] = [key(), key()];
    try {
      await cache.set(value, "x", 3600);
      await cache.incr(counter);
      expect(await expires(cache, value), "set entry").toBe(true);
      expect(await expires(cache, counter), "incr counter").toBe(true);
    } finally {
      await Promise.all([cache.del(value), cache.del(counter)]);
    }
  });
});
