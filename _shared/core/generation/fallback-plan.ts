import "server-only";
// What an image-to-video job carries of its fallback from creation: the model, its input and its
// price, fixed when the job is made (a retry repeats the request, not today's setting). See docs/faces.md.
import { fallbackCostUsd, fallbackFor, fallbackVideoInput } from "@/_shared/lib/fal-fallback-model";
import type { VideoKind, VideoOptions } from "@/_shared/schemas/generation-options";

/** The `fallback` field of a new job's input, or nothing (text-to-video, fallback off or declined). */
export function fallbackPlan(kind: VideoKind, prompt: string, options: VideoOptions) {
  const model = kind === "image-to-video" ? fallbackFor(options) : null;
  if (!model) return {};
  return { fallback: { model: model.id, falInput: fallbackVideoInput(model.id, prompt, options), estimatedCostUsd: fallbackCostUsd(model.id, options) } };
}

/** The extra an image-to-video request may cost if its face is refused (null: no fallback for it). */
export function possibleFallbackCost(options: VideoOptions): { model: string; name: string; costUsd: number } | null {
  const model = fallbackFor(options);
  return model ? { model: model.id, name: model.name, costUsd: fallbackCostUsd(model.id, options) } : null;
}
