import "server-only";
// Idempotency-Key on the POSTs that spend money: the key is stored, unique per user, on the
// generation job the request created, so a replay returns the first answer (the same resource)
// and never starts a second Fal job. Reusing a key for a different request is refused.
import { createHash } from "node:crypto";
import { ApiError } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import { videoJobInputSchema } from "./generation-job.service";

const KEY = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyRequest {
  key: string;
  requestHash: string;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The request's Idempotency-Key (validated) with a fingerprint of its body, or undefined. */
export function readIdempotency(headers: Headers, body: unknown): IdempotencyRequest | undefined {
  const key = headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!KEY.test(key)) {
    throw new ApiError("bad_request", "Idempotency-Key must be 1-255 printable ASCII characters without spaces", [{ path: "Idempotency-Key", message: "invalid" }]);
  }
  return { key, requestHash: createHash("sha256").update(stableJson(body)).digest("hex") };
}

/** The resource a previous request with this key created, or null when the key is new. */
export async function findReplay(userId: string, idempotency: IdempotencyRequest | undefined) {
  if (!idempotency) return null;
  const job = await prisma.generationJob.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: idempotency.key } },
    select: { avatarId: true, bRollId: true, input: true },
  });
  if (!job) return null;
  if (videoJobInputSchema.parse(job.input).requestHash !== idempotency.requestHash) {
    throw new ApiError("unprocessable", "This Idempotency-Key was already used for a different request; use a new key");
  }
  return { avatarId: job.avatarId, bRollId: job.bRollId };
}

/** True when a create lost the race to a concurrent request with the same key. */
export function isIdempotencyRace(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && JSON.stringify(error.meta ?? {}).includes("idempotencyKey");
}
