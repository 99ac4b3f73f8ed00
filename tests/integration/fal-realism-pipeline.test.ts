// Our side of the simulator's production-like behaviour (fal-simulator-realism.test.ts), end to end:
// outputs that expired before we copied them, a wrong FAL_KEY, a webhook Fal has to deliver again,
// Fal's X-Fal-Retryable verdict, FLUX's safety checker and realistic timings.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { FalError, falAi } from "@/_shared/core/fal-ai.service";
import { reconcileJobs } from "@/_shared/core/generation/reconcile";
import { startOfUtcDay, userSpendSince } from "@/_shared/core/spend/spend";
import { prisma } from "@/_shared/lib/prisma";
import * as generate from "@/app/api/images/generate/route";
import * as temp from "@/app/api/images/temp/[sessionId]/route";
import { call, newProject, newUser, settledRow, waitFor, type TestUser } from "../helpers";
import { sim, startTextBRoll, withPipeline } from "../pipeline";

const pipeline = withPipeline();
let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Realism");
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the job has a Fal request, then until the simulator reports it COMPLETED. */
async function falCompleted(jobId: string) {
  const job = await waitFor(() => prisma.generationJob.findFirst({ where: { id: jobId, falStatusUrl: { not: null } } }), { what: "submitted" });
  await waitFor(async () => (await fetch(job.falStatusUrl!, { headers: { Authorization: "Key test-simulator-key" } })).status === 200, { what: "COMPLETED at Fal" });
  return job;
}

describe("outputs that expired at Fal before we copied them", () => {
  it("a webhook arriving after the video expired: the job fails at once with a readable reason, and counts as spend", async () => {
    await sim.set({ resultTtlSeconds: 1, webhookDelayMs: 1500 });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll failed" });
    expect(bRoll.status).toBe("failed");
    expect(bRoll.errorMessage).toBe("The finished video was no longer available from the generation service when we came to copy it (it keeps results only for a while). Try again.");
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "failed", errorCode: "result_expired" });
    expect(job.falRequestId).not.toBeNull(); // Fal ran it and billed it
  });

  it("a poll after the result expired: the reconciler fails the job readably", async () => {
    await sim.set({ resultTtlSeconds: 1, dropWebhooks: true });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await falCompleted(jobId);
    await sleep(1200);
    const report = await reconcileJobs();
    expect(report.completedByPoll).toBeGreaterThanOrEqual(1);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll failed" });
    expect(bRoll).toMatchObject({ status: "failed", errorMessage: expect.stringContaining("no longer available") });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed", errorCode: "result_expired" });
  });
});

describe("a wrong FAL_KEY (Fal answers 401)", () => {
  it("a b-roll ends failed with a reason an admin can act on, at the first attempt, and nothing counts as spend", async () => {
    const owner = await newUser();
    const project = await newProject(owner, "Wrong key");
    await sim.set({ expectedKey: "another-account-key" });
    const { bRollId, jobId } = await startTextBRoll(owner, project);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll failed" });
    expect(bRoll).toMatchObject({ status: "failed", errorMessage: "The generation service refused our credentials. An admin has to check FAL_KEY." });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "failed", errorCode: "upstream_auth", attempts: 1, falRequestId: null });
    expect(await userSpendSince(owner.id, startOfUtcDay())).toBe(0);
  });

  it("a picture request answers 502 with that reason, not a 500, and its job is failed", async () => {
    const owner = await newUser();
    await sim.set({ expectedKey: "another-account-key" });
    const res = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "a chef in a kitchen", sessionId: "wrong-key" } });
    expect(res.status).toBe(502);
    expect(res.json.error).toEqual({ code: "upstream_error", message: "The generation service refused our credentials. An admin has to check FAL_KEY." });
    const [job] = await prisma.generationJob.findMany({ where: { userId: owner.id } });
    expect(job).toMatchObject({ status: "failed", errorCode: "upstream_auth", falRequestId: null });
  });
});

describe("webhook redelivery", () => {
  it("our endpoint answering 503 once: Fal delivers again on its schedule (7 s on its clock) and the b-roll ends ready", async () => {
    await sim.set({ timeFactor: 50 }); // the first retry 140 ms later
    const before = pipeline.webhooks.deliveries.length;
    pipeline.webhooks.failNext.push(503);
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    expect((await settledRow("bRoll", bRollId, { what: "b-roll ready" })).status).toBe("ready");
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    const mine = pipeline.webhooks.deliveries.slice(before).filter((d) => d.headers["x-fal-webhook-request-id"] === job.falRequestId);
    expect(mine.map((d) => d.status)).toEqual([503, 200]);
    expect(mine[1].reply.outcome).toBe("recorded");
    expect(mine[1].at - mine[0].at).toBeGreaterThanOrEqual(7000 / 50 - 5);
    expect(job).toMatchObject({ status: "completed", attempts: 1 });
  });
});

