import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { retryPrivateAvatar } from "@/_shared/core/avatars/private-avatars";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// POST /api/avatars/private/[id]/retry - generate a failed avatar's clip again (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", params: idParams, status: 202 }, ({ user, params, req }) =>
  retryPrivateAvatar({ user, id: params.id, idempotency: readIdempotency(req.headers, { retryOf: params.id }) }),
);
