// The queue's workers (workQueue): `concurrency` jobs at once per process, a backlog drained as fast
// as the handlers go rather than one job per polling interval, and a job enqueued in this process
// taken at once by an idle worker.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { enqueue, getBoss, QUEUES, stopBoss, workQueue } from "@/_shared/lib/queue";
import { waitFor } from "../wait";

// Far longer than any wait below: only draining and waking can explain a job taken in time.
const POLL_SECONDS = 60;

afterAll(async () => {
  await stopBoss();
});

describe("workQueue", () => {
  it("runs `concurrency` jobs at once, drains a backlog without polling, and wakes an idle worker on enqueue", async () => {
    const run = `wc-${randomUUID()}`;
    const boss = await getBoss();
    const backlog = Array.from({ length: 9 }, (_, i) => `${run}-${i}`);
    // Sent before any worker exists (plain send: nobody to wake), so only the workers' own loop takes them.
    for (const jobId of backlog) await boss.send(QUEUES.sweep, { jobId });

    let active = 0;
    let peak = 0;
    const done: string[] = [];
    await workQueue<{ jobId?: string }>(QUEUES.sweep, { concurrency: 3, pollingIntervalSeconds: POLL_SECONDS }, async (job) => {
      // A sweep scheduled by another file of the run carries no id of ours.
      if (!job.data.jobId?.startsWith(run)) return;
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 200));
      active -= 1;
      done.push(job.data.jobId);
    });

    await waitFor(() => done.length === backlog.length, { timeoutMs: 20_000, intervalMs: 50, what: "the backlog to drain" });
    expect(new Set(done)).toEqual(new Set(backlog));
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);

    // Every worker found the queue empty and sleeps a polling interval; an enqueue here wakes one.
    await waitFor(() => active === 0, { timeoutMs: 5000, intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await enqueue(QUEUES.sweep, { jobId: `${run}-woken` });
    await waitFor(() => done.includes(`${run}-woken`), { timeoutMs: 15_000, intervalMs: 50, what: "an idle worker to take the new job" });
  }, 60_000);
});
