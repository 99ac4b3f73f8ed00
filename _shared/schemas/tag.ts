import { z } from "zod";
import { slugify } from "@/_shared/lib/slug";

/** A tag's display name: its slug (the filter value) is made from it, so it must contain a letter or digit. */
const tagName = z
  .string({ message: "name is required" })
  .trim()
  .min(1, "name must not be empty")
  .max(60, "name must be at most 60 characters")
  .refine((name) => slugify(name) !== "", "name must contain at least one letter or digit");

const categorySlugParam = z.string().trim().toLowerCase().min(1).max(64);

export const listTagsQuery = z.strictObject({
  category: categorySlugParam.optional(),
  /** `true`: each tag says how many public avatars carry it. */
  counts: z.enum(["true", "false"], { message: "counts must be true or false" }).optional().transform((value) => value === "true"),
});

/** `[slugOrId]`: a category slug for GET, a tag id for PATCH and DELETE (see the route's comment). */
export const slugOrIdParams = z.object({ slugOrId: z.string().min(1).max(64) });

export const createTagBody = z.strictObject({
  name: tagName,
  categorySlug: z.string({ message: "categorySlug is required" }).trim().toLowerCase().min(1, "categorySlug must not be empty").max(64),
});
export const renameTagBody = z.strictObject({ name: tagName });

const tagSummary = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  /** With `?counts=true`: the public avatars carrying the tag (admins: every status; others: ready ones). */
  avatarCount: z.number().int().optional(),
});
export const categoryResponse = z.object({ name: z.string(), slug: z.string(), tags: z.array(tagSummary) });
export const tagListResponse = z.object({ categories: z.array(categoryResponse) });
/** One tag on its own (create, rename): `category` is the category's slug, as on avatars' tags. */
export const tagResponse = tagSummary.extend({ category: z.string() });

export type CategoryResponse = z.output<typeof categoryResponse>;
export type TagListResponse = z.output<typeof tagListResponse>;
export type TagResponse = z.output<typeof tagResponse>;
export type TagSummary = z.output<typeof tagSummary>;
