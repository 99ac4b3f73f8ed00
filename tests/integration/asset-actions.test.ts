// Managing what a marketer made: rename a private avatar, duplicate avatars and b-rolls into another
// project (own copies of the objects: deleting one never breaks the other), "edit prompt and
// regenerate" (a new row through the pipeline, the original kept, priced and capped like a create),
// and the projects' cover pictures. Through the routes, the simulator and the real bucket.
import { afterEach, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as avatarItem from "@/app/api/avatars/private/[id]/route";
import * as avatarDuplicate from "@/app/api/avatars/private/[id]/duplicate/route";
import * as avatarRegenerate from "@/app/api/avatars/private/[id]/regenerate/route";
import * as bRollCollection from "@/app/api/b-rolls/route";
import * as bRollItem from "@/app/api/b-rolls/[id]/route";
import * as bRollDuplicate from "@/app/api/b-rolls/[id]/duplicate/route";
import * as bRollRegenerate from "@/app/api/b-rolls/[id]/regenerate/route";
import * as projects from "@/app/api/projects/route";
import * as projectItem from "@/app/api/projects/[id]/route";
import { call, newProject, newUser, post, settled, type TestUser } from "../helpers";
import { restoreEnv, setEnv } from "../env";
import { readStoredFile } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";
import { failedAvatar, readyAvatar, readyBRoll } from "../resources";

withPipeline();
afterEach(() => restoreEnv());

const keyOf = (url: string) => url.replace("/api/media/", "");
const SMALL = { resolution: "480p", duration: 2 } as const;

async function owner() {
  const user = await newUser();
  return { user, projectA: await newProject(user, "Launch A"), projectB: await newProject(user, "Launch B") };
}

const patch = (handler: typeof avatarItem.PATCH, user: TestUser, id: string, body: unknown) => call(handler, { method: "PATCH", user, params: { id }, body });
const postTo = (handler: typeof bRollDuplicate.POST, user: TestUser, id: string, body: unknown, headers?: Record<string, string>) => post(handler, user, body, headers, { id });

describe("private avatars: rename", () => {
  it("renames the caller's avatar; a bad name is a 400 naming the field; another user's avatar is a 404", async () => {
    const { user, projectA } = await owner();
    const { avatarId } = await readyAvatar(user, projectA);
    const renamed = await patch(avatarItem.PATCH, user, avatarId, { name: "  Anna, smiling " });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: avatarId, name: "Anna, smiling", status: "ready", request: { aspectRatio: "9:16", resolution: "480p", duration: 2 } });

    const empty = await patch(avatarItem.PATCH, user, avatarId, { name: " " });
    expect(empty.status).toBe(400);
    expect(empty.json.error.details).toEqual([{ path: "name", message: "name must not be empty" }]);
    expect((await patch(avatarItem.PATCH, user, avatarId, { name: "Anna", projectId: projectA })).json.error.details[0].message).toMatch(/projectId/);

    const stranger = await newUser();
    expect((await patch(avatarItem.PATCH, stranger, avatarId, { name: "Mine now" })).status).toBe(404);
    expect((await prisma.avatar.findUniqueOrThrow({ where: { id: avatarId } })).name).toBe("Anna, smiling");
  });
});

