import { listBRolls } from "@/_shared/core/b-rolls/b-roll-view";
import { createBRoll } from "@/_shared/core/b-rolls/b-rolls";
import { readIdempotency } from "@/_shared/core/generation/idempotency";
import { route } from "@/_shared/lib/route";
import { createBRollBody, listBRollsQuery } from "@/_shared/schemas/b-roll";

// GET /api/b-rolls - the caller's b-rolls (all projects), newest first; projectId/status/type filters, page/limit
export const GET = route({ auth: "user", query: listBRollsQuery }, ({ user, query }) => listBRolls({ user, query }));

// POST /api/b-rolls - create a b-roll (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: createBRollBody, status: 202 }, ({ user, body, req }) =>
  createBRoll({ user, input: body, idempotency: readIdempotency(req.headers, body) }),
);
