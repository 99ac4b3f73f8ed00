import "server-only";
// Idempotency-Key on the POSTs that spend money: the key is stored, unique per user, on the
// generation job the request created, so a replay returns the first answer (the same resource)
// and never starts a second Fal job. Reusing a key for a different request is refused.
import { z } from "zod";
import { ApiError } from "@/_shared/lib/errors";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { Prisma, prisma } from "@/_shared/lib/prisma";

// Every job input that may carry a key (video jobs, image jobs) stores the request's fingerprint.
const keyedInputSchema = z.object({ requestHash: z.string().optional() });

/**
 * The job a previous request with this key created (its resource, state and output, to rebuild the
 * first answer), or null when the key is new.
 */
export async function findReplay(userId: string, idempotency: IdempotencyRequest | undefined) {
  if (!idempotency) return null;
  const job = await prisma.generationJob.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: idempotency.key } },
    select: { id: true, status: true, avatarId: true, bRollId: true, input: true, output: true, estimatedCostUsd: true },
  });
  if (!job) return null;
  if (keyedInputSchema.safeParse(job.input).data?.requestHash !== idempotency.requestHash) {
    throw new ApiError("unprocessable", "This Idempotency-Key was already used for a different request; use a new key");
  }
  return {
    jobId: job.id,
    status: job.status,
    avatarId: job.avatarId,
    bRollId: job.bRollId,
    input: job.input,
    output: job.output,
    estimatedCostUsd: job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd),
  };
}

export type Replay = NonNullable<Awaited<ReturnType<typeof findReplay>>>;

/** The answer to a replay whose first request is still running (a synchronous request, or a race). */
export const stillInProgress = () => new ApiError("conflict", "A request with this Idempotency-Key is still in progress; try again in a moment");

/** True when a create lost the race to a concurrent request with the same key. */
function isIdempotencyRace(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && JSON.stringify(error.meta ?? {}).includes("idempotencyKey");
}

/**
 * Runs the write (the transaction that creates a request's rows). When it loses the race to a
 * concurrent request with the same Idempotency-Key, the winner's answer (`replay`) is returned
 * instead; any other error is rethrown. `onFailure` first undoes what was done outside the
 * transaction (e.g. an object copied before it).
 */
export async function writeOrReplay<W, R>(
  write: () => Promise<W>,
  replay: () => Promise<R | null>,
  onFailure?: () => Promise<unknown>,
): Promise<{ written: W } | { replayed: R }> {
  try {
    return { written: await write() };
  } catch (error) {
    await onFailure?.();
    const winner = isIdempotencyRace(error) ? await replay() : null;
    if (winner) return { replayed: winner };
    throw error;
  }
}
