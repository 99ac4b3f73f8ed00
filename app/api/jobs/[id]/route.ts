import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/jobs/[id] - the caller's generation job: queue state, attempts, timings, error
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => contentGeneration.getGenerationStatus({ user, id: params.id }));
