import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/avatars/public/[id]/provenance - how a library avatar was made (404 unless ready; admins see any status and who made it)
export const GET = route({ auth: "public", params: idParams }, ({ user, params }) => avatarService.getPublicAvatarProvenance({ user, id: params.id }));
