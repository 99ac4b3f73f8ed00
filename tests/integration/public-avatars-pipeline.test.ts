// Creating library avatars end to end through the routes and the Fal simulator: the image copied to
// the avatar's own key, Seedance image-to-video, processing -> ready (listed at once, despite the
// cache) or failed with the reason, retry, and the POST error table.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as collection from "@/app/api/avatars/public/route";
import * as item from "@/app/api/avatars/public/[id]/route";
import * as retry from "@/app/api/avatars/public/[id]/retry/route";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { DEFAULT_AVATAR_MOTION } from "@/_shared/schemas/private-avatar";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newUser, post, settled, settledRow, waitFor, type TestUser } from "../helpers";
import { probeStoredVideo, tempImage } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";

const IMAGE_MODEL = "fal-ai/bytedance/seedance/v1/pro/image-to-video";
const SMALL = { resolution: "480p", duration: 2 } as const;
const PREFIX = `Pipe${randomUUID().slice(0, 8)}`;

let admin: TestUser;
let user: TestUser;
let imageUrl: string;

const createAvatar = (body: unknown, as: TestUser | null = admin) => post(collection.POST, as, body);
const list = (query: string, as: TestUser | null = null) => call(collection.GET, { path: `/api/avatars/public?${query}`, user: as });

const settledAvatar = (id: string) => settled("avatar", id, item.GET, admin);

withPipeline();
beforeAll(async () => {
  await seedBaseTags(prisma);
  admin = await newUser({ role: "admin" });
  user = await newUser();
  imageUrl = await tempImage(admin, "img1");
  // Rows written straight to the database bypass the services: make the cached library replies stale
  // (with Redis, they may even come from another test run).
  await invalidatePublicLibrary();
});

