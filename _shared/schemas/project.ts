import { z } from "zod";
import { isoDate } from "./common";

const projectName = z
  .string({ message: "name is required" })
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");

export const createProjectBody = z.strictObject({ name: projectName });
export const renameProjectBody = z.strictObject({ name: projectName });

/**
 * DELETE /api/projects/[id]: the project's private avatars are reusable in every project, so they are
 * kept (detached from it) unless `deleteAvatars=true` asks to delete them with it.
 */
export const deleteProjectQuery = z.strictObject({
  deleteAvatars: z
    .enum(["true", "false"], { message: "deleteAvatars must be true or false" })
    .default("false")
    .transform((value) => value === "true")
    .describe("true: also delete the avatars made in this project, with their images and clips (default false: they are kept, with no project)"),
});

export const projectResponse = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
  counts: z.object({ avatars: z.number().int(), bRolls: z.number().int() }),
  /** A picture of its newest ready clip (a b-roll's thumbnail or an avatar's picture), null while it has none. */
  coverUrl: z.string().nullable(),
});

export const projectListResponse = z.object({ projects: z.array(projectResponse) });

export type ProjectResponse = z.output<typeof projectResponse>;
export type ProjectListResponse = z.output<typeof projectListResponse>;
