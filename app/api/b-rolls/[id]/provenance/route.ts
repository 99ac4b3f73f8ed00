import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/b-rolls/[id]/provenance - how one of the caller's b-rolls was made
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => contentGeneration.getBRollProvenance({ user, id: params.id }));
