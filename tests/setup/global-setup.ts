// Once per `npm test`: a fresh, migrated database (a scratch database next to DATABASE_URL when it
// is set, else an embedded PostgreSQL server in a temporary directory), an S3-compatible server
// (S3_ENDPOINT when set, else s3rver) and Redis when REDIS_URL is set. Test files receive the
// resulting variables through `provide`/`inject` (tests/setup/test-env.ts).
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createScratchDatabase, freePort, migrateDatabase, startEmbeddedPostgres, startEmbeddedS3, startingEmbedded } from "../../tools/embedded-stack";
import { SIMULATOR_FALLBACK_MODEL } from "../../_shared/lib/fal-price-table";
import { startFalSimulator } from "../../tools/fal-simulator/server";

declare module "vitest" {
  export interface ProvidedContext {
    testEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(path.join(tmpdir(), "better-ads-test-"));
  // The embedded server runs as the `postgres` OS user when we are root: it must reach its data dir.
  await chmod(workDir, 0o755);
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    project.provide("testEnv", await startServices(workDir, cleanups));
  } catch (error) {
    // vitest runs no teardown for a setup that throws: stop what did start.
    await teardown();
    throw error;
  }
  return teardown;
}

async function startServices(workDir: string, cleanups: Array<() => Promise<void>>): Promise<Record<string, string>> {
  const bucket = process.env.S3_BUCKET ?? "better-ads";

  let databaseUrl: string;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, `better_ads_test_${Date.now()}_${process.pid}`);
    databaseUrl = scratch.url;
    cleanups.push(scratch.drop);
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(workDir, "postgres"), database: "better_ads_test" });
    databaseUrl = embedded.url;
    // Outside workDir when the postgres OS user could not reach it (a private TMPDIR under root).
    cleanups.push(() => rm(embedded.dataDir, { recursive: true, force: true }), embedded.stop);
  }
  await migrateDatabase(databaseUrl);

  let s3Endpoint = process.env.S3_ENDPOINT;
  const s3Keys: Record<string, string> = {};
  for (const name of ["S3_ACCESS_KEY", "S3_SECRET_KEY"] as const) {
    if (process.env[name]) s3Keys[name] = process.env[name];
  }
  if (!s3Endpoint) {
    const s3 = await startEmbeddedS3({ dataDir: path.join(workDir, "s3"), bucket, credentials: { accessKey: s3Keys.S3_ACCESS_KEY, secretKey: s3Keys.S3_SECRET_KEY } });
    s3Endpoint = s3.endpoint;
    Object.assign(s3Keys, { S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
    cleanups.push(s3.stop);
  }

  // Fal is replaced at its HTTP boundary by the local simulator, shared by every test file (they run
  // one after another, so its controls are never contended). Webhooks come back to a port each
  // pipeline test file serves the webhook route on (tests/pipeline.ts).
  const sim = await startingEmbedded("Fal simulator", "Set TMPDIR to a writable folder", () => startFalSimulator({ port: 0, controls: { latencyMs: 200 } }));
  cleanups.push(sim.close);
  const webhookPort = await freePort();

  const testEnv: Record<string, string> = {
    FAL_KEY: "test-simulator-key",
    FAL_BASE_URL: sim.url,
    FAL_WEBHOOK_JWKS_URL: sim.jwksUrl,
    FAL_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/api/webhooks/fal`,
    FAL_SIMULATOR_CONTROL_URL: sim.url,
    // On in tests, as with the simulator in dev: a refused face goes on to the fallback model.
    FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: SIMULATOR_FALLBACK_MODEL,
    SUBMIT_RETRY_DELAY_SECONDS: "1",
    WORKER_POLL_SECONDS: "0.5",
    RECONCILE_AFTER_SECONDS: "1",
    JOB_EXPIRE_SECONDS: "4",
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3Endpoint,
    S3_BUCKET: bucket,
    ...s3Keys,
    APP_URL: "http://localhost:3000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    ADMIN_EMAILS: "admin@better-ads.test",
  };
  if (process.env.REDIS_URL) testEnv.REDIS_URL = process.env.REDIS_URL;
  return testEnv;
}
