// The b-roll options the panel offers and the price table the server page computes for them (the
// formula reads the model ids from the environment, so prices are computed on the server).
import type { CreateBRollBody } from "@/_shared/schemas/b-roll";

type Aspect = NonNullable<CreateBRollBody["aspectRatio"]>;
type Resolution = NonNullable<CreateBRollBody["resolution"]>;

export const B_ROLL_ASPECTS = ["9:16", "1:1", "16:9", "4:3"] as const satisfies readonly Aspect[];
export const B_ROLL_RESOLUTIONS = ["480p", "720p", "1080p"] as const satisfies readonly Resolution[];
export const B_ROLL_DURATIONS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const B_ROLL_DEFAULTS = { aspectRatio: "9:16", resolution: "720p", duration: 5 } as const;

export type BRollAspect = (typeof B_ROLL_ASPECTS)[number];
export type BRollResolution = (typeof B_ROLL_RESOLUTIONS)[number];

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
