// `npm run worker`: a background worker process (WORKER_MODE=separate), as many as needed, on any
// machine that reaches the database. Stops gracefully on SIGINT/SIGTERM (running jobs finish).
// With WORKER_METRICS_PORT set it serves its own Prometheus metrics (GET /metrics, METRICS_TOKEN).
import { setPriority } from "node:os";
import { serveMetrics, type MetricsServer } from "./core/monitoring/metrics-scrape";
import { startWorkers, stopWorkers } from "./core/generation/workers";
import { getEnv } from "./lib/env";

/**
 * Background work yields to requests: on a machine a worker shares with a web server, the server
 * keeps the CPU when both want it (the clips' ffmpeg runs lower still, at nice 10).
 */
const WORKER_NICENESS = 5;

async function main() {
  try {
    setPriority(WORKER_NICENESS);
  } catch {
    // A system that refuses it: the worker runs at normal priority.
  }
  const port = getEnv().WORKER_METRICS_PORT;
  // Bound before the workers start: a port that is taken is a configuration error, reported at once.
  const metrics: MetricsServer | undefined = port ? await serveMetrics(port) : undefined;
  await startWorkers();
  console.log(`[better-ads] worker started${metrics ? `; metrics on :${metrics.port}/metrics` : ""}`);
  const stop = async () => {
    await metrics?.close();
    await stopWorkers();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[better-ads] worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
