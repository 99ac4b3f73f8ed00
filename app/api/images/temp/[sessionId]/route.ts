import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { sessionParams } from "@/_shared/schemas/image";

// GET /api/images/temp/[sessionId] - the caller's images of that session (empty when unknown)
export const GET = route({ auth: "user", params: sessionParams }, ({ user, params }) => contentGeneration.listSessionImages({ user, sessionId: params.sessionId }));

// DELETE /api/images/temp/[sessionId] - delete the session's images (204)
export const DELETE = route({ auth: "user", params: sessionParams, status: 204 }, ({ user, params }) =>
  contentGeneration.cleanupTempImages({ user, sessionId: params.sessionId }),
);
