import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// POST /api/avatars/private/[id]/retry - generate a failed avatar's clip again, same request (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", params: idParams, idempotent: true, status: 202 }, ({ user, params, idempotency }) =>
  avatarService.retryPrivateAvatar({ user, id: params.id, idempotency }),
);
