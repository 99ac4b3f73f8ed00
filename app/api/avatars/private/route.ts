import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { createPrivateAvatarBody, privateAvatarQuery } from "@/_shared/schemas/private-avatar";

// GET /api/avatars/private - all of the caller's private avatars, every project (filters: projectId, status)
export const GET = route({ auth: "user", query: privateAvatarQuery }, ({ user, query }) => avatarService.getUserAvatars({ user, ...query }));

// POST /api/avatars/private - create a private avatar from one of the caller's images (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: createPrivateAvatarBody, idempotent: true, status: 202 }, ({ user, body, idempotency }) =>
  avatarService.createPrivateAvatar({ user, body, idempotency }),
);
