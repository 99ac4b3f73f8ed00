// `npm run dev`: the whole product on one machine with nothing configured. Services the environment
// (or .env) does not point at are embedded: PostgreSQL (data in .data/postgres) and an
// S3-compatible server (data in .data/s3). Migrations and the seed run, then `next dev` starts with
// the resulting variables; Ctrl-C stops everything.
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import nextEnv from "@next/env";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../_shared/generated/prisma/client";
import { pgPoolConfig } from "../_shared/lib/database-url";
import { seedBaseTags } from "../prisma/seed-data";
import { devUrls } from "./dev-urls";
import { EmbeddedServiceError, ROOT, migrateDatabase, startEmbeddedFalSimulator, startEmbeddedPostgres, startEmbeddedS3 } from "./embedded-stack";
import { SIMULATOR_FALLBACK_MODEL } from "../_shared/lib/fal-price-table";
import { controlsFromEnv } from "./fal-simulator/env-controls";

// BETTER_ADS_DATA_DIR lets the browser tests run on a data directory of their own.
const DATA = path.resolve(ROOT, process.env.BETTER_ADS_DATA_DIR ?? ".data");
const stops: Array<() => Promise<void>> = [];

function say(line: string) {
  console.log(`[better-ads] ${line}`);
}

async function seed(databaseUrl: string) {
  const prisma = new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(databaseUrl)) });
  try {
    await seedBaseTags(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

async function main() {
  nextEnv.loadEnvConfig(ROOT, true, { info: () => undefined, error: console.error });
  const env: NodeJS.ProcessEnv = { ...process.env };
  await mkdir(DATA, { recursive: true });
  const embedded: string[] = [];

  if (!env.DATABASE_URL) {
    const dataDir = path.join(DATA, "postgres");
    const pg = await startEmbeddedPostgres({ dataDir, port: Number(env.EMBEDDED_POSTGRES_PORT ?? 5433), database: "better_ads" });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.url;
    embedded.push("postgres");
    const where = pg.dataDir === dataDir ? "" : `, data in ${pg.dataDir} (the postgres OS user it runs as under root cannot reach ${dataDir})`;
    say(`embedded PostgreSQL at ${pg.url.replace(/:[^:@/]+@/, ":***@")}${where}`);
  }
  if (!env.S3_ENDPOINT) {
    const s3 = await startEmbeddedS3({
      dataDir: path.join(DATA, "s3"),
      port: Number(env.EMBEDDED_S3_PORT ?? 4569),
      bucket: env.S3_BUCKET ?? "better-ads",
      credentials: { accessKey: env.S3_ACCESS_KEY, secretKey: env.S3_SECRET_KEY },
    });
    stops.push(s3.stop);
    // It answers signed requests only: the app signs with its key pair (kept in .data/s3).
    Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
    embedded.push("s3");
    say(`embedded S3-compatible server (s3rver) at ${s3.endpoint}`);
  }
  if (!env.REDIS_URL) embedded.push("cache");
  if (!env.FAL_KEY) {
    // No Fal account: generation goes to the local simulator, which makes real (simulated) media.
    const sim = await startEmbeddedFalSimulator({
      port: Number(env.FAL_SIMULATOR_PORT ?? 4010),
      controls: { latencyMs: 3000, ...controlsFromEnv(env) },
    });
    stops.push(sim.close);
    Object.assign(env, { FAL_KEY: "local-simulator", FAL_BASE_URL: sim.url, FAL_WEBHOOK_JWKS_URL: sim.jwksUrl });
    // With the simulator, a refused face goes on to the fallback model unless the environment says otherwise.
    env.FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK ||= SIMULATOR_FALLBACK_MODEL;
    embedded.push("fal");
    say(`local Fal simulator at ${sim.url} (simulated generation, ${sim.controls.profile} timings${sim.controls.timeFactor === 1 ? "" : ` x${sim.controls.timeFactor}`})`);
  }

  say("applying migrations and seeding tags...");
  await migrateDatabase(env.DATABASE_URL);
  await seed(env.DATABASE_URL);

  env.EMBEDDED_SERVICES = embedded.join(",");
  if (!env.EMAIL_SERVER) env.DEV_OUTBOX_FILE ??= path.join(DATA, "outbox.jsonl");
  env.NEXT_TELEMETRY_DISABLED ??= "1";
  // Magic links and Fal webhooks are built from APP_URL/NEXTAUTH_URL: unset, they follow PORT.
  const urls = devUrls(env);
  Object.assign(env, { PORT: urls.PORT, APP_URL: urls.APP_URL, NEXTAUTH_URL: urls.NEXTAUTH_URL });
  for (const warning of urls.warnings) say(`warning: ${warning}`);
  const port = urls.PORT;
  const next = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", port], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  say(`starting Next.js on http://localhost:${port} (embedded: ${embedded.join(", ") || "none"})`);

  const shutdown = async (code: number) => {
    next.kill("SIGTERM");
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

main().catch(async (error: unknown) => {
  // An embedded service's failure already says what failed and what to do.
  const message = error instanceof EmbeddedServiceError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`[better-ads] ${message}`);
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(1);
});
