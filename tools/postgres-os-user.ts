// PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS user
// (created when missing, as in a fresh container). That user must reach the binaries and the data
// directory, which a clone in a private folder (root's 0700 home, say) hides: each is then placed
// under /var/lib/better-ads, where it can (persistent, so `npm run dev` keeps its data).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { binariesIn, run, summarise, type OsUser, type PostgresBinaries } from "./embedded-postgres";

export const FALLBACK_BASE = "/var/lib/better-ads";
const execFileAsync = promisify(execFile);

/** The user the server must run as: none unless we are root, then `postgres` (created if missing). */
export async function postgresOsUser(name = "postgres"): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await idsOf(name);
  if (existing) return existing;
  await createSystemUser(name);
  const created = await idsOf(name);
  if (!created) throw new Error(`the ${name} OS user was created but cannot be found`);
  return created;
}

async function idsOf(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync("id", ["-u", name]), execFileAsync("id", ["-g", name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

async function createSystemUser(name: string): Promise<void> {
  try {
    const groupExists = await execFileAsync("getent", ["group", name]).then(() => true, () => false);
    if (!groupExists) await execFileAsync("groupadd", ["--system", name]);
    await execFileAsync("useradd", ["--system", "--gid", name, "--no-create-home", name]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(`the ${name} OS user that PostgreSQL runs as under root could not be created (${reason})`);
  }
}

/** Whether `user` can run the binary (and load its libraries): asked to the system, not guessed from modes. */
async function canRun(binary: string, user: OsUser): Promise<boolean> {
  const result = await run(binary, ["--version"], user);
  return !result.error && result.code === 0;
}

/** Whether `user` can enter `dir` (every folder above it searchable). */
async function canEnter(dir: string, user: OsUser): Promise<boolean> {
  const result = await run("/bin/sh", ["-c", 'cd -- "$1"', "sh", dir], user);
  return !result.error && result.code === 0;
}

async function runnable(binaries: PostgresBinaries, user: OsUser): Promise<boolean> {
  return (await canRun(binaries.initdb, user)) && (await canRun(binaries.postgres, user));
}

/** The binaries where `user` can run them: in place when it can, else a copy under FALLBACK_BASE (made once per release). */
export async function binariesRunnableBy(user: OsUser | undefined, binaries: PostgresBinaries): Promise<PostgresBinaries> {
  if (!user || (await runnable(binaries, user))) return binaries;
  const copy = binariesIn(path.join(FALLBACK_BASE, binaries.release.replace(/^@/, "").replace(/[/@]/g, "-")), binaries);
  if (!(existsSync(copy.dir) && (await runnable(copy, user)))) {
    const staging = `${copy.dir}.${process.pid}.tmp`;
    await ensureBase();
    await rm(staging, { recursive: true, force: true });
    // Symlinks stay relative (lib/libpq.so.5 -> libpq.so.5.18), pointing inside the copy.
    await cp(binaries.dir, staging, { recursive: true, verbatimSymlinks: true });
    await openToAll(staging);
    await rm(copy.dir, { recursive: true, force: true });
    await rename(staging, copy.dir);
  }
  if (!(await runnable(copy, user))) {
    const result = await run(copy.postgres, ["--version"], user);
    throw new Error(`the postgres OS user cannot run the PostgreSQL binaries, even copied to ${copy.dir} (${result.error?.message ?? summarise(result.output)})`);
  }
  return copy;
}

/** Where the data of `dataDir` lives for `user`: there when it can reach that folder, else a folder of its own under FALLBACK_BASE. */
export async function dataDirReachableBy(user: OsUser | undefined, dataDir: string): Promise<string> {
  if (!user) return dataDir;
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (await canEnter(path.dirname(dataDir), user)) return dataDir;
  await ensureBase();
  // Named after the requested folder: the same clone finds its data again at the next start.
  return path.join(FALLBACK_BASE, `postgres-data-${createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12)}`);
}

async function ensureBase(): Promise<void> {
  await mkdir(FALLBACK_BASE, { recursive: true });
  // Whatever root's umask: the postgres user must be able to pass through.
  await chmod(FALLBACK_BASE, 0o755);
}

/** Readable (and, for executables, runnable) by everyone: the copy must not inherit a restrictive umask. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(file);
    else if (entry.isFile()) await chmod(file, (await stat(file)).mode & 0o111 ? 0o755 : 0o644);
  }
}
