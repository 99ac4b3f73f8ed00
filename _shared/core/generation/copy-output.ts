import "server-only";
// Fal's output into the bucket, the costly part of a finalisation. ffmpeg remuxes the clip silent
// while it downloads, into a temporary file whose media data is uploaded in parts as it is written;
// once ffmpeg is done, the index (moov) is moved up front (+faststart) into the first part, sent
// last. The clip is probed once, and a b-roll's thumbnail is cut while the last parts go. Memory
// holds one part at a time; the temporary folder (the remuxed clip and the thumbnail frame) is
// removed whatever happens, and a failed copy aborts its upload.
import { stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { faststartLayout, probeVideo, readFileRange, remuxSilent, videoThumbnail, withTempDir } from "@/_shared/lib/video-files";
import { fileStorage } from "../file-storage.service";

export interface CopyTarget {
  videoKey: string;
  thumbnailKey?: string;
}

/** Parts of the upload: above S3's 5 MiB floor, small enough that one in memory costs little. */
const PART_BYTES = 8 * 1024 * 1024;
/** How often the growing file is looked at. */
const WATCH_MS = 50;

/** Where part `n` (from 2) starts in the remuxed file; part 1 is the moov and the bytes before this. */
const partStart = (n: number) => (n - 1) * PART_BYTES;

type Upload = Awaited<ReturnType<typeof fileStorage.startMultipartUpload>>;
interface Parts {
  upload: Upload | null;
  /** Parts 2 to next - 1 are sent (whole PART_BYTES of the file, as written). */
  next: number;
}

/**
 * Sends parts 2, 3... of `file` while ffmpeg writes it: a part goes once the file has grown past it
 * (ffmpeg writes the media data in order; it comes back only to the first bytes, part 1's). Returns
 * once `writing` has settled and every part then complete is sent.
 */
async function uploadWhileWritten(file: string, key: string, writing: Promise<void>, parts: Parts): Promise<void> {
  let finished = false;
  const ended = writing.then(
    () => (finished = true),
    () => (finished = true),
  );
  for (;;) {
    const last = finished;
    const { size } = await stat(file).catch(() => ({ size: 0 }));
    while (partStart(parts.next + 1) <= size) {
      parts.upload ??= await fileStorage.startMultipartUpload(key, "video/mp4");
      await parts.upload.uploadPart(parts.next, await readFileRange(file, partStart(parts.next), PART_BYTES));
      parts.next++;
    }
    if (last) return;
    await Promise.race([ended, sleep(WATCH_MS)]);
  }
}

/**
 * The stored clip in its +faststart form: part 1 (ftyp and moov, then the media data up to part 2)
 * and the parts the moov's arrival made wrong (sent while written, they ran into it) are sent now.
 */
async function finishUpload(file: string, key: string, parts: Parts): Promise<void> {
  const { head, bodyStart, bodyEnd } = await faststartLayout(file);
  if (bodyEnd <= partStart(2)) {
    // One part's worth: a plain PUT.
    await parts.upload?.abort();
    parts.upload = null;
    await fileStorage.uploadFile(Buffer.concat([head, await readFileRange(file, bodyStart, bodyEnd - bodyStart)]), key, "video/mp4");
    return;
  }
  const upload = (parts.upload ??= await fileStorage.startMultipartUpload(key, "video/mp4"));
  let last = 2;
  while (partStart(last + 1) < bodyEnd) last++;
  let first = 2;
  while (first < parts.next && partStart(first + 1) <= bodyEnd) first++;
  for (let n = first; n <= last; n++) {
    await upload.uploadPart(n, await readFileRange(file, partStart(n), Math.min(partStart(n + 1), bodyEnd) - partStart(n)));
  }
  await upload.uploadPart(1, Buffer.concat([head, await readFileRange(file, bodyStart, partStart(2) - bodyStart)]));
  await upload.complete(Array.from({ length: last }, (_, i) => i + 1));
}

/** Copies the clip at `videoUrl` to `videoKey` (and a thumbnail to `thumbnailKey`); returns what the resource shows. */
export async function copyOutput(videoUrl: string, target: CopyTarget) {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "clean.mp4");
    const stop = new AbortController();
    const writing = remuxSilent(videoUrl, file, dir, { signal: stop.signal });
    const parts: Parts = { upload: null, next: 2 };
    let uploadError: unknown = null;
    // A failed upload stops ffmpeg; a failed remux stops the uploads after the part in flight.
    const uploading = uploadWhileWritten(file, target.videoKey, writing, parts).catch((error: unknown) => {
      uploadError = error;
      stop.abort();
    });
    try {
      // A remux that failed by itself says why (its kind decides the job's fate: expired, too large);
      // one stopped because the upload failed gives way to the upload's error.
      await writing.catch((error: unknown) => Promise.reject(uploadError ?? error));
      await uploading;
      if (uploadError) throw uploadError;
      const info = await probeVideo(file);
      const [thumbnail] = await Promise.all([
        target.thumbnailKey ? videoThumbnail(file, info.durationSeconds, dir) : null,
        finishUpload(file, target.videoKey, parts),
      ]);
      if (target.thumbnailKey && thumbnail) await fileStorage.uploadFile(thumbnail, target.thumbnailKey, "image/webp");
      const { size } = await stat(file);
      return { bytes: size, width: info.width, height: info.height, durationSeconds: Math.round(info.durationSeconds * 100) / 100 };
    } catch (error) {
      await uploading;
      await parts.upload?.abort().catch(() => undefined);
      throw error;
    }
  });
}
