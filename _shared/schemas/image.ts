import { z } from "zod";
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

/** POST /api/images/upload: the multipart fields besides `file`. */
export const uploadFields = z.strictObject({ sessionId });
