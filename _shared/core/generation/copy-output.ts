import "server-only";
// Fal's output into the bucket, the costly part of a finalisation. ffmpeg remuxes the clip silent
// while it downloads, into one temporary file; its index (moov) is then put up front (+faststart)
// as the file is streamed into the bucket in one PUT, while the clip is probed (once) and the
// thumbnail of a b-roll is cut and stored. Memory holds a stream's buffers, never the clip; the
// temporary folder (the remuxed clip and the thumbnail frame) is removed whatever happens.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { Disclosure } from "@/_shared/lib/ai-disclosure";
import { faststartLayout, probeVideo, remuxSilent, videoThumbnail, withTempDir } from "@/_shared/lib/video-files";
import { fileStorage } from "../file-storage.service";

export interface CopyTarget {
  videoKey: string;
  thumbnailKey?: string;
}

/** Uploads the remuxed `file` in its +faststart form: ftyp and the moov with its offsets moved, then the media data as written. */
export async function uploadFaststart(file: string, key: string): Promise<void> {
  const { head, bodyStart, bodyEnd } = await faststartLayout(file);
  async function* bytes() {
    yield head;
    if (bodyEnd > bodyStart) yield* createReadStream(file, { start: bodyStart, end: bodyEnd - 1 });
  }
  await fileStorage.uploadSizedStream(Readable.from(bytes(), { objectMode: false }), key, "video/mp4", head.length + bodyEnd - bodyStart);
}

/**
 * Copies the clip at `videoUrl` to `videoKey` (and a thumbnail to `thumbnailKey`), both tagged with
 * `disclosure`; returns what the resource shows.
 */
export async function copyOutput(videoUrl: string, target: CopyTarget, disclosure: Disclosure) {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "clean.mp4");
    await remuxSilent(videoUrl, file, dir, disclosure);
    // The probe and the thumbnail read the local file while the upload streams it; both are waited
    // for, failed or not, before the folder goes.
    const [probed, uploaded] = await Promise.allSettled([
      probeVideo(file).then(async (probed) => {
        if (target.thumbnailKey) await fileStorage.uploadFile(await videoThumbnail(file, probed.durationSeconds, dir, { ...disclosure, origin: "derived" }), target.thumbnailKey, "image/webp");
        return probed;
      }),
      uploadFaststart(file, target.videoKey),
    ]);
    if (uploaded.status === "rejected") {
      // A thumbnail without its clip must not stay behind.
      if (target.thumbnailKey && probed.status === "fulfilled") await fileStorage.deleteFile(target.thumbnailKey).catch(() => undefined);
      throw uploaded.reason;
    }
    if (probed.status === "rejected") throw probed.reason;
    const info = probed.value;
    const { size } = await stat(file);
    return { bytes: size, width: info.width, height: info.height, durationSeconds: Math.round(info.durationSeconds * 100) / 100 };
  });
}
