// The one video generation flow shared by b-rolls, private avatars and public avatars (create and
// retry): every retry repeats every option of the request it retries (seed included), stored input
// that no longer validates is a 422 (or a failed job), never a 500, and an avatar made from a
// generated picture records the Fal request that made it.
import { NextRequest } from "next/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createVideoJob, enqueueSubmit, toJson } from "@/_shared/core/generation/jobs";
import { prisma } from "@/_shared/lib/prisma";
import * as generate from "@/app/api/images/generate/route";
import * as upload from "@/app/api/images/upload/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as bRollRetry from "@/app/api/b-rolls/[id]/retry/route";
import * as privateAvatars from "@/app/api/avatars/private/route";
import * as privateRetry from "@/app/api/avatars/private/[id]/retry/route";
import * as publicAvatars from "@/app/api/avatars/public/route";
import * as publicItem from "@/app/api/avatars/public/[id]/route";
import * as publicRetry from "@/app/api/avatars/public/[id]/retry/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newProject, newUser, post, settledRow, type Handler, type TestUser } from "../helpers";
import { receivedFor, sim, withPipeline } from "../pipeline";

withPipeline();
// Public avatars are tagged: the base categories and tags must exist.
beforeAll(() => seedBaseTags(prisma));

async function generatedImage(user: TestUser, sessionId: string) {
  const res = await post(generate.POST, user, { prompt: "a confident baker in her shop", sessionId });
  expect(res.status).toBe(200);
  return res.json as { imageUrl: string; jobId: string };
}

/** The Fal input fields the retry must repeat: everything but the per-request image URL. */
function repeatedFields(input: Record<string, unknown> | null) {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([field]) => field !== "image_url"));
}

/**
 * Creates a resource whose first generation the simulator refuses, retries it, and returns the Fal
 * inputs of both requests (the image URL left out: it is made per request) and both replies.
 */
async function refuseThenRetry(user: TestUser, create: Handler, retry: Handler, body: Record<string, unknown>, retryBody?: Record<string, unknown>) {
  await sim.set({ refuseNext: 1 });
  const created = await post(create, user, body);
  expect(created.status).toBe(202);
  await settledRow("generationJob", created.json.jobId, { what: "first job failed" });
  const retried = await post(retry, user, retryBody, undefined, { id: created.json.id });
  expect(retried.status).toBe(202);
  await settledRow("generationJob", retried.json.jobId, { what: "retry finished" });
  const [first, second] = await Promise.all([receivedFor(created.json.jobId), receivedFor(retried.json.jobId)]);
  return { first: repeatedFields(first.input), second: repeatedFields(second.input), created: created.json, retried: retried.json };
}

describe("one generation flow: retries repeat every option", () => {
  it("b-roll: a retry sends the same prompt, format, duration, seed and camera setting", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const body = { name: "Pour", prompt: "latte art being poured", projectId, aspectRatio: "1:1", resolution: "480p", duration: 3, seed: 4242, cameraFixed: true };
    const { first, second, created, retried } = await refuseThenRetry(user, bRolls.POST, bRollRetry.POST, body);
    expect(first).toMatchObject({ prompt: "latte art being poured", aspect_ratio: "1:1", resolution: "480p", duration: "3", seed: 4242, camera_fixed: true });
    expect(second).toEqual(first);
    expect(retried.estimatedCostUsd).toBe(created.estimatedCostUsd);
  });

  it("private avatar: a retry keeps the motion, format, duration and seed", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const { imageUrl } = await generatedImage(user, "flow-private");
    // fallback: false, so the refused face fails the avatar (the fallback model would make it otherwise).
    const body = { name: "Nora", imageUrl, projectId, prompt: "waves at the camera", aspectRatio: "16:9", resolution: "480p", duration: 4, seed: 77, fallback: false };
    const { first, second, created, retried } = await refuseThenRetry(user, privateAvatars.POST, privateRetry.POST, body);
    expect(first).toMatchObject({ prompt: "waves at the camera", aspect_ratio: "16:9", resolution: "480p", duration: "4", seed: 77 });
    expect(second).toEqual(first);
    expect(retried.estimatedCostUsd).toBe(created.estimatedCostUsd);
  });

  it("public avatar: a retry keeps every option the body does not change", async () => {
    const admin = await newUser({ role: "admin" });
    const { imageUrl } = await generatedImage(admin, "flow-public");
    const body = { name: "Library Leo", imageUrl, tagSlugs: ["homme"], prompt: "nods slowly", resolution: "480p", duration: 3, seed: 9, cameraFixed: true, fallback: false };
    const { first, second } = await refuseThenRetry(admin, publicAvatars.POST, publicRetry.POST, body, { duration: 2 });
    expect(first).toMatchObject({ prompt: "nods slowly", resolution: "480p", duration: "3", seed: 9, camera_fixed: true });
    expect(second).toEqual({ ...first, duration: "2" });
  });
});

