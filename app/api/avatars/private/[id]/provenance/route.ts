import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/avatars/private/[id]/provenance - how one of the caller's avatars was made, and its consent
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => avatarService.getPrivateAvatarProvenance({ user, id: params.id }));
