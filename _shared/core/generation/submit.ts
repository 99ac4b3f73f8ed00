import "server-only";
// The submit worker: sends a queued video job to Fal's queue with our webhook URL. Permanent
// failures (bad input, refused content, stored input that no longer validates) fail the job at
// once; transient ones throw so the queue retries with backoff, until the last attempt.
import { prisma } from "@/_shared/lib/prisma";
import { FalError, falAi } from "@/_shared/core/fal-ai.service";
import { kindOfDb } from "./job-kinds";
import { markJobFailed, videoJobInputSchema } from "./jobs";
import { maxSubmissions } from "./resubmit";
import { reportJobEvent } from "./telemetry";

/**
 * Submit worker: sends a queued job to Fal. Permanent failures fail the job at once; transient ones
 * throw so the queue retries with backoff, until the last attempt, which fails the job.
 */
export async function submitJob(jobId: string, { lastAttempt: lastQueueAttempt }: { lastAttempt: boolean }) {
  const job = await prisma.generationJob.findUnique({ where: { id: jobId } });
  if (!job || job.status !== "queued") return;
  // The budget is the job's, not only this queue message's: a resubmitted job has spent some already.
  const lastAttempt = lastQueueAttempt || job.attempts + 1 >= maxSubmissions();
  if (!job.avatarId && !job.bRollId) {
    // Its avatar or b-roll was deleted before submission: nothing to pay Fal for.
    return markJobFailed(jobId, { code: "resource_deleted", message: "The avatar or b-roll was deleted.", detail: jobId });
  }
  const input = videoJobInputSchema.safeParse(job.input);
  if (!input.success) {
    return markJobFailed(jobId, { code: "invalid_input", message: "This generation's stored request is not valid. Create a new one.", detail: input.error.message.slice(0, 500) });
  }
  const { sourceImageKey, falInput, previousFalRequestIds, fallbackFrom } = input.data;
  await prisma.generationJob.update({ where: { id: jobId }, data: { attempts: { increment: 1 } } });
  try {
    const imageUrl = sourceImageKey ? await falAi.uploadInputImage(sourceImageKey, kindOfDb(job.kind)) : undefined;
    // The job's own model: the role's when it was created, or its fallback once it continued on it.
    const request = await falAi.submit(kindOfDb(job.kind), { ...falInput, ...(imageUrl ? { image_url: imageUrl } : {}) }, { model: job.model });
    const { count } = await prisma.generationJob.updateMany({
      where: { id: jobId, status: "queued" },
      data: {
        status: "submitted",
        falRequestId: request.requestId,
        falStatusUrl: request.statusUrl,
        falResponseUrl: request.responseUrl,
        submittedAt: new Date(),
        falQueuePosition: request.queuePosition ?? null,
        startedAt: null,
        error: null,
        errorCode: null,
      },
    });
    if (count === 1) {
      await linkFalRequestId(jobId, request.requestId);
      await reportJobEvent(jobId, previousFalRequestIds?.length || fallbackFrom ? "resubmitted" : "submitted", { requestId: request.requestId });
    }
  } catch (error) {
    const failure = error instanceof FalError ? error.failure : { permanent: false, code: "internal", message: "Submission failed; retrying.", detail: String(error) };
    if (failure.permanent || lastAttempt) {
      await markJobFailed(jobId, lastAttempt && !failure.permanent ? { ...failure, message: "The generation service kept failing. Try again later." } : failure);
      return;
    }
    await prisma.generationJob.update({ where: { id: jobId }, data: { error: failure.message, errorCode: failure.code } });
    await reportJobEvent(jobId, "submit_retry", { errorCode: failure.code, detail: failure.detail });
    throw error;
  }
}

async function linkFalRequestId(jobId: string, requestId: string) {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { avatarId: true, bRollId: true } });
  if (job.avatarId) await prisma.avatar.updateMany({ where: { id: job.avatarId }, data: { falVideoJobId: requestId } });
  if (job.bRollId) await prisma.bRoll.updateMany({ where: { id: job.bRollId }, data: { falJobId: requestId } });
}