describe("duplicate into another project", () => {
  it("an avatar: a new row in that project with its own picture and clip; deleting the original leaves the copy whole", async () => {
    const { user, projectA, projectB } = await owner();
    const original = await readyAvatar(user, projectA);
    const res = await postTo(avatarDuplicate.POST, user, original.avatarId, { projectId: projectB });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Ready Anna", status: "ready", projectId: projectB, visibility: "private", durationSeconds: 2.04, width: 480, height: 854 });
    expect(res.json.id).not.toBe(original.avatarId);
    expect(keyOf(res.json.imageUrl)).toBe(storageKeys.avatarImage({ userId: user.id, avatarId: res.json.id, ext: "jpg" }));
    expect(keyOf(res.json.videoUrl)).toBe(storageKeys.privateAvatarVideo({ userId: user.id, avatarId: res.json.id }));
    expect(await readStoredFile(keyOf(res.json.videoUrl))).toEqual(await readStoredFile(original.videoKey));

    expect((await call(avatarItem.DELETE, { method: "DELETE", user, params: { id: original.avatarId } })).status).toBe(204);
    expect(await fileStorage.statFile(original.videoKey)).toBeNull();
    for (const url of [res.json.imageUrl, res.json.videoUrl]) expect(await fileStorage.statFile(keyOf(url))).not.toBeNull();
    expect((await call(avatarItem.GET, { user, params: { id: res.json.id } })).json.status).toBe("ready");
  });

  it("a b-roll made by the pipeline: its clip, thumbnail and source picture copied; either can be deleted alone", async () => {
    const { user, projectA, projectB } = await owner();
    const made = await post(bRollCollection.POST, user, { name: "Cup", prompt: "steam rising from a cup", projectId: projectA, aspectRatio: "16:9", ...SMALL });
    expect(made.status).toBe(202);
    // Still processing: nothing to copy yet.
    const early = await postTo(bRollDuplicate.POST, user, made.json.id, { projectId: projectB });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe("Only a ready b-roll can be duplicated");
    const original = await settled("bRoll", made.json.id, bRollItem.GET, user);
    expect(original.status).toBe("ready");

    const res = await postTo(bRollDuplicate.POST, user, original.id, { projectId: projectB });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Cup", prompt: "steam rising from a cup", status: "ready", projectId: projectB, aspectRatio: "16:9", width: original.width, jobId: null, estimatedCostUsd: null });
    const parts = { userId: user.id, projectId: projectB, bRollId: res.json.id };
    expect(keyOf(res.json.videoUrl)).toBe(storageKeys.bRollVideo(parts));
    expect(keyOf(res.json.thumbnailUrl)).toBe(storageKeys.bRollThumbnail({ ...parts, ext: "webp" }));
    expect(await readStoredFile(keyOf(res.json.videoUrl))).toEqual(await readStoredFile(keyOf(original.videoUrl)));
    expect(res.json.request).toEqual({ prompt: "steam rising from a cup", aspectRatio: "16:9", resolution: "480p", duration: 2 });

    // Deleting the copy leaves the original's objects; deleting the original leaves nothing behind of it.
    expect((await call(bRollItem.DELETE, { method: "DELETE", user, params: { id: res.json.id } })).status).toBe(204);
    for (const url of [original.videoUrl, original.thumbnailUrl]) expect(await fileStorage.statFile(keyOf(url))).not.toBeNull();
    const again = await postTo(bRollDuplicate.POST, user, original.id, { projectId: projectB });
    expect((await call(bRollItem.DELETE, { method: "DELETE", user, params: { id: original.id } })).status).toBe(204);
    for (const url of [again.json.videoUrl, again.json.thumbnailUrl]) expect(await fileStorage.statFile(keyOf(url))).not.toBeNull();
  });

  it("refuses a bad body (400 naming projectId), someone else's b-roll or project (404), and leaves no object behind", async () => {
    const { user, projectA } = await owner();
    const { bRollId } = await readyBRoll(user, projectA);
    const missing = await postTo(bRollDuplicate.POST, user, bRollId, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.details).toEqual([{ path: "projectId", message: "projectId is required" }]);
    const stranger = await newUser();
    const strangersProject = await newProject(stranger);
    expect((await postTo(bRollDuplicate.POST, stranger, bRollId, { projectId: strangersProject })).status).toBe(404);
    const intoTheirs = await postTo(bRollDuplicate.POST, user, bRollId, { projectId: strangersProject });
    expect(intoTheirs.status).toBe(404);
    expect(intoTheirs.json.error.message).toMatch(/Project/);
    expect(await fileStorage.listKeys(storageKeys.bRollProjectPrefix({ userId: user.id, projectId: strangersProject }))).toEqual([]);
    expect(await prisma.bRoll.count({ where: { projectId: strangersProject } })).toBe(0);
    const { avatarId } = await readyAvatar(user, projectA);
    expect((await postTo(avatarDuplicate.POST, stranger, avatarId, { projectId: strangersProject })).status).toBe(404);
    expect((await postTo(avatarDuplicate.POST, user, avatarId, { projectId: "" })).json.error.details).toEqual([{ path: "projectId", message: "projectId must not be empty" }]);
  });
});

