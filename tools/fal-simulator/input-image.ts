import sharp from "sharp";
import { fail } from "./inputs";

const FETCH_TIMEOUT_MS = 15_000;
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export interface InputImage {
  /** Upright (EXIF-rotated) PNG bytes. */
  data: Buffer;
  width: number;
  height: number;
}

/** Fetches an image the way Fal's runners do: a plain unauthenticated GET (data: URIs work too). */
export async function loadInputImage(url: string, signal: AbortSignal, field = "image_url"): Promise<InputImage> {
  let bytes: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_IMAGE_BYTES) throw new Error("file too large");
  } catch (error) {
    fail(field, `Failed to download the file. Please check if the URL is accessible (${describe(error)})`, "file_download_error", url);
  }
  try {
    const { data, info } = await sharp(bytes).rotate().png().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    fail(field, `Unable to process the image: ${describe(error)}`, "image_load_error", url);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
