// The formats the "New b-roll" panel offers and the price table the server page fills for them.
// Defaults are the API's own (generation-options); which durations and resolutions are offered, and
// the prices, follow the models configured on the server (Seedance 1.5 takes 4-12 s where 1.0 takes
// 2-12 s), so the server page computes them and passes them down.
import type { VideoAspectRatio, VideoKind, VideoResolution } from "@/_shared/schemas/generation-options";

/** The formats the panel offers: the API's ratios that ads use, vertical first. */
export const B_ROLL_ASPECTS = ["9:16", "1:1", "16:9", "4:3"] as const satisfies readonly VideoAspectRatio[];
export type BRollAspect = (typeof B_ROLL_ASPECTS)[number];

/** USD by priceKey(...). */
export type PriceTable = Record<string, number>;

/** What the configured model of each kind accepts, and the price of every combination offered. */
export interface ClipOffer {
  choices: Record<VideoKind, { durations: number[]; resolutions: VideoResolution[] }>;
  prices: PriceTable;
}

/** The value itself when offered, else the offered one nearest to it (the list is never empty). */
export function nearestOffered<T extends number | string>(value: T, offered: readonly T[]): T {
  if (offered.includes(value)) return value;
  if (typeof value !== "number") return offered[0];
  return offered.reduce((best, option) => (Math.abs(Number(option) - value) < Math.abs(Number(best) - value) ? option : best));
}

export function priceKey(withImage: boolean, aspectRatio: string, resolution: string, duration: number): string {
  return `${withImage ? "image-to-video" : "text-to-video"}|${aspectRatio}|${resolution}|${duration}`;
}

/** "9:16" -> "9 / 16" for CSS aspect-ratio (anything unknown: portrait). */
export function cssAspect(aspectRatio: string | null | undefined): string {
  const match = aspectRatio?.match(/^(\d+):(\d+)$/);
  return match ? `${match[1]} / ${match[2]}` : "9 / 16";
}
