// Our webhook verifier against signatures made by an independent Ed25519 implementation
// (tweetnacl), following Fal's documented scheme (docs/architecture.md, "Fal.ai") — not only against the simulator's own signer.
import { createHash } from "node:crypto";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { keysFromJwks, verifyWithKeys, type WebhookHeaders } from "@/_shared/lib/fal-webhook-signature";

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

function signAsFal(secretKey: Uint8Array, requestId: string, userId: string, timestamp: string, body: Buffer): string {
  const message = `${requestId}\n${userId}\n${timestamp}\n${createHash("sha256").update(body).digest("hex")}`;
  return Buffer.from(nacl.sign.detached(new TextEncoder().encode(message), secretKey)).toString("hex");
}

describe("verifyWithKeys (Fal webhook signatures)", () => {
  const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
  const other = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(9));
  const keys = keysFromJwks([
    { kty: "RSA", n: "ignored", e: "AQAB" },
    { kty: "OKP", crv: "Ed25519", x: b64url(other.publicKey) },
    { kty: "OKP", crv: "Ed25519", x: b64url(pair.publicKey) },
  ]);
  const now = Date.parse("2026-11-25T12:00:00Z");
  const timestamp = String(Math.floor(now / 1000));
  const body = Buffer.from(JSON.stringify({ request_id: "req-1", status: "OK", payload: { video: { url: "https://v3.fal.media/x.mp4" } } }));
  const headers = (overrides: Partial<WebhookHeaders> = {}): WebhookHeaders => ({
    requestId: "req-1",
    userId: "user-42",
    timestamp,
    signature: signAsFal(pair.secretKey, "req-1", "user-42", timestamp, body),
    ...overrides,
  });

  it("keeps only the Ed25519 keys of the JWKS", () => {
    expect(keys).toHaveLength(2);
  });

  it("accepts a signature made by another Ed25519 implementation, with any of the JWKS keys", () => {
    expect(verifyWithKeys(headers(), body, keys, now)).toEqual({ ok: true });
    expect(verifyWithKeys(headers(), body, keys, now + 299_000)).toEqual({ ok: true });
  });

  it.each([
    ["a body altered after signing", () => verifyWithKeys(headers(), Buffer.from(body.toString().replace("OK", "ERROR")), keys, now), "signature does not match"],
    ["another request id", () => verifyWithKeys(headers({ requestId: "req-2" }), body, keys, now), "signature does not match"],
    ["another user id", () => verifyWithKeys(headers({ userId: "user-43" }), body, keys, now), "signature does not match"],
    ["a key not in the JWKS", () => verifyWithKeys(headers({ signature: signAsFal(nacl.sign.keyPair().secretKey, "req-1", "user-42", timestamp, body) }), body, keys, now), "signature does not match"],
    ["a timestamp more than 5 minutes old", () => verifyWithKeys(headers(), body, keys, now + 301_000), "stale or invalid timestamp"],
    ["a timestamp more than 5 minutes ahead", () => verifyWithKeys(headers(), body, keys, now - 301_000), "stale or invalid timestamp"],
    ["a non-numeric timestamp", () => verifyWithKeys(headers({ timestamp: "soon" }), body, keys, now), "stale or invalid timestamp"],
    ["a missing signature", () => verifyWithKeys(headers({ signature: null }), body, keys, now), "missing signature headers"],
    ["a signature that is not hex", () => verifyWithKeys(headers({ signature: "zz".repeat(64) }), body, keys, now), "malformed signature"],
  ])("refuses %s", (_name, run, reason) => {
    expect(run()).toEqual({ ok: false, reason });
  });
});
