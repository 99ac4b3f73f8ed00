import "server-only";
// One report per pipeline step of a generation job: a structured log line with the job id, model,
// kind, attempts, queue wait, inference time, total time and estimated cost; the matching Prometheus
// metrics; when a job ends, the alert checks; and a notice to the owner's event streams. Reporting
// never throws: a telemetry problem must not fail the step it describes.
import { logger } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";
import { prisma } from "@/_shared/lib/prisma";
import { onJobFailed, onJobFinished } from "@/_shared/core/monitoring/alerts";
import { publishJobUpdate } from "./job-events";
import { jobModels } from "./job-requests";
import { jobCore, jobDurations, jobViewSelect, type FinishedJob } from "./job-view";

export type JobEvent =
  /** Fal accepted the request. */
  | "submitted"
  /** A transient failure (the submit refused, or the request ended by a server error): the job is submitted again. */
  | "submit_retry"
  /** Fal accepted the new request of a resubmitted job (its spend was counted at its first submission). */
  | "resubmitted"
  /** The video model refused the face: the job continues on its fallback model (fallback.ts); its cost is added to the spend. */
  | "fallback"
  /** A webhook or the poller brought the outcome. */
  | "outcome"
  /** A worker claimed the outcome to copy the video. */
  | "finalizing"
  | "completed"
  | "failed";

/** Reports a step of a job. `extra` carries step details (bytes copied, error code, source...). */
export async function reportJobEvent(jobId: string, event: JobEvent, extra: Record<string, unknown> = {}): Promise<void> {
  try {
    const row = await prisma.generationJob.findUnique({ where: { id: jobId }, select: jobViewSelect });
    if (!row) return;
    const ends = event === "completed" || event === "failed";
    const job: FinishedJob = { ...jobCore(row), timings: jobDurations(row, ends ? new Date() : null) };
    const fields = {
      jobId: job.id,
      event,
      model: job.model,
      kind: job.kind,
      status: job.status,
      attempts: job.attempts,
      estimatedCostUsd: job.estimatedCostUsd,
      ...job.timings,
      ...(job.userId ? { userId: job.userId } : {}),
      ...(job.avatarId ? { avatarId: job.avatarId } : {}),
      ...(job.bRollId ? { bRollId: job.bRollId } : {}),
      ...(event === "failed" ? { errorCode: job.errorCode, error: job.error } : {}),
      // Which models the job asked, in order (two when a refused face went on to the fallback model).
      ...(ends ? { models: jobModels(row) } : {}),
      ...extra,
    };
    if (event === "failed") logger.warn("generation job failed", fields);
    else logger.info(`generation job ${event.replace("_", " ")}`, fields);

    const metrics = getMetrics();
    const labels = { model: job.model, kind: job.kind };
    if (event === "resubmitted") metrics.falSubmissions.inc(labels);
    if (event === "fallback" && typeof extra.addedCostUsd === "number") metrics.spend.inc({ model: job.model }, extra.addedCostUsd);
    if (event === "submitted") {
      metrics.falSubmissions.inc(labels);
      if (job.estimatedCostUsd) metrics.spend.inc({ model: job.model }, job.estimatedCostUsd);
      if (job.timings.queueMs !== null) metrics.generationDuration.observe({ ...labels, phase: "queue" }, job.timings.queueMs / 1000);
    }
    if (event === "completed" || event === "failed") {
      metrics.falJobs.inc({ ...labels, outcome: event });
      if (job.timings.inferenceMs !== null) metrics.generationDuration.observe({ ...labels, phase: "inference" }, job.timings.inferenceMs / 1000);
      if (job.timings.totalMs !== null) metrics.generationDuration.observe({ ...labels, phase: "total" }, job.timings.totalMs / 1000);
      if (event === "failed") await onJobFailed(job);
      await onJobFinished(job);
    }
  } catch (error) {
    logger.warn("job telemetry failed", { jobId, event, error });
  }
  // Every step is a change the owner's event streams show (stage, spend).
  await publishJobUpdate(jobId);
}

/** Records the copy of a finished video into our bucket. */
export function reportFinalization(kind: string, seconds: number, bytes: number) {
  const metrics = getMetrics();
  metrics.finalizeDuration.observe({ kind }, seconds);
  metrics.finalizeBytes.inc({ kind }, bytes);
}
