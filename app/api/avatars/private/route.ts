import { createPrivateAvatar, getUserAvatars } from "@/_shared/core/avatars/private-avatars";
import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { route } from "@/_shared/lib/route";
import { createPrivateAvatarBody, privateAvatarQuery } from "@/_shared/schemas/private-avatar";

// GET /api/avatars/private - all of the caller's private avatars, every project (filters: projectId, status)
export const GET = route({ auth: "user", query: privateAvatarQuery }, ({ user, query }) => getUserAvatars({ user, ...query }));

// POST /api/avatars/private - create a private avatar from one of the caller's images (202, processing)
export const POST = route({ auth: "user", body: createPrivateAvatarBody, status: 202 }, ({ user, body, req }) =>
  createPrivateAvatar({ user, body, idempotency: readIdempotency(req.headers, body) }),
);
