import { z } from "zod";
import { GENERATION_KINDS } from "./generation-options";

/** Wire values of a generation job's status. */
export const JOB_STATUSES = ["queued", "submitted", "finalizing", "completed", "failed"] as const;

const instant = z.iso.datetime();
const ms = z.number().nullable();

/**
 * One Fal request of a job. A job makes one, or two when the video model refused a face and the job
 * continued on the fallback model (`refused`, then the fallback's); each with its estimated cost.
 */
export const falRequestSchema = z.object({
  model: z.string(),
  requestId: z.string().nullable(),
  status: z.enum([...JOB_STATUSES, "refused"]),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  estimatedCostUsd: z.number().nullable(),
  submittedAt: instant.nullable(),
  endedAt: instant.nullable(),
});
export type FalRequestEntry = z.output<typeof falRequestSchema>;

/** What every job reply shows: its kind and model, state, attempts, estimated cost (all its requests), error and resource. */
const jobSummary = {
  id: z.string(),
  kind: z.enum(GENERATION_KINDS),
  model: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  estimatedCostUsd: z.number().nullable(),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  avatarId: z.string().nullable(),
  bRollId: z.string().nullable(),
  /** Its Fal requests in order; the last one is the job's current model. */
  requests: z.array(falRequestSchema),
};

/** GET /api/jobs/:id: one generation job, its queue state, attempts, timings (ISO instants, durations in ms) and error. */
export const jobResponse = z.object({
  ...jobSummary,
  userId: z.string().nullable(),
  projectId: z.string().nullable(),
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

/** GET /api/admin/jobs: the jobs newest first, optionally of one status, a page at a time (`limit` is the page size). */
export const adminJobsQuery = z.strictObject({
  limit: z.coerce.number({ message: "limit must be a whole number from 1 to 200" }).int("limit must be a whole number from 1 to 200").min(1, "limit must be a whole number from 1 to 200").max(200, "limit must be a whole number from 1 to 200").default(50),
  page: z.coerce.number({ message: "page must be a whole number from 1" }).int("page must be a whole number from 1").min(1, "page must be a whole number from 1").max(1_000_000, "page must be at most 1000000").default(1),
  status: z.enum(JOB_STATUSES).optional(),
});

/**
 * What a job made, for the admin's link to it: a b-roll (its project, when it is the admin's own, so
 * the project page opens), an avatar (public or private) or a picture, with the media URL of its
 * clip or picture while it exists. Null when the job made nothing that still exists.
 */
export const jobOutput = z.object({
  type: z.enum(["b-roll", "public-avatar", "private-avatar", "picture"]),
  name: z.string().nullable(),
  mediaUrl: z.string().nullable(),
  projectId: z.string().nullable(),
});
export type JobOutput = z.output<typeof jobOutput>;

/** One row of GET /api/admin/jobs: `library` marks a public avatar's job (made by the admin in `user`). */
export const adminJob = z.object({
  ...jobSummary,
  createdAt: z.iso.datetime(),
  /** created -> completed; null while it runs. */
  durationMs: z.number().nullable(),
  user: z.object({ email: z.string() }).nullable(),
  library: z.boolean(),
  output: jobOutput.nullable(),
});
export const adminJobListResponse = z.object({
  jobs: z.array(adminJob),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
});
export type AdminJob = z.output<typeof adminJob>;
export type AdminJobListResponse = z.output<typeof adminJobListResponse>;
