// Fal's webhook signing keys (JWKS): which entries are Ed25519 keys, and how often we ask for them.
// The set is cached for a day. When no cached key verifies a webhook, Fal may have rotated its key:
// the set is fetched again, but at most once per floor (a minute), and a failed fetch is not retried
// within the floor either, so forged webhooks cannot make us hammer the JWKS endpoint. Concurrent
// requests share one fetch.
import { createPublicKey, type KeyObject } from "node:crypto";

/**
 * Ed25519 public keys from JWKS entries. Only `x` (32 bytes, base64url) is needed; `kty` and `crv`
 * are not required (whether Fal's entries carry them is unconfirmed), but an entry that names another
 * key type or curve is skipped, as is anything that does not make a key.
 */
export function keysFromJwks(entries: unknown[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const entry of entries) {
    const jwk = (entry ?? {}) as Record<string, unknown>;
    if (typeof jwk.x !== "string" || (jwk.kty !== undefined && jwk.kty !== "OKP") || (jwk.crv !== undefined && jwk.crv !== "Ed25519")) continue;
    const x = jwk.x.replace(/=+$/, "");
    if (!/^[A-Za-z0-9_-]{43}$/.test(x)) continue;
    try {
      keys.push(createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }));
    } catch {
      // Not a point on the curve: not a key.
    }
  }
  return keys;
}

/** The JWKS could not be fetched and no earlier copy is at hand. */
export class JwksUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JwksUnavailableError";
  }
}

export interface JwksCacheOptions {
  /** Fetches and parses the set (throws when it cannot). */
  fetchKeys: (url: string) => Promise<KeyObject[]>;
  ttlMs?: number;
  /** Least time between two refetches asked for by a failed verification, or after a failed fetch. */
  refetchFloorMs?: number;
  now?: () => number;
}

export function createJwksCache({ fetchKeys, ttlMs = 24 * 3600_000, refetchFloorMs = 60_000, now = Date.now }: JwksCacheOptions) {
  let state = { url: "", keys: null as KeyObject[] | null, fetchedAt: -Infinity, refetchedAt: -Infinity, failedAt: -Infinity };
  let inflight: { url: string; promise: Promise<KeyObject[]> } | null = null;

  function fetchShared(url: string): Promise<KeyObject[]> {
    if (inflight?.url === url) return inflight.promise;
    const promise = fetchKeys(url)
      .then((keys) => {
        if (state.url === url) Object.assign(state, { keys, fetchedAt: now() });
        return keys;
      })
      .catch((error: unknown) => {
        if (state.url === url) state.failedAt = now();
        if (state.url === url && state.keys) return state.keys;
        throw new JwksUnavailableError(`Fal's JWKS could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        if (inflight?.promise === promise) inflight = null;
      });
    inflight = { url, promise };
    return promise;
  }

  return {
    /** The keys of `url`'s set; `refetch` when none of them verified a webhook (key rotation). */
    async keys(url: string, { refetch = false } = {}): Promise<KeyObject[]> {
      if (state.url !== url) state = { url, keys: null, fetchedAt: -Infinity, refetchedAt: -Infinity, failedAt: -Infinity };
      const t = now();
      const fresh = state.keys !== null && t - state.fetchedAt < ttlMs;
      const withinFloor = (at: number) => t - at < refetchFloorMs;
      if (!refetch && fresh) return state.keys!;
      if (withinFloor(state.failedAt) || (refetch && withinFloor(state.refetchedAt))) {
        if (state.keys) return state.keys;
        throw new JwksUnavailableError("Fal's JWKS could not be fetched recently; not asking again yet");
      }
      if (refetch) state.refetchedAt = t;
      return fetchShared(url);
    },
  };
}
