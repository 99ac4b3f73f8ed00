// A campaign burst: many users create b-rolls at once through the HTTP API of a production server
// against the Fal simulator, first with the workers inside the server (WORKER_MODE=inline), then
// with two separate worker processes. The simulator runs `--concurrency` requests at once, each
// taking `--latency-ms`: concurrency / latency is the best throughput any pipeline could reach, the
// reference the measured one is printed against. Also checks that no creation is lost, stuck or
// submitted to Fal twice, and how the API answers a listing during the burst compared with idle.
//
//   npm run bench:burst [-- --reuse-build] [--creations 1000] [--users 20] [--concurrency 8] [--latency-ms 4000] [--workers 2]
//   npm run bench:burst -- --quick [--reuse-build]     (CI smoke: 40 creations, 4 users, inline only)
import { once } from "node:events";
import type { ChildProcess } from "node:child_process";
import { flag, numberOption, runBench } from "./cli";
import { ensureProductionBuild, startBenchStack, type BenchStack } from "./stack";
import { runBurst, type BurstPlan } from "./burst-run";
import { printBurst, summarise, type BurstSummary } from "./burst-report";

const quick = flag("quick");
const plan: Omit<BurstPlan, "mode"> = {
  creations: numberOption("creations", quick ? 40 : 1000),
  users: numberOption("users", quick ? 4 : 20),
  concurrency: numberOption("concurrency", quick ? 4 : 8),
  latencyMs: numberOption("latency-ms", quick ? 1000 : 4000),
};
const workers = numberOption("workers", 2);

/** Raised for the run: the burst is one user's whole campaign, far past a day's cap and the rate limit. */
const LIMITS = { DAILY_SPEND_CAP_USD: "0", GENERATION_RATE_LIMIT: "1000000", GENERATION_RATE_WINDOW_SECONDS: "1" };

function startStack(mode: BurstPlan["mode"]): Promise<BenchStack> {
  return startBenchStack({
    env: { ...LIMITS, WORKER_MODE: mode },
    // One rendered clip, copied: the simulator's ffmpeg would otherwise compete with ours for the cores.
    simulator: { concurrency: plan.concurrency, latencyMs: plan.latencyMs, audio: "never", reuseMedia: true },
  });
}

/** Resolves once the worker process says it started (it took its queues), so timing starts with workers up. */
async function workerReady(worker: ChildProcess): Promise<void> {
  let seen = "";
  const started = new Promise<void>((resolve) => {
    worker.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("worker started")) resolve();
    });
  });
  const exited = once(worker, "exit").then(([code]) => {
    throw new Error(`a worker process exited (${String(code)}) before it started`);
  });
  await Promise.race([started, exited]);
}

async function runMode(mode: BurstPlan["mode"]): Promise<BurstSummary> {
  const stack = await startStack(mode);
  try {
    if (mode === "separate") {
      const started = [];
      for (let i = 0; i < workers; i++) started.push(workerReady(await stack.startWorker()));
      await Promise.all(started);
    }
    const label = mode === "inline" ? "inline workers" : `${workers} worker processes`;
    console.log(`\n[burst] ${label}: ${plan.creations} b-rolls from ${plan.users} users; simulator concurrency ${plan.concurrency}, latency ${plan.latencyMs} ms`);
    const measured = await runBurst(stack, { ...plan, mode });
    return summarise(label, plan, measured);
  } finally {
    await stack.stop();
  }
}

async function main() {
  await ensureProductionBuild({ reuse: flag("reuse-build") });
  const modes: BurstPlan["mode"][] = quick ? ["inline"] : ["inline", "separate"];
  const summaries: BurstSummary[] = [];
  for (const mode of modes) {
    summaries.push(await runMode(mode));
    // Each mode's figures as soon as they are in; the comparison once both are.
    printBurst(plan, summaries.slice(-1));
  }
  if (summaries.length > 1) printBurst(plan, summaries);
  const broken = summaries.filter((s) => s.lost + s.stuck + s.duplicateSubmissions + s.duplicateRows > 0 || s.accepted < plan.creations);
  if (broken.length > 0) throw new Error(`creations refused, lost, stuck or duplicated in: ${broken.map((s) => s.label).join(", ")}`);
}

runBench(main);
