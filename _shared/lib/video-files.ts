// Media plumbing on files, never whole videos in memory: copy a URL into a silent MP4 (ffmpeg,
// reading the URL itself while it downloads when the server serves byte ranges, else from a
// downloaded temporary file), lay it out +faststart (moov first) without rewriting it, probe
// (ffprobe), and cut a thumbnail (ffmpeg + sharp).
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { setPriority, tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { videoDisclosureArgs, withDisclosure, type Disclosure } from "./ai-disclosure";
import { getEnv } from "./env";

const require = createRequire(import.meta.url);
export const ffmpegPath = () => getEnv().FFMPEG_PATH ?? (require("@ffmpeg-installer/ffmpeg") as { path: string }).path;
export const ffprobePath = () => getEnv().FFPROBE_PATH ?? (require("@ffprobe-installer/ffprobe") as { path: string }).path;

/** Network reads of ffmpeg: plain HTTP(S) and what it rides on, never files or other protocols. */
const NETWORK_PROTOCOLS = "http,https,tcp,tls";
/** A download (or an ffmpeg run on one) that takes longer than this is abandoned. */
const COPY_TIMEOUT_MS = 300_000;
/** ffmpeg gives up on a connection silent for this long (microseconds, as `-rw_timeout` wants). */
const SILENCE_MICROSECONDS = 30_000_000;

/**
 * Media work is background work: ffmpeg and ffprobe run at a lower CPU priority (nice 10), so on a
 * machine they share with the web server, requests keep answering while clips are remuxed.
 */
const MEDIA_NICENESS = 10;

function yieldToRequests(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, MEDIA_NICENESS);
  } catch {
    // Already gone, or a system that refuses it: the work runs at normal priority.
  }
}

/** Runs ffmpeg or ffprobe at media niceness; resolves with its stdout (also handed to `onStdout` as it comes). */
export function run(binary: string, args: string[], timeoutMs = COPY_TIMEOUT_MS, onStdout?: (chunk: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    yieldToRequests(child.pid);
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${timeoutMs / 1000} s`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      if (onStdout) onStdout(chunk.toString());
      else stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(binary)} exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}

/** Runs `work` with a fresh temporary directory that is always removed afterwards. */
export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "better-ads-media-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A download answered with an HTTP error (a 404 or 410 from Fal's CDN: the file expired). */
export class DownloadHttpError extends Error {
  constructor(readonly status: number) {
    super(`download failed with HTTP ${status}`);
    this.name = "DownloadHttpError";
  }
}

/** A source larger than MAX_VIDEO_BYTES: no retry makes it smaller. */
export class VideoTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the video is larger than ${maxBytes} bytes`);
    this.name = "VideoTooLargeError";
  }
}

/** Streams a response body into a file, refusing bodies larger than `maxBytes`; returns the byte count. */
async function saveBody(res: Response, file: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new VideoTooLargeError(maxBytes) : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), limit, createWriteStream(file));
  return bytes;
}

/**
 * Copies the video at `url` into `output` as a silent MP4 (its index, moov, at the end: see
 * faststartLayout); `dir` is the caller's temporary folder. The source is opened once here, for its
 * status (404/410: DownloadHttpError) and its size (over `maxBytes`: VideoTooLargeError). When the server serves byte ranges and says the size, ffmpeg reads the URL
 * itself and remuxes while it downloads: an MP4 whose moov sits at the end, as encoders write it, is
 * read by seeking there, which a pipe could not do. Otherwise the body is downloaded to a file first
 * and remuxed from it. The copy is tagged with `disclosure` (the AI-generated disclosure) as it is written.
 */
export async function remuxSilent(url: string, output: string, dir: string, disclosure: Disclosure, maxBytes = getEnv().MAX_VIDEO_BYTES): Promise<void> {
  const { protocol } = new URL(url);
  if (protocol !== "http:" && protocol !== "https:") throw new Error(`refusing to read a ${protocol} URL`);
  const res = await fetch(url, { signal: AbortSignal.timeout(COPY_TIMEOUT_MS) });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new DownloadHttpError(res.status);
  }
  const length = Number(res.headers.get("content-length") ?? Number.NaN);
  if (length > maxBytes) {
    await res.body.cancel();
    throw new VideoTooLargeError(maxBytes);
  }
  if (Number.isFinite(length) && res.headers.get("accept-ranges")?.toLowerCase() === "bytes") {
    await res.body.cancel();
    await remuxSilentFile(url, output, ["-protocol_whitelist", NETWORK_PROTOCOLS, "-rw_timeout", String(SILENCE_MICROSECONDS)], maxBytes, disclosure);
    // -fs stopped the output at the limit: the server sent more than it announced.
    if ((await stat(output)).size >= maxBytes) throw new VideoTooLargeError(maxBytes);
    return;
  }
  const raw = path.join(dir, "raw.mp4");
  try {
    await saveBody(res, raw, maxBytes);
    await remuxSilentFile(raw, output, ["-protocol_whitelist", "file"], maxBytes, disclosure);
  } finally {
    await rm(raw, { force: true });
  }
}

