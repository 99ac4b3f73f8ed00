// Outcomes of a Fal request that cost money when mishandled, end to end through the simulator: a
// billed result the webhook could not carry (payload_error), a request still running when the
// deadline cancelled it, and a server error on Fal's side (not billed) that deserves a new request.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { falAi } from "@/_shared/core/fal-ai.service";
import { recordOutcome, videoJobInputSchema } from "@/_shared/core/generation/jobs";
import { reconcileJobs } from "@/_shared/core/generation/reconcile";
import { startOfUtcDay, userSpendSince } from "@/_shared/core/spend/spend";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as bRollRetry from "@/app/api/b-rolls/[id]/retry/route";
import { newProject, newUser, post, settledRow, waitFor, type TestUser } from "../helpers";
import { probeStoredVideo } from "../media";
import { sim, startTextBRoll, withPipeline } from "../pipeline";

const pipeline = withPipeline();
let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Outcomes");
});

/** The webhooks delivered for a job's current Fal request, as the route received them. */
async function webhooksOf(jobId: string) {
  const { falRequestId } = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  return pipeline.webhooks.deliveries.filter((d) => JSON.parse(d.body.toString()).request_id === falRequestId);
}

describe("a webhook that could not carry its payload (payload_error)", () => {
  it("reads the billed result from the queue: the b-roll is ready with its clip", async () => {
    await sim.set({ payloadErrorNext: 1 });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll settled" });
    const [webhook] = await webhooksOf(jobId);
    expect(JSON.parse(webhook.body.toString())).toMatchObject({ status: "OK", payload: null, payload_error: expect.any(String) });
    expect(bRoll).toMatchObject({ status: "ready", errorMessage: null });
    expect(await probeStoredVideo(storageKeys.bRollVideo({ userId: user.id, projectId, bRollId }))).toMatchObject({ videoCodec: "h264", hasAudio: false });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed", attempts: 1, errorCode: null });
  });

  it("fails the job, saying so, only when the result cannot be read from the queue either", async () => {
    // A finished request Fal no longer keeps: its response URL answers 404.
    const bRoll = await prisma.bRoll.create({ data: { name: "Gone", prompt: "a wave", type: "text_to_video", userId: user.id, projectId } });
    const falRequestId = randomUUID();
    const job = await prisma.generationJob.create({
      data: {
        kind: "text_to_video", model: "fal-ai/bytedance/seedance/v1/pro/text-to-video", status: "submitted", attempts: 1, userId: user.id, projectId, bRollId: bRoll.id,
        input: {}, falRequestId, falResponseUrl: `${getEnv().FAL_BASE_URL}/fal-ai/bytedance/requests/${falRequestId}`, submittedAt: new Date(),
      },
    });
    expect(await recordOutcome(job.id, { source: "webhook", ok: true, payload: null, payloadError: "Failed to serialize the payload" })).toBe(true);
    const failed = await settledRow("bRoll", bRoll.id, { what: "b-roll failed" });
    expect(failed).toMatchObject({ status: "failed", errorMessage: "The finished video could not be retrieved from the generation service. Try again." });
    const row = await prisma.generationJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "failed", errorCode: "output_unavailable" });
    expect(row.error).not.toMatch(/no video/);
  });
});

