import { z } from "zod";
import { avatarResponse } from "./avatar";
import { idParam } from "./common";

// ----- favourites: PUT / DELETE /api/avatars/public/{id}/favorite -----

/** The caller's star on a public avatar, after the change (both calls are idempotent). */
export const favoriteResponse = z.object({ avatarId: z.string(), favorite: z.boolean() });
export type FavoriteResponse = z.output<typeof favoriteResponse>;

// ----- GET /api/avatars/public/tag-counts -----

/**
 * How many avatars each tag would show, given the listing's other filters: a tag's count applies the
 * search, the favourites filter and the filters of every other category, but not its own category's
 * (tags of one category are OR-ed, so the count is what the tag adds to the listing).
 */
export const tagCountsResponse = z.object({
  /** Avatars matching every active filter (as the listing's `total`). */
  total: z.number().int(),
  /** Tag slug -> avatars; a tag no avatar matches is 0. */
  counts: z.record(z.string(), z.number().int()),
});
export type TagCountsResponse = z.output<typeof tagCountsResponse>;

// ----- public avatars added to a project: /api/projects/{id}/library-avatars -----

export const projectLibraryAvatarParams = z.object({ id: idParam, avatarId: idParam });

/** A library avatar added to a project: the public avatar itself (a reference, not a copy) and when it was added. */
export const projectLibraryAvatar = avatarResponse.extend({ addedAt: z.iso.datetime() });
export const projectLibraryAvatarListResponse = z.object({ avatars: z.array(projectLibraryAvatar) });
export type ProjectLibraryAvatar = z.output<typeof projectLibraryAvatar>;
export type ProjectLibraryAvatarListResponse = z.output<typeof projectLibraryAvatarListResponse>;

/** The reply of linking: `created` is false when the avatar was already in the project. */
export const linkLibraryAvatarResponse = projectLibraryAvatar.extend({ created: z.boolean() });
