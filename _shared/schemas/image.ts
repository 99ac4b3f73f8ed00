import { z } from "zod";
import { isoDate } from "@/_shared/schemas/common";
import { IMAGE_ASPECT_RATIOS, MAX_IMAGES_PER_REQUEST, seedSchema } from "@/_shared/schemas/generation-options";

export const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const sessionId = z.string({ message: "sessionId is required" }).regex(SESSION_ID, "sessionId must be 1-64 letters, digits, _ or -");
export const prompt = (field: string) =>
  z.string({ message: `${field} is required` }).trim().min(1, `${field} must not be empty`).max(2000, `${field} must be at most 2000 characters`);

export const generateImageBody = z.strictObject({
  prompt: prompt("prompt"),
  sessionId,
  /** Accepted for API compatibility; the user is always the signed-in one (another id -> 403). */
  userId: z.string().optional(),
  /** Default 3:4 (portrait: avatars are people). */
  aspectRatio: z.enum(IMAGE_ASPECT_RATIOS).optional(),
  seed: seedSchema.optional(),
  numImages: z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST).optional(),
});

export const modifyImageBody = z.strictObject({
  imageUrl: z.string({ message: "imageUrl is required" }).min(1),
  modifications: prompt("modifications"),
  sessionId,
  aspectRatio: z.enum(IMAGE_ASPECT_RATIOS).optional(),
  seed: seedSchema.optional(),
});

export const sessionParams = z.object({ sessionId });

/** An image of a temporary session; also the reply of POST /api/images/upload. */
export const sessionImage = z.object({ imageUrl: z.string(), width: z.number().int(), height: z.number().int() });
export type SessionImage = z.output<typeof sessionImage>;

export const generatedImagesResponse = z.object({
  imageUrl: z.string(),
  jobId: z.string(),
  images: z.array(sessionImage).optional(),
  estimatedCostUsd: z.number(),
});

export type GeneratedImagesResponse = z.output<typeof generatedImagesResponse>;

/** GET /api/images/temp/:sessionId: oldest first. */
export const sessionImagesResponse = z.object({
  images: z.array(sessionImage.extend({ createdAt: z.string() })),
});
export type SessionImagesResponse = z.output<typeof sessionImagesResponse>;

/** A picture of an image session as the studio shows it. */
const sessionPicture = sessionImage.extend({
  source: z.enum(["generated", "edited", "uploaded"]),
  parentImageUrl: z.string().nullable().describe("the picture of this session it is an edit of; null for an original"),
  prompt: z.string().nullable().describe("the description it was generated from, or the edit that made it; null for an upload"),
  seed: z.number().int().nullable().describe("the seed FLUX reported for the request that made it (shared by that request's pictures); null for an upload"),
  createdAt: isoDate,
});

/** GET/PATCH /api/images/sessions/:sessionId: a session as the studio shows it in any browser. */
export const imageSessionResponse = z.object({
  sessionId: z.string(),
  /** The description the pictures are generated from (saved as typed, and by each generate). */
  prompt: z.string(),
  /** The motion of the clip to make. */
  motionPrompt: z.string(),
  pickedImageUrl: z.string().nullable().describe("the picture (an original or one of its edits) the clip will be made from"),
  images: z.array(sessionPicture).describe("oldest first, in the order they were made"),
  pending: z
    .array(
      z.object({
        jobId: z.string(),
        kind: z.enum(["text-to-image", "image-edit"]),
        count: z.number().int().describe("pictures on their way"),
        parentImageUrl: z.string().nullable().describe("the picture an edit is made from"),
        createdAt: isoDate,
      }),
    )
    .describe("requests of this session still making pictures: ask again until it is empty"),
  updatedAt: isoDate,
});
export type ImageSessionResponse = z.output<typeof imageSessionResponse>;

const draft = (field: string) => z.string({ message: `${field} must be a string` }).max(2000, `${field} must be at most 2000 characters`);

/** PATCH /api/images/sessions/:sessionId: what changes (an empty text is allowed: the user cleared it). */
export const updateImageSessionBody = z.strictObject({
  prompt: draft("prompt").optional(),
  motionPrompt: draft("motionPrompt").optional(),
  /** One of the session's pictures, or null to pick none. */
  pickedImageUrl: z.string({ message: "pickedImageUrl must be a string or null" }).min(1, "pickedImageUrl must not be empty").nullable().optional(),
});
export type UpdateImageSessionBody = z.output<typeof updateImageSessionBody>;

/** POST /api/images/upload: the multipart fields besides `file`. */
export const uploadFields = z.strictObject({ sessionId });
