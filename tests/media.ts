// Objects in the bucket: real images put where the app looks for them, and stored files read back
// (bytes, or a video probed with ffprobe).
import { createWriteStream } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { ffprobePath, probeVideo, run, withTempDir } from "@/_shared/lib/video-files";
import { NextRequest } from "next/server";
import * as upload from "@/app/api/images/upload/route";
import type { TestUser } from "./helpers";

/** A photo uploaded through POST /api/images/upload into `sessionId` (a TempImage `uploaded`); returns its media URL. */
export async function uploadedPhoto(user: TestUser, sessionId: string): Promise<string> {
  const photo = await sharp({ create: { width: 640, height: 800, channels: 3, background: "#a86" } }).jpeg().toBuffer();
  const form = new FormData();
  form.set("sessionId", sessionId);
  form.set("file", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "face.jpg");
  const req = new NextRequest("http://localhost:3000/api/images/upload", { method: "POST", body: form, headers: { cookie: `next-auth.session-token=${user.token}` } });
  const res = await upload.POST(req, { params: Promise.resolve({}) });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { imageUrl: string }).imageUrl;
}

/** A plain JPEG (512×768 unless told) stored at `key`; returns its media URL. */
export async function storeJpeg(key: string, { width = 512, height = 768 } = {}) {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: "#c86" } }).jpeg().toBuffer();
  return fileStorage.uploadFile(jpeg, key, "image/jpeg");
}

/** A JPEG in the owner's temporary session (as if generated or uploaded there); returns its media URL. */
export function tempImage(owner: TestUser, imageId = "img1", { sessionId = "s1", width = 512, height = 768 } = {}) {
  return storeJpeg(storageKeys.tempImage({ userId: owner.id, sessionId, imageId, ext: "jpg" }), { width, height });
}

/** A stream read to its end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The bytes of a stored object. */
export async function readStoredFile(key: string): Promise<Buffer> {
  return readAll(await fileStorage.getFileStream(key));
}

/** Reads a stored video back from the bucket and probes it with ffprobe. */
export async function probeStoredVideo(key: string) {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "video.mp4");
    await pipeline(await fileStorage.getFileStream(key), createWriteStream(file));
    return probeVideo(file);
  });
}

/** The container tags (comment, description, encoder...) of a stored video, as ffprobe reads them. */
export async function storedVideoTags(key: string): Promise<Record<string, string>> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "video.mp4");
    await pipeline(await fileStorage.getFileStream(key), createWriteStream(file));
    const out = await run(ffprobePath(), ["-v", "error", "-show_entries", "format_tags", "-of", "json", file]);
    return (JSON.parse(out) as { format?: { tags?: Record<string, string> } }).format?.tags ?? {};
  });
}

/**
 * What a stored picture says of itself, as sharp reads it: its EXIF (ImageDescription and Software
 * are stored as ASCII, so they read back as text in the EXIF block) and its XMP packet.
 */
export async function storedImageMetadata(key: string): Promise<{ format: string | undefined; exif: string; xmp: string }> {
  const meta = await sharp(await readStoredFile(key)).metadata();
  return { format: meta.format, exif: meta.exif?.toString("latin1") ?? "", xmp: meta.xmpAsString ?? meta.xmp?.toString("utf8") ?? "" };
}
