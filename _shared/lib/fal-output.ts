// What we read of a model's output, in one place: the finaliser's video and the session pictures,
// with FLUX's safety verdict. tests/integration/fal-contract.test.ts replays Fal's documented
// examples through these.
import { z } from "zod";

const videoOutputSchema = z.object({ video: z.object({ url: z.url() }), seed: z.number().int().optional().catch(undefined) });

const imageOutputSchema = z.object({
  images: z.array(z.object({ url: z.string().min(1), width: z.number().optional(), height: z.number().optional(), content_type: z.string().optional() })),
  seed: z.number().optional(),
  has_nsfw_concepts: z.array(z.boolean()).optional(),
});

/** The video URL of a Seedance output (and the seed it reports, if any), or null when the payload has none. */
export function parseVideoOutput(payload: unknown): { url: string; seed?: number } | null {
  const parsed = videoOutputSchema.safeParse(payload);
  if (!parsed.success) return null;
  return { url: parsed.data.video.url, ...(parsed.data.seed !== undefined ? { seed: parsed.data.seed } : {}) };
}

export type FalOutputImage = z.infer<typeof imageOutputSchema>["images"][number];

/**
 * The pictures of a FLUX output that may be shown: those its safety checker did not flag (a flagged
 * one comes back black, with `has_nsfw_concepts[i]: true`). Null when the payload has no image list.
 */
export function parseImageOutput(payload: unknown): { safe: FalOutputImage[]; flagged: number } | null {
  const parsed = imageOutputSchema.safeParse(payload);
  if (!parsed.success) return null;
  const flags = parsed.data.has_nsfw_concepts ?? [];
  const safe = parsed.data.images.filter((_image, i) => flags[i] !== true);
  return { safe, flagged: parsed.data.images.length - safe.length };
}
