import { z } from "zod";
import { seedSchema, VIDEO_ASPECT_RATIOS, VIDEO_DURATION, VIDEO_RESOLUTIONS, type VideoKind } from "@/_shared/schemas/generation-options";
import { clipModel, clipRequest, isoDate } from "./common";

/** Wire values of a b-roll's type and status (the API's strings). */
/** A b-roll's type is the kind of video that made it. */
const BROLL_TYPES = ["text-to-video", "image-to-video"] as const satisfies readonly VideoKind[];
const BROLL_STATUSES = ["processing", "ready", "failed"] as const;

const DURATION_RANGE = `duration must be between ${VIDEO_DURATION.min} and ${VIDEO_DURATION.max} seconds`;

/** How many takes (clips from the same prompt and options, each with its own seed) one request may make. */
export const MAX_TAKES = 4;
const takes = z
  .number({ message: `takes must be a whole number from 1 to ${MAX_TAKES}` })
  .int(`takes must be a whole number from 1 to ${MAX_TAKES}`)
  .min(1, `takes must be a whole number from 1 to ${MAX_TAKES}`)
  .max(MAX_TAKES, `takes must be a whole number from 1 to ${MAX_TAKES}`);

const name = z
  .string({ message: "name is required" })
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");

export const createBRollBody = z.strictObject({
  name,
  prompt: z
    .string({ message: "prompt is required" })
    .trim()
    .min(1, "prompt must not be empty")
    .max(2000, "prompt must be at most 2000 characters"),
  /** One of the caller's media images, or a public avatar image: the clip becomes image-to-video. */
  imageUrl: z.string({ message: "imageUrl must be a string" }).min(1, "imageUrl must not be empty").max(2048).optional(),
  /** Instead of imageUrl: one of the caller's avatars or a public one; its picture is animated. */
  avatarId: z.string({ message: "avatarId must be a string" }).min(1, "avatarId must not be empty").max(64).optional(),
  projectId: z.string({ message: "projectId is required" }).min(1, "projectId must not be empty").max(64),
  // Seedance v1 text-to-video has no "auto": a b-roll always names its format (ads are vertical).
  aspectRatio: z.enum(VIDEO_ASPECT_RATIOS, { message: `aspectRatio must be one of ${VIDEO_ASPECT_RATIOS.join(", ")}` }).optional(),
  resolution: z.enum(VIDEO_RESOLUTIONS, { message: `resolution must be one of ${VIDEO_RESOLUTIONS.join(", ")}` }).optional(),
  duration: z
    .number({ message: "duration must be a whole number of seconds" })
    .int("duration must be a whole number of seconds")
    .min(VIDEO_DURATION.min, DURATION_RANGE)
    .max(VIDEO_DURATION.max, DURATION_RANGE)
    .optional(),
  /** The first take's seed (the others get seed+1, seed+2...); random distinct seeds when absent. */
  seed: seedSchema.optional(),
  cameraFixed: z.boolean().optional(),
  /** With an image: when the video model refuses its face, continue on the fallback model (default: the server's setting). */
  fallback: z.boolean({ message: "fallback must be true or false" }).optional(),
  /** 1-4 clips from this prompt and options with different seeds (default 1). */
  takes: takes.optional(),
});
export type CreateBRollBody = z.infer<typeof createBRollBody>;

/** The rename dialog's field. */
export const renameBRollBody = z.strictObject({ name });

/** PATCH /api/b-rolls/[id]: rename, mark as kept (favorite), or both. */
export const updateBRollBody = z
  .strictObject({ name: name.optional(), favorite: z.boolean({ message: "favorite must be true or false" }).optional() })
  .refine((body) => body.name !== undefined || body.favorite !== undefined, { message: "Send name, favorite or both" });
export type UpdateBRollBody = z.infer<typeof updateBRollBody>;

/**
 * POST /api/b-rolls/[id]/regenerate: a new b-roll with this prompt, from the original's source image
 * (if any) and format unless named here; the name defaults to the original's + " (edited)".
 */
export const regenerateBRollBody = createBRollBody.pick({ prompt: true, aspectRatio: true, resolution: true, duration: true, seed: true, cameraFixed: true, fallback: true, takes: true }).extend({ name: name.optional() });
export type RegenerateBRollBody = z.infer<typeof regenerateBRollBody>;

const page = z.coerce.number().int().min(1, "page must be at least 1").max(10_000, "page must be at most 10000").default(1);
const limit = z.coerce.number().int().min(1, "limit must be between 1 and 50").max(50, "limit must be between 1 and 50").default(20);
const filters = {
  status: z.enum(BROLL_STATUSES, { message: `status must be one of ${BROLL_STATUSES.join(", ")}` }).optional(),
  type: z.enum(BROLL_TYPES, { message: `type must be one of ${BROLL_TYPES.join(", ")}` }).optional(),
  page,
  limit,
};

/** GET /api/b-rolls: the caller's b-rolls across projects. Unknown parameters are refused (a typo must not silently unfilter). */
export const listBRollsQuery = z.strictObject({ projectId: z.string().min(1).max(64).optional(), ...filters });
/** GET /api/projects/[id]/b-rolls: the project is in the path. */
export const projectBRollsQuery = z.strictObject(filters);
export type ListBRollsQuery = z.infer<typeof listBRollsQuery>;

/** One b-roll as the API returns it. Clip metadata (duration, size) is null until it is ready. */
export const bRollResponse = z.object({
  id: z.string(),
  name: z.string(),
  prompt: z.string(),
  type: z.enum(BROLL_TYPES),
  status: z.enum(BROLL_STATUSES),
  imageUrl: z.string().nullable(),
  videoUrl: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  projectId: z.string(),
  errorMessage: z.string().nullable(),
  aspectRatio: z.string().nullable(),
  resolution: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /**
   * Why the latest generation failed, as a code (null unless failed): `content_refused` and
   * `invalid_input` will fail again as asked (edit the prompt and regenerate); others may pass on a retry.
   */
  errorCode: z.string().nullable(),
  request: clipRequest,
  /** Estimated price in USD of the latest generation of this b-roll. */
  estimatedCostUsd: z.number().nullable(),
  /** The newest generation job, to follow its progress (GET /api/jobs/[id]). */
  jobId: z.string().nullable(),
  /** The seed of this clip: chosen at creation (or asked), the model's own once ready if it differs. */
  seed: z.number().int().nullable(),
  clipModel,
  /** The takes one request made share this id (null for a b-roll made alone); takeIndex orders them. */
  takeGroupId: z.string().nullable(),
  takeIndex: z.number().int().nullable(),
  /** Kept (starred) by its owner. */
  favorite: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type BRollResponse = z.output<typeof bRollResponse>;

/** What a create or regenerate asking for more than one take answers: the group and its b-rolls, in take order. */
export const bRollTakesResponse = z.object({ takeGroupId: z.string(), takes: z.array(bRollResponse) });
export type BRollTakesResponse = z.output<typeof bRollTakesResponse>;

/** A create's reply: one b-roll (takes absent or 1, as before takes existed), else the group. */
export const createBRollResponse = z.union([bRollResponse, bRollTakesResponse]);
export type CreateBRollResponse = BRollResponse | BRollTakesResponse;

export const bRollListResponse = z.object({
  bRolls: z.array(bRollResponse),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
});
export type BRollListResponse = z.output<typeof bRollListResponse>;
