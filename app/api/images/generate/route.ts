import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { generateImageBody } from "@/_shared/schemas/image";

// POST /api/images/generate - FLUX text-to-image into a temporary session (synchronous); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: generateImageBody, idempotent: true }, ({ user, body, idempotency }) =>
  contentGeneration.generateImages({ user, prompt: body.prompt, sessionId: body.sessionId, userId: body.userId, options: body, idempotency }),
);
