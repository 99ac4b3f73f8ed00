import { createRendition, listRenditions } from "@/_shared/core/renditions/renditions";
import { route } from "@/_shared/lib/route";
import { createRenditionBody, listRenditionsQuery } from "@/_shared/schemas/rendition";

// GET /api/renditions?clipId= - a clip's renditions and posters (the caller's clip, or a public avatar)
export const GET = route({ auth: "user", query: listRenditionsQuery }, ({ user, query }) => listRenditions({ user, clipId: query.clipId }));

// POST /api/renditions - a format or a poster frame of a ready clip (202, processing; the same request answers the same rendition)
export const POST = route({ auth: "user", body: createRenditionBody, status: 202 }, ({ user, body }) => createRendition({ user, input: body }));
