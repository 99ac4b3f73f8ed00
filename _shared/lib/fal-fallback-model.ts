import "server-only";
// The image-to-video fallback model (FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK): the model a job continues on
// when Seedance refuses a face, its input fields (not Seedance's) and its price. See docs/faces.md.
import { VIDEO_DEFAULTS, type VideoOptions } from "@/_shared/schemas/generation-options";
import { getEnv } from "./env";
import { FALLBACK_MODEL_TABLE, FALLBACK_OFF, modelName } from "./fal-price-table";

export interface FallbackModel {
  id: string;
  name: string;
}

/** The configured fallback model, or null when it is off. */
function fallbackModel(): FallbackModel | null {
  const id = getEnv().FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK;
  if (id === FALLBACK_OFF || !FALLBACK_MODEL_TABLE[id]) return null;
  return { id, name: modelName(id) };
}

/** Whether a request uses the fallback: its own `fallback` when it says, else the server's setting. */
export function fallbackFor(options: Pick<VideoOptions, "fallback">): FallbackModel | null {
  const model = fallbackModel();
  return model && (options.fallback ?? true) ? model : null;
}

/** The seconds the fallback makes for a requested duration: the nearest it takes that is not shorter, else its longest. */
function fallbackDuration(id: string, duration = VIDEO_DEFAULTS.duration as number): number {
  const { durations } = FALLBACK_MODEL_TABLE[id];
  return durations.find((seconds) => seconds >= duration) ?? durations[durations.length - 1];
}

/**
 * The fallback's input fields (Kling's image-to-video schema): no aspect ratio (the clip follows the
 * picture), no resolution (720p), no seed, no sound. `image_url` is added at submission.
 */
export function fallbackVideoInput(id: string, prompt: string, options: VideoOptions): Record<string, unknown> {
  return { prompt, duration: String(fallbackDuration(id, options.duration)), negative_prompt: "blur, distort, and low quality", cfg_scale: 0.5 };
}

/** Dollars rounded up to 1/100 of a cent, as every estimate. */
const roundUp = (usd: number) => Math.ceil(usd * 10_000 - 1e-6) / 10_000;

/** The price of the fallback's clip for these options: its price per second × the seconds it makes. */
export function fallbackCostUsd(id: string, options: Pick<VideoOptions, "duration">): number {
  return roundUp(FALLBACK_MODEL_TABLE[id].pricePerSecond * fallbackDuration(id, options.duration));
}
