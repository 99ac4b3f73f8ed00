import sharp from "sharp";
import type { FalSimulatorControls } from "./controls";
import type { JsonObject } from "./http-util";
import type { ImageFormat, ImageSize } from "./media-image";

/**
 * FLUX's safety checker as the simulator plays it: while `nsfwNext` lasts, each picture is flagged
 * (`has_nsfw_concepts: true`) and replaced by a black one, unless the request turned the checker
 * off. `matchPrompt` narrows it like it narrows refusals.
 */
export function createSafetyChecker(controls: FalSimulatorControls, input: JsonObject): () => boolean {
  const prompt = typeof input.prompt === "string" ? input.prompt.toLowerCase() : "";
  const matches = controls.matchPrompt === undefined || prompt.includes(controls.matchPrompt.toLowerCase());
  return () => {
    if (input.enable_safety_checker === false || !matches || controls.nsfwNext <= 0) return false;
    controls.nsfwNext -= 1;
    return true;
  };
}

/** What the checker puts in place of a flagged picture: black, same size and format. */
export function renderBlackImage(size: ImageSize, format: ImageFormat): Promise<Buffer> {
  const image = sharp({ create: { width: size.width, height: size.height, channels: 3, background: { r: 0, g: 0, b: 0 } } });
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}
