import "server-only";
// What counts as spend, in one place: the daily cap, the admin usage figures and the spend metric
// all use it. A job counts from the moment it is created (it is about to spend) unless it failed
// before Fal accepted it (no Fal request id: nothing was billed).
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";

const billedJobWhere = { NOT: { status: "failed", falRequestId: null } } satisfies Prisma.GenerationJobWhereInput;

/** The same rule as SQL, for raw aggregate queries on "GenerationJob" (aliased or not). */
export function billedJobSql(alias?: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(alias ? `${alias}."${name}"` : `"${name}"`);
  return Prisma.sql`NOT (${column("status")} = 'failed' AND ${column("falRequestId")} IS NULL)`;
}

/** Midnight UTC of the day `now` falls in (the daily cap's period). */
export function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Estimated spend in USD of a user's jobs created since `since` (inside `db` when given a transaction). */
export async function userSpendSince(userId: string, since: Date, db: Tx | typeof prisma = prisma): Promise<number> {
  const { _sum } = await db.generationJob.aggregate({
    where: { userId, createdAt: { gte: since }, ...billedJobWhere },
    _sum: { estimatedCostUsd: true },
  });
  return Number(_sum.estimatedCostUsd ?? 0);
}
