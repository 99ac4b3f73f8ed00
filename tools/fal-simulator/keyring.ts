// The simulator's webhook signing keys, with key rotation as Fal would do it: the JWKS publishes the
// previous key and the new one, and webhooks are signed with the new one from then on.
import type { KeyObject } from "node:crypto";
import { generateSigningKey, type FalJwk, type SigningKey } from "./signing";

export interface Keyring {
  /** The key webhooks are signed with now. */
  signingKey(): KeyObject;
  /** GET /.well-known/jwks.json (counted). */
  jwks(): { keys: FalJwk[] };
  /** A new signing key; the JWKS lists the previous one and the new one. */
  rotate(): { kid: string; keys: string[] };
  /** Back to the first key alone. */
  reset(): void;
  /** How many times the JWKS was served, and the kid webhooks are signed with. */
  stats(): { jwksFetches: number; signingKid: string; kids: string[] };
}

export function createKeyring(): Keyring {
  const first = generateSigningKey();
  let published: SigningKey[] = [first];
  let signing = first;
  let jwksFetches = 0;
  const kids = () => published.map((key) => key.jwk.kid);

  return {
    signingKey: () => signing.privateKey,
    jwks() {
      jwksFetches += 1;
      return { keys: published.map((key) => key.jwk) };
    },
    rotate() {
      const next = generateSigningKey();
      published = [signing, next];
      signing = next;
      return { kid: next.jwk.kid, keys: kids() };
    },
    reset() {
      published = [first];
      signing = first;
    },
    stats: () => ({ jwksFetches, signingKid: signing.jwk.kid, kids: kids() }),
  };
}
