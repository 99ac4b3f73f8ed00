import "server-only";
// The one place that reads process.env. Every variable is validated with zod at boot (and by
// next.config.ts at build, through env-schema.ts), so a missing or malformed variable stops the app
// with one clear line naming it. `.env.example` documents each of them.
import { parseEnv, type Env } from "./env-schema";

export { EnvError, parseEnv, type Env } from "./env-schema";

let cached: Env | undefined;

/** The validated environment of this process, parsed once on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed environment so the next getEnv() reads process.env again (tests that change a setting). */
export function reloadEnv(): Env {
  cached = undefined;
  return getEnv();
}

/** Where Fal posts completion webhooks. */
export function falWebhookUrl(env: Env = getEnv()): string {
  return env.FAL_WEBHOOK_URL ?? new URL("/api/webhooks/fal", env.APP_URL).toString();
}

/** True when generation goes to the local simulator instead of Fal.ai. */
export function isFalSimulated(env: Env = getEnv()): boolean {
  return Boolean(env.FAL_BASE_URL);
}

/** Secret used to sign Auth.js cookies and tokens; a fixed value outside production. */
export function authSecret(env: Env = getEnv()): string {
  return env.NEXTAUTH_SECRET ?? "better-ads-development-secret-not-for-production";
}
