// Backing services the fault suites can break: each runs as a child process of the test, so a test can
// stop it dead (SIGSTOP: the port still accepts connections, nothing answers, as a hung host), let it
// go on (SIGCONT), kill it (the port refuses) and start it again on the same port. No app code here.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../tools/embedded-stack";

const root = path.resolve(import.meta.dirname, "..");

export interface ServiceProcess {
  readonly port: number;
  /** Freezes the process: connections are still accepted by the kernel, nothing is answered. */
  pause(): void;
  resume(): void;
  /** Kills it (SIGKILL: no goodbye to clients); the port refuses connections until start(). */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill()). */
  start(): Promise<void>;
  /** Whether the process is alive (paused or not). */
  running(): boolean;
  /** Kills it and removes its data. */
  stop(): Promise<void>;
}

/** Spawns `command` and resolves once its output contains `readyLine`; rejects if it exits first or stays silent. */
function spawnUntilReady(command: string, args: string[], readyLine: string, what: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} was not ready after 20 s: ${output.slice(-500)}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4096);
      if (!output.includes(readyLine)) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      // Keep reading so a full pipe never blocks the service.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(child);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${what} could not be run: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited before it was ready (${code ?? signal}): ${output.slice(-500)}`));
    });
  });
}

async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

/** Children still running when this process exits (a failed run, an interrupted one) go with it. */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

function serviceProcess(port: number, launch: () => Promise<ChildProcess>, dataDir: string): ServiceProcess {
  let child: ChildProcess | undefined;
  return {
    port,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    kill: async () => {
      await killChild(child);
      child = undefined;
    },
    start: async () => {
      const started = await launch();
      children.add(started);
      started.once("exit", () => children.delete(started));
      child = started;
    },
    running: () => Boolean(child && child.exitCode === null && child.signalCode === null),
    stop: async () => {
      await killChild(child);
      child = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// The embedded store (s3rver behind its signature check) in a process of its own, signing with the
// test run's key pair (the shared test storage runs inside the global setup's process).
const S3_SCRIPT = `
const [port, dataDir, bucket, stackModule] = process.argv.slice(1);
const { startEmbeddedS3 } = await import(stackModule);
await startEmbeddedS3({ dataDir, port: Number(port), bucket, credentials: { accessKey: process.env.S3_ACCESS_KEY, secretKey: process.env.S3_SECRET_KEY } });
console.log("s3rver ready");
`;
const STACK_MODULE = pathToFileURL(path.resolve(import.meta.dirname, "../tools/embedded-stack.ts")).href;

/** An S3-compatible server (the embedded store) in a child process, with `bucket` created; `endpoint` for S3_ENDPOINT. */
export async function startS3Process(bucket: string): Promise<ServiceProcess & { endpoint: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "better-ads-fault-s3-"));
  const port = await freePort();
  const args = ["--import", "tsx", "--input-type=module", "-e", S3_SCRIPT, String(port), dataDir, bucket, STACK_MODULE];
  const service = serviceProcess(port, () => spawnUntilReady(process.execPath, args, "s3rver ready", "s3rver"), dataDir);
  await service.start();
  return Object.assign(service, { endpoint: `http://127.0.0.1:${port}` });
}

/**
 * A redis-server child process (no persistence) on a port chosen now; `url` for REDIS_URL. Nothing
 * listens there until start(): the app may meet a Redis that refuses connections first.
 */
export async function redisProcess(): Promise<ServiceProcess & { url: string }> {
  // Said at once, even when Redis is to start later: a missing binary is a missing test dependency.
  await new Promise<void>((resolve, reject) =>
    execFile("redis-server", ["--version"], (error) =>
      error ? reject(new Error(`redis-server could not be run (${error.message}): the cache fault tests need it on PATH (apt-get install redis-server)`)) : resolve(),
    ),
  );
  const dataDir = await mkdtemp(path.join(tmpdir(), "better-ads-fault-redis-"));
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dataDir];
  const service = serviceProcess(port, () => spawnUntilReady("redis-server", args, "Ready to accept connections", "redis-server"), dataDir);
  return Object.assign(service, { url: `redis://127.0.0.1:${port}` });
}
