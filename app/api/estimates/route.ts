import { estimateGeneration } from "@/_shared/core/spend/estimates";
import { route } from "@/_shared/lib/route";
import { estimateBody } from "@/_shared/schemas/estimate";

// POST /api/estimates - the price of a generation before it is made, and what is left of the caller's daily cap
export const POST = route({ auth: "user", body: estimateBody }, ({ user, body }) => estimateGeneration({ user, request: body }));
