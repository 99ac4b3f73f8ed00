// `npm run worker`: a background worker process (WORKER_MODE=separate), as many as needed, on any
// machine that reaches the database. Stops gracefully on SIGINT/SIGTERM (running jobs finish).
import { startWorkers, stopWorkers } from "../_shared/core/workers";

async function main() {
  await startWorkers();
  console.log("[better-ads] worker started");
  const stop = async () => {
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
