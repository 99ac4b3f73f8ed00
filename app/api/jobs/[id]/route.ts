import { getJobForUser } from "@/_shared/core/generation/jobs";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/jobs/[id] - the caller's generation job: queue state, attempts, timings, error
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => getJobForUser({ user, id: params.id }));
