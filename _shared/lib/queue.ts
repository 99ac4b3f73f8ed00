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
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const globalForBoss = globalThis as typeof globalThis & { boss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const env = getEnv();
  const boss = new PgBoss({ ...pgPoolConfig(env.DATABASE_URL, 4), schema: "pgboss", application_name: "better-ads" });
  boss.on("error", (error) => logger.error("queue error", { error }));
  await boss.start();
  const retry = { retryLimit: env.SUBMIT_RETRY_LIMIT, retryDelay: env.SUBMIT_RETRY_DELAY_SECONDS, retryBackoff: true };
  const expireInSeconds = env.JOB_EXPIRE_SECONDS;
  await boss.createQueue(QUEUES.submit, { name: QUEUES.submit, ...retry, expireInSeconds });
  await boss.createQueue(QUEUES.finalize, { name: QUEUES.finalize, ...retry, expireInSeconds });
  await boss.createQueue(QUEUES.reconcile, { name: QUEUES.reconcile, retryLimit: 0, expireInSeconds });
  await boss.createQueue(QUEUES.sweep, { name: QUEUES.sweep, retryLimit: 0, expireInSeconds });
  await boss.createQueue(QUEUES.alertsEvaluate, { name: QUEUES.alertsEvaluate, retryLimit: 0, expireInSeconds });
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
}

export async function stopBoss(): Promise<void> {
  const boss = await globalForBoss.boss?.catch(() => undefined);
  globalForBoss.boss = undefined;
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
}
