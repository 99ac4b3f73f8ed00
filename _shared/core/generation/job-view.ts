import "server-only";
// What the API (GET /api/jobs/:id) and the job telemetry (logs, metrics, alerts) read of a generation
// job, and its durations, in one place.
import { notFound } from "@/_shared/lib/errors";
import { prisma, type Prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { jobRequests } from "./job-requests";
import { kindOfDb } from "./job-kinds";

export const jobViewSelect = {
  id: true,
  kind: true,
  model: true,
  status: true,
  attempts: true,
  error: true,
  errorCode: true,
  estimatedCostUsd: true,
  userId: true,
  projectId: true,
  avatarId: true,
  bRollId: true,
  createdAt: true,
  submittedAt: true,
  outcomeAt: true,
  completedAt: true,
  inferenceMs: true,
  falRequestId: true,
  falRequests: true,
} satisfies Prisma.GenerationJobSelect;

export type JobViewRow = Prisma.GenerationJobGetPayload<{ select: typeof jobViewSelect }>;

const between = (from: Date | null, to: Date | null) => (from && to ? Math.max(0, to.getTime() - from.getTime()) : null);

/** The job's fields as the API and the logs show them (cost as a number). */
export function jobCore(job: JobViewRow) {
  return {
    id: job.id,
    kind: kindOfDb(job.kind),
    model: job.model,
    status: job.status,
    attempts: job.attempts,
    error: job.error,
    errorCode: job.errorCode,
    estimatedCostUsd: job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd),
    userId: job.userId,
    projectId: job.projectId,
    avatarId: job.avatarId,
    bRollId: job.bRollId,
  };
}

/**
 * queueMs: created -> accepted by Fal; generationMs: accepted -> outcome; inferenceMs: Fal's own
 * timing; totalMs: created -> finished (`endedAt` stands in for a job that ends right now).
 */
export function jobDurations(job: JobViewRow, endedAt: Date | null = null) {
  return {
    queueMs: between(job.createdAt, job.submittedAt),
    generationMs: between(job.submittedAt, job.outcomeAt),
    inferenceMs: job.inferenceMs,
    totalMs: between(job.createdAt, job.completedAt ?? endedAt),
  };
}

/** A job that has ended, as the telemetry reports it (and the alerts read it). */
export type FinishedJob = ReturnType<typeof jobCore> & { timings: ReturnType<typeof jobDurations> };

/** GET /api/jobs/[id]: the caller's job (admins see any), with its queue state and timings. */
export async function getJobForUser({ user, id }: { user: SessionUser; id: string }) {
  const job = await prisma.generationJob.findFirst({ where: { id, ...(user.role === "admin" ? {} : { userId: user.id }) }, select: jobViewSelect });
  if (!job) throw notFound("Job");
  return {
    ...jobCore(job),
    // Every Fal request of the job (two when a refused face went on to the fallback model).
    requests: jobRequests(job),
    timings: {
      createdAt: job.createdAt.toISOString(),
      submittedAt: job.submittedAt?.toISOString() ?? null,
      outcomeAt: job.outcomeAt?.toISOString() ?? null,
      completedAt: job.completedAt?.toISOString() ?? null,
      ...jobDurations(job),
    },
  };
}
