// The cache down: Redis not started yet, killed, or frozen. The public library (listing, detail, tags)
// answers from the database, correct and quickly, nothing answers 500, and once Redis is back the
// replies are cached again. Redis is a redis-server child process of this file (REDIS_URL points at
// it before the app's one Redis client is made), so it can be stopped without touching anyone else's.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCache, getRedisClient } from "@/_shared/lib/cache";
import { prisma } from "@/_shared/lib/prisma";
import * as collection from "@/app/api/avatars/public/route";
import * as item from "@/app/api/avatars/public/[id]/route";
import * as health from "@/app/api/health/route";
import * as generate from "@/app/api/images/generate/route";
import * as tagList from "@/app/api/tags/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { restoreEnv, setEnv } from "../env";
import { redisProcess } from "../fault-services";
import { call, newUser, waitFor, type TestUser } from "../helpers";

const run = randomUUID().slice(0, 8);
const PREFIX = `Cache${run}`;
/** A read slower than this waited on Redis: the database alone answers in milliseconds. */
const QUICK_MS = 1000;
/**
 * How long a Redis command may take here (REDIS_TIMEOUT_MS): a frozen Redis costs a read this much.
 * Longer than QUICK_MS, so a read while Redis is down proves it waited for nothing, not even this.
 */
const REDIS_TIMEOUT_MS = 1200;
/**
 * Rounds of reads while Redis is down: a client that queues commands until its next reconnection
 * attempt (whose delay grows each time) makes the later rounds slower and slower.
 */
const ROUNDS = 5;

let redis: Awaited<ReturnType<typeof redisProcess>>;
let admin: TestUser;
let avatarId: string;
let tagSlug: string;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

/** The library as an anonymous visitor reads it (this file's avatars only), with the time it took. */
const list = () => timed(() => call(collection.GET, { path: `/api/avatars/public?q=${PREFIX}` }));
const detail = () => timed(() => call(item.GET, { params: { id: avatarId } }));
const tags = () => timed(() => call(tagList.GET, { path: "/api/tags?category=sexe" }));

let renames = 0;

/** Renames the avatar and its tag behind the services' back (only a reply computed from the database shows it); returns the name. */
async function renameInDatabase(): Promise<string> {
  const name = `N${++renames}`;
  await prisma.avatar.update({ where: { id: avatarId }, data: { name: `${PREFIX} ${name}` } });
  await prisma.tag.update({ where: { slug: tagSlug }, data: { name: `${PREFIX} ${name}` } });
  return name;
}

/** Renames through the admin API (the tag first, in the database): every cached reply becomes stale. Returns the name. */
async function renameThroughApi(): Promise<string> {
  const name = `N${++renames}`;
  await prisma.tag.update({ where: { slug: tagSlug }, data: { name: `${PREFIX} ${name}` } });
  const put = await call(item.PUT, { method: "PUT", user: admin, params: { id: avatarId }, body: { name: `${PREFIX} ${name}` } });
  expect(put.status).toBe(200);
  return name;
}

/** Every cached read (`rounds` times over), each 200 within `withinMs`, showing the name the database holds now. */
async function expectFreshReplies(name: string, { rounds = 1, withinMs = QUICK_MS } = {}) {
  const full = `${PREFIX} ${name}`;
  for (let round = 1; round <= rounds; round++) {
    for (const [what, read] of [["listing", list], ["detail", detail], ["tags", tags]] as const) {
      const { result, ms } = await read();
      expect(result.status, what).toBe(200);
      expect(ms, `${what} (round ${round}) answered within ${withinMs} ms`).toBeLessThan(withinMs);
      expect(JSON.stringify(result.json), `${what} shows the database's name`).toContain(JSON.stringify(full));
      if (what === "listing") expect(result.json.avatars.map((a: { name: string }) => a.name)).toEqual([full]);
    }
  }
}

/** Every cached read shows `name` although the database holds another: the replies came from Redis. */
async function expectCachedReplies(name: string) {
  for (const [what, read] of [["listing", list], ["detail", detail], ["tags", tags]] as const) {
    const { result } = await read();
    expect(result.status, what).toBe(200);
    expect(JSON.stringify(result.json), `${what} served from the cache`).toContain(JSON.stringify(`${PREFIX} ${name}`));
  }
}

