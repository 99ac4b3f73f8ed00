// The product as production runs it, for the benches that measure it over HTTP: a production build
// (`next build`, then `next start`, never `next dev`), a scratch database (a fresh database on the
// PostgreSQL that DATABASE_URL names, else an embedded PostgreSQL), the bucket (S3_ENDPOINT, else an
// embedded s3rver), Redis as the cache (REDIS_URL, else the one on 127.0.0.1:6379 when it answers,
// else the in-process cache, said out loud) and the local Fal simulator. Everything it starts it
// stops, and the scratch data goes with it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import {
  ROOT,
  createScratchDatabase,
  freePort,
  migrateDatabase,
  startEmbeddedFalSimulator,
  startEmbeddedPostgres,
  startEmbeddedS3,
} from "../tools/embedded-stack";
import type { FalSimulator, FalSimulatorControls } from "../tools/fal-simulator/server";

export interface BenchStackOptions {
  /** Variables for the server (and worker processes) on top of the stack's own: limits, modes. */
  env?: Record<string, string>;
  /** The simulator's initial controls; `false`: no simulator (the server gets a dummy Fal key). */
  simulator?: Partial<FalSimulatorControls> | false;
  /** Print the server's warnings and errors (default: only when it fails to start). */
  verbose?: boolean;
}

export interface BenchStack {
  /** The production server, e.g. http://127.0.0.1:38211 (no trailing slash). */
  baseUrl: string;
  databaseUrl: string;
  /** What the cache is: a Redis URL, or "in-process". */
  cache: string;
  /** The variables the server runs with (a worker process gets the same). */
  env: NodeJS.ProcessEnv;
  simulator: FalSimulator | null;
  /** The server's process (its resident memory is what a soak watches). */
  server: ChildProcess;
  /** Starts one `npm run worker` process on the stack (WORKER_MODE=separate must be in `env`). */
  startWorker(): Promise<ChildProcess>;
  /** Runs a script of the project (e.g. the demo seed) with the stack's variables; resolves on exit 0. */
  runScript(args: string[]): Promise<void>;
  stop(): Promise<void>;
}

const log = (line: string) => console.log(`[bench] ${line}`);

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

