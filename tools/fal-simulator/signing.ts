import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";

export interface FalJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  use: "sig";
  alg: "EdDSA";
}

export interface SigningKey {
  privateKey: KeyObject;
  jwk: FalJwk;
}

export interface WebhookSignatureInput {
  requestId: string;
  userId: string;
  /** Unix seconds, as sent in X-Fal-Webhook-Timestamp. */
  timestamp: number;
  /** The exact bytes POSTed; the signature covers their SHA-256. */
  body: Buffer;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const exported = publicKey.export({ format: "jwk" });
  if (typeof exported.x !== "string") throw new Error("Ed25519 public key export lacks x");
  const kid = createHash("sha256").update(exported.x).digest("hex").slice(0, 16);
  return { privateKey, jwk: { kty: "OKP", crv: "Ed25519", x: exported.x, kid, use: "sig", alg: "EdDSA" } };
}

/** The message Fal signs: request id, user id, timestamp and the body's SHA-256, newline-separated. */
function buildWebhookMessage(input: WebhookSignatureInput): Buffer {
  const bodyDigest = createHash("sha256").update(input.body).digest("hex");
  return Buffer.from([input.requestId, input.userId, String(input.timestamp), bodyDigest].join("\n"), "utf8");
}

/** Hex Ed25519 signature for X-Fal-Webhook-Signature. */
export function signFalWebhook(privateKey: KeyObject, input: WebhookSignatureInput): string {
  return sign(null, buildWebhookMessage(input), privateKey).toString("hex");
}
