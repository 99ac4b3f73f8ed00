import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { renamePrivateAvatarBody } from "@/_shared/schemas/private-avatar";

// GET /api/avatars/private/[id] - one of the caller's private avatars
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => avatarService.getPrivateAvatar({ user, id: params.id }));

// PATCH /api/avatars/private/[id] - rename
export const PATCH = route({ auth: "user", params: idParams, body: renamePrivateAvatarBody }, ({ user, params, body }) =>
  avatarService.renamePrivateAvatar({ user, id: params.id, name: body.name }),
);

// DELETE /api/avatars/private/[id] - delete the avatar, its image and its clip (204)
export const DELETE = route({ auth: "user", params: idParams, status: 204 }, ({ user, params }) => avatarService.deleteAvatar({ user, id: params.id }));