describe("edit prompt and regenerate", () => {
  it("a refused b-roll: a new b-roll with the new prompt and the original's format reaches ready; the original is kept", async () => {
    const { user, projectA } = await owner();
    await sim.set({ refuseNext: 1 });
    const made = await post(bRollCollection.POST, user, { name: "Skyline", prompt: "a city skyline at dusk", projectId: projectA, aspectRatio: "1:1", ...SMALL });
    const refused = await settled("bRoll", made.json.id, bRollItem.GET, user);
    expect(refused).toMatchObject({ status: "failed", errorCode: "content_refused", request: { prompt: "a city skyline at dusk", aspectRatio: "1:1", resolution: "480p", duration: 2 } });

    const res = await postTo(bRollRegenerate.POST, user, refused.id, { prompt: "a calm harbour at dusk" }, { "Idempotency-Key": "regen-skyline" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ name: "Skyline (edited)", prompt: "a calm harbour at dusk", status: "processing", projectId: projectA, aspectRatio: "1:1", errorCode: null });
    expect(res.json.id).not.toBe(refused.id);
    expect(res.json.estimatedCostUsd).toBe(estimateCostUsd("text-to-video", { aspectRatio: "1:1", resolution: "480p", duration: 2 }));
    // The same key again: the first answer, nothing new started.
    const replay = await postTo(bRollRegenerate.POST, user, refused.id, { prompt: "a calm harbour at dusk" }, { "Idempotency-Key": "regen-skyline" });
    expect(replay.json.id).toBe(res.json.id);

    const ready = await settled("bRoll", res.json.id, bRollItem.GET, user);
    expect(ready).toMatchObject({ status: "ready", request: { prompt: "a calm harbour at dusk", aspectRatio: "1:1", resolution: "480p", duration: 2 } });
    expect((await receivedFor(res.json.jobId)).input).toMatchObject({ prompt: "a calm harbour at dusk", aspect_ratio: "1:1", resolution: "480p" });
    expect((await call(bRollItem.GET, { user, params: { id: refused.id } })).json).toMatchObject({ status: "failed", prompt: "a city skyline at dusk" });
    expect(await prisma.bRoll.count({ where: { projectId: projectA } })).toBe(2);
  });

  it("an image b-roll keeps its source picture (a copy of its own) unless the body changes the format", async () => {
    const { user, projectA } = await owner();
    const { bRollId } = await readyBRoll(user, projectA);
    const sourceKey = storageKeys.bRollSourceImage({ userId: user.id, projectId: projectA, bRollId, ext: "jpg" });
    await fileStorage.copyFile(storageKeys.bRollThumbnail({ userId: user.id, projectId: projectA, bRollId, ext: "jpg" }), sourceKey);
    await prisma.bRoll.update({ where: { id: bRollId }, data: { imageUrl: `/api/media/${sourceKey}`, type: "image_to_video" } });

    const res = await postTo(bRollRegenerate.POST, user, bRollId, { prompt: "the cup turns slowly", name: "Cup turn", duration: 3 });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ name: "Cup turn", type: "image-to-video", aspectRatio: "9:16", resolution: "480p" });
    expect(keyOf(res.json.imageUrl)).toBe(storageKeys.bRollSourceImage({ userId: user.id, projectId: projectA, bRollId: res.json.id, ext: "jpg" }));
    expect(res.json.estimatedCostUsd).toBe(estimateCostUsd("image-to-video", { aspectRatio: "9:16", resolution: "480p", duration: 3 }));
    expect((await settled("bRoll", res.json.id, bRollItem.GET, user)).status).toBe("ready");
    expect(await fileStorage.statFile(sourceKey)).not.toBeNull();
  });

  it("an avatar: a new avatar from its own copy of the same picture, in the same project; the original is kept", async () => {
    const { user, projectA } = await owner();
    const original = await failedAvatar({ visibility: "private", owner: user, projectId: projectA });
    const res = await postTo(avatarRegenerate.POST, user, original.avatarId, { prompt: "waves at the camera and laughs" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ name: "Anna (edited)", status: "processing", projectId: projectA, estimatedCostUsd: expect.any(Number) });
    expect(res.json.estimatedCostUsd).toBe(estimateCostUsd("image-to-video", { aspectRatio: "9:16", resolution: "480p", duration: 2 }));
    expect(keyOf(res.json.imageUrl)).toBe(storageKeys.avatarImage({ userId: user.id, avatarId: res.json.id, ext: "jpg" }));
    const ready = await settled("avatar", res.json.id, avatarItem.GET, user);
    expect(ready).toMatchObject({ status: "ready", request: { prompt: "waves at the camera and laughs", resolution: "480p", duration: 2 } });
    expect((await receivedFor(res.json.jobId)).input).toMatchObject({ prompt: "waves at the camera and laughs" });
    expect((await call(avatarItem.GET, { user, params: { id: original.avatarId } })).json).toMatchObject({ status: "failed", request: { prompt: "The person looks at the camera and smiles" } });
    expect(await fileStorage.statFile(original.imageKey)).not.toBeNull();
  });

  it("is refused as a create is: the daily cap (429, nothing made), a bad body (400 naming the field), another user's id (404)", async () => {
    const { user, projectA } = await owner();
    const { bRollId } = await readyBRoll(user, projectA);
    const { avatarId } = await readyAvatar(user, projectA);
    const noPrompt = await postTo(bRollRegenerate.POST, user, bRollId, { name: "x" });
    expect(noPrompt.status).toBe(400);
    expect(noPrompt.json.error.details).toEqual([{ path: "prompt", message: "prompt is required" }]);
    const badDuration = await postTo(avatarRegenerate.POST, user, avatarId, { prompt: "nods", duration: 60 });
    expect(badDuration.status).toBe(400);
    expect(badDuration.json.error.details[0].path).toBe("duration");
    const stranger = await newUser();
    expect((await postTo(bRollRegenerate.POST, stranger, bRollId, { prompt: "mine" })).status).toBe(404);
    expect((await postTo(avatarRegenerate.POST, stranger, avatarId, { prompt: "mine" })).status).toBe(404);

    setEnv({ DAILY_SPEND_CAP_USD: "0.001" });
    const capped = await postTo(bRollRegenerate.POST, user, bRollId, { prompt: "a new take" });
    expect(capped.status).toBe(429);
    expect(capped.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await postTo(avatarRegenerate.POST, user, avatarId, { prompt: "a new take" })).status).toBe(429);
    expect(await prisma.bRoll.count({ where: { projectId: projectA } })).toBe(1);
    expect(await prisma.avatar.count({ where: { projectId: projectA } })).toBe(1);
  });
});

describe("projects: the cover picture", () => {
  it("is the newest ready clip's picture: a b-roll's thumbnail or an avatar's picture; null without one", async () => {
    const { user, projectA, projectB } = await owner();
    const listed = async () => Object.fromEntries(((await call(projects.GET, { user })).json.projects as Array<{ id: string; coverUrl: string | null }>).map((p) => [p.id, p.coverUrl]));
    expect(await listed()).toEqual({ [projectA]: null, [projectB]: null });
    const bRoll = await readyBRoll(user, projectA);
    const avatar = await readyAvatar(user, projectB);
    expect(await listed()).toEqual({ [projectA]: `/api/media/${bRoll.thumbnailKey}`, [projectB]: `/api/media/${avatar.imageKey}` });
    const newer = await readyAvatar(user, projectA);
    expect((await call(projectItem.GET, { user, params: { id: projectA } })).json.coverUrl).toBe(`/api/media/${newer.imageKey}`);
    // Another user's clips never show on the caller's projects.
    const stranger = await newUser();
    await readyBRoll(stranger, await newProject(stranger));
    expect((await listed())[projectB]).toBe(`/api/media/${avatar.imageKey}`);
  });
});
