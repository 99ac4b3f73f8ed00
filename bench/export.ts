// `npm run bench:export [-- --quick] [-- --rounds N] [-- --mb M]`: the memory a project ZIP costs the
// server while it streams, against a reference measured in the same run.
//
// Ours: GET /api/projects/:id/export (the real route, archiver, clips read from the bucket) of a
// project of 20 ready b-rolls of M MB each (incompressible bytes), served by a Node HTTP server in
// this process to a client in another process that reads it to the end and discards it.
// Reference: the same 20 objects streamed one after the other from the bucket into a plain response
// by the same server (no archive): the cost of moving those bytes at all.
// Each run: the server process's peak RSS growth (sampled every 20 ms from a baseline taken just
// before, after a collection), the bytes sent and the time. The two alternate (A/B, then B/A) for
// several rounds. No assertion on time; --quick (20 x 1 MB, one round) exits 1 when the ZIP is not
// a 200 carrying at least the clips' bytes (CI's smoke run).
//
// Services: DATABASE_URL / S3_ENDPOINT when set (a scratch database is made and dropped), else
// embedded PostgreSQL and s3rver, in a child process (bench/finalize-services.ts).
import { execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BenchServices } from "./finalize-services";
import { cleanUpOnExit, flag, median, numberOption, runBench } from "./cli";
import { startSampler, type Sample } from "./finalize-media";

const quick = flag("quick");
const rounds = quick ? 1 : numberOption("rounds", 3, { integer: true });
const clipMb = quick ? 1 : numberOption("mb", 25);
const CLIPS = 20;
const MB = 1024 * 1024;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Starts the services process; resolves with its addresses. Closing its stdin stops it. */
function startServices(mediaDir: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "finalize-services.ts"), mediaDir], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const ready = new Promise<BenchServices>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line) as BenchServices));
    child.on("exit", (code) => reject(new Error(`the bench services stopped (exit ${code})`)));
  });
  return { ready, stop: async () => (child.stdin.end(), await exited) };
}

/** The client: another process that reads `url` to its end; answers its status and the bytes it got. */
async function download(url: string, token: string): Promise<{ status: number; bytes: number }> {
  const script = `fetch(process.argv[1], { headers: { authorization: "Bearer " + process.argv[2] } }).then(async (res) => {
    let bytes = 0; for await (const chunk of res.body) bytes += chunk.length;
    console.log(JSON.stringify({ status: res.status, bytes }));
  });`;
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, url, token], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as { status: number; bytes: number };
}

