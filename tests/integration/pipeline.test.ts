// The generation pipeline end to end against the Fal simulator over real HTTP: submit -> webhook ->
// finalise -> object in the bucket -> ready, and the ways it can go wrong.
import { beforeAll, describe, expect, it } from "vitest";
import { falAi } from "@/_shared/core/fal-ai.service";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { reconcileJobs } from "@/_shared/core/generation/reconcile";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as jobRoute from "@/app/api/jobs/[id]/route";
import { call, newProject, newUser, settledRow, waitFor, type TestUser } from "../helpers";
import { postWebhook, sim, startTextBRoll, withPipeline } from "../pipeline";
import { probeStoredVideo } from "../media";

const pipeline = withPipeline();
let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Pipeline");
});

describe("generation pipeline", () => {
  it("submit -> webhook -> finalise -> silent video and thumbnail in the bucket -> ready", async () => {
    await sim.set({ audio: "always" }); // the model sends sound: we must strip it
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll ready" });
    expect(bRoll).toMatchObject({ status: "ready", errorMessage: null, width: 480, height: 854 });
    expect(bRoll.durationSeconds).toBeGreaterThan(1.5);

    const videoKey = storageKeys.bRollVideo({ userId: user.id, projectId, bRollId });
    expect(bRoll.videoUrl).toBe(`/api/media/${videoKey}`);
    expect(bRoll.thumbnailUrl).toBe(`/api/media/${storageKeys.bRollThumbnail({ userId: user.id, projectId, bRollId, ext: "webp" })}`);
    const probe = await probeStoredVideo(videoKey);
    expect(probe).toMatchObject({ hasAudio: false, videoCodec: "h264", width: 480, height: 854 });
    expect((await fileStorage.statFile(videoKey.replace(/\.mp4$/, ".webp")))?.contentType).toBe("image/webp");

    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "completed", attempts: 1, kind: "text_to_video" });
    expect(job.falRequestId).toBeTruthy();
    expect(Number(job.estimatedCostUsd)).toBeGreaterThan(0);
    const received = (await sim.requests()).filter((r) => r.requestId === job.falRequestId);
    expect(received).toHaveLength(1);
    expect(received[0].modelId).toBe("fal-ai/bytedance/seedance/v1/pro/text-to-video");
    expect(received[0].input).toMatchObject({ prompt: expect.stringContaining("espresso"), resolution: "480p", duration: "2", aspect_ratio: "9:16" });
    expect(received[0].webhookUrl).toBe(process.env.FAL_WEBHOOK_URL);

    const status = await call(jobRoute.GET, { user, params: { id: jobId } });
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ status: "completed", attempts: 1, kind: "text-to-video" });
    expect(status.json.timings.totalMs).toBeGreaterThan(0);
    // The webhook carries no timing: finalisation read Fal's inference time from the request status.
    expect(job.inferenceMs).toBeGreaterThan(0);
    expect(status.json.timings.inferenceMs).toBe(job.inferenceMs);
    const stranger = await newUser();
    expect((await call(jobRoute.GET, { user: stranger, params: { id: jobId } })).status).toBe(404);
  });

  it("a refused input ends failed with a readable reason, and is not retried", async () => {
    await sim.set({ refuseNext: 1 });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll failed" });
    expect(bRoll.status).toBe("failed");
    expect(bRoll.errorMessage).toBe("The video model refused this prompt (content policy). Rephrase it and try again.");
    expect(bRoll.videoUrl).toBeNull();
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "failed", errorCode: "content_refused", attempts: 1 });
  });

  it("submit answering 5xx twice then OK -> ready with attempts = 3", async () => {
    await sim.set({ failNextSubmits: 2 });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll ready after retries" });
    expect(bRoll.status).toBe("ready");
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed", attempts: 3 });
    const statuses = (await sim.requests()).map((r) => r.httpStatus);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("a dropped webhook: the reconciler polls Fal and finishes the job", async () => {
    await sim.set({ dropWebhooks: true });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await waitFor(() => prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted" } }), { what: "submitted" });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past RECONCILE_AFTER_SECONDS and the simulated latency
    const report = await waitFor(async () => {
      const r = await reconcileJobs();
      return r.completedByPoll > 0 ? r : null;
    }, { what: "reconciler to find the job completed" });
    expect(report.completedByPoll).toBe(1);
    expect((await settledRow("bRoll", bRollId, { what: "b-roll ready" })).status).toBe("ready");
    expect(pipeline.webhooks.deliveries.filter((d) => d.body.includes(jobId))).toHaveLength(0);
  });

  it("an image request whose process died is closed by the reconciler at the deadline, not left running", async () => {
    const createdAt = new Date(Date.now() - 31 * 60_000); // JOB_DEADLINE_MINUTES is 30 by default
    const common = { model: "fal-ai/flux/dev", input: {}, userId: user.id, createdAt };
    const abandoned = await prisma.generationJob.create({ data: { ...common, kind: "text_to_image", status: "submitted", falRequestId: `lost-${Date.now()}`, submittedAt: createdAt } });
    const recent = await prisma.generationJob.create({ data: { ...common, kind: "image_edit", status: "submitted", createdAt: new Date() } });
    const report = await reconcileJobs();
    expect(report.timedOut).toBeGreaterThanOrEqual(1);
    const closed = await prisma.generationJob.findUniqueOrThrow({ where: { id: abandoned.id } });
    expect(closed).toMatchObject({ status: "failed", errorCode: "abandoned" });
    expect(closed.completedAt).not.toBeNull();
    expect((await prisma.generationJob.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("submitted");
    await prisma.generationJob.deleteMany({ where: { id: { in: [abandoned.id, recent.id] } } });
  });

  it("a duplicate webhook changes nothing: one finalisation", async () => {
    await sim.set({ duplicateWebhooks: true });
    const before = pipeline.webhooks.deliveries.length;
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    await settledRow("bRoll", bRollId, { what: "b-roll ready" });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    const mine = await waitFor(async () => {
      const list = pipeline.webhooks.deliveries.slice(before).filter((d) => d.headers["x-fal-webhook-request-id"] === job.falRequestId);
      return list.length === 2 ? list : null;
    }, { what: "both deliveries" });
    expect(mine.map((d) => d.reply.outcome).sort()).toEqual(["duplicate", "recorded"]);
    const completedAt = job.completedAt;
    // A late replay of the same signed event is acknowledged and changes nothing.
    const replay = await postWebhook(mine[0].headers, mine[0].body);
    expect(replay).toMatchObject({ status: 200, json: { outcome: "duplicate" } });
    expect((await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).completedAt).toEqual(completedAt);
  });

  it("refuses a bad signature, a stale timestamp and a body altered after signing (401)", async () => {
    const before = pipeline.webhooks.deliveries.length;
    const { bRollId } = await startTextBRoll(user, projectId);
    await settledRow("bRoll", bRollId, { what: "b-roll ready" });
    const delivered = pipeline.webhooks.deliveries.slice(before).find((d) => d.status === 200)!;
    const { headers, body } = delivered;
    const flip = (hex: string) => (hex[0] === "a" ? "b" : "a") + hex.slice(1);
    const cases: Array<[string, Record<string, string>, Buffer]> = [
      ["bad signature", { ...headers, "x-fal-webhook-signature": flip(headers["x-fal-webhook-signature"]) }, body],
      ["stale timestamp", { ...headers, "x-fal-webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) }, body],
      ["altered body", headers, Buffer.from(body.toString().replace('"OK"', '"ERROR"'))],
      ["missing signature", Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "x-fal-webhook-signature")), body],
    ];
    for (const [name, h, b] of cases) {
      const res = await postWebhook(h, b);
      expect(res.status, name).toBe(401);
      expect(res.json.error?.code, name).toBe("unauthorized");
    }
    expect((await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).status).toBe("ready");
  });

  it("acknowledges and ignores a webhook for a request we do not know", async () => {
    const before = pipeline.webhooks.deliveries.length;
    const request = await falAi.textToVideo("a request made outside any job", { resolution: "480p", duration: 2 });
    const delivery = await waitFor(async () => pipeline.webhooks.deliveries.slice(before).find((d) => d.headers["x-fal-webhook-request-id"] === request.requestId), { what: "webhook" });
    expect(delivery).toMatchObject({ status: 200, reply: { outcome: "unknown_request" } });
  });
});
