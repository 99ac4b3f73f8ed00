import { assertMetricsAccess, collectMetrics } from "@/_shared/core/monitoring/metrics-scrape";
import { route } from "@/_shared/lib/route";

// GET /api/metrics - Prometheus text format; Authorization: Bearer <METRICS_TOKEN> (a session grants nothing; 404 while unset)
export const GET = route({ auth: "none" }, async ({ req }) => {
  assertMetricsAccess(req.headers.get("authorization"));
  const { contentType, body } = await collectMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
