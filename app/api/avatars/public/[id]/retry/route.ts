import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { retryPublicAvatar } from "@/_shared/core/avatars/public-avatars";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { retryPublicAvatarBody } from "@/_shared/schemas/public-avatar";

// POST /api/avatars/public/[id]/retry - generate the clip of a failed avatar again (admin, 202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "admin", params: idParams, body: retryPublicAvatarBody, status: 202 }, ({ user, params, body, req }) =>
  retryPublicAvatar({ user, id: params.id, body, idempotency: readIdempotency(req.headers, { retryOf: params.id, ...body }) }),
);
