import "server-only";
// The rendition worker (queue `rendition-make`): reads the clip from the bucket into a temporary
// folder, then either encodes the asked format with ffmpeg (H.264 yuv420p, silent, crop around the
// focus or pad over a blurred copy of the frame, trimmed) and streams it to the bucket moov first,
// or cuts a poster frame stored as JPEG and WebP, both tagged with the AI disclosure. Progress
// (ffmpeg's `-progress`) is written to the row as it goes, and every change is pushed to the event
// streams that may see it. A job ends `ready` or `failed`: a failure removes whatever it stored, and
// a row deleted meanwhile (or its clip) has its output removed too. No Fal, no spend.
import { createWriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { videoDisclosureArgs, withDisclosure, type Disclosure } from "@/_shared/lib/ai-disclosure";
import { logger } from "@/_shared/lib/logger";
import { QUEUES } from "@/_shared/lib/queue";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { ffmpegPath, probeVideo, run, withTempDir, type VideoInfo } from "@/_shared/lib/video-files";
import { RENDITION_FORMATS, type RenditionFormat } from "@/_shared/schemas/rendition";
import type { Prisma, Rendition } from "@/_shared/lib/prisma";
import { uploadFaststart } from "../generation/copy-output";
import { publishRenditionUpdate } from "../generation/job-events";
import { fileStorage } from "../file-storage.service";
import { clipModel, clipOfRendition, type Clip } from "./clips";
import { deleteRenditionObjects } from "./renditions";

/** An encode longer than this is abandoned (the job fails). */
const ENCODE_TIMEOUT_MS = 15 * 60_000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 1000;

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);
const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** The ffmpeg filter graph (ending in [out]) that turns a `source`-sized frame into `format`. */
function renditionFilter(source: { width: number; height: number }, format: RenditionFormat, fit: "crop" | "pad", focus: { x: number; y: number }): string {
  const { width: W, height: H } = RENDITION_FORMATS[format];
  // Cover: the smallest scale that fills the frame, then a W x H window around the focus point.
  const cover = Math.max(W / source.width, H / source.height);
  const cw = Math.max(W, even(source.width * cover));
  const ch = Math.max(H, even(source.height * cover));
  if (fit === "crop") {
    const x = Math.round(clamp(focus.x * cw - W / 2, 0, cw - W));
    const y = Math.round(clamp(focus.y * ch - H / 2, 0, ch - H));
    return `[0:v]scale=${cw}:${ch}:flags=bicubic,crop=${W}:${H}:${x}:${y},setsar=1,format=yuv420p[out]`;
  }
  // Pad: the whole frame fitted inside, over a blurred cover of itself (blurred small, then scaled up: cheap).
  const contain = Math.min(W / source.width, H / source.height);
  const fw = Math.min(W, even(source.width * contain));
  const fh = Math.min(H, even(source.height * contain));
  const small = { w: even(W / 8), h: even(H / 8) };
  const smallCover = Math.max(small.w / source.width, small.h / source.height);
  return [
    `[0:v]split=2[bgsrc][fgsrc]`,
    `[bgsrc]scale=${Math.max(small.w, even(source.width * smallCover))}:${Math.max(small.h, even(source.height * smallCover))},crop=${small.w}:${small.h},boxblur=8:2,scale=${W}:${H}[bg]`,
    `[fgsrc]scale=${fw}:${fh}:flags=bicubic[fg]`,
    `[bg][fg]overlay=${(W - fw) / 2}:${(H - fh) / 2},setsar=1,format=yuv420p[out]`,
  ].join(";");
}

/**
 * Updates the row while it is `processing` and pushes it to the streams; returns how many rows changed
 * (0 or 1). Progress only moves forward: a write of a lower figure (one that lost a race with a later
 * one, or a retry's restart) leaves the row as it is.
 */
async function updateProcessing(row: Pick<Rendition, "id" | "userId">, data: Prisma.RenditionUpdateManyMutationInput): Promise<number> {
  const forward = typeof data.progress === "number" ? { progress: { lt: data.progress } } : {};
  const { count } = await prisma.rendition.updateMany({ where: { id: row.id, status: "processing", ...forward }, data });
  if (count > 0) await publishRenditionUpdate(row);
  return count;
}

