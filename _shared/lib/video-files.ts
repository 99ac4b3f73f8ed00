// Media plumbing on files, never whole videos in memory: copy a URL into a silent, +faststart MP4
// (ffmpeg, reading the URL itself while it downloads when the server serves byte ranges, else from a
// downloaded temporary file), probe (ffprobe), and cut a thumbnail (ffmpeg + sharp).
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { getEnv } from "./env";

const require = createRequire(import.meta.url);
const ffmpegPath = () => getEnv().FFMPEG_PATH ?? (require("@ffmpeg-installer/ffmpeg") as { path: string }).path;
const ffprobePath = () => getEnv().FFPROBE_PATH ?? (require("@ffprobe-installer/ffprobe") as { path: string }).path;

/** Network reads of ffmpeg: plain HTTP(S) and what it rides on, never files or other protocols. */
const NETWORK_PROTOCOLS = "http,https,tcp,tls";
/** A download (or an ffmpeg run on one) that takes longer than this is abandoned. */
const COPY_TIMEOUT_MS = 300_000;
/** ffmpeg gives up on a connection silent for this long (microseconds, as `-rw_timeout` wants). */
const SILENCE_MICROSECONDS = 30_000_000;

function run(binary: string, args: string[], { timeoutMs = COPY_TIMEOUT_MS } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${timeoutMs / 1000} s`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
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
 * Copies the video at `url` into `output` as a silent +faststart MP4; `dir` is the caller's temporary
 * folder. The source is opened once here, for its status (404/410: DownloadHttpError) and its size
 * (over `maxBytes`: VideoTooLargeError). When the server serves byte ranges and says the size, ffmpeg
 * reads the URL itself and remuxes while it downloads: an MP4 whose index (moov) sits at the end,
 * as encoders write it, is read by seeking there, which a pipe could not do. Otherwise the body is
 * downloaded to a file first and remuxed from it.
 */
export async function copySilentFaststart(url: string, output: string, dir: string, maxBytes = getEnv().MAX_VIDEO_BYTES): Promise<void> {
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
    // -fs caps what is written, should the server send more than it announced.
    await remuxSilentFaststart(url, output, ["-protocol_whitelist", NETWORK_PROTOCOLS, "-rw_timeout", String(SILENCE_MICROSECONDS)], maxBytes);
    if ((await stat(output)).size >= maxBytes) throw new VideoTooLargeError(maxBytes);
    return;
  }
  const raw = path.join(dir, "raw.mp4");
  try {
    await saveBody(res, raw, maxBytes);
    await remuxSilentFaststart(raw, output, ["-protocol_whitelist", "file"], maxBytes);
  } finally {
    await rm(raw, { force: true });
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
 * Keeps the first video stream only (every stored clip is silent) and moves the index up front.
 * `inputOptions` restrict how the input is read (protocols, timeouts); `maxBytes` caps the output.
 */
async function remuxSilentFaststart(input: string, output: string, inputOptions: string[], maxBytes: number): Promise<void> {
  await run(ffmpegPath(), [
    "-v", "error", "-xerror", "-y", ...inputOptions, "-i", input,
    "-map", "0:v:0", "-c:v", "copy", "-an", "-sn", "-dn", "-movflags", "+faststart", "-fs", String(maxBytes), output,
  ]);
}

/** A frame around 1 s (the middle of shorter clips), at most 640 px wide, as WebP. */
export async function videoThumbnail(video: string, durationSeconds: number, dir: string): Promise<Buffer> {
  const at = durationSeconds >= 2 ? 1 : Math.max(durationSeconds / 2, 0);
  const frame = path.join(dir, "frame.png");
  await run(ffmpegPath(), ["-v", "error", "-y", "-ss", at.toFixed(2), "-i", video, "-frames:v", "1", frame]);
  return sharp(await readFile(frame)).resize({ width: 640, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}
