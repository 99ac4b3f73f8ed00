// The model registry: one entry per role (text-to-image, image-edit, image-to-video, text-to-video).
// Each maps our options to that model's input fields and prices it from the one price table
// (fal-price-table.ts, with FAL_PRICE_OVERRIDES applied). Model ids come from the environment; an id
// with no price never gets this far (the environment is refused at boot). See docs/pricing.md.
import "server-only";
import {
  IMAGE_ASPECT_RATIOS,
  IMAGE_DEFAULTS,
  VIDEO_DEFAULTS,
  type GenerationKind,
  type ImageOptions,
  type VideoKind,
  type VideoOptions,
  type VideoResolution,
} from "@/_shared/schemas/generation-options";
import { getEnv } from "./env";
import type { ErrorDetail } from "./errors";
import { MODEL_ENV_VARS, MODEL_TABLE, pricedFrame, type ModelPrice, type PriceOverride, type VideoLimits } from "./fal-price-table";

/** The size Fal renders for each of our aspect ratios (FLUX `image_size` presets). */
export const IMAGE_SIZES: Record<(typeof IMAGE_ASPECT_RATIOS)[number], { preset: string; width: number; height: number }> = {
  "1:1": { preset: "square_hd", width: 1024, height: 1024 },
  "3:4": { preset: "portrait_4_3", width: 768, height: 1024 },
  "9:16": { preset: "portrait_16_9", width: 576, height: 1024 },
  "4:3": { preset: "landscape_4_3", width: 1024, height: 768 },
  "16:9": { preset: "landscape_16_9", width: 1024, height: 576 },
};

export function modelId(role: GenerationKind): string {
  return getEnv()[MODEL_ENV_VARS[role]];
}

interface ActiveModel {
  id: string;
  price: ModelPrice;
  video?: VideoLimits & { audioSwitch: boolean };
}

/** Models outside the table that make sound unless told not to (a guess by id; every stored clip is silenced anyway). */
const soundsByDefault = (id: string) => id.includes("v1.5") || /seedance[-/]v?2/.test(id);

/** The price part of an override (its `source` is documentation for whoever reads the variable). */
function overridePrice(override: PriceOverride): ModelPrice {
  switch (override.unit) {
    case "megapixel":
      return { unit: "megapixel", pricePerMegapixel: override.pricePerMegapixel, pixelsPerMegapixel: override.pixelsPerMegapixel };
    case "image":
      return { unit: "image", pricePerImage: override.pricePerImage };
    case "video_token":
      return { unit: "video_token", pricePerMillionTokens: override.pricePerMillionTokens };
  }
}

/** The configured model of a role with its price: an override of FAL_PRICE_OVERRIDES, else the table's. */
function activeModel(role: GenerationKind): ActiveModel {
  const id = modelId(role);
  const known = MODEL_TABLE[id];
  const override = getEnv().FAL_PRICE_OVERRIDES[id];
  // The environment was checked at boot (env-schema.ts): a model without a price cannot reach this point.
  if (!override && known?.role !== role) throw new Error(`${MODEL_ENV_VARS[role]} "${id}" has no price`);
  if (!override) return { id, price: known.price, ...(known.video ? { video: known.video } : {}) };
  if (override.unit !== "video_token") return { id, price: overridePrice(override) };
  const durations = override.durations ?? known?.video?.durations;
  const resolutions = override.resolutions ?? known?.video?.resolutions;
  if (!durations || !resolutions) throw new Error(`FAL_PRICE_OVERRIDES["${id}"] lacks durations or resolutions`);
  return { id, price: overridePrice(override), video: { durations, resolutions, audioSwitch: known?.video?.audioSwitch ?? soundsByDefault(id) } };
}

/** What the configured model of a video role accepts where models differ. */
export function videoLimits(kind: VideoKind): VideoLimits & { durationList: number[] } {
  const { video } = activeModel(kind);
  if (!video) throw new Error(`The ${kind} model has no video limits`);
  const { durations, resolutions } = video;
  const durationList = Array.from({ length: durations.max - durations.min + 1 }, (_, i) => durations.min + i);
  return { durations, resolutions, durationList };
}

/**
 * The options (defaults applied) the configured model would refuse, one detail per field naming the
 * allowed values: the static schemas accept what any of our models takes, this narrows it to the one
 * configured (e.g. Seedance 1.5 takes 4-12 s where 1.0 takes 2-12 s).
 */
export function videoOptionProblems(kind: VideoKind, options: VideoOptions): ErrorDetail[] {
  const { durations, resolutions } = videoLimits(kind);
  const duration = options.duration ?? VIDEO_DEFAULTS.duration;
  const resolution = options.resolution ?? VIDEO_DEFAULTS.resolution;
  const problems: ErrorDetail[] = [];
  if (duration < durations.min || duration > durations.max) {
    problems.push({ path: "duration", message: `duration must be between ${durations.min} and ${durations.max} seconds with the current ${kind} model` });
  }
  if (!resolutions.includes(resolution)) {
    problems.push({ path: "resolution", message: `resolution must be one of ${resolutions.join(", ")} with the current ${kind} model` });
  }
  return problems;
}

