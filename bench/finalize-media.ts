// Helpers of `npm run bench:finalize`: the source clips (made once with ffmpeg, then cached), and a
// sampler of what a finalisation costs besides time: the Node process's RSS, the peak RSS of its
// child processes (ffmpeg, ffprobe: separate processes, not in Node's RSS) and the temporary disk.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, readFile, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * A silent-stripping test: H.264 (testsrc2, 720p30, constant bitrate with filler so the size is what
 * was asked) WITH an AAC track, moov at the end as encoders write by default. Cached in `dir`.
 */
function ffmpegRun(ffmpeg: string, args: string[], what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not ${what} (exit ${code})`))));
  });
}

/** The reference's thumbnail: one frame at 1 s, read by ffmpeg from the URL, as PNG in `dir`. */
export async function referenceThumbnail(ffmpeg: string, url: string, dir: string): Promise<void> {
  const frame = path.join(dir, `reference-${process.hrtime.bigint()}.png`);
  await ffmpegRun(ffmpeg, ["-v", "error", "-y", "-ss", "1", "-i", url, "-frames:v", "1", frame], "cut the reference thumbnail");
  await rm(frame, { force: true });
}

export async function ensureSource(ffmpeg: string, dir: string, megabytes: number): Promise<string> {
  const file = path.join(dir, `finalize-${megabytes}MB.mp4`);
  if (existsSync(file)) return file;
  const seconds = megabytes <= 10 ? 2 : megabytes <= 60 ? 10 : 20;
  const bitrate = Math.round((megabytes * 1024 * 1024 * 8) / seconds);
  const partial = `${file}.partial.mp4`;
  const args = [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", String(seconds), "-map", "0:v", "-map", "1:a",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
    "-b:v", String(bitrate), "-minrate", String(bitrate), "-maxrate", String(bitrate), "-bufsize", String(bitrate / 4),
    "-x264-params", "nal-hrd=cbr:filler=1",
    "-c:a", "aac", "-b:a", "128k", partial,
  ];
  await ffmpegRun(ffmpeg, args, `make the ${megabytes} MB source`);
  await rename(partial, file);
  return file;
}

/** Bytes under `dir` (0 when it does not exist, or vanishes while walked). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else total += (await lstat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/** Peak RSS (VmHWM) of each child process of this one, as last seen. */
async function childPeaks(peaks: Map<number, number>): Promise<void> {
  const children = await readFile(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").catch(() => "");
  for (const pid of children.split(/\s+/).filter(Boolean)) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status);
    if (kb) peaks.set(Number(pid), Math.max(peaks.get(Number(pid)) ?? 0, Number(kb[1]) * 1024));
  }
}

export interface Sample {
  /** Peak of (RSS - RSS just before), bytes. */
  rssGrowth: number;
  /** The largest peak RSS of one child process, bytes (0 when none was seen). */
  childPeak: number;
  /** Peak bytes in the temporary folder. */
  tempPeak: number;
}

/** Samples every ~20 ms from now until `stop()`. */
export function startSampler(tempDir: string) {
  const baseline = process.memoryUsage().rss;
  const result: Sample = { rssGrowth: 0, childPeak: 0, tempPeak: 0 };
  const peaks = new Map<number, number>();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      result.rssGrowth = Math.max(result.rssGrowth, process.memoryUsage().rss - baseline);
      result.tempPeak = Math.max(result.tempPeak, await folderBytes(tempDir));
      await childPeaks(peaks);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 20);
  return {
    async stop(): Promise<Sample> {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 5));
      await tick();
      return { ...result, childPeak: Math.max(0, ...peaks.values()) };
    },
  };
}