async function main() {
  const mediaDir = path.join(tmpdir(), "better-ads-bench");
  await mkdir(mediaDir, { recursive: true });
  const scratchTemp = await mkdtemp(path.join(tmpdir(), "better-ads-bench-tmp-"));
  const services = startServices(mediaDir);
  // Interrupted: the services stop and the folders go all the same.
  const { cleanups, cleanUp } = cleanUpOnExit([services.stop, () => rm(scratchTemp, { recursive: true, force: true })]);
  try {
    const { databaseUrl, s3 } = await services.ready;
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      ...(s3 ? { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey } : {}),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      TMPDIR: scratchTemp,
    });
    const { NextRequest } = await import("next/server");
    const { prisma } = await import("../_shared/lib/prisma");
    const { fileStorage } = await import("../_shared/core/file-storage.service");
    const { mediaUrl, storageKeys } = await import("../_shared/lib/storage-keys");
    const { GET: exportRoute } = await import("../app/api/projects/[id]/export/route");
    await fileStorage.ensureBucket();
    cleanups.unshift(() => prisma.$disconnect());

    // A user with a live session and a project of 20 ready b-rolls, each clip `clipMb` of random bytes.
    const user = await prisma.user.create({ data: { email: `bench-${randomUUID()}@localhost` } });
    const token = randomBytes(24).toString("hex");
    await prisma.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 86_400_000) } });
    const project = await prisma.project.create({ data: { name: "Export bench", userId: user.id } });
    const clip = randomBytes(clipMb * MB);
    const keys: string[] = [];
    for (let i = 0; i < CLIPS; i++) {
      const bRollId = randomUUID().replaceAll("-", "");
      const key = storageKeys.bRollVideo({ userId: user.id, projectId: project.id, bRollId });
      await fileStorage.uploadSizedStream(Readable.from([clip]), key, "video/mp4", clip.length);
      await prisma.bRoll.create({
        data: { id: bRollId, name: `Clip ${i + 1}`, prompt: "export bench", type: "text_to_video", status: "ready", videoUrl: mediaUrl(key), userId: user.id, projectId: project.id, width: 1080, height: 1920, aspectRatio: "9:16", durationSeconds: 5 },
      });
      keys.push(key);
    }
    const clipBytes = clip.length * CLIPS;

    // The server: the export route, and the reference (the same objects, one after the other, no archive).
    const server = http.createServer((req, res) => {
      void (async () => {
        if (req.url?.startsWith("/export")) {
          const request = new NextRequest(new URL(`/api/projects/${project.id}/export`, "http://127.0.0.1"), { headers: { authorization: req.headers.authorization ?? "" } });
          const answer = await exportRoute(request, { params: Promise.resolve({ id: project.id }) });
          res.writeHead(answer.status, Object.fromEntries(answer.headers));
          if (answer.body) await pipeline(Readable.fromWeb(answer.body as import("node:stream/web").ReadableStream), res);
          else res.end();
          return;
        }
        res.writeHead(200, { "content-type": "application/octet-stream" });
        for (const key of keys) {
          for await (const chunk of await fileStorage.getFileStream(key)) if (!res.write(chunk)) await once(res, "drain");
        }
        res.end();
      })().catch((error: unknown) => {
        console.error(error);
        res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.unshift(() => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    type Run = { status: number; bytes: number; seconds: number; sample: Sample };
    async function measure(pathname: string): Promise<Run> {
      gc();
      const sampler = startSampler(scratchTemp);
      const started = performance.now();
      const { status, bytes } = await download(`${base}${pathname}`, token);
      const seconds = (performance.now() - started) / 1000;
      return { status, bytes, seconds, sample: await sampler.stop() };
    }
    // Untimed warm-up (module loading, connections), except in the smoke run.
    if (!quick) {
      await measure("/export");
      await measure("/reference");
    }
    const ours: Run[] = [];
    const reference: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        ours.push(await measure("/export"));
        reference.push(await measure("/reference"));
      } else {
        reference.push(await measure("/reference"));
        ours.push(await measure("/export"));
      }
      const [a, b] = [ours.at(-1)!, reference.at(-1)!];
      console.log(`round ${round + 1}/${rounds}: ZIP ${a.status} ${(a.bytes / MB).toFixed(1)} MB in ${a.seconds.toFixed(2)} s, RSS +${(a.sample.rssGrowth / MB).toFixed(1)} MB; reference ${(b.bytes / MB).toFixed(1)} MB in ${b.seconds.toFixed(2)} s, RSS +${(b.sample.rssGrowth / MB).toFixed(1)} MB`);
    }
    const row = (label: string, runs: Run[]) =>
      `${label.padEnd(34)} ${(median(runs.map((r) => r.bytes)) / MB).toFixed(1).padStart(8)} MB ${median(runs.map((r) => r.seconds)).toFixed(2).padStart(7)} s ${(median(runs.map((r) => r.bytes / r.seconds)) / MB).toFixed(0).padStart(6)} MB/s   RSS growth median ${(median(runs.map((r) => r.sample.rssGrowth)) / MB).toFixed(1).padStart(6)} MB, max ${(Math.max(...runs.map((r) => r.sample.rssGrowth)) / MB).toFixed(1).padStart(6)} MB`;
    console.log(`\n${CLIPS} clips x ${clipMb} MB (${(clipBytes / MB).toFixed(0)} MB of clips), ${rounds} round(s), server RSS growth sampled every 20 ms`);
    console.log(row("project ZIP (export route)", ours));
    console.log(row("reference: same objects, no archive", reference));
    const broken = ours.filter((run) => run.status !== 200 || run.bytes < clipBytes);
    if (broken.length) throw new Error(`the export answered ${broken.map((run) => `${run.status} with ${run.bytes} bytes`).join(", ")} (expected 200 with at least ${clipBytes} bytes)`);
  } finally {
    await cleanUp();
  }
}

runBench(main);
