// `npm run bench:finalize [-- --quick] [-- --rounds N] [-- --sizes 50,200]`: times finalisation, the step from "Fal
// finished" to "the user can play the clip", against the physical work it cannot avoid, measured in
// the same run.
//
// Ours: a b-roll and its GenerationJob as the pipeline makes them (submitted to Fal), then a signed
// webhook for it through the real webhook route, the real queue and the real finaliser (pg-boss
// workers in this process); timed from the webhook to the b-roll `ready`.
// Reference: a plain streamed copy of the same URL into the same bucket (fetch -> putObject of the
// stream) followed by one thumbnail extraction with ffmpeg from that URL.
// The two alternate (A/B, then B/A) for several rounds per size (50 MB and 200 MB H.264 clips with an
// audio track, moov at the end; cached in the temp folder), served by a local stand-in for Fal's CDN.
// Besides time: the Node process's peak RSS growth (sampled every 20 ms from a baseline taken just
// before), the peak RSS of one ffmpeg/ffprobe child (separate processes), and the peak temporary
// disk. --quick: a 5 MB clip, one round, and a non-zero exit when the clip did not reach `ready`.
//
// Services: DATABASE_URL / S3_ENDPOINT when set (a scratch database is made and dropped), else
// embedded PostgreSQL and s3rver, run with the CDN in a child process (bench/finalize-services.ts).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BenchServices } from "./finalize-services";
import { cleanUpOnExit, flag, median, numberOption, runBench } from "./cli";
import { ensureSource, referenceThumbnail, startSampler, type Sample } from "./finalize-media";

const quick = flag("quick");
const rounds = quick ? 1 : numberOption("rounds", 5, { integer: true });
const sizesArg = process.argv.indexOf("--sizes");
const sizes = quick ? [5] : sizesArg > 0 ? process.argv[sizesArg + 1].split(",").map(Number) : [50, 200];
const MB = 1024 * 1024;

// The sampler's baseline is taken after a collection, so garbage of the previous run is not counted.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Starts the services process; resolves with its addresses. Closing its stdin stops it. */
function startServices(mediaDir: string, jwks: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "finalize-services.ts"), mediaDir], {
    env: { ...process.env, BENCH_JWKS: jwks },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const ready = new Promise<BenchServices>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line) as BenchServices));
    child.on("exit", (code) => reject(new Error(`the bench services stopped (exit ${code})`)));
  });
  return { ready, stop: async () => (child.stdin.end(), await exited) };
}

