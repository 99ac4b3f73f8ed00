import "server-only";
// One Prisma client per process (cached on globalThis outside production so hot reloads do not
// open a new pool each time). The client runs on the JS query compiler with the pg driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/_shared/generated/prisma/client";
import { pgPoolConfig } from "./database-url";
import { getEnv } from "./env";

export { Prisma } from "@/_shared/generated/prisma/client";
export type * from "@/_shared/generated/prisma/client";

/**
 * A connection left inside a transaction nobody finishes holds its row locks and its pool slot for
 * good. The driver adapter can hand one back that way under load (a transaction whose wait for a
 * connection timed out after BEGIN went out; seen in the burst bench: requests then time out on the
 * locked rows). PostgreSQL ends such a session after this long idle in a transaction; the pool then
 * drops the connection. Our transactions are short (Prisma's own limit is 5 s), so a minute idle
 * inside one is never legitimate.
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

function createPrismaClient(): PrismaClient {
  const env = getEnv();
  const adapter = new PrismaPg({ ...pgPoolConfig(env.DATABASE_URL, env.DATABASE_POOL_SIZE), idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as typeof globalThis & { prisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.prisma ?? createPrismaClient();
if (getEnv().NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/** A Prisma interactive transaction client, for services that may join a caller's transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
