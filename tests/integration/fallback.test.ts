// The image-to-video fallback: when Seedance refuses a face (partner_validation_failed) the job goes
// on to the fallback model within the same GenerationJob, both requests in its log and its spend; off,
// declined or refused as well, the job fails with a message that says what to try.
import { afterEach, describe, expect, it } from "vitest";
import { getSpendLimits } from "@/_shared/core/spend/limits";
import { prisma } from "@/_shared/lib/prisma";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { SIMULATOR_FALLBACK_MODEL } from "@/_shared/lib/fal-price-table";
import * as generate from "@/app/api/images/generate/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as estimates from "@/app/api/estimates/route";
import * as jobRoute from "@/app/api/jobs/[id]/route";
import * as privateAvatars from "@/app/api/avatars/private/route";
import * as privateAvatar from "@/app/api/avatars/private/[id]/route";
import * as privateProvenance from "@/app/api/avatars/private/[id]/provenance/route";
import * as variations from "@/app/api/avatars/private/variations/route";
import * as variationsEstimate from "@/app/api/avatars/private/variations/estimate/route";
import { restoreEnv, setEnv } from "../env";
import { call, newProject, newUser, post, settledRow, type TestUser } from "../helpers";
import { sim, withPipeline } from "../pipeline";

withPipeline();
afterEach(() => restoreEnv());

const SEEDANCE = "fal-ai/bytedance/seedance/v1/pro/image-to-video";
const KLING = SIMULATOR_FALLBACK_MODEL;

async function face(user: TestUser) {
  const res = await post(generate.POST, user, { prompt: "a photoreal portrait of a smiling woman", sessionId: `fallback-${user.id}` });
  expect(res.status).toBe(200);
  return (res.json as { imageUrl: string }).imageUrl;
}

/** A private avatar from a face, with `extra` in the body; its settled row and job. */
async function avatarFrom(user: TestUser, extra: Record<string, unknown> = {}) {
  const projectId = await newProject(user);
  const created = await post(privateAvatars.POST, user, { name: "Maya", imageUrl: await face(user), projectId, resolution: "480p", duration: 4, ...extra });
  expect(created.status).toBe(202);
  const job = await settledRow("generationJob", created.json.jobId, { what: "the avatar's job to end", timeoutMs: 60_000 });
  const reply = await call(privateAvatar.GET, { user, params: { id: created.json.id } });
  return { job, avatar: reply.json, jobReply: (await call(jobRoute.GET, { user, params: { id: job.id } })).json };
}

const SEEDANCE_REFUSED = "The video model refused this image (it may show a real person's face). Try another image.";

