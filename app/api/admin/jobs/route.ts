import { listRecentJobs } from "@/_shared/core/generation/admin-jobs";
import { route } from "@/_shared/lib/route";
import { adminJobsQuery } from "@/_shared/schemas/job";

// GET /api/admin/jobs - recent generation jobs with status, model, duration, cost and error (admin)
export const GET = route({ auth: "admin", query: adminJobsQuery }, ({ query }) => listRecentJobs(query));