async function main() {
  const { generateSigningKey, signFalWebhook } = await import("../tools/fal-simulator/signing");
  const key = generateSigningKey();
  const mediaDir = path.join(tmpdir(), "better-ads-bench");
  await mkdir(mediaDir, { recursive: true });
  // Everything the finaliser writes goes to a temp folder of the bench's own: its size is sampled.
  const scratchTemp = await mkdtemp(path.join(tmpdir(), "better-ads-bench-tmp-"));
  const services = startServices(mediaDir, JSON.stringify({ keys: [key.jwk] }));
  // Interrupted: the services stop and the folders go all the same.
  const { cleanups, cleanUp } = cleanUpOnExit([services.stop, () => rm(scratchTemp, { recursive: true, force: true })]);
  try {
    const { databaseUrl, s3, cdnUrl } = await services.ready;
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      ...(s3 ? { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey } : {}),
      FAL_KEY: "bench",
      FAL_WEBHOOK_JWKS_URL: `${cdnUrl}/.well-known/jwks.json`,
      FAL_WEBHOOK_URL: "http://127.0.0.1:38100/api/webhooks/fal",
      WORKER_POLL_SECONDS: "0.5",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      TMPDIR: scratchTemp,
    });
    const ffmpeg = process.env.FFMPEG_PATH ?? (createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path: string }).path;
    const sources = new Map<number, string>();
    for (const size of sizes) sources.set(size, await ensureSource(ffmpeg, mediaDir, size));

    const { NextRequest } = await import("next/server");
    const { prisma } = await import("../_shared/lib/prisma");
    const { createVideoJob } = await import("../_shared/core/generation/jobs");
    const { startWorkers, stopWorkers } = await import("../_shared/core/generation/workers");
    const { POST: webhookRoute } = await import("../app/api/webhooks/fal/route");
    const { fileStorage } = await import("../_shared/core/file-storage.service");
    const { bucketName, s3Client } = await import("../_shared/lib/s3");
    const { storageKeys } = await import("../_shared/lib/storage-keys");
    await fileStorage.ensureBucket();
    await startWorkers({ schedule: false });
    cleanups.unshift(async () => {
      await stopWorkers();
      await prisma.$disconnect();
    });
    const user = await prisma.user.create({ data: { email: `bench-${randomUUID()}@localhost` } });
    const project = await prisma.project.create({ data: { name: "Finalisation bench", userId: user.id } });

    /** Ours: b-roll + job as submitted to Fal, a signed webhook through the route, until `ready`. */
    async function ours(url: string, bytes: number): Promise<{ seconds: number; queueSeconds: number; ok: boolean; sample: Sample }> {
      const requestId = randomUUID();
      const prompt = "finalisation bench";
      const options = { resolution: "720p" as const, duration: 5 };
      const { bRollId, jobId } = await prisma.$transaction(async (tx) => {
        const bRoll = await tx.bRoll.create({ data: { name: "Bench", prompt, type: "text_to_video", userId: user.id, projectId: project.id } });
        const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: user.id, projectId: project.id, prompt, options });
        return { bRollId: bRoll.id, jobId: job.id };
      });
      await prisma.generationJob.update({ where: { id: jobId }, data: { status: "submitted", falRequestId: requestId, submittedAt: new Date() } });
      const body = Buffer.from(
        JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: "OK", payload: { video: { url, content_type: "video/mp4", file_name: "output.mp4", file_size: bytes }, seed: 1 } }),
      );
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        "content-type": "application/json",
        "x-fal-webhook-request-id": requestId,
        "x-fal-webhook-user-id": "bench-user",
        "x-fal-webhook-timestamp": String(timestamp),
        "x-fal-webhook-signature": signFalWebhook(key.privateKey, { requestId, userId: "bench-user", timestamp, body }),
      };
      gc();
      const sampler = startSampler(scratchTemp);
      const started = performance.now();
      const startedAt = Date.now();
      const res = await webhookRoute(new NextRequest(process.env.FAL_WEBHOOK_URL!, { method: "POST", headers, body: new Uint8Array(body) }));
      if (res.status !== 200) throw new Error(`the webhook route answered ${res.status}: ${await res.text()}`);
      let status = "processing";
      while (status === "processing" && performance.now() - started < 600_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId }, select: { status: true } })).status;
      }
      const seconds = (performance.now() - started) / 1000;
      const sample = await sampler.stop();
      const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true, error: true, errorCode: true, claimedAt: true } });
      if (status !== "ready") console.error(`finalisation ended ${status}: ${JSON.stringify(job)}`);
      // The wait for a finalize worker to pick the job (pg-boss polls every WORKER_POLL_SECONDS).
      const queueSeconds = job.claimedAt ? Math.max(job.claimedAt.getTime() - startedAt, 0) / 1000 : 0;
      const parts = { userId: user.id, projectId: project.id, bRollId };
      for (const stored of [storageKeys.bRollVideo(parts), storageKeys.bRollThumbnail({ ...parts, ext: "webp" })]) await fileStorage.deleteFile(stored).catch(() => undefined);
      return { seconds, queueSeconds, ok: status === "ready", sample };
    }

    /** Reference: fetch -> putObject of the stream, then one thumbnail with ffmpeg. */
    async function reference(url: string): Promise<{ seconds: number; sample: Sample }> {
      const objectKey = `bench/reference-${randomUUID()}.mp4`;
      gc();
      const sampler = startSampler(scratchTemp);
      const started = performance.now();
      const res = await fetch(url);
      if (!res.ok || !res.body) throw new Error(`reference download: HTTP ${res.status}`);
      // One streamed PUT (a presigned URL: the body need not be hashed first); the client's putObject
      // would buffer it (whole up to its part size, in 64 MB parts above) and s3rver lacks the upload
      // listing it starts with above that size.
      const put = http.request(await s3Client().presignedPutObject(bucketName(), objectKey, 600), {
        method: "PUT",
        headers: { "content-type": "video/mp4", "content-length": res.headers.get("content-length") ?? "" },
      });
      const answered = new Promise<number>((resolve, reject) => put.on("response", (answer) => (answer.resume(), resolve(answer.statusCode ?? 0))).on("error", reject));
      await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), put);
      if ((await answered) !== 200) throw new Error(`reference upload: HTTP ${await answered}`);
      await referenceThumbnail(ffmpeg, url, scratchTemp);
      const seconds = (performance.now() - started) / 1000;
      const sample = await sampler.stop();
      await fileStorage.deleteFile(objectKey);
      return { seconds, sample };
    }

    let failed = false;
    const rows: Array<Record<string, string>> = [];
    for (const size of sizes) {
      const url = `${cdnUrl}/cdn/${path.basename(sources.get(size)!)}`;
      const bytes = size * MB;
      const a: Array<Awaited<ReturnType<typeof ours>>> = [];
      const b: Array<Awaited<ReturnType<typeof reference>>> = [];
      // An untimed first pair: loading modules (sharp, the queue) and warming connections is not finalisation.
      if (!quick && size === sizes[0]) {
        await ours(url, bytes);
        await reference(url);
      }
      for (let round = 0; round < rounds; round++) {
        // Interleaved, the order flipped every round: neither side always runs on a warm cache.
        if (round % 2 === 0) {
          a.push(await ours(url, bytes));
          b.push(await reference(url));
        } else {
          b.push(await reference(url));
          a.push(await ours(url, bytes));
        }
        const last = a[a.length - 1];
        console.log(`${size} MB round ${round + 1}/${rounds}: ours ${last.seconds.toFixed(2)} s${last.ok ? "" : " (NOT ready)"}, reference ${b[b.length - 1].seconds.toFixed(2)} s`);
      }
      failed ||= a.some((run) => !run.ok);
      const oursS = median(a.map((run) => run.seconds));
      const refS = median(b.map((run) => run.seconds));
      const mb = (value: number) => (value / MB).toFixed(1);
      rows.push({
        size: `${size} MB`,
        "ours (s)": oursS.toFixed(2),
        "reference (s)": refS.toFixed(2),
        ratio: `${(oursS / refS).toFixed(2)}x`,
        "of ours, queue wait (s)": median(a.map((run) => run.queueSeconds)).toFixed(2),
        "ratio from the claim": `${(median(a.map((run) => run.seconds - run.queueSeconds)) / refS).toFixed(2)}x`,
        "node RSS growth (MB)": mb(median(a.map((run) => run.sample.rssGrowth))),
        "node RSS growth, max (MB)": mb(Math.max(...a.map((run) => run.sample.rssGrowth))),
        "reference RSS growth (MB)": mb(median(b.map((run) => run.sample.rssGrowth))),
        "ffmpeg child peak RSS (MB)": mb(Math.max(...a.map((run) => run.sample.childPeak))),
        "temp disk peak (MB)": mb(Math.max(...a.map((run) => run.sample.tempPeak))),
      });
    }
    console.log(`\nfinalisation, webhook -> b-roll ready; medians of ${rounds} round(s) per size (ffmpeg/ffprobe run as child processes: their RSS is not in Node's)`);
    console.table(rows);
    if (failed) throw new Error("a finalisation did not reach `ready`");
  } finally {
    await cleanUp();
  }
}

runBench(main);
