import { listRecentJobs } from "@/_shared/core/generation/admin-jobs";
import { route } from "@/_shared/lib/route";
import { adminJobsQuery } from "@/_shared/schemas/job";

// GET /api/admin/jobs - generation jobs newest first, a page at a time (page, limit, status), each with what it made (admin)
export const GET = route({ auth: "admin", query: adminJobsQuery }, ({ user, query }) => listRecentJobs({ user, ...query }));
