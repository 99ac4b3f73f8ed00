// B-rolls end to end through the routes and the Fal simulator: the model and input each kind of
// b-roll sends, processing -> ready with a silent video and a thumbnail, failures and retries,
// listings and pagination, deletion (also while the job runs) and idempotent creation.
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as collection from "@/app/api/b-rolls/route";
import * as item from "@/app/api/b-rolls/[id]/route";
import * as retry from "@/app/api/b-rolls/[id]/retry/route";
import * as projectBRolls from "@/app/api/projects/[id]/b-rolls/route";
import * as projectItem from "@/app/api/projects/[id]/route";
import { call, newProject, newUser, post, settled, settledRow, type TestUser } from "../helpers";
import { restoreEnv, setEnv } from "../env";
import { probeStoredVideo, readStoredFile, storeJpeg, tempImage } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";

const TEXT_MODEL = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const IMAGE_MODEL = "fal-ai/bytedance/seedance/v1/pro/image-to-video";
const PROMPT = "slow dolly-in on a steaming espresso cup, morning light";
const SMALL = { resolution: "480p", duration: 2 } as const;

withPipeline();
let user: TestUser;
let projectId: string;

const createBRoll = (body: Record<string, unknown>, { as = user, headers }: { as?: TestUser; headers?: Record<string, string> } = {}) =>
  post(collection.POST, as, body, headers);
const settledBRoll = (id: string, owner: TestUser = user) => settled("bRoll", id, item.GET, owner);

/** True when the MP4's index (moov) comes before its media data (mdat): it plays while downloading. */
async function isFaststart(key: string) {
  const bytes = await readStoredFile(key);
  const moov = bytes.indexOf("moov");
  return moov > 0 && moov < bytes.indexOf("mdat");
}

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Espresso launch");
});

