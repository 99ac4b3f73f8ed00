import { z } from "zod";
import { videoOptionsSchema } from "@/_shared/schemas/generation-options";
import { avatarResponse } from "./avatar";
import { consentAttestation } from "./provenance";

// ----- GET /api/avatars/public -----

/** `most-used`: how often an avatar was used (added to a project, or a clip made from its picture), most first. */
export const LIBRARY_SORTS = ["newest", "oldest", "name", "most-used"] as const;
const STATUSES = ["processing", "ready", "failed"] as const;
/** Query parameters that are not tag filters; every other parameter names a tag category. */
const LISTING_PARAMS = ["page", "limit", "sort", "q", "status", "favorites"];

/** `a,b` and a repeated parameter alike (the route wrapper makes repeats an array): trimmed, lower case, deduplicated. */
const slugList = z.preprocess(
  (value) => (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(",")),
  z
    .array(z.string().trim().toLowerCase().max(64, "a slug has at most 64 characters"))
    .transform((items) => [...new Set(items.filter(Boolean))])
    .pipe(z.array(z.string()).max(30, "at most 30 values per parameter")),
);

/**
 * The one parameter name a parsed object cannot keep (zod drops it: assigning it would replace the
 * result's prototype), so it is refused here as the unknown filter it is; empty, it filters nothing
 * like any other. Other prototype names (`constructor`, `toString`) are kept and refused by the library.
 */
function refuseProtoFilter(raw: unknown, ctx: z.RefinementCtx): unknown {
  if (raw && typeof raw === "object" && Object.hasOwn(raw, "__proto__")) {
    const values = slugList.safeParse((raw as Record<string, unknown>)["__proto__"]);
    if (!values.success || values.data.length) {
      ctx.addIssue({ code: "custom", path: ["__proto__"], message: `unknown filter "__proto__": not a tag category nor ${LISTING_PARAMS.join(", ")}` });
    }
  }
  return raw;
}

export const publicAvatarListQuery = z
  .preprocess(refuseProtoFilter, z.looseObject({
    page: z.coerce.number({ message: "page must be a whole number from 1" }).int("page must be a whole number from 1").min(1, "page must be a whole number from 1").max(1_000_000, "page must be at most 1000000").default(1),
    limit: z.coerce.number({ message: "limit must be a whole number from 1 to 50" }).int("limit must be a whole number from 1 to 50").min(1, "limit must be a whole number from 1 to 50").max(50, "limit must be a whole number from 1 to 50").default(10),
    sort: z.enum(LIBRARY_SORTS, { message: `sort must be one of ${LIBRARY_SORTS.join(", ")}` }).default("newest"),
    q: z.string({ message: "q must be given once" }).trim().max(100, "q must be at most 100 characters").optional(),
    status: slugList.pipe(z.array(z.enum(STATUSES, { message: `status must be among ${STATUSES.join(", ")}` }))).optional(),
    favorites: z.enum(["true", "false"], { message: "favorites must be true or false" }).optional(),
  }))
  .transform((input, ctx) => {
    // No prototype: a category named `constructor` or `toString` is a key like any other.
    const filters: Record<string, string[]> = Object.create(null);
    for (const [key, raw] of Object.entries(input)) {
      if (LISTING_PARAMS.includes(key)) continue;
      const values = slugList.safeParse(raw);
      if (!values.success) {
        for (const issue of values.error.issues) ctx.addIssue({ code: "custom", path: [key, ...issue.path], message: issue.message });
        continue;
      }
      // An empty value (`industrie=`, as an unselected form field sends it) filters nothing.
      const category = key.toLowerCase();
      if (values.data.length) filters[category] = [...new Set([...(filters[category] ?? []), ...values.data])];
    }
    const status = input.status?.length ? input.status : undefined;
    return { page: input.page, limit: input.limit, sort: input.sort, q: input.q || undefined, status, favorites: input.favorites === "true", filters };
  });
export type PublicAvatarListQuery = z.output<typeof publicAvatarListQuery>;

/**
 * One avatar of the listing: `usageCount` is what the `most-used` sort orders by; `favorite` is
 * whether the signed-in caller starred it (absent for anonymous callers).
 */
export const publicAvatarListItem = avatarResponse.extend({ usageCount: z.number().int(), favorite: z.boolean().optional() });
export type PublicAvatarListItem = z.output<typeof publicAvatarListItem>;

export const publicAvatarListResponse = z.object({
  avatars: z.array(publicAvatarListItem),
  total: z.number().int(),
  hasMore: z.boolean(),
  page: z.number().int(),
  limit: z.number().int(),
});
export type PublicAvatarListResponse = z.output<typeof publicAvatarListResponse>;

// ----- admin writes -----

const avatarName = z
  .string({ message: "name is required" })
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");
const tagIds = z.array(z.string().min(1).max(64), { message: "tagIds must be an array of tag ids" }).min(1, "tagIds must not be empty").max(30, "at most 30 tags");
const tagSlugs = z.array(z.string().trim().toLowerCase().min(1).max(64), { message: "tagSlugs must be an array of tag slugs" }).min(1, "tagSlugs must not be empty").max(30, "at most 30 tags");
/** The motion Seedance is asked for (default: DEFAULT_AVATAR_MOTION, as for private avatars). */
const motionPrompt = z.string({ message: "prompt must be a string" }).trim().min(1, "prompt must not be empty").max(2000, "prompt must be at most 2000 characters");

/** Tags are given by id or by slug, not both. */
function oneTagField(required: boolean) {
  return (body: { tagIds?: string[]; tagSlugs?: string[] }, ctx: z.RefinementCtx) => {
    if (body.tagIds && body.tagSlugs) ctx.addIssue({ code: "custom", path: ["tagSlugs"], message: "give tagIds or tagSlugs, not both" });
    else if (required && !body.tagIds && !body.tagSlugs) ctx.addIssue({ code: "custom", path: ["tagIds"], message: "tagIds or tagSlugs is required" });
  };
}

export const createPublicAvatarBody = z
  .strictObject({
    name: avatarName,
    imageUrl: z.string({ message: "imageUrl is required" }).min(1, "imageUrl must not be empty").max(2048),
    tagIds: tagIds.optional(),
    tagSlugs: tagSlugs.optional(),
    prompt: motionPrompt.optional(),
    consent: consentAttestation.optional(),
    ...videoOptionsSchema.shape,
  })
  .superRefine(oneTagField(true));
export type CreatePublicAvatarBody = z.output<typeof createPublicAvatarBody>;

export const updatePublicAvatarBody = z
  .strictObject({ name: avatarName.optional(), tagIds: tagIds.optional(), tagSlugs: tagSlugs.optional() })
  .superRefine(oneTagField(false))
  .refine((body) => body.name !== undefined || body.tagIds !== undefined || body.tagSlugs !== undefined, "give name, tagIds or tagSlugs");
export type UpdatePublicAvatarBody = z.output<typeof updatePublicAvatarBody>;

/** A retry may change the motion prompt or the video options (e.g. after a refusal); by default it repeats the last request. */
export const retryPublicAvatarBody = z.strictObject({ prompt: motionPrompt.optional(), ...videoOptionsSchema.shape }).optional();
export type RetryPublicAvatarBody = z.output<typeof retryPublicAvatarBody>;

/** The reply of create and retry: the avatar, with what its generation is expected to cost. */
export const publicAvatarWithCost = avatarResponse.extend({ estimatedCostUsd: z.number() });
export type PublicAvatarWithCost = z.output<typeof publicAvatarWithCost>;