describe("one generation flow: stored input that no longer validates", () => {
  /** Makes a failed b-roll whose last job stored `options`, as a corrupted or outdated row would. */
  async function failedBRollWithStoredOptions(user: TestUser, options: unknown) {
    const projectId = await newProject(user);
    const bRoll = await prisma.bRoll.create({ data: { name: "Broken", prompt: "a wave", type: "text_to_video", status: "failed", userId: user.id, projectId } });
    await prisma.generationJob.create({
      data: { kind: "text_to_video", model: "fal-ai/bytedance/seedance/v1/pro/text-to-video", status: "failed", userId: user.id, projectId, bRollId: bRoll.id, input: toJson({ request: { prompt: "a wave", options }, falInput: { prompt: "a wave" } }) },
    });
    return bRoll.id;
  }

  it.each([
    ["a duration the model does not take", { duration: 99 }, /duration/],
    ["an unknown option", { fps: 30 }, /fps/],
    ["options that are not an object", "9:16", /options/],
  ])("retrying a b-roll whose stored request has %s is a 422 that says so, and nothing starts", async (_what, options, mentions) => {
    const user = await newUser();
    const id = await failedBRollWithStoredOptions(user, options);
    const res = await post(bRollRetry.POST, user, undefined, undefined, { id });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("unprocessable");
    expect(res.json.error.message).toMatch(/cannot be repeated/);
    expect(res.json.error.message).toMatch(mentions);
    expect(await prisma.generationJob.count({ where: { bRollId: id } })).toBe(1);
    expect((await prisma.bRoll.findUniqueOrThrow({ where: { id } })).status).toBe("failed");
  });

  it("a private avatar whose last job input is unreadable answers 422 on retry", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const { imageUrl } = await generatedImage(user, "flow-corrupt");
    await sim.set({ refuseNext: 1 });
    const created = await post(privateAvatars.POST, user, { name: "Corrupt", imageUrl, projectId, resolution: "480p", duration: 2, fallback: false });
    await settledRow("generationJob", created.json.jobId, { what: "first job failed" });
    await prisma.generationJob.update({ where: { id: created.json.jobId }, data: { input: toJson({ something: "else" }) } });
    const res = await post(privateRetry.POST, user, undefined, undefined, { id: created.json.id });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/avatar cannot be repeated/);
  });

  it("a queued job whose stored input does not validate ends failed at submission, not retried forever", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const bRoll = await prisma.bRoll.create({ data: { name: "Broken", prompt: "a wave", type: "text_to_video", userId: user.id, projectId } });
    const job = await prisma.$transaction((tx) =>
      createVideoJob(tx, { kind: "text-to-video", prompt: "a wave", options: { resolution: "480p", duration: 2 }, userId: user.id, projectId, bRollId: bRoll.id }),
    );
    await prisma.generationJob.update({ where: { id: job.id }, data: { input: toJson({ falInput: "not an object" }) } });
    await enqueueSubmit(job.id);
    const failed = await settledRow("generationJob", job.id, { what: "job failed" });
    expect(failed).toMatchObject({ status: "failed", errorCode: "invalid_input", falRequestId: null });
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: bRoll.id } })).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/not valid/) });
    expect((await sim.requests()).length).toBe(0);
  });
});

describe("an avatar records the Fal request that made its picture", () => {
  it("falImageJobId is the picture's FLUX request for a generated picture, and null for an upload", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const picture = await generatedImage(user, "flow-picture");
    const pictureJob = await prisma.generationJob.findUniqueOrThrow({ where: { id: picture.jobId } });
    expect(pictureJob.falRequestId).toEqual(expect.any(String));
    const made = await post(privateAvatars.POST, user, { name: "Generated", imageUrl: picture.imageUrl, projectId, resolution: "480p", duration: 2 });
    expect(made.status).toBe(202);
    expect((await prisma.avatar.findUniqueOrThrow({ where: { id: made.json.id } })).falImageJobId).toBe(pictureJob.falRequestId);

    const photo = await sharp({ create: { width: 640, height: 800, channels: 3, background: "#c96" } }).jpeg().toBuffer();
    const form = new FormData();
    form.set("sessionId", "flow-upload");
    form.set("file", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "photo.jpg");
    const req = new NextRequest("http://localhost:3000/api/images/upload", { method: "POST", body: form, headers: { cookie: `next-auth.session-token=${user.token}` } });
    const response = await upload.POST(req, { params: Promise.resolve({}) });
    const uploaded = { status: response.status, json: await response.json() };
    expect(uploaded.status).toBe(201);
    const fromUpload = await post(privateAvatars.POST, user, { name: "Uploaded", imageUrl: uploaded.json.imageUrl, projectId, consent: { attested: true }, resolution: "480p", duration: 2 });
    expect(fromUpload.status).toBe(202);
    expect((await prisma.avatar.findUniqueOrThrow({ where: { id: fromUpload.json.id } })).falImageJobId).toBeNull();
  });
});

describe("PATCH /api/avatars/public/:id renames like every other resource", () => {
  it("renames with PATCH exactly as with PUT (admin only)", async () => {
    const admin = await newUser({ role: "admin" });
    const user = await newUser();
    const { imageUrl } = await generatedImage(admin, "flow-patch");
    const created = await post(publicAvatars.POST, admin, { name: "Before", imageUrl, tagSlugs: ["femme"], resolution: "480p", duration: 2 });
    const patched = await call(publicItem.PATCH, { method: "PATCH", user: admin, params: { id: created.json.id }, body: { name: "After" } });
    expect(patched.status).toBe(200);
    expect(patched.json.name).toBe("After");
    const refused = await call(publicItem.PATCH, { method: "PATCH", user, params: { id: created.json.id }, body: { name: "Mine" } });
    expect(refused.status).toBe(403);
  });
});
