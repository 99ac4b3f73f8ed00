import "server-only";
// Durable background work on pg-boss, in the same PostgreSQL: jobs survive restarts, and any number
// of workers on any number of machines share them (SKIP LOCKED). This module only sends; the
// handlers are registered by _shared/core/generation/workers.ts.
import PgBoss from "pg-boss";
import { pgPoolConfig } from "./database-url";
import { getEnv } from "./env";
import { logger } from "./logger";

export const QUEUES = {
  submit: "generation-submit",
  finalize: "generation-finalize",
  reconcile: "generation-reconcile",
  sweep: "temp-images-sweep",
  alertsEvaluate: "alerts-evaluate",
  rendition: "rendition-make",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const globalForBoss = globalThis as typeof globalThis & { boss?: Promise<PgBoss>; localWorkers?: Map<string, string[]> };

/** This process's workers by queue (the server's route modules and its inline workers share them). */
function localWorkers(): Map<string, string[]> {
  globalForBoss.localWorkers ??= new Map();
  return globalForBoss.localWorkers;
}

async function startBoss(): Promise<PgBoss> {
  const env = getEnv();
  // A connection for each worker that may be fetching or completing at once, and a few for sends.
  const connections = Math.max(4, env.SUBMIT_WORKER_CONCURRENCY + env.FINALIZE_WORKER_CONCURRENCY);
  const boss = new PgBoss({ ...pgPoolConfig(env.DATABASE_URL, connections), schema: "pgboss", application_name: "better-ads" });
  boss.on("error", (error) => logger.error("queue error", { error }));
  await boss.start();
  const retry = { retryLimit: env.SUBMIT_RETRY_LIMIT, retryDelay: env.SUBMIT_RETRY_DELAY_SECONDS, retryBackoff: true };
  const expireInSeconds = env.JOB_EXPIRE_SECONDS;
  await boss.createQueue(QUEUES.submit, { name: QUEUES.submit, ...retry, expireInSeconds });
  await boss.createQueue(QUEUES.finalize, { name: QUEUES.finalize, ...retry, expireInSeconds });
  await boss.createQueue(QUEUES.reconcile, { name: QUEUES.reconcile, retryLimit: 0, expireInSeconds });
  await boss.createQueue(QUEUES.sweep, { name: QUEUES.sweep, retryLimit: 0, expireInSeconds });
  await boss.createQueue(QUEUES.alertsEvaluate, { name: QUEUES.alertsEvaluate, retryLimit: 0, expireInSeconds });
  await boss.createQueue(QUEUES.rendition, { name: QUEUES.rendition, ...retry, expireInSeconds });
  return boss;
}

/** The process's pg-boss instance, started (and its queues created) on first use. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.boss ??= startBoss().catch((error: unknown) => {
    globalForBoss.boss = undefined;
    throw error;
  });
  return globalForBoss.boss;
}

export async function enqueue(name: QueueName, data: { jobId: string }, options: PgBoss.SendOptions = {}): Promise<void> {
  const boss = await getBoss();
  await boss.send(name, data, options);
  // A worker of this process (inline mode) takes it now rather than at its next poll; others, in
  // other processes, find it when they poll.
  if (!options.startAfter) wakeOneWorker(boss, name);
}

function wakeOneWorker(boss: PgBoss, name: QueueName): void {
  const ids = localWorkers().get(name);
  const id = ids?.shift();
  if (!ids || !id) return;
  ids.push(id);
  boss.notifyWorker(id);
}

/**
 * `concurrency` pg-boss workers on one queue, each taking one job at a time. A worker that just ran
 * a job looks for the next at once instead of sleeping a polling interval, so a backlog drains as
 * fast as the handlers go; an idle one polls every `pollingIntervalSeconds`.
 */
export async function workQueue<T extends object>(
  name: QueueName,
  { concurrency, pollingIntervalSeconds }: { concurrency: number; pollingIntervalSeconds: number },
  handler: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): Promise<void> {
  const boss = await getBoss();
  const ids: string[] = [];
  localWorkers().set(name, ids);
  for (let i = 0; i < concurrency; i++) {
    // The id is known once `work` answers, which may be after its first job started.
    const worker: { id?: string } = {};
    worker.id = await boss.work<T>(name, { includeMetadata: true, pollingIntervalSeconds }, async ([job]) => {
      try {
        await handler(job);
      } finally {
        if (worker.id) boss.notifyWorker(worker.id);
      }
    });
    ids.push(worker.id);
  }
}

export async function stopBoss(): Promise<void> {
  const boss = await globalForBoss.boss?.catch(() => undefined);
  globalForBoss.boss = undefined;
  localWorkers().clear();
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
}
