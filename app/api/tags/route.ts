import { createTag, listTags } from "@/_shared/core/library/tags";
import { route } from "@/_shared/lib/route";
import { createTagBody, listTagsQuery } from "@/_shared/schemas/tag";

// GET /api/tags - every tag category with its tags, sorted by name (?category=<slug> narrows to one; ?counts=true adds avatarCount)
export const GET = route({ auth: "public", query: listTagsQuery }, ({ user, query }) => listTags({ category: query.category, counts: query.counts, user }));

// POST /api/tags - create a tag in a category (admin, 201); its slug is made from the name
export const POST = route({ auth: "admin", body: createTagBody, status: 201 }, ({ user, body }) =>
  createTag({ user, name: body.name, categorySlug: body.categorySlug }),
);
