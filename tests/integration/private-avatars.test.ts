// Private avatars end to end through the simulator: image -> avatar -> silent clip, the
// cleanup of the temporary session, failure and retry, idempotency, isolation between users.
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as generate from "@/app/api/images/generate/route";
import * as collection from "@/app/api/avatars/private/route";
import * as item from "@/app/api/avatars/private/[id]/route";
import * as retry from "@/app/api/avatars/private/[id]/retry/route";
import * as project from "@/app/api/projects/[id]/route";
import { call, newProject, newUser, post, settled, settledRow, type TestUser } from "../helpers";
import { probeStoredVideo } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";

withPipeline();

const keyOf = (url: string) => url.replace("/api/media/", "");

async function setup(sessionId = "studio") {
  const user = await newUser();
  const projectId = await newProject(user, "Launch");
  const image = await post(generate.POST, user, { prompt: "a smiling dentist", sessionId, numImages: 2 });
  expect(image.status).toBe(200);
  return { user, projectId, imageUrl: image.json.imageUrl as string, sessionId };
}

const create = (user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) =>
  post(collection.POST, user, { resolution: "480p", duration: 2, ...body }, headers);

const settledAvatar = (user: TestUser, id: string, what?: string) => settled("avatar", id, item.GET, user, { what });

describe("private avatars", () => {
  it("image -> 202 processing -> ready silent clip; image kept, temporary session deleted", async () => {
    await sim.set({ audio: "always" });
    const { user, projectId, imageUrl, sessionId } = await setup();
    const res = await create(user, { name: "Dr. Ada", imageUrl, projectId, prompt: "smiles and nods, looking at the camera" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ name: "Dr. Ada", status: "processing", visibility: "private", projectId, videoUrl: null, jobId: expect.any(String) });
    expect(res.json.estimatedCostUsd).toBeGreaterThan(0);
    expect(res.json.imageUrl).toBe(`/api/media/${storageKeys.avatarImage({ userId: user.id, avatarId: res.json.id, ext: "jpg" })}`);

    const ready = await settledAvatar(user, res.json.id, "avatar ready");
    expect(ready).toMatchObject({ status: "ready", errorMessage: null, width: 480, height: 854 });
    const videoKey = storageKeys.privateAvatarVideo({ userId: user.id, avatarId: res.json.id });
    expect(ready.videoUrl).toBe(`/api/media/${videoKey}`);
    expect(await probeStoredVideo(videoKey)).toMatchObject({ hasAudio: false, width: 480, height: 854 });
    expect(await fileStorage.statFile(keyOf(ready.imageUrl))).not.toBeNull();
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }))).toEqual([]);

    const received = await receivedFor(res.json.jobId);
    expect(received.modelId).toBe("fal-ai/bytedance/seedance/v1/pro/image-to-video");
    expect(received.input).toMatchObject({ prompt: "smiles and nods, looking at the camera", aspect_ratio: "9:16", image_url: expect.stringMatching(/^http/) });
  });

  it("failed -> session kept -> retry -> ready -> session deleted", async () => {
    const { user, projectId, imageUrl, sessionId } = await setup("retry-session");
    await sim.set({ refuseNext: 1 });
    const res = await create(user, { name: "Sam", imageUrl, projectId, fallback: false });
    const failed = await settledAvatar(user, res.json.id, "avatar failed");
    expect(failed).toMatchObject({ status: "failed", videoUrl: null, errorMessage: "The video model refused this image (it may show a real person's face). Try another image." });
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }))).toHaveLength(2);

    const again = await call(retry.POST, { method: "POST", user, params: { id: res.json.id } });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ status: "processing", errorMessage: null, estimatedCostUsd: expect.any(Number) });
    expect(again.json.jobId).not.toBe(res.json.jobId);
    expect((await settledAvatar(user, res.json.id, "avatar ready")).status).toBe("ready");
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }))).toEqual([]);
    expect((await call(retry.POST, { method: "POST", user, params: { id: res.json.id } })).status).toBe(409);
  });

  it("an avatar outlives its project: detached, it is still retried and made ready, with no project", async () => {
    const { user, projectId, imageUrl } = await setup("orphan-session");
    await sim.set({ refuseNext: 1 });
    const res = await create(user, { name: "Clara", imageUrl, projectId, fallback: false });
    expect((await settledAvatar(user, res.json.id, "avatar failed")).status).toBe("failed");

    expect((await call(project.DELETE, { method: "DELETE", user, params: { id: projectId } })).status).toBe(204);
    expect((await call(item.GET, { user, params: { id: res.json.id } })).json).toMatchObject({ name: "Clara", projectId: null, status: "failed" });

    const again = await call(retry.POST, { method: "POST", user, params: { id: res.json.id } });
    expect(again.status).toBe(202);
    const ready = await settledAvatar(user, res.json.id, "avatar ready");
    expect(ready).toMatchObject({ status: "ready", projectId: null });
    expect(await fileStorage.statFile(keyOf(ready.videoUrl))).not.toBeNull();
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: again.json.jobId }, select: { projectId: true } })).toEqual({ projectId: null });
  });

  it("an Idempotency-Key replay returns the first answer and starts no second generation", async () => {
    const { user, projectId, imageUrl } = await setup();
    const headers = { "Idempotency-Key": "avatar-create-7f3a" };
    const first = await create(user, { name: "Once", imageUrl, projectId }, headers);
    const second = await create(user, { name: "Once", imageUrl, projectId }, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json.id).toBe(first.json.id);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.generationJob.count({ where: { avatarId: first.json.id } })).toBe(1);
    const other = await create(user, { name: "Different", imageUrl, projectId }, headers);
    expect(other.status).toBe(422);
    expect((await create(user, { name: "x", imageUrl, projectId }, { "Idempotency-Key": "has spaces" })).status).toBe(400);
  });

  it("lists the caller's avatars across projects, with filters", async () => {
    const { user, projectId, imageUrl } = await setup();
    const other = await newProject(user, "Other");
    const a = await create(user, { name: "A", imageUrl, projectId });
    const b = await create(user, { name: "B", imageUrl, projectId: other });
    const all = await call(collection.GET, { user });
    expect(all.json.avatars.map((x: { id: string }) => x.id)).toEqual([b.json.id, a.json.id]);
    const filtered = await call(collection.GET, { user, path: `/api/avatars/private?projectId=${other}` });
    expect(filtered.json.avatars.map((x: { id: string }) => x.id)).toEqual([b.json.id]);
    expect((await call(collection.GET, { user, path: "/api/avatars/private?status=nope" })).status).toBe(400);
    await settledAvatar(user, a.json.id);
    await settledAvatar(user, b.json.id);
  });

  it("another user's avatar, project and image are invisible", async () => {
    const { user, projectId, imageUrl } = await setup();
    const stranger = await newUser();
    const strangerProject = await newProject(stranger, "Mine");
    const avatar = await create(user, { name: "Private", imageUrl, projectId });
    expect((await call(item.GET, { user: stranger, params: { id: avatar.json.id } })).status).toBe(404);
    expect((await call(item.DELETE, { method: "DELETE", user: stranger, params: { id: avatar.json.id } })).status).toBe(404);
    expect((await call(retry.POST, { method: "POST", user: stranger, params: { id: avatar.json.id } })).status).toBe(404);
    expect((await call(collection.GET, { user: stranger })).json.avatars).toEqual([]);
    const foreignProject = await create(user, { name: "x", imageUrl, projectId: strangerProject });
    expect(foreignProject.status).toBe(404);
    const foreignImage = await create(stranger, { name: "x", imageUrl, projectId: strangerProject });
    expect(foreignImage.status).toBe(400);
    await settledAvatar(user, avatar.json.id);
  });

  it("DELETE removes the row, the image and the clip", async () => {
    const { user, projectId, imageUrl } = await setup();
    const avatar = await create(user, { name: "Gone", imageUrl, projectId });
    const ready = await settledAvatar(user, avatar.json.id);
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: avatar.json.id } })).status).toBe(204);
    expect((await call(item.GET, { user, params: { id: avatar.json.id } })).status).toBe(404);
    expect(await fileStorage.statFile(keyOf(ready.imageUrl))).toBeNull();
    expect(await fileStorage.statFile(keyOf(ready.videoUrl))).toBeNull();
  });

  it("deleting an avatar while it is processing leaves no objects once the job ends", async () => {
    const { user, projectId, imageUrl } = await setup();
    await sim.set({ latencyMs: 800 });
    const avatar = await create(user, { name: "Short-lived", imageUrl, projectId });
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: avatar.json.id } })).status).toBe(204);
    await settledRow("generationJob", avatar.json.jobId, { what: "job to end" });
    expect(await fileStorage.statFile(storageKeys.privateAvatarVideo({ userId: user.id, avatarId: avatar.json.id }))).toBeNull();
    expect(await fileStorage.statFile(keyOf(avatar.json.imageUrl))).toBeNull();
  });

  describe("400 and 401", () => {
    it.each([
      ["no name", { name: "" }],
      ["no imageUrl", { imageUrl: undefined }],
      ["a foreign imageUrl", { imageUrl: "https://example.com/face.jpg" }],
      ["a video as imageUrl", { imageUrl: "/api/media/videos/avatars/public/x.mp4" }],
      ["a bad aspect ratio", { aspectRatio: "2:1" }],
      ["a duration of 20 s", { duration: 20 }],
      ["an unknown field", { voice: "en" }],
      ["an empty motion prompt", { prompt: " " }],
      ["an imageUrl over 2048 characters", { imageUrl: `/api/media/images/temp-generated/${"x".repeat(2048)}.jpg` }],
    ])("%s -> 400", async (_name, patch) => {
      const { user, projectId, imageUrl } = await setup();
      const res = await create(user, { name: "Ok", imageUrl, projectId, ...patch });
      expect(res.status).toBe(400);
      expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(0);
    });

    it("an unknown project -> 404, no session -> 401", async () => {
      const { user, imageUrl } = await setup();
      expect((await create(user, { name: "x", imageUrl, projectId: "nope" })).status).toBe(404);
      expect((await call(collection.GET, {})).status).toBe(401);
      expect((await call(collection.POST, { method: "POST", body: { name: "x", imageUrl, projectId: "p" } })).status).toBe(401);
      expect((await call(item.GET, { params: { id: "x" } })).status).toBe(401);
    });
  });
});
