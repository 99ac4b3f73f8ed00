// Verifies Fal's webhook signature before anything reads the body: Ed25519 over
// request_id \n user_id \n timestamp \n hex(sha256(raw body)), against the keys of Fal's JWKS
// (fal-jwks.ts: cached for a day, refetched once when no key verifies, at most once a minute), with
// timestamps at most 5 minutes off.
import { createHash, verify, type KeyObject } from "node:crypto";
import { getEnv } from "./env";
import { createJwksCache, keysFromJwks } from "./fal-jwks";

const MAX_SKEW_SECONDS = 300;

const jwks = createJwksCache({
  async fetchKeys(url) {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`JWKS fetch failed with HTTP ${res.status}`);
    const { keys } = (await res.json()) as { keys?: unknown };
    return keysFromJwks(Array.isArray(keys) ? keys : []);
  },
});

export interface WebhookHeaders {
  requestId: string | null;
  userId: string | null;
  timestamp: string | null;
  signature: string | null;
}

export function webhookHeaders(headers: Headers): WebhookHeaders {
  return {
    requestId: headers.get("x-fal-webhook-request-id"),
    userId: headers.get("x-fal-webhook-user-id"),
    timestamp: headers.get("x-fal-webhook-timestamp"),
    signature: headers.get("x-fal-webhook-signature"),
  };
}

function webhookMessage(h: { requestId: string; userId: string; timestamp: string }, rawBody: Buffer): Buffer {
  const digest = createHash("sha256").update(rawBody).digest("hex");
  return Buffer.from(`${h.requestId}\n${h.userId}\n${h.timestamp}\n${digest}`, "utf8");
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Checks headers, timestamp and signature against the given keys; says why when it fails. */
export function verifyWithKeys(headers: WebhookHeaders, rawBody: Buffer, keys: KeyObject[], now = Date.now()): VerifyResult {
  const { requestId, userId, timestamp, signature } = headers;
  if (!requestId || !userId || !timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > MAX_SKEW_SECONDS) return { ok: false, reason: "stale or invalid timestamp" };
  if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, reason: "malformed signature" };
  const message = webhookMessage({ requestId, userId, timestamp }, rawBody);
  const sig = Buffer.from(signature, "hex");
  return keys.some((key) => verify(null, message, key, sig)) ? { ok: true } : { ok: false, reason: "signature does not match" };
}

/**
 * Verifies against Fal's JWKS (FAL_WEBHOOK_JWKS_URL), refetching once in case keys rotated. Throws
 * JwksUnavailableError when the keys cannot be had (Fal retries the delivery).
 */
export async function verifyFalWebhook(headers: WebhookHeaders, rawBody: Buffer): Promise<VerifyResult> {
  const url = getEnv().FAL_WEBHOOK_JWKS_URL;
  const first = verifyWithKeys(headers, rawBody, await jwks.keys(url));
  if (first.ok || first.reason !== "signature does not match") return first;
  return verifyWithKeys(headers, rawBody, await jwks.keys(url, { refetch: true }));
}
