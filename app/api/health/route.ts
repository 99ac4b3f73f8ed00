import { getHealth } from "@/_shared/core/monitoring/health";
import { route } from "@/_shared/lib/route";

// GET /api/health - database, storage and cache reachability (200 when all are up, else 503)
export const GET = route({ auth: "none" }, async () => {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
