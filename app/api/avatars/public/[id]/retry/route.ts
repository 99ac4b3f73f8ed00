import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { retryPublicAvatarBody } from "@/_shared/schemas/public-avatar";

// POST /api/avatars/public/[id]/retry - generate the clip of a failed avatar again (admin, 202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "admin", params: idParams, body: retryPublicAvatarBody, idempotent: true, status: 202 }, ({ user, params, body, idempotency }) =>
  avatarService.retryPublicAvatar({ user, id: params.id, body, idempotency }),
);
