import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { createVariationsBody } from "@/_shared/schemas/avatar-variations";

// POST /api/avatars/private/variations - pictures x motions, one private avatar clip each (202, processing); the cap counts the whole grid; Idempotency-Key replays the grid
export const POST = route({ auth: "user", body: createVariationsBody, idempotent: true, status: 202 }, ({ user, body, idempotency }) =>
  avatarService.createVariations({ user, body, idempotency }),
);
