// Outcomes of a Fal request that cost money when mishandled, end to end through the simulator: a
// billed result the webhook could not carry (payload_error), a request still running when the
// deadline cancelled it, and a server error on Fal's side (not billed) that deserves a new request.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordOutcome } from "@/_shared/core/generation/jobs";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { newProject, newUser, settledRow, type TestUser } from "../helpers";
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
