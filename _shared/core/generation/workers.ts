import "server-only";
// Registers the pipeline's handlers on pg-boss. Runs inside the Next.js server by default
// (instrumentation.ts) or in separate `npm run worker` processes (WORKER_MODE=separate); any number
// of them share the queues.
import { getEnv } from "@/_shared/lib/env";
import { logger } from "@/_shared/lib/logger";
import { settleAlertDeliveries } from "@/_shared/lib/alert-webhook";
import { getBoss, QUEUES, stopBoss, workQueue } from "@/_shared/lib/queue";
import { evaluateAlerts } from "@/_shared/core/monitoring/alerts";
import { submitJob } from "./submit";
import { finalizeJob } from "./finalize";
import { sweepTempImages } from "@/_shared/core/images/sweep-temp-images";
import { reconcileJobs } from "./reconcile";
import { failAbandonedRenditions, makeRendition } from "@/_shared/core/renditions/make-rendition";

/** Renditions are CPU work (an ffmpeg encode each): one at a time per process. */
const RENDITION_WORKER_CONCURRENCY = 1;

type JobData = { jobId: string };

export async function startWorkers({ schedule = true }: { schedule?: boolean } = {}) {
  const env = getEnv();
  const boss = await getBoss();
  const options = { includeMetadata: true as const, pollingIntervalSeconds: env.WORKER_POLL_SECONDS };
  const lastAttempt = (job: { retryCount: number; retryLimit: number }) => job.retryCount >= job.retryLimit;

  await workQueue<JobData>(QUEUES.submit, { concurrency: env.SUBMIT_WORKER_CONCURRENCY, pollingIntervalSeconds: env.WORKER_POLL_SECONDS }, (job) =>
    submitJob(job.data.jobId, { lastAttempt: lastAttempt(job) }),
  );
  await workQueue<JobData>(QUEUES.finalize, { concurrency: env.FINALIZE_WORKER_CONCURRENCY, pollingIntervalSeconds: env.WORKER_POLL_SECONDS }, (job) =>
    finalizeJob(job.data.jobId, { lastAttempt: lastAttempt(job) }),
  );
  await workQueue<JobData>(QUEUES.rendition, { concurrency: RENDITION_WORKER_CONCURRENCY, pollingIntervalSeconds: env.WORKER_POLL_SECONDS }, (job) =>
    makeRendition(job.data.jobId, { lastAttempt: lastAttempt(job) }),
  );
  await boss.work(QUEUES.reconcile, options, async () => {
    await reconcileJobs();
    await failAbandonedRenditions();
  });
  await boss.work(QUEUES.sweep, options, async () => {
    await sweepTempImages();
  });
  await boss.work(QUEUES.alertsEvaluate, options, async () => {
    await evaluateAlerts();
  });
  if (schedule) {
    await boss.schedule(QUEUES.reconcile, "* * * * *");
    await boss.schedule(QUEUES.alertsEvaluate, "* * * * *");
    await boss.schedule(QUEUES.sweep, "17 * * * *");
  }
  logger.info("workers started", { queues: Object.values(QUEUES) });
}

/** Inside the web server, unless workers run as separate processes. */
export async function startInlineWorkers() {
  if (getEnv().WORKER_MODE !== "inline") return;
  try {
    await startWorkers();
  } catch (error) {
    logger.error("could not start the background workers; generations will wait until they run", { error });
  }
}

/** Stops taking work, lets running jobs finish, then waits for alert messages still being sent. */
export async function stopWorkers(): Promise<void> {
  await stopBoss();
  await settleAlertDeliveries();
}
