import { retryPrivateAvatar } from "@/_shared/core/private-avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// POST /api/avatars/private/[id]/retry - generate a failed avatar's clip again (202, processing)
export const POST = route({ auth: "user", params: idParams, status: 202 }, ({ user, params }) => retryPrivateAvatar({ user, id: params.id }));
