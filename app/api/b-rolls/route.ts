import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { createBRollBody, listBRollsQuery } from "@/_shared/schemas/b-roll";

// GET /api/b-rolls - the caller's b-rolls (all projects), newest first; projectId/status/type filters, page/limit
export const GET = route({ auth: "user", query: listBRollsQuery }, ({ user, query }) => contentGeneration.listBRolls({ user, query }));

// POST /api/b-rolls - create a b-roll, or 2-4 takes of it (202, processing); Idempotency-Key replays the first answer
export const POST = route({ auth: "user", body: createBRollBody, idempotent: true, status: 202 }, ({ user, body, idempotency }) =>
  contentGeneration.generateBRoll({ user, input: body, idempotency }),
);
