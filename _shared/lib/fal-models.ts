// The model registry: one entry per role (text-to-image, image-edit, image-to-video, text-to-video).
// Each maps our options to that model's input fields and holds its price formula: the one price
// table in code (see docs/architecture.md, "Fal.ai", and the model pages in docs/). Model ids come from the environment.
import "server-only";
import {
  IMAGE_ASPECT_RATIOS,
  VIDEO_DEFAULTS,
  VIDEO_RESOLUTIONS,
  type GenerationKind,
  type ImageOptions,
  type VideoOptions,
} from "@/_shared/schemas/generation-options";
import { getEnv } from "./env";

const IMAGE_SIZES: Record<(typeof IMAGE_ASPECT_RATIOS)[number], { preset: string; width: number; height: number }> = {
  "1:1": { preset: "square_hd", width: 1024, height: 1024 },
  "3:4": { preset: "portrait_4_3", width: 768, height: 1024 },
  "9:16": { preset: "portrait_16_9", width: 576, height: 1024 },
  "4:3": { preset: "landscape_4_3", width: 1024, height: 768 },
  "16:9": { preset: "landscape_16_9", width: 1024, height: 576 },
};

/** Pixel size of a clip: the short side is the resolution, the long side follows the aspect ratio. */
function videoDimensions(resolution: (typeof VIDEO_RESOLUTIONS)[number], aspectRatio: string) {
  const short = Number.parseInt(resolution, 10);
  const [w, h] = (aspectRatio === "auto" ? "16:9" : aspectRatio).split(":").map(Number);
  const even = (n: number) => Math.round(n / 2) * 2;
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) };
}

/** Dollars per million video tokens by Seedance variant (tokens = w * h * 24 * seconds / 1024). */
function seedanceRate(modelId: string): number {
  if (modelId.includes("v1.5")) return 1.2; // silent rate
  if (modelId.includes("/fast/")) return 1.0;
  if (modelId.includes("/lite/")) return 1.8;
  return 2.5;
}

export function modelId(role: GenerationKind): string {
  const env = getEnv();
  return {
    "text-to-image": env.FAL_MODEL_TEXT_TO_IMAGE,
    "image-edit": env.FAL_MODEL_IMAGE_EDIT,
    "image-to-video": env.FAL_MODEL_IMAGE_TO_VIDEO,
    "text-to-video": env.FAL_MODEL_TEXT_TO_VIDEO,
  }[role];
}

/** Models that make sound unless told not to: every clip we store is silent. */
const hasAudioSwitch = (id: string) => id.includes("v1.5") || /seedance[-/]v?2/.test(id);

export function textToImageInput(prompt: string, options: ImageOptions) {
  const size = IMAGE_SIZES[options.aspectRatio ?? "3:4"];
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

export function videoInput(role: "image-to-video" | "text-to-video", prompt: string, options: VideoOptions, imageUrl?: string) {
  const id = modelId(role);
  const aspect = options.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio;
  return {
    prompt,
    ...(imageUrl ? { image_url: imageUrl } : {}),
    // Seedance v1 text-to-video has no "auto" aspect ratio.
    aspect_ratio: role === "text-to-video" && aspect === "auto" ? VIDEO_DEFAULTS.aspectRatio : aspect,
    resolution: options.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: String(options.duration ?? VIDEO_DEFAULTS.duration),
    camera_fixed: options.cameraFixed ?? false,
    enable_safety_checker: true,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(hasAudioSwitch(id) ? { generate_audio: false } : {}),
  };
}

export type PriceOptions = { aspectRatio?: string; numImages?: number; resolution?: VideoOptions["resolution"]; duration?: number };

/** How a price was reached: the inputs of the model's formula, with the defaults applied. */
export type PriceBasis =
  | { unit: "megapixel"; aspectRatio: string; width: number; height: number; megapixels: number; pricePerMegapixel: number; numImages: number; formula: string }
  | { unit: "image"; pricePerImage: number; numImages: number; formula: string }
  | {
      unit: "video_token";
      aspectRatio: string;
      resolution: string;
      width: number;
      height: number;
      durationSeconds: number;
      framesPerSecond: number;
      tokens: number;
      pricePerMillionTokens: number;
      formula: string;
    };

const FLUX_DEV_PER_MEGAPIXEL = 0.025;
const KONTEXT_PER_IMAGE = 0.04;
const VIDEO_TOKEN_FPS = 24;

/** The price of one request and the formula's inputs: the one price table (estimateCostUsd reads it). */
export function priceBreakdown(role: GenerationKind, options: PriceOptions): { model: string; estimatedCostUsd: number; basis: PriceBasis } {
  const model = modelId(role);
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  const numImages = options.numImages ?? 1;
  if (role === "text-to-image") {
    const aspectRatio = (options.aspectRatio as keyof typeof IMAGE_SIZES | undefined) ?? "3:4";
    const { width, height } = IMAGE_SIZES[aspectRatio];
    const megapixels = (width * height) / 1_000_000;
    return {
      model,
      estimatedCostUsd: round(FLUX_DEV_PER_MEGAPIXEL * megapixels * numImages),
      basis: { unit: "megapixel", aspectRatio, width, height, megapixels, pricePerMegapixel: FLUX_DEV_PER_MEGAPIXEL, numImages, formula: "megapixels × pricePerMegapixel × numImages" },
    };
  }
  if (role === "image-edit") {
    return {
      model,
      estimatedCostUsd: round(KONTEXT_PER_IMAGE * numImages),
      basis: { unit: "image", pricePerImage: KONTEXT_PER_IMAGE, numImages, formula: "pricePerImage × numImages" },
    };
  }
  const aspectRatio = options.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio;
  const resolution = options.resolution ?? VIDEO_DEFAULTS.resolution;
  const durationSeconds = options.duration ?? VIDEO_DEFAULTS.duration;
  const { width, height } = videoDimensions(resolution, aspectRatio);
  const tokens = (width * height * VIDEO_TOKEN_FPS * durationSeconds) / 1024;
  const pricePerMillionTokens = seedanceRate(model);
  return {
    model,
    estimatedCostUsd: round((tokens / 1_000_000) * pricePerMillionTokens),
    basis: {
      unit: "video_token",
      aspectRatio,
      resolution,
      width,
      height,
      durationSeconds,
      framesPerSecond: VIDEO_TOKEN_FPS,
      tokens,
      pricePerMillionTokens,
      formula: "tokens = width × height × framesPerSecond × durationSeconds / 1024; cost = tokens / 1,000,000 × pricePerMillionTokens",
    },
  };
}

/** Estimated price in USD of one request, from the registry's formulas. */
export function estimateCostUsd(role: GenerationKind, options: PriceOptions): number {
  return priceBreakdown(role, options).estimatedCostUsd;
}
