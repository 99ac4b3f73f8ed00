import "server-only";
// A request Fal ended with a server error (an ERROR webhook with a 5xx or 429: Fal's side failed, the
// input is fine, nothing was billed) is sent again as a new Fal request of the same job, within the
// job's attempt budget: SUBMIT_RETRY_LIMIT + 1 submissions in all, shared with the submit worker's
// own retries. The job stays one row (one spend); the requests it gave up on are kept in its input.
// An enqueue lost here is not re-sent by the reconciler (it re-sends only jobs never tried, so as
// never to run beside the submit queue's own retry): the deadline fails such a job.
import type { FalFailure } from "@/_shared/lib/fal-errors";
import { getEnv } from "@/_shared/lib/env";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import { enqueueSubmit, toJson, videoJobInputSchema } from "./jobs";
import { reportJobEvent } from "./telemetry";

/** How many Fal submissions one job may make. */
export function maxSubmissions(): number {
  return getEnv().SUBMIT_RETRY_LIMIT + 1;
}

/**
 * Puts a job this worker is finalising back in the submit queue for a new Fal request. False when
 * its attempts are spent (or its stored input is unreadable): the caller fails it.
 */
export async function resubmitJob(jobId: string, failure: Pick<FalFailure, "code" | "message" | "detail">): Promise<boolean> {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { attempts: true, falRequestId: true, input: true } });
  const input = videoJobInputSchema.safeParse(job.input);
  if (job.attempts >= maxSubmissions() || !input.success) return false;
  const previousFalRequestIds = [...(input.data.previousFalRequestIds ?? []), ...(job.falRequestId ? [job.falRequestId] : [])];
  const { count } = await prisma.generationJob.updateMany({
    where: { id: jobId, status: "finalizing", attempts: job.attempts },
    data: {
      status: "queued",
      input: toJson({ ...input.data, previousFalRequestIds }),
      falRequestId: null,
      falStatusUrl: null,
      falResponseUrl: null,
      submittedAt: null,
      output: Prisma.DbNull,
      outcomeAt: null,
      claimedAt: null,
      inferenceMs: null,
      error: "The generation service had a temporary problem; retrying.",
      errorCode: failure.code,
    },
  });
  if (count === 0) return false;
  await reportJobEvent(jobId, "submit_retry", { errorCode: failure.code, detail: failure.detail, previousRequestId: job.falRequestId });
  await enqueueSubmit(jobId);
  return true;
}
