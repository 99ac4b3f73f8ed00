import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { duplicateBody, idParams } from "@/_shared/schemas/common";

// POST /api/b-rolls/[id]/duplicate - copy a ready b-roll into one of the caller's projects, with its own copies of the clip, thumbnail and source picture (201)
export const POST = route({ auth: "user", params: idParams, body: duplicateBody, status: 201 }, ({ user, params, body }) =>
  contentGeneration.duplicateBRoll({ user, id: params.id, projectId: body.projectId }),
);
