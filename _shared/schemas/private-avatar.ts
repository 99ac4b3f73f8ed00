import { z } from "zod";
import { videoOptionsSchema } from "@/_shared/schemas/generation-options";
import { avatarResponse } from "./avatar";
import { clipRequest, idParam } from "./common";
import { prompt } from "./image";
import { consentAttestation } from "./provenance";

export const DEFAULT_AVATAR_MOTION = "The person looks at the camera, smiles and nods slightly, with natural subtle movement";

const name = z.string({ message: "name is required" }).trim().min(1, "name must not be empty").max(120, "name must be at most 120 characters");
const clipOptions = videoOptionsSchema.pick({ aspectRatio: true, resolution: true, duration: true, seed: true, fallback: true }).shape;

export const createPrivateAvatarBody = z.strictObject({
  name,
  imageUrl: z.string({ message: "imageUrl is required" }).min(1, "imageUrl must not be empty").max(2048),
  projectId: z.string({ message: "projectId is required" }).min(1),
  /** The motion, e.g. "smiles and nods, looking at the camera". */
  prompt: prompt("prompt").optional(),
  consent: consentAttestation.optional(),
  ...clipOptions,
});
export type CreatePrivateAvatarBody = z.infer<typeof createPrivateAvatarBody>;

/** PATCH /api/avatars/private/[id]. */
export const renamePrivateAvatarBody = z.strictObject({ name });

/**
 * POST /api/avatars/private/[id]/regenerate: a new avatar from the same picture with this motion
 * prompt; the format defaults to the original's (`request`), the name to the original's + " (edited)".
 */
export const regeneratePrivateAvatarBody = z.strictObject({ prompt: prompt("prompt"), name: name.optional(), ...clipOptions });
export type RegeneratePrivateAvatarBody = z.infer<typeof regeneratePrivateAvatarBody>;

export const privateAvatarQuery = z.strictObject({
  projectId: idParam.optional(),
  status: z.enum(["processing", "ready", "failed"]).optional(),
});

/** A private avatar: an avatar, with the request its clip was made from. */
export const privateAvatarResponse = avatarResponse.extend({
  request: clipRequest,
  seed: z.number().int().nullable().describe("the seed of its clip (asked, or chosen at creation; a retry reuses it); null for avatars older than seeds"),
  variationGridId: z.string().nullable().describe("the variations grid it was made in, if any"),
});
export type PrivateAvatarResponse = z.output<typeof privateAvatarResponse>;

/** The reply of create, retry and regenerate: the avatar, with what its generation is expected to cost. */
export const privateAvatarWithCost = privateAvatarResponse.extend({ estimatedCostUsd: z.number().nullable() });
export type PrivateAvatarWithCost = z.output<typeof privateAvatarWithCost>;

/** GET /api/avatars/private: newest first. */
export const privateAvatarListResponse = z.object({ avatars: z.array(privateAvatarResponse) });
export type PrivateAvatarListResponse = z.output<typeof privateAvatarListResponse>;
