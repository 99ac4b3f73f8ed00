import { copyFile, stat } from "node:fs/promises";
import type { AudioMode, ForcedOutcome } from "./controls";
import type { JsonObject } from "./http-util";
import { loadInputImage } from "./input-image";
import {
  errorDocUrl,
  fail,
  readEnum,
  readIntInRange,
  readOptionalBoolean,
  readOptionalString,
  readPrompt,
  readRequiredUrl,
  readSeed,
  type ErrorDetail,
} from "./inputs";
import { hashSeed, renderEditedImage, renderGeneratedImage, resolveEditSize, resolveImageSize, type ImageSize } from "./media-image";
import type { MediaStore } from "./media-store";
import { VIDEO_ASPECT_RATIOS, VIDEO_RESOLUTIONS, parseAspectRatio, renderVideo, resolveVideoSize } from "./media-video";
import { isKlingModel, runKlingModel } from "./model-kling";
import { renderBlackImage } from "./safety";

export type ModelKind = "text-to-image" | "image-edit" | "image-to-video" | "text-to-video";

export interface ModelContext {
  requestId: string;
  /** The full model id the request was submitted to (models with their own input schema: model-kling.ts). */
  modelId?: string;
  store: MediaStore;
  audio: AudioMode;
  signal: AbortSignal;
  /** FLUX's safety checker: true when the next picture is flagged (safety.ts). */
  flagImage?: () => boolean;
  /**
   * With the `reuseMedia` control: one rendered clip per size, duration and audio, copied for every
   * request that asks for the same (benches, where the simulator's own ffmpeg must not compete with
   * the app's for the machine). Values: the rendered file's path.
   */
  clipCache?: Map<string, Promise<string>>;
}

const FLUX_DEFAULT_SIZE: ImageSize = { width: 1024, height: 768 };
const REFUSAL_MSG = "The content could not be processed because it contained material flagged by a content checker.";

/** Fal answers 404 on submit for apps it does not host; the simulator hosts Flux and video models. */
export function isKnownModel(modelId: string): boolean {
  return modelId.includes("flux") || modelId.includes("video");
}

export function resolveModelKind(modelId: string, input: JsonObject): ModelKind {
  const hasImage = input.image_url !== undefined;
  if (modelId.includes("video")) {
    if (modelId.includes("text-to-video")) return "text-to-video";
    return modelId.includes("image-to-video") || hasImage ? "image-to-video" : "text-to-video";
  }
  return hasImage || modelId.includes("kontext") || modelId.includes("image-to-image") ? "image-edit" : "text-to-image";
}

export function buildForcedDetail(outcome: Exclude<ForcedOutcome, null | "server_error" | "internal_error">, kind: ModelKind): ErrorDetail[] {
  if (outcome === "invalid") {
    return [{ loc: ["body", "prompt"], msg: "Simulated validation error (invalidNext)", type: "value_error", url: errorDocUrl("value_error") }];
  }
  const field = kind === "text-to-image" || kind === "text-to-video" ? "prompt" : "image_url";
  const url = errorDocUrl("content_policy_violation");
  if (kind !== "image-to-video") return [{ loc: ["body", field], msg: REFUSAL_MSG, type: "content_policy_violation", url }];
  return [
    {
      loc: ["body", field],
      msg: `${REFUSAL_MSG} Partner validation failed (partner_validation_failed): the image may contain a real person's likeness.`,
      type: "content_policy_violation",
      url,
      ctx: { reason: "partner_validation_failed" },
    },
  ];
}

export function runModel(kind: ModelKind, input: JsonObject, ctx: ModelContext): Promise<JsonObject> {
  return kind === "text-to-image" || kind === "image-edit" ? runImageModel(kind, input, ctx) : runVideoModel(kind, input, ctx);
}

