import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { modifyImageBody } from "@/_shared/schemas/image";

// POST /api/images/modify - FLUX Kontext edit of one of the caller's images (synchronous); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: modifyImageBody, idempotent: true }, ({ user, body, idempotency }) =>
  contentGeneration.modifyImage({ user, imageUrl: body.imageUrl, modifications: body.modifications, sessionId: body.sessionId, options: body, idempotency }),
);
