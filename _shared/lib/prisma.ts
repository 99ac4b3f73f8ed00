import "server-only";
// One Prisma client per process (cached on globalThis outside production so hot reloads do not
// open a new pool each time). The client runs on the JS query compiler with the pg driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/_shared/generated/prisma/client";
import { pgPoolConfig } from "./database-url";
import { getEnv } from "./env";

export { Prisma } from "@/_shared/generated/prisma/client";
export type * from "@/_shared/generated/prisma/client";

function createPrismaClient(): PrismaClient {
  const env = getEnv();
  const adapter = new PrismaPg(pgPoolConfig(env.DATABASE_URL, env.DATABASE_POOL_SIZE));
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as typeof globalThis & { prisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.prisma ?? createPrismaClient();
if (getEnv().NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/** A Prisma interactive transaction client, for services that may join a caller's transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
