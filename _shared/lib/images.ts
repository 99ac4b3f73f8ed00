// Images as we store them: decoded to prove they are images (JPEG, PNG or WebP only), bounded in
// bytes and megapixels, metadata replaced by our AI disclosure, re-encoded by sharp, and size-capped
// for the web.
import sharp, { type Metadata } from "sharp";
import { withDisclosure, type Disclosure } from "./ai-disclosure";
import { ApiError } from "./errors";
import type { ImageExtension } from "./storage-keys";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_IMAGE_PIXELS = 40_000_000;
const MAX_STORED_SIDE = 2048;

const FORMATS: Record<string, { ext: ImageExtension; contentType: string }> = {
  jpeg: { ext: "jpg", contentType: "image/jpeg" },
  png: { ext: "png", contentType: "image/png" },
  webp: { ext: "webp", contentType: "image/webp" },
};

export interface NormalizedImage {
  buffer: Buffer;
  ext: ImageExtension;
  contentType: string;
  width: number;
  height: number;
}

/**
 * Validates by decoding and re-encodes an image with `disclosure` as its only metadata; throws
 * 413/415/422 ApiErrors a user can act on.
 */
export async function normalizeImage(input: Buffer, disclosure: Disclosure): Promise<NormalizedImage> {
  if (input.length > MAX_IMAGE_BYTES) throw new ApiError("payload_too_large", `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ApiError("unsupported_media_type", "The file is not an image we can read: send a JPEG, PNG or WebP");
  }
  const format = meta.format ? FORMATS[meta.format] : undefined;
  if (!format) throw new ApiError("unsupported_media_type", `Images must be JPEG, PNG or WebP (this one is ${meta.format ?? "unknown"})`);
  if (!meta.width || !meta.height) throw new ApiError("unsupported_media_type", "The image has no dimensions");
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new ApiError("payload_too_large", `The image has ${Math.round((meta.width * meta.height) / 1e6)} megapixels; at most 40 are accepted`);
  }
  try {
    // rotate() applies the EXIF orientation before the metadata (EXIF, GPS, ICC) is replaced.
    const pipeline = withDisclosure(sharp(input).rotate().resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: "inside", withoutEnlargement: true }), disclosure);
    const encoded = format.ext === "png" ? pipeline.png({ compressionLevel: 9 }) : format.ext === "webp" ? pipeline.webp({ quality: 90 }) : pipeline.jpeg({ quality: 90, mozjpeg: true });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { buffer: data, ext: format.ext, contentType: format.contentType, width: info.width, height: info.height };
  } catch {
    throw new ApiError("unprocessable", "The image could not be decoded (it may be truncated or corrupt)");
  }
}