function runNode(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}):\n${output.trim()}`))));
  });
}

/** The variables a production build and server need to pass the environment check, with stand-in secrets. */
function productionEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY || "bench",
    S3_SECRET_KEY: process.env.S3_SECRET_KEY || "bench-secret",
    FAL_KEY: process.env.FAL_KEY || "local-simulator",
  };
}

/**
 * `next build` into `.next`, unless `reuse` and a build is there already (the benches' `--reuse-build`:
 * for reruns on unchanged code; a build of other code would measure that code).
 */
export async function ensureProductionBuild({ reuse }: { reuse: boolean }): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (reuse && existsSync(buildId)) {
    log(`reusing the production build of ${(await stat(buildId)).mtime.toISOString()} (.next)`);
    return;
  }
  log("production build (next build; a few minutes on 2 cores)...");
  const started = Date.now();
  // The build checks the environment (next.config.ts) but reaches no service: where the stack will
  // start its own database and bucket, stand-in addresses pass the check.
  const env = productionEnv();
  env.DATABASE_URL ||= "postgres://postgres@127.0.0.1:9/better_ads";
  env.S3_ENDPOINT ||= "http://127.0.0.1:9";
  await runNode([path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], env, "next build");
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before answering:\n${output()}`);
    const res = await fetch(`${baseUrl}/api/health`).catch(() => null);
    if (res?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server did not answer ${baseUrl}/api/health within 120 s:\n${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts the stack on the production build (call `ensureProductionBuild` first). */
export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "better-ads-bench-"));
  const stops: Array<() => Promise<void>> = [async () => rm(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(`clean-up step failed: ${String(error)}`));
  };
  try {
    const env = productionEnv();
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL, `ba_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
      stops.push(scratch.drop);
      env.DATABASE_URL = scratch.url;
    } else {
      const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await freePort(), database: "better_ads" });
      stops.push(postgres.stop);
      // Root in a private folder: the data was moved where the postgres OS user can reach it.
      if (postgres.dataDir !== path.join(dataDir, "postgres")) stops.push(async () => rm(postgres.dataDir, { recursive: true, force: true }));
      env.DATABASE_URL = postgres.url;
    }
    await migrateDatabase(env.DATABASE_URL);
    if (!process.env.S3_ENDPOINT) {
      const s3 = await startEmbeddedS3({ dataDir: path.join(dataDir, "s3"), port: await freePort(), bucket: "better-ads" });
      stops.push(s3.stop);
      Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: "better-ads" });
    }
    if (!env.REDIS_URL && (await portAnswers(6379))) env.REDIS_URL = "redis://127.0.0.1:6379";
    const cache = env.REDIS_URL ? env.REDIS_URL.replace(/\/\/[^@/]*@/, "//***@") : "in-process";
    if (!env.REDIS_URL) log("no Redis (REDIS_URL unset and nothing on 127.0.0.1:6379): the in-process cache is measured instead");

    let simulator: FalSimulator | null = null;
    if (options.simulator !== false) {
      simulator = await startEmbeddedFalSimulator({ port: await freePort(), controls: { latencyMs: 300, ...options.simulator } });
      stops.push(simulator.close);
      Object.assign(env, { FAL_KEY: "local-simulator", FAL_BASE_URL: simulator.url, FAL_WEBHOOK_JWKS_URL: simulator.jwksUrl });
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    Object.assign(env, {
      PORT: String(port),
      APP_URL: baseUrl,
      NEXTAUTH_URL: baseUrl,
      LOG_LEVEL: "warn",
      // The benches' reference routes (app/api/bench/**), which answer 404 in a normal deployment.
      BENCH_ROUTES: "1",
      ...options.env,
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (options.verbose) process.stdout.write(chunk);
    };
    const children: ChildProcess[] = [];
    const server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(server);
    server.stdout?.on("data", keep);
    server.stderr?.on("data", keep);
    stops.push(async () => {
      await Promise.all(children.map(stopProcess));
    });
    await waitForHealth(baseUrl, server, () => output);
    log(`production server at ${baseUrl} (database ${env.DATABASE_URL.replace(/\/\/[^@/]*@/, "//***@")}, cache ${cache})`);

    return {
      baseUrl,
      databaseUrl: env.DATABASE_URL,
      cache,
      env,
      simulator,
      server,
      async startWorker() {
        const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "_shared/worker.ts")], {
          cwd: ROOT,
          env: { ...env, WORKER_MODE: "separate" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(worker);
        worker.stdout?.on("data", keep);
        worker.stderr?.on("data", keep);
        return worker;
      },
      // The project's scripts are development tools (the demo seed refuses NODE_ENV=production): they
      // run with the stack's services and variables, outside production mode.
      runScript: (args) => runNode(["--conditions=react-server", "--import", "tsx", ...args], { ...env, NODE_ENV: "development" }, args.join(" ")),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface BenchUser {
  id: string;
  /** A live session token: `Authorization: Bearer <token>`. */
  token: string;
}

/** Users with live sessions, written straight to the database as sign-in would leave them. */
export async function benchUsers(databaseUrl: string, count: number, role: "user" | "admin" = "user"): Promise<BenchUser[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const users: BenchUser[] = [];
    for (let i = 0; i < count; i++) {
      const id = `bench-${role}-${randomBytes(6).toString("hex")}`;
      const token = randomBytes(24).toString("hex");
      await client.query(`INSERT INTO "User" (id, email, role, "createdAt", "updatedAt") VALUES ($1, $2, $3::"Role", now(), now())`, [id, `${id}@bench.localhost`, role]);
      await client.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [`${id}-session`, token, id]);
      users.push({ id, token });
    }
    return users;
  } finally {
    await client.end();
  }
}

/** Resident memory of a process in bytes (Linux), or null once it has gone. */
export async function residentBytes(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => null);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb ? Number(kb) * 1024 : null;
}
