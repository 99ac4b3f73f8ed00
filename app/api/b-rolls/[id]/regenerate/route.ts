import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { regenerateBRollBody } from "@/_shared/schemas/b-roll";
import { idParams } from "@/_shared/schemas/common";

// POST /api/b-rolls/[id]/regenerate - a new b-roll from the same source (image, format) with another prompt; the original is kept (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", params: idParams, body: regenerateBRollBody, idempotent: true, status: 202 }, ({ user, params, body, idempotency }) =>
  contentGeneration.regenerateBRoll({ user, id: params.id, body, idempotency }),
);