describe("creating b-rolls", () => {
  it("text-to-video: 202 processing with its price, the text model and input, then ready with a silent faststart video and a thumbnail", async () => {
    await sim.set({ audio: "always" }); // the model sends sound: it must be stripped
    const res = await createBRoll({ name: "Espresso", prompt: `  ${PROMPT}  `, projectId, aspectRatio: "16:9", seed: 42, cameraFixed: true, ...SMALL });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({
      id: expect.any(String),
      name: "Espresso",
      prompt: PROMPT,
      type: "text-to-video",
      status: "processing",
      imageUrl: null,
      videoUrl: null,
      thumbnailUrl: null,
      projectId,
      errorMessage: null,
      errorCode: null,
      aspectRatio: "16:9",
      resolution: "480p",
      durationSeconds: null,
      width: null,
      height: null,
      // What was asked: what "Edit prompt and regenerate" starts from.
      request: { prompt: PROMPT, aspectRatio: "16:9", resolution: "480p", duration: SMALL.duration },
      estimatedCostUsd: estimateCostUsd("text-to-video", { aspectRatio: "16:9", ...SMALL }),
      jobId: expect.any(String),
      seed: 42,
      // No clip yet: which model made it is known once it is ready.
      clipModel: null,
      takeGroupId: null,
      takeIndex: null,
      favorite: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.json.estimatedCostUsd).toBeGreaterThan(0);

    const ready = await settledBRoll(res.json.id);
    const bRollId = res.json.id as string;
    const videoKey = storageKeys.bRollVideo({ userId: user.id, projectId, bRollId });
    const thumbnailKey = storageKeys.bRollThumbnail({ userId: user.id, projectId, bRollId, ext: "webp" });
    expect(ready).toMatchObject({
      status: "ready",
      errorMessage: null,
      videoUrl: `/api/media/${videoKey}`,
      thumbnailUrl: `/api/media/${thumbnailKey}`,
      width: 854,
      height: 480,
      jobId: res.json.jobId,
    });
    expect(ready.durationSeconds).toBeGreaterThan(1.5);

    const request = await receivedFor(res.json.jobId);
    expect(request.modelId).toBe(TEXT_MODEL);
    expect(request.input).toMatchObject({ prompt: PROMPT, aspect_ratio: "16:9", resolution: "480p", duration: "2", camera_fixed: true, seed: 42 });
    expect(request.input).not.toHaveProperty("image_url");

    expect(await probeStoredVideo(videoKey)).toMatchObject({ hasAudio: false, videoCodec: "h264", width: 854, height: 480 });
    expect(await isFaststart(videoKey)).toBe(true);
    expect((await fileStorage.statFile(thumbnailKey))?.contentType).toBe("image/webp");
  });

  it("defaults: vertical 9:16, 720p, 5 s, camera free, a seed chosen at creation and sent", async () => {
    const res = await createBRoll({ name: "Defaults", prompt: PROMPT, projectId });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ aspectRatio: "9:16", resolution: "720p", estimatedCostUsd: estimateCostUsd("text-to-video", {}) });
    const ready = await settledBRoll(res.json.id);
    expect(ready).toMatchObject({ status: "ready", width: 720, height: 1280 });
    const request = await receivedFor(res.json.jobId);
    expect(request.input).toMatchObject({ aspect_ratio: "9:16", resolution: "720p", duration: "5", camera_fixed: false });
    expect(res.json.seed).toEqual(expect.any(Number));
    expect(request.input).toMatchObject({ seed: res.json.seed });
  });

  it("image-to-video from one of the caller's images: the image model with a fetchable image_url", async () => {
    const imageUrl = await tempImage(user);
    // An absolute URL of our own origin is accepted and stored normalized.
    const res = await createBRoll({ name: "Cup still", prompt: PROMPT, imageUrl: `http://localhost:3000${imageUrl}`, projectId, seed: 7, ...SMALL });
    expect(res.status).toBe(202);
    // The b-roll keeps its own copy of the source image, next to its clip.
    const sourceUrl = `/api/media/${storageKeys.bRollSourceImage({ userId: user.id, projectId, bRollId: res.json.id, ext: "jpg" })}`;
    expect(res.json).toMatchObject({ type: "image-to-video", status: "processing", imageUrl: sourceUrl });
    expect(res.json.estimatedCostUsd).toBe(estimateCostUsd("image-to-video", { ...SMALL }));

    const ready = await settledBRoll(res.json.id);
    expect(ready).toMatchObject({ status: "ready", type: "image-to-video", imageUrl: sourceUrl, width: 480, height: 854 });
    const request = await receivedFor(res.json.jobId);
    expect(request.modelId).toBe(IMAGE_MODEL);
    expect(request.input).toMatchObject({ prompt: PROMPT, aspect_ratio: "9:16", resolution: "480p", duration: "2", camera_fixed: false, seed: 7 });
    const fetched = await fetch(String(request.input?.image_url));
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/jpeg");
    expect((await sharp(Buffer.from(await fetched.arrayBuffer())).metadata()).width).toBe(512);
    // A b-roll does not consume the session's temporary image; deleting the b-roll removes its copy.
    expect(await fileStorage.statFile(imageUrl.slice("/api/media/".length))).not.toBeNull();
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: res.json.id } })).status).toBe(204);
    expect(await fileStorage.statFile(sourceUrl.slice("/api/media/".length))).toBeNull();
  });

  it("image-to-video from a public avatar image", async () => {
    const key = storageKeys.publicAvatarImage({ avatarId: `pub${Date.now()}`, ext: "jpg" });
    const imageUrl = await storeJpeg(key, { width: 512, height: 512 });
    const res = await createBRoll({ name: "Library face", prompt: "a smile to the camera", imageUrl, projectId, aspectRatio: "1:1", ...SMALL });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ type: "image-to-video", imageUrl: expect.stringMatching(/-source\.jpg$/) });
    expect(await settledBRoll(res.json.id)).toMatchObject({ status: "ready", width: 480, height: 480 });
    expect((await receivedFor(res.json.jobId)).modelId).toBe(IMAGE_MODEL);
  });

  it("a refused prompt ends failed with a readable reason", async () => {
    await sim.set({ refuseNext: 1 });
    const res = await createBRoll({ name: "Refused", prompt: PROMPT, projectId, ...SMALL });
    const failed = await settledBRoll(res.json.id);
    expect(failed).toMatchObject({
      status: "failed",
      errorMessage: "The video model refused this prompt (content policy). Rephrase it and try again.",
      videoUrl: null,
      thumbnailUrl: null,
    });
  });
});

