import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { chooseWinnerBody, gridParams } from "@/_shared/schemas/avatar-variations";

// POST /api/avatars/private/variations/:gridId/winner - the chosen clip becomes the avatar; the others are deleted with their objects, or kept
export const POST = route({ auth: "user", params: gridParams, body: chooseWinnerBody }, ({ user, params, body }) =>
  avatarService.chooseVariationWinner({ user, gridId: params.gridId, body }),
);
