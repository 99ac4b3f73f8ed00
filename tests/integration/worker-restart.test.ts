// A worker process killed in the middle of a job: after a restart the job is finished, not lost.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reconcileJobs } from "@/_shared/core/generation/reconcile";
import { prisma } from "@/_shared/lib/prisma";
import { newProject, newUser, settledRow, waitFor } from "../helpers";
import { startTextBRoll, withPipeline } from "../pipeline";

const root = path.resolve(import.meta.dirname, "../..");
const workers: ChildProcess[] = [];

function startWorkerProcess(): ChildProcess {
  // node itself (not the tsx CLI, which would run the worker in a grandchild SIGKILL cannot reach).
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "_shared/worker.ts"], {
    cwd: root,
    env: { ...process.env, WORKER_MODE: "separate" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  return child;
}

// The webhook route and the simulator, but no workers in this process: the test runs its own.
withPipeline({ workers: false });
afterEach(() => {
  for (const child of workers.splice(0)) child.kill("SIGKILL");
});

describe("worker restart", () => {
  it("finishes a job whose worker was killed mid-finalisation", async () => {
    const user = await newUser();
    const projectId = await newProject(user, "Restart");
    let killedJobId: string | undefined;
    let bRollId = "";

    // Catch the worker while it is copying the output (a long 1080p clip makes that window wide).
    for (let attempt = 0; attempt < 3 && !killedJobId; attempt++) {
      const first = startWorkerProcess();
      const prompt = `slow pan over a city at night, take ${attempt}`;
      const started = await startTextBRoll(user, projectId, { name: "Night", prompt, options: { resolution: "1080p", duration: 12, aspectRatio: "16:9" } });
      bRollId = started.bRollId;
      const state = await waitFor(
        async () => {
          const row = await prisma.generationJob.findUniqueOrThrow({ where: { id: started.jobId }, select: { status: true } });
          return row.status === "finalizing" || row.status === "completed" || row.status === "failed" ? row.status : null;
        },
        // A cold worker process (tsx compiles it) and a long clip to render: minutes on a busy machine.
        { timeoutMs: 150_000, what: "the worker to start finalising" },
      );
      if (state === "finalizing") {
        first.kill("SIGKILL");
        killedJobId = started.jobId;
      } else {
        first.kill("SIGKILL");
      }
    }
    expect(killedJobId, "the worker was killed while finalising").toBeDefined();
    const jobId = killedJobId!;
    expect((await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).status).toBe("processing");

    startWorkerProcess();
    // Once the dead worker's claim is stale (JOB_EXPIRE_SECONDS), the reconciler hands the job over.
    const report = await waitFor(
      async () => {
        const r = await reconcileJobs();
        if (r.refinalized === 0) await new Promise((resolve) => setTimeout(resolve, 500));
        return r.refinalized > 0 ? r : null;
      },
      { timeoutMs: 30_000, what: "the reconciler to re-queue the stale finalisation" },
    );
    expect(report.refinalized).toBeGreaterThan(0);
    const bRoll = await settledRow("bRoll", bRollId, { timeoutMs: 60_000, what: "the b-roll to settle" });
    expect(bRoll.status).toBe("ready");
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed" });
  }, 600_000);
});
