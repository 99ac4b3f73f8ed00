import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { projectBRollsQuery } from "@/_shared/schemas/b-roll";
import { idParams } from "@/_shared/schemas/common";

// GET /api/projects/[id]/b-rolls - the project's b-rolls, newest first; status/type filters, page/limit (404 if not the caller's)
export const GET = route({ auth: "user", params: idParams, query: projectBRollsQuery }, ({ user, params, query }) =>
  contentGeneration.listProjectBRolls({ user, projectId: params.id, query }),
);