describe("retrying", () => {
  it("failed -> retry -> ready with a new job and the same request; 409 unless failed", async () => {
    await sim.set({ refuseNext: 1, latencyMs: 600 });
    const res = await createBRoll({ name: "Second chance", prompt: PROMPT, projectId, seed: 99, cameraFixed: true, aspectRatio: "4:3", ...SMALL });
    const id = res.json.id as string;
    const processing = await call(retry.POST, { method: "POST", user, params: { id } });
    expect(processing.status).toBe(409);
    expect(processing.json).toEqual({ error: { code: "conflict", message: "Only a failed b-roll can be retried" } });
    const failed = await settledBRoll(id);
    expect(failed.status).toBe("failed");

    const retried = await call(retry.POST, { method: "POST", user, params: { id } });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id, status: "processing", errorMessage: null, aspectRatio: "4:3", resolution: "480p" });
    expect(retried.json.jobId).not.toBe(res.json.jobId);
    expect(await prisma.generationJob.count({ where: { bRollId: id } })).toBe(2);

    const ready = await settledBRoll(id);
    expect(ready).toMatchObject({ status: "ready", errorMessage: null, jobId: retried.json.jobId });
    const request = await receivedFor(retried.json.jobId);
    expect(request.modelId).toBe(TEXT_MODEL);
    expect(request.input).toMatchObject({ prompt: PROMPT, aspect_ratio: "4:3", resolution: "480p", duration: "2", camera_fixed: true, seed: 99 });

    const again = await call(retry.POST, { method: "POST", user, params: { id } });
    expect(again.status).toBe(409);
    expect(await prisma.generationJob.count({ where: { bRollId: id } })).toBe(2);
  });

  it("an image-to-video retry sends the image again, even after the temporary image was swept; no image at all -> 409", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const imageUrl = await tempImage(owner, "retry1");
    await sim.set({ refuseNext: 1 });
    const res = await createBRoll({ name: "Pic", prompt: PROMPT, imageUrl, projectId: project, ...SMALL, fallback: false }, { as: owner });
    expect((await settledBRoll(res.json.id, owner)).status).toBe("failed");

    const retried = await call(retry.POST, { method: "POST", user: owner, params: { id: res.json.id } });
    expect(retried.status).toBe(202);
    expect((await settledBRoll(res.json.id, owner)).status).toBe("ready");
    const request = await receivedFor(retried.json.jobId);
    expect(request.modelId).toBe(IMAGE_MODEL);
    expect((await fetch(String(request.input?.image_url))).status).toBe(200);

    // Say it failed again later, after its temporary image was swept (TTL): the b-roll's own copy serves.
    const failAgain = () => prisma.bRoll.update({ where: { id: res.json.id }, data: { status: "failed", errorMessage: "The generation did not finish in time. Try again." } });
    await failAgain();
    await fileStorage.deleteFile(imageUrl.slice("/api/media/".length));
    const afterSweep = await call(retry.POST, { method: "POST", user: owner, params: { id: res.json.id } });
    expect(afterSweep.status).toBe(202);
    expect((await settledBRoll(res.json.id, owner)).status).toBe("ready");

    // With the copy gone too, there is nothing to retry from.
    await failAgain();
    await fileStorage.deleteFile(String(res.json.imageUrl).slice("/api/media/".length));
    const gone = await call(retry.POST, { method: "POST", user: owner, params: { id: res.json.id } });
    expect(gone.status).toBe(409);
    expect(gone.json.error.message).toContain("image this b-roll was made from no longer exists");
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: res.json.id } })).toMatchObject({ status: "failed" });
    expect(await prisma.generationJob.count({ where: { bRollId: res.json.id } })).toBe(3);
  });

  it("Idempotency-Key on retry: a replay answers the same b-roll without a third job", async () => {
    await sim.set({ refuseNext: 1 });
    const res = await createBRoll({ name: "Retry key", prompt: PROMPT, projectId, ...SMALL });
    await settledBRoll(res.json.id);
    const headers = { "idempotency-key": `retry-${res.json.id}` };
    const first = await call(retry.POST, { method: "POST", user, params: { id: res.json.id }, headers });
    const replay = await call(retry.POST, { method: "POST", user, params: { id: res.json.id }, headers });
    expect([first.status, replay.status]).toEqual([202, 202]);
    expect(replay.json.jobId).toBe(first.json.jobId);
    expect(await prisma.generationJob.count({ where: { bRollId: res.json.id } })).toBe(2);
    await settledBRoll(res.json.id);
  });
});

