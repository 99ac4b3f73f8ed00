// The prices the studio shows on its buttons, computed by the server page from the one price table
// (estimateCostUsd reads the model ids from the environment): no round trip, and the same defaults
// the create endpoints apply (pictures 3:4, clips 720p and 5 s).

/** The clip formats the studio offers (the create form draws them). */
export const CLIP_FORMATS = ["9:16", "1:1", "16:9"] as const;
export type ClipFormat = (typeof CLIP_FORMATS)[number];

/** The pictures per FLUX request the studio offers. */
export const PICTURE_COUNTS = [1, 2, 3, 4] as const;

export interface StudioPrices {
  /** USD of one "Generate", by number of pictures. */
  generate: Record<string, number>;
  /** USD of one edit. */
  edit: number;
  /** USD of one avatar clip, by format. */
  clip: Record<string, number>;
}
