// The generation options the browser needs (forms, pickers, prices' labels) and the API validates:
// plain lists and zod schemas, no model ids, prices or environment, so client components may import
// them. The model registry (_shared/lib/fal-models.ts, server-only) maps these options to each
// model's input fields and prices them.
import { z } from "zod";

/** One name for a kind of generation, in the API, the job log and the code. */
export const GENERATION_KINDS = ["text-to-image", "image-edit", "image-to-video", "text-to-video"] as const;
export type GenerationKind = (typeof GENERATION_KINDS)[number];
export type VideoKind = Extract<GenerationKind, "image-to-video" | "text-to-video">;

export const IMAGE_ASPECT_RATIOS = ["1:1", "3:4", "4:3", "9:16", "16:9"] as const;
export const VIDEO_ASPECT_RATIOS = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] as const;
export const VIDEO_RESOLUTIONS = ["480p", "720p", "1080p"] as const;
/**
 * Whole seconds any of our video models accepts. The configured model may accept fewer (Seedance 1.5:
 * 4-12): the server checks that (videoOptionProblems in fal-models.ts) and tells the forms what to offer.
 */
export const VIDEO_DURATION = { min: 2, max: 12 } as const;
export const MAX_IMAGES_PER_REQUEST = 4;
const MAX_SEED = 2 ** 31 - 1;

/** What a request that leaves an option out gets. */
export const IMAGE_DEFAULTS = { aspectRatio: "3:4", numImages: 1 } as const;
export const VIDEO_DEFAULTS = { resolution: "720p", duration: 5, aspectRatio: "9:16" } as const;

export type VideoAspectRatio = (typeof VIDEO_ASPECT_RATIOS)[number];
export type VideoResolution = (typeof VIDEO_RESOLUTIONS)[number];

export const seedSchema = z.number().int().min(0).max(MAX_SEED);

export const imageOptionsSchema = z.strictObject({
  aspectRatio: z.enum(IMAGE_ASPECT_RATIOS).optional(),
  seed: seedSchema.optional(),
  numImages: z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST).optional(),
});
export type ImageOptions = z.infer<typeof imageOptionsSchema>;

export const videoOptionsSchema = z.strictObject({
  aspectRatio: z.enum([...VIDEO_ASPECT_RATIOS, "auto"]).optional(),
  resolution: z.enum(VIDEO_RESOLUTIONS).optional(),
  duration: z.number().int().min(VIDEO_DURATION.min).max(VIDEO_DURATION.max).optional(),
  seed: seedSchema.optional(),
  cameraFixed: z.boolean().optional(),
  /**
   * Image-to-video: when the video model refuses the picture's face, continue on the fallback model
   * (when the server has one). Default: the server's setting. `true` where there is no fallback (none
   * configured, or a clip made from a prompt alone) is a 400.
   */
  fallback: z.boolean().optional(),
});
export type VideoOptions = z.infer<typeof videoOptionsSchema>;

/** A request's video options with the defaults applied: what a job stores and a retry repeats. */
export function withVideoDefaults(options: VideoOptions): VideoOptions {
  const { seed, cameraFixed, fallback } = options;
  return {
    aspectRatio: options.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio,
    resolution: options.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: options.duration ?? VIDEO_DEFAULTS.duration,
    ...(seed !== undefined ? { seed } : {}),
    ...(cameraFixed !== undefined ? { cameraFixed } : {}),
    ...(fallback !== undefined ? { fallback } : {}),
  };
}
