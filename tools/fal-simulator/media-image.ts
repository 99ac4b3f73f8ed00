import { createHash } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { isJsonObject } from "./http-util";
import type { InputImage } from "./input-image";
import { fail } from "./inputs";
import { inMediaPool } from "./media-pool";

export type ImageFormat = "jpeg" | "png";

export interface ImageSize {
  width: number;
  height: number;
}

const IMAGE_SIZE_PRESETS: Record<string, ImageSize> = {
  square_hd: { width: 1024, height: 1024 },
  square: { width: 512, height: 512 },
  portrait_4_3: { width: 768, height: 1024 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  landscape_16_9: { width: 1024, height: 576 },
};

const MAX_SIDE = 4096;
/** Edits of large inputs come back near one megapixel, like Kontext's. */
const EDIT_MAX_PIXELS = 2 * 1024 * 1024;
const EDIT_TARGET_PIXELS = 1024 * 1024;

export function resolveImageSize(value: unknown, fallback: ImageSize): ImageSize {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string") {
    const preset = IMAGE_SIZE_PRESETS[value];
    if (!preset) fail("image_size", `Input should be ${Object.keys(IMAGE_SIZE_PRESETS).join(", ")} or {width, height}`, "enum", value);
    return preset;
  }
  if (isJsonObject(value)) {
    const { width, height } = value;
    if (isSide(width) && isSide(height)) return { width, height };
  }
  return fail("image_size", `width and height must be integers between 1 and ${MAX_SIDE}`, "value_error", value);
}

function isSide(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_SIDE;
}

/** Size of an edit: the input's own size, or the requested aspect ratio at about one megapixel. */
export function resolveEditSize(image: InputImage, aspectRatio: string | undefined): ImageSize {
  if (aspectRatio !== undefined) {
    const match = /^(\d+):(\d+)$/.exec(aspectRatio);
    if (!match) fail("aspect_ratio", "Input should look like '16:9'", "value_error", aspectRatio);
    return sizeForArea(Number(match[1]) / Number(match[2]), EDIT_TARGET_PIXELS);
  }
  if (image.width * image.height <= EDIT_MAX_PIXELS) return { width: image.width, height: image.height };
  return sizeForArea(image.width / image.height, EDIT_TARGET_PIXELS);
}

function sizeForArea(aspect: number, area: number): ImageSize {
  const roundTo16 = (n: number): number => Math.max(16, Math.round(n / 16) * 16);
  return { width: roundTo16(Math.sqrt(area * aspect)), height: roundTo16(Math.sqrt(area / aspect)) };
}

export function hashSeed(prompt: string, seed: number): Buffer {
  return createHash("sha256").update(`${seed}\n${prompt}`).digest();
}

/** A gradient with three discs, all derived from the hash: same prompt and seed, same picture. */
export function renderGeneratedImage(size: ImageSize, hash: Buffer, format: ImageFormat): Promise<Buffer> {
  return inMediaPool(() => paintGeneratedImage(size, hash, format));
}

async function paintGeneratedImage(size: ImageSize, hash: Buffer, format: ImageFormat): Promise<Buffer> {
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * 3);
  const from = [hash[0], hash[1], hash[2]];
  const to = [hash[3], hash[4], hash[5]];
  const angle = (hash[6] / 255) * 2 * Math.PI;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const discs = [0, 1, 2].map((i) => ({
    cx: (hash[7 + i * 4] / 255) * width,
    cy: (hash[8 + i * 4] / 255) * height,
    r: (0.08 + (hash[9 + i * 4] / 255) * 0.25) * Math.min(width, height),
    color: [hash[20 + i * 3], hash[21 + i * 3], hash[22 + i * 3]],
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, (x / width - 0.5) * dx + (y / height - 0.5) * dy + 0.5));
      let r = from[0] + (to[0] - from[0]) * t;
      let g = from[1] + (to[1] - from[1]) * t;
      let b = from[2] + (to[2] - from[2]) * t;
      for (const disc of discs) {
        if ((x - disc.cx) ** 2 + (y - disc.cy) ** 2 <= disc.r ** 2) {
          r = r * 0.35 + disc.color[0] * 0.65;
          g = g * 0.35 + disc.color[1] * 0.65;
          b = b * 0.35 + disc.color[2] * 0.65;
        }
      }
      const offset = (y * width + x) * 3;
      pixels[offset] = r;
      pixels[offset + 1] = g;
      pixels[offset + 2] = b;
    }
  }
  return encode(sharp(pixels, { raw: { width, height, channels: 3 } }), format);
}

/** Keeps the input recognisable (it is the "person" being edited) while visibly changing it. */
export function renderEditedImage(image: InputImage, size: ImageSize, hash: Buffer, format: ImageFormat): Promise<Buffer> {
  const pipeline = sharp(image.data)
    .resize(size.width, size.height, { fit: "cover" })
    .modulate({ hue: 30 + (hash[0] % 300), saturation: 0.8 + hash[1] / 255, brightness: 0.9 + hash[2] / 1275 });
  return inMediaPool(() => encode(pipeline, format));
}

function encode(pipeline: Sharp, format: ImageFormat): Promise<Buffer> {
  return format === "png" ? pipeline.png().toBuffer() : pipeline.flatten().jpeg({ quality: 85 }).toBuffer();
}
