// Finalisation's media path on real files. Fal's CDN is a server of this file serving an H.264 clip
// WITH an AAC track and its index (moov) at the end, as encoders write it: with byte ranges (ffmpeg
// reads the URL itself and remuxes while it downloads) or without (the clip is downloaded to a file
// first). Either way the stored clip is silent with its moov before its mdat. A source that breaks
// mid-download or is not a video fails the job and leaves no temporary folder behind; a source over
// MAX_VIDEO_BYTES fails the job at once (no retry would make it smaller).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { finalizeJob } from "@/_shared/core/generation/finalize";
import { createVideoJob, toJson } from "@/_shared/core/generation/jobs";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { restoreEnv, setEnv } from "../env";
import { newProject, newUser, type TestUser } from "../helpers";
import { probeStoredVideo, readStoredFile, storedImageMetadata, storedVideoTags } from "../media";

const COPY_FAILED = "Could not copy the generated video. Try again.";

/** The types of an MP4's top-level boxes, in file order. */
function topLevelBoxes(mp4: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= mp4.length; ) {
    const size32 = mp4.readUInt32BE(offset);
    const size = size32 === 1 ? Number(mp4.readBigUInt64BE(offset + 8)) : size32 === 0 ? mp4.length - offset : size32;
    types.push(mp4.toString("latin1", offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

const ffmpeg = () => (createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path: string }).path;

function runFfmpeg(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg(), ["-v", "error", "-y", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

/**
 * A 2 s 320x240 H.264 clip with a sine on AAC, moov at the end (ffmpeg's default); `bitrate` pads
 * the video (constant bitrate with filler) to make a clip larger than a few upload parts.
 */
async function makeClip(file: string, bitrate?: string): Promise<Buffer> {
  const args = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2"];
  args.push("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
  if (bitrate) args.push("-b:v", bitrate, "-minrate", bitrate, "-maxrate", bitrate, "-bufsize", bitrate, "-x264-params", "nal-hrd=cbr:filler=1");
  await runFfmpeg([...args, "-c:a", "aac", file]);
  return readFile(file);
}

/** The MD5 of a clip's video packets as stored: equal only when every frame survived the copy byte for byte. */
const videoPacketsMd5 = (file: string) => runFfmpeg(["-i", file, "-map", "0:v", "-c", "copy", "-f", "md5", "-"]);

type Mode = "ranged" | "plain" | "chunked" | "broken" | "broken-plain";

/**
 * Fal's CDN: /<mode>/<name> serves a body registered under <name>. `ranged` answers byte ranges;
 * `plain` ignores them and says no Accept-Ranges; `chunked` sends no Content-Length either; the
 * `broken` ones announce the whole length and cut the connection halfway through the body.
 */
async function startCdn(bodies: Map<string, Buffer>) {
  const ranges: string[] = [];
  const server = http.createServer((req, res) => {
    const [, mode, name] = (req.url ?? "").split("/") as [string, Mode, string];
    const body = bodies.get(name);
    if (!body) return res.writeHead(404, { "content-type": "application/json" }).end(`{"detail":"File not found"}`);
    const range = mode === "ranged" || mode === "broken" ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "") : null;
    if (range) ranges.push(req.headers.range!);
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    const part = body.subarray(start, end + 1);
    const headers: http.OutgoingHttpHeaders = { "content-type": "video/mp4" };
    if (mode !== "chunked") headers["content-length"] = String(part.length);
    if (mode === "ranged" || mode === "broken") headers["accept-ranges"] = "bytes";
    if (range) headers["content-range"] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    if (mode === "broken" || mode === "broken-plain") {
      // Half of what was announced, then the connection drops (a CDN node failing mid-transfer).
      res.write(part.subarray(0, Math.floor(part.length / 2)), () => res.destroy());
      return;
    }
    res.end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: (mode: Mode, name: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/${mode}/${name}`,
    ranges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let user: TestUser;
let projectId: string;
let cdn: Awaited<ReturnType<typeof startCdn>>;
let clip: Buffer;
/** The temporary folder of this file's finalisations (TMPDIR): empty whenever one has ended. */
let temp: string;
const bodies = new Map<string, Buffer>();

/** The sources' files, for comparing what was stored (outside the temporary folder watched). */
let sources: string;
const md5s = new Map<string, string>();

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), "better-ads-finalize-test-"));
  sources = await mkdtemp(path.join(tmpdir(), "better-ads-finalize-sources-"));
  clip = await makeClip(path.join(sources, "clip.mp4"));
  bodies.set("clip.mp4", clip);
  // About 20 MB: several upload parts, sent while ffmpeg writes them and after.
  bodies.set("large.mp4", await makeClip(path.join(sources, "large.mp4"), "80M"));
  for (const name of ["clip.mp4", "large.mp4"]) md5s.set(name, await videoPacketsMd5(path.join(sources, name)));
  // A file that is no video at all, the size of a small clip.
  bodies.set("corrupt.mp4", randomBytes(200_000));
  cdn = await startCdn(bodies);
  setEnv({ TMPDIR: temp });
  user = await newUser();
  projectId = await newProject(user, "Finalisation media");
});

afterAll(async () => {
  restoreEnv();
  await cdn?.close();
  await rm(temp, { recursive: true, force: true });
  await rm(sources, { recursive: true, force: true });
});

/** A b-roll whose Fal request finished with the video at `url`, as the webhook records it. */
async function finishedBRoll(url: string) {
  return prisma.$transaction(async (tx) => {
    const bRoll = await tx.bRoll.create({ data: { name: "Clip", prompt: "a cup", type: "text_to_video", userId: user.id, projectId } });
    const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: user.id, projectId, prompt: "a cup", options: { resolution: "480p", duration: 2 } });
    await tx.generationJob.update({
      where: { id: job.id },
      data: { status: "submitted", submittedAt: new Date(), outcomeAt: new Date(), output: toJson({ source: "webhook", ok: true, payload: { video: { url } } }) },
    });
    return { bRollId: bRoll.id, jobId: job.id };
  });
}

const jobOf = (jobId: string) => prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
const bRollOf = (bRollId: string) => prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } });

describe("finalisation media", () => {
  it("serves a source with audio and moov at the end (precondition of the tests below)", async () => {
    const boxes = topLevelBoxes(clip);
    expect(boxes.indexOf("mdat")).toBeLessThan(boxes.indexOf("moov"));
    const res = await fetch(cdn.url("plain", "clip.mp4"));
    expect(Buffer.from(await res.arrayBuffer()).equals(clip)).toBe(true);
  });

  it("tags the stored clip and its thumbnail as AI-generated, with the model, the date and the b-roll's id", async () => {
    const { bRollId, jobId } = await finishedBRoll(cdn.url("ranged", "clip.mp4"));
    const before = Date.now();
    await finalizeJob(jobId, { lastAttempt: true });
    const { model } = await jobOf(jobId);
    const parts = { userId: user.id, projectId, bRollId };
    const tags = await storedVideoTags(storageKeys.bRollVideo(parts));
    const disclosure = new RegExp(`^AI-generated by Better Ads; model: ${model.replace(/[./]/g, "\\$&")}; date: (\\S+); asset: ${bRollId}$`);
    expect(tags.comment).toMatch(disclosure);
    expect(tags.description).toBe(tags.comment);
    expect(Date.parse(disclosure.exec(tags.comment!)![1]!)).toBeGreaterThanOrEqual(before - 1000);
    const thumbnail = await storedImageMetadata(storageKeys.bRollThumbnail({ ...parts, ext: "webp" }));
    expect(thumbnail.format).toBe("webp");
    expect(thumbnail.exif).toContain(`AI-generated by Better Ads; model: ${model}; date: `);
    expect(thumbnail.exif).toContain(`; asset: ${bRollId}`);
    expect(thumbnail.xmp).toContain(`AI-generated by Better Ads; model: ${model}; date: `);
    expect(thumbnail.xmp).toContain("digitalsourcetype/trainedAlgorithmicMedia");
    // Still silent and +faststart: the tags came with the remux, not a second pass.
    const boxes = topLevelBoxes(await readStoredFile(storageKeys.bRollVideo(parts)));
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
  });

  for (const [mode, name] of [
    ["ranged", "clip.mp4"],
    ["plain", "clip.mp4"],
    ["chunked", "clip.mp4"],
    ["ranged", "large.mp4"],
    ["chunked", "large.mp4"],
  ] as const) {
    it(`stores ${name} silent with its moov before its mdat, every frame intact, and a thumbnail (${mode} source)`, async () => {
      const rangesBefore = cdn.ranges.length;
      const { bRollId, jobId } = await finishedBRoll(cdn.url(mode, name));
      await finalizeJob(jobId, { lastAttempt: true });

      expect(await jobOf(jobId)).toMatchObject({ status: "completed", error: null });
      const bRoll = await bRollOf(bRollId);
      expect(bRoll).toMatchObject({ status: "ready", width: 320, height: 240 });
      const parts = { userId: user.id, projectId, bRollId };
      const stored = await readStoredFile(storageKeys.bRollVideo(parts));
      const boxes = topLevelBoxes(stored);
      expect(boxes.indexOf("moov")).toBeGreaterThanOrEqual(0);
      expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
      const probed = await probeStoredVideo(storageKeys.bRollVideo(parts));
      expect(probed).toMatchObject({ hasAudio: false, videoCodec: "h264", width: 320, height: 240 });
      expect(probed.durationSeconds).toBeCloseTo(2, 0);
      const copy = path.join(sources, "stored.mp4");
      await writeFile(copy, stored);
      expect(await videoPacketsMd5(copy)).toBe(md5s.get(name));
      expect(await fileStorage.statFile(storageKeys.bRollThumbnail({ ...parts, ext: "webp" }))).toMatchObject({ contentType: "image/webp" });
      // With byte ranges, ffmpeg read the URL itself (seeking to the moov at the end); without, it never asked.
      if (mode === "ranged") expect(cdn.ranges.length).toBeGreaterThan(rangesBefore);
      else expect(cdn.ranges.length).toBe(rangesBefore);
      expect(await readdir(temp)).toEqual([]);
    });
  }

  for (const [mode, name] of [
    ["broken", "clip.mp4"],
    ["broken-plain", "clip.mp4"],
    ["ranged", "corrupt.mp4"],
    ["plain", "corrupt.mp4"],
  ] as const) {
    it(`fails the job and removes its temporary folder when the source ${name === "corrupt.mp4" ? "is not a video" : "breaks mid-download"} (${mode})`, async () => {
      const { bRollId, jobId } = await finishedBRoll(cdn.url(mode, name));
      await finalizeJob(jobId, { lastAttempt: true });

      expect(await jobOf(jobId)).toMatchObject({ status: "failed", errorCode: "copy_failed", error: COPY_FAILED });
      expect(await bRollOf(bRollId)).toMatchObject({ status: "failed", errorMessage: COPY_FAILED });
      expect(await fileStorage.statFile(storageKeys.bRollVideo({ userId: user.id, projectId, bRollId }))).toBeNull();
      expect(await readdir(temp)).toEqual([]);
    });
  }

  it("maps a source that is gone (404) to an expired result", async () => {
    const { jobId } = await finishedBRoll(cdn.url("ranged", "expired.mp4"));
    await finalizeJob(jobId, { lastAttempt: false });
    expect(await jobOf(jobId)).toMatchObject({ status: "failed", errorCode: "result_expired" });
    expect(await readdir(temp)).toEqual([]);
  });

  describe("over MAX_VIDEO_BYTES", () => {
    beforeAll(() => setEnv({ MAX_VIDEO_BYTES: String(Math.floor(clip.length / 2)) }));
    afterAll(() => setEnv({ MAX_VIDEO_BYTES: undefined }));

    for (const mode of ["ranged", "chunked"] as const) {
      it(`fails the job at once, not as a retry (${mode === "ranged" ? "announced size" : "no size announced: counted while downloading"})`, async () => {
        const { bRollId, jobId } = await finishedBRoll(cdn.url(mode, "clip.mp4"));
        // Not the last attempt: a transient failure would hand the job back and throw for the queue's retry.
        await finalizeJob(jobId, { lastAttempt: false });

        expect(await jobOf(jobId)).toMatchObject({ status: "failed", errorCode: "output_too_large" });
        expect((await bRollOf(bRollId)).errorMessage).toMatch(/larger than/);
        expect(await fileStorage.statFile(storageKeys.bRollVideo({ userId: user.id, projectId, bRollId }))).toBeNull();
        expect(await readdir(temp)).toEqual([]);
      });
    }
  });
});
