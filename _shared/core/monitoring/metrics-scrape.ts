import "server-only";
// The Prometheus scrape: who may read it (METRICS_TOKEN, compared in constant time), the
// queue gauges refreshed from the database on each scrape, and the serialized registry. Served by
// GET /api/metrics in the web process and by `serveMetrics` in a separate worker process.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getEnv } from "@/_shared/lib/env";
import { ApiError, errorBody, toApiError } from "@/_shared/lib/errors";
import { logger } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import { QUEUES } from "@/_shared/lib/queue";

/** The gauge label of generations waiting on Fal.ai, next to the pg-boss queue names. */
export const FAL_QUEUE_LABEL = "fal";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Throws unless `authorization` is `Bearer <METRICS_TOKEN>`: 404 while no token is configured (the
 * endpoint is off), 401 otherwise. Hashing first gives timingSafeEqual equal lengths, so neither
 * the token's content nor its length leaks through timing.
 */
export function assertMetricsAccess(authorization: string | null | undefined): void {
  const expected = getEnv().METRICS_TOKEN;
  if (!expected) throw new ApiError("not_found", "Metrics are disabled: set METRICS_TOKEN to enable this endpoint");
  const presented = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!presented) {
    throw new ApiError("unauthorized", "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>", undefined, { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
  if (!timingSafeEqual(digest(presented), digest(expected))) {
    throw new ApiError("unauthorized", "The metrics token is not valid", undefined, { "WWW-Authenticate": 'Bearer realm="metrics", error="invalid_token"' });
  }
}

interface WaitingRow {
  queue: string;
  depth: number;
  oldestSeconds: number | null;
}

function setQueueGauges(rows: WaitingRow[], queues: readonly string[]) {
  const { queueDepth, queueOldest } = getMetrics();
  const byQueue = new Map(rows.map((row) => [row.queue, row]));
  for (const queue of queues) {
    const row = byQueue.get(queue);
    queueDepth.set({ queue }, row?.depth ?? 0);
    queueOldest.set({ queue }, row?.oldestSeconds ?? 0);
  }
}

/**
 * pg-boss jobs ready to run but not yet claimed (created or retry, start time reached), per queue.
 * The age counts from `start_after`, when a job became runnable (its creation, or its retry time),
 * so a backoff delay is not reported as workers falling behind. `state < 'active'` is how pg-boss
 * itself selects them (the enum is ordered created, retry, active...), which its index job_i5 serves.
 */
async function refreshPgBossGauges() {
  const queues = Object.values(QUEUES);
  let rows: WaitingRow[];
  try {
    rows = await prisma.$queryRaw<WaitingRow[]>`
      SELECT name AS queue, count(*)::int AS depth, EXTRACT(EPOCH FROM now() - min(start_after))::float8 AS "oldestSeconds"
      FROM pgboss.job
      WHERE name IN (${Prisma.join(queues)}) AND state < 'active' AND start_after <= now()
      GROUP BY name`;
  } catch (error) {
    // pg-boss creates its schema when it first starts: until then, nothing waits.
    const [{ installed }] = await prisma.$queryRaw<Array<{ installed: boolean }>>`SELECT to_regclass('pgboss.job') IS NOT NULL AS installed`;
    if (installed) throw error;
    rows = [];
  }
  setQueueGauges(rows, queues);
}

/** Generations accepted by us but not yet back from Fal.ai (queued to submit, or submitted), aged from creation. */
async function refreshFalGauges() {
  const { _count, _min } = await prisma.generationJob.aggregate({ where: { status: { in: ["queued", "submitted"] } }, _count: true, _min: { createdAt: true } });
  const oldest = _min.createdAt;
  setQueueGauges([{ queue: FAL_QUEUE_LABEL, depth: _count, oldestSeconds: oldest ? Math.max(0, Date.now() - oldest.getTime()) / 1000 : null }], [FAL_QUEUE_LABEL]);
}

/**
 * The registry in Prometheus text format, after refreshing the queue gauges. A source that cannot
 * be read (database down) keeps its last values: the in-process metrics are answered regardless.
 */
export async function collectMetrics(): Promise<{ contentType: string; body: string }> {
  const sources = [
    ["pg-boss", refreshPgBossGauges],
    [FAL_QUEUE_LABEL, refreshFalGauges],
  ] as const;
  await Promise.all(
    sources.map(([source, refresh]) =>
      refresh().catch((error: unknown) => logger.warn("could not refresh the queue gauges; serving their previous values", { source, error })),
    ),
  );
  const { registry } = getMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

function sendError(res: http.ServerResponse, error: ApiError) {
  res.writeHead(error.status, { ...error.headers, "content-type": "application/json" });
  res.end(JSON.stringify(errorBody(error)));
}

async function handleScrape(req: http.IncomingMessage, res: http.ServerResponse) {
  try {
    const path = new URL(req.url ?? "/", "http://worker").pathname;
    if (path !== "/metrics") throw new ApiError("not_found", "Not found: this server only answers GET /metrics");
    if (req.method !== "GET") throw new ApiError("method_not_allowed", "Use GET /metrics", undefined, { Allow: "GET" });
    assertMetricsAccess(req.headers.authorization);
    const { contentType, body } = await collectMetrics();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
    res.end(body);
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.status >= 500) logger.error("metrics scrape failed", { error });
    sendError(res, apiError);
  }
}

export interface MetricsServer {
  port: number;
  close: () => Promise<void>;
}

/** Serves GET /metrics (same token rule as the API route) on `port`, for a worker process without the web server. */
export async function serveMetrics(port: number, host?: string): Promise<MetricsServer> {
  const server = http.createServer((req, res) => void handleScrape(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info("metrics server listening", { port: bound });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would hold close() open until it times out.
        server.closeIdleConnections();
      }),
  };
}