describe("X-Fal-Retryable", () => {
  it("a video result Fal marks not retryable: the reconciler fails the job at once, readably", async () => {
    await sim.set({ dropWebhooks: true, serverErrorNext: 1, serverErrorRetryable: false });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await falCompleted(jobId);
    await sleep(1100); // past RECONCILE_AFTER_SECONDS
    expect((await reconcileJobs()).completedByPoll).toBeGreaterThanOrEqual(1);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll failed" });
    expect(bRoll.errorMessage).toBe("The video model could not complete this request, and sending it again would fail the same way. Change the description or settings and try again.");
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed", errorCode: "upstream_failed" });
  });

  it("one Fal marks retryable ends too (polling again would bring the same answer), saying to try again", async () => {
    await sim.set({ dropWebhooks: true, serverErrorNext: 1, serverErrorRetryable: true });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await falCompleted(jobId);
    await sleep(1100);
    expect((await reconcileJobs()).completedByPoll).toBeGreaterThanOrEqual(1);
    expect(await settledRow("bRoll", bRollId, { what: "b-roll failed" })).toMatchObject({ status: "failed", errorMessage: "The video model failed on this request for a temporary reason. Try again." });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ errorCode: "upstream_temporary" });
  });

  it("a 5xx result without the header may be the queue's own hiccup: left for the reconciler to poll again", async () => {
    // A result answered by a gateway error that carries no verdict from the model.
    const replay = createServer((_req, res) => res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Bad gateway" })));
    await new Promise<void>((resolve) => replay.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(replay.address() as AddressInfo).port}/result`;
      const failure = await falAi.getResult(url, "text-to-video").catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(FalError);
      expect((failure as FalError).failure).toMatchObject({ permanent: false, code: "upstream_unavailable" });
    } finally {
      await new Promise((resolve) => replay.close(resolve));
    }
  });

  it("a picture Fal marks not retryable answers 502 saying so; one marked retryable says to try again", async () => {
    const owner = await newUser();
    await sim.set({ serverErrorNext: 1, serverErrorRetryable: false });
    const final = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "a baker", sessionId: "s" } });
    expect(final.status).toBe(502);
    expect(final.json.error.message).toBe("The image model could not complete this request, and sending it again would fail the same way. Change the description or settings and try again.");
    await sim.set({ serverErrorNext: 1, serverErrorRetryable: true });
    const passing = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "a baker", sessionId: "s" } });
    expect(passing.status).toBe(502);
    expect(passing.json.error.message).toBe("The image model failed on this request for a temporary reason. Try again.");
    const jobs = await prisma.generationJob.findMany({ where: { userId: owner.id }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((j) => j.errorCode)).toEqual(["upstream_failed", "upstream_temporary"]);
  });
});

describe("FLUX's safety checker", () => {
  it("a flagged picture is a refusal the user can act on: 422, no black picture stored, and the request counts as spend", async () => {
    const owner = await newUser();
    await sim.set({ nsfwNext: 1 });
    const res = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "a swimmer at the beach", sessionId: "flagged" } });
    expect(res.status).toBe(422);
    expect(res.json.error).toEqual({ code: "unprocessable", message: "The picture was flagged by the image model's safety checker. Change the prompt and try again." });
    expect((await call(temp.GET, { user: owner, params: { sessionId: "flagged" } })).json.images).toEqual([]);
    const [job] = await prisma.generationJob.findMany({ where: { userId: owner.id } });
    expect(job).toMatchObject({ status: "failed", errorCode: "safety_flagged" });
    expect(job.falRequestId).not.toBeNull();
    // Fal ran the model and billed it: the cap counts it.
    expect(await userSpendSince(owner.id, startOfUtcDay())).toBeCloseTo(Number(job.estimatedCostUsd), 6);
    expect(Number(job.estimatedCostUsd)).toBeGreaterThan(0);
  });

  it("with four pictures asked and one flagged, the three others are kept", async () => {
    const owner = await newUser();
    await sim.set({ nsfwNext: 1 });
    const res = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "four portraits", sessionId: "partly", numImages: 4, aspectRatio: "1:1" } });
    expect(res.status).toBe(200);
    expect(res.json.images).toHaveLength(3);
    expect((await call(temp.GET, { user: owner, params: { sessionId: "partly" } })).json.images).toHaveLength(3);
  });
});

describe("realistic timings", () => {
  it("the b-roll stays processing while Fal works (the reconciler finds it in progress), then ends ready with Fal's inference time", async () => {
    await sim.set({ profile: "realistic", timeFactor: 40 }); // a 2 s 480p clip: 0.25-2.25 s queued, 1.1-1.7 s running
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await waitFor(() => prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted" } }), { what: "submitted" });
    await sleep(1000); // past RECONCILE_AFTER_SECONDS, not yet past Fal's queue and inference
    const report = await reconcileJobs();
    expect(report.polled).toBeGreaterThanOrEqual(1);
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).toMatchObject({ status: "processing" });
    expect((await settledRow("bRoll", bRollId, { what: "b-roll ready" })).status).toBe("ready");
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    // 40 s + 8 s per second of 480p, +-20%, on Fal's clock.
    expect(job.inferenceMs).toBeGreaterThanOrEqual(44_800);
    expect(job.inferenceMs).toBeLessThanOrEqual(67_200);
  });
});
