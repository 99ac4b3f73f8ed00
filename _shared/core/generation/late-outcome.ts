import "server-only";
// A success Fal reports after the deadline failed the job. The reconciler cancels the request, but a
// cancel only removes a queued request: a running one finishes and is billed all the same. Its clip
// is kept: the job is finalised late (`completed`, errorCode `finished_late`) and its avatar or b-roll
// turns `ready`, unless it has had a newer generation since (a retry), which the late clip must not
// overwrite. The job stays one row, so its spend is counted once (spend/spend.ts reads jobs).
import { getEnv } from "@/_shared/lib/env";
import { prisma, type Tx } from "@/_shared/lib/prisma";
import { enqueue, QUEUES } from "@/_shared/lib/queue";
import { toJson, type JobOutcome } from "./jobs";
import { reportJobEvent } from "./telemetry";

/** The errorCode of a job the reconciler failed at JOB_DEADLINE_MINUTES. */
export const DEADLINE_FAILURE_CODE = "timeout";

/** What a job finalised after its deadline keeps in its log (status `completed`). */
export function lateCompletionNote() {
  return { errorCode: "finished_late", error: `Finished after the ${getEnv().JOB_DEADLINE_MINUTES}-minute deadline; the clip was kept.` };
}

interface JobResource {
  id: string;
  createdAt: Date;
  avatarId: string | null;
  bRollId: string | null;
}

/** True when the job's avatar or b-roll has a newer generation (or is gone): a late clip must not touch it. */
export async function isSuperseded(db: Tx | typeof prisma, job: JobResource): Promise<boolean> {
  const resource = job.bRollId ? { bRollId: job.bRollId } : job.avatarId ? { avatarId: job.avatarId } : null;
  if (!resource) return true;
  const newer = await db.generationJob.findFirst({ where: { ...resource, id: { not: job.id }, createdAt: { gte: job.createdAt } }, select: { id: true } });
  return newer !== null;
}

/** Stores a late success of a job failed at its deadline and hands it to a finalize worker; false when there is nothing to keep. */
export async function recordLateOutcome(jobId: string, outcome: JobOutcome): Promise<boolean> {
  if (!outcome.ok) return false;
  const job = await prisma.generationJob.findUnique({ where: { id: jobId }, select: { id: true, createdAt: true, avatarId: true, bRollId: true } });
  if (!job || (await isSuperseded(prisma, job))) return false;
  const { count } = await prisma.generationJob.updateMany({
    where: { id: jobId, status: "failed", errorCode: DEADLINE_FAILURE_CODE, outcomeAt: null },
    data: { output: toJson(outcome), outcomeAt: new Date() },
  });
  if (count === 1) {
    await enqueue(QUEUES.finalize, { jobId }, { singletonKey: jobId });
    await reportJobEvent(jobId, "outcome", { source: outcome.source, ok: true, late: true });
  }
  return count === 1;
}