describe("POST /api/avatars/public", () => {
  it("202 processing with the image copied to its key, then ready with a silent clip, listed at once", async () => {
    const name = `${PREFIX} Léa`;
    // A cached listing from before: the new avatar must still show once it is ready.
    expect((await list(`q=${PREFIX}`)).json.total).toBe(0);
    const res = await createAvatar({ name, imageUrl, tagSlugs: ["femme", "jeune", "medical"], ...SMALL });
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    const imageKey = storageKeys.publicAvatarImage({ avatarId: id, ext: "jpg" });
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      name,
      imageUrl: `/api/media/${imageKey}`,
      videoUrl: null,
      visibility: "public",
      status: "processing",
      errorMessage: null,
      projectId: null,
      tags: expect.arrayContaining([
        { slug: "femme", name: "Femme", category: "sexe" },
        { slug: "jeune", name: "Jeune", category: "age" },
        { slug: "medical", name: "Médical", category: "industrie" },
      ]),
      durationSeconds: null,
      width: null,
      height: null,
      jobId: expect.any(String),
      // No clip yet: which model made it is known once it is ready.
      clipModel: null,
      estimatedCostUsd: estimateCostUsd("image-to-video", { aspectRatio: "9:16", ...SMALL }),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.json.estimatedCostUsd).toBeGreaterThan(0);
    expect(await fileStorage.statFile(imageKey)).toMatchObject({ contentType: "image/jpeg" });
    // Not in the library while processing, not even by id.
    expect((await list(`q=${PREFIX}`)).json.total).toBe(0);
    expect((await call(item.GET, { params: { id } })).status).toBe(404);

    const ready = await settledAvatar(id);
    const videoKey = storageKeys.publicAvatarVideo({ avatarId: id });
    expect(ready).toMatchObject({ status: "ready", errorMessage: null, videoUrl: `/api/media/${videoKey}`, width: 480, height: 854, jobId: res.json.jobId });
    expect(ready.durationSeconds).toBeGreaterThan(1.5);
    expect(await probeStoredVideo(videoKey)).toMatchObject({ hasAudio: false, videoCodec: "h264" });

    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } });
    // The job is the admin's (their spend counts it); the avatar itself belongs to nobody.
    expect(job).toMatchObject({ kind: "image_to_video", status: "completed", userId: admin.id, projectId: null, avatarId: id });
    const request = await receivedFor(job.id);
    expect(request.modelId).toBe(IMAGE_MODEL);
    expect(request.input).toMatchObject({ prompt: DEFAULT_AVATAR_MOTION, aspect_ratio: "9:16", resolution: "480p", duration: "2", image_url: expect.any(String) });
    expect(await prisma.avatar.findUniqueOrThrow({ where: { id } })).toMatchObject({ aspectRatio: "9:16", userId: null, projectId: null });

    // The listing cached while it was processing is stale now: finalisation invalidated it.
    expect((await list(`q=${PREFIX}`)).json.avatars.map((a: { id: string }) => a.id)).toEqual([id]);
    const listed = await list(`q=${PREFIX}&sexe=femme&industrie=medical,tech`);
    expect(listed.json.avatars.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(listed.json.avatars[0]).toMatchObject({ status: "ready", videoUrl: `/api/media/${videoKey}` });
    expect((await call(item.GET, { params: { id } })).json).toMatchObject({ id, status: "ready" });
    // The admin's temporary image is left for the session sweeper: it may make more avatars.
    expect(await fileStorage.statFile(storageKeys.tempImage({ userId: admin.id, sessionId: "s1", imageId: "img1", ext: "jpg" }))).not.toBeNull();
  });

  it("a refused image ends failed with the reason; retry makes it ready with the same request", async () => {
    await sim.set({ refuseNext: 1 });
    const res = await createAvatar({ name: `${PREFIX} Refused`, imageUrl, tagIds: [(await prisma.tag.findUniqueOrThrow({ where: { slug: "homme" } })).id], prompt: "waves at the camera", aspectRatio: "1:1", ...SMALL, fallback: false });
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    const failed = await settledAvatar(id);
    expect(failed).toMatchObject({ status: "failed", videoUrl: null, errorMessage: "The video model refused this image (it may show a real person's face). Try another image." });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } })).toMatchObject({ status: "failed", errorCode: "content_refused" });
    expect((await call(item.GET, { params: { id } })).status).toBe(404);
    expect((await list(`q=${PREFIX} Refused`)).json.total).toBe(0);
    expect((await list(`q=${PREFIX} Refused&status=failed`, admin)).json.avatars[0]).toMatchObject({ id, errorMessage: failed.errorMessage });

    expect((await call(retry.POST, { method: "POST", user: null, params: { id } })).status).toBe(401);
    expect((await call(retry.POST, { method: "POST", user, params: { id } })).status).toBe(403);
    const retried = await call(retry.POST, { method: "POST", user: admin, params: { id } });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id, status: "processing", errorMessage: null, estimatedCostUsd: estimateCostUsd("image-to-video", { aspectRatio: "1:1", ...SMALL }) });
    expect(retried.json.jobId).not.toBe(res.json.jobId);
    expect((await call(retry.POST, { method: "POST", user: admin, params: { id } })).status).toBe(409);

    const ready = await settledAvatar(id);
    expect(ready).toMatchObject({ status: "ready", jobId: retried.json.jobId, width: 480, height: 480 });
    expect((await receivedFor(retried.json.jobId)).input).toMatchObject({ prompt: "waves at the camera", aspect_ratio: "1:1", resolution: "480p", duration: "2" });
    expect((await list(`q=${PREFIX} Refused`)).json.avatars.map((a: { id: string }) => a.id)).toEqual([id]);

    const again = await call(retry.POST, { method: "POST", user: admin, params: { id } });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: "conflict", message: "Only a failed avatar can be retried; this one is ready" });
    expect((await call(retry.POST, { method: "POST", user: admin, params: { id: "no-such-avatar" } })).status).toBe(404);
  });

  it("a retry may change the prompt and options", async () => {
    await sim.set({ refuseNext: 1 });
    const res = await createAvatar({ name: `${PREFIX} Changed`, imageUrl, tagSlugs: ["homme"], ...SMALL, fallback: false });
    await settledAvatar(res.json.id);
    const retried = await call(retry.POST, { method: "POST", user: admin, params: { id: res.json.id }, body: { prompt: "turns the head slowly", aspectRatio: "16:9" } });
    expect(retried.status).toBe(202);
    expect((await settledAvatar(res.json.id)).status).toBe("ready");
    expect((await receivedFor(retried.json.jobId)).input).toMatchObject({ prompt: "turns the head slowly", aspect_ratio: "16:9", resolution: "480p", duration: "2" });
    const bad = await call(retry.POST, { method: "POST", user: admin, params: { id: res.json.id }, body: { resolution: "4k" } });
    expect(bad.status).toBe(400);
  });

  it("deleting an avatar whose clip is still being made leaves no object behind", async () => {
    await sim.set({ latencyMs: 1500 });
    const res = await createAvatar({ name: `${PREFIX} Hasty`, imageUrl, tagSlugs: ["homme"], ...SMALL });
    const id = res.json.id as string;
    await waitFor(() => prisma.generationJob.findFirst({ where: { id: res.json.jobId, status: "submitted" } }), { what: "job submitted" });
    expect((await call(item.DELETE, { method: "DELETE", user: admin, params: { id } })).status).toBe(204);
    const job = await settledRow("generationJob", res.json.jobId, { what: "job settled" });
    expect(job).toMatchObject({ status: "failed", errorCode: "resource_deleted" });
    expect(await fileStorage.statFile(storageKeys.publicAvatarImage({ avatarId: id, ext: "jpg" }))).toBeNull();
    expect(await fileStorage.statFile(storageKeys.publicAvatarVideo({ avatarId: id }))).toBeNull();
  });
});