// Seedance 1.0 takes 2-12 s, 1.5 takes 4-12 s: what the API accepts follows the configured model.
describe("durations of the configured model", () => {
  const V15_TEXT = "fal-ai/bytedance/seedance/v1.5/pro/text-to-video";
  const TOO_SHORT = "duration must be between 4 and 12 seconds with the current text-to-video model";
  afterEach(() => restoreEnv());

  it("Seedance 1.5: a 3 s b-roll is a 400 naming the field and the range, nothing created; 4 s goes to 1.5 without sound", async () => {
    setEnv({ FAL_MODEL_TEXT_TO_VIDEO: V15_TEXT });
    const before = await prisma.generationJob.count({ where: { userId: user.id } });
    const refused = await createBRoll({ name: "Too short", prompt: PROMPT, projectId, resolution: "480p", duration: 3 });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: { code: "bad_request", message: TOO_SHORT, details: [{ path: "duration", message: TOO_SHORT }] } });
    expect(await prisma.bRoll.count({ where: { userId: user.id, name: "Too short" } })).toBe(0);
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(before);

    const made = await createBRoll({ name: "Long enough", prompt: PROMPT, projectId, resolution: "480p", duration: 4 });
    expect(made.status).toBe(202);
    expect(made.json.estimatedCostUsd).toBe(estimateCostUsd("text-to-video", { resolution: "480p", duration: 4 }));
    expect((await settledBRoll(made.json.id)).status).toBe("ready");
    const request = await receivedFor(made.json.jobId);
    expect(request.modelId).toBe(V15_TEXT);
    expect(request.input).toMatchObject({ duration: "4", generate_audio: false });
  });

  it("a retry whose stored duration the model now refuses is a 422 naming it, and starts nothing", async () => {
    const prompt = `${PROMPT}, made on 1.0`;
    await sim.set({ refuseNext: 1, matchPrompt: "made on 1.0" });
    const res = await createBRoll({ name: "Made on 1.0", prompt, projectId, ...SMALL });
    expect((await settledBRoll(res.json.id)).status).toBe("failed");
    setEnv({ FAL_MODEL_TEXT_TO_VIDEO: V15_TEXT });
    const retried = await call(retry.POST, { method: "POST", user, params: { id: res.json.id } });
    expect(retried.status).toBe(422);
    expect(retried.json.error).toEqual({
      code: "unprocessable",
      message: `The last generation cannot be repeated with the current model (${TOO_SHORT}). Create a new one instead.`,
      details: [{ path: "duration", message: TOO_SHORT }],
    });
    expect(await prisma.generationJob.count({ where: { bRollId: res.json.id } })).toBe(1);
  });
});

describe("deleting", () => {
  it("DELETE removes the row, the video and the thumbnail (204), then 404", async () => {
    const res = await createBRoll({ name: "To delete", prompt: PROMPT, projectId, ...SMALL });
    await settledBRoll(res.json.id);
    const parts = { userId: user.id, projectId, bRollId: res.json.id as string };
    const keys = [storageKeys.bRollVideo(parts), storageKeys.bRollThumbnail({ ...parts, ext: "webp" })];
    for (const key of keys) expect(await fileStorage.statFile(key), key).not.toBeNull();

    const deleted = await call(item.DELETE, { method: "DELETE", user, params: { id: res.json.id } });
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeUndefined();
    for (const key of keys) expect(await fileStorage.statFile(key), key).toBeNull();
    expect((await call(item.GET, { user, params: { id: res.json.id } })).status).toBe(404);
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: res.json.id } })).status).toBe(404);
  });

  it("deleting a processing b-roll leaves no object behind once its job finishes", async () => {
    await sim.set({ latencyMs: 1500 });
    const res = await createBRoll({ name: "Gone early", prompt: PROMPT, projectId, ...SMALL });
    const deleted = await call(item.DELETE, { method: "DELETE", user, params: { id: res.json.id } });
    expect(deleted.status).toBe(204);
    const job = await settledRow("generationJob", res.json.jobId, { what: "the deleted b-roll's job to finish" });
    expect(job).toMatchObject({ status: "failed", errorCode: "resource_deleted", bRollId: null });
    const left = await fileStorage.listKeys(storageKeys.bRollProjectPrefix({ userId: user.id, projectId }));
    expect(left.filter((key) => key.includes(res.json.id))).toEqual([]);
  });
});

