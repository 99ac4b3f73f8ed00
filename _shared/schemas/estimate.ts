import { z } from "zod";
import { GENERATION_KINDS, imageOptionsSchema, videoOptionsSchema } from "@/_shared/schemas/generation-options";
import { createBRollBody } from "./b-roll";
import { modifyImageBody } from "./image";


// The options each kind's create endpoints take (unknown fields are refused, naming them):
// text-to-image as POST /api/images/generate, image-edit as /api/images/modify (one image per edit),
// image-to-video as the avatar endpoints and image b-rolls, text-to-video as b-rolls without image.
const kindWith = <K extends (typeof GENERATION_KINDS)[number], O extends z.ZodType>(kind: K, options: O) =>
  z.strictObject({ kind: z.literal(kind), options: options.optional() });
// B-rolls may ask for several takes at once: the estimate is that many times one clip.
const videoKindWith = <K extends (typeof GENERATION_KINDS)[number], O extends z.ZodType>(kind: K, options: O) =>
  z.strictObject({ kind: z.literal(kind), options: options.optional(), takes: createBRollBody.shape.takes });

export const estimateBody = z.discriminatedUnion(
  "kind",
  [
    kindWith("text-to-image", imageOptionsSchema),
    kindWith("image-edit", modifyImageBody.pick({ aspectRatio: true, seed: true })),
    videoKindWith("image-to-video", videoOptionsSchema),
    videoKindWith("text-to-video", createBRollBody.pick({ aspectRatio: true, resolution: true, duration: true, seed: true, cameraFixed: true })),
  ],
  { error: `kind is required: one of ${GENERATION_KINDS.join(", ")}` },
);
export type EstimateBody = z.output<typeof estimateBody>;

const money = z.number();
export const estimateResponse = z.object({
  kind: z.enum(GENERATION_KINDS),
  model: z.string(),
  /** The price of all takes asked for (takes × the price of one; basis prices one). */
  estimatedCostUsd: money,
  /**
   * Image-to-video: what the request may cost on top ("up to"), for all its takes, when the video
   * model refuses the face and the clip is made by the fallback model (`fallbackModel`, its readable
   * name `fallbackModelName`). Absent without a fallback (off on the server, or `options.fallback: false`).
   */
  fallbackCostUsd: money.optional(),
  fallbackModel: z.string().optional(),
  fallbackModelName: z.string().optional(),
  /** How many clips the estimate covers, when a video estimate asked for takes. */
  takes: z.number().int().optional(),
  currency: z.literal("USD"),
  /** The inputs of the model's price formula, defaults applied (see priceBreakdown in fal-models.ts). */
  basis: z.discriminatedUnion("unit", [
    z.object({
      unit: z.literal("megapixel"),
      aspectRatio: z.string(),
      width: z.number(),
      height: z.number(),
      /** Billed megapixels of one image: width × height / pixelsPerMegapixel, rounded up. */
      megapixels: z.number(),
      pixelsPerMegapixel: z.number(),
      pricePerMegapixel: money,
      numImages: z.number(),
      formula: z.string(),
    }),
    z.object({ unit: z.literal("image"), pricePerImage: money, numImages: z.number(), formula: z.string() }),
    z.object({
      unit: z.literal("video_token"),
      aspectRatio: z.string(),
      resolution: z.string(),
      width: z.number(),
      height: z.number(),
      durationSeconds: z.number(),
      framesPerSecond: z.number(),
      frames: z.number(),
      tokens: z.number(),
      pricePerMillionTokens: money,
      formula: z.string(),
    }),
  ]),
  /** The caller's daily spend cap (null: none) and what is left of it until resetsAt (00:00 UTC). */
  limits: z.object({ dailySpendCapUsd: money.nullable(), spentTodayUsd: money, remainingTodayUsd: money.nullable(), resetsAt: z.string() }),
});
export type EstimateResponse = z.output<typeof estimateResponse>;
