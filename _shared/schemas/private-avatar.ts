import { z } from "zod";
import { videoOptionsSchema } from "@/_shared/schemas/generation-options";
import { avatarResponse } from "./avatar";
import { idParam } from "./common";
import { prompt } from "./image";

export const DEFAULT_AVATAR_MOTION = "The person looks at the camera, smiles and nods slightly, with natural subtle movement";

export const createPrivateAvatarBody = z.strictObject({
  name: z.string({ message: "name is required" }).trim().min(1, "name must not be empty").max(120, "name must be at most 120 characters"),
  imageUrl: z.string({ message: "imageUrl is required" }).min(1, "imageUrl must not be empty").max(2048),
  projectId: z.string({ message: "projectId is required" }).min(1),
  /** The motion, e.g. "smiles and nods, looking at the camera". */
  prompt: prompt("prompt").optional(),
  ...videoOptionsSchema.pick({ aspectRatio: true, resolution: true, duration: true, seed: true }).shape,
});
export type CreatePrivateAvatarBody = z.infer<typeof createPrivateAvatarBody>;

export const privateAvatarQuery = z.strictObject({
  projectId: idParam.optional(),
  status: z.enum(["processing", "ready", "failed"]).optional(),
});

/** The reply of create and retry: the avatar, with what its generation is expected to cost. */
export const privateAvatarWithCost = avatarResponse.extend({ estimatedCostUsd: z.number().nullable() });
export type PrivateAvatarWithCost = z.output<typeof privateAvatarWithCost>;

/** GET /api/avatars/private: newest first. */
export const privateAvatarListResponse = z.object({ avatars: z.array(avatarResponse) });
export type PrivateAvatarListResponse = z.output<typeof privateAvatarListResponse>;
