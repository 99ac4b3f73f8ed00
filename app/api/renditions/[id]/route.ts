import { deleteRendition, getRendition } from "@/_shared/core/renditions/renditions";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/renditions/[id] - one rendition (status, progress, URLs once ready)
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => getRendition({ user, id: params.id }));

// DELETE /api/renditions/[id] - the rendition and its objects (204); a public avatar's shared ones: admins only
export const DELETE = route({ auth: "user", params: idParams, status: 204 }, ({ user, params }) => deleteRendition({ user, id: params.id }));