describe("a refused face goes on to the fallback model", () => {
  it("ends ready, made by the fallback, with both requests in the job log and the spend", async () => {
    await sim.set({ refuseFacesOn: "seedance" });
    const user = await newUser();
    const { job, avatar, jobReply } = await avatarFrom(user);
    expect(job.status).toBe("completed");
    expect(avatar.status).toBe("ready");
    expect(avatar.videoUrl).toBeTruthy();
    expect(avatar.clipModel).toEqual({ id: KLING, name: "Kling 2.1", fallbackFrom: { id: SEEDANCE, name: "Seedance 1.0 Pro" } });

    // Both requests, in order: Seedance's refusal, then the fallback's clip; each with its cost.
    const seedanceCost = estimateCostUsd("image-to-video", { resolution: "480p", duration: 4 });
    expect(jobReply.model).toBe(KLING);
    expect(jobReply.requests).toMatchObject([
      { model: SEEDANCE, status: "refused", errorCode: "content_refused", estimatedCostUsd: seedanceCost },
      { model: KLING, status: "completed", errorCode: null, estimatedCostUsd: 0.28 },
    ]);
    expect(jobReply.requests[0].requestId).toBeTruthy();
    expect(jobReply.requests[1].requestId).toBe(job.falRequestId);
    expect(jobReply.estimatedCostUsd).toBeCloseTo(seedanceCost + 0.28, 4);
    // The user's spend today: the picture, then both video requests.
    const pictureCost = estimateCostUsd("text-to-image", {});
    expect((await getSpendLimits({ ...user, name: null, role: "user" })).spentTodayUsd).toBeCloseTo(pictureCost + seedanceCost + 0.28, 4);

    // The fallback got Kling's fields: duration as its "5" (4 s asked), no Seedance-only field.
    const sent = (await sim.requests()).filter((r) => r.modelId === KLING);
    expect(sent).toHaveLength(1);
    expect(sent[0].input).toMatchObject({ prompt: expect.any(String), duration: "5", image_url: expect.any(String) });
    expect(sent[0].input).not.toHaveProperty("aspect_ratio");
    expect(sent[0].input).not.toHaveProperty("resolution");
    expect(sent[0].input).not.toHaveProperty("seed");
    // The fallback takes no seed: the refused request's seed is not shown as the clip's.
    expect(avatar.seed).toBeNull();
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatar.id } });
    expect(row).toMatchObject({ videoModel: KLING, videoModelFallbackFrom: SEEDANCE, durationSeconds: expect.closeTo(5, 0) });

    // The provenance record names both models of the one generation, the one that made the clip last.
    const provenance = await call(privateProvenance.GET, { user, params: { id: avatar.id } });
    expect(provenance.json.clip.generations).toMatchObject([{ jobId: job.id, models: [SEEDANCE, KLING] }]);
  });

  it("a b-roll from an image takes the same path", async () => {
    await sim.set({ refuseFacesOn: "seedance" });
    const user = await newUser();
    const projectId = await newProject(user);
    const created = await post(bRolls.POST, user, { name: "Her", prompt: "she turns to the camera", projectId, imageUrl: await face(user), resolution: "480p", duration: 2 });
    expect(created.status).toBe(202);
    const bRoll = await settledRow("bRoll", created.json.id, { what: "the b-roll to settle", timeoutMs: 60_000 });
    expect(bRoll).toMatchObject({ status: "ready", videoModel: KLING, videoModelFallbackFrom: SEEDANCE });
    expect(bRoll.thumbnailUrl).toBeTruthy();
  });

  it("with the fallback off, the refusal fails the job with the readable message", async () => {
    setEnv({ FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: "off" });
    await sim.set({ refuseFacesOn: "seedance" });
    const { job, avatar, jobReply } = await avatarFrom(await newUser());
    expect(job).toMatchObject({ status: "failed", errorCode: "content_refused", model: SEEDANCE });
    expect(avatar).toMatchObject({ status: "failed", errorMessage: SEEDANCE_REFUSED, clipModel: null });
    expect(jobReply.requests).toHaveLength(1);
    expect((await sim.requests()).some((r) => r.modelId === KLING)).toBe(false);
  });

  it("when the fallback refuses too, the failure says what to try", async () => {
    await sim.set({ refuseFacesOn: "image-to-video" });
    const { job, avatar, jobReply } = await avatarFrom(await newUser());
    expect(job.status).toBe("failed");
    expect(avatar.errorMessage).toBe("Seedance 1.0 Pro refused this face, and Kling 2.1 refused it too. Try another picture, a less photorealistic one, or a face generated here.");
    expect(jobReply.requests.map((r: { model: string; status: string }) => [r.model, r.status])).toEqual([
      [SEEDANCE, "refused"],
      [KLING, "failed"],
    ]);
  });

  it("a request's fallback: false opts out, and true opts in", async () => {
    await sim.set({ refuseFacesOn: "seedance" });
    const declined = await avatarFrom(await newUser(), { fallback: false });
    expect(declined.avatar).toMatchObject({ status: "failed", errorMessage: SEEDANCE_REFUSED });
    const asked = await avatarFrom(await newUser(), { fallback: true });
    expect(asked.avatar).toMatchObject({ status: "ready", clipModel: { id: KLING } });
  });

  it("asking for a fallback where there is none is a 400 naming the field, and nothing is written", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await face(user);
    setEnv({ FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: "off" });
    const off = await post(privateAvatars.POST, user, { name: "Maya", imageUrl, projectId, fallback: true });
    expect(off.status).toBe(400);
    expect(off.json.error.message).toMatch(/no fallback model is configured/);
    expect(off.json.error.details).toEqual([expect.objectContaining({ path: "fallback" })]);
    restoreEnv();
    const textOnly = await post(bRolls.POST, user, { name: "Sea", prompt: "waves at dusk", projectId, fallback: true });
    expect(textOnly.status).toBe(400);
    expect(textOnly.json.error.details).toEqual([expect.objectContaining({ path: "fallback", message: expect.stringMatching(/only to clips made from a picture/) })]);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.bRoll.count({ where: { projectId } })).toBe(0);
  });

  it("a variations grid: the estimate shows what the fallback may add; fallback: false declines it for every clip, left out the refused faces go on to it", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await face(user);
    const grid = { resolution: "480p", duration: 4 } as const;

    const priced = await post(variationsEstimate.POST, user, { pictures: 1, motions: [{}, {}], ...grid });
    expect(priced.status).toBe(200);
    // Kling makes 5 s for 4 asked, $0.28 per clip: two clips.
    expect(priced.json).toMatchObject({ clips: 2, fallbackModelName: "Kling 2.1" });
    expect(priced.json.fallbackCostUsd).toBeCloseTo(0.56, 4);
    const declinedPrice = await post(variationsEstimate.POST, user, { pictures: 1, motions: [{}, {}], ...grid, fallback: false });
    expect(declinedPrice.json).not.toHaveProperty("fallbackCostUsd");

    await sim.set({ refuseFacesOn: "seedance" });
    const clipsOf = async (body: Record<string, unknown>) => {
      const res = await post(variations.POST, user, { name: "Maya", sessionId: `fallback-${user.id}`, imageUrls: [imageUrl], motions: [{ prompt: "smiles" }, { prompt: "nods" }], projectId, ...grid, ...body });
      expect(res.status).toBe(202);
      const ids = (res.json.variations as Array<{ id: string }>).map((v) => v.id);
      return Promise.all(ids.map((id) => settledRow("avatar", id, { what: "a grid clip to settle", timeoutMs: 90_000 })));
    };
    const declined = await clipsOf({ fallback: false });
    expect(declined.map((row) => [row.status, row.videoModel])).toEqual([["failed", null], ["failed", null]]);
    const defaulted = await clipsOf({});
    expect(defaulted.map((row) => [row.status, row.videoModel, row.videoModelFallbackFrom])).toEqual([["ready", KLING, SEEDANCE], ["ready", KLING, SEEDANCE]]);
  });

  it("a face Seedance accepts never reaches the fallback", async () => {
    const { avatar, jobReply } = await avatarFrom(await newUser());
    expect(avatar.clipModel).toEqual({ id: SEEDANCE, name: "Seedance 1.0 Pro", fallbackFrom: null });
    expect(jobReply.requests).toHaveLength(1);
  });

  it("the daily cap is checked before the second request", async () => {
    const seedanceCost = estimateCostUsd("image-to-video", { resolution: "480p", duration: 4 });
    // Room for Seedance's request, not for the fallback's on top.
    setEnv({ DAILY_SPEND_CAP_USD: String(seedanceCost + 0.1) });
    await sim.set({ refuseFacesOn: "seedance" });
    const user = await newUser();
    const { job, avatar } = await avatarFrom(user);
    expect(job.status).toBe("failed");
    expect(avatar.errorMessage).toMatch(/^Seedance 1\.0 Pro refused this face, and trying Kling 2\.1 \(\$0\.28\) would pass your daily spending limit/);
    expect(Number(job.estimatedCostUsd)).toBeCloseTo(seedanceCost, 4);
    expect((await sim.requests()).some((r) => r.modelId === KLING)).toBe(false);
  });
});

describe("the estimate shows what the fallback may add", () => {
  const estimate = async (user: TestUser, body: unknown) => {
    const res = await post(estimates.POST, user, body);
    expect(res.status).toBe(200);
    return res.json;
  };

  it("image-to-video: the fallback's price for the duration it makes, times the takes", async () => {
    const user = await newUser();
    expect(await estimate(user, { kind: "image-to-video" })).toMatchObject({ fallbackCostUsd: 0.28, fallbackModel: KLING, fallbackModelName: "Kling 2.1" });
    // 8 s asked: Kling makes 10 s.
    expect((await estimate(user, { kind: "image-to-video", options: { duration: 8 }, takes: 2 })).fallbackCostUsd).toBe(1.12);
  });

  it("none when declined, off, or for text-to-video", async () => {
    const user = await newUser();
    expect(await estimate(user, { kind: "image-to-video", options: { fallback: false } })).not.toHaveProperty("fallbackCostUsd");
    expect(await estimate(user, { kind: "text-to-video" })).not.toHaveProperty("fallbackCostUsd");
    setEnv({ FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: "off" });
    expect(await estimate(user, { kind: "image-to-video" })).not.toHaveProperty("fallbackCostUsd");
  });
});
