// One dynamic folder serves both `/api/tags/[categorySlug]` (GET) and `/api/tags/[id]` (PATCH,
// DELETE): Next.js refuses two differently named dynamic segments at the same level, and the API
// fixes both paths. Category slugs and tag ids never need telling apart: the method decides.
import { deleteTag, getCategory, renameTag } from "@/_shared/core/library/tags";
import { route } from "@/_shared/lib/route";
import { renameTagBody, slugOrIdParams } from "@/_shared/schemas/tag";

// GET /api/tags/[categorySlug] - one category with its tags (404 if unknown)
export const GET = route({ auth: "public", params: slugOrIdParams }, ({ params }) => getCategory({ slug: params.slugOrId.toLowerCase() }));

// PATCH /api/tags/[id] - rename a tag (admin); its slug stays
export const PATCH = route({ auth: "admin", params: slugOrIdParams, body: renameTagBody }, ({ user, params, body }) =>
  renameTag({ user, id: params.slugOrId, name: body.name }),
);

// DELETE /api/tags/[id] - delete a tag and remove it from every avatar (admin, 204)
export const DELETE = route({ auth: "admin", params: slugOrIdParams, status: 204 }, ({ user, params }) =>
  deleteTag({ user, id: params.slugOrId }),
);
