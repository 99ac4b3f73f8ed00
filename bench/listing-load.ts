// Load for bench/listing.ts: autocannon run in this process against one URL of the bench server,
// and the pid of the process that serves a port (`next start` may serve from a child process, so
// the process the stack spawned is not always the one whose memory grows).
import { readdir, readFile, readlink } from "node:fs/promises";
import autocannon from "autocannon";

export interface Target {
  /** What the figure is, as the report prints it. */
  name: string;
  /** A path of the bench server, with its query string. */
  path: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Replies other than 2xx, connection errors and timeouts: a smoke run fails on any of them. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  seconds: number;
  /** Called with every reply (the soak counts them while it samples memory). */
  onResponse?: () => void;
}

/** Runs autocannon on one target for `seconds` and reads its summary. */
export async function load(target: Target, options: LoadOptions): Promise<LoadResult> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.baseUrl}${target.path}`,
        connections: options.connections,
        duration: options.seconds,
        headers: target.headers,
        // A reply that takes this long is a failure of the run, not a slow figure.
        timeout: 30,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    if (options.onResponse) instance.on("response", options.onResponse);
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The socket inode listening on 127.0.0.1:`port` (IPv4 and IPv6 tables), from /proc/net. */
async function listeningInode(port: number): Promise<string | null> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A") return fields[9];
    }
  }
  return null;
}

/** The pid of the process listening on `port` among `candidates` and their descendants, else null. */
export async function listeningPid(port: number, candidates: number[]): Promise<number | null> {
  const inode = await listeningInode(port);
  if (!inode) return null;
  const pids = await descendants(candidates);
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) === `socket:[${inode}]`) return pid;
    }
  }
  return null;
}

/** The processes and every process below them (from /proc/<pid>/task/<pid>/children). */
async function descendants(roots: number[]): Promise<number[]> {
  const seen: number[] = [];
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    if (seen.includes(pid)) continue;
    seen.push(pid);
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
    queue.push(...children.split(/\s+/).filter(Boolean).map(Number));
  }
  return seen;
}
