// The Idempotency-Key header of a spending request, with a fingerprint of what the request asked
// for (its path parameters and body), so a replay can be told apart from a reuse of the key for a
// different request. The route wrapper reads it for routes declared `idempotent`.
import { createHash } from "node:crypto";
import { ApiError } from "./errors";

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

/** The request's Idempotency-Key (validated) with a fingerprint of what it asks for, or undefined. */
export function readIdempotency(headers: Headers, request: { params?: unknown; body?: unknown }): IdempotencyRequest | undefined {
  const key = headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!KEY.test(key)) {
    throw new ApiError("bad_request", "Idempotency-Key must be 1-255 printable ASCII characters without spaces", [{ path: "Idempotency-Key", message: "invalid" }]);
  }
  const fingerprint = stableJson({ params: request.params ?? null, body: request.body ?? null });
  return { key, requestHash: createHash("sha256").update(fingerprint).digest("hex") };
}
