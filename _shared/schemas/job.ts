import { z } from "zod";
import { JOB_STATUSES } from "./admin-metrics";
import { GENERATION_KINDS } from "./generation-options";

const instant = z.iso.datetime();
const ms = z.number().nullable();

/** GET /api/jobs/:id: one generation job, its queue state, attempts, timings (ISO instants, durations in ms) and error. */
export const jobResponse = z.object({
  id: z.string(),
  kind: z.enum(GENERATION_KINDS),
  model: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  estimatedCostUsd: z.number().nullable(),
  userId: z.string().nullable(),
  projectId: z.string().nullable(),
  avatarId: z.string().nullable(),
  bRollId: z.string().nullable(),
  /** queueMs: created -> accepted by Fal; generationMs: accepted -> outcome; inferenceMs: Fal's own; totalMs: created -> finished. */
  timings: z.object({
    createdAt: instant,
    submittedAt: instant.nullable(),
    outcomeAt: instant.nullable(),
    completedAt: instant.nullable(),
    queueMs: ms,
    generationMs: ms,
    inferenceMs: ms,
    totalMs: ms,
  }),
});
export type JobResponse = z.output<typeof jobResponse>;
export type JobStatus = JobResponse["status"];
