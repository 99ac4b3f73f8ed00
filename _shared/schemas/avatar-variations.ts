import { z } from "zod";
import { isoDate } from "./common";
import { VIDEO_ASPECT_RATIOS, VIDEO_DURATION, VIDEO_RESOLUTIONS, seedSchema } from "./generation-options";
import { estimateResponse } from "./estimate";
import { prompt, SESSION_ID } from "./image";
import { privateAvatarResponse } from "./private-avatar";
import { consentAttestation } from "./provenance";

export const MAX_GRID_PICTURES = 4;
export const MAX_GRID_MOTIONS = 3;

const name = z.string({ message: "name is required" }).trim().min(1, "name must not be empty").max(120, "name must be at most 120 characters");
const motion = z.strictObject({
  prompt: prompt("prompt"),
  /** A motion preset whose model options (camera_fixed, duration) this motion takes. */
  presetId: z.string().min(1).max(64).optional(),
});
const motions = z
  .array(motion, { message: "motions must be a list of { prompt, presetId? }" })
  .min(1, "give at least one motion")
  .max(MAX_GRID_MOTIONS, `give at most ${MAX_GRID_MOTIONS} motions`);
// Every clip of the grid shares these; a motion's preset may set cameraFixed and duration.
const gridOptions = {
  aspectRatio: z.enum(VIDEO_ASPECT_RATIOS).optional(),
  resolution: z.enum(VIDEO_RESOLUTIONS).optional(),
  duration: z.number().int().min(VIDEO_DURATION.min).max(VIDEO_DURATION.max).optional(),
  cameraFixed: z.boolean().optional(),
  /** One seed for every clip (locked); left out, we choose one for the grid. */
  seed: seedSchema.optional(),
  /** Whether a clip whose face the video model refuses continues on the fallback model (default: the server's setting). */
  fallback: z.boolean().optional(),
};

/** POST /api/avatars/private/variations: pictures x motions, one clip each, in one request. */
export const createVariationsBody = z.strictObject({
  sessionId: z.string().regex(SESSION_ID, "sessionId must be 1-64 letters, digits, _ or -").optional(),
  imageUrls: z
    .array(z.string().min(1, "an image URL must not be empty").max(2048), { message: "imageUrls must be a list of image URLs" })
    .min(1, "pick at least one picture")
    .max(MAX_GRID_PICTURES, `pick at most ${MAX_GRID_PICTURES} pictures`)
    .refine((urls) => new Set(urls).size === urls.length, "each picture at most once"),
  motions,
  name,
  projectId: z.string({ message: "projectId is required" }).min(1).max(64),
  /** One attestation covers every uploaded picture of the grid. */
  consent: consentAttestation.optional(),
  ...gridOptions,
});
export type CreateVariationsBody = z.infer<typeof createVariationsBody>;

/** POST /api/avatars/private/variations/estimate: what a grid would cost, before anything starts. */
export const estimateVariationsBody = z.strictObject({
  pictures: z.number().int().min(1).max(MAX_GRID_PICTURES),
  motions: z.array(z.strictObject({ presetId: z.string().min(1).max(64).optional() })).min(1).max(MAX_GRID_MOTIONS),
  ...gridOptions,
});
export type EstimateVariationsBody = z.infer<typeof estimateVariationsBody>;

export const variationsEstimateResponse = z.object({
  clips: z.number().int(),
  /** One price per motion (a preset may change the duration), each for one clip. */
  perMotionUsd: z.array(z.number()),
  estimatedCostUsd: z.number().describe("the whole grid: what the daily cap counts before anything starts"),
  fallbackCostUsd: z.number().optional().describe("what the fallback model would add if it made every clip (absent without a fallback); checked against the cap before each second request"),
  fallbackModelName: z.string().optional(),
  currency: z.literal("USD"),
  limits: estimateResponse.shape.limits,
});
export type VariationsEstimateResponse = z.output<typeof variationsEstimateResponse>;

export const gridParams = z.object({ gridId: z.string().min(1).max(64) });

/** A variations grid: its clips (row by picture, column by motion) and, once chosen, its winner. */
export const variationGridResponse = z.object({
  gridId: z.string(),
  name: z.string(),
  projectId: z.string(),
  sessionId: z.string().nullable(),
  status: z.enum(["open", "decided"]),
  winnerAvatarId: z.string().nullable(),
  imageUrls: z.array(z.string()).describe("the pictures, in the request's order (rows)"),
  motions: z.array(z.string()).describe("the motion prompts, in the request's order (columns)"),
  variations: z.array(
    privateAvatarResponse.extend({
      picture: z.number().int().describe("row: index in imageUrls"),
      motion: z.number().int().describe("column: index in motions"),
    }),
  ),
  createdAt: isoDate,
  decidedAt: isoDate.nullable(),
});
export type VariationGridResponse = z.output<typeof variationGridResponse>;

export const variationGridWithCost = variationGridResponse.extend({ estimatedCostUsd: z.number() });
export type VariationGridWithCost = z.output<typeof variationGridWithCost>;

/** POST /api/avatars/private/variations/:gridId/winner. */
export const chooseWinnerBody = z.strictObject({
  avatarId: z.string({ message: "avatarId is required" }).min(1).max(64),
  /** true: the other clips stay as private avatars; false: they are deleted with their objects. */
  keepOthers: z.boolean({ message: "keepOthers must be true or false" }),
  name: name.optional(),
});
export type ChooseWinnerBody = z.infer<typeof chooseWinnerBody>;