/** Writes the row's progress (0..100) from ffmpeg's `-progress` lines, at most once a second. */
function progressWriter(row: Rendition, totalSeconds: number) {
  let last = 0;
  let lastPercent = -1;
  let buffered = "";
  // One write at a time, in the order ffmpeg reported them.
  let writing = Promise.resolve();
  return (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const match = line.match(/^out_time_(?:ms|us)=(\d+)/);
      if (!match || totalSeconds <= 0) continue;
      // Encoding is 5..90 %; the upload takes it to 95, ready is 100.
      const percent = Math.round(5 + 85 * clamp(Number(match[1]) / 1e6 / totalSeconds, 0, 1));
      if (percent === lastPercent || Date.now() - last < PROGRESS_EVERY_MS) continue;
      last = Date.now();
      lastPercent = percent;
      writing = writing.then(() => updateProcessing(row, { progress: percent })).then(() => undefined, () => undefined);
    }
  };
}

interface Made {
  objectKey: string;
  webpKey: string | null;
  width: number;
  height: number;
  durationSeconds: number | null;
  bytes: number;
}

async function makeVideo(row: Rendition, clip: Clip, source: string, info: VideoInfo, dir: string, disclosure: Disclosure): Promise<Made> {
  const format = row.format as RenditionFormat;
  const fit = row.fit === "pad" ? "pad" : "crop";
  const filter = renditionFilter(info, format, fit, { x: row.focusX ?? 0.5, y: row.focusY ?? 0.5 });
  const trimmed = row.trimStart !== null && row.trimEnd !== null;
  const start = trimmed ? row.trimStart! : 0;
  const length = trimmed ? Math.min(row.trimEnd!, info.durationSeconds) - start : info.durationSeconds;
  const output = path.join(dir, "rendition.mp4");
  await run(
    ffmpegPath(),
    [
      "-v", "error", "-nostats", "-progress", "pipe:1", "-y",
      ...(trimmed ? ["-ss", start.toFixed(3)] : []), "-i", source, ...(trimmed ? ["-t", length.toFixed(3)] : []),
      "-filter_complex", filter, "-map", "[out]", "-an", "-sn", "-dn",
      "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-profile:v", "high",
      "-map_metadata", "-1", ...videoDisclosureArgs(disclosure), output,
    ],
    ENCODE_TIMEOUT_MS,
    progressWriter(row, length),
  );
  const made = await probeVideo(output);
  await updateProcessing(row, { progress: 90 });
  const objectKey = storageKeys.clipRendition(clip.location, { renditionId: row.id, ext: "mp4" });
  // ffmpeg writes the moov last; it goes up first (+faststart) without rewriting the file.
  await uploadFaststart(output, objectKey);
  return { objectKey, webpKey: null, width: made.width, height: made.height, durationSeconds: Math.round(made.durationSeconds * 1000) / 1000, bytes: (await stat(output)).size };
}

async function makePoster(row: Rendition, clip: Clip, source: string, info: VideoInfo, dir: string, disclosure: Disclosure): Promise<Made> {
  // A time past the last frame takes the last frame.
  const at = clamp(row.time ?? 0, 0, Math.max(info.durationSeconds - 0.05, 0));
  const frame = path.join(dir, "poster.png");
  await run(ffmpegPath(), ["-v", "error", "-y", "-ss", at.toFixed(3), "-i", source, "-frames:v", "1", frame]);
  const png = await readFile(frame);
  const [jpeg, webp] = await Promise.all([
    withDisclosure(sharp(png), disclosure).jpeg({ quality: 88, mozjpeg: true }).toBuffer(),
    withDisclosure(sharp(png), disclosure).webp({ quality: 85 }).toBuffer(),
  ]);
  const objectKey = storageKeys.clipRendition(clip.location, { renditionId: row.id, ext: "jpg" });
  const webpKey = storageKeys.clipRendition(clip.location, { renditionId: row.id, ext: "webp" });
  await fileStorage.uploadFile(jpeg, objectKey, "image/jpeg");
  await fileStorage.uploadFile(webp, webpKey, "image/webp");
  const { width = 0, height = 0 } = await sharp(png).metadata();
  return { objectKey, webpKey, width, height, durationSeconds: null, bytes: jpeg.length };
}

