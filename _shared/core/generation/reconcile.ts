import "server-only";
// The reconciler, so that nothing stays `processing` forever: re-send lost submissions, poll Fal for
// jobs whose webhook never came (or that a dev machine Fal cannot reach), queue the finalisation of
// outcomes stored without one, take over finalisations whose worker died, and fail jobs past their
// deadline.
import { getEnv } from "@/_shared/lib/env";
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";
import { enqueue, QUEUES } from "@/_shared/lib/queue";
import { FalError, falAi } from "../fal-ai.service";
import { kindOfDb } from "./job-kinds";
import { markJobFailed, recordOutcome } from "./jobs";
import { DEADLINE_FAILURE_CODE } from "./late-outcome";

export interface ReconcileReport {
  resubmitted: number;
  polled: number;
  completedByPoll: number;
  refinalized: number;
  requeuedOutcomes: number;
  timedOut: number;
}

const VIDEO_KINDS = ["image_to_video", "text_to_video"] as const;
const IMAGE_KINDS = ["text_to_image", "image_edit"] as const;

export async function reconcileJobs(now = new Date()): Promise<ReconcileReport> {
  const env = getEnv();
  const report: ReconcileReport = { resubmitted: 0, polled: 0, completedByPoll: 0, refinalized: 0, requeuedOutcomes: 0, timedOut: 0 };
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  const overdue = await prisma.generationJob.findMany({
    where: {
      kind: { in: [...VIDEO_KINDS] },
      status: { in: ["queued", "submitted", "finalizing"] },
      createdAt: { lt: ago(env.JOB_DEADLINE_MINUTES * 60) },
      // A live worker copying the output is not stopped: the result is there (a stale claim is).
      NOT: { status: "finalizing", claimedAt: { gte: ago(env.JOB_EXPIRE_SECONDS) } },
    },
    select: { id: true, falResponseUrl: true },
  });
  for (const job of overdue) {
    // Removes a queued request; a running one finishes, is billed, and its webhook is kept (late-outcome.ts).
    if (job.falResponseUrl) await falAi.cancel(job.falResponseUrl.replace(/\/?$/, "/cancel"));
    await markJobFailed(job.id, { code: DEADLINE_FAILURE_CODE, message: `The generation did not finish within ${env.JOB_DEADLINE_MINUTES} minutes. Try again.`, detail: "deadline" });
    report.timedOut++;
  }

  // Image jobs are answered within the request (FAL_SYNC_TIMEOUT_SECONDS); one still open past the
  // deadline lost its process mid-request: close it so it is neither stuck nor counted as running.
  const abandoned = await prisma.generationJob.findMany({
    where: { kind: { in: [...IMAGE_KINDS] }, status: { in: ["queued", "submitted"] }, createdAt: { lt: ago(env.JOB_DEADLINE_MINUTES * 60) } },
    select: { id: true },
  });
  for (const job of abandoned) {
    await markJobFailed(job.id, { code: "abandoned", message: "The image request was interrupted before it finished. Try again.", detail: "deadline" });
    report.timedOut++;
  }

  const lostSubmits = await prisma.generationJob.findMany({
    where: { kind: { in: [...VIDEO_KINDS] }, status: "queued", attempts: 0, createdAt: { lt: ago(env.RECONCILE_AFTER_SECONDS) } },
    select: { id: true },
  });
  for (const job of lostSubmits) {
    await enqueue(QUEUES.submit, { jobId: job.id }, { singletonKey: `submit:${job.id}` });
    report.resubmitted++;
  }

  const silent = await prisma.generationJob.findMany({
    where: { status: "submitted", outcomeAt: null, submittedAt: { lt: ago(env.RECONCILE_AFTER_SECONDS) } },
    select: { id: true, falStatusUrl: true, falResponseUrl: true, kind: true },
  });
  for (const job of silent) {
    if (!job.falStatusUrl || !job.falResponseUrl) continue;
    report.polled++;
    const kind = kindOfDb(job.kind);
    try {
      const status = await falAi.getJobStatus(job.falStatusUrl, kind);
      if (status.state !== "COMPLETED") continue;
      const result = await falAi.getResult(job.falResponseUrl, kind);
      const outcome = result.ok
        ? { source: "poll" as const, ok: true, payload: result.data }
        : { source: "poll" as const, ok: false, failure: result.failure };
      if (await recordOutcome(job.id, outcome, status.inferenceMs)) report.completedByPoll++;
    } catch (error) {
      logger.warn("reconcile poll failed; will try again", { jobId: job.id, error: error instanceof FalError ? error.failure.detail : String(error) });
    }
  }

  // An outcome stored but never handed to a finalize worker: the database or the process went away
  // between storing it and queueing the finalisation, and Fal's redelivery finds it already stored.
  // (A finalize attempt that failed gives the job back with `error` set: the queue holds its retry.)
  const unqueued = await prisma.generationJob.findMany({
    where: { kind: { in: [...VIDEO_KINDS] }, status: { in: ["queued", "submitted"] }, outcomeAt: { lt: ago(env.RECONCILE_AFTER_SECONDS) }, error: null },
    select: { id: true },
  });
  for (const job of unqueued) {
    await enqueue(QUEUES.finalize, { jobId: job.id }, { singletonKey: job.id });
    report.requeuedOutcomes++;
  }

  const stuck = await prisma.generationJob.findMany({
    where: { status: "finalizing", claimedAt: { lt: ago(env.JOB_EXPIRE_SECONDS) } },
    select: { id: true },
  });
  for (const job of stuck) {
    await enqueue(QUEUES.finalize, { jobId: job.id }, { singletonKey: job.id });
    report.refinalized++;
  }
  if (Object.values(report).some(Boolean)) logger.info("reconciled jobs", { ...report });
  return report;
}
