import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { createPublicAvatarBody, publicAvatarListQuery } from "@/_shared/schemas/public-avatar";

// GET /api/avatars/public - the library: ?sexe=homme&industrie=medical,tech&page=1&limit=10&sort=newest&q=
export const GET = route({ auth: "public", query: publicAvatarListQuery }, ({ user, query }) => avatarService.filterPublicAvatars({ user, query }));

// POST /api/avatars/public - create a public avatar from one of our images (admin, 202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "admin", body: createPublicAvatarBody, idempotent: true, status: 202 }, ({ user, body, idempotency }) =>
  avatarService.createPublicAvatar({ user, body, idempotency }),
);