/** Waits until the app's Redis client answers again (it reconnects on its own). */
const redisAnswers = () => waitFor(() => getCache().ping(), { timeoutMs: 15_000, what: "the app's Redis client to reconnect" });

beforeAll(async () => {
  // Not started yet: the app meets a Redis that refuses connections from its first request.
  redis = await redisProcess();
  setEnv({ REDIS_URL: redis.url, REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS) });
  await seedBaseTags(prisma);
  admin = await newUser({ role: "admin" });
  const sexe = await prisma.tagCategory.findUniqueOrThrow({ where: { slug: "sexe" } });
  const tag = await prisma.tag.create({ data: { name: `${PREFIX} A`, slug: `cache-${run}`, categoryId: sexe.id } });
  tagSlug = tag.slug;
  const avatar = await prisma.avatar.create({
    data: {
      name: `${PREFIX} A`,
      imageUrl: `/api/media/images/public-avatars/cache${run}.jpg`,
      videoUrl: `/api/media/videos/avatars/public/cache${run}.mp4`,
      visibility: "public",
      status: "ready",
      tags: { connect: [{ id: tag.id }] },
    },
  });
  avatarId = avatar.id;
});

afterAll(async () => {
  getRedisClient()?.disconnect();
  restoreEnv();
  await redis?.stop();
});

describe("the cache down", () => {
  it("Redis refusing connections from the start: every library read answers 200 from the database, quickly", async () => {
    expect(getCache().kind).toBe("redis");
    // One untimed round first: the first call of each route pays for loading and connecting, which is
    // not what is measured here (a read that hung on the dead cache would still fail: by timing out).
    await expectFreshReplies(await renameInDatabase(), { withinMs: Number.POSITIVE_INFINITY });
    await expectFreshReplies(await renameInDatabase(), { rounds: ROUNDS });
    // Health names the cache; nothing is a 500.
    const probe = await call(health.GET);
    expect(probe.status).toBe(503);
    expect(probe.json.services).toMatchObject({ database: { ok: true }, cache: { ok: false, kind: "redis" } });
  });

  it("Redis started: the same reads are served from the cache", async () => {
    await redis.start();
    await redisAnswers();
    const cached = await renameThroughApi();
    await expectFreshReplies(cached);
    await renameInDatabase();
    await expectCachedReplies(cached);
  });

  it("Redis killed: reads answer from the database again, fresh and quickly; an admin write and a generation request still succeed", async () => {
    await redis.kill();
    await expectFreshReplies(await renameInDatabase(), { rounds: ROUNDS });
    // The write's cache invalidation fails (logged), the write does not.
    await expectFreshReplies(await renameThroughApi());
    // Generation requests are rate limited through Redis: per process while it is down.
    const user = await newUser();
    const generated = await call(generate.POST, { method: "POST", user, body: { prompt: "a baker at dawn, window light", sessionId: "cache-down" } });
    expect(generated.status).toBe(200);
    expect(generated.json.imageUrl).toMatch(/^\/api\/media\/images\/temp-generated\//);
  });

  it("Redis frozen (accepting connections, answering nothing): reads still answer quickly from the database", async () => {
    if (redis.running()) await redis.kill();
    await redis.start();
    await redisAnswers();
    await expectFreshReplies(await renameThroughApi());
    redis.pause();
    try {
      // Each read gives up on Redis after REDIS_TIMEOUT_MS, then answers from the database.
      await expectFreshReplies(await renameInDatabase(), { withinMs: REDIS_TIMEOUT_MS + QUICK_MS });
    } finally {
      redis.resume();
    }
  });

  it("Redis back: replies are cached again", async () => {
    if (!redis.running()) await redis.start();
    await redisAnswers();
    const cached = await renameThroughApi();
    await expectFreshReplies(cached);
    await renameInDatabase();
    await expectCachedReplies(cached);
    expect((await call(health.GET)).status).toBe(200);
  });
});
