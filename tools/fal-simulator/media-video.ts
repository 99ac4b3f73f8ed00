import { spawn } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import ffmpegInstaller from "@ffmpeg-installer/ffmpeg";
import sharp from "sharp";
import type { InputImage } from "./input-image";
import { countFfmpegProcess, inMediaPool } from "./media-pool";

export const VIDEO_RESOLUTIONS = ["480p", "720p", "1080p"] as const;
export type VideoResolution = (typeof VIDEO_RESOLUTIONS)[number];
export const VIDEO_ASPECT_RATIOS = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] as const;

const FPS = 24;
const SHORT_SIDE: Record<VideoResolution, number> = { "480p": 480, "720p": 720, "1080p": 1080 };
/** The source image is fitted this much larger than the frame so the crop window can pan across it. */
const PAN_MARGIN = 1.12;

export interface VideoSize {
  width: number;
  height: number;
}

export interface VideoRenderJob {
  outPath: string;
  size: VideoSize;
  durationSeconds: number;
  audio: boolean;
  /** The still the clip pans across: the input image, or a generated picture for text-to-video. */
  image: InputImage;
  signal: AbortSignal;
}

/** The resolution names the short side; the aspect ratio sets the long one (H.264 wants even sides). */
export function resolveVideoSize(resolution: VideoResolution, aspect: number): VideoSize {
  const short = SHORT_SIDE[resolution];
  const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
  return aspect >= 1 ? { width: even(short * aspect), height: short } : { width: short, height: even(short / aspect) };
}

export function parseAspectRatio(ratio: string): number {
  const [w, h] = ratio.split(":").map(Number);
  return w / h;
}

/** A slow diagonal pan over a still: real motion, smooth frames, so x264 ultrafast stays fast and small. */
export function renderVideo(job: VideoRenderJob): Promise<void> {
  return inMediaPool(() => encodeVideo(job));
}

async function encodeVideo(job: VideoRenderJob): Promise<void> {
  const { width, height } = job.size;
  const duration = String(job.durationSeconds);
  const sourcePath = `${job.outPath}.source.png`;
  const [panWidth, panHeight] = [Math.ceil(width * PAN_MARGIN), Math.ceil(height * PAN_MARGIN)];
  await writeFile(sourcePath, await sharp(job.image.data).resize(panWidth, panHeight, { fit: "cover" }).png().toBuffer());
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"];
  args.push("-loop", "1", "-framerate", String(FPS), "-i", sourcePath);
  if (job.audio) args.push("-f", "lavfi", "-i", `sine=frequency=440:sample_rate=44100:duration=${duration}`);
  args.push("-vf", `crop=${width}:${height}:x='(iw-ow)*t/${duration}':y='(ih-oh)*t/${duration}',format=yuv420p`, "-map", "0:v");
  if (job.audio) args.push("-map", "1:a", "-c:a", "aac", "-b:a", "96k");
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-r", String(FPS));
  args.push("-t", duration, "-movflags", "+faststart", job.outPath);
  try {
    await runFfmpeg(args, job.signal);
  } finally {
    await rm(sourcePath, { force: true });
  }
}

function runFfmpeg(args: string[], signal: AbortSignal): Promise<void> {
  const binary = process.env.FFMPEG_PATH || ffmpegInstaller.path;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"], signal });
    const exited = countFfmpegProcess();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on("error", (error) => {
      exited();
      reject(error);
    });
    child.on("close", (code) => {
      exited();
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
    });
  });
}