export function textToImageInput(prompt: string, options: ImageOptions) {
  const size = IMAGE_SIZES[options.aspectRatio ?? IMAGE_DEFAULTS.aspectRatio];
  return {
    prompt,
    image_size: size.preset,
    num_inference_steps: 28,
    guidance_scale: 3.5,
    num_images: options.numImages ?? 1,
    enable_safety_checker: true,
    output_format: "jpeg",
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
}

export function imageEditInput(imageUrl: string, prompt: string, options: ImageOptions) {
  return {
    prompt,
    image_url: imageUrl,
    guidance_scale: 3.5,
    num_images: options.numImages ?? 1,
    output_format: "jpeg",
    safety_tolerance: "2",
    ...(options.aspectRatio ? { aspect_ratio: options.aspectRatio } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
}

/** The aspect ratio a clip is made (and priced) at: Seedance v1 text-to-video has no "auto". */
function videoAspect(role: VideoKind, aspectRatio: VideoOptions["aspectRatio"]) {
  const aspect = aspectRatio ?? VIDEO_DEFAULTS.aspectRatio;
  return role === "text-to-video" && aspect === "auto" ? VIDEO_DEFAULTS.aspectRatio : aspect;
}

export function videoInput(role: VideoKind, prompt: string, options: VideoOptions, imageUrl?: string) {
  const { video } = activeModel(role);
  return {
    prompt,
    ...(imageUrl ? { image_url: imageUrl } : {}),
    aspect_ratio: videoAspect(role, options.aspectRatio),
    resolution: options.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: String(options.duration ?? VIDEO_DEFAULTS.duration),
    camera_fixed: options.cameraFixed ?? false,
    enable_safety_checker: true,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    // Every clip we store is silent; models with sound also bill it (Seedance 1.5: twice the rate).
    ...(video?.audioSwitch ? { generate_audio: false } : {}),
  };
}

export type PriceOptions = { aspectRatio?: string; numImages?: number; resolution?: VideoResolution; duration?: number };

/** How a price was reached: the inputs of the model's formula, with the defaults applied. */
export type PriceBasis =
  | {
      unit: "megapixel";
      aspectRatio: string;
      width: number;
      height: number;
      /** Billed megapixels of one image: width x height / pixelsPerMegapixel, rounded up. */
      megapixels: number;
      pixelsPerMegapixel: number;
      pricePerMegapixel: number;
      numImages: number;
      formula: string;
    }
  | { unit: "image"; pricePerImage: number; numImages: number; formula: string }
  | {
      unit: "video_token";
      aspectRatio: string;
      resolution: string;
      width: number;
      height: number;
      durationSeconds: number;
      framesPerSecond: number;
      /** framesPerSecond × durationSeconds + 1: the model renders a first frame, then 24 per second. */
      frames: number;
      tokens: number;
      pricePerMillionTokens: number;
      formula: string;
    };

const VIDEO_TOKEN_FPS = 24;

/** Dollars rounded up to 1/100 of a cent: an estimate never falls below the formula (the epsilon absorbs float noise). */
const roundUp = (usd: number) => Math.ceil(usd * 10_000 - 1e-6) / 10_000;

/** The price of one request and the formula's inputs: the one price table (estimateCostUsd reads it). */
export function priceBreakdown(role: GenerationKind, options: PriceOptions): { model: string; estimatedCostUsd: number; basis: PriceBasis } {
  const { id: model, price } = activeModel(role);
  const numImages = options.numImages ?? IMAGE_DEFAULTS.numImages;
  if (price.unit === "image") {
    return {
      model,
      estimatedCostUsd: roundUp(price.pricePerImage * numImages),
      basis: { unit: "image", pricePerImage: price.pricePerImage, numImages, formula: "pricePerImage × numImages" },
    };
  }
  if (price.unit === "megapixel") {
    const aspectRatio = (options.aspectRatio as keyof typeof IMAGE_SIZES | undefined) ?? IMAGE_DEFAULTS.aspectRatio;
    const { width, height } = IMAGE_SIZES[aspectRatio];
    const megapixels = Math.ceil((width * height) / price.pixelsPerMegapixel);
    return {
      model,
      estimatedCostUsd: roundUp(megapixels * price.pricePerMegapixel * numImages),
      basis: {
        unit: "megapixel",
        aspectRatio,
        width,
        height,
        megapixels,
        pixelsPerMegapixel: price.pixelsPerMegapixel,
        pricePerMegapixel: price.pricePerMegapixel,
        numImages,
        formula: "megapixels = ceil(width × height / pixelsPerMegapixel) per image; cost = megapixels × pricePerMegapixel × numImages, rounded up to $0.0001",
      },
    };
  }
  const videoRole = role as VideoKind;
  const aspectRatio = videoAspect(videoRole, options.aspectRatio as VideoOptions["aspectRatio"]);
  const resolution = options.resolution ?? VIDEO_DEFAULTS.resolution;
  const durationSeconds = options.duration ?? VIDEO_DEFAULTS.duration;
  const { width, height } = pricedFrame(resolution, aspectRatio);
  // Fal's pages write "height x width x FPS x duration / 1024"; Seedance renders one frame more than
  // FPS x duration (num_frames goes up to 289 = 24 x 12 + 1), and counting it gives Fal's own figure
  // for 1080p 5 s ("roughly $0.62": 1920 x 1088 x 121 / 1024 x $2.5 = $0.617). Never less.
  const frames = VIDEO_TOKEN_FPS * durationSeconds + 1;
  const tokens = (width * height * frames) / 1024;
  return {
    model,
    estimatedCostUsd: roundUp((tokens / 1_000_000) * price.pricePerMillionTokens),
    basis: {
      unit: "video_token",
      aspectRatio,
      resolution,
      width,
      height,
      durationSeconds,
      framesPerSecond: VIDEO_TOKEN_FPS,
      frames,
      tokens,
      pricePerMillionTokens: price.pricePerMillionTokens,
      formula: "frames = framesPerSecond × durationSeconds + 1; tokens = width × height × frames / 1024; cost = tokens / 1,000,000 × pricePerMillionTokens, rounded up to $0.0001",
    },
  };
}

/** Estimated price in USD of one request, from the registry's formulas. */
export function estimateCostUsd(role: GenerationKind, options: PriceOptions): number {
  return priceBreakdown(role, options).estimatedCostUsd;
}
