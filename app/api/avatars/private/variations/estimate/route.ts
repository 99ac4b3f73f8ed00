import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { estimateVariationsBody } from "@/_shared/schemas/avatar-variations";

// POST /api/avatars/private/variations/estimate - the price of a whole grid before it starts, and what is left of today's cap
export const POST = route({ auth: "user", body: estimateVariationsBody }, ({ user, body }) => avatarService.estimateVariations({ user, body }));
