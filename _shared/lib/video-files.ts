// Media plumbing on files, never whole videos in memory: download a URL to a temporary file, strip
// audio and remux with +faststart (ffmpeg), probe (ffprobe), and cut a thumbnail (ffmpeg + sharp).
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
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

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(binary)} exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`)),
    );
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

/** Streams a URL into a file, refusing bodies larger than `maxBytes`; returns the byte count. */
/** A download answered with an HTTP error (a 404 or 410 from Fal's CDN: the file expired). */
export class DownloadHttpError extends Error {
  constructor(readonly status: number) {
    super(`download failed with HTTP ${status}`);
    this.name = "DownloadHttpError";
  }
}

export async function downloadToFile(url: string, file: string, maxBytes = getEnv().MAX_VIDEO_BYTES): Promise<number> {
  const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  if (!res.ok || !res.body) throw new DownloadHttpError(res.status);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new Error(`download larger than ${maxBytes} bytes`) : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), limit, createWriteStream(file));
  return bytes;
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

/** Keeps the first video stream only (every stored clip is silent) and moves the index up front. */
export async function remuxSilentFaststart(input: string, output: string): Promise<void> {
  await run(ffmpegPath(), ["-v", "error", "-y", "-i", input, "-map", "0:v:0", "-c:v", "copy", "-an", "-sn", "-dn", "-movflags", "+faststart", output]);
}

/** A frame around 1 s (the middle of shorter clips), at most 640 px wide, as WebP. */
export async function videoThumbnail(video: string, durationSeconds: number, dir: string): Promise<Buffer> {
  const at = durationSeconds >= 2 ? 1 : Math.max(durationSeconds / 2, 0);
  const frame = path.join(dir, "frame.png");
  await run(ffmpegPath(), ["-v", "error", "-y", "-ss", at.toFixed(2), "-i", video, "-frames:v", "1", frame]);
  return sharp(await readFile(frame)).resize({ width: 640, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}
