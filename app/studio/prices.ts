// The prices the studio shows on its buttons, computed by the server page from the one price table
// (estimateCostUsd reads the model ids from the environment): no round trip, and the same defaults
// the create endpoints apply (pictures 3:4, clips 720p and 5 s).
import { IMAGE_DEFAULTS, MAX_IMAGES_PER_REQUEST, type VideoAspectRatio } from "@/_shared/schemas/generation-options";

/** The clip formats the studio offers (the create form draws them). */
export const CLIP_FORMATS = ["9:16", "1:1", "16:9"] as const satisfies readonly VideoAspectRatio[];
export type ClipFormat = (typeof CLIP_FORMATS)[number];

/** Every number of pictures one FLUX request may ask for: 1 to MAX_IMAGES_PER_REQUEST. */
export const PICTURE_COUNTS = Array.from({ length: MAX_IMAGES_PER_REQUEST }, (_, i) => i + 1);

/** Studio pictures are portraits: avatars are people (the API's default format). */
export const PICTURE_ASPECT = IMAGE_DEFAULTS.aspectRatio;

export interface StudioPrices {
  /** USD of one "Generate", by number of pictures. */
  generate: Record<string, number>;
  /** USD of one edit. */
  edit: number;
  /** USD of one avatar clip, by format. */
  clip: Record<string, number>;
  /** The fallback model when a face is refused (null: none on this server), and what it would add, by clip duration. */
  fallback: { name: string; cost: Record<string, number> } | null;
}
