// Reads a stored video back from the bucket and probes it with ffprobe.
import { createWriteStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { probeVideo, withTempDir } from "@/_shared/lib/video-files";

export async function probeStoredVideo(key: string) {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "video.mp4");
    await pipeline(await fileStorage.getFileStream(key), createWriteStream(file));
    return probeVideo(file);
  });
}
