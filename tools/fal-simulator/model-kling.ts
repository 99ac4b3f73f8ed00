import { stat } from "node:fs/promises";
import type { JsonObject } from "./http-util";
import { loadInputImage } from "./input-image";
import { fail, readEnum, readOptionalString, readPrompt, readRequiredUrl } from "./inputs";
import { renderVideo, resolveVideoSize } from "./media-video";
import type { MediaStore } from "./media-store";

/** What a run needs of the model context (models.ts), kept here so the two modules do not import each other. */
interface KlingContext {
  requestId: string;
  store: MediaStore;
  signal: AbortSignal;
}

/** Kling's image-to-video endpoints (`fal-ai/kling-video/<version>/<tier>/image-to-video`). */
export const isKlingModel = (modelId: string) => modelId.includes("kling-video/");

/** `cfg_scale`: a float from 0 to 1, default 0.5 (integers pass, as Fal's float fields take them). */
function readCfgScale(input: JsonObject): number {
  const value = input.cfg_scale;
  if (value === undefined || value === null) return 0.5;
  if (typeof value !== "number") fail("cfg_scale", "Input should be a valid number", "float_type", value);
  if (value < 0 || value > 1) fail("cfg_scale", "Input should be less than or equal to 1", value < 0 ? "greater_than_equal" : "less_than_equal", value, value < 0 ? { ge: 0 } : { le: 1 });
  return value;
}

/**
 * Kling 2.1 image-to-video, validated as Fal's page describes it: `prompt` and `image_url` required,
 * `duration` the string "5" or "10" (Fal's DurationEnum; a number is refused), `negative_prompt` a
 * string, `cfg_scale` 0-1. No aspect ratio (the clip follows the picture), no resolution (720p), no
 * seed, and no sound: the clip never has an audio track whatever the `audio` control says.
 */
export async function runKlingModel(input: JsonObject, ctx: KlingContext): Promise<JsonObject> {
  readPrompt(input);
  const duration = readEnum(input, "duration", ["5", "10"], "5");
  readOptionalString(input, "negative_prompt");
  readCfgScale(input);
  const image = await loadInputImage(readRequiredUrl(input, "image_url"), ctx.signal);
  const size = resolveVideoSize("720p", image.width / image.height);
  const key = `outputs/${ctx.requestId}/video.mp4`;
  const outPath = await ctx.store.prepare(key);
  await renderVideo({ outPath, size, durationSeconds: Number(duration), audio: false, image, signal: ctx.signal });
  const url = ctx.store.publish(key, "video/mp4");
  const { size: fileSize } = await stat(outPath);
  return { video: { url, content_type: "video/mp4", file_name: "output.mp4", file_size: fileSize } };
}
