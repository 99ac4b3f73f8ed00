import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { generateImages } from "@/_shared/core/images/image-sessions";
import { route } from "@/_shared/lib/route";
import { generateImageBody } from "@/_shared/schemas/image";

// POST /api/images/generate - FLUX text-to-image into a temporary session (synchronous); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: generateImageBody }, ({ user, body, req }) =>
  generateImages({ user, prompt: body.prompt, sessionId: body.sessionId, userId: body.userId, options: body, idempotency: readIdempotency(req.headers, body) }),
);
