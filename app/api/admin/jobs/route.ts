import { z } from "zod";
import { listRecentJobs } from "@/_shared/core/admin-jobs.service";
import { route } from "@/_shared/lib/route";

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(["queued", "submitted", "finalizing", "completed", "failed"]).optional(),
});

// GET /api/admin/jobs - recent generation jobs with status, model, duration, cost and error (admin)
export const GET = route({ auth: "admin", query }, ({ query }) => listRecentJobs(query));
