import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";

const wantsStream = (accept: string | null) => /(^|,)\s*text\/event-stream/i.test(accept ?? "");

// GET /api/events - the caller's job progress and spend: a Server-Sent Events stream (Accept: text/event-stream), else the snapshot as JSON
export const GET = route({ auth: "user" }, async ({ req, user }) =>
  wantsStream(req.headers.get("accept")) ? contentGeneration.openEventStream(user, req.signal) : contentGeneration.getEventSnapshot(user),
);
