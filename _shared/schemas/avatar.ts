import { z } from "zod";
import { clipModel, isoDate } from "./common";

/** One avatar as the API returns it (public and private alike; private ones add projectId). */
export const avatarResponse = z.object({
  id: z.string(),
  name: z.string(),
  imageUrl: z.string(),
  videoUrl: z.string().nullable(),
  visibility: z.enum(["public", "private"]),
  status: z.enum(["processing", "ready", "failed"]),
  errorMessage: z.string().nullable(),
  projectId: z.string().nullable(),
  tags: z.array(z.object({ slug: z.string(), name: z.string(), category: z.string() })),
  durationSeconds: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** The newest generation job of this avatar, to follow its progress (GET /api/jobs/[id]). */
  jobId: z.string().nullable(),
  clipModel,
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type AvatarResponse = z.output<typeof avatarResponse>;
