import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { regeneratePrivateAvatarBody } from "@/_shared/schemas/private-avatar";

// POST /api/avatars/private/[id]/regenerate - a new avatar from the same picture with another motion prompt; the original is kept (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", params: idParams, body: regeneratePrivateAvatarBody, idempotent: true, status: 202 }, ({ user, params, body, idempotency }) =>
  avatarService.regeneratePrivateAvatar({ user, id: params.id, body, idempotency }),
);
