import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { gridParams } from "@/_shared/schemas/avatar-variations";

// GET /api/avatars/private/variations/:gridId - one of the caller's grids with its clips (row: picture, column: motion)
export const GET = route({ auth: "user", params: gridParams }, ({ user, params }) => avatarService.getVariationGrid({ user, gridId: params.gridId }));