/**
 * Removes what this attempt stored unless the row is ready: another attempt of the same job (the
 * queue retries one that outlived JOB_EXPIRE_SECONDS) may have finished it with the same keys.
 */
async function dropOutputUnlessReady(row: Rendition, clip: Clip): Promise<void> {
  const now = await prisma.rendition.findUnique({ where: { id: row.id }, select: { status: true } });
  if (now?.status !== "ready") await deleteRenditionObjects(row, clip);
}

/** Storage that is down or silent: worth another attempt. Anything else (ffmpeg refusing the clip) is final. */
const isTransient = (error: unknown) => (error as { code?: string } | null)?.code === "service_unavailable" || /ETIMEDOUT|ECONNREFUSED|ECONNRESET/.test(String(error));

/** The job of the rendition queue for rendition `id`. */
export async function makeRendition(id: string, { lastAttempt }: { lastAttempt: boolean }): Promise<void> {
  const row = await prisma.rendition.findUnique({ where: { id } });
  if (!row || row.status !== "processing") return;
  const clip = await clipOfRendition(row);
  if (!clip?.videoKey) {
    await updateProcessing(row, { status: "failed", errorMessage: "The clip is no longer available" });
    return;
  }
  const videoKey = clip.videoKey;
  const started = Date.now();
  try {
    await updateProcessing(row, { progress: 5 });
    const made = await withTempDir(async (dir) => {
      const source = path.join(dir, "source.mp4");
      await pipeline(await fileStorage.getFileStream(videoKey), createWriteStream(source));
      const info = await probeVideo(source);
      const disclosure: Disclosure = { origin: "derived", model: await clipModel(clip), assetId: row.id, sourceId: clip.id };
      return (row.kind === "poster" ? makePoster : makeVideo)(row, clip, source, info, dir, disclosure);
    });
    const count = await updateProcessing(row, { status: "ready", progress: 100, errorMessage: null, ...made });
    // Deleted meanwhile (the rendition, or its clip): nothing of it may stay.
    if (count === 0) await dropOutputUnlessReady(row, clip);
    logger.info("rendition ready", { renditionId: id, kind: row.kind, format: row.format, ms: Date.now() - started, stored: count === 1 });
  } catch (error) {
    await dropOutputUnlessReady(row, clip);
    if (isTransient(error) && !lastAttempt) throw error;
    logger.error("rendition failed", { renditionId: id, kind: row.kind, error });
    await updateProcessing(row, { status: "failed", errorMessage: isTransient(error) ? "Storage was not answering; try again" : "The clip could not be converted; try another format or trim" });
  }
}

/** How long a processing rendition may go without its queue job before the sweep fails it. */
const ABANDONED_AFTER_MS = 2 * 60_000;

/**
 * Fails the renditions left `processing` with no job left to make them: the queue gave up on one
 * (its worker died on the last attempt and the job expired) or the enqueue after the row was
 * written never happened. Anything such a job stored is removed. Runs with the reconciler, every
 * minute; a row touched within ABANDONED_AFTER_MS is left alone (its job may be on its way).
 */
export async function failAbandonedRenditions(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const abandoned = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE "Rendition" r SET "status" = 'failed', "errorMessage" = 'The conversion was interrupted; ask for it again', "updatedAt" = ${now}
    WHERE r."status" = 'processing' AND r."updatedAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j."name" = ${QUEUES.rendition} AND j."data"->>'jobId' = r."id" AND j."state" IN ('created', 'retry', 'active'))
    RETURNING r."id"`;
  for (const { id } of abandoned) {
    const row = await prisma.rendition.findUnique({ where: { id } });
    if (row) await publishRenditionUpdate(row);
    const clip = row ? await clipOfRendition(row) : null;
    if (row && clip) await deleteRenditionObjects(row, clip).catch((error: unknown) => logger.error("could not remove an abandoned rendition's objects", { renditionId: id, error }));
  }
  if (abandoned.length > 0) logger.warn("renditions abandoned by the queue marked failed", { count: abandoned.length });
  return abandoned.length;
}
