import { z } from "zod";
import { VIDEO_ASPECT_RATIOS, VIDEO_RESOLUTIONS } from "./generation-options";

/** A resource id in a path: anything that is not one simply finds nothing (404). */
export const idParam = z.string().min(1).max(64);
export const idParams = z.object({ id: idParam });

export const isoDate = z.date().transform((date) => date.toISOString());

/**
 * What a clip was asked for, where "edit prompt and regenerate" starts (its newest generation's
 * prompt and format, defaults applied; for a duplicate, what its row records). Null where unknown.
 */
export const clipRequest = z.object({
  prompt: z.string().nullable(),
  aspectRatio: z.enum([...VIDEO_ASPECT_RATIOS, "auto"]).nullable(),
  resolution: z.enum(VIDEO_RESOLUTIONS).nullable(),
  duration: z.number().int().nullable(),
});
export type ClipRequest = z.output<typeof clipRequest>;

/**
 * Which model made a clip (its Fal id and readable name) and, when the image-to-video fallback made
 * it, the model that refused the face first. Null while no clip exists, and for clips made before
 * this was recorded.
 */
export const clipModel = z
  .object({ id: z.string(), name: z.string(), fallbackFrom: z.object({ id: z.string(), name: z.string() }).nullable() })
  .nullable();
export type ClipModel = z.output<typeof clipModel>;

/** POST .../duplicate: the caller's project the copy goes to (the same one is allowed). */
export const duplicateBody = z.strictObject({
  projectId: z.string({ message: "projectId is required" }).min(1, "projectId must not be empty").max(64, "projectId must be at most 64 characters"),
});
