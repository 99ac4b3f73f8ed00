import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { updateBRollBody } from "@/_shared/schemas/b-roll";
import { idParams } from "@/_shared/schemas/common";

// GET /api/b-rolls/[id] - one of the caller's b-rolls
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => contentGeneration.getBRoll({ user, id: params.id }));

// PATCH /api/b-rolls/[id] - rename and/or keep (favorite)
export const PATCH = route({ auth: "user", params: idParams, body: updateBRollBody }, ({ user, params, body }) =>
  contentGeneration.updateBRoll({ user, id: params.id, body }),
);

// DELETE /api/b-rolls/[id] - delete the b-roll, its video and its thumbnail (204)
export const DELETE = route({ auth: "user", params: idParams, status: 204 }, ({ user, params }) =>
  contentGeneration.deleteBRoll({ user, id: params.id }),
);