describe("renaming", () => {
  it("PATCH renames (trimmed) and keeps everything else", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const row = await prisma.bRoll.create({ data: { name: "Old", prompt: "p", type: "text_to_video", status: "ready", userId: owner.id, projectId: project } });
    const res = await call(item.PATCH, { method: "PATCH", user: owner, params: { id: row.id }, body: { name: "  New name " } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: row.id, name: "New name", status: "ready", prompt: "p", type: "text-to-video" });
    expect(new Date(res.json.updatedAt).getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
  });
});

describe("listing", () => {
  async function seedRows(owner: TestUser) {
    const [p1, p2] = [await newProject(owner, "One"), await newProject(owner, "Two")];
    const base = Date.now() - 60_000;
    const specs = [
      { projectId: p1, status: "ready", type: "text_to_video" },
      { projectId: p1, status: "failed", type: "image_to_video" },
      { projectId: p2, status: "processing", type: "text_to_video" },
      { projectId: p1, status: "ready", type: "image_to_video" },
      { projectId: p2, status: "ready", type: "text_to_video" },
    ] as const;
    const ids: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const row = await prisma.bRoll.create({
        data: { name: `Clip ${i}`, prompt: "p", ...spec, userId: owner.id, createdAt: new Date(base + i * 1000) },
      });
      ids.push(row.id);
    }
    return { p1, p2, newestFirst: [...ids].reverse() };
  }
  const ids = (res: { json: { bRolls: Array<{ id: string }> } }) => res.json.bRolls.map((b) => b.id);

  it("GET /api/b-rolls: the caller's b-rolls across projects, newest first, with filters", async () => {
    const owner = await newUser();
    const { p1, p2, newestFirst } = await seedRows(owner);
    const stranger = await newUser();
    await seedRows(stranger);

    const all = await call(collection.GET, { user: owner });
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ total: 5, page: 1, limit: 20, hasMore: false });
    expect(ids(all)).toEqual(newestFirst);
    expect(all.json.bRolls[0]).toMatchObject({ projectId: p2, type: "text-to-video", status: "ready", jobId: null });

    const byProject = await call(collection.GET, { user: owner, path: `/api/b-rolls?projectId=${p1}` });
    expect(ids(byProject)).toEqual([newestFirst[1], newestFirst[3], newestFirst[4]]);
    const byStatus = await call(collection.GET, { user: owner, path: "/api/b-rolls?status=ready" });
    expect(byStatus.json.total).toBe(3);
    const byType = await call(collection.GET, { user: owner, path: `/api/b-rolls?type=image-to-video&projectId=${p1}` });
    expect(byType.json.bRolls.map((b: { type: string }) => b.type)).toEqual(["image-to-video", "image-to-video"]);
    const combined = await call(collection.GET, { user: owner, path: `/api/b-rolls?projectId=${p2}&status=processing&type=text-to-video` });
    expect(ids(combined)).toEqual([newestFirst[2]]);
    // Someone else's project as a filter finds nothing of theirs.
    const strangerProject = (await prisma.project.findFirstOrThrow({ where: { userId: stranger.id } })).id;
    expect((await call(collection.GET, { user: owner, path: `/api/b-rolls?projectId=${strangerProject}` })).json).toMatchObject({ bRolls: [], total: 0 });
  });

  it("pagination: total, hasMore, the last page and a page past the end", async () => {
    const owner = await newUser();
    const { newestFirst } = await seedRows(owner);
    const page = (n: number, limit = 2) => call(collection.GET, { user: owner, path: `/api/b-rolls?page=${n}&limit=${limit}` });

    const first = await page(1);
    expect(first.json).toMatchObject({ total: 5, page: 1, limit: 2, hasMore: true });
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    const second = await page(2);
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    expect(second.json.hasMore).toBe(true);
    const last = await page(3);
    expect(last.json).toMatchObject({ total: 5, page: 3, hasMore: false });
    expect(ids(last)).toEqual(newestFirst.slice(4));
    const past = await page(4);
    expect(past.json).toEqual({ bRolls: [], total: 5, page: 4, limit: 2, hasMore: false });
    const exact = await page(1, 5);
    expect(exact.json).toMatchObject({ total: 5, hasMore: false });
    expect(ids(exact)).toEqual(newestFirst);
  });

  it("GET /api/projects/[id]/b-rolls: that project's b-rolls; 404 for someone else's or a missing project", async () => {
    const owner = await newUser();
    const { p1, p2, newestFirst } = await seedRows(owner);
    const res = await call(projectBRolls.GET, { user: owner, params: { id: p2 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 2, page: 1, limit: 20, hasMore: false });
    expect(ids(res)).toEqual([newestFirst[0], newestFirst[2]]);
    const filtered = await call(projectBRolls.GET, { user: owner, params: { id: p1 }, path: `/api/projects/${p1}/b-rolls?status=ready&limit=1` });
    expect(filtered.json).toMatchObject({ total: 2, limit: 1, hasMore: true });
    expect(ids(filtered)).toEqual([newestFirst[1]]);

    const stranger = await newUser();
    for (const id of [p1, "no-such-project"]) {
      const denied = await call(projectBRolls.GET, { user: stranger, params: { id } });
      expect(denied.status).toBe(404);
      expect(denied.json).toEqual({ error: { code: "not_found", message: "Project not found" } });
    }
  });

  it("deleting a project deletes its b-rolls and their objects", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const res = await createBRoll({ name: "In project", prompt: PROMPT, projectId: project, ...SMALL }, { as: owner });
    await settledBRoll(res.json.id, owner);
    const prefix = storageKeys.bRollProjectPrefix({ userId: owner.id, projectId: project });
    expect(await fileStorage.listKeys(prefix)).toHaveLength(2);
    expect((await call(projectItem.DELETE, { method: "DELETE", user: owner, params: { id: project } })).status).toBe(204);
    expect(await fileStorage.listKeys(prefix)).toEqual([]);
    expect((await call(item.GET, { user: owner, params: { id: res.json.id } })).status).toBe(404);
  });
});

