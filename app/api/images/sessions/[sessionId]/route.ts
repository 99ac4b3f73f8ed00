import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { sessionParams, updateImageSessionBody } from "@/_shared/schemas/image";

// GET /api/images/sessions/[sessionId] - the caller's session as the studio shows it: pictures in order with their edits, the pick, the prompts, requests still running (404 when not theirs)
export const GET = route({ auth: "user", params: sessionParams }, ({ user, params }) => contentGeneration.getImageSession({ user, sessionId: params.sessionId }));

// PATCH /api/images/sessions/[sessionId] - change the pick and/or the prompts
export const PATCH = route({ auth: "user", params: sessionParams, body: updateImageSessionBody }, ({ user, params, body }) =>
  contentGeneration.updateImageSession({ user, sessionId: params.sessionId, body }),
);
