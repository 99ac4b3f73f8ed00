// A worker process killed in the middle of a job: after a restart the job is finished, not lost.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createVideoJob, enqueueSubmit } from "@/_shared/core/generation/jobs";
import { reconcileJobs } from "@/_shared/core/generation/reconcile";
import { prisma } from "@/_shared/lib/prisma";
import { stopBoss } from "@/_shared/lib/queue";
import { createTestUser } from "../helpers";
import { sim, startWebhookServer, waitFor } from "../pipeline";

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

let webhooks: Awaited<ReturnType<typeof startWebhookServer>>;
beforeAll(async () => {
  await sim.reset();
  webhooks = await startWebhookServer();
});
afterEach(() => {
  for (const child of workers.splice(0)) child.kill("SIGKILL");
});
afterAll(async () => {
  await webhooks.close();
  await stopBoss();
});

describe("worker restart", () => {
  it("finishes a job whose worker was killed mid-finalisation", async () => {
    const user = await createTestUser();
    const project = await prisma.project.create({ data: { name: "Restart", userId: user.id } });
    let killedJobId: string | undefined;
    let bRollId = "";

    // Catch the worker while it is copying the output (a long 1080p clip makes that window wide).
    for (let attempt = 0; attempt < 3 && !killedJobId; attempt++) {
      const first = startWorkerProcess();
      const prompt = `slow pan over a city at night, take ${attempt}`;
      const { job, bRoll } = await prisma.$transaction(async (tx) => {
        const bRoll = await tx.bRoll.create({ data: { name: "Night", prompt, type: "text_to_video", userId: user.id, projectId: project.id } });
        const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: user.id, projectId: project.id, prompt, options: { resolution: "1080p", duration: 12, aspectRatio: "16:9" } });
        return { job, bRoll };
      });
      await enqueueSubmit(job.id);
      bRollId = bRoll.id;
      const state = await waitFor(
        async () => {
          const row = await prisma.generationJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true } });
          return row.status === "finalizing" || row.status === "completed" || row.status === "failed" ? row.status : null;
        },
        { timeoutMs: 60_000, what: "the worker to start finalising" },
      );
      if (state === "finalizing") {
        first.kill("SIGKILL");
        killedJobId = job.id;
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
    const bRoll = await waitFor(() => prisma.bRoll.findFirst({ where: { id: bRollId, status: { not: "processing" } } }), { timeoutMs: 60_000, what: "the b-roll to settle" });
    expect(bRoll.status).toBe("ready");
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed" });
  }, 240_000);
});
