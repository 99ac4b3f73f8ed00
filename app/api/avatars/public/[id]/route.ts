import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { updatePublicAvatarBody } from "@/_shared/schemas/public-avatar";

// GET /api/avatars/public/[id] - one library avatar (404 unless public and ready; admins see any status)
export const GET = route({ auth: "public", params: idParams }, ({ user, params }) => avatarService.getPublicAvatar({ user, id: params.id }));

// PUT /api/avatars/public/[id] - rename and/or retag (admin)
export const PUT = route({ auth: "admin", params: idParams, body: updatePublicAvatarBody }, ({ user, params, body }) =>
  avatarService.updatePublicAvatar({ user, id: params.id, body }),
);

// PATCH /api/avatars/public/[id] - the same update as PUT: every resource renames with PATCH (admin)
export const PATCH = PUT;

// DELETE /api/avatars/public/[id] - delete with its image and clip (admin, 204)
export const DELETE = route({ auth: "admin", params: idParams, status: 204 }, ({ user, params }) =>
  avatarService.deletePublicAvatar({ user, id: params.id }),
);
