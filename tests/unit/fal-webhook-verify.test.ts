// Our webhook verifier against signatures made by an independent Ed25519 implementation
// (tweetnacl), following Fal's documented scheme (docs/architecture.md, "Fal.ai") — not only against the simulator's own signer.
import { createHash, type KeyObject } from "node:crypto";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { createJwksCache, JwksUnavailableError, keysFromJwks } from "@/_shared/lib/fal-jwks";
import { verifyWithKeys, type WebhookHeaders } from "@/_shared/lib/fal-webhook-signature";

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

describe("keysFromJwks: what a JWKS entry needs to be an Ed25519 key", () => {
  const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(3));
  const x = b64url(pair.publicKey);
  const now = Date.parse("2026-11-25T12:00:00Z");
  const timestamp = String(Math.floor(now / 1000));
  const body = Buffer.from('{"request_id":"req-9","status":"OK","payload":{}}');
  const headers: WebhookHeaders = { requestId: "req-9", userId: "u", timestamp, signature: signAsFal(pair.secretKey, "req-9", "u", timestamp, body) };

  it.each([
    ["only x", { x }],
    ["x and kid, no kty or crv", { x, kid: "k1", use: "sig" }],
    ["kty without crv", { kty: "OKP", x }],
    ["crv without kty", { crv: "Ed25519", x }],
    ["x with base64 padding", { kty: "OKP", crv: "Ed25519", x: `${x}=` }],
  ])("reads a key from %s, and it verifies", (_name, jwk) => {
    const keys = keysFromJwks([jwk]);
    expect(keys).toHaveLength(1);
    expect(verifyWithKeys(headers, body, keys, now)).toEqual({ ok: true });
  });

  it.each([
    ["another key type", { kty: "RSA", n: "abc", e: "AQAB", x }],
    ["another curve", { kty: "OKP", crv: "X25519", x }],
    ["an x that is not 32 bytes", { kty: "OKP", crv: "Ed25519", x: x.slice(0, 20) }],
    ["no x", { kty: "OKP", crv: "Ed25519" }],
    ["not an object", "key"],
    ["null", null],
  ])("skips %s", (_name, jwk) => {
    expect(keysFromJwks([jwk])).toEqual([]);
  });
});

describe("createJwksCache: refetch on rotation, with a floor", () => {
  const url = "https://fal.example/.well-known/jwks.json";
  const setA = keysFromJwks([{ x: b64url(nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(1)).publicKey) }]);
  const setB = keysFromJwks([{ x: b64url(nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(2)).publicKey) }]);

  /** A cache over a JWKS endpoint that answers `answers` in turn (an Error: the fetch fails), on a clock the test moves. */
  function cacheOver(answers: Array<KeyObject[] | Error>) {
    const clock = { t: 1_000_000 };
    const calls: string[] = [];
    const cache = createJwksCache({
      now: () => clock.t,
      fetchKeys: async (asked) => {
        calls.push(asked);
        const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
    return { cache, clock, calls };
  }

  it("serves the cached set for a day, then fetches it again", async () => {
    const { cache, clock, calls } = cacheOver([setA, setB]);
    expect(await cache.keys(url)).toBe(setA);
    clock.t += 23 * 3600_000;
    expect(await cache.keys(url)).toBe(setA);
    clock.t += 2 * 3600_000;
    expect(await cache.keys(url)).toBe(setB);
    expect(calls).toHaveLength(2);
  });

  it("refetches at once when asked (rotation), then at most once a minute however often it is asked", async () => {
    const { cache, clock, calls } = cacheOver([setA, setB, setA]);
    await cache.keys(url);
    expect(await cache.keys(url, { refetch: true })).toBe(setB);
    for (let i = 0; i < 20; i++) expect(await cache.keys(url, { refetch: true })).toBe(setB);
    expect(calls).toHaveLength(2);
    clock.t += 60_000;
    expect(await cache.keys(url, { refetch: true })).toBe(setA);
    expect(calls).toHaveLength(3);
  });

  it("shares one fetch between concurrent requests", async () => {
    const { cache, calls } = cacheOver([setA]);
    const all = await Promise.all(Array.from({ length: 10 }, () => cache.keys(url)));
    expect(all.every((keys) => keys === setA)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("does not ask a failing endpoint again within the floor: the old set meanwhile, or JwksUnavailableError without one", async () => {
    const { cache, clock, calls } = cacheOver([new Error("HTTP 503")]);
    await expect(cache.keys(url)).rejects.toBeInstanceOf(JwksUnavailableError);
    for (let i = 0; i < 10; i++) await expect(cache.keys(url)).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(calls).toHaveLength(1);
    clock.t += 60_000;
    await expect(cache.keys(url)).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(calls).toHaveLength(2);

    const stale = cacheOver([setA, new Error("HTTP 500")]);
    await stale.cache.keys(url);
    stale.clock.t += 25 * 3600_000;
    expect(await stale.cache.keys(url)).toBe(setA);
    expect(await stale.cache.keys(url, { refetch: true })).toBe(setA);
    expect(stale.calls).toHaveLength(2);
  });
});
