import "server-only";
// Per-user limits on the endpoints that spend money: a daily spend cap (the estimated cost of the
// day's jobs, as spend/spend.ts counts it) and a rate limit on generation requests. Admins have their own
// cap and rate. Every money-spending service calls enforceGenerationLimits after validating its
// input and answering replays (a replay is free) and before it creates anything; the permit it
// returns re-checks the cap inside the create transaction, under a per-user lock, so concurrent
// requests cannot overshoot it.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getRedisClient, redisNamespace } from "@/_shared/lib/cache";
import { getEnv } from "@/_shared/lib/env";
import { ApiError } from "@/_shared/lib/errors";
import type { GenerationKind } from "@/_shared/schemas/generation-options";
import { logger } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";
import type { Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { startOfUtcDay, userSpendSince } from "./spend";

type Limit = "rate" | "daily_spend";
const isAdmin = (user: Pick<SessionUser, "role">) => user.role === "admin";
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The caller's daily cap in USD, or null when there is none (0 configured). */
function dailyCapFor(user: Pick<SessionUser, "role">): number | null {
  const env = getEnv();
  const cap = isAdmin(user) ? env.ADMIN_DAILY_SPEND_CAP_USD : env.DAILY_SPEND_CAP_USD;
  return cap > 0 ? cap : null;
}

const nextUtcMidnight = (now: Date) => new Date(startOfUtcDay(now).getTime() + 24 * 3600_000);

/** The caller's daily cap and what is left of it today (the estimate endpoint shows it). */
export async function getSpendLimits(user: SessionUser, now = new Date()) {
  const cap = dailyCapFor(user);
  const spent = round4(await userSpendSince(user.id, startOfUtcDay(now)));
  return {
    dailySpendCapUsd: cap,
    spentTodayUsd: spent,
    remainingTodayUsd: cap === null ? null : round4(Math.max(0, cap - spent)),
    resetsAt: nextUtcMidnight(now).toISOString(),
  };
}

function refuse(user: SessionUser, limit: Limit, message: string, retryAfterSeconds: number, fields: Record<string, unknown>): never {
  getMetrics().limitRejections.inc({ limit });
  logger.info("generation refused by a limit", { userId: user.id, limit, retryAfterSeconds, ...fields });
  throw new ApiError("rate_limited", message, [{ path: "limit", message: limit }], { "Retry-After": String(Math.max(1, retryAfterSeconds)) });
}

const usd = (n: number) => `$${n > 0 && n < 0.01 ? n.toFixed(4) : n.toFixed(2)}`;

function untilText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Refuses when today's spend plus this request's estimate would pass the cap. */
function checkDailySpend(user: SessionUser, p: { kind: GenerationKind; estimatedCostUsd: number }, cap: number, spent: number) {
  // In ten-thousandths of a dollar (the precision costs are stored at), so float noise never refuses.
  if (Math.round((spent + p.estimatedCostUsd) * 10_000) <= Math.round(cap * 10_000)) return;
  const now = new Date();
  const msLeft = nextUtcMidnight(now).getTime() - now.getTime();
  refuse(
    user,
    "daily_spend",
    `Daily spending limit reached: you have used ${usd(spent)} of your ${usd(cap)} daily limit and this generation would cost ${usd(p.estimatedCostUsd)}. ` +
      `The limit resets at 00:00 UTC (in ${untilText(msLeft)}).`,
    Math.ceil(msLeft / 1000),
    { kind: p.kind, spentTodayUsd: round4(spent), dailySpendCapUsd: cap, estimatedCostUsd: p.estimatedCostUsd },
  );
}

// ----- rate limit -----

const globalForLimits = globalThis as typeof globalThis & { generationLimiters?: Map<string, RateLimiterAbstract> };

/**
 * The generation limiter for users or admins: Redis when REDIS_URL is set (shared by every instance),
 * with an in-process limiter as insurance while Redis fails; in-process only otherwise. Rebuilt when
 * the settings change (tests change them at run time).
 */
function generationLimiter(admin: boolean) {
  const env = getEnv();
  const points = admin ? env.ADMIN_GENERATION_RATE_LIMIT : env.GENERATION_RATE_LIMIT;
  const duration = env.GENERATION_RATE_WINDOW_SECONDS;
  const redis = getRedisClient();
  const keyPrefix = `${redisNamespace()}ratelimit:generation:${admin ? "admin" : "user"}`;
  const id = `${keyPrefix}|${points}|${duration}|${redis ? "redis" : "memory"}`;
  const limiters = (globalForLimits.generationLimiters ??= new Map());
  let limiter = limiters.get(id);
  if (!limiter) {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    limiter = redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
    limiters.set(id, limiter);
  }
  return { limiter, points, duration };
}

async function consumeRatePoint(user: SessionUser, kind: GenerationKind) {
  const { limiter, points, duration } = generationLimiter(isAdmin(user));
  try {
    await limiter.consume(user.id);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    refuse(
      user,
      "rate",
      `Too many generation requests: the limit is ${points} per ${duration} seconds. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
      seconds,
      { kind, points, windowSeconds: duration },
    );
  }
}

/** Gives back the point of a request refused afterwards by the cap (a cap refusal never eats the rate budget). */
async function refundRatePoint(user: SessionUser) {
  await generationLimiter(isAdmin(user))
    .limiter.reward(user.id, 1)
    .catch((error: unknown) => logger.warn("could not refund a generation rate point", { userId: user.id, error }));
}

/** The user's spend lock, held until the transaction ends: their spending writes are serialised. */
async function lockUserSpend(tx: Tx, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`generation-spend:${userId}`}))`;
}

/**
 * Inside the transaction that adds `extraUsd` to a job already counted (its fallback request): takes
 * the user's spend lock and says what it would pass, or null when it stays within their daily cap.
 */
export async function dailyCapShortfall(tx: Tx, userId: string, extraUsd: number): Promise<{ spentTodayUsd: number; dailySpendCapUsd: number } | null> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
  const cap = user ? dailyCapFor(user) : null;
  if (cap === null) return null;
  await lockUserSpend(tx, userId);
  const spent = await userSpendSince(userId, startOfUtcDay(), tx);
  return Math.round((spent + extraUsd) * 10_000) <= Math.round(cap * 10_000) ? null : { spentTodayUsd: round4(spent), dailySpendCapUsd: cap };
}

// ----- the one entry point -----

export interface GenerationPermit {
  /**
   * First thing inside the transaction that creates the job: takes the user's spend lock (held until
   * commit, so the user's creates are serialised) and checks the cap again with the spend as committed.
   */
  holdDailySpend(tx: Tx): Promise<void>;
}

/**
 * Refuses (429 with Retry-After and a message naming the limit) when the request would pass the
 * daily spend cap, or the rate limit. The cap is checked first, so a cap refusal consumes no rate
 * point.
 */
export async function enforceGenerationLimits(user: SessionUser, p: { kind: GenerationKind; estimatedCostUsd: number }): Promise<GenerationPermit> {
  const cap = dailyCapFor(user);
  if (cap !== null) checkDailySpend(user, p, cap, await userSpendSince(user.id, startOfUtcDay()));
  await consumeRatePoint(user, p.kind);
  return {
    async holdDailySpend(tx) {
      if (cap === null) return;
      await lockUserSpend(tx, user.id);
      // Read in the transaction: waiting for a second pooled connection while holding one could
      // starve the pool under load.
      const spent = await userSpendSince(user.id, startOfUtcDay(), tx);
      try {
        checkDailySpend(user, p, cap, spent);
      } catch (error) {
        await refundRatePoint(user);
        throw error;
      }
    },
  };
}