/** Starts a b-roll whose Fal request runs for `latencyMs`, and waits until Fal reports it IN_PROGRESS. */
async function runningBRoll(owner: TestUser, project: string, latencyMs: number) {
  await sim.set({ latencyMs });
  const { bRollId, jobId } = await startTextBRoll(owner, project);
  const job = await waitFor(() => prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted" } }), { what: "job submitted" });
  await waitFor(async () => (await falAi.getJobStatus(job.falStatusUrl!, "text-to-video")).state === "IN_PROGRESS", { what: "request running" });
  return { bRollId, jobId, falRequestId: job.falRequestId! };
}

/** The reconciler as it runs once the job's deadline (JOB_DEADLINE_MINUTES) has passed. */
function reconcilePastDeadline() {
  return reconcileJobs(new Date(Date.now() + (getEnv().JOB_DEADLINE_MINUTES + 1) * 60_000));
}

/** What the webhook route answered to the webhook of a Fal request, once it came. */
function webhookReply(falRequestId: string) {
  return waitFor(() => pipeline.webhooks.deliveries.find((d) => d.headers["x-fal-webhook-request-id"] === falRequestId), { what: "webhook delivered" });
}

describe("a request still running at the deadline", () => {
  it("finishes on Fal despite the deadline's cancel: the late clip is kept, the b-roll turns ready, the spend is counted once", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    // Still running (the last two thirds of its latency) when the deadline passes, however busy the machine.
    const { bRollId, jobId, falRequestId } = await runningBRoll(owner, project, 12_000);
    expect((await reconcilePastDeadline()).timedOut).toBeGreaterThanOrEqual(1); // jobs left unfinished by earlier files count too
    const atDeadline = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(atDeadline).toMatchObject({ status: "failed", errorCode: "timeout" });
    expect((await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).status).toBe("failed");
    const spentAtDeadline = await userSpendSince(owner.id, startOfUtcDay());
    expect(spentAtDeadline).toBeCloseTo(Number(atDeadline.estimatedCostUsd), 4);

    expect((await webhookReply(falRequestId)).reply).toMatchObject({ outcome: "recorded_late" });
    const bRoll = await waitFor(() => prisma.bRoll.findFirst({ where: { id: bRollId, status: "ready" } }), { what: "b-roll ready" });
    expect(bRoll).toMatchObject({ errorMessage: null, width: 480, height: 854 });
    expect(await probeStoredVideo(storageKeys.bRollVideo({ userId: owner.id, projectId: project, bRollId }))).toMatchObject({ videoCodec: "h264", hasAudio: false });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "completed", errorCode: "finished_late", falRequestId, attempts: 1 });
    expect(job.error).toContain(`after the ${getEnv().JOB_DEADLINE_MINUTES}-minute deadline`);
    // One job, one Fal request, counted once: spend is what it was when the deadline failed it.
    expect(await prisma.generationJob.count({ where: { bRollId } })).toBe(1);
    expect(await userSpendSince(owner.id, startOfUtcDay())).toBeCloseTo(spentAtDeadline, 4);
  });

  it("a late success for a b-roll retried meanwhile is not applied: the retry owns the b-roll and its clip", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    // Still running (the last two thirds of its latency) when the deadline passes, however busy the machine.
    const { bRollId, jobId, falRequestId } = await runningBRoll(owner, project, 12_000);
    expect((await reconcilePastDeadline()).timedOut).toBeGreaterThanOrEqual(1); // jobs left unfinished by earlier files count too
    await sim.set({ latencyMs: 200 });
    const retried = await post(bRollRetry.POST, owner, undefined, undefined, { id: bRollId });
    expect(retried.status).toBe(202);
    expect((await webhookReply(falRequestId)).reply).toMatchObject({ outcome: "duplicate" });
    await settledRow("generationJob", retried.json.jobId, { what: "retry finished" });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed", errorCode: "timeout" });
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).toMatchObject({ status: "ready" });
    expect(await probeStoredVideo(storageKeys.bRollVideo({ userId: owner.id, projectId: project, bRollId }))).toMatchObject({ videoCodec: "h264" });
  });
});

describe("a request Fal ends with a server error (5xx: not billed)", () => {
  /** The simulator's requests for a prompt, and the webhooks the route received for them. */
  async function requestsFor(prompt: string) {
    const requests = (await sim.requests()).filter((r) => r.input?.prompt === prompt && r.httpStatus === 200);
    const bodies = requests.map((r) => pipeline.webhooks.deliveries.find((d) => d.headers["x-fal-webhook-request-id"] === r.requestId)?.body.toString());
    return { ids: requests.map((r) => r.requestId), webhooks: bodies.map((body) => (body ? (JSON.parse(body) as { status: string; error?: string }) : null)) };
  }

  it("is sent again as a new Fal request of the same job: the b-roll is ready, the spend counted once", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const prompt = `tide pools at dusk ${randomUUID()}`;
    await sim.set({ internalErrorNext: 1 });
    const { bRollId, jobId } = await startTextBRoll(owner, project, { prompt });
    expect(await settledRow("bRoll", bRollId, { what: "b-roll settled" })).toMatchObject({ status: "ready", errorMessage: null });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "completed", attempts: 2, error: null, errorCode: null });
    const { ids, webhooks } = await requestsFor(prompt);
    expect(ids).toHaveLength(2);
    expect(webhooks[0]).toMatchObject({ status: "ERROR", error: "Invalid status code: 500" });
    expect(job.falRequestId).toBe(ids[1]);
    expect(videoJobInputSchema.parse(job.input).previousFalRequestIds).toEqual([ids[0]]);
    expect(await prisma.generationJob.count({ where: { bRollId } })).toBe(1);
    expect(await userSpendSince(owner.id, startOfUtcDay())).toBeCloseTo(Number(job.estimatedCostUsd), 4);
  });

  it("fails the job once its attempts are spent, without promising a retry", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const prompt = `hail on a tin roof ${randomUUID()}`;
    const budget = getEnv().SUBMIT_RETRY_LIMIT + 1;
    await sim.set({ internalErrorNext: budget + 2 });
    const { bRollId, jobId } = await startTextBRoll(owner, project, { prompt });
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll settled", timeoutMs: 60_000 });
    expect(bRoll).toMatchObject({ status: "failed", errorMessage: "The generation service kept failing. Try again later." });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed", attempts: budget, errorCode: "upstream_unavailable" });
    expect((await requestsFor(prompt)).ids).toHaveLength(budget);
  });
});