/** Top-level boxes of an MP4 file (type, offset, size), read from their headers alone. */
async function topLevelBoxes(file: string): Promise<Array<{ type: string; start: number; size: number }>> {
  const handle = await open(file);
  try {
    const { size: fileSize } = await handle.stat();
    const boxes: Array<{ type: string; start: number; size: number }> = [];
    const header = Buffer.alloc(16);
    for (let start = 0; start < fileSize; ) {
      const { bytesRead } = await handle.read(header, 0, 16, start);
      if (bytesRead < 8) throw new Error("truncated MP4 box header");
      const small = header.readUInt32BE(0);
      const size = small === 1 ? Number(header.readBigUInt64BE(8)) : small === 0 ? fileSize - start : small;
      if (size < 8 || start + size > fileSize) throw new Error("malformed MP4 box");
      boxes.push({ type: header.toString("latin1", 4, 8), start, size });
      start += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl"]);

/** Moves every chunk offset (stco, co64) of a moov box by `delta` bytes, in place. */
function shiftChunkOffsets(box: Buffer, delta: number, start = 8, end = box.length): void {
  for (let at = start; at + 8 <= end; ) {
    const size = box.readUInt32BE(at);
    const type = box.toString("latin1", at + 4, at + 8);
    if (size < 8 || at + size > end) throw new Error("malformed moov box");
    if (CONTAINERS.has(type)) shiftChunkOffsets(box, delta, at + 8, at + size);
    const count = type === "stco" || type === "co64" ? box.readUInt32BE(at + 12) : 0;
    for (let i = 0; i < count; i++) {
      if (type === "co64") {
        box.writeBigUInt64BE(box.readBigUInt64BE(at + 16 + i * 8) + BigInt(delta), at + 16 + i * 8);
      } else {
        const moved = box.readUInt32BE(at + 16 + i * 4) + delta;
        if (moved > 0xffffffff) throw new Error("a chunk offset past 4 GB needs co64");
        box.writeUInt32BE(moved, at + 16 + i * 4);
      }
    }
    at += size;
  }
}

/**
 * The +faststart form of an MP4 whose moov is its last box, as ffmpeg writes it without the flag:
 * `head` (ftyp, then moov with its chunk offsets moved past itself) followed by the file's bytes
 * from `bodyStart` to `bodyEnd` (the media data). ffmpeg's own +faststart rewrites the whole file a
 * second time to get there; this way the media data goes from the file to the bucket as written.
 */
export async function faststartLayout(file: string): Promise<{ head: Buffer; bodyStart: number; bodyEnd: number }> {
  const boxes = await topLevelBoxes(file);
  const ftyp = boxes[0]?.type === "ftyp" ? boxes[0] : null;
  const moov = boxes.at(-1);
  if (!ftyp || moov?.type !== "moov" || boxes.slice(0, -1).some((box) => box.type === "moov")) throw new Error("expected an MP4 ending with its moov box");
  const handle = await open(file);
  try {
    const head = Buffer.alloc(ftyp.size + moov.size);
    await handle.read(head, 0, ftyp.size, 0);
    await handle.read(head, ftyp.size, moov.size, moov.start);
    shiftChunkOffsets(head.subarray(ftyp.size), moov.size);
    return { head, bodyStart: ftyp.size, bodyEnd: moov.start };
  } finally {
    await handle.close();
  }
}

export interface VideoInfo {
  width: number;
  height: number;
  durationSeconds: number;
  hasAudio: boolean;
  videoCodec: string;
}

export async function probeVideo(file: string): Promise<VideoInfo> {
  const out = await run(ffprobePath(), ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]);
  const info = JSON.parse(out) as { streams?: Array<Record<string, unknown>>; format?: { duration?: string } };
  const video = info.streams?.find((s) => s.codec_type === "video");
  if (!video) throw new Error("the file has no video stream");
  return {
    width: Number(video.width),
    height: Number(video.height),
    durationSeconds: Number(info.format?.duration ?? video.duration ?? 0),
    hasAudio: Boolean(info.streams?.some((s) => s.codec_type === "audio")),
    videoCodec: String(video.codec_name),
  };
}

/**
 * Keeps the first video stream only (every stored clip is silent). `inputOptions` restrict how the
 * input is read (protocols, timeouts); `maxBytes` caps the output. -xerror: a read error (a source
 * that breaks mid-download) fails the copy instead of ending it early with a shorter clip.
 */
async function remuxSilentFile(input: string, output: string, inputOptions: string[], maxBytes: number, disclosure: Disclosure): Promise<void> {
  await run(ffmpegPath(), [
    "-v", "error", "-xerror", "-y", ...inputOptions, "-i", input,
    "-map", "0:v:0", "-c:v", "copy", "-an", "-sn", "-dn", ...videoDisclosureArgs(disclosure), "-fs", String(maxBytes), output,
  ]);
}

/** Where a clip's thumbnail frame is cut (seconds): 1 s in, or the middle of clips shorter than 2 s. Posters default to it. */
export function thumbnailTime(durationSeconds: number | null): number {
  const duration = durationSeconds ?? 0;
  return duration >= 2 ? 1 : Math.max(duration / 2, 0);
}

/** The thumbnail frame (thumbnailTime), at most 640 px wide, as WebP carrying the clip's disclosure. */
export async function videoThumbnail(video: string, durationSeconds: number, dir: string, disclosure: Disclosure): Promise<Buffer> {
  const frame = path.join(dir, "frame.png");
  await run(ffmpegPath(), ["-v", "error", "-y", "-ss", thumbnailTime(durationSeconds).toFixed(3), "-i", video, "-frames:v", "1", frame]);
  return withDisclosure(sharp(await readFile(frame)).resize({ width: 640, withoutEnlargement: true }), disclosure).webp({ quality: 80 }).toBuffer();
}
