import { retryBRoll } from "@/_shared/core/b-rolls/b-rolls";
import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// POST /api/b-rolls/[id]/retry - generate a failed b-roll again, same request (202, processing; 409 unless failed)
export const POST = route({ auth: "user", params: idParams, status: 202 }, ({ user, params, req }) =>
  retryBRoll({ user, id: params.id, idempotency: readIdempotency(req.headers, { retryOf: params.id }) }),
);
