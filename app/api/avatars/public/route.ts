import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { createPublicAvatar } from "@/_shared/core/avatars/public-avatars";
import { listPublicAvatars } from "@/_shared/core/library/public-library";
import { route } from "@/_shared/lib/route";
import { createPublicAvatarBody, publicAvatarListQuery } from "@/_shared/schemas/public-avatar";

// GET /api/avatars/public - the library: ?sexe=homme&industrie=medical,tech&page=1&limit=10&sort=newest&q=
export const GET = route({ auth: "public", query: publicAvatarListQuery }, ({ user, query }) => listPublicAvatars({ user, query }));

// POST /api/avatars/public - create a public avatar from one of our images (admin, 202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "admin", body: createPublicAvatarBody, status: 202 }, ({ user, body, req }) =>
  createPublicAvatar({ user, body, idempotency: readIdempotency(req.headers, body) }),
);