describe("POST /api/avatars/public: errors", () => {
  const video = () => `/api/media/${storageKeys.publicAvatarVideo({ avatarId: "anything" })}`;
  const cases: Array<{ name: string; body: () => unknown; status: number; path?: string; as?: () => TestUser | null }> = [
    { name: "anonymous", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"] }), status: 401, as: () => null },
    { name: "a user", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"] }), status: 403, as: () => user },
    { name: "missing name", body: () => ({ imageUrl, tagSlugs: ["homme"] }), status: 400, path: "name" },
    { name: "name too long", body: () => ({ name: "x".repeat(121), imageUrl, tagSlugs: ["homme"] }), status: 400, path: "name" },
    { name: "missing imageUrl", body: () => ({ name: "x", tagSlugs: ["homme"] }), status: 400, path: "imageUrl" },
    { name: "no tags", body: () => ({ name: "x", imageUrl }), status: 400, path: "tagIds" },
    { name: "both tagIds and tagSlugs", body: () => ({ name: "x", imageUrl, tagIds: ["a"], tagSlugs: ["homme"] }), status: 400, path: "tagSlugs" },
    { name: "empty tagSlugs", body: () => ({ name: "x", imageUrl, tagSlugs: [] }), status: 400, path: "tagSlugs" },
    { name: "unknown tag slugs", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme", "robot"] }), status: 400, path: "tagSlugs" },
    { name: "unknown tag ids", body: () => ({ name: "x", imageUrl, tagIds: ["nope"] }), status: 400, path: "tagIds" },
    { name: "a foreign URL", body: () => ({ name: "x", imageUrl: "https://example.com/face.jpg", tagSlugs: ["homme"] }), status: 400, path: "imageUrl" },
    { name: "a video, not an image", body: () => ({ name: "x", imageUrl: video(), tagSlugs: ["homme"] }), status: 400, path: "imageUrl" },
    { name: "a missing image", body: () => ({ name: "x", imageUrl: imageUrl.replace("img1", "img404"), tagSlugs: ["homme"] }), status: 400, path: "imageUrl" },
    { name: "empty prompt", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"], prompt: " " }), status: 400, path: "prompt" },
    { name: "prompt too long", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"], prompt: "x".repeat(2001) }), status: 400, path: "prompt" },
    { name: "bad resolution", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"], resolution: "4k" }), status: 400, path: "resolution" },
    { name: "duration out of range", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"], duration: 30 }), status: 400, path: "duration" },
    { name: "unknown field", body: () => ({ name: "x", imageUrl, tagSlugs: ["homme"], visibility: "private" }), status: 400 },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.status}, and nothing is created`, async () => {
      const before = await prisma.avatar.count({ where: { visibility: "public" } });
      const res = await createAvatar(c.body(), c.as ? c.as() : admin);
      expect(res.status).toBe(c.status);
      expect(typeof res.json.error.message).toBe("string");
      if (c.path) expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(c.path);
      expect(await prisma.avatar.count({ where: { visibility: "public" } })).toBe(before);
    });
  }

  it("an admin may make a library avatar from a user's image", async () => {
    const owned = await tempImage(user, "mine");
    const res = await createAvatar({ name: `${PREFIX} From user`, imageUrl: owned, tagSlugs: ["femme"], ...SMALL });
    expect(res.status).toBe(202);
    expect((await settledAvatar(res.json.id)).status).toBe("ready");
  });
});