async function runImageModel(kind: ModelKind, input: JsonObject, ctx: ModelContext): Promise<JsonObject> {
  const startedAt = performance.now();
  const prompt = readPrompt(input);
  const seed = readSeed(input);
  const count = readIntInRange(input, "num_images", 1, 4, 1);
  const format = readEnum(input, "output_format", ["jpeg", "png"], "jpeg");
  const image = kind === "image-edit" ? await loadInputImage(readRequiredUrl(input, "image_url"), ctx.signal) : undefined;
  const size = image
    ? resolveEditSize(image, readOptionalString(input, "aspect_ratio"))
    : resolveImageSize(input.image_size, FLUX_DEFAULT_SIZE);
  const contentType = `image/${format}`;
  const images: JsonObject[] = [];
  const flags: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const hash = hashSeed(prompt, seed + i);
    const flagged = ctx.flagImage?.() ?? false;
    const bytes = flagged
      ? await renderBlackImage(size, format)
      : image
        ? await renderEditedImage(image, size, hash, format)
        : await renderGeneratedImage(size, hash, format);
    const fileName = `image-${i}.${format === "png" ? "png" : "jpg"}`;
    const url = await ctx.store.save(`outputs/${ctx.requestId}/${fileName}`, bytes, contentType);
    images.push({ url, width: size.width, height: size.height, content_type: contentType, file_name: fileName, file_size: bytes.length });
    flags.push(flagged);
  }
  const timings = { inference: (performance.now() - startedAt) / 1000 };
  return { images, seed, has_nsfw_concepts: flags, prompt, timings };
}

async function runVideoModel(kind: ModelKind, input: JsonObject, ctx: ModelContext): Promise<JsonObject> {
  if (kind === "image-to-video" && ctx.modelId && isKlingModel(ctx.modelId)) return runKlingModel(input, ctx);
  const prompt = readPrompt(input);
  const seed = readSeed(input);
  const resolution = readEnum(input, "resolution", VIDEO_RESOLUTIONS, "720p");
  const durationSeconds = readDuration(input);
  const generateAudio = readOptionalBoolean(input, "generate_audio");
  const aspectOptions = kind === "image-to-video" ? [...VIDEO_ASPECT_RATIOS, "auto"] : [...VIDEO_ASPECT_RATIOS];
  const aspectRatio = readEnum(input, "aspect_ratio", aspectOptions, kind === "image-to-video" ? "auto" : "16:9");
  const inputImage = kind === "image-to-video" ? await loadInputImage(readRequiredUrl(input, "image_url"), ctx.signal) : undefined;
  const aspect = inputImage && aspectRatio === "auto" ? inputImage.width / inputImage.height : parseAspectRatio(aspectRatio);
  const size = resolveVideoSize(resolution, aspect);
  const key = `outputs/${ctx.requestId}/video.mp4`;
  const outPath = await ctx.store.prepare(key);
  const audio = ctx.audio === "always" || (ctx.audio === "auto" && generateAudio !== false);
  const render = async (path: string) => {
    const image = inputImage ?? { data: await renderGeneratedImage(size, hashSeed(prompt, seed), "png"), ...size };
    await renderVideo({ outPath: path, size, durationSeconds, audio, image, signal: ctx.signal });
  };
  if (ctx.clipCache && !inputImage) await copyFile(await cachedClip(ctx, `${size.width}x${size.height}-${durationSeconds}s-${audio}`, render), outPath);
  else await render(outPath);
  const url = ctx.store.publish(key, "video/mp4");
  const { size: fileSize } = await stat(outPath);
  return { video: { url, content_type: "video/mp4", file_name: "video.mp4", file_size: fileSize }, seed };
}

/** The clip rendered once for `variant` (a failed render is forgotten, so the next request tries again). */
function cachedClip(ctx: ModelContext, variant: string, render: (path: string) => Promise<void>): Promise<string> {
  const cache = ctx.clipCache as Map<string, Promise<string>>;
  let clip = cache.get(variant);
  if (!clip) {
    clip = ctx.store.prepare(`reused/${variant}.mp4`).then(async (path) => {
      await render(path);
      return path;
    });
    clip.catch(() => cache.delete(variant));
    cache.set(variant, clip);
  }
  return clip;
}

/** Seedance takes the duration as a string ("2".."12"); numbers are accepted too. */
function readDuration(input: JsonObject): number {
  const value = input.duration;
  if (value === undefined || value === null) return 5;
  const seconds = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 2 || seconds > 12) {
    fail("duration", "Input should be '2' to '12' (seconds)", "enum", value);
  }
  return seconds;
}
