// The backing services of `npm run bench:finalize`, in a process of their own so that the bench's
// memory figures are the finalisation's alone (s3rver and the file server would otherwise buffer in
// the measured process): PostgreSQL (a scratch database next to DATABASE_URL, else an embedded
// server), S3 (S3_ENDPOINT, else the embedded s3rver) and a stand-in for Fal's CDN that serves the
// bench's source files (plain GET and HEAD, Content-Length, single byte ranges) and the JWKS the bench
// signs its webhooks with (BENCH_JWKS). It prints one JSON line with the addresses, and stops and
// removes everything when its standard input closes (the bench ended, or died).
import { createReadStream } from "node:fs";
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase, freePort, migrateDatabase, startEmbeddedPostgres, startEmbeddedS3 } from "../tools/embedded-stack";

export interface BenchServices {
  databaseUrl: string;
  /** Null when the environment names the storage (S3_ENDPOINT and its keys). */
  s3: { endpoint: string; accessKey: string; secretKey: string } | null;
  cdnUrl: string;
}

/** One `bytes=a-b` / `bytes=a-` / `bytes=-n` range, or null for the whole file. */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? "");
  if (!match || (!match[1] && !match[2])) return null;
  if (!match[1]) return { start: Math.max(size - Number(match[2]), 0), end: size - 1 };
  return { start: Number(match[1]), end: Math.min(match[2] ? Number(match[2]) : size - 1, size - 1) };
}

/** Serves `<dir>/<name>` at /cdn/<name> as a CDN would, and the bench's JWKS. */
async function startCdn(dir: string, jwks: string, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://cdn");
      if (url.pathname === "/.well-known/jwks.json") return res.writeHead(200, { "content-type": "application/json" }).end(jwks);
      const name = url.pathname.startsWith("/cdn/") ? path.basename(url.pathname) : "";
      const file = path.join(dir, name);
      const info = name ? await stat(file).catch(() => null) : null;
      if (!info) return res.writeHead(404, { "content-type": "application/json" }).end(`{"detail":"File not found"}`);
      const range = byteRange(req.headers.range, info.size);
      if (range && range.start >= info.size) return res.writeHead(416, { "content-range": `bytes */${info.size}` }).end();
      const { start, end } = range ?? { start: 0, end: info.size - 1 };
      res.writeHead(range ? 206 : 200, {
        "content-type": "video/mp4",
        "content-length": String(end - start + 1),
        "accept-ranges": "bytes",
        ...(range ? { "content-range": `bytes ${start}-${end}/${info.size}` } : {}),
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file, { start, end, highWaterMark: 256 * 1024 }).pipe(res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main() {
  const [mediaDir] = process.argv.slice(2);
  const cleanups: Array<() => Promise<void>> = [];
  const workDir = await mkdtemp(path.join(tmpdir(), "better-ads-bench-services-"));
  // The embedded server runs as the `postgres` OS user when we are root: it must reach its data dir.
  await chmod(workDir, 0o755);
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    })().then(() => process.exit(0)));
  process.stdin.on("end", () => void stop());
  process.stdin.resume();
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());

  try {
    let databaseUrl: string;
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL, `better_ads_bench_${Date.now()}_${process.pid}`);
      cleanups.push(scratch.drop);
      databaseUrl = scratch.url;
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(workDir, "postgres"), port: await freePort(38101), database: "better_ads_bench" });
      cleanups.push(() => rm(pg.dataDir, { recursive: true, force: true }), pg.stop);
      databaseUrl = pg.url;
    }
    await migrateDatabase(databaseUrl);
    let s3: BenchServices["s3"] = null;
    if (!process.env.S3_ENDPOINT) {
      const embedded = await startEmbeddedS3({ dataDir: path.join(workDir, "s3"), port: await freePort(38102), bucket: process.env.S3_BUCKET ?? "better-ads" });
      cleanups.push(embedded.stop);
      s3 = { endpoint: embedded.endpoint, accessKey: embedded.accessKey, secretKey: embedded.secretKey };
    }
    const cdn = await startCdn(mediaDir, process.env.BENCH_JWKS ?? `{"keys":[]}`, await freePort(38103));
    cleanups.push(cdn.close);
    const services: BenchServices = { databaseUrl, s3, cdnUrl: cdn.url };
    process.stdout.write(`${JSON.stringify(services)}\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await stop();
  }
}

void main();
