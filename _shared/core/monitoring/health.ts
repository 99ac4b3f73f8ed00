import "server-only";
// Reachability of the backing services, each checked with a time limit so a hung one is reported
// as down instead of hanging the probe.
import { getCache } from "@/_shared/lib/cache";
import { getEnv } from "@/_shared/lib/env";
import { errorText } from "@/_shared/lib/error-text";
import { prisma } from "@/_shared/lib/prisma";
import { fileStorage } from "../file-storage.service";

type Check = { ok: boolean; kind: string; error?: string };

async function check(kind: string, probe: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const ok = await Promise.race([probe(), timeout]);
    return ok === false ? { ok: false, kind, error: "not reachable" } : { ok: true, kind };
  } catch (error) {
    return { ok: false, kind, error: errorText(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function getHealth() {
  const env = getEnv();
  const embedded = new Set(env.EMBEDDED_SERVICES);
  const cache = getCache();
  const [database, storage, cacheCheck] = await Promise.all([
    check(embedded.has("postgres") ? "embedded-postgres" : "postgres", () => prisma.$queryRaw`SELECT 1`),
    check(embedded.has("s3") ? "embedded-s3rver" : "s3", () => fileStorage.isReachable()),
    check(cache.kind === "redis" ? "redis" : "in-process", () => cache.ping()),
  ]);
  const ok = database.ok && storage.ok && cacheCheck.ok;
  return { status: ok ? ("ok" as const) : ("degraded" as const), services: { database, storage, cache: cacheCheck } };
}
