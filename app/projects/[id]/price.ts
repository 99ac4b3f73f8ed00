// The formats the "New b-roll" panel offers and the price table the server page fills for them.
// Durations, resolutions and defaults are the API's own (generation-options); the price formulas read
// the model ids from the environment, so prices are computed on the server and passed down as a table.
import type { VideoAspectRatio } from "@/_shared/schemas/generation-options";

/** The formats the panel offers: the API's ratios that ads use, vertical first. */
export const B_ROLL_ASPECTS = ["9:16", "1:1", "16:9", "4:3"] as const satisfies readonly VideoAspectRatio[];
export type BRollAspect = (typeof B_ROLL_ASPECTS)[number];

/** USD by priceKey(...). */
export type PriceTable = Record<string, number>;

export function priceKey(withImage: boolean, aspectRatio: string, resolution: string, duration: number): string {
  return `${withImage ? "image-to-video" : "text-to-video"}|${aspectRatio}|${resolution}|${duration}`;
}

/** "9:16" -> "9 / 16" for CSS aspect-ratio (anything unknown: portrait). */
export function cssAspect(aspectRatio: string | null | undefined): string {
  const match = aspectRatio?.match(/^(\d+):(\d+)$/);
  return match ? `${match[1]} / ${match[2]}` : "9 / 16";
}
