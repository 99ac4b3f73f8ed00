import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { duplicateBody, idParams } from "@/_shared/schemas/common";

// POST /api/avatars/private/[id]/duplicate - copy a ready avatar into one of the caller's projects, with its own copies of the picture and clip (201)
export const POST = route({ auth: "user", params: idParams, body: duplicateBody, status: 201 }, ({ user, params, body }) =>
  avatarService.duplicatePrivateAvatar({ user, id: params.id, projectId: body.projectId }),
);
