// Next.js calls register() once per server start: the background workers run in the server process
// unless WORKER_MODE=separate.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInlineWorkers } = await import("./_shared/core/generation/workers");
  await startInlineWorkers();
}
