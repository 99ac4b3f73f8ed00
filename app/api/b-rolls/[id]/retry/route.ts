import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// POST /api/b-rolls/[id]/retry - generate a failed b-roll again, same request (202, processing; 409 unless failed); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", params: idParams, idempotent: true, status: 202 }, ({ user, params, idempotency }) =>
  contentGeneration.retryBRoll({ user, id: params.id, idempotency }),
);