describe("idempotent creation", () => {
  it("same key + same body -> the same b-roll, one job, one submit; same key + another body -> 422", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const body = { name: "Once", prompt: PROMPT, projectId: project, ...SMALL };
    const headers = { "idempotency-key": "create-once-1" };
    const first = await createBRoll(body, { as: owner, headers });
    const second = await createBRoll(body, { as: owner, headers });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.jobId).toBe(first.json.jobId);
    await settledBRoll(first.json.id, owner);
    expect(await prisma.bRoll.count({ where: { userId: owner.id } })).toBe(1);
    expect(await prisma.generationJob.count({ where: { userId: owner.id } })).toBe(1);
    expect((await sim.requests()).filter((r) => r.input?.prompt === PROMPT && r.modelId === TEXT_MODEL)).toHaveLength(1);

    const third = await createBRoll(body, { as: owner, headers });
    expect(third.status).toBe(202);
    expect(third.json).toMatchObject({ id: first.json.id, status: "ready" });

    const other = await createBRoll({ ...body, prompt: "another shot" }, { as: owner, headers });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("unprocessable");
    expect(await prisma.bRoll.count({ where: { userId: owner.id } })).toBe(1);

    // The same key is another user's own key.
    const stranger = await newUser();
    const theirs = await createBRoll({ ...body, projectId: await newProject(stranger) }, { as: stranger, headers });
    expect(theirs.status).toBe(202);
    expect(theirs.json.id).not.toBe(first.json.id);
    await settledBRoll(theirs.json.id, stranger);
  });

  it("concurrent requests with one key create one b-roll and one job", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const body = { name: "Race", prompt: PROMPT, projectId: project, ...SMALL };
    const headers = { "idempotency-key": "race-1" };
    const answers = await Promise.all([createBRoll(body, { as: owner, headers }), createBRoll(body, { as: owner, headers }), createBRoll(body, { as: owner, headers })]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(await prisma.generationJob.count({ where: { userId: owner.id } })).toBe(1);
    await settledBRoll(answers[0].json.id, owner);
  });

  it("a replay of a key whose b-roll was deleted -> 409", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    const body = { name: "Deleted", prompt: PROMPT, projectId: project, ...SMALL };
    const headers = { "idempotency-key": "deleted-1" };
    const first = await createBRoll(body, { as: owner, headers });
    await settledBRoll(first.json.id, owner);
    expect((await call(item.DELETE, { method: "DELETE", user: owner, params: { id: first.json.id } })).status).toBe(204);
    const replay = await createBRoll(body, { as: owner, headers });
    expect(replay.status).toBe(409);
    expect(replay.json.error.message).toContain("use a new key");
  });
});
