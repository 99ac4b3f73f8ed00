import { getUsageMetrics } from "@/_shared/core/monitoring/usage";
import { route } from "@/_shared/lib/route";
import { adminMetricsQuery } from "@/_shared/schemas/admin-metrics";

// GET /api/admin/metrics - usage of the period [from, to) (UTC; default the last 30 days): jobs, success
// rates, p50/p95 generation time, estimated spend per day/user/project/model, stuck jobs, alerts (admin)
export const GET = route({ auth: "admin", query: adminMetricsQuery }, ({ query }) => getUsageMetrics(query));
